"""FileWorkbook: what is written reads back the same, and nothing else in the user's file changes."""

from __future__ import annotations

import errno
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook, backup_path
from srm_xl.io.headers import SCAN_ROWS
from srm_xl.io.package import COMPRESS_LEVEL, Package
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from srm_xl.schema.frames import empty_frame
from tests.books import sheet_rows, write_book
from tests.io.preserved import write_rich_workbook
from tests.libreoffice import convert

SUPPLIERS = spec("suppliers")


def suppliers(n: int = 3) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [f"S{i:03d}" for i in range(1, n + 1)],
            "name": [f"苏州供应商{i}有限公司" for i in range(1, n + 1)],
            "status": ["approved"] * n,
            "admission_date": [date(2026, 1, i % 28 + 1) for i in range(n)],
            "phone": ["13800138000"] * n,
        }
    )


def test_written_values_types_and_formats_read_back(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": suppliers()})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["供应商名录"]
    assert [c.value for c in sheet[1]][:3] == ["供应商代码", "供应商名称", "统一社会信用代码"]
    assert sheet["A2"].value == "S001" and sheet["K2"].value == "合格"
    assert sheet["L2"].value.date() == date(2026, 1, 1) and sheet["L2"].number_format == "yyyy-mm-dd"
    assert sheet["F2"].value == "13800138000" and sheet["F2"].data_type == "s", "phone numbers stay text"
    assert sheet.freeze_panes == "A2"
    assert list(sheet.tables) == ["tblSuppliers"] and sheet.tables["tblSuppliers"].ref == "A1:R4"
    status_lists = [v for v in sheet.data_validations.dataValidation if v.type == "list" and "K2" in str(v.sqref)]
    assert status_lists and "合格" in status_lists[0].formula1 and "暂停" in status_lists[0].formula1
    with FileWorkbook(path) as book:
        table = book.read(SUPPLIERS)
    assert table.issues == []
    assert (
        table.frame.select("code", "status", "admission_date").rows()
        == suppliers().select("code", "status", "admission_date").rows()
    )
    assert table.frame["_row"].to_list() == [2, 3, 4]


@pytest.mark.parametrize("system", ["1", "true"])
def test_dates_written_into_a_1904_book_keep_their_day(tmp_path: Path, system: str) -> None:
    """A book kept in the 1904 date system (Excel for Mac's old default; LibreOffice writes it as ``true``) gets
    the product's dates in that system: openpyxl and the product read back the days written, and the serial is
    the 1904 one (1,462 days less than the 1900 system's)."""
    base = tmp_path / "mac.xlsx"
    book = xlsxwriter.Workbook(base, {"date_1904": True})
    book.add_worksheet("Notes").write(0, 0, "kept")
    book.close()
    with zipfile.ZipFile(base) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    assert b'date1904="1"' in parts["xl/workbook.xml"]
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'date1904="1"', f'date1904="{system}"'.encode())
    path = tmp_path / "mac-edited.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(SUPPLIERS, suppliers(), "zh"))
        book.commit()
    sheet = openpyxl.load_workbook(path)["供应商名录"]
    assert sheet["L2"].value.date() == date(2026, 1, 1)
    with FileWorkbook(path) as book:
        assert book.read(SUPPLIERS).frame["admission_date"].to_list() == suppliers()["admission_date"].to_list()
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml")
    assert f"<v>{(date(2026, 1, 1) - date(1904, 1, 1)).days}</v>".encode() in xml


@pytest.mark.parametrize("date_1904", [True, False])
def test_a_date_left_as_its_serial_reads_as_the_day_of_the_books_date_system(tmp_path: Path, date_1904: bool) -> None:
    """A receipt date pasted as a plain number (its serial, unformatted) means the day of the book's own date
    system: the same day as the formatted date cell above it, in a 1904 book as in a 1900 one, read from the book
    and imported from it."""
    from srm_xl.jobs.importer import import_source
    from srm_xl.templates.build import build_template

    day = date(2026, 7, 3)
    serial = (day - (date(1904, 1, 1) if date_1904 else date(1899, 12, 30))).days
    path = tmp_path / "mac-log.xlsx"
    book = xlsxwriter.Workbook(path, {"date_1904": date_1904})
    sheet = book.add_worksheet("来料检验")
    sheet.write_row(0, 0, ["批号", "供应商", "到货日期", "来料数量"])
    sheet.write_row(1, 0, ["L1", "S001"])
    sheet.write_datetime(1, 2, datetime(2026, 7, 3), book.add_format({"num_format": "yyyy/m/d"}))
    sheet.write_row(2, 0, ["L2", "S001", serial, 500])
    sheet.write_number(1, 3, 400)
    book.close()
    with FileWorkbook(path) as read:
        assert read.read(spec("inspections")).frame["received"].to_list() == [day, day]
    target = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(target) as into:
        import_source(into, path)
    with FileWorkbook(target) as imported:
        assert imported.read(spec("inspections")).frame["received"].to_list() == [day, day]


def test_english_workbook_gets_english_headers_and_labels(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": suppliers(1)}, lang="en")
    rows = sheet_rows(path, "Suppliers")
    assert rows[0][:2] == ("Supplier code", "Supplier name") and rows[1][10] == "Approved"
    with FileWorkbook(path) as book:
        assert book.lang == "en"
        assert book.read(SUPPLIERS).frame["status"].to_list() == ["approved"]


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd", "\t=1", "<b>&amp;"])
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, text: str) -> None:
    frame = suppliers(1).with_columns(pl.lit(text).alias("name"))
    path = write_book(tmp_path / "book.xlsx", {"suppliers": frame})
    cell = openpyxl.load_workbook(path)["供应商名录"]["B2"]
    assert cell.value == text and cell.data_type == "s"
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_replacing_a_sheet_keeps_one_table_and_the_backup(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": suppliers(2)})
    original = path.read_bytes()
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(SUPPLIERS, suppliers(5), "zh"))
        book.commit()
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["供应商名录"]
    assert workbook["供应商名录"].tables["tblSuppliers"].ref == "A1:R6"
    assert backup_path(path).read_bytes() == original
    with zipfile.ZipFile(path) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/tables/")]) == 1


def test_a_job_keeps_every_other_part_byte_for_byte(tmp_path: Path) -> None:
    """Chart, pivot table, image, comments, data validation and VBA project survive a job untouched."""
    path = write_rich_workbook(tmp_path / "rich.xlsm")
    with zipfile.ZipFile(path) as archive:
        before = {i.filename: (archive.read(i.filename), i.CRC, i.compress_size) for i in archive.infolist()}
    with FileWorkbook(path) as book:
        report = validate(book)
    assert [i.code for i in report.issues] == ["email_invalid"]
    with zipfile.ZipFile(path) as archive:
        after = {i.filename: (archive.read(i.filename), i.CRC, i.compress_size) for i in archive.infolist()}
    changed_by_design = {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    }
    kept = set(before) - changed_by_design
    assert kept <= set(after), f"parts lost: {kept - set(after)}"
    for name in sorted(kept):
        assert after[name] == before[name], f"{name} changed"
    for name in (
        "xl/vbaProject.bin",
        "xl/media/image1.png",
        "xl/pivotTables/pivotTable1.xml",
        "xl/charts/chart1.xml",
        "xl/comments/comment1.xml",
    ):
        assert name in after
    sheet_xml = after["xl/worksheets/sheet1.xml"][0]
    assert b'<conditionalFormatting sqref="D3">' in sheet_xml
    assert (
        sheet_xml.replace(
            sheet_xml[sheet_xml.index(b"<conditionalFormatting") : sheet_xml.index(b"</conditionalFormatting>") + 24],
            b"",
        )
        == before["xl/worksheets/sheet1.xml"][0]
    )
    workbook = openpyxl.load_workbook(path, keep_vba=True)
    assert workbook.sheetnames == ["供应商名录", "说明", "数据校验", "操作日志"]
    assert workbook["供应商名录"]["D3"].value == "not-an-email"
    assert "macroEnabled" in after["[Content_Types].xml"][0].decode()


def test_marks_are_replaced_on_the_next_run_not_added(tmp_path: Path) -> None:
    path = write_rich_workbook(tmp_path / "rich.xlsm")
    for _ in range(2):
        with FileWorkbook(path) as book:
            validate(book)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/worksheets/sheet1.xml").count(b"<conditionalFormatting") == 1
    openpyxl.load_workbook(path)["供应商名录"]["D3"].value = "fixed@example.com"


def test_a_failed_write_leaves_the_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": suppliers(2)})
    original = path.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr("srm_xl.io.safe_write.os.replace", broken)
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(SUPPLIERS, suppliers(4), "zh"))
        with pytest.raises(SrmError, match="input/output error"):
            book.commit()
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~srm")] == [], "no temp file left behind"


def test_a_partial_read_gives_the_same_values_for_the_columns_asked(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": suppliers(5)})
    with FileWorkbook(path) as book:
        whole = book.read(SUPPLIERS)
        part = book.read(SUPPLIERS, columns=("code", "admission_date"))
    assert (
        part.frame.select("code", "admission_date", "_row").rows()
        == whole.frame.select("code", "admission_date", "_row").rows()
    )
    assert part.frame["name"].null_count() == 5, "columns not asked for are not read"
    assert part.issues == [] and set(part.columns) == {"code", "admission_date"}


def test_the_header_peek_reads_strings_however_the_strings_part_is_written(tmp_path: Path) -> None:
    """A strings part with a namespace prefix, an empty item and rich text runs (as other programs write it):
    the header is found by its words, wherever in the part they are."""
    path = tmp_path / "prefixed.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("Sheet")
        sheet.write_row(0, 0, ["供应商代码", "供应商名称", "备注"])
        sheet.write_row(1, 0, ["S001", "甲", "x"])
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items = [
        "<x:si><x:t>供应商代码</x:t></x:si>",
        "<x:si><x:r><x:t>供应商</x:t></x:r><x:r><x:t>名称</x:t></x:r></x:si>",
        "<x:si/>",
        "<x:si><x:t>S001</x:t></x:si>",
        "<x:si><x:t>甲</x:t><x:rPh sb='0' eb='1'><x:t>jia</x:t></x:rPh></x:si>",
        "<x:si><x:t>x</x:t></x:si>",
    ]
    strings = f'<?xml version="1.0"?><x:sst xmlns:x="{main}" count="6" uniqueCount="6">{"".join(items)}</x:sst>'
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = strings.encode()
            out.writestr(info, data)
    with FileWorkbook(edited) as book:
        peeked, _ = book.top_rows("Sheet")
    assert peeked.row(0)[:2] == ("供应商代码", "供应商名称") and peeked.row(1)[:2] == ("S001", "甲")
    assert peeked.row(0)[2] is None, "an empty string item is an empty cell"


def test_the_header_peek_sees_what_a_full_read_sees(tmp_path: Path) -> None:
    """Shared strings, inline strings, numbers and gaps in the first rows, without parsing the whole sheet."""
    path = tmp_path / "peek.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"] = "2026 供应商名录 & <notes>"
    sheet.append([])
    sheet.append(["供应商代码", "供应商名称", None, "准入日期"])
    sheet.append(["S001", "甲", 3.5, date(2026, 1, 2)])
    workbook.save(path)
    with FileWorkbook(path) as book:
        peeked, positions = book.top_rows("Sheet")
        full, full_positions = book.raw_text("Sheet")

    def cells(frame: pl.DataFrame, where: list[int]) -> dict[tuple[int, int], str]:
        return {(r, where[c]): v for r, row in enumerate(frame.iter_rows()) for c, v in enumerate(row) if v is not None}

    got, want = cells(peeked, positions), cells(full, full_positions)
    assert {k: v for k, v in got.items() if k != (4, 3)} == {k: v for k, v in want.items() if k != (4, 3)}
    assert got[(1, 1)] == "2026 供应商名录 & <notes>" and got[(3, 0)] == "供应商代码"


def test_the_header_peek_reads_every_sheet_s_top_like_a_full_read(tmp_path: Path) -> None:
    """Several sheets whose headers sit at different depths of one shared-strings part (an XlsxWriter book, the
    way Excel saves): each sheet's peeked top is what a full read of it shows."""
    path = tmp_path / "sheets.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        for sheet_number, name in enumerate(["供应商", "来料检验", "交货"]):
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, [f"{name}表头{c}" for c in range(3)])
            for row in range(1, 400):
                sheet.write_row(row, 0, [f"{name}-{row}-{sheet_number}", row * 1.5, f"备注{row % 7}"])
    with FileWorkbook(path) as book:
        for name in ["交货", "供应商", "来料检验"]:
            peeked, positions = book.top_rows(name)
            full, _ = book.raw_text(name, rows=SCAN_ROWS)
            assert positions == [0, 1, 2] and peeked.rows() == full.rows(), name
            assert peeked.row(0)[0] == f"{name}表头0"


@pytest.mark.libreoffice
def test_a_blank_cell_left_out_keeps_its_column_s_format_in_libreoffice(tmp_path: Path) -> None:
    """Blank cells of a table are not written; their column carries the style, so a date typed into the blank
    receipt date is a date: LibreOffice keeps the column's date format through a re-save, and every value."""
    inspections = spec("inspections")
    lots = pl.concat(
        [
            empty_frame(inspections),
            pl.DataFrame({"lot": ["L1", "L2"], "supplier": ["S001", "S002"], "received": [date(2026, 7, 1), None]}),
        ],
        how="diagonal_relaxed",
    )
    path = write_book(tmp_path / "book.xlsx", {"inspections": lots}, "en")
    letter = openpyxl.utils.get_column_letter(inspections.columns.index(inspections.column("received")) + 1)
    with zipfile.ZipFile(path) as package:
        xml = next(package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/"))
    assert f'r="{letter}3"'.encode() not in xml, "the blank date is left out"
    (tmp_path / "lo").mkdir()
    sheet = openpyxl.load_workbook(convert(path, tmp_path / "lo"))[inspections.name("en")]
    blank = sheet[f"{letter}3"]
    assert blank.value is None
    shown = blank.number_format if blank.has_style else sheet.column_dimensions[letter].number_format
    assert "yy" in shown.lower(), shown
    assert sheet[f"{letter}2"].value.date() == date(2026, 7, 1)
    assert [sheet[f"A{r}"].value for r in (2, 3)] == ["L1", "L2"]


def test_a_large_part_is_read_as_zipfile_reads_it_and_a_damaged_one_refused(tmp_path: Path) -> None:
    """A large member is inflated through ISA-L: the same bytes as zipfile's; a flipped byte in its stream (a
    damaged copy) fails as zipfile fails, never as a part read short."""
    path = tmp_path / "log.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("来料检验")
    for r in range(20_000):
        sheet.write_row(r, 0, [f"L{r:05d}", "苏州精密", r * 1.5, "合格"])
    book.close()
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
        expected = package.read(info)
    assert len(expected) >= 1024 * 1024
    with Package(path) as package:
        assert package.read(info.filename) == expected
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with Package(damaged) as package, pytest.raises(zipfile.BadZipFile):
        package.read(info.filename)


def test_a_large_result_sheet_compressed_early_reads_back_whole(tmp_path: Path) -> None:
    """Large result sheets are compressed (ISA-L) on the second core while the next one is rendered; zlib reads
    the member back with its CRC checked, it stays within a fifth of what zlib's own level makes of it (ISA-L's
    level 1 is three times as fast, a little larger or smaller depending on the sheet), and every value reads
    back."""
    rows = 30_000
    frame = suppliers(rows)
    path = write_book(tmp_path / "big.xlsx", {"suppliers": frame}, "en")
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        sheet = next(i for i in package.infolist() if i.filename.startswith("xl/worksheets/"))
        xml = package.read(sheet)
    assert len(xml) >= 1024 * 1024
    assert sheet.compress_size <= 1.2 * len(zlib.compress(xml, COMPRESS_LEVEL))
    with FileWorkbook(path) as book:
        read = book.read(SUPPLIERS)
    assert read.frame.height == rows
    assert read.frame["code"].to_list() == frame["code"].to_list()
