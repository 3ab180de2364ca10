"""The Cost of poor quality sheet: one period's rows per supplier, part and currency (``scoring.copq`` defines the
figure), and the other periods' rows kept."""

from __future__ import annotations

import polars as pl

from srm_xl.scoring.copq import copq_sums
from srm_xl.scoring.periods import Period

_KEYS = ("period", "supplier", "part", "currency")


def cost_of_poor_quality(
    claims: pl.DataFrame, inspections: pl.DataFrame, period: Period, currency: str
) -> pl.DataFrame:
    """``period``'s rows, largest cost first: claims, internal cost not claimed and their sum."""
    sums = copq_sums(claims, inspections, period.start, period.end, _KEYS[1:], currency)
    return (
        sums.with_columns(pl.lit(period.label).alias("period"))
        .sort("copq", "supplier", "part", descending=[True, False, False], nulls_last=True)
        .select(*_KEYS, "claims", "internal_cost", "copq")
    )


def merge_periods(previous: pl.DataFrame, current: pl.DataFrame, period: str) -> pl.DataFrame:
    """A per-period result sheet with ``period``'s rows replaced by ``current``."""
    kept = previous.filter(pl.col("period") != period).select(current.columns)
    return pl.concat([kept.cast(current.schema), current])
