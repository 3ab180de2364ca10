"""Cost of poor quality per supplier and part: the claims charged (waived lines excluded) plus the internal costs
recorded on the inspection log (sorting, rework, scrap) that no claim line charges back — each cost counted once."""

from __future__ import annotations

import polars as pl

from srm_xl.claims.ledger import WAIVED
from srm_xl.scoring.periods import Period

_KEYS = ("period", "supplier", "part", "currency")


def cost_of_poor_quality(claims: pl.DataFrame, inspections: pl.DataFrame, period: Period, currency: str) -> pl.DataFrame:
    """``period``'s rows: claims, internal cost not claimed and their sum, per supplier, part and currency."""
    lines = claims.filter((pl.col("period") == period.label) & ~WAIVED.fill_null(False))
    charged_lots = lines.filter(pl.col("rule") == "recorded_cost").get_column("source").implode()
    recorded = pl.sum_horizontal(pl.col("sorting_cost").fill_null(0), pl.col("rework_cost").fill_null(0), pl.col("scrap_cost").fill_null(0))
    internal = (inspections.filter(pl.col("received").is_between(period.start, period.end) & pl.col("supplier").is_not_null()
                                   & ~pl.col("lot").is_in(charged_lots).fill_null(False))
                .select(pl.lit(period.label).alias("period"), "supplier", "part", pl.lit(currency).alias("currency"), recorded.alias("internal_cost"))
                .filter(pl.col("internal_cost") > 0))
    claimed = lines.select(*_KEYS, pl.col("amount").alias("claims"))
    both = pl.concat([claimed.with_columns(pl.lit(0.0).alias("internal_cost")),
                      internal.with_columns(pl.lit(0.0).alias("claims"))], how="diagonal_relaxed")
    return (both.group_by(*_KEYS).agg(pl.col("claims").sum().round(2), pl.col("internal_cost").sum().round(2))
            .with_columns((pl.col("claims") + pl.col("internal_cost")).round(2).alias("copq"))
            .sort(pl.col("copq"), descending=True).select(*_KEYS, "claims", "internal_cost", "copq"))


def merge_periods(previous: pl.DataFrame, current: pl.DataFrame, period: str) -> pl.DataFrame:
    """A per-period result sheet with ``period``'s rows replaced by ``current``."""
    kept = previous.filter(pl.col("period") != period).select(current.columns)
    return pl.concat([kept.cast(current.schema), current])
