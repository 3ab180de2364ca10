"""Complaint service levels from the customer's class, overdue flags against ``today``, and SCAR linkage."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config.customers import CustomersConfig
from srm_xl.customers.complaints import OVERDUE, complaint_sla

TODAY = date(2026, 3, 20)
D = date


def _complaints() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "complaint_id": ["K1", "K2", "K3", "K4", "K5", "K6"],
            "customer": ["S", "S", "O", "O", "X", "S"],
            "received": [D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 18), D(2026, 3, 1), D(2026, 3, 10)],
            "complaint_type": ["quality", "delivery", "quality", "quality", "service", "quality"],
            "description": [None] * 6,
            "part": ["P1", None, "P2", "P9", None, "P1"],
            "supplier": ["V1", "V1", "V2", "V3", None, None],
            "assigned_to": [None] * 6,
            "first_response": [D(2026, 3, 2), D(2026, 3, 5), None, None, D(2026, 3, 4), None],
            "resolved": [D(2026, 3, 8), None, None, None, D(2026, 3, 30), None],
            "status": ["confirmed", "responded", "received", "received", "resolved", "received"],
        }
    )


CLASSES = pl.DataFrame({"customer": ["S", "O"], "customer_class": ["strategic", "ordinary"]})
SCARS = pl.DataFrame(
    {
        "scar_id": ["SC-1", "SC-2", "SC-3"],
        "supplier": ["V1", "V2", "V3"],
        "part": ["P1", "P2", "P9"],
        "trigger": ["K1", "L-77", None],
        "status": ["closed", "open", "closed"],
        "issued": [D(2026, 3, 3), D(2026, 2, 1), D(2026, 1, 1)],
        "closed": [D(2026, 3, 9), None, D(2026, 2, 1)],
    }
)


def _sla() -> dict[str, dict[str, object]]:
    frame = complaint_sla(_complaints(), CLASSES, CustomersConfig(), TODAY, SCARS)
    return {row["complaint_id"]: row for row in frame.iter_rows(named=True)}


def test_due_dates_follow_the_customers_class() -> None:
    got = _sla()
    assert got["K1"]["response_due"] == D(2026, 3, 2) and got["K1"]["resolution_due"] == D(
        2026, 3, 8
    )  # strategic: 1 and 7 days
    assert got["K3"]["response_due"] == D(2026, 3, 4) and got["K3"]["resolution_due"] == D(
        2026, 3, 31
    )  # ordinary: 3 and 30 days
    assert got["K5"]["customer_class"] == "ordinary"  # unknown customer served as ordinary


def test_states_against_today() -> None:
    got = _sla()
    assert (got["K1"]["response_state"], got["K1"]["resolution_state"]) == ("on_time", "on_time")
    assert (got["K2"]["response_state"], got["K2"]["resolution_state"]) == ("late", "overdue")  # due 03-02 / 03-08
    assert (got["K3"]["response_state"], got["K3"]["resolution_state"]) == ("overdue", "pending")
    assert (got["K4"]["response_state"], got["K4"]["resolution_state"]) == ("pending", "pending")  # due 03-21
    assert got["K5"]["resolution_state"] == "on_time"  # 03-30 ≤ 03-31
    assert got["K1"]["days_open"] == 7 and got["K3"]["days_open"] == 19


def test_overdue_expression_flags_either_deadline() -> None:
    frame = complaint_sla(_complaints(), CLASSES, CustomersConfig(), TODAY, SCARS)
    assert sorted(frame.filter(OVERDUE)["complaint_id"].to_list()) == ["K2", "K3", "K6"]


def test_supplier_linkage_raise_join_or_linked() -> None:
    got = _sla()
    assert (got["K1"]["scar_action"], got["K1"]["scar_id"]) == ("linked", "SC-1")  # the SCAR names the complaint
    assert (got["K3"]["scar_action"], got["K3"]["scar_id"]) == ("join", "SC-2")  # open SCAR, same supplier and part
    assert (got["K4"]["scar_action"], got["K4"]["scar_id"]) == ("raise", None)  # its only SCAR is closed
    assert got["K2"]["scar_action"] is None  # a delivery complaint needs no SCAR by default
    assert got["K6"]["scar_action"] is None  # no supplier named


def test_without_a_scar_register_every_linked_complaint_needs_one() -> None:
    frame = complaint_sla(_complaints(), CLASSES, CustomersConfig(scar_complaint_types="quality, delivery"), TODAY)
    assert frame.filter(pl.col("scar_action") == "raise")["complaint_id"].sort().to_list() == ["K1", "K2", "K3", "K4"]
