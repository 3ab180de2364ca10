"""Switching-score points of every lot (GB/T 2828.1 / ISO 2859-1 clause 9.3.3.2), per nonconformity class.

9.3.3.2 a), single sampling, after each lot on original normal inspection:

1. when the acceptance number is 2 or more, add 3 if the lot would have been accepted with the AQL one step
   tighter, otherwise reset the score to 0;
2. when the acceptance number is 0 or 1, add 2 if the lot is accepted, otherwise reset the score to 0.

Clause 9.2 applies the switching rules to each class of nonconformity independently, so every class judged by a
plan of its own (its AQL in the tables) earns its own points. A class without a plan of its own — critical
nonconformities under a zero-acceptance rule, a company practice — earns none and never holds the score back; a
lot it rejects resets every class's score because the lot is not accepted. A class whose count is left blank on
a lot earns nothing on it (the lot's own AQL class always counts: a blank there means none found).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.sampling.classes import CLASSES, ClassPlans, class_plans

POINTS_AT_TIGHTER_AQL = 3
"""9.3.3.2 a) 1): points for a lot that would have been accepted with the AQL one step tighter (Ac ≥ 2)."""
POINTS_ACCEPTED = 2
"""9.3.3.2 a) 2): points for an accepted lot when the acceptance number is 0 or 1."""
SMALLEST_AC_FOR_TIGHTER_TEST = 2
"""9.3.3.2 a) 1): from this acceptance number on, the lot is tested against the AQL one step tighter."""
RESET = 0
"""Points meaning: reset the switching score to zero."""


@dataclass(frozen=True)
class ScorePoints:
    """Points per scoring class (``classes``, rows) and lot (columns); ``scored`` is False where a class earns
    nothing on a lot (its count left blank), and its score stays as it was."""

    classes: tuple[str, ...]
    points: np.ndarray
    scored: np.ndarray

    def smallest(self) -> ScorePoints:
        """One score for the lot as a whole: each lot earns the smallest of its scoring classes' points."""
        held = np.where(self.scored, self.points, np.iinfo(self.points.dtype).max)
        return ScorePoints(("lot",), held.min(axis=0, keepdims=True), self.scored.any(axis=0, keepdims=True))


def scoring_classes(config: SamplingConfig) -> tuple[str, ...]:
    """The classes judged by a plan of their own (all but critical under zero acceptance)."""
    return tuple(name for name in CLASSES if not (name == "critical" and config.critical_zero_acceptance))


def score_points(
    frame: pl.DataFrame, config: SamplingConfig, normal: ClassPlans, counts: dict[str, np.ndarray]
) -> ScorePoints:
    """The points each lot would earn on normal inspection, per scoring class (see the module docstring)."""
    tighter = class_plans(frame, config, ("normal",), tighter=True)["normal"]
    accepted = ~normal.rejected(counts)
    names = scoring_classes(config)
    points, scored = [], []
    for name in names:
        at_tighter = np.where(counts[name] <= tighter.ac[name], POINTS_AT_TIGHTER_AQL, RESET)
        earned = np.where(normal.ac[name] >= SMALLEST_AC_FOR_TIGHTER_TEST, at_tighter, POINTS_ACCEPTED)
        points.append(np.where(accepted, earned, RESET).astype(np.int16))
        recorded = frame[name].is_not_null().to_numpy() if name in frame.columns else np.zeros(frame.height, bool)
        scored.append(np.ones(frame.height, bool) if name == "major" else recorded)
    return ScorePoints(names, np.array(points), np.array(scored))
