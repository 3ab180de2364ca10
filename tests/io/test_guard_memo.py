"""The guard remembers sheet parts it passed: identical bytes are not scanned twice, anything else is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from srm_xl.errors import UnsafeFileError
from srm_xl.io import guard_zip, read_cache
from srm_xl.io.cell_words import UNKNOWN
from srm_xl.io.guard import Limits, check_file
from tests.io import hostile


@pytest.fixture
def scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheet parts the guard streams, in order, with the cache in a folder of the test's own."""
    monkeypatch.setenv(read_cache.ENV, str(tmp_path / "cache"))
    seen: list[str] = []
    original = guard_zip._Package.stream_sheet  # noqa: SLF001 - counting the scans the memo saves

    def counting(self: guard_zip._Package, info: object, pool: object) -> object:  # noqa: SLF001
        seen.append(info.filename)  # type: ignore[attr-defined]
        return original(self, info, pool)  # type: ignore[arg-type]

    monkeypatch.setattr(guard_zip._Package, "stream_sheet", counting)  # noqa: SLF001
    return seen


def test_an_unchanged_sheet_is_scanned_once(tmp_path: Path, scans: list[str]) -> None:
    book = hostile.workbook(tmp_path / "book.xlsx")
    assert check_file(book) == "xlsx" and check_file(book) == "xlsx"
    assert scans == ["xl/worksheets/sheet1.xml"]


def test_a_changed_sheet_is_scanned_again(tmp_path: Path, scans: list[str]) -> None:
    book = hostile.workbook(tmp_path / "book.xlsx", rows=20)
    check_file(book)
    hostile.workbook(book, rows=21)
    check_file(book)
    assert len(scans) == 2


def test_other_limits_scan_again(tmp_path: Path, scans: list[str]) -> None:
    book = hostile.workbook(tmp_path / "book.xlsx")
    check_file(book)
    with pytest.raises(UnsafeFileError):
        check_file(book, limits=Limits(max_rows=5))
    assert len(scans) == 2


def test_a_refused_sheet_is_refused_every_time(tmp_path: Path, scans: list[str]) -> None:
    path = hostile.sheet_edit(tmp_path / "dim.xlsx", b'<dimension ref="A1:D21" />', b'<dimension ref="A1:XFD1048576"/>')
    for _ in range(2):
        with pytest.raises(UnsafeFileError) as refused:
            check_file(path)
        assert refused.value.code == "guard_dimension_size"
    assert len(scans) == 2


def test_nothing_is_remembered_with_the_cache_off(
    tmp_path: Path, scans: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(read_cache.ENV, "off")
    book = hostile.workbook(tmp_path / "book.xlsx")
    check_file(book)
    check_file(book)
    assert len(scans) == 2 and not (tmp_path / "cache").exists()


def test_sheets_a_job_wrote_are_not_scanned_again_until_they_change(tmp_path: Path, scans: list[str]) -> None:
    """The result sheets a job writes are checked while the file is written; the next job skips them, and a
    result sheet changed by hand afterwards is scanned (and refused when hostile) like any other."""
    import polars as pl

    from srm_xl.io.draft import draft_from_spec
    from srm_xl.io.file_workbook import FileWorkbook
    from srm_xl.schema import spec

    path = hostile.workbook(tmp_path / "book.xlsx")
    suppliers = pl.DataFrame({"code": [f"S{i:03d}" for i in range(50)], "name": ["苏州精密"] * 50})
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(spec("suppliers"), suppliers, "en"))
        book.commit()
        written = next(s.part for s in book._package.sheets() if s.name == "Suppliers")  # noqa: SLF001
    assert scans == ["xl/worksheets/sheet1.xml"]
    assert check_file(path) == "xlsx"
    assert scans == ["xl/worksheets/sheet1.xml"]
    xml = hostile.part(path, written)
    far = xml.replace(b'r="A3"', b'r="XFE3"', 1)
    assert far != xml
    hostile.rezip(path, tmp_path / "edited.xlsx", replace={written: far})
    with pytest.raises(UnsafeFileError) as refused:
        check_file(tmp_path / "edited.xlsx")
    assert refused.value.code == "guard_cell_beyond_limit"
    assert scans[-1] == written


def test_written_xml_that_would_be_refused_is_not_remembered() -> None:
    good = (
        b'<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    )
    part = "xl/worksheets/sheet2.xml"
    assert guard_zip.sheet_verdict("book.xlsx", part, good) == frozenset()
    assert guard_zip.sheet_verdict("book.xlsx", part, good.replace(b'<c r="A1">', b'<c r="A1" t="b">')) == {UNKNOWN}
    assert guard_zip.sheet_verdict("book.xlsx", part, good.replace(b'r="A1"', b'r="XFE1"')) is None
    assert guard_zip.sheet_verdict("book.xlsx", part, b"<!DOCTYPE x>" + good) is None


def test_what_the_guard_found_in_a_sheet_is_remembered_with_its_mark(tmp_path: Path, scans: list[str]) -> None:
    """A sheet without a TRUE cell is noted as such, one with a TRUE cell (a typed read would turn it into 1) is
    left to the reader to find its column; an unchanged sheet is not streamed again, what was found comes from its
    mark."""
    import zipfile

    import xlsxwriter

    from srm_xl.io import guard_findings

    paths = {}
    for name, flag in (("plain", 1), ("flagged", True)):
        paths[name] = tmp_path / f"{name}.xlsx"
        book = xlsxwriter.Workbook(paths[name])
        book.add_worksheet().write_row(0, 0, ["lot", "major", flag])
        book.close()
    for _ in range(2):
        guard_findings._found.clear()  # noqa: SLF001 - only the marks can say it now
        for path in paths.values():
            check_file(path)
        found = {}
        for name, path in paths.items():
            with zipfile.ZipFile(path) as package:
                found[name] = guard_findings.lookup(path, package.getinfo("xl/worksheets/sheet1.xml"))
        assert found == {"plain": frozenset(), "flagged": None}
    assert scans == ["xl/worksheets/sheet1.xml"] * 2


def test_shared_strings_are_streamed_once_and_their_counts_weighed_every_time(
    tmp_path: Path, scans: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Excel-saved book's shared strings (48 MB of XML on a year of lots) are checked once; what a strings
    part found (a missing word such as N/A) is remembered with its mark; and its declared counts are still
    weighed against the sheets of each file, so the same strings beside a shrunken sheet are refused."""
    import zipfile

    from srm_xl.io import guard_findings

    streamed: list[str] = []
    original = guard_zip._Package.stream_xml  # noqa: SLF001 - counting the streams the memo saves

    def counting(self: guard_zip._Package, info: zipfile.ZipInfo, sinks: list[object]) -> None:  # noqa: SLF001
        streamed.append(info.filename)
        original(self, info, sinks)  # type: ignore[arg-type]

    monkeypatch.setattr(guard_zip._Package, "stream_xml", counting)  # noqa: SLF001
    small, big = (_excel_saved(tmp_path / f"{n}.xlsx", n) for n in (20, 20_000))
    strings = hostile.part(big, hostile.SHARED)
    counted = strings.replace(b"<si><t>", b"<si><t>N/A</t></si><si><t>", 1)
    counted = re.sub(rb' count="\d+"', b' count="100000"', counted, count=1)
    assert counted.count(b'count="100000"') == 1
    book = hostile.rezip(big, tmp_path / "counted.xlsx", replace={hostile.SHARED: counted})
    for _ in range(2):
        guard_findings._found.clear()  # noqa: SLF001 - the second time only the mark can say it
        assert check_file(book) == "xlsx"
        with zipfile.ZipFile(book) as package:
            assert guard_findings.lookup(book, package.getinfo(hostile.SHARED)) == {"0"}, "N/A is the first string"
    assert streamed.count(hostile.SHARED) == 1
    shrunk = hostile.rezip(book, tmp_path / "shrunk.xlsx", replace={hostile.SHEET: hostile.part(small, hostile.SHEET)})
    with pytest.raises(UnsafeFileError) as refused:
        check_file(shrunk)
    assert refused.value.code == "guard_shared_strings" and refused.value.fields["attribute"] == "count"
    assert streamed.count(hostile.SHARED) == 1


def _excel_saved(path: Path, rows: int) -> Path:
    """A log written with shared strings, as Excel saves one."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Inspections")
    sheet.write_row(0, 0, ["lot", "supplier", "qty", "result"])
    for i in range(rows):
        sheet.write_row(i + 1, 0, [f"L{i:05d}", f"SUP-{i % 3}", 100 + i, "accept" if i % 5 else "reject"])
    book.close()
    return path
