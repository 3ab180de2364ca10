"""Criteria as formulas over named variables, evaluated for every supplier at once.

``variables`` turns the metrics frame into one column per documented variable (``srm_xl.config.criteria``);
``evaluate`` scores each criterion — clipped to 0 … maximum, per part and averaged where ``per=part`` — and
applies its missing-data policy before the formula's result is used: a criterion whose variables are null (or
whose formula divides by zero) is dropped with its weight shared out (``reweight``), scores 0 (``zero``) or
leaves the supplier ungraded (``not_graded``). Rows come out in a fixed order (supplier, criterion slot), so the
sums behind a total are always taken in the same order.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.criteria import PART_VARIABLES, VARIABLES, Criterion
from srm_xl.config.scoring import ScoringConfig

FORMULA_COLUMNS = (
    "period",
    "supplier",
    "criterion",
    "rule",
    "variables",
    "points",
    "max_score",
    "criterion_weight",
    "effective_weight",
    "criterion_points",
    "contribution",
    "_missing",
    "_policy",
    "_order",
)
_RAW_RATINGS = ("service_rating", "cooperation")
"""Ratings formulas see as entered (in ``scoring.rating_scale``); the legacy metrics see them scaled to 0–100."""


def variables(metric_frame: pl.DataFrame) -> pl.DataFrame:
    """One row per supplier: ``supplier`` and every supplier-level variable as Float64 (ratings in their
    declared scale, as entered)."""
    columns = []
    for variable in VARIABLES:
        if variable.name in PART_VARIABLES:
            continue
        if variable.name in _RAW_RATINGS:
            total, entries = pl.col(f"{variable.name}_sum"), pl.col(f"{variable.name}_entries")
            columns.append(pl.when(entries > 0).then(total / entries).cast(pl.Float64).alias(variable.name))
        else:
            columns.append(pl.col(variable.name).cast(pl.Float64))
    return metric_frame.select("supplier", *columns)


def _shown(names: tuple[str, ...]) -> pl.Expr:
    """``"a = 0.95; b = 3"``: each variable's value as the formula saw it (15 significant digits)."""
    pieces = [
        pl.concat_str(pl.lit(f"{n} = "), pl.col(n).round_sig_figs(15).cast(pl.String).fill_null("—")) for n in names
    ]
    return pl.concat_str(pieces, separator="; ") if pieces else pl.lit("")


def _scored(frame: pl.DataFrame, criterion: Criterion) -> pl.DataFrame:
    """``frame`` with ``_result``: the formula clipped to 0 … max (never −0), null when a variable is null or
    the formula is not a finite number."""
    raw = criterion.expr()
    known = (
        pl.all_horizontal(*(pl.col(n).is_not_null() for n in criterion.variables))
        if criterion.variables
        else pl.lit(True)
    )
    clipped = raw.clip(0.0, criterion.max_score)
    return frame.with_columns(
        pl.when(known & raw.is_finite()).then(pl.when(clipped == 0).then(0.0).otherwise(clipped)).alias("_result"),
        _shown(criterion.variables).alias("_shown"),
    )


def _per_supplier(values: pl.DataFrame, parts: pl.DataFrame, criterion: Criterion) -> pl.DataFrame:
    """supplier → ``points`` and ``variables`` (text) for one criterion."""
    if criterion.per == "supplier":
        return _scored(values, criterion).select(
            "supplier", pl.col("_result").alias("points"), pl.col("_shown").alias("variables")
        )
    scored = _scored(parts.join(values, on="supplier", how="left"), criterion).filter(pl.col("_result").is_not_null())
    line = pl.concat_str(
        pl.col("part"),
        pl.lit(": "),
        pl.col("_shown"),
        pl.lit(" → "),
        pl.col("_result").round_sig_figs(15).cast(pl.String),
    )
    by_supplier = (
        scored.sort("supplier", "part")
        .group_by("supplier", maintain_order=True)
        .agg(pl.col("_result").mean().alias("points"), line.str.join(" | ").alias("variables"))
    )
    return values.select("supplier").join(by_supplier, on="supplier", how="left")


def evaluate(metric_frame: pl.DataFrame, parts: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """One row per supplier × formula criterion (``FORMULA_COLUMNS``): the criterion's result (``points``),
    its share of the total (``effective_weight``) and ``contribution`` = points / max × weight, re-weighted
    over the criteria with a result; ``_missing`` = the criterion had no data."""
    values = variables(metric_frame)
    pieces = []
    for order, criterion in enumerate(config.formula_criteria()):
        scored = _per_supplier(values, parts, criterion)
        missing = pl.col("points").is_null()
        points = pl.when(missing & (criterion.missing == "zero")).then(0.0).otherwise(pl.col("points"))
        pieces.append(
            scored.select(
                pl.lit(metric_frame.get_column("period")[0] if metric_frame.height else None, pl.String).alias(
                    "period"
                ),
                "supplier",
                pl.lit(criterion.name).alias("criterion"),
                pl.lit(criterion.formula).alias("rule"),
                "variables",
                points.alias("points"),
                pl.lit(criterion.max_score).alias("max_score"),
                pl.lit(criterion.weight).alias("criterion_weight"),
                missing.alias("_missing"),
                pl.lit(criterion.missing).alias("_policy"),
                pl.lit(order, pl.Int32).alias("_order"),
            )
        )
    long = pl.concat(pieces).sort("supplier", "_order")
    has = pl.col("points").is_not_null()
    blocked = (pl.col("_missing") & (pl.col("_policy") == "not_graded")).any().over("supplier")
    weight_with_data = pl.when(has).then(pl.col("criterion_weight")).sum().over("supplier")
    share = pl.when(has & ~blocked & (weight_with_data > 0)).then(pl.col("criterion_weight") / weight_with_data)
    return long.with_columns(
        (share * 100.0).alias("effective_weight"),
        pl.col("points").alias("criterion_points"),
        (pl.col("points") / pl.col("max_score") * share * 100.0).alias("contribution"),
    ).select(FORMULA_COLUMNS)
