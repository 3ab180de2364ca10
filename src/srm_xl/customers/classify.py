"""Customer classes (strategic / important / ordinary) from revenue ABC, margin, growth and the strategic flag."""

from __future__ import annotations

import polars as pl

from srm_xl.config.customers import CLASSES, CustomersConfig
from srm_xl.customers.text import message_expr, percent_text
from srm_xl.messages import Lang
from srm_xl.schema import spec

_LEVEL = {name: index for index, name in enumerate(CLASSES)}


def _class_name(level: pl.Expr) -> pl.Expr:
    return level.replace_strict(list(_LEVEL.values()), list(_LEVEL), return_dtype=pl.String)


def previous_year(history: pl.DataFrame | None, year: int) -> pl.DataFrame:
    """Each customer's latest history row before ``year``: ``code``, ``previous_revenue``, ``previous_class``."""
    if history is None or history.is_empty():
        return pl.DataFrame(schema={"code": pl.String, "previous_revenue": pl.Float64, "previous_class": pl.String})
    return (
        history.filter(pl.col("year") < year)
        .sort("year")
        .group_by("code")
        .agg(
            pl.col("annual_revenue").last().alias("previous_revenue"),
            pl.col("customer_class").last().alias("previous_class"),
        )
    )


def classify_customers(
    customers: pl.DataFrame,
    config: CustomersConfig,
    *,
    history: pl.DataFrame | None = None,
    year: int,
    lang: Lang = "en",
) -> pl.DataFrame:
    """One row per customer with its ``customer_classes`` columns: shares, ABC class, final class and the reason.

    ABC: largest revenue first, a customer whose cumulative share *before* it is below the strategic share is
    strategic, below the important share important, else ordinary. A margin under ``min_margin`` moves one class
    down, growth of at least ``growth_promote`` against the last history year one class up, and the strategic
    flag (when the override is on) makes a customer strategic whatever its figures.
    """
    labels = {c.key: c.label(lang) for c in spec("customers").column("customer_class").choices}
    revenue = pl.col("annual_revenue").fill_null(0.0)
    total = customers["annual_revenue"].fill_null(0.0).sum()
    ranked = (
        customers.select("code", "name", "annual_revenue", "margin", "strategic")
        .sort(["annual_revenue", "code"], descending=[True, False], nulls_last=True)
        .with_columns(rank=pl.int_range(1, pl.len() + 1), revenue_share=revenue / total if total > 0 else pl.lit(0.0))
        .with_columns(cumulative_share=pl.col("revenue_share").cum_sum())
        .join(previous_year(history, year), on="code", how="left")
    )
    before = pl.col("cumulative_share") - pl.col("revenue_share")
    has_revenue = revenue > 0
    abc = (
        pl.when(has_revenue & (before < config.strategic_revenue_share))
        .then(0)
        .when(has_revenue & (before < config.important_revenue_share))
        .then(1)
        .otherwise(2)
    )
    growth = pl.when(pl.col("previous_revenue") > 0).then(pl.col("annual_revenue") / pl.col("previous_revenue") - 1)
    low_margin = pl.col("margin").is_not_null() & (pl.col("margin") < config.min_margin)
    grown = growth.is_not_null() & (growth >= config.growth_promote)
    flagged = (pl.col("strategic") == "yes") & config.strategic_flag_override
    level = pl.when(flagged).then(0).otherwise((abc + low_margin.cast(pl.Int32) - grown.cast(pl.Int32)).clip(0, 2))
    abc_reason = (
        pl.when(has_revenue)
        .then(
            message_expr(
                "class_reason_abc",
                lang,
                rank=pl.col("rank"),
                cumulative=percent_text(pl.col("cumulative_share")),
                abc=_class_name(abc).replace(labels),
            )
        )
        .otherwise(message_expr("class_reason_no_revenue", lang))
    )
    reasons = [
        pl.when(flagged).then(message_expr("class_reason_flag", lang)),
        abc_reason,
        pl.when(low_margin & ~flagged).then(
            message_expr(
                "class_reason_margin",
                lang,
                margin=percent_text(pl.col("margin")),
                limit=percent_text(pl.lit(config.min_margin)),
            )
        ),
        pl.when(grown & ~flagged).then(
            message_expr(
                "class_reason_growth",
                lang,
                growth=percent_text(growth),
                limit=percent_text(pl.lit(config.growth_promote)),
            )
        ),
    ]
    return ranked.with_columns(
        growth=growth,
        abc_class=_class_name(abc),
        customer_class=_class_name(level),
        reason=pl.concat_str(reasons, separator="; ", ignore_nulls=True),
    ).select(spec("customer_classes").keys())


def updated_history(history: pl.DataFrame | None, classes: pl.DataFrame, year: int) -> pl.DataFrame:
    """The class history with ``year``'s rows replaced by ``classes`` (other years kept as they were)."""
    keys = spec("customer_class_history").keys()
    new = classes.select(
        pl.lit(year, dtype=pl.Int64).alias("year"), "code", "annual_revenue", "customer_class", "reason"
    )
    if history is None or history.is_empty():
        return new
    kept = history.select(keys).filter(pl.col("year") != year).cast(new.schema)
    return pl.concat([kept, new]).sort(["year", "code"])


def class_lookup(classes: pl.DataFrame) -> pl.DataFrame:
    """``customer`` → ``customer_class``, for joining to complaints and surveys."""
    return classes.select(pl.col("code").alias("customer"), "customer_class")
