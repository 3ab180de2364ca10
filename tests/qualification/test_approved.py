"""Approved-list rules as pure functions: causes, designated routing, agreements from contracts, the UDF and Cpk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from srm_xl.config.qualification import QualificationConfig
from srm_xl.qualification.approved import ListInputs, approved_list
from srm_xl.qualification.capability import flag_cpk
from srm_xl.qualification.excel import srm_approved
from tests.qualification.books import typed

TODAY = date(2026, 6, 1)
CONFIG = QualificationConfig()


def _inputs(
    supplier: dict[str, object],
    decision: str = "approved",
    contracts: list[dict[str, object]] | None = None,
    scorecard: list[dict[str, object]] | None = None,
) -> ListInputs:
    return ListInputs(
        parts=typed("parts", [{"part": "P1", "supplier": "S1"}]),
        samples=typed(
            "sample_approvals",
            [{"sample_id": "T1", "supplier": "S1", "part": "P1", "quantity": 5, "inspected": 5, "decision": decision}],
        ),
        suppliers=typed(
            "suppliers", [{"code": "S1", "status": "approved", "agreement_date": date(2025, 1, 1), **supplier}]
        ),
        certificates=typed("certificates", []),
        scorecard=typed("scorecard", scorecard or []),
        contracts=typed("contracts", contracts or []),
        previous=typed("approved_list", []),
    )


def _status(inputs: ListInputs) -> tuple[str, str | None, str | None]:
    listed, _ = approved_list(inputs, CONFIG, TODAY, "en")
    return listed.select("status", "reason", "action").row(0)


def test_a_clean_source_is_released_without_a_reason() -> None:
    assert _status(_inputs({})) == ("released", None, None)


def test_conditional_sample_and_old_agreement_make_conditional() -> None:
    assert _status(_inputs({}, "conditional"))[:2] == ("conditional", "sample T1 approved only conditionally")
    status, reason, _ = _status(_inputs({"agreement_date": date(2023, 5, 31)}))
    assert (status, reason) == ("conditional", "quality agreement missing or expired"), "signed 3 years and a day ago"


def test_a_current_quality_contract_counts_as_the_agreement() -> None:
    contract = {
        "contract_no": "Q-1",
        "party_type": "supplier",
        "party": "S1",
        "contract_type": "quality",
        "start": date(2024, 1, 1),
    }
    assert _status(_inputs({"agreement_date": None}, contracts=[contract]))[0] == "released"
    ended = {**contract, "end": date(2026, 1, 1)}
    assert _status(_inputs({"agreement_date": None}, contracts=[ended]))[0] == "conditional"


def test_designation_routes_grades_but_not_the_buyers_own_suspension() -> None:
    designated = {"designated": "yes", "designated_by": "K7"}
    graded = [{"period": "2026-Q1", "supplier": "S1", "grade": "D"}]
    status, _, action = _status(_inputs(designated, scorecard=graded))
    assert status == "conditional" and action is not None and "K7" in action
    status, reason, action = _status(_inputs({**designated, "status": "suspended"}))
    assert (status, reason, action) == ("blocked", "supplier status is Suspended", None)


def test_srm_approved_keeps_the_order_of_the_question() -> None:
    listed = pl.DataFrame(
        {
            "part": ["P1", "P2"],
            "supplier": ["S1", "S1"],
            "status": ["blocked", "released"],
            "quantity_limit": [None, None],
            "reason": ["no approved sample inspected 100 %", None],
        },
        schema_overrides={"quantity_limit": pl.Float64},
    )
    assert srm_approved([" S1", "S1", "S1"], ["P2", "P1", "P2"], listed) == [
        [True, ""],
        [False, "no approved sample inspected 100 %"],
        [True, ""],
    ]


def test_cpk_flag_only_for_key_characteristics_with_a_cpk() -> None:
    frame = pl.DataFrame({"key_characteristic": ["yes", "yes", "no", None, "yes"], "cpk": [1.0, 1.33, 0.5, 0.5, None]})
    assert flag_cpk(frame, 1.33)["below_min"].to_list() == ["yes", "no", "no", "no", None]


def test_sources_without_any_sample_are_blocked_unless_samples_are_not_required() -> None:
    inputs = _inputs({})
    unsampled = replace(inputs, samples=inputs.samples.clear())
    assert approved_list(unsampled, CONFIG, TODAY, "en")[0]["status"].to_list() == ["blocked"]
    lenient = QualificationConfig(require_sample=False)
    assert approved_list(unsampled, lenient, TODAY, "en")[0]["status"].to_list() == ["released"]
    rejected = _inputs({}, "rejected")
    assert approved_list(rejected, lenient, TODAY, "en")[0].select("status", "reason").row(0) == (
        "blocked",
        "no approved sample inspected 100 %",
    )
