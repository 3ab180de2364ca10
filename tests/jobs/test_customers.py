"""Customer jobs end to end on real workbooks: classification, complaint SLA, survey export → answer → import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.customers import classify_customers, export_surveys, import_surveys, satisfaction, track_complaints
from srm_xl.schema import spec
from tests.books import sheet_rows, write_book

TODAY = date(2026, 3, 20)
HOSTILE = "=cmd|' /C calc'!A0"


def _customers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": ["C1", "C2", "C3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "industry": ["auto", "auto", None],
            "region": ["East", "North", "South"],
            "contact": ["Li", "Wang", "Zhao"],
            "annual_revenue": [800.0, 150.0, 50.0],
            "margin": [0.2, 0.2, 0.2],
            "strategic": ["no", "no", "no"],
            "service_owner": ["Ma", "Ma", "Zhu"],
        }
    )


def _complaints() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "complaint_id": ["K1", "K2"],
            "customer": ["C1", "C9"],
            "received": [date(2026, 3, 1), date(2026, 3, 10)],
            "complaint_type": ["quality", "service"],
            "supplier": ["V1", None],
            "part": ["P1", None],
            "first_response": [None, date(2026, 3, 11)],
            "status": ["received", "responded"],
        }
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.xlsx", {"customers": _customers(), "complaints": _complaints()}, "en")


def test_classify_writes_classes_and_history(book: Path) -> None:
    with FileWorkbook(book) as wb:
        report = classify_customers(wb, today=TODAY)
    assert report.counts == {"strategic": 1, "important": 1, "ordinary": 1}
    assert [i.code for i in report.issues] == ["customer_incomplete"] and report.issues[
        0
    ].row == 4  # C3 has no industry
    assert (
        report.issues[0].message("en")
        == "Customers!C4: incomplete customer record: 'Industry' is empty — fill it in, or classification and service standards may be wrong"
    )
    rows = sheet_rows(book, "Customer classes")
    assert rows[0][0] == "Customer code" and [(r[0], r[9]) for r in rows[1:]] == [
        ("C1", "Strategic"),
        ("C2", "Important"),
        ("C3", "Ordinary"),
    ]
    with FileWorkbook(book) as wb:
        classify_customers(wb, today=TODAY)
        history = wb.read(spec("customer_class_history")).frame
    assert history.height == 3 and history["year"].unique().to_list() == [2026]


def test_track_complaints_flags_overdue_and_scar_need(book: Path) -> None:
    with FileWorkbook(book) as wb:
        report = track_complaints(wb, today=TODAY)
    assert report.counts == {"overdue": 1, "scar_raise": 1, "scar_join": 0}
    assert [i.code for i in report.issues] == ["complaint_customer_unknown"]
    assert "'C9'" in report.issues[0].message("en") and "客户“C9”" in report.issues[0].message("zh")
    with FileWorkbook(book) as wb:
        sla = {r["complaint_id"]: r for r in wb.read(spec("complaint_sla")).frame.iter_rows(named=True)}
    assert sla["K1"]["response_due"] == date(2026, 3, 2) and sla["K1"]["response_state"] == "overdue"
    assert sla["K1"]["scar_action"] == "raise"
    assert sla["K2"]["customer_class"] == "ordinary" and sla["K2"]["response_state"] == "on_time"


def _answer(path: Path, scores: dict[str, object], comment: str) -> None:
    """Fill a survey form as a customer would, with openpyxl (text typed as text, never formulas)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for key, value in {**scores, "comments": comment}.items():
        cell = sheet.cell(rows[key], 3)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    workbook.save(path)


def test_survey_round_trip_keeps_hostile_values_as_text(book: Path, tmp_path: Path) -> None:
    with FileWorkbook(book) as wb:
        report = export_surveys(wb, tmp_path / "out", ["C1", "C2"], today=TODAY)
    files = sorted((tmp_path / "out").glob("*.xlsx"))
    assert report.rows_written == 2 and [f.name for f in files] == ["SV-2026H1_C1.xlsx", "SV-2026H1_C2.xlsx"]
    form = openpyxl.load_workbook(files[0])
    sheet = form.worksheets[0]
    assert form.security.lockStructure and sheet.protection.sheet
    answer_rows = [
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value in ("quality", "recommend", "comments")
    ]
    assert all(sheet.cell(r, 3).protection.locked is False for r in answer_rows)
    assert sheet.cell(4, 3).value == "C1" and sheet.cell(4, 3).protection.locked is not False

    _answer(
        files[0], {"quality": 5, "delivery": 4, "price": 3, "service": 5, "communication": 1, "recommend": 10}, HOSTILE
    )
    _answer(
        files[1],
        {"quality": "+1", "delivery": "@SUM(1)", "price": 3, "service": HOSTILE, "communication": 9, "recommend": 6},
        "+1",
    )
    with FileWorkbook(book) as wb:
        report = import_surveys(wb, files)
    assert report.rows_written == 2
    bad = sorted((i.column, str(i.value)) for i in report.issues if i.code == "survey_bad_score")
    assert bad == [("Communication", "9"), ("Delivery", "@SUM(1)"), ("Quality", "+1"), ("Service", HOSTILE)]
    assert all("from 1 to 5" in i.message("en") for i in report.issues)

    surveys = openpyxl.load_workbook(book)["Satisfaction surveys"]
    values = {row[1]: row for row in surveys.iter_rows(min_row=2, values_only=True)}
    assert values["C1"][3:] == (5, 4, 3, 5, 1, 10, HOSTILE)
    assert values["C2"][3:] == (None, None, 3, None, None, 6, "+1")
    cells = [c for row in surveys.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells), "an imported value became a formula"

    with FileWorkbook(book) as wb:
        report = satisfaction(wb, today=TODAY)
        rows = {(r["level"], r["group"]): r for r in wb.read(spec("satisfaction")).frame.iter_rows(named=True)}
    # C1: (100×30 + 75×25 + 50×15 + 100×15 + 0×15) / 100 = 71.25; C2 answers only price: 50
    assert rows[("customer", "C1")]["index"] == pytest.approx(71.25)
    assert rows[("customer", "C2")]["index"] == pytest.approx(50.0)
    assert rows[("overall", "all")]["index"] == pytest.approx((71.25 + 50.0) / 2)
    assert rows[("overall", "all")]["nps"] == pytest.approx(0.0)  # one promoter (10), one detractor (6)


def test_import_refuses_a_file_that_is_not_a_form(book: Path, tmp_path: Path) -> None:
    stranger = write_book(tmp_path / "other.xlsx", {"customers": _customers()}, "en")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with FileWorkbook(book) as wb:
        report = import_surveys(wb, [stranger, junk])
    assert report.rows_written == 0
    assert {i.code for i in report.issues} >= {"survey_not_a_form"}
    assert any(i.sheet == "junk.xlsx" and i.severity == "error" for i in report.issues)


def test_a_form_whose_identity_was_altered_is_refused(book: Path, tmp_path: Path) -> None:
    with FileWorkbook(book) as wb:
        export_surveys(wb, tmp_path / "out", ["C1"], today=TODAY)
    form = next((tmp_path / "out").glob("*.xlsx"))
    _answer(form, {"quality": 5, "recommend": 9}, "fine")
    workbook = openpyxl.load_workbook(form)
    workbook.worksheets[0]["C4"] = "C2"  # answering in another customer's name
    workbook.save(form)
    with FileWorkbook(book) as wb:
        report = import_surveys(wb, [form])
    assert report.rows_written == 0 and [i.code for i in report.issues] == ["survey_signature_mismatch"]
    assert "does not match its signature" in report.issues[0].message("en")
    assert not openpyxl.load_workbook(book).sheetnames.count("Satisfaction surveys")


def _kept_survey_book(path: Path, rows: list[list[object]]) -> Path:
    """A Chinese book with customers C1–C3 and a 满意度调查 sheet typed by hand (a plain sheet, no Table)."""
    write_book(path, {"customers": _customers()}, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("满意度调查")
    sheet.append(["调查编号", "客户代码", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿", "意见建议"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _returned_form(book: Path, out: Path, customer: str, scores: dict[str, object]) -> Path:
    """The form exported to ``customer``, answered with ``scores``."""
    with FileWorkbook(book) as wb:
        export_surveys(wb, out, [customer], today=TODAY)
    form = next(out.glob(f"*_{customer}.xlsx"))
    _answer(form, scores, "")
    return form


def test_survey_import_keeps_text_the_user_typed_on_other_rows(tmp_path: Path) -> None:
    book = _kept_survey_book(
        tmp_path / "book.xlsx",
        [
            ["MY2025H2", "C1", "2025-H2", "良好", 4, 4, 4, 4, "7.8", "交期稳定"],
            ["MY2025H2", "C2", "2025-H2", 3, 3, 3, 3, 3, 6, None],
        ],
    )
    form = _returned_form(book, tmp_path / "out", "C3", {"quality": 5, "recommend": 9})
    with FileWorkbook(book) as wb:
        report = import_surveys(wb, [form])
    assert report.rows_written == 1
    rows = sheet_rows(book, "满意度调查", min_row=2)
    assert [(r[1], r[3], r[8], r[9]) for r in rows] == [
        ("C1", "良好", "7.8", "交期稳定"),
        ("C2", 3, 6, None),
        ("C3", 5, 9, None),
    ]


def test_the_satisfaction_headline_is_the_latest_month_and_changes_follow_the_calendar(tmp_path: Path) -> None:
    book = _kept_survey_book(
        tmp_path / "book.xlsx",
        [
            [f"S-{month}", "C1", month, score, score, score, score, score, 8]
            for month, score in (("2026年3月", 1), ("2026年10月", 5), ("2026年12月", 3))
        ],
    )
    with FileWorkbook(book) as wb:
        report = satisfaction(wb, today=TODAY)
    assert report.summary_zh == "3 份答卷; 2026年12月 满意度指数 50.0, NPS 0.0"
    rows = sheet_rows(book, "满意度指数", min_row=2)
    overall = [(r[1], r[4], r[5]) for r in rows if r[0] == rows[0][0]]
    assert overall == [("2026年3月", 0, None), ("2026年10月", 100, 100), ("2026年12月", 50, -50)]


def test_the_chinese_satisfaction_index_names_its_groups_in_chinese(tmp_path: Path) -> None:
    book = _kept_survey_book(
        tmp_path / "book.xlsx",
        [["MY2026H1", "C1", "2026-H1", 5, 4, 3, 4, 5, 9], ["MY2026H1", "C3", "2026-H1", 2, 3, 3, 2, 3, 5]],
    )
    with FileWorkbook(book) as wb:
        classify_customers(wb, today=TODAY)
        satisfaction(wb, today=TODAY)
    rows = sheet_rows(book, "满意度指数")
    assert rows[0][:3] == ("层级", "期间", "对象")
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("全部", "全部"),
        ("客户等级", "一般客户"),
        ("客户等级", "战略客户"),
        ("维度", "沟通"),
        ("维度", "交付"),
        ("维度", "价格"),
        ("维度", "质量"),
        ("维度", "服务"),
        ("客户", "C1"),
        ("客户", "C3"),
    ]
    with FileWorkbook(book) as wb:
        groups = wb.read(spec("satisfaction")).frame["group"].to_list()
    assert groups[:3] == ["all", "ordinary", "strategic"] and groups[-1] == "C3"


def test_surveys_import_reads_4分_as_4_and_exits_1_when_it_rejects_answers(tmp_path: Path) -> None:
    book = _kept_survey_book(tmp_path / "book.xlsx", [])
    good = _returned_form(book, tmp_path / "out", "C1", {"quality": "4分", "recommend": "9分", "delivery": 5})
    bad = _returned_form(book, tmp_path / "out", "C2", {"quality": 6, "delivery": 0, "recommend": 11, "price": 3})
    runner = CliRunner()
    result = runner.invoke(app, ["surveys", "import", str(book), str(good)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["surveys", "import", str(book), str(bad)])
    assert result.exit_code == 1, "three answers were rejected: the exit code says to look"
    assert result.output.count("survey_bad_score") == 3
    rows = {r[1]: r for r in sheet_rows(book, "满意度调查", min_row=2)}
    assert rows["C1"][3:5] == (4, 5) and rows["C1"][8] == 9
    assert rows["C2"][3:6] == (None, None, 3) and rows["C2"][8] is None


def _kept_complaints_book(path: Path, rows: list[list[object]]) -> Path:
    """A Chinese book with customers C1–C3 and a 客户投诉 sheet typed by hand (a plain sheet, no Table)."""
    write_book(path, {"customers": _customers()}, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("客户投诉")
    sheet.append(["投诉编号", "客户代码", "接收日期", "投诉类型", "状态", "首次回复日期", "解决日期"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_closed_complaint_is_never_overdue_and_a_missing_date_is_asked_for(tmp_path: Path) -> None:
    book = _kept_complaints_book(
        tmp_path / "book.xlsx",
        [
            ["K1", "C3", "2026.11.20", "质量", "已结案", "2026.11.20", None],
            ["K2", "C3", "2026.11.25", "质量", "已结案", None, None],
            ["K3", "C3", "2026.10.01", "质量", "已结案", "2026.10.02", "2026.10.05"],
            ["K4", "C3", "2026.10.01", "服务", "处理中", None, None],
        ],
    )
    with FileWorkbook(book) as wb:
        report = track_complaints(wb, today=date(2026, 12, 7))
    assert report.counts["overdue"] == 1  # only K4, still open
    missing = [(i.cell, i.severity) for i in report.issues if i.code == "complaint_done_no_date"]
    assert missing == [("F3", "warning"), ("G2", "warning"), ("G3", "warning")]  # K2 lacks both dates
    message = next(i for i in report.issues if i.cell == "G2")
    assert (
        message.message("zh")
        == "客户投诉!G2: 投诉状态表明此步已完成, 但“解决日期”为空——未计为逾期; 请补填该日期, 以便判断是否按期"
    )
    assert "'解决日期' is empty" in message.message("en")
    rows = {r[0]: r for r in sheet_rows(book, "投诉时效", min_row=2)}
    states = {k: (r[8], r[11], r[12]) for k, r in rows.items()}  # 回复时效, 解决时效, 处理天数
    assert states["K1"] == ("按期", None, None)
    assert states["K2"] == (None, None, None)
    assert states["K3"] == ("按期", "按期", 4)
    assert states["K4"] == ("已逾期", "已逾期", 67)


def test_a_complaint_received_in_the_future_is_flagged_and_counts_no_days(tmp_path: Path) -> None:
    book = _kept_complaints_book(tmp_path / "book.xlsx", [["K3", "C3", "2026.12.20", "质量", "处理中", None, None]])
    with FileWorkbook(book) as wb:
        report = track_complaints(wb, today=date(2026, 12, 7))
    future = [i for i in report.issues if i.code == "complaint_received_future"]
    assert [(i.cell, i.severity) for i in future] == [("C2", "warning")]
    assert "2026-12-20" in future[0].message("zh") and "future" in future[0].message("en")
    row = sheet_rows(book, "投诉时效", min_row=2)[0]
    assert row[12] is None and row[8] == "未到期" and report.counts["overdue"] == 0


def test_a_reply_dated_before_the_complaint_came_in_is_flagged_and_not_on_time(tmp_path: Path) -> None:
    """A slip of the year (2025.11.21 for 2026.11.21) puts the reply before the complaint: it is named by its row
    and judged neither on time nor late."""
    book = _kept_complaints_book(
        tmp_path / "book.xlsx",
        [
            ["K1", "C3", "2026.11.20", "质量", "已结案", "2025.11.21", "2026.11.25"],
            ["K2", "C3", "2026.11.20", "质量", "已结案", "2026.11.21", "2026.11.19"],
        ],
    )
    with FileWorkbook(book) as wb:
        report = track_complaints(wb, today=date(2026, 12, 7))
    early = [i for i in report.issues if i.code == "complaint_before_received"]
    assert [(i.cell, i.severity) for i in early] == [("F2", "warning"), ("G3", "warning")]
    assert early[0].message("zh").startswith("客户投诉!F2: ") and "早于收到投诉的日期" in early[0].message("zh")
    rows = {r[0]: r for r in sheet_rows(book, "投诉时效", min_row=2)}
    assert (rows["K1"][8], rows["K1"][11]) == (None, "按期")
    assert (rows["K2"][8], rows["K2"][11], rows["K2"][12]) == ("按期", None, None)
