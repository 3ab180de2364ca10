"""The typed read of number and date columns gives exactly the table the text read gives, on users' logs.

Every workbook here is written the way a user's is (XlsxWriter: shared strings, date cells with their formats,
their own header words, a title row, a totals row), with the cells users put in number and date columns: whole
and fractional numbers, text such as ``/`` or ``N/A``, TRUE, dates with and without times, times alone, serial
numbers, text dates, errors. The reference is the text read of the same sheet, through the same spec and hints.
"""

from __future__ import annotations

import math
import shutil
import time as time_module
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import fastexcel
import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_xl.io import guard_zip, typed_read
from srm_xl.io.cell_words import ALL, ERRORS, MISSING_WORDS, CellSearch, StringSearch
from srm_xl.io.error_cells import error_issues
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.job_book import open_for_job
from srm_xl.io.reader import table_from_text
from srm_xl.io.table import Table
from srm_xl.io.typed_read import suspects_in
from srm_xl.schema import spec
from tests.io.tables import assert_same
from tests.libreoffice import convert

INSPECTIONS = spec("inspections")
HEADERS = ["批号", "供应商", "物料编码", "到货日期", "来料数量", "抽样数", "致命", "严重", "轻微", "判定", "备注"]
"""A user's own header words: 供应商 holds names, 备注 is a column the spec does not know."""

_NUMBER = st.one_of(
    st.integers(0, 5000),
    st.floats(0, 5000, allow_nan=False).map(lambda x: round(x, 3)),
    st.sampled_from([0.00005, 2.5, -0.0, 1e17, 100 / 3, 2 / 7]),
)
_DATE = st.dates(date(1990, 1, 1), date(2060, 12, 31))
_ODD = st.sampled_from(
    ["/", "N/A", "NULL", "nan", "Na", " 12 ", "1,200", "500PCS", "7月3日", "2026/3/6", "", True, False, "=1/0", "=NA()"]
)
_DATE_CELL = st.one_of(
    _DATE,
    st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)),
    st.times(),
    st.integers(18000, 75000),
)


def _cell(kind: st.SearchStrategy[object], odd: float) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), kind, _ODD) if odd else st.one_of(st.none(), kind)


@st.composite
def logs(draw: st.DrawFn) -> list[list[object]]:
    """Rows of an inspection log; some columns clean, some with the odd cells users type (remarks too: N/A, TRUE)."""
    odd = {c: draw(st.booleans()) for c in ("date", "lot_size", "sample", "defects")}
    rows = []
    for i in range(draw(st.integers(1, 12))):
        rows.append(
            [
                f"L{i:04d}" if draw(st.integers(0, 9)) else None,
                draw(st.sampled_from(["苏州精密", "宁波模具", "S001"])),
                "P-100",
                draw(_cell(_DATE_CELL, odd["date"])),
                draw(_cell(_NUMBER, odd["lot_size"])),
                draw(_cell(_NUMBER, odd["sample"])),
                draw(_cell(_NUMBER, odd["defects"])),
                draw(_cell(st.integers(0, 3), odd["defects"])),
                draw(_cell(_NUMBER, False)),
                draw(st.sampled_from(["合格", "不合格", "特采", None])),
                draw(st.one_of(st.none(), st.text(max_size=5), _NUMBER, _ODD)),
            ]
        )
    if draw(st.booleans()):
        rows.append(["合计", None, None, None, 1200, 30, 0, 1, 2, None, None])
    return rows


def write_log(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    """The log as Excel saves it: title row, header, date cells formatted as dates, times as times."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("2026年来料检验")
    formats = {
        date: book.add_format({"num_format": "yyyy/m/d"}),
        datetime: book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        time: book.add_format({"num_format": "hh:mm:ss"}),
    }
    sheet.write(0, 0, "2026年来料检验记录")
    sheet.write_row(2, 0, headers)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (date, datetime, time)):
                sheet.write_datetime(r, c, value, formats[type(value)])
            elif isinstance(value, str) and value.startswith("="):
                sheet.write_formula(r, c, value, None, "#N/A" if "NA" in value else "#DIV/0!")
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def both_reads(path: Path, columns: list[str] | None = None, *, guarded: bool = True) -> tuple[Table, Table]:
    """The sheet read by the book (typed where exact) and by the text read of the same cells, with the error
    values the book reports in both (:mod:`srm_xl.io.error_cells`). Unless ``guarded`` the book is opened without
    the guard, so the reader searches the sheet itself."""
    with FileWorkbook(path, checked=not guarded) as book:
        name = book.find(INSPECTIONS)
        assert name is not None
        hints = book.maps().hints(INSPECTIONS)
        read = book.read(INSPECTIONS, columns=columns)
        wanted = sorted(read.columns.values()) if columns else None
        frame, positions = book.raw_text(name, columns=wanted)
        reference = table_from_text(INSPECTIONS, name, frame, positions, columns, hints)
        reference.issues += error_issues(reference, book.sheet_marks(name).errors)
        return read, reference


def typed_applies(path: Path) -> bool:
    """Whether the book reads the log's number and date columns typed."""
    with FileWorkbook(path) as book:
        name = book.find(INSPECTIONS)
        assert name is not None
        plan = book._plan(INSPECTIONS, name, None)  # noqa: SLF001 - which of the two reads the book chose
        assert not isinstance(plan, Table), "read from the cache: this test reads the sheet itself"
        return book._typed_read(plan, None) is not None  # noqa: SLF001


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=logs())
def test_a_user_s_log_reads_the_same_typed_or_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows) -> None:
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    path = write_log(tmp_path / "log.xlsx", rows)
    assert_same(*both_reads(path))
    assert_same(*both_reads(path, ["lot", "supplier", "received", "major"]))
    assert_same(*both_reads(write_log(tmp_path / "unguarded.xlsx", rows), guarded=False))


def test_a_clean_log_is_read_typed_and_its_problems_still_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2.5, "合格", None],
        ["L2", "宁波模具", "P-2", datetime(2026, 7, 2, 14, 30), 1200, 80, 0, 0, 0, "不合格", 3],
        [None, None, None, None, None, None, None, None, None, None, "合计: 1700"],
    ]
    path = write_log(tmp_path / "log.xlsx", rows)
    assert typed_applies(path)
    read, reference = both_reads(path)
    assert_same(read, reference)
    assert read.frame["received"].to_list() == [date(2026, 7, 1), date(2026, 7, 2)]
    assert read.frame["lot_size"].to_list() == [500, 1200]
    assert read.frame["备注"].to_list() == [None, "3"]
    bad = [(i.row, i.value, i.code) for i in read.issues if i.severity == "error"]
    assert bad == [(4, "2.5", "not_integer")]
    assert [i.code for i in read.issues if i.severity == "info"] == ["row_skipped_note"]


def test_a_sheet_with_true_or_false_cells_is_read_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TRUE typed among defect counts would become 1 in a typed read; the text read reports it instead."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, True, 2, "合格", None],
        ["L2", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 1, 0, "不合格", None],
    ]
    path = write_log(tmp_path / "log.xlsx", rows)
    assert suspects_in(path, "xl/worksheets/sheet1.xml") == {"H"}, "TRUE stands in column H, the majors"
    assert not typed_applies(path)
    read, reference = both_reads(path)
    assert_same(read, reference)
    assert read.frame["major"].to_list() == [None, 1]
    assert [(i.row, i.value) for i in read.issues if i.code == "not_integer"] == [(4, "true")]


def test_a_log_re_saved_by_libreoffice_reads_the_same_typed_or_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2, "合格", "返工"],
        ["L2", "宁波模具", "P-2", "2026/7/3", "/", 80, 0, 0, 0.5, "特采", 7],
        ["L3", "S001", "P-3", time(13, 5), 45000, 13, None, 2, 1, "不合格", "N/A"],
    ]
    (tmp_path / "source").mkdir()
    source = write_log(tmp_path / "source" / "log.xlsx", rows)
    resaved = convert(source, tmp_path / "lo")
    copy = shutil.copy(resaved, tmp_path / "resaved.xlsx")
    assert typed_applies(Path(copy)), "the N/A stands in the remarks"
    read, reference = both_reads(Path(copy))
    assert_same(read, reference)
    assert read.frame["lot_size"].to_list() == [500, None, 45000]
    assert read.frame["received"].to_list() == [date(2026, 7, 1), date(2026, 7, 3), None]
    assert [i.code for i in read.issues if i.row == 6 and i.col == 3] == ["not_date"], "a time alone is no date"


@pytest.mark.parametrize("word", ["N/A", "NULL", "nan"])
def test_a_missing_word_among_numbers_is_read_as_text_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """fastexcel would read N/A among defect counts as no value; the text read reports it (N/A, a user's mark for
    "not applicable", as a note that the cell was read as blank; NULL and nan as not a number)."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, word, 2, "合格", None],
        ["L2", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 1, 0, "不合格", None],
    ]
    path = write_log(tmp_path / "log.xlsx", rows)
    assert not typed_applies(path)
    for guarded in (True, False):
        read, reference = both_reads(path, guarded=guarded)
        assert_same(read, reference)
        code = "value_none_mark" if word == "N/A" else "not_integer"
        assert [(i.row, i.value) for i in read.issues if i.code == code] == [(4, word)]


def test_an_error_cell_among_numbers_still_reads_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A formula's #N/A error is no value in both reads, so it does not send the sheet to the text read."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, "=NA()", 2, "合格", None],
        ["L2", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 1, 0, "不合格", None],
    ]
    path = write_log(tmp_path / "log.xlsx", rows)
    assert typed_applies(path)
    read, reference = both_reads(path)
    assert_same(read, reference)
    assert read.frame["major"].to_list() == [None, 1]


@pytest.mark.parametrize("last_major", [1, True])
def test_a_sheet_the_guard_streams_beside_the_reader_is_searched_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last_major: object
) -> None:
    """A large sheet is streamed by the guard on a lane of its own while the book opens; a sheet it found clean is
    not inflated again, one with a TRUE in its last row once more, for the column the TRUE stands in (the guard
    stops at the first such cell), and the TRUE among the majors sends it to the text read."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    monkeypatch.setattr(guard_zip, "_LANE_BYTES", 1)
    stream_sheet = guard_zip._stream_sheet  # noqa: SLF001 - the lane made as slow as a year's log makes it

    def slow_lane(*args: object) -> None:
        time_module.sleep(0.3)
        stream_sheet(*args)

    monkeypatch.setattr(guard_zip, "_stream_sheet", slow_lane)
    rows = [[f"L{i}", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2, "合格", None] for i in range(2000)]
    rows[-1][7] = last_major
    path = write_log(tmp_path / "log.xlsx", rows)
    searched: list[str] = []

    def counted(path: Path, part: str, search: object = None) -> frozenset[str]:
        searched.append(part)
        return suspects_in(path, part, search)  # type: ignore[arg-type]

    monkeypatch.setattr(typed_read, "suspects_in", counted)
    with open_for_job(path, "validate") as book:
        read = book.read(INSPECTIONS)
    assert searched == (["xl/worksheets/sheet1.xml"] if last_major is True else [])
    reference = both_reads(path)[1]
    assert_same(read, reference)
    assert read.frame["major"].to_list()[-1] == (None if last_major is True else 1)
    assert [i.row for i in read.issues if i.code == "not_integer"] == ([2003] if last_major is True else [])


def test_fastexcel_reads_exactly_the_missing_words_as_no_value(tmp_path: Path) -> None:
    """The list the typed read guards against is fastexcel's own: each word among numbers reads as no value
    (or NaN), and words that merely look like them stay text."""
    lookalikes = ["Na", "none", "NAN", "Null", "-", "N.A.", "#NULL!", "n.a.", "无", "NA ", "#VALUE!", "nil"]
    words = [*MISSING_WORDS, *lookalikes]
    path = tmp_path / "words.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("S")
    for c, word in enumerate(words):
        sheet.write_string(0, c, word)
        sheet.write_number(1, c, 1)
    book.close()
    frame = fastexcel.read_excel(path).load_sheet(0, header_row=None, schema_sample_rows=None).to_polars()
    read_as_missing = [w for w, name in zip(words, frame.columns, strict=True) if frame[name].dtype != pl.String]
    assert read_as_missing == list(MISSING_WORDS)
    assert all(frame[name][0] is None or math.isnan(frame[name][0]) for name in frame.columns[: len(MISSING_WORDS)])


@pytest.mark.parametrize("remark", ["N/A", "NA", True])
def test_a_missing_word_or_true_in_a_remarks_column_leaves_the_read_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remark: object
) -> None:
    """Users write N/A (not applicable) in remarks; it stands in the shared strings Excel saves. A remarks column is
    read as text either way, so the numbers and dates are still read typed, and the same as the text read."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2, "合格", remark],
        ["L2", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 0, 0, "不合格", "返工"],
    ]
    path = write_log(tmp_path / "log.xlsx", rows)
    assert typed_applies(path)
    for guarded in (True, False):
        read, reference = both_reads(path, guarded=guarded)
        assert_same(read, reference)
        assert read.frame["备注"].to_list() == ["true" if remark is True else remark, "返工"]
        assert read.frame["lot_size"].to_list() == [500, 1200]


def test_a_missing_word_on_another_sheet_leaves_the_log_read_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An N/A on the risk register puts a missing word among the shared strings every sheet shares; the log, which
    shows none of it, is read typed. The same word among the log's defect counts sends it to the text read."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2, "合格", None],
        ["L2", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 0, 0, "不合格", None],
    ]
    for major, typed in ((1, True), ("N/A", False)):
        rows[1][7] = major
        log = write_log(tmp_path / f"log{typed}.xlsx", rows)
        both = _with_sheet_showing(log, tmp_path / f"both{typed}.xlsx", "风险登记", "N/A")
        assert typed_applies(both) is typed
        for guarded in (True, False):
            read, reference = both_reads(both, guarded=guarded)
            assert_same(read, reference)
            assert read.frame["major"].to_list() == ([1, 1] if typed else [1, None])


def _with_sheet_showing(path: Path, target: Path, name: str, word: str) -> Path:
    """``path`` with one more sheet, ``name``, whose only cell shows ``word`` from the shared strings (added to
    them unless there)."""
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    strings = parts["xl/sharedStrings.xml"]
    items = strings.count(b"</si>")
    shown = f"<si><t>{word}</t></si>".encode()
    index = strings[: strings.find(shown)].count(b"</si>") if shown in strings else items
    if shown not in strings:
        strings = strings.replace(b"</sst>", shown + b"</sst>")
    parts["xl/sharedStrings.xml"] = strings
    parts["xl/worksheets/sheet9.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + f'<row r="1"><c r="B1" t="s"><v>{index}</v></c></row>'.encode()
        + b"</sheetData></worksheet>"
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/worksheets/sheet9.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet9.xml"/></Relationships>',
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", f'<sheet name="{name}" sheetId="99" r:id="rId99"/></sheets>'.encode()
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for part, data in parts.items():
            out.writestr(part, data)
    return target


def _found_wherever_cut(search: Callable[[], CellSearch | StringSearch], xml: bytes) -> set[frozenset[str]]:
    """What a fresh ``search`` finds in ``xml`` fed as two chunks, for each place the cut can fall."""
    found = set()
    for cut in range(1, len(xml)):
        each = search()
        each.feed(xml[:cut])
        each.feed(xml[cut:])
        each.finish()
        found.add(frozenset(each.found))
    return found


def test_the_shared_strings_that_are_missing_words_are_found_by_index() -> None:
    """Wherever two chunks meet, the search counts every string item (prefixed as some writers prefix them, too)
    and names the missing words' indices; an item it cannot count (an empty ``<si/>``) before a missing word makes
    the finding unattributable."""
    xml = b'<sst count="9" uniqueCount="5"><si><t>lot</t></si><si><t>N/A</t></si><si><r><t>x</t></r></si>'
    xml += b'<si><t xml:space="preserve">null</t></si><si><t>NAN</t></si></sst>'
    prefixed = xml.replace(b"<s", b"<x:s").replace(b"</s", b"</x:s")
    for variant in (xml, prefixed):
        assert _found_wherever_cut(StringSearch, variant) == {frozenset({"1", "3"})}, variant[:20]
    odd = StringSearch()
    odd.feed(xml.replace(b"<si><t>lot</t></si>", b"<si/>"))
    odd.finish()
    assert odd.found == {ALL}


def test_a_suspect_cell_cut_between_two_chunks_is_found() -> None:
    """The guard and the reader search XML chunk by chunk; a cell cut where two chunks meet is still seen, with its
    column, in XML with or without a namespace prefix."""
    xml = b'<row r="5"><c r="H5" t="s"><v>3</v></c><c r="I5" t="str"><f>X</f><v>N/A</v></c></row>' * 3
    prefixed = xml.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
    for variant in (xml, prefixed):
        assert _found_wherever_cut(CellSearch, variant) == {frozenset({"I"})}, variant[:8]
    clean = CellSearch()
    clean.feed(xml.replace(b"N/A", b"N/B"))
    clean.finish()
    assert not clean.found


def test_a_totals_row_down_the_lot_column_is_left_out_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Users total a log at its foot with 合计 in column A, where the lot numbers are: a total, not a lot named
    合计; a lot number that merely starts with the word stays a lot."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 2, "合格", None],
        ["Total-7", "宁波模具", "P-2", date(2026, 7, 2), 1200, 80, 0, 0, 0, "不合格", None],
        ["合计：", None, None, None, 1700, 130, 0, 1, 2, None, None],
    ]
    for guarded in (True, False):
        read, reference = both_reads(write_log(tmp_path / f"log{guarded}.xlsx", rows), guarded=guarded)
        assert_same(read, reference)
        assert read.frame["lot"].to_list() == ["L1", "Total-7"]
        assert read.frame["lot_size"].sum() == 1700
        assert [(i.row, i.value) for i in read.issues if i.code == "row_skipped_note"] == [(6, "合计：")]


def test_an_english_logs_totals_and_notes_are_left_out_whatever_their_capitals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An English log totals and signs off in its own words and capitals, some of it down the lot column; those
        rows are reported and left out. A lot without its number whose supplier's name starts like such a word (Summit
    Metals, Total Plastics Inc) stays."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    headers = ["Lot No", "Supplier", "Part No", "Receipt date", "Lot qty", "Sample size", "Critical", "Major"]
    rows = [
        ["L1", "Acme Castings", "P-1", date(2026, 7, 1), 500, 50, 0, 1],
        [None, "Summit Metals", "P-2", date(2026, 7, 2), 800, 80, 0, 0],
        ["Notebook-3", "Acme Castings", "P-3", date(2026, 7, 3), 100, 13, 0, 0],
        [None, "Total Plastics Inc", "P-4", None, 60, 8, 0, 0],
        ["TOTAL", None, None, None, 1460, 151, 0, 1],
        [None, "Grand Total", None, None, 1460, 151, 0, 1],
        [None, "TOTAL 1,460"],
        ["Notes: sampled per AQL 0.65, level II"],
        ["备注：以上由IQC填写"],
        [None, None, "Prepared by: J. Smith"],
    ]
    read, reference = both_reads(write_log(tmp_path / "july.xlsx", rows, headers))
    assert_same(read, reference)
    assert read.frame["lot"].to_list() == ["L1", None, "Notebook-3", None]
    assert read.frame["supplier"].to_list() == ["Acme Castings", "Summit Metals", "Acme Castings", "Total Plastics Inc"]
    assert read.frame["lot_size"].sum() == 1460
    skipped = [(i.row, i.value) for i in read.issues if i.code == "row_skipped_note"]
    assert skipped == [
        (8, "TOTAL"),
        (9, "Grand Total"),
        (10, "TOTAL 1,460"),
        (11, "Notes: sampled per AQL 0.65, level II"),
        (12, "备注：以上由IQC填写"),
        (13, "Prepared by: J. Smith"),
    ]


def test_a_chinese_logs_spaced_totals_and_sign_offs_are_left_out_and_a_supplier_named_like_a_note_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese forms space their totals to line up (合　计) and sign off with 制表人：/审　核：; those rows are
    reported and left out. A lot without its number from 说明书印刷厂 (a printer of instruction leaflets) stays."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    rows = [
        ["L1", "苏州精密", "P-1", date(2026, 7, 1), 500, 50, 0, 1, 0, "合格", None],
        [None, "说明书印刷厂", "P-2", date(2026, 7, 2), 300, 32, 0, 0, 0, "合格", None],
        [None, "合\u3000计", None, None, 800, 82, 0, 1, 0, None, None],
        [None, "本月小计", None, None, 800, 82, 0, 1, 0, None, None],
        ["制表人：张三"],
        [None, None, "审\u3000核：李四"],
    ]
    read, reference = both_reads(write_log(tmp_path / "七月.xlsx", rows))
    assert_same(read, reference)
    assert read.frame["supplier"].to_list() == ["苏州精密", "说明书印刷厂"]
    assert read.frame["lot_size"].sum() == 800
    skipped = [(i.row, i.value) for i in read.issues if i.code == "row_skipped_note"]
    assert skipped == [(6, "合 计"), (7, "本月小计"), (8, "制表人：张三"), (9, "审\u3000核：李四")], "as typed"


def test_an_error_cell_is_noted_wherever_the_chunks_meet() -> None:
    """The sheet-wide note that an error value stands somewhere (so that its cells are looked for) is made wherever
    the stream cuts the cell — between its type and its value too, a formula between them — and never for a sheet
    whose only ``#`` is text."""
    xml = b'<row r="2"><c r="E2" t="e"><f>D2/0</f><v>#DIV/0!</v></c></row>'
    assert _found_wherever_cut(CellSearch, xml) == {frozenset({ERRORS})}
    text = b'<row r="2"><c r="B2" t="inlineStr"><is><t>PO #12</t></is></c><c r="C2" t="s"><v>1</v></c></row>'
    assert _found_wherever_cut(CellSearch, text) == {frozenset()}
