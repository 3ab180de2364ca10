"""ExcelWorkbook: the same read results as FileWorkbook for the same data, whole-range I/O, safe writes.

Live Excel runs only with ``pytest -m excel`` (Windows/macOS); everywhere else the contract runs against an
in-memory Book faithful to xlwings' ``Range.value`` (tests/xl/fake_xlwings.py).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from srm_xl.io.draft import Cell, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.validate import validate
from srm_xl.schema import registry, spec
from srm_xl.xl.excel_workbook import ExcelWorkbook, cell_text, sheet_grid
from tests.books import write_book
from tests.jobs.test_validate import problem_book
from tests.xl.fake_xlwings import FakeBook, Formula, book_from_file

SUPPLIERS = spec("suppliers")


def messy_book(path: Path) -> Path:
    """A user's own sheet: a title, a blank row, the header at B3, text dates, full-width digits, a note row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "供应商名录"
    sheet["B1"] = "合格供应商名录(2026)"
    rows = [
        ["供应商编号", "供应商名称", "统一社会信用代码", "准入日期", "电话", "备注栏"],
        ["S001", "苏州恒达", "914403001922038216", datetime(2026, 1, 5), "13812345678", 12],
        ["S002", "宁波华通", None, "2026/3/5", "１３８１２３４５６７８", 1.5],
        ["S003", "无锡永信", "12345", "2026年3月6日", 13812345678, None],
        [None, None, None, None, None, None],
        ["备注: 以上为2026年名录", None, None, None, None, None],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.cell(3 + i, 2 + j, value)
    workbook.save(path)
    return path


def both(path: Path) -> tuple[FileWorkbook, ExcelWorkbook]:
    return FileWorkbook(path), ExcelWorkbook(book_from_file(path))


@pytest.mark.parametrize(
    "make", [messy_book, problem_book, lambda p: write_book(p, {"suppliers": pl.DataFrame()}, "en")]
)
def test_reads_equal_file_workbook(tmp_path: Path, make) -> None:  # noqa: ANN001
    path = make(tmp_path / "book.xlsx")
    file_book, excel_book = both(path)
    assert excel_book.sheet_names() == file_book.sheet_names() and excel_book.lang == file_book.lang
    for sheet_spec in registry().values():
        assert excel_book.find(sheet_spec) == file_book.find(sheet_spec)
        if not file_book.has(sheet_spec):
            continue
        ours, theirs = excel_book.read(sheet_spec), file_book.read(sheet_spec)
        assert_frame_equal(ours.frame, theirs.frame)
        assert (ours.columns, ours.headers, ours.header_row, ours.issues) == (
            theirs.columns,
            theirs.headers,
            theirs.header_row,
            theirs.issues,
        )
    for name in file_book.sheet_names():
        assert excel_book.read_rows(name) == file_book.read_rows(name)


def test_a_sheet_is_read_in_one_call(tmp_path: Path) -> None:
    fake = book_from_file(problem_book(tmp_path / "book.xlsx"))
    ExcelWorkbook(fake).read(SUPPLIERS)
    assert fake.counters.reads == 1


def test_cell_text_matches_fastexcel_text() -> None:
    assert [cell_text(v) for v in (123.0, 1.5, 1e20, 0.1 + 0.2, True, datetime(2026, 1, 5, 13, 30, 15), None, "")] == [
        "123",
        "1.5",
        "100000000000000000000",
        "0.3",
        "true",
        "2026-01-05 13:30:15",
        None,
        None,
    ]


def test_commit_writes_one_block_per_sheet_and_text_never_becomes_a_formula(tmp_path: Path) -> None:
    fake = book_from_file(messy_book(tmp_path / "book.xlsx"))
    user = fake.add_sheet("备忘", [["保留", 1.0, datetime(2026, 2, 1)]], top=3, left=2)
    user.fills[(3, 2)] = "#FFFF00"
    before = dict(user.cells)
    frame = pl.DataFrame(
        {
            "code": ["=1+1", "@SUM(A1)", "'quoted", "00123"],
            "name": ["a", "b", "c", "d"],
            "admission_date": [date(2026, 1, 5), None, None, None],
        }
    )
    book = ExcelWorkbook(fake)
    draft = draft_from_spec(SUPPLIERS, frame, "zh", start_row=3)
    draft.cells.append(Cell(1, 0, "标题", draft.block.styles[0]))  # type: ignore[union-attr]
    book.stage(draft)
    book.commit()
    assert fake.counters.writes == 1, "one range.value write for the whole sheet"
    written = fake.sheets[SUPPLIERS.name("zh")]
    assert not any(isinstance(v, Formula) for v in written.cells.values())
    assert [written.cells[(r, 1)] for r in range(4, 8)] == ["=1+1", "@SUM(A1)", "'quoted", "00123"]
    admitted = SUPPLIERS.keys().index("admission_date") + 1
    assert written.cells[(1, 1)] == "标题" and written.cells[(4, admitted)] == datetime(2026, 1, 5)
    assert written.formats[(4, admitted)] == "yyyy-mm-dd" and written.tables_by_name == {
        SUPPLIERS.table: (3, 1, 7, len(draft.block.headers))
    }  # type: ignore[union-attr]
    assert user.cells == before and user.fills[(3, 2)] == "#FFFF00", "the user's sheet is untouched"
    again = ExcelWorkbook(fake).read(SUPPLIERS, written.name)
    assert again.frame["code"].to_list() == ["=1+1", "@SUM(A1)", "'quoted", "00123"]


def test_restaging_replaces_the_result_sheet_without_leftovers(tmp_path: Path) -> None:
    fake = FakeBook()
    fake.add_sheet("Sheet1", [["x"]])
    book = ExcelWorkbook(fake, lang="en")
    codes = [f"S{i}" for i in range(5)]
    book.stage(draft_from_spec(SUPPLIERS, pl.DataFrame({"code": codes, "name": codes}), "en"))
    book.commit()
    book.stage(draft_from_spec(SUPPLIERS, pl.DataFrame({"code": ["S9"], "name": ["n"]}), "en"))
    book.commit()
    assert ExcelWorkbook(fake).read(SUPPLIERS).frame["code"].to_list() == ["S9"]
    assert [s.name for s in fake.sheets] == ["Sheet1", "Suppliers"]
    assert fake.sheets["Suppliers"].tables_by_name == {SUPPLIERS.table: (1, 1, 2, len(SUPPLIERS.columns))}, (
        "the table is resized"
    )


def test_sheet_grid_places_block_and_cells() -> None:
    draft = draft_from_spec(SUPPLIERS, pl.DataFrame({"code": ["S1"], "name": ["n"]}), "en", start_row=2)
    draft.cells.append(Cell(1, 3, 7))
    grid = sheet_grid(draft)
    assert grid[0][3] == 7 and grid[1][0] == "'Supplier code" and grid[2][:2] == ["'S1", "'n"]
    assert len({len(row) for row in grid}) == 1


def test_validate_job_gives_the_same_sheets_through_excel(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    fake = book_from_file(path)
    excel_report = validate(ExcelWorkbook(fake))
    with FileWorkbook(path) as file_book:
        file_report = validate(file_book)
    assert excel_report.summary("zh") == file_report.summary("zh") and excel_report.issues == file_report.issues
    with FileWorkbook(path) as file_book:
        excel_book = ExcelWorkbook(fake)
        ours, theirs = excel_book.read(spec("validation")), file_book.read(spec("validation"))
        assert_frame_equal(ours.frame, theirs.frame)
        log = excel_book.read(spec("audit_log")).frame
        assert log["job"].to_list() == ["validate"] and log["rows_read"].to_list() == [excel_report.rows_read]
    supplier_sheet = fake.sheets["供应商名录"]
    assert supplier_sheet.fills[(3, 3)] == "#FFC7CE", "cells with errors are marked"
    validation = fake.sheets[ours.sheet]
    assert any(address.startswith("#'供应商名录'!") for address in validation.links.values())


@pytest.mark.excel
@pytest.mark.skipif(sys.platform not in ("win32", "darwin"), reason="needs Microsoft Excel (Windows or macOS)")
def test_live_excel_reads_equal_file_workbook(tmp_path: Path) -> None:
    import xlwings as xw

    path = messy_book(tmp_path / "book.xlsx")
    app = xw.App(visible=False, add_book=False)
    try:
        live = app.books.open(str(path))
        ours = ExcelWorkbook(live).read(SUPPLIERS)
        with FileWorkbook(path) as file_book:
            theirs = file_book.read(SUPPLIERS)
        assert_frame_equal(ours.frame, theirs.frame)
        assert ours.issues == theirs.issues
    finally:
        app.quit()
