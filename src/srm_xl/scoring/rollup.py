"""A quarter or a year built from monthly scores.

Each month is scored on its own (``explanation_rows``); a supplier's months without any activity (no lot, no
delivery, no complaint) are not scored, never counted as 100. The month's weight is the configured formula of
``period_number`` — 0 for the period's last month, 1 for the month before … (ERPNext's "number of periods to
present day"); blank = equal weights. A supplier's month shares are its weights over the months it was scored
in, so ``total = Σ month share × month total`` and every row's ``contribution`` is scaled by its month's share.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.scoring.periods import Period, parse_period


def months_of(period: Period) -> list[Period]:
    """The calendar months of ``period``, in order."""
    return [
        parse_period(f"{period.start.year}-{m:02d}")
        for m in range(period.start.month, period.end.month + 1)
        if date(period.start.year, m, 1) <= period.end
    ]


def roll_up(rows: pl.DataFrame, weighting: pl.Expr | None, label: str) -> pl.DataFrame:
    """``rows`` (one explanation frame per month, stacked, with ``month`` and ``period_number``) with
    ``month_weight`` (the month's share of the supplier's total) and contributions scaled by it; ``period``
    becomes ``label``."""
    weight = weighting if weighting is not None else pl.lit(1.0)
    scored = pl.col("contribution").is_not_null().any().over("supplier", "month")
    first = pl.int_range(pl.len()).over("supplier", "month") == 0
    rows = rows.with_columns(weight.cast(pl.Float64).alias("_weight"))
    counted = pl.when(scored & first).then(pl.col("_weight")).sum().over("supplier")
    share = pl.when(scored & (counted > 0)).then(pl.col("_weight") / counted)
    return rows.with_columns(
        pl.lit(label).alias("period"),
        share.alias("month_weight"),
        (pl.col("contribution") * share).alias("contribution"),
    ).drop("_weight", "period_number")
