"""Reward rules are data checked when loaded, and a penalised supplier's sources leave the approved list."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.config.claims import Consequence
from srm_xl.config.qualification import QualificationConfig
from srm_xl.config.sheet import parse_config
from srm_xl.errors import ConfigError
from srm_xl.qualification.approved import ListInputs, approved_list
from tests.qualification.books import typed


def _config(setting: str, value: str) -> Config:
    return parse_config(pl.DataFrame({"setting": [setting], "value": [value], "_row": [7]}), "Config")


def test_shipped_defaults_are_the_documented_ones() -> None:
    claims = Config().claims
    assert (
        claims.late_rate_per_day,
        claims.late_cap,
        claims.reject_fee,
        claims.concession_discount,
        claims.currency,
    ) == (0.005, 0.10, 500, 0.05, "CNY")
    assert claims.consequence("a") == Consequence(share=0.10, payment_days=-15, audit_months=24, status="preferred")
    assert claims.consequence("d") == Consequence(share=-1.0, payment_days=30, audit_months=3, status="blocked")


def test_a_rule_written_loosely_is_read() -> None:
    rule = _config("claims.reward_c", "Share：-20% ; audit_months: 4；status: Blocked").claims.consequence("c")
    assert rule == Consequence(share=-0.20, audit_months=4, status="blocked")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("share +10%", "claims_rule_syntax"),
        ("status:banned", "claims_rule_status"),
        ("audit_months:2.5", "claims_rule_number"),
        ("share:+5%; share:+1%", "claims_rule_twice"),
    ],
)
def test_a_wrong_rule_names_its_cell(value: str, code: str) -> None:
    with pytest.raises(ConfigError) as error:
        _config("claims.reward_a", value)
    assert error.value.code == code and error.value.message("en").startswith("Config!B7: Setting 'claims.reward_a'")


def test_a_blocked_consequence_blocks_the_source() -> None:
    inputs = ListInputs(
        parts=typed("parts", [{"part": "P1", "supplier": "S1"}]),
        samples=typed(
            "sample_approvals",
            [
                {
                    "sample_id": "T1",
                    "supplier": "S1",
                    "part": "P1",
                    "quantity": 5,
                    "inspected": 5,
                    "decision": "approved",
                }
            ],
        ),
        suppliers=typed("suppliers", [{"code": "S1", "status": "approved", "agreement_date": date(2025, 1, 1)}]),
        certificates=typed("certificates", []),
        scorecard=typed("scorecard", [{"period": "2026-Q1", "supplier": "S1", "grade": "C"}]),
        contracts=typed("contracts", []),
        previous=typed("approved_list", []),
        rewards=typed(
            "rewards",
            [
                {"period": "2025-Q4", "supplier": "S1", "status": "approved"},
                {"period": "2026-Q1", "supplier": "S1", "status": "blocked"},
            ],
        ),
    )
    listed, _ = approved_list(inputs, QualificationConfig(), date(2026, 6, 1), "en")
    assert listed.select("status", "reason").row(0) == (
        "blocked",
        "rewards and penalties for 2026-Q1: Blocked; graded C for 2026-Q1",
    )
