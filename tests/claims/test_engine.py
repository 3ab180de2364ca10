"""Claim engines as pure functions: late charges never pass their cap, and merging a period is idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from srm_xl.claims import ClaimInputs, merge_claims, period_charges
from srm_xl.claims.ledger import apply_responses
from srm_xl.config.claims import ClaimsConfig
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW, empty_frame, project
from srm_xl.scoring import parse_period

Q3 = parse_period("2026-Q3")


def _typed(key: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    sheet = spec(key)
    frame = project(pl.DataFrame(rows) if rows else None, sheet, tuple(sheet.keys()))
    return frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(ROW))


def _inputs(deliveries: list[dict[str, object]]) -> ClaimInputs:
    return ClaimInputs(
        _typed("deliveries", deliveries),
        empty_frame(spec("inspections")),
        empty_frame(spec("complaints")),
        _typed("contracts", []),
        _typed("parts", []),
    )


@settings(deadline=None, max_examples=40)
@given(
    qty=st.integers(1, 100_000),
    price=st.floats(0.01, 1_000, allow_nan=False),
    days=st.integers(1, 91),
    rate=st.floats(0, 0.05, allow_nan=False),
    cap=st.floats(0, 0.5, allow_nan=False),
)
def test_a_late_charge_is_rate_times_days_up_to_the_cap(
    qty: int, price: float, days: int, rate: float, cap: float
) -> None:
    due = date(2026, 7, 1)
    lines = period_charges(
        _inputs(
            [
                {
                    "po": "PO",
                    "supplier": "V",
                    "part": "P",
                    "qty_delivered": float(qty),
                    "unit_price": price,
                    "due_date": due,
                    "delivered_date": due + timedelta(days=days),
                }
            ]
        ),
        ClaimsConfig(late_rate_per_day=rate, late_cap=cap),
        Q3,
    ).lines
    value = qty * price
    expected = min(value * rate * days, value * cap)
    if lines.is_empty():
        assert expected < 0.005
        return
    amount, capped, charged_cap = lines.select("amount", "capped", "cap").row(0)
    assert abs(amount - expected) <= 0.005 + 1e-9 and amount == round(amount, 2) and amount <= charged_cap
    assert capped == ("yes" if value * rate * days > value * cap else "no")


def test_merging_a_period_twice_changes_nothing() -> None:
    deliveries = [
        {
            "po": f"PO{i}",
            "supplier": "V",
            "part": "P",
            "qty_delivered": 10.0,
            "unit_price": 5.0,
            "due_date": date(2026, 7, 1),
            "delivered_date": date(2026, 7, 1 + i),
        }
        for i in range(1, 5)
    ]
    lines = period_charges(_inputs(deliveries), ClaimsConfig(), Q3).lines
    claims = spec("claims")
    previous = project(None, claims, tuple(claims.keys()))
    once = merge_claims(previous, lines, "2026-Q3")
    twice = merge_claims(once, lines, "2026-Q3")
    assert once.equals(twice) and once.height == 4 and once["status"].unique().to_list() == ["open"]
    waived = once.with_columns(
        pl.when(pl.col("claim_id") == "LATE:PO1/P").then(pl.lit("waived")).otherwise("status").alias("status"),
        pl.when(pl.col("claim_id") == "LATE:PO1/P").then(pl.lit("goodwill")).alias("note"),
    )
    kept = merge_claims(waived, lines.filter(pl.col("claim_id") != "LATE:PO1/P"), "2026-Q3")
    assert kept.filter(pl.col("claim_id") == "LATE:PO1/P").select("status", "note").row(0) == ("waived", "goodwill")


def test_responses_move_open_lines_and_leave_decided_ones() -> None:
    claims = spec("claims")
    lines = project(
        pl.DataFrame(
            {
                "claim_id": ["A", "B", "C", "D"],
                "period": ["2026-Q3"] * 4,
                "supplier": ["V"] * 4,
                "amount": [1.0, 2.0, 3.0, 4.0],
                "status": ["open", "open", "waived", "resolved"],
                "note": [None, None, "goodwill", "settled by credit note"],
            }
        ),
        claims,
        tuple(claims.keys()),
    )
    answers = pl.DataFrame(
        {
            "record": ["A", "B", "C", "D"],
            "response": ["accept", "dispute", "dispute", None],
            "reason": [None, "goods were on time; carrier delay", "no", "too late"],
        }
    )
    merged, changes = apply_responses(lines, answers, date(2026, 10, 9))
    assert merged.select("claim_id", "status", "response", "responded").rows() == [
        ("A", "accepted", "accept", date(2026, 10, 9)),
        ("B", "disputed", "dispute", date(2026, 10, 9)),
        ("C", "waived", "dispute", date(2026, 10, 9)),
        ("D", "resolved", None, date(2026, 10, 9)),
    ]
    assert ("B", "status", "open", "disputed") in changes.rows() and (
        "D",
        "response_reason",
        None,
        "too late",
    ) in changes.rows()
    again, none = apply_responses(merged, answers, date(2026, 10, 10))
    assert none.is_empty() and again.equals(merged)
