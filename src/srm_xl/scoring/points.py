"""Totals to grades by the configured thresholds — as a polars expression (rules to points: ``points_expr``)."""

from __future__ import annotations

import polars as pl

from srm_xl.config.scoring import ScoringConfig


def grade_expr(total: pl.Expr, config: ScoringConfig) -> pl.Expr:
    """ "A"/"B"/"C"/"D" by the configured thresholds; null total → "not_graded". The total is compared to 9
    decimals, never rounded to display precision (84.996 stays a B), but floating-point noise never costs a grade:
    contributions adding up to exactly 60 on a calculator sum to 59.999999999999986, which is a C."""
    settled = total.round(9)
    return (
        pl.when(settled >= config.grade_a)
        .then(pl.lit("A"))
        .when(settled >= config.grade_b)
        .then(pl.lit("B"))
        .when(settled >= config.grade_c)
        .then(pl.lit("C"))
        .when(total.is_not_null())
        .then(pl.lit("D"))
        .otherwise(pl.lit("not_graded"))
    )
