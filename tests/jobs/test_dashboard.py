"""The Dashboard job end to end: native charts with the expected series, a clean refresh, PDF rendering, demo data;
and the Check contracts job writing the sheet the risk scan reads."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import unescape

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.contracts import check_contracts
from srm_xl.jobs.customers import classify_customers, satisfaction, track_complaints
from srm_xl.jobs.dashboard import build_dashboard
from srm_xl.jobs.monthly_report import render_report
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import write_book
from tests.libreoffice import pdf_pages, soffice

TODAY = date(2026, 3, 31)


def _frames() -> dict[str, pl.DataFrame]:
    inspections = pl.DataFrame(
        {
            "lot": ["L1", "L2", "L3"],
            "supplier": ["V1", "V1", "V2"],
            "received": [date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 3)],
            "lot_size": [1000, 1000, 500],
            "sample_size": [100, 100, 50],
            "critical": [0, 0, 0],
            "major": [1, 0, 2],
            "minor": [1, 0, 0],
            "defect_type": ["burr", None, "scratch"],
            "decision": ["accept", "accept", "reject"],
        }
    )
    deliveries = pl.DataFrame(
        {
            "po": ["PO1", "PO2", "PO3"],
            "supplier": ["V1", "V1", "V2"],
            "due_date": [date(2026, 1, 10), date(2026, 1, 20), date(2026, 2, 5)],
            "delivered_date": [date(2026, 1, 10), date(2026, 1, 25), date(2026, 2, 5)],
        }
    )
    complaints = pl.DataFrame(
        {
            "complaint_id": ["K1", "K2", "K3"],
            "customer": ["C1", "C1", "C2"],
            "received": [date(2026, 3, 1)] * 3,
            "complaint_type": ["quality", "quality", "delivery"],
            "status": ["received", "confirmed", "received"],
            "resolved": [None, date(2026, 3, 5), None],
        }
    )
    customers = pl.DataFrame({"code": ["C1", "C2"], "name": ["A", "B"], "annual_revenue": [900.0, 100.0]})
    scorecard = pl.DataFrame(
        {
            "period": ["2025-Q4", "2025-Q4", "2026-Q1", "2026-Q1"],
            "supplier": ["V1", "V2", "V1", "V2"],
            "grade": ["A", "C", "B", "B"],
        }
    )
    risks = pl.DataFrame(
        {
            "risk_id": ["R1", "R2", "R3"],
            "category": ["quality"] * 3,
            "description": ["x"] * 3,
            "likelihood": [5, 5, 2],
            "impact": [4, 4, 1],
        }
    )
    actions = pl.DataFrame(
        {
            "scar_id": ["S1", "S2", "S3"],
            "supplier": ["V1", "V1", "V2"],
            "issued": [date(2026, 3, 20), date(2025, 12, 1), date(2026, 1, 1)],
            "due_date": [date(2026, 4, 20), date(2025, 12, 31), date(2026, 1, 31)],
            "status": ["open", "open", "closed"],
            "closed": [None, None, date(2026, 1, 20)],
        }
    )
    surveys = pl.DataFrame(
        {
            "survey_id": ["SV1", "SV1"],
            "customer": ["C1", "C2"],
            "period": ["2026-H1"] * 2,
            "quality": [5.0, 1.0],
            "recommend": [10, 3],
        }
    )
    return {
        "customers": customers,
        "inspections": inspections,
        "deliveries": deliveries,
        "complaints": complaints,
        "scorecard": scorecard,
        "risks": risks,
        "corrective_actions": actions,
        "surveys": surveys,
    }


def _charts(path: Path) -> dict[str, tuple[list[str], list[list[float]], str]]:
    """Each chart by title: its category cache, each series' cached values and its value reference."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            xml = archive.read(name).decode()
            title = re.search(r"<a:t>(.*?)</a:t>", xml).group(1)  # type: ignore[union-attr]
            series = re.findall(r"<c:val>(.*?)</c:val>", xml)
            values = [[float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", s)] for s in series]
            cat = re.search(r"<c:cat>(.*?)</c:cat>", xml).group(1)  # type: ignore[union-attr]
            categories = [unescape(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", cat)]
            refs = re.findall(r"<c:val><c:numRef><c:f>([^<]*)</c:f>", xml)
            found[title] = (categories, values, refs[0])
    return found


def test_dashboard_charts_carry_the_figures_and_refer_to_their_blocks(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx", _frames(), "en")
    with FileWorkbook(book) as wb:
        report = build_dashboard(wb, today=TODAY)
    charts = _charts(book)
    assert report.counts["charts"] == len(charts) == 8
    # PPM: January 2 defects / 200 sampled = 10,000; February 2 / 50 = 40,000
    categories, values, ref = charts["Incoming PPM trend"]
    assert categories == ["2026-01", "2026-02"] and values == [[10000.0, 40000.0]]
    sheet = openpyxl.load_workbook(book)["Dashboard"]
    match = re.fullmatch(r"'Dashboard'!\$B\$(\d+):\$B\$(\d+)", ref)
    assert match is not None
    assert [sheet[f"B{r}"].value for r in range(int(match.group(1)), int(match.group(2)) + 1)] == [10000, 40000]
    assert charts["On-time delivery trend"][1] == [[50.0, 100.0]]
    assert charts["Top defect types (Pareto)"][:2] == (["burr", "scratch"], [[1.0, 1.0]])
    categories, values, _ = charts["Complaints by type and status"]
    assert categories == ["Quality", "Delivery"] and values == [
        [1.0, 1.0],
        [0.0, 0.0],
        [1.0, 0.0],
    ]  # open, resolved, confirmed
    assert charts["Supplier grades (2026-Q1)"][:2] == (["A", "B", "C", "D", "Not graded"], [[0.0, 2.0, 0.0, 0.0, 0.0]])
    assert charts["Grade trend"][:2] == (["2025-Q4", "2026-Q1"], [[1.0, 0.0], [0.0, 2.0], [1.0, 0.0], [0.0, 0.0]])
    # S1 is 11 days old and not yet due; S2 is 120 days old and overdue; S3 is closed
    assert charts["Open corrective actions by age"][:2] == (
        ["0–30", "31–60", "61–90", ">90"],
        [[1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]],
    )
    # C1 is strategic (90% of revenue): quality 5 → 100; C2 ordinary: quality 1 → 0
    assert charts["Satisfaction index by class (2026-H1)"][:2] == (["Strategic", "Ordinary"], [[100.0, 0.0]])
    heat = {
        (sheet.cell(r, 1).value, c): sheet.cell(r, c + 1).value
        for r in range(1, sheet.max_row + 1)
        for c in range(1, 6)
    }
    assert heat[("5", 4)] == 2 and heat[("2", 1)] == 1 and heat[("1", 1)] == 0
    low, critical = (sheet.cell(r, c).fill.fgColor.rgb for r, c in ((_row(sheet, "1"), 2), (_row(sheet, "5"), 6)))
    assert low.endswith("C6EFCE") and critical.endswith(
        "C00000"
    )  # the Config matrix's levels, the Risks sheet's colours
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(6, 26)}
    assert labels["Lots inspected"] == 3 and labels["PPM"] == round(4 / 250 * 1e6) and labels["Open complaints"] == 2
    assert labels["Open corrective actions"] == 2 and labels["Overdue corrective actions"] == 1
    assert labels["Satisfaction index (2026-H1)"] == 50.0 and labels["NPS (2026-H1)"] == 0.0


def _row(sheet: object, label: str) -> int:
    """The heat-map row whose first cell is ``label`` (the likelihood)."""
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)  # type: ignore[attr-defined]


def test_refreshing_replaces_the_sheet_and_its_charts(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx", _frames(), "en")
    for _ in range(2):
        with FileWorkbook(book) as wb:
            build_dashboard(wb, today=TODAY)
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
    assert len([n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]) == 8
    assert len([n for n in names if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]) == 1
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames.count("Dashboard") == 1 and len(workbook["Dashboard"]._charts) == 8


def test_an_empty_workbook_still_gets_a_dashboard(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx", {"suppliers": pl.DataFrame({"code": ["V1"], "name": ["x"]})}, "zh")
    with FileWorkbook(book) as wb:
        report = build_dashboard(wb, today=TODAY)
    assert report.counts["charts"] == 0 and "仪表盘" in openpyxl.load_workbook(book).sheetnames


def test_check_contracts_writes_the_findings_sheet(tmp_path: Path) -> None:
    contracts = pl.DataFrame(
        {
            "contract_no": ["A"],
            "party_type": ["supplier"],
            "party": ["V1"],
            "contract_type": ["purchase"],
            "start": [date(2025, 1, 1)],
            "end": [date(2026, 4, 15)],
            "status": ["active"],
            "quality_agreement": ["QA"],
        }
    )
    book = write_book(tmp_path / "book.xlsx", {**_frames(), "contracts": contracts}, "en")
    with FileWorkbook(book) as wb:
        report = check_contracts(wb, today=TODAY)
        findings = wb.read(spec("contract_findings")).frame
    assert report.counts == {
        "expiring": 1,
        "expired": 0,
        "no_contract": 1,
        "no_quality_agreement": 1,
        "delivery_after_end": 0,
    }
    assert sorted(findings.select("finding", "party").rows()) == [
        ("expiring", "V1"),
        ("no_contract", "V2"),
        ("no_quality_agreement", "V2"),
    ]


@pytest.mark.libreoffice
def test_an_english_workbooks_report_is_english_and_says_where_there_is_no_data(tmp_path: Path) -> None:
    soffice()
    frames = {k: v for k, v in _frames().items() if k != "surveys"}
    book = write_book(tmp_path / "book.xlsx", frames, "en")
    pages = pdf_pages(render_report(book, tmp_path / "report.pdf", today=TODAY))
    assert len(pages) == 4
    assert (
        "Key figures" in pages[0]
        and "Incoming PPM trend" in pages[1]
        and "Overdue corrective actions (1 in all)" in pages[2]
    )
    assert "No data" in pages[3], "satisfaction has no survey rows"
    assert all(f"page {n} of 4" in text for n, text in enumerate(pages, start=1))
    assert not any(re.search(r"[\u4e00-\u9fff]", text) for text in pages)


def test_every_customer_job_runs_on_the_demo_data(tmp_path: Path) -> None:
    book = build_book(tmp_path / "demo.xlsx", sample_frames(), "zh")
    today = date(2026, 10, 31)
    for job in (classify_customers, track_complaints, satisfaction, check_contracts, build_dashboard):
        with FileWorkbook(book) as wb:
            report = job(wb, today=today)
        assert report.ok, (job.__name__, [i.message("en") for i in report.issues[:3]])
    sheets = openpyxl.load_workbook(book, read_only=True).sheetnames
    for key in ("customer_classes", "customer_class_history", "complaint_sla", "satisfaction", "contract_findings"):
        assert spec(key).name("zh") in sheets
    assert "仪表盘" in sheets and len(_charts(book)) >= 5


def test_the_grade_trend_reads_the_scorecard_history_when_there_is_one(tmp_path: Path) -> None:
    history = pl.DataFrame(
        {"period": ["2025-Q3", "2025-Q4", "2026-Q1"], "supplier": ["V1"] * 3, "grade": ["D", "C", "A"]}
    )
    book = write_book(tmp_path / "book.xlsx", {**_frames(), "score_history": history}, "en")
    with FileWorkbook(book) as wb:
        build_dashboard(wb, today=TODAY)
    categories, values, _ = _charts(book)["Grade trend"]
    assert categories == ["2025-Q3", "2025-Q4", "2026-Q1"] and values == [
        [0.0, 0.0, 1.0],
        [0.0] * 3,
        [0.0, 1.0, 0.0],
        [1.0, 0.0, 0.0],
    ]


def test_a_complaint_closed_in_the_ledger_without_a_date_is_not_counted_open(tmp_path: Path) -> None:
    """The complaints ledger as kept: KS-2601 处理中, KS-2602 已关闭 with no 解决日期 typed. Imported and put on the
    dashboard, one complaint is open, not two."""
    ledger = openpyxl.Workbook()
    sheet = ledger.active
    sheet.title = "客诉台账"
    sheet.append(["投诉编号", "客户编号", "投诉日期", "投诉类型", "问题描述", "状态"])
    sheet.append(["KS-2601", "KH01", "2026.1.20", "质量", "外壳开裂", "处理中"])
    sheet.append(["KS-2602", "KH01", "2月3日", "交付", "延期交货", "已关闭"])
    ledger.save(tmp_path / "客诉台账.xlsx")
    book = build_template(tmp_path / "quality.xlsx", "zh")
    runner = CliRunner()
    runner.invoke(app, ["import", str(tmp_path / "客诉台账.xlsx"), "--into", str(book)])
    result = runner.invoke(app, ["dashboard", str(book)])
    assert result.exit_code in (0, 1), result.output
    dashboard = openpyxl.load_workbook(book)["仪表盘"]
    cells = [c for row in dashboard.iter_rows() for c in row]
    label = next(c for c in cells if c.value == "未解决投诉")
    assert dashboard.cell(label.row, label.column + 1).value == 1
