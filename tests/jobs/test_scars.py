"""``raise_scars`` end to end on real workbooks: SCARs raised once, responses typed in the register or the 8D
form kept and merged, states tracked by date, closures without effectiveness refused, and the demo data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl

from srm_xl.capa.triggers import scar_id
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.jobs.scars import raise_scars
from srm_xl.schema import spec
from srm_xl.sheets.eightd_layout import FACT_ROWS, RESPONSES
from tests.books import sheet_rows, write_book
from tests.capa.frames import TODAY, lot, typed

REGISTER = "纠正措施"
LOT_SCAR = scar_id("lot", "L1", 2026)
FORM = f"8D报告-{LOT_SCAR}"


def book_with_triggers(path: Path) -> Path:
    return write_book(
        path,
        {
            "inspections": typed(
                "inspections",
                [
                    lot("L1", date(2026, 5, 20)),
                    lot("L2", date(2026, 5, 22)),
                    lot("L3", date(2026, 5, 23), decision="accept", defect=None),
                ],
            ).drop("_row"),
            "scorecard": typed(
                "scorecard",
                [
                    {"period": "2026-Q1", "supplier": "S002", "grade": "C", "total": 66.0},
                    {"period": "2026-Q1", "supplier": "S003", "grade": "A", "total": 95.0},
                ],
            ).drop("_row"),
            "complaints": typed(
                "complaints",
                [
                    {
                        "complaint_id": "CC-9",
                        "customer": "C1",
                        "received": date(2026, 5, 30),
                        "supplier": "S004",
                        "description": "客户投诉毛刺",
                    }
                ],
            ).drop("_row"),
        },
    )


def run(path: Path, today: date = TODAY) -> Report:
    with FileWorkbook(path) as book:
        return raise_scars(book, today=today)


def register(path: Path) -> list[dict[str, Any]]:
    rows = sheet_rows(path, REGISTER)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    """Type values into cells, as a person in Excel would (the file is saved by openpyxl)."""
    workbook = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        workbook[sheet][ref] = value
    workbook.save(path)


def register_cells(path: Path, scar: str) -> dict[str, str]:
    """Each register header → the cell of ``scar``'s row under it."""
    rows = sheet_rows(path, REGISTER)
    row = next(i for i, r in enumerate(rows) if r[0] == scar) + 1
    return {h: f"{openpyxl.utils.get_column_letter(i + 1)}{row}" for i, h in enumerate(rows[0])}


def test_each_trigger_gets_a_register_row_and_an_8d_form(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    report = run(path)
    rows = register(path)
    assert sorted((r["来源"], r["供应商代码"], r["触发依据"]) for r in rows) == [
        ("客户投诉", "S004", "CC-9"),
        ("来料拒收", "S001", "L1"),
        ("评分C/D", "S002", "2026-Q1"),
    ]
    lot_row = next(r for r in rows if r["SCAR编号"] == LOT_SCAR)
    assert lot_row["关联批号"] == "L1; L2" and lot_row["D3围堵期限"].date() == TODAY + timedelta(days=1)
    assert lot_row["计算状态"] == "即将到期" and lot_row["8D报告"] == FORM
    assert report.counts["new"] == 3 and report.counts["forms"] == 3
    workbook = openpyxl.load_workbook(path)
    assert {f"8D报告-{r['SCAR编号']}" for r in rows} <= set(workbook.sheetnames)
    link = workbook[REGISTER][register_cells(path, LOT_SCAR)["8D报告"]].hyperlink
    assert link is not None and link.location == f"'{FORM}'!A1"
    assert workbook[FORM]["B3"].value == LOT_SCAR


def test_a_rejected_lot_without_a_defect_type_says_so_in_its_problem(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "book.xlsx",
        {"inspections": typed("inspections", [lot("L7", date(2026, 5, 20), defect=None)]).drop("_row")},
    )
    run(path)
    (row,) = register(path)
    assert row["问题描述"].startswith("1批来料拒收(未写缺陷类型): 批号 L7"), row["问题描述"]


def test_rerun_with_user_edits_keeps_them_and_never_duplicates(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    cells = register_cells(path, LOT_SCAR)
    edit(path, REGISTER, {cells["根本原因"]: "模具磨损", cells["跟进人"]: "张工"})
    edit(
        path,
        FORM,
        {
            f"B{RESPONSES['containment'].row}": "库存全检隔离",
            f"B{RESPONSES['why_1'].row}": "毛刺超标",
            f"B{RESPONSES['response_date'].row}": datetime(2026, 6, 2),
        },
    )
    report = run(path, TODAY + timedelta(days=1))
    rows = register(path)
    assert len(rows) == 3 and report.counts["new"] == 0
    lot_row = next(r for r in rows if r["SCAR编号"] == LOT_SCAR)
    assert (lot_row["根本原因"], lot_row["跟进人"], lot_row["围堵措施"]) == ("模具磨损", "张工", "库存全检隔离")
    assert lot_row["回复日期"].date() == date(2026, 6, 2) and lot_row["计算状态"] == "已回复"
    form = openpyxl.load_workbook(path)[FORM]
    assert form[f"B{RESPONSES['why_1'].row}"].value == "毛刺超标", "answers only the form holds are kept"
    assert form[f"B{RESPONSES['root_cause'].row}"].value == "模具磨损", "the register's answer is shown on the form"
    assert form[f"B{RESPONSES['response_date'].row}"].value == datetime(2026, 6, 2), "a typed date stays a date"
    run(path, TODAY + timedelta(days=1))
    assert register(path) == rows


def test_conflicting_answers_keep_both_and_warn(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    edit(path, REGISTER, {register_cells(path, LOT_SCAR)["根本原因"]: "模具磨损"})
    edit(path, FORM, {f"B{RESPONSES['root_cause'].row}": "来料不良"})
    report = run(path)
    assert next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)["根本原因"] == "模具磨损"
    assert openpyxl.load_workbook(path)[FORM][f"B{RESPONSES['root_cause'].row}"].value == "来料不良"
    conflict = [i for i in report.issues if i.code == "capa_form_conflict"]
    assert len(conflict) == 1 and "来料不良" in conflict[0].message("zh") and "模具磨损" in conflict[0].message("zh")


def test_a_form_date_that_is_not_a_date_is_reported_and_left_out(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    edit(path, FORM, {f"B{RESPONSES['response_date'].row}": "下周一"})
    report = run(path)
    bad = [i for i in report.issues if i.code == "capa_form_bad_date"]
    assert [i.message("en") for i in bad] == [
        f"{FORM}: 8D form '{FORM}': Response date '下周一' is not a recognisable date — use a date such as 2026-03-05"
    ]
    assert next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)["回复日期"] is None


def test_overdue_steps_when_dates_pass(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    report = run(path, TODAY + timedelta(days=10))
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert (lot_row["计算状态"], lot_row["逾期步骤"]) == ("已逾期", "D3, D4")
    assert report.counts["overdue"] == 3
    overdue = [i for i in report.issues if i.code == "capa_overdue"]
    assert {i.fields["scar_id"] for i in overdue} == {r["SCAR编号"] for r in register(path)}
    assert overdue[0].message("en").startswith(f"{REGISTER}!")


def test_closing_without_effectiveness_is_refused_with_a_message(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    cells = close_lot_scar(path, None)
    report = run(path, date(2026, 6, 21))
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert lot_row["计算状态"] == "已回复" and lot_row["状态"] == "已关闭", (
        "the person's entry stays; the state is not closed"
    )
    refused = [i for i in report.issues if i.code == "capa_close_refused"]
    assert len(refused) == 1
    assert refused[0].message("en") == (
        f"{REGISTER}!{cells['状态']}: {LOT_SCAR} cannot be closed: "
        "Effectiveness check missing — complete them first (closing needs an 'Effective' "
        "effectiveness check and every step done)"
    )
    edit(path, REGISTER, {cells["有效性验证"]: "有效"})
    report = run(path, date(2026, 6, 21))
    assert next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)["计算状态"] == "已关闭"
    assert report.counts["refused"] == 0 and report.counts["forms"] == 2, "a closed SCAR needs no new form"


def test_demo_data_run_twice(tmp_path: Path) -> None:
    from srm_xl.demo.run import build_book
    from srm_xl.demo.sample_data import sample_frames

    frames = sample_frames()
    path = build_book(tmp_path / "demo.xlsx", frames, "zh")
    today = date(2026, 11, 5)
    first = run(path, today)
    with FileWorkbook(path) as book:
        rows = book.read(spec("corrective_actions")).frame
        assert book.lang == "zh" and all(n.startswith("8D报告-") for n in rows["form"].drop_nulls())
        assert set(rows["form"].drop_nulls()) <= set(book.sheet_names())
    recent = frames["inspections"].filter(
        (pl.col("decision") == "reject") & (pl.col("received") >= today - timedelta(days=90))
    )
    linked = set(rows.select(pl.coalesce("lots", "trigger").str.split("; ").explode())[:, 0])
    assert set(recent["lot"]) <= linked, "every recent rejected lot is on a SCAR"
    assert first.counts["new"] > 50 and first.counts["forms"] == rows.filter(pl.col("state") != "closed").height
    assert rows["scar_id"].is_unique().all()
    second = run(path, today)
    with FileWorkbook(path) as book:
        again = book.read(spec("corrective_actions")).frame
    assert second.counts["new"] == 0 and again.equals(rows)


def test_rejected_lots_older_than_the_look_back_are_counted_not_raised_silently(tmp_path: Path) -> None:
    days = (5, 40, 89, 91, 120, 400)  # received this many days before today; 90-day look-back
    lots = pl.DataFrame(
        {
            "lot": [f"L{d}" for d in days],
            "supplier": ["S1"] * 6,
            "part": ["P1"] * 6,
            "received": [TODAY - timedelta(days=d) for d in days],
            "lot_size": [100] * 6,
            "decision": ["reject"] * 6,
        }
    )
    path = write_book(tmp_path / "book.xlsx", {"inspections": lots}, "en")
    report = run(path)
    with FileWorkbook(path) as book:
        raised = book.read(spec("corrective_actions")).frame
    linked = set(raised.select(pl.coalesce("lots", "trigger").str.split("; ").explode())[:, 0])
    assert linked == {"L5", "L40", "L89"}
    assert "3 more rejected lots are older than the look-back window (90 days) and were not raised" in report.summary_en
    assert "另有3个拒收批早于回溯期(90天)未开SCAR" in report.summary_zh


def test_a_renamed_8d_form_is_read_by_the_scar_its_header_holds_and_keeps_its_name(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    workbook = openpyxl.load_workbook(path)
    form = workbook[FORM]
    form[f"B{RESPONSES['containment'].row}"] = "库存全检隔离"
    form[f"B{RESPONSES['root_cause'].row}"] = "模具磨损"
    form.title = "8D-毛刺"
    workbook.save(path)
    report = run(path, TODAY + timedelta(days=10))
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert (lot_row["围堵措施"], lot_row["根本原因"]) == ("库存全检隔离", "模具磨损")
    assert lot_row["逾期步骤"] != "D3, D4" and lot_row["8D报告"] == "8D-毛刺"
    workbook = openpyxl.load_workbook(path)
    assert FORM not in workbook.sheetnames, "no blank form is drawn beside the renamed one"
    assert workbook["8D-毛刺"][f"B{RESPONSES['containment'].row}"].value == "库存全检隔离"
    link = workbook[REGISTER][register_cells(path, LOT_SCAR)["8D报告"]].hyperlink
    assert link is not None and link.location == "'8D-毛刺'!A1"
    assert "8D-毛刺" in report.sheets and FORM not in report.sheets


def test_two_sheets_claiming_one_scar_are_warned_about(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    workbook = openpyxl.load_workbook(path)
    copy = workbook.copy_worksheet(workbook[FORM])
    copy.title = "8D-副本"
    copy[f"B{RESPONSES['root_cause'].row}"] = "来料不良"
    workbook.save(path)
    report = run(path)
    (twice,) = [i for i in report.issues if i.code == "capa_form_duplicate"]
    assert twice.sheet == "8D-副本" and twice.severity == "warning"
    assert twice.message("en") == (
        f"8D-副本: sheets '{FORM}' and '8D-副本' both hold the 8D form of {LOT_SCAR}; '{FORM}' is read and "
        "'8D-副本' left aside — delete the copy or merge its answers into the form that is read"
    )
    assert next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)["根本原因"] is None


def close_lot_scar(path: Path, effectiveness: str | None) -> dict[str, str]:
    """Fill every step of the lot SCAR and ask to close it with ``effectiveness`` as its check (``None``: no check
    written, nor its date); its cells."""
    answers: dict[str, object] = {
        "围堵措施": "隔离",
        "根本原因": "模具",
        "纠正措施": "换模",
        "预防措施": "保养计划",
        "回复日期": datetime(2026, 6, 3),
        "状态": "已关闭",
        "关闭日期": datetime(2026, 6, 20),
    }
    if effectiveness is not None:
        answers |= {"有效性验证": effectiveness, "验证日期": datetime(2026, 6, 19)}
    cells = register_cells(path, LOT_SCAR)
    edit(path, REGISTER, {cells[h]: v for h, v in answers.items()})
    return cells


def test_an_effectiveness_check_written_as_its_result_closes_when_it_says_effective(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    close_lot_scar(path, "后续3批外观合格")
    report = run(path, date(2026, 6, 21))
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert (lot_row["计算状态"], lot_row["有效性验证"]) == ("已关闭", "后续3批外观合格")
    assert report.counts["refused"] == 0


def test_an_effectiveness_check_that_does_not_say_effective_is_refused_as_such_not_as_missing(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    cells = close_lot_scar(path, "后续3批仍有不合格")
    report = run(path, date(2026, 6, 21))
    assert next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)["计算状态"] != "已关闭"
    (refused,) = [i for i in report.issues if i.code.startswith("capa_close")]
    assert refused.message("en") == (
        f"{REGISTER}!{cells['状态']}: {LOT_SCAR} cannot be closed: its effectiveness check '后续3批仍有不合格' does "
        "not say the actions were effective — write the result with its verdict (e.g. 'next 3 lots OK, effective'), "
        "or keep the SCAR open while they are not"
    )
    assert "缺少" not in refused.message("zh")


def add_lot(path: Path, values: dict[str, object]) -> None:
    """Append a row to the inspection log as a person would: typed under the headers, the table grown to hold it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["来料检验记录"]
    headers = [c.value for c in sheet[1]]
    row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row, headers.index(header) + 1, value)
    for table in sheet.tables.values():
        table.ref = f"{table.ref.split(':')[0]}:{openpyxl.utils.get_column_letter(len(headers))}{row}"
    workbook.save(path)


def test_reopening_keeps_the_earlier_closure_and_names_the_new_lot_in_the_problem(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    close_lot_scar(path, "后续3批外观合格")
    run(path, date(2026, 6, 21))
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert lot_row["计算状态"] == "已关闭"
    add_lot(
        path,
        {
            "批号": "L9",
            "供应商代码": "S001",
            "物料编码": "P-1",
            "到货日期": datetime(2026, 7, 1),
            "批量": 500,
            "样本量": 50,
            "严重缺陷数": 3,
            "缺陷类型": "毛刺",
            "判定": "拒收",
        },
    )
    report = run(path, date(2026, 7, 2))
    assert report.counts["reopened"] == 1
    lot_row = next(r for r in register(path) if r["SCAR编号"] == LOT_SCAR)
    assert (lot_row["关闭日期"], lot_row["有效性验证"], lot_row["计算状态"]) == (None, None, "待回复")
    assert lot_row["关闭记录"] == (
        "2026-06-20 关闭(回复 2026-06-03; 有效性验证“后续3批外观合格”, 2026-06-19 验证); 2026-07-02 因批 L9 重开"
    )
    assert lot_row["问题描述"].endswith("; 2026-07-02 重开: 批 L9 再次出现; 抽样50件, 致命0/严重3/轻微0")
    assert lot_row["问题描述"].startswith("2批来料毛刺: 批号 L1; L2"), "the problem as raised is kept"


def test_a_complaints_8d_form_says_when_the_complaint_was_received(tmp_path: Path) -> None:
    path = book_with_triggers(tmp_path / "book.xlsx")
    run(path)
    form = openpyxl.load_workbook(path)[f"8D报告-{scar_id('complaint', 'CC-9', 2026)}"]
    assert form[f"B{FACT_ROWS['when']}"].value == "2026-05-30", "the complaint's receipt, not the SCAR's issue date"
