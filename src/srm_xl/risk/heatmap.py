"""What the heat map shows, as frames: the open risks, their 5×5 grid counts and their counts by category."""

from __future__ import annotations

import polars as pl

from srm_xl.config.risk import LEVEL_KEYS
from srm_xl.schema.risk import RISK_CATEGORIES


def open_risks(register: pl.DataFrame) -> pl.DataFrame:
    """Register rows not resolved, most severe first (level, then score, then id)."""
    rank = pl.col("level").replace_strict({k: i for i, k in enumerate(LEVEL_KEYS)}, default=-1, return_dtype=pl.Int64)
    return register.filter((pl.col("status") != "resolved").fill_null(True)).sort(
        [rank, pl.col("score"), pl.col("risk_id")], descending=[True, True, False], nulls_last=True
    )


def grid_counts(risks: pl.DataFrame, levels: tuple[tuple[str, ...], ...]) -> pl.DataFrame:
    """One row per likelihood × impact cell (1–5 each): ``likelihood``, ``impact``, ``level``, ``count``."""
    grid = pl.DataFrame(
        [(li, im, levels[li - 1][im - 1]) for li in range(1, 6) for im in range(1, 6)],
        schema={"likelihood": pl.Int64, "impact": pl.Int64, "level": pl.String},
        orient="row",
    )
    counts = (
        risks.group_by("likelihood", "impact").len("count").with_columns(pl.col("likelihood", "impact").cast(pl.Int64))
    )
    return grid.join(counts, on=["likelihood", "impact"], how="left").with_columns(
        pl.col("count").fill_null(0).cast(pl.Int64)
    )


def category_counts(risks: pl.DataFrame) -> pl.DataFrame:
    """``category``, ``count`` for every risk category in the schema's order (0 where none)."""
    order = pl.DataFrame({"category": [c.key for c in RISK_CATEGORIES]})
    counts = risks.group_by("category").len("count")
    return order.join(counts, on="category", how="left").with_columns(pl.col("count").fill_null(0).cast(pl.Int64))


def level_counts(risks: pl.DataFrame) -> dict[str, int]:
    """Level key → how many of ``risks`` have it, for every level."""
    levels = risks.get_column("level")
    return {key: int((levels == key).sum()) for key in LEVEL_KEYS}
