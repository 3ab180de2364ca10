"""The Validate job end to end: every problem listed with a link, cells highlighted, data untouched."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook, backup_path
from srm_xl.io.package import Package
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from tests.books import sheet_rows, write_book


def problem_book(path: Path, lang: str = "zh") -> Path:
    suppliers = pl.DataFrame(
        {
            "code": ["S001", "S002", "S002", "S004"],
            "name": ["苏州恒达", "宁波华通", None, "无锡永信"],
            "uscc": ["914403001922038216", "914403001922038217", None, "12345"],
            "email": ["a@b.cn", "bad@", None, None],
            "phone": ["13812345678", "021-55556666", "12", None],
            "status": ["approved"] * 4,
        }
    )
    lots = pl.DataFrame(
        {
            "lot": ["L1", "L2", "L3"],
            "supplier": ["S001", "S999", "S002"],
            "received": [date(2026, 3, 5)] * 3,
            "lot_size": [500, 50, 20],
            "sample_size": [50, 8, 32],
            "major": [1, 9, 0],
        }
    )
    certificates = pl.DataFrame(
        {
            "supplier": ["S001"],
            "cert_type": ["ISO 9001"],
            "valid_from": [date(2027, 1, 1)],
            "valid_to": [date(2026, 1, 1)],
        }
    )
    return write_book(path, {"suppliers": suppliers, "inspections": lots, "certificates": certificates}, lang)  # type: ignore[arg-type]


EXPECTED = {
    ("供应商名录", "B4", "required"),
    ("供应商名录", "A4", "duplicate_key"),
    ("供应商名录", "C3", "uscc_check_digit"),
    ("供应商名录", "C5", "uscc_shape"),
    ("供应商名录", "G3", "email_invalid"),
    ("供应商名录", "F4", "phone_invalid"),
    ("来料检验记录", "B3", "unknown_reference"),
    ("来料检验记录", "I4", "order_violation"),
    ("来料检验记录", "K3", "order_violation"),
    ("资质证书", "E2", "order_violation"),
}


def test_every_rule_is_found_in_one_pass(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        report = validate(book)
    assert {(i.sheet, i.cell, i.code) for i in report.issues} == EXPECTED


def test_validation_sheet_lists_each_issue_with_a_link_and_counts(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        validate(book)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["数据校验"]
    assert sheet["A1"].value.startswith("数据校验: 10 个错误")
    assert "duplicate_key: 1" in sheet["A2"].value
    rows = sheet_rows(path, "数据校验", min_row=5)
    assert len(rows) == len(EXPECTED)
    links = {c.coordinate: c.hyperlink.location for c in sheet["I"] if c.hyperlink}
    assert links["I5"] == "'供应商名录'!C3"
    assert all("——" in row[7] for row in rows), "Chinese workbook, Chinese messages that say the fix"


def test_messages_are_english_in_an_english_workbook(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx", "en")
    with FileWorkbook(path) as book:
        validate(book)
    rows = sheet_rows(path, "Validation", min_row=5)
    assert any(r[7].startswith("Suppliers!C3: unified social credit code") for r in rows)


def test_cells_are_highlighted_and_values_unchanged(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    before = sheet_rows(path, "供应商名录")
    with FileWorkbook(path) as book:
        validate(book)
    assert sheet_rows(path, "供应商名录") == before
    marked = openpyxl.load_workbook(path)["供应商名录"].conditional_formatting
    refs = {str(cf.sqref) for cf in marked if any('"srm-xl"' in (r.formula or [""])[0] for r in cf.rules)}
    assert refs == {"A4 B4 C3 C5 F4 G3"}
    assert backup_path(path).exists()


def test_validating_again_adds_no_formats_and_leaves_the_marked_sheet_as_it_was(tmp_path: Path) -> None:
    """A book validated every day must not gather fonts and cell formats (Excel refuses a book past 64,000 of
    them; each run added seven): a second and third run add none, the supplier list, whose problems are the same,
    is not rewritten, and its marked cells still show the problem fill."""
    path = problem_book(tmp_path / "book.xlsx")
    parts = []
    for _ in range(3):
        with FileWorkbook(path) as book:
            validate(book)
        package = Package(path)
        part = next(s.part for s in package.sheets() if s.name == "供应商名录")
        parts.append((package.read("xl/styles.xml"), package.member(part).CRC))
        package.close()
    assert parts[1] == parts[2]
    assert parts[1][0].count(b"<font>") == parts[0][0].count(b"<font>")
    sheet = openpyxl.load_workbook(path)["供应商名录"]
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules if '"srm-xl"' in (r.formula or [""])[0]]
    assert [r.dxf.fill.fgColor.rgb for r in rules] == ["FFFFC7CE"]


def test_each_run_appends_one_audit_row(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    for _ in range(2):
        with FileWorkbook(path) as book:
            validate(book)
    rows = sheet_rows(path, "操作日志", min_row=2)
    assert [r[2] for r in rows] == ["validate", "validate"]
    assert rows[0][3] != rows[1][3], "input checksum changes after the first run wrote its sheets"
    assert rows[1][4] > 0 and "10 个错误" in rows[1][6]


def test_cli_exits_non_zero_and_prints_the_issues(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "uscc_check_digit" in result.output and "10 个错误" in result.output


def test_cli_refuses_a_hostile_file_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Types>&a;</Types>'
        )
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and path.read_bytes() == before


@pytest.mark.parametrize("rows", [0, 1])
def test_clean_workbook_passes(tmp_path: Path, rows: int) -> None:
    frame = pl.DataFrame(
        {"code": ["S1"][:rows], "name": ["A"][:rows], "status": ["approved"][:rows]},
        schema={"code": pl.String, "name": pl.String, "status": pl.String},
    )
    path = write_book(tmp_path / "book.xlsx", {"suppliers": frame})
    with FileWorkbook(path) as book:
        report = validate(book)
    assert report.ok and report.issues == []


def test_sheets_the_user_named_are_found_by_their_headers(tmp_path: Path) -> None:
    """A supplier list on 'Sheet1' and a log on 'IQC 2026' are validated like the template's sheets."""
    path = tmp_path / "own.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["2026年合格供方清单"])
    sheet.append(["供应商编号", "供方名称", "社会信用代码", "供应商状态"])
    sheet.append(["S001", "苏州恒达", "914403001922038216", "合格"])
    sheet.append(["S002", "宁波华通", "914403001922038217", "合格"])
    log = workbook.create_sheet("IQC 2026")
    log.append(["检验单号", "供应商编号", "检验日期", "来料数量", "抽样数"])
    log.append(["L1", "S009", "2026/3/5", 100, 13])
    notes = workbook.create_sheet("说明")
    notes.append(["本表由质量部维护"])
    workbook.save(path)
    with FileWorkbook(path) as book:
        assert book.find(spec("suppliers")) == "Sheet1" and book.find(spec("inspections")) == "IQC 2026"
        assert book.find(spec("customers")) is None
        report = validate(book)
    assert {(i.sheet, i.cell, i.code) for i in report.issues} == {
        ("Sheet1", "C4", "uscc_check_digit"),
        ("IQC 2026", "B2", "unknown_reference"),
    }


def test_a_sheet_that_cannot_be_read_is_named_and_every_other_problem_still_found(tmp_path: Path) -> None:
    """The sheets are read together; when the user's complaints sheet has lost its header row, it is named with
    the fix and every problem of the other sheets is still listed."""
    path = problem_book(tmp_path / "book.xlsx")
    workbook = openpyxl.load_workbook(path)
    complaints = workbook.create_sheet(spec("complaints").zh)
    complaints.append(["2026年客户投诉"])
    complaints.append(["甲", "乙", "丙"])
    complaints.append(["C-1", "客户A", "划伤"])
    workbook.save(path)
    with FileWorkbook(path) as book:
        report = validate(book)
    found = {(i.sheet, i.cell, i.code) for i in report.issues}
    assert found >= EXPECTED
    unreadable = [i for i in report.issues if i.sheet == spec("complaints").zh]
    assert [i.code for i in unreadable] == ["header_not_found"]


def test_a_sheet_with_nothing_to_mark_is_not_rewritten_and_fixed_cells_lose_their_mark(tmp_path: Path) -> None:
    """A sheet without problems keeps its stored bytes (a year's log is not recompressed, and the read cache and the
    file check still know it); once the user fixes the marked cell, the next run takes the mark away."""
    suppliers = pl.DataFrame({"code": ["S001", "S002"], "name": ["苏州恒达", "宁波华通"], "status": ["approved"] * 2})
    lots = pl.DataFrame(
        {"lot": ["L1", "L2"], "supplier": ["S001", "S999"], "received": [date(2026, 3, 5)] * 2, "lot_size": [500, 80]}
    )
    written = write_book(tmp_path / "written.xlsx", {"suppliers": suppliers, "inspections": lots})
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():  # saved as another program saves it: compressed harder than the product does
            out.writestr(info.filename, source.read(info))

    def stored(part: str) -> bytes:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(part)
            with path.open("rb") as raw:
                raw.seek(info.header_offset + 26)
                skip = int.from_bytes(raw.read(2), "little") + int.from_bytes(raw.read(2), "little")
                raw.seek(skip, 1)
                return raw.read(info.compress_size)

    def marks(sheet: str) -> list[str]:
        rules = openpyxl.load_workbook(path)[sheet].conditional_formatting
        return [str(cf.sqref) for cf in rules if any('"srm-xl"' in (r.formula or [""])[0] for r in cf.rules)]

    with FileWorkbook(path) as book:
        parts = {s.name: s.part for s in book._package.sheets()}  # noqa: SLF001 - which part holds which sheet
    clean_before = stored(parts["供应商名录"])
    with FileWorkbook(path) as book:
        validate(book)
    assert stored(parts["供应商名录"]) == clean_before
    assert marks("供应商名录") == [] and marks("来料检验记录") == ["B3"]
    workbook = openpyxl.load_workbook(path)
    workbook["来料检验记录"]["B3"].value = "S002"
    workbook.save(path)
    with FileWorkbook(path) as book:
        report = validate(book)
    assert report.ok and marks("来料检验记录") == []
