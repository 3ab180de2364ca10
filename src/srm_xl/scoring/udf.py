"""Column-at-a-time scoring functions for Excel formulas (the xlwings layer wraps them one line each).

Each takes a scalar, a list (a column) or a list of rows (a range) and returns the same shape; a scalar argument
is used for every cell of the others. Blank, non-numeric or zero-denominator cells give ``None``, never an error.
The arithmetic is the engine's own expressions, so a formula and the scorecard always agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from srm_xl.config.scoring import METRIC_RANGES, ScoringConfig, points_expr
from srm_xl.errors import SrmError
from srm_xl.scoring.points import grade_expr


def _is_range(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)


def _cells(value: Any) -> list[Any]:
    if not _is_range(value):
        return [value]
    return [cell for item in value for cell in (_cells(item) if _is_range(item) else [item])]


def _number(cell: Any) -> float | None:
    if isinstance(cell, bool) or not isinstance(cell, int | float) or not math.isfinite(cell):
        return None
    return float(cell)


def _shaped(values: list[Any], like: Any) -> Any:
    if not _is_range(like):
        return values[0]
    rows, at = [], 0
    for item in like:
        width = len(_cells(item)) if _is_range(item) else 1
        rows.append(_shaped(values[at : at + width], item) if _is_range(item) else values[at])
        at += width
    return rows


def _apply(compute: Callable[..., pl.Expr], *args: Any) -> Any:
    """``compute`` over the arguments' cells as Float64 columns ``a0``, ``a1`` …, shaped like the first range."""
    like = next((a for a in args if _is_range(a)), args[0])
    size = len(_cells(like))
    columns = {}
    for i, arg in enumerate(args):
        cells = [_number(c) for c in _cells(arg)]
        columns[f"a{i}"] = pl.Series(cells * size if not _is_range(arg) else cells, dtype=pl.Float64)
    result = pl.DataFrame(columns).select(compute(*(pl.col(name) for name in columns)).alias("r")).to_series()
    return _shaped(result.to_list(), like)


def srm_ppm(defects: Any, inspected: Any) -> Any:
    """Defects per million units inspected: ``defects / inspected × 1e6``."""
    return _apply(lambda d, n: pl.when(n > 0).then(d / n * 1e6), defects, inspected)


def srm_grade(score: Any, config: ScoringConfig | None = None) -> Any:
    """The grade ("A" … "D") of each total by the configured thresholds."""
    cfg = config or ScoringConfig()
    return _apply(lambda s: pl.when(s.is_not_null()).then(grade_expr(s, cfg)), score)


def srm_points(metric: str, value: Any, config: ScoringConfig | None = None) -> Any:
    """The 0–100 points the configured rule of ``metric`` (e.g. "ppm", "on_time") gives each value."""
    if metric not in METRIC_RANGES:
        raise SrmError("scoring_unknown_metric", metric=metric, known=", ".join(METRIC_RANGES))
    rule = (config or ScoringConfig()).rule(metric)
    return _apply(lambda v: points_expr(rule, v), value)
