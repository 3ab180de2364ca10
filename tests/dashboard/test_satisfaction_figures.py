"""The dashboard's satisfaction figures name the latest period by the calendar, not by the label's text."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import Config
from srm_xl.customers.satisfaction import satisfaction
from srm_xl.dashboard.figures import key_figures, satisfaction_by_class

SURVEYS = pl.DataFrame(
    {
        "survey_id": ["S1", "S2", "S3"],
        "customer": "C1",
        "period": ["2026年3月", "2026年10月", "2026年12月"],
        "quality": [1.0, 5.0, 3.0],
        "recommend": 8,
    }
)
SUMMARY = satisfaction(SURVEYS, pl.DataFrame({"customer": ["C1"], "customer_class": ["strategic"]}), {"quality": 1.0})


def test_the_latest_month_is_december_not_march() -> None:
    block = satisfaction_by_class(SUMMARY, "zh")
    assert block is not None and block.frame.columns[1] == "2026年12月" and block.frame.row(0)[1] == 50.0
    figures = key_figures({}, {"satisfaction": SUMMARY}, Config(), date(2027, 1, 5), "zh")
    assert [(label, value) for label, value, _ in figures if "满意度" in label] == [("满意度指数(2026年12月)", 50.0)]
