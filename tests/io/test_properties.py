"""Custom document properties: set through the package writer, read back by other programs, kept by every save."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.xl.excel_workbook import ExcelWorkbook
from tests.libreoffice import convert
from tests.sharing import suites
from tests.xl.fake_xlwings import book_from_file


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Suppliers"
    book.active.append(["code", "name"])
    book.save(path)
    return path


def test_a_property_set_is_read_back_by_openpyxl_and_kept_by_later_jobs(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        assert book.custom_property("srm_xl.master_id") is None
        book.set_custom_property("srm_xl.master_id", "WB-0123456789ABCDEF")
        assert book.custom_property("srm_xl.master_id") == "WB-0123456789ABCDEF", "staged values are seen"
        book.commit()
    assert {p.name: p.value for p in openpyxl.load_workbook(path).custom_doc_props} == {
        "srm_xl.master_id": "WB-0123456789ABCDEF"
    }
    with FileWorkbook(path) as book:
        book.set_custom_property("other", "x")
        book.commit()
    with FileWorkbook(path) as book:
        assert (
            book.custom_property("srm_xl.master_id") == "WB-0123456789ABCDEF" and book.custom_property("other") == "x"
        )


def test_properties_another_program_wrote_are_kept(tmp_path: Path) -> None:
    parts, sheets = suites.read_parts(workbook(tmp_path / "book.xlsx"))
    path = suites.write_parts(suites.wps_properties(parts, sheets), tmp_path / "wps.xlsx")
    with FileWorkbook(path) as book:
        book.set_custom_property("srm_xl.master_id", "WB-1")
        book.set_custom_property("KSOProductBuildVer", "2052-12.1.0.16120")
        book.commit()
    props = {p.name: p.value for p in openpyxl.load_workbook(path).custom_doc_props}
    assert props == {"KSOProductBuildVer": "2052-12.1.0.16120", "srm_xl.master_id": "WB-1"}
    with zipfile.ZipFile(path) as archive:
        assert archive.read("[Content_Types].xml").count(b"/docProps/custom.xml") == 1
        assert archive.read("_rels/.rels").count(b"custom-properties") == 1


def test_a_live_workbook_keeps_the_property_in_excel(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        book.set_custom_property("srm_xl.master_id", "WB-FROMFILE")
        book.commit()
    live = ExcelWorkbook(book_from_file(path))
    assert live.custom_property("srm_xl.master_id") == "WB-FROMFILE"
    live.set_custom_property("srm_xl.master_id", "WB-NEW")
    live.set_custom_property("added", "yes")
    live.commit()
    assert {p.Name: p.Value for p in live.book.api.CustomDocumentProperties} == {
        "srm_xl.master_id": "WB-NEW",
        "added": "yes",
    }


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_property_when_it_saves(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        book.set_custom_property("srm_xl.master_id", "WB-0123456789ABCDEF")
        book.commit()
    with FileWorkbook(convert(path, tmp_path / "lo")) as saved:
        assert saved.custom_property("srm_xl.master_id") == "WB-0123456789ABCDEF"
