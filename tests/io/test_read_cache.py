"""The read cache: an unchanged sheet is served from it, any change to the sheet or its strings is read afresh."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from srm_xl.io import read_cache
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.table import Table
from srm_xl.schema import spec


def _user_log(path: Path) -> Path:
    """An inspection log as Excel saves it (XlsxWriter): shared strings, date cells with a date format."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("来料检验记录")
    dates = workbook.add_format({"num_format": "yyyy/m/d"})
    sheet.write_row(0, 0, ["批号", "供应商代码", "物料编码", "到货日期", "批量", "样本量", "严重缺陷数", "判定"])
    for i in range(1, 41):
        sheet.write_row(i, 0, [f"L{i:03d}", f"S{i % 4:02d}", "P-1"])
        sheet.write_datetime(i, 3, dt.datetime(2026, 7, i % 28 + 1), dates)
        sheet.write_row(i, 4, [500, 50, i % 3, "合格" if i % 5 else "不合格"])
    workbook.close()
    return path


def _read(path: Path, columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    with FileWorkbook(path) as book:
        return book.read(spec("inspections"), columns=columns).frame


def _cached(book: Path) -> Table | None:
    """What the cache holds for the next full read of the inspection log (``None``: the sheet would be parsed)."""
    with FileWorkbook(book) as opened:
        plan = opened._plan(spec("inspections"), "来料检验记录", None)  # noqa: SLF001 - the read's own cache lookup
    return plan if isinstance(plan, Table) else None


def _entries() -> list[Path]:
    folder = read_cache.cache_folder()
    return sorted(folder.glob("*.srmcache")) if folder and folder.exists() else []


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(read_cache.ENV, str(folder))
    return folder


def test_an_unchanged_sheet_is_served_from_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    book = _user_log(tmp_path / "book.xlsx")
    first = _read(book)
    assert len(_entries()) == 1
    cached = _cached(book)
    assert cached is not None and cached.frame.equals(first)
    again = _read(book)
    assert again.equals(first) and len(_entries()) == 1
    assert again["received"].to_list()[0] == dt.date(2026, 7, 2) and again["decision"].to_list()[4] == "reject"


def test_a_changed_cell_is_read_afresh(tmp_path: Path, cache_dir: Path) -> None:
    book = _user_log(tmp_path / "book.xlsx")
    assert _read(book)["major"].sum() == sum(i % 3 for i in range(1, 41))
    workbook = openpyxl.load_workbook(book)
    workbook.active["G2"] = 7
    workbook.save(book)
    assert _read(book)["major"].to_list()[0] == 7
    assert len(_entries()) == 2


def test_a_changed_shared_string_is_read_afresh(tmp_path: Path, cache_dir: Path) -> None:
    """The sheet part is byte-identical but the text it points at changed: the entry must not be used."""
    book = _user_log(tmp_path / "book.xlsx")
    assert _read(book)["supplier"].to_list()[0] == "S01"
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b">S01<", b">S99<")
            out.writestr(info, data)
    os.replace(edited, book)
    assert _read(book)["supplier"].to_list()[0] == "S99"


def test_columns_asked_for_are_part_of_the_key(tmp_path: Path, cache_dir: Path) -> None:
    book = _user_log(tmp_path / "book.xlsx")
    narrow = _read(book, ("supplier", "major"))
    full = _read(book)
    assert narrow["lot"].null_count() == 40 and full["lot"].null_count() == 0 and len(_entries()) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(read_cache.ENV, "off")
    book = _user_log(tmp_path / "book.xlsx")
    _read(book)
    assert read_cache.cache_folder() is None and not (tmp_path / "xdg").exists()


def test_a_damaged_entry_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    book = _user_log(tmp_path / "book.xlsx")
    expected = _read(book)
    for entry in _entries():
        entry.write_bytes(entry.read_bytes()[:50])
    assert _read(book).equals(expected)


def test_prune_removes_the_least_recently_used_entries(tmp_path: Path) -> None:
    for age, name in enumerate(("new", "middle", "old")):
        path = tmp_path / f"{name}.srmcache"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1_000_000 - age * 1000, 1_000_000 - age * 1000))
    read_cache.prune(tmp_path, limit=250)
    assert sorted(p.stem for p in tmp_path.glob("*.srmcache")) == ["middle", "new"]


def test_regrading_after_a_job_wrote_its_sheets_is_served_from_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A grade adds result sheets and cell formats; the log itself is unchanged, so the next grade does not parse it."""
    from srm_xl.cli import app

    book = _user_log(tmp_path / "book.xlsx")
    app(["grade", str(book), "--period", "2026-Q3"], standalone_mode=False)
    (tmp_path / "first.xlsx").write_bytes(book.read_bytes())
    parsed: list[str] = []
    raw_text = FileWorkbook.raw_text

    def recording(self: FileWorkbook, sheet: str, **options: object) -> object:
        parsed.append(sheet)
        return raw_text(self, sheet, **options)

    monkeypatch.setattr(FileWorkbook, "raw_text", recording)
    app(["grade", str(book), "--period", "2026-Q3"], standalone_mode=False)
    assert "来料检验记录" not in parsed
    with FileWorkbook(book) as opened:
        scorecard = opened.read(spec("scorecard")).frame
    with FileWorkbook(tmp_path / "first.xlsx") as opened:
        assert opened.read(spec("scorecard")).frame["total"].equals(scorecard["total"])


def test_a_changed_number_format_is_read_afresh(tmp_path: Path, cache_dir: Path) -> None:
    """The sheet part is byte-identical but its date cells' format became a plain number: not the cached dates."""
    book = _user_log(tmp_path / "book.xlsx")
    assert _read(book)["received"].to_list()[0] == dt.date(2026, 7, 2)
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'formatCode="yyyy/m/d"', b'formatCode="0.00"')
            out.writestr(info, data)
    os.replace(edited, book)
    assert _cached(book) is None


def test_an_entry_damaged_where_it_still_reads_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    """A byte changed in an entry (a disk, a sync tool) where the file still reads — a column's name, a lot size:
    the sheet is read afresh — the damaged table was served, the job stopping with an internal error on a missing
    column, or reading 500 as another number without a word."""
    book = _user_log(tmp_path / "book.xlsx")
    expected = _read(book)
    for entry in _entries():
        entry.write_bytes(entry.read_bytes().replace(b"lot_size", b"lot_sizf"))
    assert _read(book).equals(expected)


def test_an_entry_polars_panics_on_is_ignored(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """polars panics on some damaged Parquet (a page whose sizes disagree): the entry is ignored, not the job
    stopped with an internal error."""
    book = _user_log(tmp_path / "book.xlsx")
    expected = _read(book)

    def panics(*_: object, **__: object) -> pl.DataFrame:
        raise pl.exceptions.PanicException("assertion `left == right` failed")

    monkeypatch.setattr(read_cache.pl, "read_parquet", panics)
    assert _cached(book) is None
    assert _read(book).equals(expected)
