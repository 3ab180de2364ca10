"""Totals to grades by the configured thresholds — as a polars expression (rules to points: ``points_expr``)."""

from __future__ import annotations

import polars as pl

from srm_xl.config.scoring import ScoringConfig


def grade_expr(total: pl.Expr, config: ScoringConfig) -> pl.Expr:
    """"A"/"B"/"C"/"D" by the configured thresholds (compared at full precision); null total → "not_graded"."""
    return (pl.when(total >= config.grade_a).then(pl.lit("A"))
            .when(total >= config.grade_b).then(pl.lit("B"))
            .when(total >= config.grade_c).then(pl.lit("C"))
            .when(total.is_not_null()).then(pl.lit("D"))
            .otherwise(pl.lit("not_graded")))
