"""An error value in the book's own inspection log (a lot size typed as a formula that fails, a lookup that found
nothing in a defect count) is reported by validate with its cell, never read as a blank without a word."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from tests.books import write_book
from tests.libreoffice import convert

LOG = spec("inspections").name("zh")


def book_with_errors(path: Path) -> Path:
    """Five lots; in the log, as a user types them: a lot size =E2/0 (#DIV/0! once computed) and #N/A in a
    defect count."""
    n = 5
    lots = pl.DataFrame(
        {
            "lot": [f"L{i}" for i in range(n)],
            "supplier": ["S1"] * n,
            "part": ["P1"] * n,
            "received": [date(2026, 3, 2) + timedelta(days=i) for i in range(n)],
            "lot_size": [500] * n,
            "level": ["II"] * n,
            "aql": [1.0] * n,
            "major": [0] * n,
        }
    )
    write_book(path, {"inspections": lots}, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[LOG]
    header = [c.value for c in sheet[1]]
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    sheet[f"{size}3"] = "#DIV/0!"
    sheet[f"{major}4"] = "#N/A"
    sheet[f"{size}5"] = f"={size}2/0"
    workbook.save(path)
    return path


def reported(path: Path) -> dict[str, tuple[str, str]]:
    with FileWorkbook(path) as book:
        report = validate(book)
    found = {i.cell: (i.code, str(i.value)) for i in report.issues if i.sheet == LOG and i.severity == "error"}
    messages = [i.message("zh") for i in report.issues if i.code == "value_error_cell"]
    assert all(LOG in m and "错误值" in m and "请改正公式" in m for m in messages), messages
    return found


def test_validate_reports_the_error_values_typed_in_the_log(tmp_path: Path) -> None:
    assert reported(book_with_errors(tmp_path / "book.xlsx")) == {
        "E3": ("value_error_cell", "#DIV/0!"),
        "K4": ("value_error_cell", "#N/A"),
        "E5": ("required", "None"),  # a formula no spreadsheet program has computed yet shows nothing
    }


@pytest.mark.libreoffice
def test_validate_reports_the_errors_of_formulas_libreoffice_computed(tmp_path: Path) -> None:
    saved = convert(book_with_errors(tmp_path / "book.xlsx"), tmp_path / "lo")
    assert reported(saved) == {
        "E3": ("value_error_cell", "#DIV/0!"),
        "K4": ("value_error_cell", "#N/A"),
        "E5": ("value_error_cell", "#DIV/0!"),
    }
