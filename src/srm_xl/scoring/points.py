"""Metric values to 0–100 points by the configured rules, and totals to grades — as polars expressions."""

from __future__ import annotations

import math

import polars as pl

from srm_xl.config.scoring import BandRule, Rule, ScoringConfig


def points_expr(rule: Rule, value: pl.Expr) -> pl.Expr:
    """Points for each value (null stays null). Bands: the best points of the bands holding the value (so a
    boundary value gets the better band). Linear: 100 at ``full``, 0 at ``zero``, clipped."""
    if isinstance(rule, BandRule):
        hits = []
        for band in rule.bands:
            inside = pl.lit(True)
            if band.low > -math.inf:
                inside = inside & (value >= band.low)
            if band.high < math.inf:
                inside = inside & (value <= band.high)
            hits.append(pl.when(inside).then(pl.lit(band.points, pl.Float64)))
        return pl.max_horizontal(hits)
    return ((value - rule.zero) / (rule.full - rule.zero) * 100.0).clip(0.0, 100.0)


def grade_expr(total: pl.Expr, config: ScoringConfig) -> pl.Expr:
    """"A"/"B"/"C"/"D" by the configured thresholds (compared at full precision); null total → "not_graded"."""
    return (pl.when(total >= config.grade_a).then(pl.lit("A"))
            .when(total >= config.grade_b).then(pl.lit("B"))
            .when(total >= config.grade_c).then(pl.lit("C"))
            .when(total.is_not_null()).then(pl.lit("D"))
            .otherwise(pl.lit("not_graded")))
