"""Contract checks: each finding fires when it should and stays quiet when it should not; amendments apply."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.contracts.amendments import effective_contracts
from srm_xl.contracts.checks import contract_findings

TODAY = date(2026, 6, 30)
COLUMNS = (
    "contract_no",
    "party_type",
    "party",
    "contract_type",
    "start",
    "end",
    "status",
    "quality_agreement",
    "renewal_notice_days",
)


def _contracts(*rows: tuple[object, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(COLUMNS, r, strict=True)) for r in rows],
        schema={
            "contract_no": pl.String,
            "party_type": pl.String,
            "party": pl.String,
            "contract_type": pl.String,
            "start": pl.Date,
            "end": pl.Date,
            "status": pl.String,
            "quality_agreement": pl.String,
            "renewal_notice_days": pl.Int64,
        },
    )


def _deliveries(*rows: tuple[str, date]) -> pl.DataFrame:
    return pl.DataFrame(
        {"supplier": [r[0] for r in rows], "due_date": [r[1] for r in rows], "delivered_date": [r[1] for r in rows]}
    )


def _found(frames: dict[str, pl.DataFrame], config: Config = Config()) -> set[tuple[str, str]]:
    findings = contract_findings(frames, config, TODAY)
    return {(f, p) for f, p in findings.select("finding", "party").iter_rows()}


START = date(2025, 1, 1)


def test_expiring_within_the_notice_and_not_before() -> None:
    contracts = _contracts(
        ("A", "customer", "C1", "sales", START, TODAY + timedelta(days=30), "active", None, None),
        ("B", "customer", "C2", "sales", START, TODAY + timedelta(days=90), "active", None, None),
        ("C", "customer", "C3", "sales", START, TODAY + timedelta(days=90), "active", None, 120),
    )
    assert _found({"contracts": contracts}) == {("expiring", "C1"), ("expiring", "C3")}


def test_expired_unless_a_newer_contract_follows_or_it_was_terminated() -> None:
    contracts = _contracts(
        ("A", "customer", "C1", "sales", START, TODAY - timedelta(days=10), "expired", None, None),
        ("B", "customer", "C2", "sales", START, TODAY - timedelta(days=10), "active", None, None),
        ("B2", "customer", "C2", "sales", TODAY - timedelta(days=9), TODAY + timedelta(days=400), "active", None, None),
        ("D", "customer", "C4", "sales", START, TODAY - timedelta(days=10), "terminated", None, None),
    )
    findings = contract_findings({"contracts": contracts}, Config(), TODAY)
    assert findings.select("finding", "party", "days").rows() == [("expired", "C1", -10)]
    assert (
        findings["detail"][0]
        == "the contract ended 10 days ago and no newer contract of its type follows it — renew it, or mark it terminated"
    )


def test_deliveries_need_a_contract_and_a_quality_agreement() -> None:
    long = TODAY + timedelta(days=400)
    contracts = _contracts(
        ("P1", "supplier", "V1", "purchase", START, long, "active", "QA-1", None),  # both
        ("P2", "supplier", "V2", "framework", START, long, "active", None, None),  # no quality agreement
        ("Q3", "supplier", "V3", "quality", START, long, "active", None, None),  # quality agreement only
        ("P5", "supplier", "V5", "purchase", START, long, "draft", "QA-5", None),  # a draft is not in force
    )
    recent = TODAY - timedelta(days=5)
    deliveries = _deliveries(
        ("V1", recent),
        ("V2", recent),
        ("V3", recent),
        ("V4", recent),
        ("V5", recent),
        ("V6", TODAY - timedelta(days=400)),
    )  # too long ago to matter
    assert _found({"contracts": contracts, "deliveries": deliveries}) == {
        ("no_quality_agreement", "V2"),
        ("no_contract", "V3"),
        ("no_contract", "V4"),
        ("no_quality_agreement", "V4"),
        ("no_contract", "V5"),
        ("no_quality_agreement", "V5"),
    }
    relaxed = Config.model_validate({"contracts": {"require_quality_agreement": False}})
    assert _found({"contracts": contracts, "deliveries": deliveries}, relaxed) == {
        ("no_contract", "V3"),
        ("no_contract", "V4"),
        ("no_contract", "V5"),
    }


def test_deliveries_after_the_end_unless_another_contract_covers_them() -> None:
    ended = date(2026, 3, 31)
    contracts = _contracts(
        ("P1", "supplier", "V1", "purchase", START, ended, "expired", "QA", None),
        ("P2", "supplier", "V2", "purchase", START, ended, "expired", "QA", None),
        ("P2b", "supplier", "V2", "framework", date(2026, 4, 1), None, "active", "QA", None),
    )
    deliveries = _deliveries(
        ("V1", date(2026, 3, 30)), ("V1", date(2026, 4, 10)), ("V1", date(2026, 4, 20)), ("V2", date(2026, 4, 10))
    )
    findings = contract_findings({"contracts": contracts, "deliveries": deliveries}, Config(), TODAY)
    late = findings.filter(pl.col("finding") == "delivery_after_end")
    assert late.select("party", "contract_no", "deliveries", "days").rows() == [("V1", "P1", 2, 20)]


def test_an_amendment_extends_the_end_without_rewriting_the_contract() -> None:
    contracts = _contracts(("A", "customer", "C1", "sales", START, TODAY - timedelta(days=10), "active", None, None))
    changes = pl.DataFrame(
        {
            "contract_no": ["A", "A", "A"],
            "change_no": [1, 2, 3],
            "changed": [date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 2)],
            "field": ["end", "end", "value"],
            "new_value": ["2026-12-31", "2027年6月30日", "lots"],
            "_row": [2, 3, 4],
        }
    )
    amended, issues = effective_contracts(contracts, changes, "Contract changes")
    assert amended["end"].to_list() == [date(2027, 6, 30)] and amended["amendments"].to_list() == [3]
    assert contracts["end"].to_list() == [TODAY - timedelta(days=10)]
    assert [(i.row, i.code) for i in issues] == [(4, "contract_change_bad_value")]
    assert "'lots' is not valid for 'Value'" in issues[0].message("en") and "合同金额" in issues[0].message("zh")
    assert _found({"contracts": contracts, "contract_changes": changes}) == set()


def test_no_contract_sheet_means_no_findings() -> None:
    assert contract_findings({}, Config(), TODAY).is_empty()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_details_name_the_fix_in_both_languages(lang: str) -> None:
    contracts = _contracts(("A", "customer", "C1", "sales", START, TODAY + timedelta(days=30), "active", None, None))
    detail = contract_findings({"contracts": contracts}, Config(), TODAY, lang=lang)["detail"][0]  # type: ignore[arg-type]
    assert ("30天后到期" in detail) if lang == "zh" else ("ends in 30 days" in detail)
