"""The register merge: each trigger raises one SCAR, re-runs never duplicate, recurrences link or reopen."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from srm_xl.capa.register import raise_in_register
from srm_xl.capa.triggers import scar_id
from srm_xl.config.capa import CapaConfig
from srm_xl.errors import ConfigError
from tests.capa.frames import TODAY, lot, triggers, typed

CONFIG = CapaConfig()


def run(register: pl.DataFrame, found, config: CapaConfig = CONFIG, today: date = TODAY):
    return raise_in_register(register, found, config, today, "en")


def test_each_trigger_raises_one_scar_and_others_none() -> None:
    found = triggers(
        lots=[lot("L1", date(2026, 5, 20)), lot("L2", date(2026, 5, 21), decision="accept")],
        grades=[
            {"period": "2026-Q1", "supplier": "S002", "grade": "D", "total": 52.5},
            {"period": "2026-Q1", "supplier": "S003", "grade": "B", "total": 81.0},
        ],
        complaints=[
            {
                "complaint_id": "CC-1",
                "customer": "C1",
                "received": date(2026, 5, 25),
                "supplier": "S004",
                "part": "P-9",
                "description": "客户产线发现毛刺",
            },
            {"complaint_id": "CC-2", "customer": "C1", "received": date(2026, 5, 26), "description": "未追溯到供应商"},
        ],
    )
    raised = run(typed("corrective_actions", []), found)
    frame = raised.register.sort("source")
    assert frame.select("source", "supplier", "trigger").rows() == [
        ("complaint", "S004", "CC-1"),
        ("grade", "S002", "2026-Q1"),
        ("lot", "S001", "L1"),
    ]
    assert set(raised.new) == {
        scar_id("lot", "L1", 2026),
        scar_id("grade", "S002|2026-Q1", 2026),
        scar_id("complaint", "CC-1", 2026),
    }
    assert (
        frame.filter(pl.col("source") == "grade")["problem"].item()
        == "Graded D for 2026-Q1 (total 52.5) — submit an improvement plan"
    )
    assert frame.filter(pl.col("source") == "lot")["lots"].item() == "L1"


def test_step_due_dates_come_from_config() -> None:
    config = CapaConfig(d3_days=2, d4_days=10, d8_days=45)
    row = run(typed("corrective_actions", []), triggers([lot("L1", date(2026, 5, 20))]), config).register.row(
        0, named=True
    )
    assert (row["issued"], row["d3_due"], row["d4_due"], row["due_date"]) == (
        TODAY,
        TODAY + timedelta(days=2),
        TODAY + timedelta(days=10),
        TODAY + timedelta(days=45),
    )
    with pytest.raises(ConfigError, match="D3 8 days"):
        CapaConfig(d3_days=8, d4_days=7)


def test_rerun_raises_nothing_new_and_keeps_responses() -> None:
    found = triggers([lot("L1", date(2026, 5, 20)), lot("L2", date(2026, 5, 22))])
    first = run(typed("corrective_actions", []), found).register
    edited = first.with_columns(pl.lit("模具磨损").alias("root_cause"), pl.lit("张工").alias("owner")).drop(
        "_due_soon", "_soon_date", "_refused"
    )
    second = run(edited, found)
    assert second.new == [] and second.linked == 0
    assert second.register.height == 1
    assert second.register.select("root_cause", "owner", "lots").row(0) == ("模具磨损", "张工", "L1; L2")


def test_a_manual_row_naming_the_lot_covers_it() -> None:
    manual = typed(
        "corrective_actions", [{"scar_id": "SCAR-2026-001", "supplier": "S001", "source": "manual", "trigger": "L1"}]
    )
    raised = run(manual, triggers([lot("L1", date(2026, 5, 20))]))
    assert raised.new == [] and raised.register.height == 1


def test_grouping_per_supplier_part_defect_within_window_or_per_lot() -> None:
    lots = [
        lot("L1", date(2026, 3, 10)),
        lot("L2", date(2026, 3, 30)),
        lot("L3", date(2026, 4, 20)),
        lot("L4", date(2026, 3, 12), defect="裂纹"),
        lot("L5", date(2026, 3, 12), part="P-2"),
    ]
    grouped = run(typed("corrective_actions", []), triggers(lots)).register
    assert sorted(grouped["lots"]) == ["L1; L2", "L3", "L4", "L5"]
    per_lot = run(typed("corrective_actions", []), triggers(lots), CapaConfig(grouping="per_lot")).register
    assert sorted(per_lot["lots"]) == ["L1", "L2", "L3", "L4", "L5"]


def test_lookback_limits_history() -> None:
    lots = [lot("OLD", TODAY - timedelta(days=200)), lot("NEW", TODAY - timedelta(days=10), part="P-2")]
    assert run(typed("corrective_actions", []), triggers(lots)).register["trigger"].to_list() == ["NEW"]
    assert run(typed("corrective_actions", []), triggers(lots), CapaConfig(lookback_days=0)).register.height == 2


def test_new_lot_links_to_open_scar_of_same_problem() -> None:
    first = run(typed("corrective_actions", []), triggers([lot("L1", date(2026, 5, 20))])).register
    later = run(
        first.drop("_due_soon", "_soon_date", "_refused"),
        triggers([lot("L1", date(2026, 5, 20)), lot("L2", date(2026, 6, 3))]),
        today=date(2026, 6, 5),
    )
    assert later.new == [] and later.linked == 1
    assert later.register["lots"].to_list() == ["L1; L2"]


def _closed_register(closed: date) -> pl.DataFrame:
    return typed(
        "corrective_actions",
        [
            {
                "scar_id": "SCAR-2026-001",
                "supplier": "S001",
                "part": "P-1",
                "defect_type": "毛刺",
                "source": "lot",
                "trigger": "L1",
                "issued": date(2026, 1, 5),
                "d3_due": date(2026, 1, 6),
                "d4_due": date(2026, 1, 12),
                "due_date": date(2026, 2, 4),
                "status": "closed",
                "containment": "隔离",
                "root_cause": "模具",
                "actions": "换模",
                "prevention": "保养计划",
                "response_date": date(2026, 1, 10),
                "effectiveness": "effective",
                "effectiveness_date": closed,
                "closed": closed,
                "reopened": 0,
            }
        ],
    )


def test_recurrence_within_reopen_days_reopens_and_links() -> None:
    closed = date(2026, 3, 1)
    register = _closed_register(closed)
    assert run(register, triggers()).register["state"].item() == "closed"
    raised = run(register, triggers([lot("L1", date(2026, 1, 4)), lot("L7", closed + timedelta(days=30))]))
    row = raised.register.row(0, named=True)
    assert raised.new == [] and raised.reopened.rows() == [("SCAR-2026-001", "L7", closed)]
    assert (row["status"], row["closed"], row["effectiveness"], row["reopened"], row["reopened_on"], row["lots"]) == (
        "open",
        None,
        None,
        1,
        TODAY,
        "L1; L7",
    )
    assert row["root_cause"] == "模具", "the supplier's earlier answers stay for reference"
    assert row["due_date"] == TODAY + timedelta(days=CONFIG.d8_days) and row["state"] != "closed"


def test_recurrence_after_reopen_days_raises_a_new_scar() -> None:
    closed = date(2026, 1, 20)
    raised = run(
        _closed_register(closed),
        triggers([lot("L8", closed + timedelta(days=CONFIG.reopen_days + 1))]),
        today=closed + timedelta(days=CONFIG.reopen_days + 5),
    )
    assert raised.reopened.is_empty() and len(raised.new) == 1
    assert raised.register.filter(pl.col("scar_id") == "SCAR-2026-001")["state"].item() == "closed"


def test_states_from_dates_overdue_due_soon_and_refused_closure() -> None:
    register = run(typed("corrective_actions", []), triggers([lot("L1", date(2026, 5, 20))])).register.drop(
        "_due_soon", "_soon_date", "_refused"
    )
    soon = run(register, triggers(), today=TODAY).register.row(0, named=True)
    assert (soon["state"], soon["overdue_steps"]) == ("due_soon", None)
    late = run(register, triggers(), today=TODAY + timedelta(days=8)).register.row(0, named=True)
    assert (late["state"], late["overdue_steps"]) == ("overdue", "D3, D4")
    answered = register.with_columns(containment=pl.lit("隔离"), root_cause=pl.lit("模具"), response_date=pl.lit(TODAY))
    responded = run(answered, triggers(), today=TODAY + timedelta(days=8)).register.row(0, named=True)
    assert (responded["state"], responded["overdue_steps"]) == ("responded", None)
    closing = answered.with_columns(status=pl.lit("closed"), closed=pl.lit(TODAY + timedelta(days=9)))
    refused = run(closing, triggers(), today=TODAY + timedelta(days=9)).register.row(0, named=True)
    assert refused["state"] == "responded" and refused["_refused"] == ["actions", "prevention", "effectiveness"]
    complete = closing.with_columns(
        actions=pl.lit("换模"), prevention=pl.lit("保养"), effectiveness=pl.lit("effective")
    )
    assert run(complete, triggers(), today=TODAY + timedelta(days=40)).register["state"].item() == "closed"
