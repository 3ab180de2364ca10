"""Audit scoring, grades, stable finding ids and manual ratings, as pure functions."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from srm_xl.config.qualification import QualificationConfig
from srm_xl.qualification.audits import add_actions, audit_grade, finding_actions, rate_audits, score_audits
from srm_xl.qualification.checklist import question_bank, standard_rows
from tests.qualification.books import typed

CONFIG = QualificationConfig()


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100.0, "A"), (90.0, "A"), (89.99, "B"), (80.0, "B"), (70.0, "C"), (69.9, "D"), (0.0, "D"), (None, None)],
)
def test_audit_grade_boundaries(score: float | None, grade: str | None) -> None:
    assert pl.select(audit_grade(pl.lit(score, pl.Float64), CONFIG)).item() == grade


def _audit() -> tuple[pl.DataFrame, pl.DataFrame]:
    audits = typed(
        "audits", [{"audit_id": "A1", "supplier": "S1", "audit_type": "system", "audit_date": date(2025, 12, 30)}]
    )
    checklist = typed(
        "audit_checklist",
        [
            {"audit_id": "A1", "question_no": "1", "dimension": "system", "max_points": 5.0, "points": 5.0},
            {
                "audit_id": "A1",
                "question_no": "2",
                "dimension": "technical",
                "max_points": 15.0,
                "points": 6.0,
                "finding": "No FMEA",
            },
        ],
    )
    return audits, checklist


def test_score_period_and_finding_due_date() -> None:
    audits, checklist = _audit()
    scored = score_audits(audits, checklist, CONFIG, "month")
    assert scored.select("points", "max_points", "grade", "findings", "period").row(0) == (
        11.0,
        20.0,
        "D",
        1,
        "2025-12",
    )
    assert scored["score"][0] == pytest.approx(55.0)
    actions = finding_actions(scored, checklist, CONFIG, "zh")
    assert actions["due_date"].to_list() == [date(2026, 1, 29)], "a finding with no level is treated as major"
    assert actions["problem"].to_list() == ["审核A1第2题(技术能力): No FMEA"]
    assert actions["scar_id"][0].startswith("SCAR-2025-")
    assert finding_actions(scored, checklist, CONFIG, "en")["scar_id"].to_list() == actions["scar_id"].to_list(), (
        "ids do not depend on language"
    )


def test_actions_already_in_the_register_are_not_added_again() -> None:
    audits, checklist = _audit()
    actions = finding_actions(score_audits(audits, checklist, CONFIG, "quarter"), checklist, CONFIG, "en")
    register = typed("corrective_actions", [{"scar_id": "SCAR-OLD", "supplier": "S9"}])
    once, new = add_actions(register, actions)
    twice, again = add_actions(once, actions)
    assert once.height == 2 and new.height == 1 and twice.equals(once) and again.is_empty()


def test_several_audits_in_a_period_rate_their_mean() -> None:
    scored = pl.DataFrame(
        {"period": ["2026-Q1", "2026-Q1", "2026-Q2"], "supplier": ["S1", "S1", "S1"], "score": [80.0, 90.0, None]}
    )
    ratings, changed = rate_audits(typed("manual_ratings", []), scored, "audit")
    assert (
        ratings.select("period", "supplier", "audit_score", "rated_by").rows() == [("2026-Q1", "S1", 85.0, "audit")]
        and changed == 1
    )


def test_standard_questions_follow_the_audit_type_and_language() -> None:
    audits = pl.DataFrame({"audit_id": ["P", "Q", "R", "S"], "audit_type": ["process", "product", "system", None]})
    rows = standard_rows(audits, pl.DataFrame({"audit_id": ["R"]}), "zh")
    counts = dict(rows.group_by("audit_id").len().iter_rows())
    bank = question_bank().explode("types")
    assert counts == {"P": (bank["types"] == "process").sum(), "Q": (bank["types"] == "product").sum()}, (
        "R has rows, S has no type"
    )
    assert rows.filter(pl.col("audit_id") == "Q")["question"][0] == "管理层是否制定质量目标并传达到各级员工?"
    assert set(question_bank()["dimension"]) == {
        "quality_awareness",
        "technical",
        "replication",
        "problem_solving",
        "system",
        "materials",
        "manufacturing",
        "transport",
    }
