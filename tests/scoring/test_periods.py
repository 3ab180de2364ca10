from __future__ import annotations

from datetime import date

import pytest

from srm_xl.errors import SrmError
from srm_xl.scoring import latest_complete_period, parse_period, period_of, previous_period


@pytest.mark.parametrize(
    ("day", "kind", "label"),
    [
        (date(2026, 7, 1), "month", "2026-07"),
        (date(2026, 9, 30), "quarter", "2026-Q3"),
        (date(2026, 10, 1), "quarter", "2026-Q4"),
        (date(2026, 12, 31), "year", "2026"),
    ],
)
def test_period_of(day: date, kind: str, label: str) -> None:
    assert period_of(day, kind) == label


@pytest.mark.parametrize(
    ("label", "start", "end", "canonical"),
    [
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31), "2026-07"),
        ("2024-2", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026年第3季度", date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        ("2026年7月", date(2026, 7, 1), date(2026, 7, 31), "2026-07"),
        ("2026q1", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
    ],
)
def test_parse_period(label: str, start: date, end: date, canonical: str) -> None:
    period = parse_period(label)
    assert (period.start, period.end, period.label) == (start, end, canonical)


@pytest.mark.parametrize("label", ["2026-13", "2026-Q5", "Q3", "", "next quarter"])
def test_bad_labels_are_refused_with_the_fix(label: str) -> None:
    with pytest.raises(SrmError) as caught:
        parse_period(label)
    assert caught.value.code == "scoring_bad_period" and "2026-Q3" in caught.value.message("en")


def test_latest_complete_and_previous() -> None:
    assert latest_complete_period(date(2026, 10, 1), "quarter").label == "2026-Q3"
    assert latest_complete_period(date(2026, 9, 30), "quarter").label == "2026-Q2"
    assert latest_complete_period(date(2026, 1, 15), "month").label == "2025-12"
    assert latest_complete_period(date(2026, 6, 1), "year").label == "2025"
    assert previous_period(parse_period("2026-Q1")).label == "2025-Q4"
