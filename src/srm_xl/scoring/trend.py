"""Movement against earlier periods, rank within category, and the scorecard history kept across runs."""

from __future__ import annotations

import polars as pl

from srm_xl.scoring.periods import Period, previous_period

HISTORY_COLUMNS = ("period", "supplier", "total", "grade")
_HISTORY_SCHEMA = {"period": pl.String, "supplier": pl.String, "total": pl.Float64, "grade": pl.String}
_GRADE_RANK = {"A": 4, "B": 3, "C": 2, "D": 1}


def _history(history: pl.DataFrame | None) -> pl.DataFrame:
    """``history`` with at least ``HISTORY_COLUMNS``, typed; an empty frame when there is none."""
    if history is None:
        return pl.DataFrame(schema=_HISTORY_SCHEMA)
    return history.with_columns(
        pl.col(name).cast(dtype, strict=False) if name in history.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in _HISTORY_SCHEMA.items()
    )


def trend(card: pl.DataFrame, history: pl.DataFrame | None, period: Period) -> pl.DataFrame:
    """``card`` (period, supplier, category, total, grade …) with ``previous_total``, ``previous_grade``,
    ``change``, ``direction`` (up / down / same, by grade), ``falling_twice`` (total fell in each of the last two
    periods) and ``rank_in_category`` (1 = best total among graded suppliers of the same category)."""
    earlier = _history(history)
    last, before = previous_period(period), previous_period(previous_period(period))

    def totals(label: str, total: str, grade: str) -> pl.DataFrame:
        rows = earlier.filter(pl.col("period") == label).unique("supplier", keep="last")
        return rows.select("supplier", pl.col("total").alias(total), pl.col("grade").alias(grade))

    now = pl.col("grade").replace_strict(_GRADE_RANK, default=None, return_dtype=pl.Int8)
    then = pl.col("previous_grade").replace_strict(_GRADE_RANK, default=None, return_dtype=pl.Int8)
    return (
        card.join(totals(last.label, "previous_total", "previous_grade"), on="supplier", how="left")
        .join(totals(before.label, "_total_before", "_grade_before"), on="supplier", how="left")
        .with_columns(
            (pl.col("total") - pl.col("previous_total")).alias("change"),
            pl.when(now > then)
            .then(pl.lit("up"))
            .when(now < then)
            .then(pl.lit("down"))
            .when(now == then)
            .then(pl.lit("same"))
            .alias("direction"),
            ((pl.col("total") < pl.col("previous_total")) & (pl.col("previous_total") < pl.col("_total_before")))
            .fill_null(False)
            .alias("falling_twice"),
            pl.col("total").rank("min", descending=True).over("category").cast(pl.Int32).alias("rank_in_category"),
        )
        .drop("_total_before", "_grade_before")
        .sort("supplier")
    )


def merge_history(history: pl.DataFrame | None, new_rows: pl.DataFrame) -> pl.DataFrame:
    """``history`` with every period in ``new_rows`` replaced by those rows (re-running a period never
    duplicates it); sorted by period and supplier. Columns beyond ``HISTORY_COLUMNS`` are kept."""
    fresh = _history(new_rows)
    kept = _history(history).filter(~pl.col("period").is_in(fresh.get_column("period").unique().implode()))
    return pl.concat([kept, fresh], how="diagonal_relaxed").sort("period", "supplier")
