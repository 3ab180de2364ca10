"""Each detection rule, end to end on a small real workbook: one case where it fires and one where it does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.risk.cases import TODAY, base_frames, build, days, found, scan, with_frames


def _parts(critical: str, second_status: str = "approved") -> dict[str, pl.DataFrame]:
    frames = base_frames()
    parts = frames["parts"].with_columns(
        pl.when(pl.col("part") == "P1").then(pl.lit(critical)).otherwise("critical").alias("critical")
    )
    suppliers = frames["suppliers"].with_columns(
        pl.when(pl.col("code") == "S002").then(pl.lit(second_status)).otherwise("status").alias("status")
    )
    return {**frames, "parts": parts, "suppliers": suppliers}


def _single(critical: str) -> dict[str, pl.DataFrame]:
    extra = pl.DataFrame({"part": ["P3"], "supplier": ["S001"], "share": [1.0], "critical": [critical]})
    return with_frames(parts=pl.concat([base_frames()["parts"], extra]))


def _certs(valid_to: list[date], supplier: list[str] | None = None) -> dict[str, pl.DataFrame]:
    suppliers = supplier or ["S001"] * len(valid_to)
    extra = pl.DataFrame(
        {
            "supplier": suppliers,
            "cert_type": ["IATF 16949"] * len(valid_to),
            "number": [f"I{i}" for i in range(len(valid_to))],
            "valid_to": valid_to,
        }
    )
    return with_frames(certificates=pl.concat([base_frames()["certificates"], extra]))


def _agreement(contract_type: str) -> dict[str, pl.DataFrame]:
    frames = base_frames()
    suppliers = frames["suppliers"].with_columns(
        pl.when(pl.col("code") == "S001").then(None).otherwise("agreement_date").alias("agreement_date")
    )
    contracts = frames["contracts"].with_columns(
        pl.when(pl.col("party") == "S001").then(pl.lit(contract_type)).otherwise("contract_type").alias("contract_type")
    )
    return {**frames, "suppliers": suppliers, "contracts": contracts}


def _scores(s001: list[str], s002: list[float]) -> dict[str, pl.DataFrame]:
    periods = ["2025-Q4", "2026-Q1", "2026-Q2"]
    grades = ["A" if t >= 90 else "B" for t in s002]
    return with_frames(
        scorecard=pl.DataFrame(
            {
                "period": periods * 2,
                "supplier": ["S001"] * 3 + ["S002"] * 3,
                "total": [85.0, 80.0, 75.0 if s001[-1] == "C" else 82.0, *s002],
                "grade": [*s001, *grades],
            }
        )
    )


def _lots(recent_defects: int, baseline_defects: int) -> dict[str, pl.DataFrame]:
    received = [days(-200 + i) for i in range(10)] + [days(-30 + i) for i in range(5)]
    minor = [baseline_defects] + [0] * 9 + [recent_defects] + [0] * 4
    return with_frames(
        inspections=pl.DataFrame(
            {
                "lot": [f"L{i:02d}" for i in range(15)],
                "supplier": ["S001"] * 15,
                "part": ["P1"] * 15,
                "received": received,
                "lot_size": [1000] * 15,
                "sample_size": [100] * 15,
                "minor": minor,
            }
        )
    )


def _deliveries(
    late: int, suppliers: tuple[str, ...] = ("S001",), prices: tuple[float, ...] = (1.0,)
) -> dict[str, pl.DataFrame]:
    rows = [
        (s, p, days(-60 + i), days(-60 + i + (3 if i < late else 0)))
        for s, p in zip(suppliers, prices, strict=True)
        for i in range(6)
    ]
    return with_frames(
        deliveries=pl.DataFrame(
            {
                "po": [f"PO{i}" for i in range(len(rows))],
                "supplier": [r[0] for r in rows],
                "qty_ordered": [100.0] * len(rows),
                "qty_delivered": [100.0] * len(rows),
                "unit_price": [r[1] for r in rows],
                "due_date": [r[2] for r in rows],
                "delivered_date": [r[3] for r in rows],
            },
            schema_overrides={"due_date": pl.Date, "delivered_date": pl.Date},
        )
    )


def _contract(extra_end: date | None, end: date, notice: int | None = None) -> dict[str, pl.DataFrame]:
    contracts = base_frames()["contracts"].with_columns(
        pl.when(pl.col("party") == "S001").then(pl.lit(end)).otherwise("end").alias("end"),
        pl.lit(notice, pl.Int64).alias("renewal_notice_days"),
    )
    if extra_end is not None:
        renewal = pl.DataFrame(
            {
                "contract_no": ["K9"],
                "party_type": ["supplier"],
                "party": ["S001"],
                "contract_type": ["framework"],
                "start": [end],
                "end": [extra_end],
                "renewal_notice_days": [None],
            },
            schema_overrides={"renewal_notice_days": pl.Int64},
        )
        contracts = pl.concat([contracts, renewal])
    return with_frames(contracts=contracts)


def _severities(latest: str) -> dict[str, pl.DataFrame]:
    return with_frames(
        inspections=pl.DataFrame(
            {
                "lot": ["L1", "L2", "L3"],
                "supplier": ["S001"] * 3,
                "part": ["P1"] * 3,
                "received": [days(-20), days(-10), days(-5)],
                "lot_size": [500] * 3,
                "severity": ["tightened", "discontinued", latest],
            }
        )
    )


def _capa(closed: date | None) -> dict[str, pl.DataFrame]:
    return with_frames(
        corrective_actions=pl.DataFrame(
            {
                "scar_id": ["SCAR-1", "SCAR-2"],
                "supplier": ["S001", "S002"],
                "issued": [days(-40), days(-40)],
                "due_date": [days(-10), days(10)],
                "status": ["open", "open"],
                "closed": [closed, None],
            },
            schema_overrides={"closed": pl.Date},
        )
    )


@dataclass(frozen=True)
class Case:
    rule: str
    fires: Callable[[], dict[str, pl.DataFrame]]
    quiet: Callable[[], dict[str, pl.DataFrame]]
    subjects: set[tuple[str | None, str | None]]
    """(supplier, part) of each risk the firing case must produce, no more."""
    settings: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("single_source", lambda: _single("yes"), lambda: _single("no"), {("S001", "P3")}),
    Case("no_backup", lambda: _parts("yes", "conditional"), lambda: _parts("yes", "approved"), {("S001", "P1")}),
    Case("certificate", lambda: _certs([days(30)]), lambda: _certs([days(61)]), {("S001", None)}),
    Case(
        "certificate",
        lambda: _certs([days(-1)], ["S002"]),
        lambda: _certs([days(-100), days(400)], ["S002", "S002"]),
        {("S002", None)},
    ),
    Case("agreement", lambda: _agreement("framework"), lambda: _agreement("quality"), {("S001", None)}),
    Case(
        "grade",
        lambda: _scores(["B", "B", "C"], [95.0, 92.0, 91.0]),
        lambda: _scores(["B", "B", "B"], [91.0, 92.0, 95.0]),
        {("S001", None), ("S002", None)},
    ),
    Case(
        "ppm_spike",
        lambda: _lots(recent_defects=3, baseline_defects=1),
        lambda: _lots(recent_defects=1, baseline_defects=2),
        {("S001", None)},
    ),
    Case("on_time", lambda: _deliveries(late=2), lambda: _deliveries(late=0), {("S001", None)}),
    Case(
        "contract", lambda: _contract(None, days(30)), lambda: _contract(date(2029, 1, 1), days(30)), {("S001", None)}
    ),
    Case("contract", lambda: _contract(None, days(80), notice=90), lambda: _contract(None, days(80)), {("S001", None)}),
    Case(
        "spend",
        lambda: _deliveries(0, ("S001", "S002"), (4.0, 1.0)),
        lambda: _deliveries(0, ("S001", "S002", "S003", "S004"), (1.0,) * 4),
        {("S001", None)},
    ),
    Case("discontinued", lambda: _severities("discontinued"), lambda: _severities("tightened"), {("S001", "P1")}),
    Case("capa_overdue", lambda: _capa(None), lambda: _capa(days(-2)), {("S001", None)}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_fires_on_its_condition_and_not_without_it(tmp_path: Path, case: Case) -> None:
    firing = build(tmp_path / "fires.xlsx", case.fires(), settings=case.settings)
    scan(firing)
    rows = found(firing, case.rule)
    assert set(rows.select("supplier", "part").iter_rows()) == case.subjects
    assert rows["status"].to_list() == ["open"] * rows.height and rows["first_seen"].to_list() == [TODAY] * rows.height
    assert rows["risk_id"].str.starts_with("R-").all() and rows["description"].str.len_chars().min() > 10
    assert (rows["score"] == rows["likelihood"] * rows["impact"]).all() and rows["level"].is_not_null().all()
    quiet = build(tmp_path / "quiet.xlsx", case.quiet(), settings=case.settings)
    scan(quiet)
    assert found(quiet, case.rule).height == 0


def test_the_quiet_base_raises_no_risk_at_all(tmp_path: Path) -> None:
    path = build(tmp_path / "base.xlsx", base_frames())
    report = scan(path)
    assert report.counts["new"] == 0 and report.counts["open"] == 0


def test_an_expired_certificate_is_more_likely_than_an_expiring_one(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _certs([days(-5), days(20)], ["S001", "S002"]))
    scan(path)
    rows = found(path, "certificate").sort("supplier")
    assert rows["likelihood"].to_list() == [5, 3] and rows["trigger"].to_list() == ["-5", "20"]
    assert "已于" in rows["description"][0] and "将于" in rows["description"][1]


def test_single_source_scope_all_reports_every_single_source_part(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _single("no"), settings={"risk.single_source_scope": "all"})
    scan(path)
    assert found(path, "single_source")["part"].to_list() == ["P3"]


def test_grade_reads_the_scorecard_history_sheet_too(tmp_path: Path) -> None:
    history = pl.DataFrame(
        {"period": ["2025-Q4", "2026-Q1"], "supplier": ["S002", "S002"], "total": [95.0, 92.0], "grade": ["A", "A"]}
    )
    latest = pl.DataFrame({"period": ["2026-Q2"], "supplier": ["S002"], "total": [91.0], "grade": ["A"]})
    path = build(tmp_path / "book.xlsx", with_frames(score_history=history, scorecard=latest))
    scan(path)
    rows = found(path, "grade")
    assert rows["supplier"].to_list() == ["S002"] and rows["trigger"][0] == "95.0 → 92.0 → 91.0"


def test_a_disabled_rule_does_not_run(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _capa(None), settings={"risk.disabled_rules": "capa_overdue, spend"})
    scan(path)
    assert found(path, "capa_overdue").height == 0
