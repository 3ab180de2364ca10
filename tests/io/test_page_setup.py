"""Every written sheet prints: one page wide, header row on every page, A4 or Letter, footer, print area."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.demo.sample_data import sample_frames
from srm_xl.io.draft import Cell, SheetDraft, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.issues import column_letter
from srm_xl.schema import spec
from tests.libreoffice import convert, pdf_page_sizes, pdf_pages

A4_LANDSCAPE = (841.9, 595.3)
LAST = column_letter(len(spec("suppliers").columns) - 1)
"""The suppliers table's last column."""


@pytest.fixture(scope="module")
def suppliers() -> pl.DataFrame:
    return sample_frames()["suppliers"].head(120)


def _book(path: Path, drafts: list[SheetDraft], lang: str = "zh") -> Path:
    book = FileWorkbook.create(path, lang)  # type: ignore[arg-type]
    for draft in drafts:
        book.stage(draft)
    book.commit()
    return path


def test_a_wide_table_prints_landscape_one_page_wide_with_its_header_repeated(
    tmp_path: Path, suppliers: pl.DataFrame
) -> None:
    path = _book(tmp_path / "suppliers.xlsx", [draft_from_spec(spec("suppliers"), suppliers, "zh")])
    sheet = openpyxl.load_workbook(path)["供应商名录"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == f"'供应商名录'!$A$1:${LAST}${suppliers.height + 1}"
    assert sheet.freeze_panes == "A2"
    assert "第 &P 页，共 &N 页" in sheet.oddFooter.right.text
    assert "&F" in sheet.oddFooter.left.text and "&A" in sheet.oddFooter.left.text


def test_a_narrow_sheet_prints_portrait_and_an_english_footer_says_page_of(tmp_path: Path) -> None:
    draft = SheetDraft("Notes", cells=[Cell(1, 0, "a note"), Cell(2, 1, 3)], widths={0: 30, 1: 12})
    sheet = openpyxl.load_workbook(_book(tmp_path / "notes.xlsx", [draft], "en"))["Notes"]
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.oddFooter.right.text.endswith("page &P of &N")
    assert sheet.print_title_rows is None


def test_rewriting_a_sheet_keeps_one_set_of_print_names_and_the_users_own_names(
    tmp_path: Path, suppliers: pl.DataFrame
) -> None:
    path = tmp_path / "book.xlsx"
    user = openpyxl.Workbook()
    user.active.title = "Mine"
    user.active["A1"] = 1
    user.create_sheet("供应商名录")
    user.defined_names.add(openpyxl.workbook.defined_name.DefinedName("Budget", attr_text="Mine!$A$1"))
    user.save(path)
    for rows in (80, 40):
        with FileWorkbook(path) as book:
            book.stage(draft_from_spec(spec("suppliers"), suppliers.head(rows), "zh"))
            book.commit()
    workbook = openpyxl.load_workbook(path)
    assert workbook.defined_names["Budget"].attr_text == "Mine!$A$1"
    assert workbook["供应商名录"].print_area == f"'供应商名录'!$A$1:${LAST}$41"
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert xml.count("_xlnm.Print_Area") == 1 and xml.count("_xlnm.Print_Titles") == 1


def test_a_job_prints_on_the_paper_of_the_config_sheet(tmp_path: Path, suppliers: pl.DataFrame) -> None:
    from srm_xl.config import config_rows
    from srm_xl.jobs.audit import finish
    from srm_xl.jobs.report import Report

    rows = config_rows("en").with_columns(
        pl.when(pl.col("setting") == "general.paper").then(pl.lit("Letter")).otherwise(pl.col("value")).alias("value")
    )
    path = _book(tmp_path / "letter.xlsx", [draft_from_spec(spec("config"), rows, "en")], "en")
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(spec("suppliers"), suppliers, "en"))
        finish(book, Report("test", "", ""), "")
    assert openpyxl.load_workbook(path)["Suppliers"].page_setup.paperSize == 1


@pytest.mark.libreoffice
def test_libreoffice_prints_the_table_one_page_wide_with_headers_and_footer_on_every_page(
    tmp_path: Path, suppliers: pl.DataFrame
) -> None:
    path = _book(tmp_path / "suppliers.xlsx", [draft_from_spec(spec("suppliers"), suppliers, "zh")])
    pdf = convert(path, tmp_path / "pdf", "pdf")
    pages = pdf_pages(pdf)
    assert 2 <= len(pages) <= 4
    assert all(abs(w - A4_LANDSCAPE[0]) < 1 and abs(h - A4_LANDSCAPE[1]) < 1 for w, h in pdf_page_sizes(pdf))
    first, last = spec("suppliers").columns[0].header("zh"), spec("suppliers").columns[-1].header("zh")
    for number, text in enumerate(pages, start=1):
        assert first in text and last in text, f"page {number} lacks the first or last column: not one page wide"
        assert f"第 {number} 页，共 {len(pages)} 页" in text
        assert "供应商名录" in text
    assert suppliers["code"][-1] in pages[-1]
