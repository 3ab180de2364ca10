"""Sheets read together (two at a time, each with a reader of its own) read exactly as each read alone."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from srm_xl.demo.sample_data import sample_frames
from srm_xl.io import guard_zip, read_cache
from srm_xl.io.file_workbook import READERS_ENV, FileWorkbook
from srm_xl.io.job_book import open_for_job
from srm_xl.io.workbook import read_all_optional
from srm_xl.schema import SheetSpec, spec
from tests.io.tables import assert_same

SHEETS = {"inspections": "2026年来料检验", "deliveries": "交货记录", "suppliers": "供应商名录"}
REQUESTS: list[tuple[SheetSpec, Collection[str] | None]] = [
    (spec("suppliers"), None),
    (spec("inspections"), None),
    (spec("deliveries"), ["supplier", "qty_ordered", "qty_delivered", "due_date", "delivered_date"]),
    (spec("complaints"), None),
]


def user_book(path: Path) -> Path:
    """A user's quarter as Excel saves it: a title row over Chinese headers, shared strings, real dates; the
    inspection log with a TRUE in a number column and a totals row (so it is read as text), the delivery log
    clean (read typed)."""
    frames = sample_frames(suppliers=20, lots=600)
    book = xlsxwriter.Workbook(path)
    dates = book.add_format({"num_format": "yyyy/m/d"})
    for key, name in SHEETS.items():
        columns = spec(key).columns
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, f"{name} 2026")
        sheet.write_row(1, 0, [c.zh for c in columns])
        rows = frames[key].select(c.key for c in columns).iter_rows()
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
        if key == "inspections":
            sheet.write_boolean(5, [c.key for c in columns].index("sample_size"), True)
            sheet.write_row(frames[key].height + 2, 0, ["合计", None, None, None, 999])
    book.close()
    return path


@pytest.mark.parametrize(("lanes", "readers"), [(True, "2"), (False, "2"), (True, "1"), (False, "3")])
def test_sheets_read_together_are_what_each_reads_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lanes: bool, readers: str
) -> None:
    """The user's sheets read together (``SRM_XL_READERS`` at a time), the guard still checking them beside the
    reading (or checked before), give the same frames, problems and headers as each read alone; a sheet the book
    does not have reads empty."""
    monkeypatch.setenv(read_cache.ENV, "off")
    monkeypatch.setenv(READERS_ENV, readers)
    monkeypatch.setattr(guard_zip, "_LANE_BYTES", 0 if lanes else 1 << 60)
    path = user_book(tmp_path / "quarter.xlsx")
    with open_for_job(path, "test") as book:
        together = read_all_optional(book, REQUESTS)
    alone = []
    for sheet, columns in REQUESTS[:3]:
        with FileWorkbook(path) as book:
            alone.append(book.read(sheet, columns=columns))
    for got, expected in zip(together, alone, strict=False):
        assert_same(got, expected)
    inspections = together[1]
    assert inspections.frame.height == 600 and "合计" not in inspections.frame["lot"].to_list()
    assert {(i.row, i.value) for i in inspections.issues} == {(6, "true"), (603, "合计")}
    assert together[2].frame["qty_delivered"].dtype == pl.Float64 and together[2].frame.height > 0
    with FileWorkbook(path) as book:
        chosen = [book._plan(sheet, None, columns) for sheet, columns in REQUESTS[1:3]]  # noqa: SLF001
        typed = [book._typed_read(plan, None) is not None for plan in chosen]  # type: ignore[arg-type]  # noqa: SLF001
    assert typed == [False, True], "one sheet read as text and one typed, side by side"
    assert together[3].frame.is_empty() and together[3].sheet == spec("complaints").name("zh")


def test_sheets_read_together_are_kept_in_the_read_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read together once, the sheets come from the read cache the next time, the same."""
    monkeypatch.setenv(read_cache.ENV, str(tmp_path / "cache"))
    path = user_book(tmp_path / "quarter.xlsx")
    with FileWorkbook(path) as book:
        first = book.read_all([r for r in REQUESTS[:3]])
    with FileWorkbook(path) as book:
        monkeypatch.setattr(FileWorkbook, "_parse", None)  # nothing may be parsed now
        again = book.read_all([r for r in REQUESTS[:3]])
    for got, expected in zip(again, first, strict=True):
        assert_same(got, expected)
