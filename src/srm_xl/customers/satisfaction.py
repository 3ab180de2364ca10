"""The satisfaction index (0–100, dimensions weighted by Config) and NPS per customer, class, dimension and period.

A 1–5 answer s counts as (s − 1) / 4 × 100. A response's index is the weighted mean of the dimensions it
answers (weights renormalised over those). NPS = % promoters (9–10) − % detractors (0–6) of the 0–10 answers.
An answer outside its scale (a 45 typed for 4, a 100-point score; Validate reports its cell) is no answer.
"""

from __future__ import annotations

import polars as pl

from srm_xl.schema import spec
from srm_xl.scoring.periods import period_bounds

SCALE = (1, 5)
NPS_SCALE = (0, 10)
_HALF = r"(?i)^(\d{4})\s*(?:[-/._ ]|年)?\s*(?:H\s*([12])|(上)半年|(下)半年)$"


def _period_start(labels: pl.Expr) -> pl.Expr:
    """The first day of each period label: a month (2026-03, 2026年3月, 2026.3), quarter (2026-Q1, 2026年第1季度),
    half-year (2026-H1, 2026上半年) or year; null for other text."""
    text = labels.cast(pl.String).str.strip_chars()
    year, number, first, second = (text.str.extract(_HALF, group) for group in range(1, 5))
    half = pl.coalesce(
        number.cast(pl.Int8), pl.when(first.is_not_null()).then(1), pl.when(second.is_not_null()).then(2)
    )
    half_start = pl.date(year.cast(pl.Int32), half * 6 - 5, 1)
    return pl.coalesce(period_bounds(text).struct.field("start"), half_start)


CHRONOLOGICAL = (_period_start(pl.col("period")), pl.col("period"))
"""Sort keys ordering periods by the calendar, labels that are no period after them in text order."""


def _normalised(dimension: str) -> pl.Expr:
    low, high = SCALE
    return (pl.col(dimension) - low) / (high - low) * 100


def out_of_scale(column: str) -> pl.Expr:
    """True for an answer of ``column`` (a dimension, or ``recommend``) outside its scale."""
    low, high = NPS_SCALE if column == "recommend" else SCALE
    return ~pl.col(column).is_between(low, high).fill_null(True)


def response_index(surveys: pl.DataFrame, weights: dict[str, float]) -> pl.DataFrame:
    """``surveys`` with ``index`` per response and the dimension scores on the 0–100 scale, answers outside their
    scale left out."""
    surveys = surveys.with_columns(
        pl.when(out_of_scale(c)).then(None).otherwise(pl.col(c)).alias(c) for c in (*weights, "recommend")
    )
    answered = [pl.col(d).is_not_null().cast(pl.Float64) * w for d, w in weights.items()]
    weighted = [_normalised(d).fill_null(0.0) * w for d, w in weights.items()]
    total = pl.sum_horizontal(answered)
    return surveys.with_columns(
        *(_normalised(d).alias(f"{d}_points") for d in weights),
        index=pl.when(total > 0).then(pl.sum_horizontal(weighted) / total),
    )


def _summary(frame: pl.DataFrame, level: str, group: pl.Expr) -> pl.DataFrame:
    recommend = pl.col("recommend")
    answered = recommend.is_not_null().sum().cast(pl.Int64)
    promoters, detractors = (recommend >= 9).sum().cast(pl.Int64), (recommend <= 6).sum().cast(pl.Int64)
    return (
        frame.group_by("period", group.alias("group"))
        .agg(
            pl.len().alias("responses"),
            pl.col("index").mean(),
            pl.when(answered > 0).then((promoters - detractors) / answered * 100).alias("nps"),
            promoters.alias("promoters"),
            detractors.alias("detractors"),
        )
        .with_columns(level=pl.lit(level))
    )


def satisfaction(surveys: pl.DataFrame, classes: pl.DataFrame, weights: dict[str, float]) -> pl.DataFrame:
    """``satisfaction`` rows: overall, per class, per customer and per dimension for each period in calendar order,
    with the change against the previous period of the same group. ``classes`` maps ``customer`` → ``customer_class``."""
    scored = (
        response_index(surveys, weights)
        .join(classes, on="customer", how="left")
        .with_columns(pl.col("customer_class").fill_null("ordinary"))
    )
    parts = [
        _summary(scored, "overall", pl.lit("all")),
        _summary(scored, "class", pl.col("customer_class")),
        _summary(scored, "customer", pl.col("customer")),
    ]
    points = scored.select("period", *(f"{d}_points" for d in weights))
    dimensions = points.unpivot(index="period", variable_name="group", value_name="index")
    parts.append(
        dimensions.filter(pl.col("index").is_not_null())
        .with_columns(pl.col("group").str.strip_suffix("_points"))
        .group_by("period", "group")
        .agg(pl.len().alias("responses"), pl.col("index").mean())
        .with_columns(level=pl.lit("dimension"))
    )
    keys = spec("satisfaction").keys()
    schema = {
        "level": pl.String,
        "period": pl.String,
        "group": pl.String,
        "responses": pl.Int64,
        "index": pl.Float64,
        "nps": pl.Float64,
        "promoters": pl.Int64,
        "detractors": pl.Int64,
    }
    merged = pl.concat(
        [p.select([pl.col(k) if k in p.columns else pl.lit(None).alias(k) for k in schema]).cast(schema) for p in parts]
    )
    order = {"overall": 0, "class": 1, "dimension": 2, "customer": 3}
    return (
        merged.sort("level", "group", *CHRONOLOGICAL, nulls_last=True)
        .with_columns(change=pl.col("index") - pl.col("index").shift(1).over("level", "group"))
        .sort(pl.col("level").replace_strict(order, return_dtype=pl.Int64), "group", *CHRONOLOGICAL, nulls_last=True)
        .select(keys)
    )
