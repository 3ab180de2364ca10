"""Score and level of each likelihood × impact pair, from the 5×5 matrix in Config."""

from __future__ import annotations

import polars as pl


def level_expr(likelihood: pl.Expr, impact: pl.Expr, levels: tuple[tuple[str, ...], ...]) -> pl.Expr:
    """The level key of each (likelihood, impact) pair (null where either is missing or outside 1–5)."""
    cells = {(li + 1) * 10 + (im + 1): level for li, row in enumerate(levels) for im, level in enumerate(row)}
    valid = likelihood.is_between(1, 5) & impact.is_between(1, 5)
    code = likelihood.cast(pl.Int64) * 10 + impact.cast(pl.Int64)
    return pl.when(valid).then(code.replace_strict(cells, default=None, return_dtype=pl.String))


def score_expr(likelihood: pl.Expr, impact: pl.Expr) -> pl.Expr:
    return (likelihood.cast(pl.Int64) * impact.cast(pl.Int64)).alias("score")
