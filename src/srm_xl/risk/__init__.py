"""The supplier risk register: automatic detection rules, likelihood × impact rating, merging with the register
and the heat map — pure functions on polars frames."""

from srm_xl.risk.detect import RULE_COLUMNS, detect_risks, risk_id
from srm_xl.risk.heatmap import category_counts, grid_counts, level_counts, open_risks
from srm_xl.risk.inputs import RiskInputs
from srm_xl.risk.matrix import level_expr
from srm_xl.risk.register import MergeResult, merge_register

__all__ = [
    "RULE_COLUMNS",
    "MergeResult",
    "RiskInputs",
    "category_counts",
    "detect_risks",
    "grid_counts",
    "level_counts",
    "level_expr",
    "merge_register",
    "open_risks",
    "risk_id",
]
