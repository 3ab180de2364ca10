"""The hostile-file guard: real workbooks pass, every hostile or broken kind is refused with its own code."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import fastexcel
import olefile
import pytest

from srm_xl.errors import UnsafeFileError
from srm_xl.io.guard import Limits, check_file
from srm_xl.messages import render
from tests.io import hostile


def refused(path: Path, code: str, limits: Limits = Limits()) -> UnsafeFileError:
    """Assert that the guard refuses ``path`` with ``code``, names the file, and leaves its bytes as they were."""
    before = path.read_bytes()
    with pytest.raises(UnsafeFileError) as info:
        check_file(path, limits=limits)
    assert info.value.code == code, info.value.message("en")
    assert path.read_bytes() == before
    for lang in ("zh", "en"):
        text = info.value.message(lang)
        assert path.name in text and "{" not in text
    return info.value


def test_openpyxl_workbook_passes_and_is_left_untouched(tmp_path: Path) -> None:
    path = hostile.workbook(tmp_path / "book.xlsx", rows=500)
    before = path.read_bytes()
    assert check_file(path) == "xlsx"
    assert path.read_bytes() == before
    assert fastexcel.read_excel(path).load_sheet(0).height == 500


def test_xlsm_is_recognised_by_content_type(tmp_path: Path) -> None:
    assert check_file(hostile.xlsm(tmp_path / "macro.xlsm")) == "xlsm"


def test_kind_comes_from_content_not_extension(tmp_path: Path) -> None:
    path = hostile.workbook(tmp_path / "book.xlsx")
    renamed = path.rename(tmp_path / "book.csv")
    assert check_file(renamed) == "xlsx"


@pytest.mark.parametrize(
    "text",
    [
        b"lot,supplier,qty\nL1,SUP-1,100\n",
        "批号,供应商,数量\nL1,华东精密,100\n".encode("gb18030"),
        "\ufeff批号\t数量\r\nL1\t100\r\n".encode("utf-16"),
    ],
)
def test_csv_passes_as_csv(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "lots.csv"
    path.write_bytes(text)
    assert check_file(path) == "csv"


def test_zip_bomb_of_hundreds_of_mb_is_refused_from_the_directory(tmp_path: Path) -> None:
    error = refused(hostile.zeros_member(tmp_path / "bomb.xlsx", 300 * 1024 * 1024), "guard_ratio")
    assert error.fields["part"] == "xl/media/image1.bin"


def test_member_lying_about_its_size_is_stopped_while_inflating(tmp_path: Path) -> None:
    path = hostile.lying_size(tmp_path / "liar.xlsx", size=64 * 1024 * 1024, declared=1024 * 1024)
    refused(path, "guard_size_lie")


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (Limits(max_total_bytes=2 * 1024 * 1024), "guard_total_size"),
        (Limits(max_member_bytes=2 * 1024 * 1024), "guard_member_size"),
        (Limits(max_ratio=50, ratio_min_bytes=1024 * 1024), "guard_ratio"),
    ],
)
def test_size_limits_can_be_tightened(tmp_path: Path, limits: Limits, code: str) -> None:
    refused(hostile.zeros_member(tmp_path / "big.xlsx", 3 * 1024 * 1024), code, limits)


def test_too_many_members(tmp_path: Path) -> None:
    refused(hostile.many_members(tmp_path / "many.xlsx", 10_001), "guard_too_many_members")


@pytest.mark.parametrize("name", ["../evil", "xl/../../evil", "/abs", "C:\\x", "xl\\worksheets\\x.xml"])
def test_path_traversal_names(tmp_path: Path, name: str) -> None:
    path = hostile.rezip(hostile.workbook(tmp_path / "base.xlsx"), tmp_path / "trav.xlsx", add={name: b"x"})
    assert refused(path, "guard_bad_name").fields["part"] == name


def test_duplicate_member_names(tmp_path: Path) -> None:
    path = hostile.rezip(hostile.workbook(tmp_path / "base.xlsx"), tmp_path / "dup.xlsx")
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as z:
        z.writestr(hostile.SHEET, b"<worksheet/>")
    refused(path, "guard_duplicate_name")


def test_encrypted_member(tmp_path: Path) -> None:
    refused(hostile.encrypted_member(tmp_path / "zipcrypt.xlsx"), "guard_encrypted_member")


def test_crc_error_while_streaming(tmp_path: Path) -> None:
    error = refused(hostile.corrupt_crc(tmp_path / "crc.xlsx"), "guard_part_corrupt")
    assert error.fields["part"] == hostile.SHEET


def test_truncated_workbook(tmp_path: Path) -> None:
    full = hostile.workbook(tmp_path / "full.xlsx", rows=2000).read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(full[: len(full) // 2])
    refused(path, "guard_zip_corrupt")


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    xml = (
        hostile.BILLION_LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol9;</t></si></sst>"
    )
    assert (
        refused(hostile.with_part(tmp_path / "lol.xlsx", hostile.SHARED, xml), "guard_xml_dtd").fields["part"]
        == hostile.SHARED
    )


def test_external_entity_in_a_sheet(tmp_path: Path) -> None:
    path = hostile.sheet_edit(
        tmp_path / "xxe.xlsx", b"<worksheet", b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet'
    )
    assert refused(path, "guard_xml_dtd").fields["part"] == hostile.SHEET


def test_doctype_in_content_types(tmp_path: Path) -> None:
    base = hostile.workbook(tmp_path / "base.xlsx")
    types = hostile.part(base, "[Content_Types].xml").replace(b"<Types", b"<!DOCTYPE Types []><Types", 1)
    refused(hostile.rezip(base, tmp_path / "ct.xlsx", replace={"[Content_Types].xml": types}), "guard_xml_dtd")


def test_utf16_sheet_is_refused(tmp_path: Path) -> None:
    xml = hostile.part(hostile.workbook(tmp_path / "b.xlsx"), hostile.SHEET).decode().replace("UTF-8", "UTF-16")
    refused(hostile.with_part(tmp_path / "u16.xlsx", hostile.SHEET, xml.encode("utf-16")), "guard_xml_bad")


def test_huge_dimension_in_a_tiny_sheet(tmp_path: Path) -> None:
    path = hostile.sheet_edit(tmp_path / "dim.xlsx", b'<dimension ref="A1:D21" />', b'<dimension ref="A1:XFD1048576"/>')
    error = refused(path, "guard_dimension_size")
    assert error.fields["ref"] == "A1:XFD1048576"


def test_one_far_cell_alone_is_a_small_range_and_passes(tmp_path: Path) -> None:
    path = hostile.lone_corner_cell(tmp_path / "corner.xlsx")
    assert check_file(path) == "xlsx"
    assert fastexcel.read_excel(path).load_sheet(0, header_row=None).to_polars().item() == "corner"


def test_far_apart_cells_in_a_tiny_sheet(tmp_path: Path) -> None:
    path = hostile.sheet_edit(tmp_path / "far.xlsx", b'<c r="D21"', b'<c r="N1000000"')
    refused(path, "guard_dimension_size")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<c r="D21"', b'<c r="D1048577"'),
        (b'<c r="D21"', b'<c r="XFE21"'),
        (b'<row r="21"', b'<row r="1048577"'),
        (b'<c r="D21"', b"<c r = 'XFE21'"),
        (b'<dimension ref="A1:D21" />', b'<dimension ref="A1:XFE21"/>'),
    ],
)
def test_references_beyond_excel_limits(tmp_path: Path, old: bytes, new: bytes) -> None:
    error = refused(hostile.sheet_edit(tmp_path / "far.xlsx", old, new), "guard_cell_beyond_limit")
    assert error.fields["ref"].encode() in new


@pytest.mark.parametrize("ref", [b"D0", b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", b"d21", b"&#88;FD1"])
def test_malformed_cell_references(tmp_path: Path, ref: bytes) -> None:
    refused(hostile.sheet_edit(tmp_path / "bad.xlsx", b'<c r="D21"', b'<c r="' + ref + b'"'), "guard_cell_ref_bad")


LOOSE_RATIO = Limits(max_ratio=1_000_000)


def checked_as(path: Path, code: str | None) -> None:
    """``path`` passes the guard (``code`` None) or is refused with ``code``, compression ratios not limited."""
    if code is None:
        assert check_file(path, limits=LOOSE_RATIO) == "xlsx"
    else:
        refused(path, code, LOOSE_RATIO)


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        (b"", None),
        (b'<row r="1000000"><c r="XFE1000000"><v>1</v></c></row>', "guard_cell_beyond_limit"),
        (b"<row r='7'><c r='XFE7'><v>1</v></c></row>", "guard_cell_beyond_limit"),
        (b'<row r="9"><c r="ZZ9"><v>1</v></c></row>', "guard_dimension_size"),
        (b'<row r="9"><c r="CV9"><v>1</v></c></row>', None),
        (b'<row r="9"><c r="CW9"><v>1</v></c></row>', None),
        (b'<row r="9"><c r="AB09"><v>1</v></c></row>', "guard_cell_ref_bad"),
        (b'<row r="9"><c r="AB1000000"><v>1</v></c></row>', None),
        (b'<row r="1048576"><c r="CQ1048576"><v>1</v></c></row>', None),
        (b'<row r="9"><c r="CR9"><v>1</v></c></row>', None),
        (b'<row r="9"><c r="AB1048577"><v>1</v></c></row>', "guard_cell_beyond_limit"),
        (b'<row r="9"><c r="A0"><v>1</v></c></row>', "guard_cell_ref_bad"),
    ],
)
def test_large_sheets_are_scanned_to_the_end(tmp_path: Path, tail: bytes, code: str | None) -> None:
    """An 80 MB sheet of about 645,000 rows: a cell at CW (101 columns, 65M cells in all) passes once the sheet
    is scanned again exactly; one at ZZ (453M cells) is refused."""
    checked_as(hostile.big_sheet(tmp_path / "large.xlsx", 80 * 1024 * 1024, tail), code)


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        (b'<row r="9"><c r="CW9"><v>1</v></c></row>', None),
        (b'<row r="9"><c r="ZZ9"><v>1</v></c></row>', "guard_dimension_size"),
        (b'<row r="9"><c r="AB09"><v>1</v></c></row>', "guard_cell_ref_bad"),
        (b'<row r="9"><c r="XFE9"><v>1</v></c></row>', "guard_cell_beyond_limit"),
    ],
)
def test_sheets_of_thirty_megabytes_are_bounded_without_extracting_every_reference(
    tmp_path: Path, tail: bytes, code: str | None
) -> None:
    """A 30 MB sheet of about 240,000 rows may span Excel's rows × 95 columns: its ordinary references are not
    extracted, a reference past them still is (ZZ: 170M cells once scanned exactly)."""
    checked_as(hostile.big_sheet(tmp_path / "large.xlsx", 30 * 1024 * 1024, tail), code)


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        (b"", None),
        (b'<row r="9"><c r="CW9"><v>1</v></c></row>', None),
        (b'<row r="150000"><c r="B150000"><v>1</v></c></row>', None),
        (b'<row r="200000"><c r="CQ200000"><v>1</v></c></row>', "guard_dimension_size"),
        (b'<row r="9"><c r="ZZ9"><v>1</v></c></row>', "guard_dimension_size"),
        (b'<row r="9"><c r="AB09"><v>1</v></c></row>', "guard_cell_ref_bad"),
        (b'<row r="9"><c r="XFE9"><v>1</v></c></row>', "guard_cell_beyond_limit"),
        (b'<row r="9"><c r="B1048577"><v>1</v></c></row>', "guard_cell_beyond_limit"),
    ],
)
def test_a_month_s_log_of_four_megabytes_is_bounded_by_99999_rows(
    tmp_path: Path, tail: bytes, code: str | None
) -> None:
    """A 4 MB sheet may span 16M cells: 99,999 rows × 95 columns are taken as given, a six-digit row or a column
    past CQ is still extracted (B150000 passes, 150,000 × 2 cells once scanned exactly; CQ200000 spans 19M)."""
    checked_as(hostile.big_sheet(tmp_path / "month.xlsx", 4 * 1024 * 1024, tail), code)


def test_limits_on_rows_can_be_tightened(tmp_path: Path) -> None:
    path = hostile.workbook(tmp_path / "book.xlsx", rows=200)
    assert check_file(path) == "xlsx"
    error = refused(path, "guard_cell_beyond_limit", Limits(max_rows=100))
    assert error.fields["max_rows"] == 100


def test_shared_string_count_out_of_proportion(tmp_path: Path) -> None:
    xml = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
        b'uniqueCount="4000000000"><si><t>a</t></si></sst>'
    )
    error = refused(hostile.with_part(tmp_path / "sst.xlsx", hostile.SHARED, xml), "guard_shared_strings")
    assert error.fields["attribute"] == "uniqueCount"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda p: hostile.random_bytes(p), "guard_not_workbook"),
        (lambda p: p.write_bytes(b"") and p or p, "guard_empty"),
        (hostile.encrypted_workbook, "guard_encrypted"),
        (hostile.legacy_xls, "guard_legacy_xls"),
        (hostile.word_97, "guard_ole_other"),
        (hostile.docx, "guard_no_workbook"),
        (hostile.ods, "guard_ods"),
        (lambda p: p.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>") and p, "guard_markup"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, build: Callable[[Path], Path], code: str) -> None:
    path = tmp_path / "upload.xlsx"
    build(path)
    refused(path, code)


def test_legacy_xls_message_says_how_to_convert(tmp_path: Path) -> None:
    error = refused(hostile.legacy_xls(tmp_path / "old.xls"), "guard_legacy_xls")
    assert "Save it as .xlsx in Excel" in error.message("en").replace("save", "Save")
    assert "LibreOffice" in error.message("en") and "另存为 .xlsx" in error.message("zh")


def test_encrypted_workbook_message_says_remove_the_password(tmp_path: Path) -> None:
    error = refused(hostile.encrypted_workbook(tmp_path / "secret.xlsx"), "guard_encrypted")
    assert "remove the password" in error.message("en")


def test_tiny_cfb_writer_is_read_back_by_olefile(tmp_path: Path) -> None:
    path = hostile.encrypted_workbook(tmp_path / "secret.xlsx")
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted(e[0] for e in ole.listdir()) == ["EncryptedPackage", "EncryptionInfo"]
        assert ole.openstream("EncryptionInfo").read(8) == b"\x04\x00\x04\x00\x40\x00\x00\x00"


def test_missing_file_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError) as info:
        check_file(tmp_path / "nowhere.xlsx")
    assert info.value.code == "guard_unreadable"


def test_every_guard_code_has_both_languages() -> None:
    from srm_xl.messages import catalogue

    codes = [code for code in catalogue() if code.startswith("guard_")]
    assert len(codes) >= 25
    for code in codes:
        assert render(code, "zh") and render(code, "en")


@pytest.mark.parametrize("lanes", [True, False])
def test_sheets_checked_on_two_lanes_are_refused_in_the_order_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lanes: bool
) -> None:
    """Large sheets are streamed on two cores; with two bad sheets the first in the package is still the one
    named, as when the sheets are checked one by one."""
    import xlsxwriter

    from srm_xl.io import guard_zip

    monkeypatch.setattr(guard_zip, "_LANE_BYTES", 0 if lanes else 1 << 60)
    base = tmp_path / "base.xlsx"
    book = xlsxwriter.Workbook(base)
    for name in ("Good", "Far", "Bad"):
        sheet = book.add_worksheet(name)
        for row in range(40 if name == "Bad" else 20):
            sheet.write_row(row, 0, [f"L{row}", row, "accept"])
    book.close()
    far = hostile.part(base, "xl/worksheets/sheet2.xml").replace(b'r="C5"', b'r="XFE5"', 1)
    bad = hostile.part(base, "xl/worksheets/sheet3.xml").replace(b'r="B7"', b'r="B0"', 1)
    path = hostile.rezip(
        base, tmp_path / "two.xlsx", replace={"xl/worksheets/sheet2.xml": far, "xl/worksheets/sheet3.xml": bad}
    )
    with zipfile.ZipFile(path) as package:
        infos = [package.getinfo(f"xl/worksheets/sheet{i}.xml") for i in (1, 2, 3)]
    split = [len(lane) for lane in guard_zip._lanes(infos)]
    assert sorted(split) == ([1, 2] if lanes else [0, 0])
    error = refused(path, "guard_cell_beyond_limit")
    assert "xl/worksheets/sheet2.xml" in error.message("en")
    fixed = hostile.rezip(base, tmp_path / "one.xlsx", replace={"xl/worksheets/sheet3.xml": bad})
    assert "xl/worksheets/sheet3.xml" in refused(fixed, "guard_cell_ref_bad").message("en")


_JOB_READING = """
import sys
from pathlib import Path
import srm_xl.io.guard_zip as guard_zip
from srm_xl.errors import UnsafeFileError
from srm_xl.io.job_book import open_for_job
from srm_xl.schema import spec
guard_zip._LANE_BYTES = 0
try:
    with open_for_job(Path(sys.argv[1]), "test") as book:
        if sys.argv[2] == "together":
            tables = book.read_all([(spec("suppliers"), None), (spec("inspections"), None)])
            print("read", *(table.frame.height for table in tables))
        else:
            print("read", book.read(spec(sys.argv[2])).frame.height)
except UnsafeFileError as error:
    print("refused", error.code, error.fields["part"])
"""


@pytest.mark.parametrize("reads", ["inspections", "suppliers", "together"])
def test_a_job_reads_no_sheet_before_the_guard_passed_it_and_ends_refused(tmp_path: Path, reads: str) -> None:
    """Large sheets are checked while a job reads the others. A job that reads the hostile sheet waits for its
    check and is refused (calamine would abort the process on it); a job that reads another sheet may read it
    while the check runs, and is refused all the same, as is a job reading both together; the book is left as it
    was."""
    import subprocess
    import sys

    import polars as pl

    from tests.books import write_book

    suppliers = pl.DataFrame({"code": ["S001", "S002"], "name": ["苏州精密", "宁波模具"]})
    lots = pl.DataFrame({"lot": ["L1", "L2"], "supplier": ["S001", "S002"], "lot_size": [500, 80]})
    base = write_book(tmp_path / "base.xlsx", {"suppliers": suppliers, "inspections": lots}, "en")
    part = "xl/worksheets/sheet2.xml"
    xml = hostile.part(base, part)
    far = xml.replace(b'r="A3"', b'r="XFD1048576"', 1)
    assert far != xml
    path = hostile.rezip(base, tmp_path / "book.xlsx", replace={part: far})
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _JOB_READING, str(path), reads], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    refused = ["refused", "guard_dimension_size", part]
    said = done.stdout.split()
    assert said[-3:] == refused
    assert said[:-3] == [] if reads != "suppliers" else said[:-3] in ([], ["read", "2"])
    assert path.read_bytes() == before
    unguarded = "import sys, fastexcel; fastexcel.read_excel(sys.argv[1]).load_sheet(1)"
    crash = subprocess.run([sys.executable, "-c", unguarded, str(path)], capture_output=True, timeout=120)
    assert crash.returncode < 0, "calamine no longer aborts on this sheet: the test needs a harder one"
