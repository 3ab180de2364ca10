"""Supplier scoring: quality, delivery, price and service metrics → points → weighted total → grade A–D.

Pure functions on polars frames; criteria, weights, rules and grades come from ``ScoringConfig``
(``srm_xl.config.scoring``). ``grade_suppliers`` is what the grading job calls.
"""

from __future__ import annotations

from srm_xl.scoring.explain import explain
from srm_xl.scoring.grade import ScoreResult, grade_suppliers, scorecard
from srm_xl.scoring.importance import importance
from srm_xl.scoring.inputs import ScoringInputs
from srm_xl.scoring.metrics import METRICS, metrics
from srm_xl.scoring.periods import Period, latest_complete_period, parse_period, period_of, previous_period
from srm_xl.scoring.trend import merge_history, trend
from srm_xl.scoring.udf import srm_grade, srm_points, srm_ppm

__all__ = [
    "METRICS",
    "Period",
    "ScoreResult",
    "ScoringInputs",
    "explain",
    "grade_suppliers",
    "importance",
    "latest_complete_period",
    "merge_history",
    "metrics",
    "parse_period",
    "period_of",
    "previous_period",
    "scorecard",
    "srm_grade",
    "srm_points",
    "srm_ppm",
    "trend",
]
