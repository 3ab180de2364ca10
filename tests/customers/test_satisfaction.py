"""The satisfaction index and NPS, computed by hand."""

from __future__ import annotations

import polars as pl
import pytest

from srm_xl.config.customers import CustomersConfig
from srm_xl.customers.satisfaction import satisfaction

WEIGHTS = CustomersConfig().weights()  # quality 30, delivery 25, price 15, service 15, communication 15
SURVEYS = pl.DataFrame(
    {
        "survey_id": ["SV1", "SV1", "SV1", "SV2"],
        "customer": ["C1", "C2", "C3", "C1"],
        "period": ["2026-H1", "2026-H1", "2026-H1", "2026-H2"],
        "quality": [5.0, 3.0, 1.0, 4.0],
        "delivery": [4.0, None, 1.0, 4.0],
        "price": [3.0, 3.0, 1.0, 3.0],
        "service": [5.0, 5.0, 1.0, 5.0],
        "communication": [1.0, 2.0, 1.0, 5.0],
        "recommend": [10, 6, None, 9],
        "comments": [None, None, None, None],
    },
    schema_overrides={"recommend": pl.Int64},
)
CLASSES = pl.DataFrame({"customer": ["C1", "C2", "C3"], "customer_class": ["strategic", "ordinary", "ordinary"]})


def _row(frame: pl.DataFrame, level: str, period: str, group: str) -> dict[str, object]:
    return frame.filter((pl.col("level") == level) & (pl.col("period") == period) & (pl.col("group") == group)).row(
        0, named=True
    )


def test_index_and_nps_by_hand() -> None:
    frame = satisfaction(SURVEYS, CLASSES, WEIGHTS)
    # C1 H1: points q 100, d 75, p 50, s 100, c 0 → (3000 + 1875 + 750 + 1500 + 0) / 100 = 71.25
    c1 = _row(frame, "customer", "2026-H1", "C1")
    assert c1["index"] == pytest.approx(71.25) and c1["nps"] == pytest.approx(100.0)
    # C2 H1 skips delivery: q 50×30 + p 50×15 + s 100×15 + c 25×15 = 4125 over weights 75 → 55.0
    c2 = _row(frame, "customer", "2026-H1", "C2")
    assert c2["index"] == pytest.approx(55.0) and c2["nps"] == pytest.approx(-100.0)
    # ordinary class: C2 55.0 and C3 0.0 → 27.5; NPS over the one answer (6 → detractor) = −100
    ordinary = _row(frame, "class", "2026-H1", "ordinary")
    assert (
        ordinary["index"] == pytest.approx(27.5)
        and ordinary["responses"] == 2
        and ordinary["nps"] == pytest.approx(-100.0)
    )
    overall = _row(frame, "overall", "2026-H1", "all")
    assert overall["index"] == pytest.approx((71.25 + 55.0 + 0.0) / 3)
    assert (overall["promoters"], overall["detractors"], overall["nps"]) == (1, 1, pytest.approx(0.0))
    # quality dimension H1: points 100, 50, 0 → 50
    assert _row(frame, "dimension", "2026-H1", "quality")["index"] == pytest.approx(50.0)
    assert _row(frame, "dimension", "2026-H1", "delivery")["responses"] == 2


def test_trend_is_the_change_against_the_previous_period_of_the_same_group() -> None:
    frame = satisfaction(SURVEYS, CLASSES, WEIGHTS)
    # C1 H2: q 75×30 + d 75×25 + p 50×15 + s 100×15 + c 100×15 = 2250 + 1875 + 750 + 1500 + 1500 = 7875 → 78.75
    h2 = _row(frame, "customer", "2026-H2", "C1")
    assert h2["index"] == pytest.approx(78.75) and h2["change"] == pytest.approx(78.75 - 71.25)
    assert _row(frame, "customer", "2026-H1", "C1")["change"] is None


@pytest.mark.parametrize(
    "labels",
    [
        ["2026年3月", "2026年10月", "2026年12月", "2025年度复评"],
        ["2026.3", "2026.10", "2026.12", "2025年度复评"],
        ["2026年第1季度", "2026-Q2", "2026Q3", "2025年度复评"],
        ["2026上半年", "2026-H2", "2027H1", "2025年度复评"],
    ],
)
def test_periods_follow_the_calendar_and_unknown_labels_come_last(labels: list[str]) -> None:
    # typed newest first; quality 1, 5, 3 (points 0, 100, 50) in calendar order, then the unknown label (4 → 75)
    surveys = pl.DataFrame(
        {"survey_id": "SV", "customer": "C1", "period": labels[::-1], "quality": [4.0, 3.0, 5.0, 1.0], "recommend": 8}
    )
    frame = satisfaction(surveys, CLASSES, {"quality": 1.0})
    customer = frame.filter(pl.col("level") == "customer")
    assert customer["period"].to_list() == labels
    assert customer["change"].to_list() == [None, 100.0, -50.0, 25.0]
