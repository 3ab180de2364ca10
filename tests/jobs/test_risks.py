"""The risk scan end to end: re-runs with the user's edits in between, cleared and reappearing risks, the heat
map against the register, English workbooks, and the demo data."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import SheetError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW
from tests.libreoffice import convert
from tests.risk.cases import TODAY, base_frames, build, days, register, scan, with_frames

HEAT = spec("risk_heatmap")
OUR_EDITS = {
    "owner": "王工",
    "plan": "导入第二货源",
    "status": "in_progress",
    "notes": "已与供应商沟通",
    "controls": "安全库存",
}


def _risky() -> dict[str, pl.DataFrame]:
    """The quiet base plus an expiring certificate (S001) and a single-source critical part (P3 from S002)."""
    frames = base_frames()
    certificates = frames["certificates"].with_columns(
        pl.when(pl.col("supplier") == "S001").then(pl.lit(days(20))).otherwise("valid_to").alias("valid_to")
    )
    parts = pl.concat(
        [frames["parts"], pl.DataFrame({"part": ["P3"], "supplier": ["S002"], "share": [1.0], "critical": ["yes"]})]
    )
    return {**frames, "certificates": certificates, "parts": parts}


def _restage(path: Path, key: str, frame: pl.DataFrame) -> None:
    """Rewrite one sheet of ``path`` as a user would after editing it."""
    with FileWorkbook(path) as book:
        sheet = spec(key)
        book.stage(draft_from_spec(sheet, frame, book.lang, name=book.find(sheet)))
        book.commit()


def _edit_register(path: Path) -> None:
    """Fill in the user's fields on the certificate risk, add a column of their own and a manual risk."""
    frame = register(path).drop(ROW)
    edited = frame.with_columns(
        *(
            pl.when(pl.col("source") == "certificate").then(pl.lit(v)).otherwise(pl.col(k)).alias(k)
            for k, v in OUR_EDITS.items()
        ),
        pl.when(pl.col("source") == "certificate")
        .then(pl.lit(date(2026, 8, 1)))
        .otherwise(pl.col("due_date"))
        .alias("due_date"),
        pl.lit("自定义").alias("我的标签"),
    )
    manual = pl.DataFrame(
        {
            "risk_id": ["R-M-1"],
            "supplier": ["S003"],
            "category": ["financial"],
            "description": ["资金链紧张"],
            "likelihood": [2],
            "impact": [5],
            "status": ["open"],
            "source": ["manual"],
            "owner": ["李工"],
        }
    )
    _restage(path, "risks", pl.concat([edited, manual], how="diagonal_relaxed"))


def test_rerunning_keeps_the_users_edits_and_never_duplicates(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    first = scan(path)
    assert first.counts["new"] == 2 and first.counts["open"] == 2
    ids = sorted(register(path)["risk_id"].to_list())
    _edit_register(path)
    second = scan(path, today=days(1))
    assert (second.counts["new"], second.counts["resolved"], second.counts["open"]) == (0, 0, 3)
    after = register(path)
    assert (
        after.height == 3
        and after["risk_id"].n_unique() == 3
        and sorted(after.filter(pl.col("source") != "manual")["risk_id"]) == ids
    )
    cert = after.filter(pl.col("source") == "certificate").row(0, named=True)
    assert (
        {k: cert[k] for k in OUR_EDITS} == OUR_EDITS
        and cert["due_date"] == date(2026, 8, 1)
        and cert["我的标签"] == "自定义"
    )
    assert cert["first_seen"] == TODAY and cert["last_seen"] == days(1) and cert["trigger"] == "19", (
        "the scan refreshes its own fields"
    )
    manual = after.filter(pl.col("risk_id") == "R-M-1").row(0, named=True)
    assert (manual["owner"], manual["description"], manual["status"], manual["score"], manual["level"]) == (
        "李工",
        "资金链紧张",
        "open",
        10,
        "high",
    )
    assert manual["first_seen"] is None and manual["last_seen"] is None


def test_a_cleared_condition_resolves_with_the_date_and_a_reappearing_one_reopens(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    _edit_register(path)
    _restage(path, "certificates", base_frames()["certificates"])
    cleared = scan(path, today=days(3))
    assert cleared.counts["resolved"] == 1 and cleared.counts["open"] == 2
    cert = register(path).filter(pl.col("source") == "certificate").row(0, named=True)
    assert (cert["status"], cert["resolved"], cert["owner"], cert["last_seen"]) == ("resolved", days(3), "王工", TODAY)
    again = scan(path, today=days(4))
    assert again.counts["resolved"] == 0 and register(path).filter(pl.col("status") == "resolved")[
        "resolved"
    ].to_list() == [days(3)]
    _restage(path, "certificates", _risky()["certificates"])
    reopened = scan(path, today=days(5))
    assert reopened.counts["reopened"] == 1 and reopened.counts["new"] == 0
    cert = register(path).filter(pl.col("source") == "certificate").row(0, named=True)
    assert (cert["status"], cert["resolved"], cert["owner"], cert["first_seen"]) == ("open", None, "王工", TODAY)


def test_new_ratings_in_the_config_sheet_refresh_rule_risks_on_the_next_run(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    _edit_register(path)
    settings = {
        "risk.certificate_likelihood": "5",
        "risk.certificate_impact": "5",
        "risk.matrix": "; ".join(["C C C C C"] * 5),
    }
    _restage(path, "config", pl.DataFrame({"setting": list(settings), "value": list(settings.values())}))
    report = scan(path, today=days(1))
    rows = register(path)
    cert = rows.filter(pl.col("source") == "certificate").row(0, named=True)
    assert (cert["likelihood"], cert["impact"], cert["score"], cert["level"], cert["owner"]) == (
        5,
        5,
        25,
        "critical",
        "王工",
    )
    assert report.counts["updated"] == 2 and report.counts["critical"] == 3 and set(rows["level"]) == {"critical"}


def test_a_likelihood_the_user_set_is_kept_when_the_scan_rates_the_risk_again(tmp_path: Path) -> None:
    """The engineer knows better than the data: likelihood 2 on the certificate risk stays through a re-scan that
    rates it 5 × 5 (score and level follow the engineer's rating); the scan's own rating is shown beside it."""
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    frame = register(path).drop(ROW)
    impact = frame.filter(pl.col("source") == "certificate")["impact"].item()
    _restage(
        path,
        "risks",
        frame.with_columns(
            pl.when(pl.col("source") == "certificate").then(2).otherwise(pl.col("likelihood")).alias("likelihood")
        ),
    )
    settings = {"risk.certificate_likelihood": "5", "risk.certificate_impact": "5"}
    _restage(path, "config", pl.DataFrame({"setting": list(settings), "value": list(settings.values())}))
    report = scan(path, today=days(1))
    cert = register(path).filter(pl.col("source") == "certificate").row(0, named=True)
    assert (cert["likelihood"], cert["impact"], cert["scan_rating"]) == (2, impact, "5×5"), "the rating the user set"
    assert cert["score"] == 2 * impact != 25 and report.counts["kept"] == 1
    assert "1 keep the likelihood / impact you set" in " ".join(report.summary_en.split())


def test_a_status_the_user_chose_stands_while_the_condition_holds(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    frame = register(path).drop(ROW).with_columns(pl.lit("accepted").alias("status"))
    _restage(path, "risks", frame)
    report = scan(path, today=days(1))
    assert set(register(path)["status"]) == {"accepted"} and report.counts["open"] == 2


def _grid(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[tuple[int, int], int]:
    """(likelihood, impact) → count from the heat map's grid, read from its labelled rows and columns."""
    impacts = [sheet.cell(3, c).value for c in range(2, 7)]
    grid = {}
    for row in range(4, 9):
        likelihood = sheet.cell(row, 1).value
        for col, impact in enumerate(impacts, start=2):
            grid[(likelihood, impact)] = sheet.cell(row, col).value
    return grid


def test_the_heat_map_counts_equal_the_open_risks_of_the_register(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    _edit_register(path)
    _restage(path, "certificates", base_frames()["certificates"])
    scan(path, today=days(3))
    open_rows = register(path).filter(pl.col("status") != "resolved")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[HEAT.zh]
    grid = _grid(sheet)
    expected = {(li, im): 0 for li in range(1, 6) for im in range(1, 6)}
    for likelihood, impact in open_rows.select("likelihood", "impact").iter_rows():
        expected[(likelihood, impact)] += 1
    assert grid == expected and sum(grid.values()) == 2
    assert sheet.cell(4, 6).fill.fgColor.rgb == "FFC00000" and sheet.cell(8, 2).fill.fgColor.rgb == "FFC6EFCE", (
        "cells take their level's colour"
    )
    levels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(11, 15)}
    assert levels == {"极高": 0, "高": 2, "中": 0, "低": 0}
    listed = [r for r in sheet.iter_rows(min_row=18, values_only=True) if r[1]]
    assert sorted(r[1] for r in listed) == sorted(open_rows["risk_id"]) and listed[0][0] == "高"
    categories = {sheet.cell(r, 9).value: sheet.cell(r, 10).value for r in range(4, 12)}
    assert categories["供应连续性"] == 1 and categories["财务"] == 1 and sum(categories.values()) == 2
    charts = _chart_parts(path)
    assert len(charts) == 1 and "<c:barChart>" in charts[0] and "$I$4:$I$11" in charts[0] and "$J$4:$J$11" in charts[0]


def _chart_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]


@pytest.mark.libreoffice
def test_the_heat_map_and_its_chart_survive_a_real_spreadsheet_engine(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky())
    scan(path)
    reopened = convert(path, tmp_path / "lo")
    grid = _grid(openpyxl.load_workbook(path)[HEAT.zh])
    again = openpyxl.load_workbook(reopened)[HEAT.zh]
    assert _grid(again) == grid and again.cell(4, 6).fill.fgColor.rgb == "FFC00000"
    charts = _chart_parts(reopened)
    assert len(charts) == 1 and "J$4:$J$11" in charts[0] and "barChart" in charts[0]


def test_an_english_workbook_gets_english_sheets_and_descriptions(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", _risky(), lang="en")
    report = scan(path)
    assert "2 new" in report.summary("en") and report.sheets == ["Risks", "Risk heat map"]
    rows = register(path)
    assert rows.filter(pl.col("source") == "certificate")["description"][0].startswith(
        "S001 甲公司's ISO 9001 certificate C1 expires on"
    )
    assert openpyxl.load_workbook(path)["Risk heat map"]["A1"].value.startswith("Risk heat map (2 open risks")


def test_a_register_cell_that_cannot_be_read_stops_the_scan_before_anything_is_written(tmp_path: Path) -> None:
    typed = pl.DataFrame(
        {
            "risk_id": ["R-1"],
            "category": ["quality"],
            "description": ["来料不良"],
            "likelihood": ["很高"],
            "impact": ["3"],
        }
    )
    path = build(tmp_path / "book.xlsx", with_frames(risks=typed))
    before = path.read_bytes()
    with pytest.raises(SheetError) as caught:
        scan(path)
    assert caught.value.code == "risk_register_unreadable" and "F2" in caught.value.message("zh")
    assert path.read_bytes() == before


def test_the_scan_appends_one_audit_row_per_run(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", with_frames())
    scan(path)
    scan(path)
    with FileWorkbook(path) as book:
        log = book.read(spec("audit_log")).frame
    assert log["job"].to_list() == ["scan_risks", "scan_risks"]


def test_the_demo_data_scan_finds_risks_of_many_rules_and_is_idempotent(tmp_path: Path) -> None:
    path = build_book(tmp_path / "demo.xlsx", sample_frames(), "zh")
    first = scan(path, today=date(2026, 11, 1))
    rows = register(path)
    sources = set(rows["source"])
    assert {"manual", "single_source", "certificate", "contract", "on_time", "ppm_spike", "capa_overdue"} <= sources
    assert (
        rows["risk_id"].n_unique() == rows.height
        and first.counts["open"] == rows.filter(pl.col("status") != "resolved").height
    )
    assert sum(first.counts[level] for level in ("low", "medium", "high", "critical")) == first.counts["open"]
    second = scan(path, today=date(2026, 11, 1))
    assert (second.counts["new"], second.counts["updated"], second.counts["resolved"]) == (0, 0, 0)
    assert register(path).drop(ROW).equals(rows.drop(ROW))
