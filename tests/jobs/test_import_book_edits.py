"""The monthly complaint file imported again after the engineer worked a complaint in the book: what they typed
there (the reply date, the status, who handles it) stays, because the source still has the same blanks and words."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook, backup_path
from srm_xl.jobs import import_memory
from srm_xl.jobs.importer import import_source
from srm_xl.sharing.ledger import book_id
from srm_xl.templates.build import build_template


def _complaints(path: Path, status: str | None) -> Path:
    """The customer-quality log as kept: customer list, a February sheet; KS-2602-01 not yet answered."""
    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "客户清单"
    customers.append(["客户编号", "客户名称"])
    customers.append(["C004", "格力电器（合肥）有限公司"])
    february = book.create_sheet("2月客诉")
    february.append(["投诉编号", "客户", "投诉日期", "投诉类型", "投诉内容", "状态", "首次回复日期", "解决日期"])
    february.append(["KS-2602-01", "C004", "2026.2.3", "服务", "技术支持响应慢", status, None, None])
    book.save(path)
    return path


def _import(book: Path, source: Path) -> dict[str, int]:
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source).counts


def _work_the_complaint(book: Path) -> None:
    """The engineer answers KS-2602-01 in the book."""
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["客户投诉"]
    column = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, column["首次回复日期"], datetime(2026, 2, 4))
    sheet.cell(2, column["状态"], "已首次回复")
    sheet.cell(2, column["处理人"], "张三")
    workbook.save(book)


def _complaint(book: Path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(book)["客户投诉"]
    rows = list(sheet.iter_rows(values_only=True))
    return dict(zip(rows[0], rows[1], strict=False))


def test_blank_source_cells_do_not_blank_what_the_engineer_typed_in_the_book(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    source = _complaints(tmp_path / "客户质量台账.xlsx", None)
    _import(book, source)
    _work_the_complaint(book)
    again = _import(book, source)
    assert (again["inserted"], again["updated"]) == (0, 0), again
    row = _complaint(book)
    assert (row["首次回复日期"], row["状态"], row["处理人"]) == (datetime(2026, 2, 4), "已首次回复", "张三")


def test_a_status_the_source_still_says_as_before_does_not_undo_the_engineers_answer(tmp_path: Path) -> None:
    """The file says 处理中 every week; the engineer moved the complaint on in the book. Re-importing this week's
    file (renamed, unchanged for KS-2602-01) keeps the engineer's status; when the file itself moves the status on
    (已结案), the file's wins and the import names the book's value it replaced."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    _import(book, _complaints(tmp_path / "客诉_0203.xlsx", "处理中"))
    _work_the_complaint(book)
    again = _import(book, _complaints(tmp_path / "客诉_0210.xlsx", "处理中"))
    assert (again["inserted"], again["updated"]) == (0, 0), again
    assert _complaint(book)["状态"] == "已首次回复"
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _complaints(tmp_path / "客诉_0217.xlsx", "已结案"))
    assert report.counts["updated"] == 1 and _complaint(book)["状态"] == "客户已确认"  # 已结案, as the book says it
    replaced = [i for i in report.issues if i.code == "import_book_edit_replaced"]
    assert [(i.sheet, i.row, i.column, i.fields) for i in replaced] == [
        ("客户投诉", 2, "状态", {"old": "已首次回复", "new": "客户已确认"})
    ]


def _status_of(book: Path) -> str:
    return str(_complaint(book)["状态"])


def test_a_restored_backup_or_a_copy_takes_the_files_changes_again(tmp_path: Path) -> None:
    """What an import remembers belongs to the book it wrote: after restoring the backup from before the second
    week's import, or after importing the second week into a copy first, the second week's 已结案 still reaches
    the book (nothing is mistaken for the engineer's own edit)."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    _import(book, _complaints(tmp_path / "w1.xlsx", "处理中"))
    week_2 = _complaints(tmp_path / "w2.xlsx", "已结案")
    _import(book, week_2)
    assert _status_of(book) == "客户已确认"
    shutil.copyfile(backup_path(book), book)
    assert _status_of(book) == "已分派"
    assert _import(book, week_2)["updated"] == 1 and _status_of(book) == "客户已确认"
    fresh = build_template(tmp_path / "fresh.xlsx", "zh")
    _import(fresh, _complaints(tmp_path / "w1.xlsx", "处理中"))
    trial = tmp_path / "trial.xlsx"
    shutil.copyfile(fresh, trial)
    _import(trial, week_2)
    assert _import(fresh, week_2)["updated"] == 1 and _status_of(fresh) == "客户已确认"


def test_two_files_giving_other_columns_of_the_same_complaints_keep_the_engineers_status(tmp_path: Path) -> None:
    """The CS team's file gives the status, QA's the description, of the same complaints; the engineer closes one
    in the book; both files imported again unchanged leave it closed."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    status = _complaints(tmp_path / "客服.xlsx", "处理中")
    detail = openpyxl.Workbook()
    sheet = detail.active
    sheet.title = "2月客诉"
    sheet.append(["投诉编号", "客户", "投诉日期", "投诉内容"])
    sheet.append(["KS-2602-01", "C004", "2026.2.3", "技术支持响应慢, 已约上门"])
    detail.save(tmp_path / "质量.xlsx")
    _import(book, status)
    _import(book, tmp_path / "质量.xlsx")
    workbook = openpyxl.load_workbook(book)
    complaints = workbook["客户投诉"]
    complaints.cell(2, [c.value for c in complaints[1]].index("状态") + 1, "已关闭")
    workbook.save(book)
    _import(book, status)
    _import(book, tmp_path / "质量.xlsx")
    assert _status_of(book) == "客户已确认"  # 已关闭, as the book says it


def _iqc_log(path: Path) -> Path:
    """February's incoming-inspection log as kept: title row, the inspector's 合格 on lot L02001."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2月"
    sheet.append(["2026年2月来料检验记录"])
    sheet.append(["到货日期", "批号", "供应商", "物料编码", "来料数量", "抽检数", "不良数", "判定结果"])
    sheet.append(["2026.2.3", "L02001", "GYS001", "E-1001", 3200, 125, 2, "合格"])
    sheet.append(["2月9日", "L02002", "GYS001", "E-1001", 1000, 80, 0, "合格"])
    book.save(path)
    return path


def test_an_edit_the_import_has_no_record_for_is_named_when_the_file_replaces_it(tmp_path: Path) -> None:
    """The MRB turns lot L02001 to 拒收 in the book; the backup kept by the next import is later put back and the
    same February file imported again. Nothing tells the import the 拒收 was typed after its last read, so the
    file's 合格 goes in — and the warning names the 拒收 it replaced, with its cell, to type back."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    log = _iqc_log(tmp_path / "来料检验台账.xlsx")
    _import(book, log)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["来料检验记录"]
    column = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column["批号"]).value == "L02001")
    sheet.cell(row, column["判定"], "拒收")
    workbook.save(book)
    assert _import(book, log)["updated"] == 0  # the file still says 合格: the book's 拒收 stays
    shutil.copyfile(backup_path(book), book)  # the backup holds the 拒收 too
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, log)
    replaced = [(i.sheet, i.row, i.column, i.code, i.fields) for i in report.issues if i.severity == "warning"]
    assert replaced == [("来料检验记录", row, "判定", "import_book_value_replaced", {"old": "拒收", "new": "接收"})]


def test_a_damaged_memory_of_the_last_import_is_done_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The import's memory in the user's data folder damaged so that polars panics reading it: the import is done
    as without a memory, and remembers afresh — it stopped with an internal error, every import into the book."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    source = _complaints(tmp_path / "客户质量台账.xlsx", "处理中")
    _import(book, source)
    before, read = _complaint(book)["状态"], pl.read_parquet

    def panics(*_: object, **__: object) -> pl.DataFrame:
        raise pl.exceptions.PanicException("assertion `left == right` failed")

    monkeypatch.setattr(import_memory.pl, "read_parquet", panics)
    assert _import(book, _complaints(tmp_path / "本周.xlsx", "已关闭"))["updated"] == 1
    monkeypatch.setattr(import_memory.pl, "read_parquet", read)
    assert _complaint(book)["状态"] not in (None, before)
    with FileWorkbook(book) as workbook:
        identity = book_id(workbook, assign=False)
        assert identity is not None and import_memory.recall(workbook, identity, "complaints") is not None
