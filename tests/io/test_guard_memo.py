"""The guard remembers sheet parts it passed: identical bytes are not scanned twice, anything else is."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_xl.errors import UnsafeFileError
from srm_xl.io import guard_zip, read_cache
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
    assert guard_zip.sheet_verdict("book.xlsx", part, good) is False
    assert guard_zip.sheet_verdict("book.xlsx", part, good.replace(b'<c r="A1">', b'<c r="A1" t="b">')) is True
    assert guard_zip.sheet_verdict("book.xlsx", part, good.replace(b'r="A1"', b'r="XFE1"')) is None
    assert guard_zip.sheet_verdict("book.xlsx", part, b"<!DOCTYPE x>" + good) is None


def test_what_the_guard_found_in_a_sheet_is_remembered_with_its_mark(tmp_path: Path, scans: list[str]) -> None:
    """A sheet with a TRUE cell is noted as such (a typed read would turn TRUE into 1); an unchanged sheet is
    not streamed again, and its note comes from the mark."""
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
        assert found == {"plain": False, "flagged": True}
    assert scans == ["xl/worksheets/sheet1.xml"] * 2
