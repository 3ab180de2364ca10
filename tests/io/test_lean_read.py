"""Small sheets the product wrote, read without parsing a large shared-strings part, read exactly as from the
whole book; a sheet that refers to a shared string is read from the whole book."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from srm_xl.io import lean_read, read_cache
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.table import Table
from srm_xl.schema import spec

AUDIT = spec("audit_log")
INSPECTIONS = spec("inspections")


def users_book(path: Path, *, date_1904: bool) -> Path:
    """A year's log as Excel saves it, every lot number a shared string (a shared-strings part of ~1.5 MB)."""
    book = xlsxwriter.Workbook(path, {"date_1904": date_1904})
    dates = book.add_format({"num_format": "yyyy/m/d"})
    sheet = book.add_worksheet("来料检验")
    sheet.write_row(0, 0, ["批号", "供应商", "到货日期", "来料数量"])
    for i in range(40_000):
        sheet.write_row(i + 1, 0, [f"2026-IQC-批次-{i:06d}", f"苏州精密{i % 7}"])
        sheet.write_datetime(i + 1, 2, datetime(2026, 1, 1 + i % 28), dates)
        sheet.write_number(i + 1, 3, 100 + i % 50)
    book.close()
    return path


def audit_rows() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "time": [datetime(2026, 12, 6, 9, 30, 5), datetime(1904, 1, 2, 0, 0, 0)],
            "user": ["张工", "qe"],
            "job": ["grade", "validate"],
            "checksum": ["0123456789abcdef", "="],
            "rows_read": [2_060_000, 0],
            "rows_written": [10_000, None],
            "result": ["graded 2026-Q3: A 3, B 5", "Validation: 0 errors; 备注 1.5"],
        }
    )


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch, sheet: object) -> tuple[Table, Table, bool]:
    """The sheet read as a job reads it, the same from the whole book, and whether it was read on its own."""
    with FileWorkbook(path) as book:
        part = book._part(book.find(sheet))  # noqa: SLF001 - the sheet's part, to ask which read applies
        linked = book._linked()  # noqa: SLF001
        alone = lean_read.lean_package(book._package, part, linked.get("sharedStrings"), linked.get("styles"))  # noqa: SLF001
        read = book.read(sheet)
    monkeypatch.setattr(lean_read, "LEAN_STRINGS", 1 << 60)
    with FileWorkbook(path) as book:
        whole = book.read(sheet)
    monkeypatch.undo()
    return read, whole, alone is not None


@pytest.mark.parametrize("date_1904", [False, True])
def test_the_audit_log_reads_alone_as_from_the_whole_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date_1904: bool
) -> None:
    monkeypatch.setenv(read_cache.ENV, "off")
    path = users_book(tmp_path / "year.xlsx", date_1904=date_1904)
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(AUDIT, audit_rows(), "zh"))
        book.commit()
    read, whole, alone = read_both(path, monkeypatch, AUDIT)
    monkeypatch.setenv(read_cache.ENV, "off")
    assert alone, "the audit log is read on its own"
    assert_frame_equal(read.frame, whole.frame)
    assert (read.issues, read.headers, read.header_row) == (whole.issues, whole.headers, whole.header_row)
    assert read.frame["time"].to_list() == audit_rows()["time"].to_list()
    assert read.frame["checksum"].to_list() == ["0123456789abcdef", "="]


def test_a_sheet_holding_shared_strings_is_read_from_the_whole_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(read_cache.ENV, "off")
    path = users_book(tmp_path / "year.xlsx", date_1904=False)
    read, whole, alone = read_both(path, monkeypatch, INSPECTIONS)
    assert not alone
    assert_frame_equal(read.frame, whole.frame)
    assert read.frame["lot"][-1] == "2026-IQC-批次-039999" and read.frame["received"][0] == date(2026, 1, 1)
