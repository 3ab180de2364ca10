"""A log that writes "none" as ``/``, ``-``, ``—``, ``无`` or ``N/A`` in its number and date columns, as kept:
those cells are blank (never 0, never a negative number), each column says so once, the one cell that really
cannot be read is still an error naming its row, and the grades equal those of the same log with blank cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.report import Report
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard
from tests.libreoffice import convert

SUPPLIERS = [("S01", "华东精密"), ("S02", "宏达塑胶"), ("S03", "永固五金")]
HEADERS = ["批号", "供应商", "到货日期", "批量", "抽样数", "不良数", "轻微缺陷数", "判定", "挑选费用"]
MARKS = ["/", "-", "—", "无", "N/A", "／"]


def lots(marked: bool) -> list[list[object]]:
    """Thirty lots; where a user wrote a mark for "none" the control copy leaves the cell blank (both hold one lot
    size typed in words)."""
    rows: list[list[object]] = []
    for i in range(30):
        mark = MARKS[i % len(MARKS)] if marked else None
        major: object = mark if i % 3 == 0 else i % 4
        rows.append(
            [
                f"IQC2607{i:03d}",
                SUPPLIERS[i % 3][1],
                date(2026, 7 + i % 3, 1 + i),
                500,
                50,
                major,
                mark,
                "合格" if major in (0, 1, None) or isinstance(major, str) else "不合格",
                mark if i % 2 else 120.5,
            ]
        )
    rows[7][3] = "五百"
    return rows


def write_log(path: Path, marked: bool) -> Path:
    book = openpyxl.Workbook()
    master = book.active
    master.title = "供应商名录"
    master.append(["供应商代码", "供应商名称", "状态"])
    for code, name in SUPPLIERS:
        master.append([code, name, "合格"])
    log = book.create_sheet("2026年Q3来料检验")
    log.append(["2026年第三季度来料检验记录"])
    log.append(HEADERS)
    for row in lots(marked):
        log.append(row)
    book.save(path)
    return path


def imported(folder: Path, marked: bool) -> tuple[Path, Report]:
    name = "kept" if marked else "blank"
    book = build_template(folder / f"{name}.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, write_log(folder / f"{name} source.xlsx", marked))
    return book, report


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Report]]:
    folder = tmp_path_factory.mktemp("marks")
    return {"kept": imported(folder, True), "blank": imported(folder, False)}


def test_marks_for_none_are_noted_once_per_column_and_only_the_unreadable_cell_is_an_error(books) -> None:
    _, report = books["kept"]
    errors = [i for i in report.issues if i.severity == "error"]
    assert [(i.code, i.value, i.sheet, i.row) for i in errors] == [("not_integer", "五百", "来料检验记录", 9)]
    notes = {i.column: i for i in report.issues if i.code == "value_none_mark"}
    assert set(notes) == {"不良数", "轻微缺陷数", "挑选费用"}
    assert notes["轻微缺陷数"].fields["count"] == 30 and notes["不良数"].fields["count"] == 10
    assert notes["挑选费用"].fields["count"] == 15 and notes["挑选费用"].severity == "info"
    assert "30" in notes["轻微缺陷数"].message("zh") and "不当作 0" in notes["轻微缺陷数"].message("zh")


def test_every_lot_is_in_with_the_marked_cells_blank_and_the_unreadable_one_as_typed(books) -> None:
    kept, _ = books["kept"]
    blank, _ = books["blank"]
    with FileWorkbook(kept) as workbook, FileWorkbook(blank) as control:
        ours = workbook.read_rows("来料检验记录")
        theirs = control.read_rows("来料检验记录")
    assert len(ours) == len(theirs) and ours == theirs


def test_the_marked_log_grades_exactly_like_the_blank_one(books) -> None:
    ours = graded_scorecard(books["kept"][0], "2026-Q3")
    theirs = graded_scorecard(books["blank"][0], "2026-Q3")
    assert ours.height == len(SUPPLIERS) and ours["grade"].null_count() == 0
    assert ours.equals(theirs)


@pytest.mark.libreoffice
def test_the_marked_log_re_saved_by_libreoffice_imports_the_same(books, tmp_path: Path) -> None:
    resaved = convert(write_log(tmp_path / "kept source.xlsx", True), tmp_path / "lo")
    book = build_template(tmp_path / "lo-book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, resaved)
    notes = {i.column: i.fields["count"] for i in report.issues if i.code == "value_none_mark"}
    assert notes == {"不良数": 10, "轻微缺陷数": 30, "挑选费用": 15}
    assert [i.value for i in report.issues if i.severity == "error"] == ["五百"]
    assert graded_scorecard(book, "2026-Q3").equals(graded_scorecard(books["blank"][0], "2026-Q3"))
