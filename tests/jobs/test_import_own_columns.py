"""A user's own columns (headers the product does not know) come back from an import and an inspect as the user
typed them: numbers as numbers, dates as dates in a date format, codes and phone numbers as text with their zeros."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from tests.libreoffice import convert

HEADERS = ["批号", "供应商代码", "物料编码", "到货日期", "批量", "检验水平", "AQL值", "严重缺陷数"]
OWN = ["备注金额", "复检日期", "SAP物料编码", "联系电话"]
"""The engineer's own columns: an amount, a re-inspection date, an SAP code kept with its zeros, a phone number."""
LOTS = [
    ["IQC-0901", "S001", "P-100", "2026/9/1", 1000, "II", 1.0, 0, 1.5, date(2026, 9, 2), "00123", "13800138000"],
    ["IQC-0902", "S001", "P-100", "2026/9/1", 500, "II", 1.0, 0, 2, date(2026, 9, 3), "000456", "021-5550123"],
    ["IQC-0903", "S002", "P-200", "2026/9/2", 800, "II", 1.0, 1, 1250.75, date(2026, 10, 8), "1-2", "13900139000"],
]
LOG = "来料检验记录"
runner = CliRunner()


def _by_openpyxl(path: Path, lots: list[list[object]], own: list[str] = OWN) -> Path:
    """The week's log as openpyxl saves it: dates as date cells shown ``2026/9/2``, codes typed as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "9月来料"
    sheet.append(HEADERS + own)
    for row in lots:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy/m/d"
    book.save(path)
    return path


def _by_xlsxwriter(path: Path) -> Path:
    """The same log as Excel writes it (XlsxWriter: shared strings, a date format on the date cells)."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("9月来料")
    shown = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write_row(0, 0, HEADERS + OWN)
    for r, row in enumerate(LOTS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, shown)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def _import_and_inspect(source: Path, book: Path) -> None:
    imported = runner.invoke(app, ["import", str(source), "--into", str(book)])
    assert imported.exit_code in (0, 1), imported.output
    inspected = runner.invoke(app, ["inspect", str(book)])
    assert inspected.exit_code in (0, 1), inspected.output


def _own_cells(book: Path) -> dict[str, list[openpyxl.cell.cell.Cell]]:
    """Each own column's cells in the rewritten log, by header."""
    sheet = openpyxl.load_workbook(book)[LOG]
    headers = [c.value for c in sheet[1]]
    return {name: [row[headers.index(name)] for row in sheet.iter_rows(min_row=2)] for name in OWN if name in headers}


def _assert_as_typed(book: Path) -> None:
    cells = _own_cells(book)
    amounts = cells["备注金额"]
    assert [c.data_type for c in amounts] == ["n"] * 3, "a SUM over the amounts must not give 0"
    assert [c.value for c in amounts] == [1.5, 2, 1250.75]
    dates = cells["复检日期"]
    assert all(c.is_date for c in dates), [c.number_format for c in dates]
    assert [c.value for c in dates] == [datetime(2026, 9, 2), datetime(2026, 9, 3), datetime(2026, 10, 8)]
    assert [c.value for c in cells["SAP物料编码"]] == ["00123", "000456", "1-2"]
    assert [c.value for c in cells["联系电话"]] == ["13800138000", "021-5550123", "13900139000"]
    assert {c.data_type for c in cells["SAP物料编码"] + cells["联系电话"]} == {"s"}


def test_own_numbers_and_dates_come_back_as_numbers_and_dates_after_import_and_inspect(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", LOTS), book)
    _assert_as_typed(book)


def test_a_log_re_saved_by_libreoffice_keeps_its_own_numbers_and_dates(tmp_path: Path) -> None:
    (tmp_path / "written").mkdir()
    saved = convert(_by_xlsxwriter(tmp_path / "written" / "9月来料.xlsx"), tmp_path / "resaved")
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(saved, book)
    _assert_as_typed(book)


def test_next_week_s_file_with_numbers_again_keeps_the_column_numbers(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", LOTS), book)
    week = [["IQC-0910", "S001", "P-100", "2026/9/9", 300, "II", 1.0, 0, 88, date(2026, 9, 20), "007", "110"]]
    _import_and_inspect(_by_openpyxl(tmp_path / "9月第2周.xlsx", week), book)
    cells = _own_cells(book)
    assert [c.value for c in cells["备注金额"]] == [1.5, 2, 1250.75, 88]
    assert all(c.is_date for c in cells["复检日期"])
    assert [c.value for c in cells["SAP物料编码"]] == ["00123", "000456", "1-2", "007"]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("待定", ["1.5", "2", "1250.75", "待定"]),
        (date(2026, 9, 20), ["1.5", "2", "1250.75", "2026-09-20 00:00:00"]),
    ],
)
def test_an_own_column_the_next_file_fills_with_other_kinds_keeps_every_value_as_text(
    tmp_path: Path, amount: object, expected: list[str]
) -> None:
    """The book holds the amounts as numbers, next week's file has text (or a date) under the same header: the
    column mixes kinds, so it is text as a sheet mixing them reads; every value is there, nothing is a day count."""
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", LOTS), book)
    week = [["IQC-0910", "S001", "P-100", "2026/9/9", 300, "II", 1.0, 0, amount, date(2026, 9, 20), "007", "110"]]
    _import_and_inspect(_by_openpyxl(tmp_path / "9月第2周.xlsx", week), book)
    cells = _own_cells(book)
    assert [c.value for c in cells["备注金额"]] == expected
    assert [c.value for c in cells["SAP物料编码"]] == ["00123", "000456", "1-2", "007"]


def test_a_column_mixing_numbers_and_text_keeps_each_cell_s_text(tmp_path: Path) -> None:
    lots = [row[:8] + [value] for row, value in zip(LOTS, [1.5, "见附件", date(2026, 9, 2)], strict=True)]
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", lots, ["备注金额"]), book)
    assert [c.value for c in _own_cells(book)["备注金额"]] == ["1.5", "见附件", "2026-09-02 00:00:00"]


def test_own_dates_with_their_times_keep_the_times(tmp_path: Path) -> None:
    moments = [datetime(2026, 9, 2, 14, 30, 15), datetime(2026, 9, 3, 8, 0), datetime(2026, 9, 4, 23, 59)]
    lots = [row[:8] + [moment] for row, moment in zip(LOTS, moments, strict=True)]
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", lots, ["复检日期"]), book)
    cells = _own_cells(book)["复检日期"]
    assert [c.value for c in cells] == moments and all(c.is_date for c in cells)


FORMATTED = {"合格率": ("0.0%", [0.985, 0.9, 1]), "备注金额": ('"¥"#,##0.00', [1.5, 2, 1250.75])}
"""Own columns the engineer formatted: a pass rate shown in per cent, an amount in yuan."""


def _formatted_by_xlsxwriter(path: Path) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("9月来料")
    sheet.write_row(0, 0, HEADERS + list(FORMATTED))
    for column, (code, values) in enumerate(FORMATTED.values(), start=len(HEADERS)):
        shown = book.add_format({"num_format": code})
        for row, value in enumerate(values, start=1):
            sheet.write_number(row, column, value, shown)
    for row, lot in enumerate(LOTS, start=1):
        sheet.write_row(row, 0, [lot[0], lot[1], lot[2], lot[3], lot[4], lot[5], lot[6], lot[7]])
    book.close()
    return path


def _formats(book: Path) -> dict[str, list[tuple[object, str]]]:
    sheet = openpyxl.load_workbook(book)[LOG]
    headers = [c.value for c in sheet[1]]
    return {
        name: [
            (row[headers.index(name)].value, row[headers.index(name)].number_format)
            for row in sheet.iter_rows(min_row=2)
        ]
        for name in FORMATTED
    }


def _as_formatted() -> dict[str, list[tuple[object, str]]]:
    return {name: [(value, code) for value in values] for name, (code, values) in FORMATTED.items()}


def test_own_columns_keep_their_number_formats_through_import_and_inspect(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_formatted_by_xlsxwriter(tmp_path / "9月来料.xlsx"), book)
    assert _formats(book) == _as_formatted(), "98.5% must not come back as 0.985"


def test_own_number_formats_of_a_log_re_saved_by_libreoffice_are_kept(tmp_path: Path) -> None:
    (tmp_path / "written").mkdir()
    saved = convert(_formatted_by_xlsxwriter(tmp_path / "written" / "9月来料.xlsx"), tmp_path / "resaved")
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(saved, book)
    got = _formats(book)
    assert [v for v, _ in got["合格率"]] == [0.985, 0.9, 1] and {c for _, c in got["合格率"]} == {"0.0%"}
    assert [v for v, _ in got["备注金额"]] == [1.5, 2, 1250.75]
    assert all("¥" in c and "0.00" in c for _, c in got["备注金额"]), got["备注金额"]


def test_a_format_the_user_gives_an_own_column_in_the_book_survives_the_next_job(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    _import_and_inspect(_by_openpyxl(tmp_path / "9月来料.xlsx", LOTS), book)
    opened = openpyxl.load_workbook(book)
    sheet = opened[LOG]
    column = [c.value for c in sheet[1]].index("备注金额") + 1
    for row in range(2, 5):
        sheet.cell(row, column).number_format = "#,##0.00"
    opened.save(book)
    inspected = runner.invoke(app, ["inspect", str(book)])
    assert inspected.exit_code in (0, 1), inspected.output
    amounts = _own_cells(book)["备注金额"]
    assert [(c.value, c.number_format) for c in amounts] == [(1.5, "#,##0.00"), (2, "#,##0.00"), (1250.75, "#,##0.00")]


def _weekly(path: Path, rows: list[list[object]], own: list[str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "来料检验"
    sheet.append(HEADERS[:5] + own)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _own_by_lot(book: Path, names: list[str]) -> dict[str, list[object]]:
    sheet = openpyxl.load_workbook(book)[LOG]
    headers = [c.value for c in sheet[1]]
    return {
        row[0].value: [row[headers.index(n)].value if n in headers else "-" for n in names]
        for row in sheet.iter_rows(min_row=2)
        if row[0].value
    }


def test_the_cumulative_log_imported_again_brings_its_own_columns_to_the_lots_already_in_the_book(
    tmp_path: Path,
) -> None:
    book = tmp_path / "质量台账.xlsx"
    lots = [["L1", "S001", "P-100", "2026/9/1", 100], ["L2", "S001", "P-100", "2026/9/2", 200]]
    first = runner.invoke(app, ["import", str(_weekly(tmp_path / "w1.xlsx", lots, [])), "--into", str(book)])
    assert first.exit_code in (0, 1), first.output
    noted = [[*lots[0], "首批注意", 12.5], [*lots[1], "OK", 3], ["L3", "S002", "P-200", "2026/9/8", 50, "新批", 7]]
    runner.invoke(app, ["import", str(_weekly(tmp_path / "w2.xlsx", noted, ["备注", "复检金额"])), "--into", str(book)])
    assert _own_by_lot(book, ["备注", "复检金额"]) == {
        "L1": ["首批注意", 12.5],
        "L2": ["OK", 3],
        "L3": ["新批", 7],
    }, "the notes of lots imported last week were dropped"
    changed = [[*noted[0][:5], "已复检", 99], noted[1], noted[2]]
    runner.invoke(
        app, ["import", str(_weekly(tmp_path / "w3.xlsx", changed, ["备注", "复检金额"])), "--into", str(book)]
    )
    assert _own_by_lot(book, ["备注", "复检金额"])["L1"] == ["已复检", 99], "the file's change reaches the book"


def test_an_own_cell_edited_in_the_book_outlives_a_file_that_still_says_the_old_value(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    rows = [["L1", "S001", "P-100", "2026/9/1", 100, "待复检"], ["L2", "S001", "P-100", "2026/9/2", 200, "OK"]]
    source = _weekly(tmp_path / "w1.xlsx", rows, ["备注"])
    runner.invoke(app, ["import", str(source), "--into", str(book)])
    opened = openpyxl.load_workbook(book)
    sheet = opened[LOG]
    column = [c.value for c in sheet[1]].index("备注") + 1
    sheet.cell(2, column).value = "已复检 OK (张工)"
    opened.save(book)
    runner.invoke(app, ["import", str(source), "--into", str(book)])
    assert _own_by_lot(book, ["备注"]) == {"L1": ["已复检 OK (张工)"], "L2": ["OK"]}


def test_an_own_cell_changed_in_the_book_and_in_the_file_takes_the_file_s_and_names_the_book_s(tmp_path: Path) -> None:
    book = tmp_path / "质量台账.xlsx"
    rows = [["L1", "S001", "P-100", "2026/9/1", 100, "待复检"]]
    runner.invoke(app, ["import", str(_weekly(tmp_path / "w1.xlsx", rows, ["备注"])), "--into", str(book)])
    opened = openpyxl.load_workbook(book)
    sheet = opened[LOG]
    sheet.cell(2, [c.value for c in sheet[1]].index("备注") + 1).value = "张工: 已复检"
    opened.save(book)
    changed = _weekly(tmp_path / "w2.xlsx", [[*rows[0][:5], "复检合格"]], ["备注"])
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, changed)
    assert _own_by_lot(book, ["备注"]) == {"L1": ["复检合格"]}
    column = openpyxl.utils.get_column_letter([c.value for c in openpyxl.load_workbook(book)[LOG][1]].index("备注") + 1)
    named = [(i.cell, i.column, i.value) for i in report.issues if i.code == "import_book_edit_replaced"]
    assert named == [(f"{column}2", "备注", "张工: 已复检")], "the book's edit that was replaced is named at its cell"
