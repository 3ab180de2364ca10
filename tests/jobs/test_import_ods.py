"""Spreadsheets saved by LibreOffice or WPS as OpenDocument (.ods): converted through LibreOffice and imported as
the same file saved as .xlsx would be; one the guard would refuse as a package is refused before LibreOffice opens
it."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from srm_xl.errors import UnsafeFileError
from tests.jobs.test_import_system_exports import EXPECTED_LOTS, billion_laughs, book, lots, run_import
from tests.libreoffice import convert

__all__ = ["book"]  # the fixture, shared with the other exports' tests


@pytest.mark.libreoffice
def test_an_ods_imports_as_its_xlsx_does(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "wps" / "iqc.xlsx"
    source.parent.mkdir()
    workbook = openpyxl.Workbook()
    workbook.active.append(["来料日期", "供应商", "物料编码", "批量", "抽样数", "不良数", "判定"])
    for day, supplier, part, lot, sample, defects, decision in (
        (date(2026, 3, 2), "S01", "P001", 1000, 80, 0, "合格"),
        (date(2026, 3, 9), "S02", "P002", 12500, 125, 3, "不合格"),
        (date(2026, 3, 16), "S01", "P003", 2000, 125, 0, "合格"),
    ):
        workbook.active.append([day, supplier, part, lot, sample, defects, decision])
    workbook.save(source)
    ods = convert(source, tmp_path / "ods", "ods")
    report = run_import(book, ods)
    assert report.counts["inserted"] == 3
    assert lots(book).rows() == EXPECTED_LOTS


@pytest.mark.libreoffice
def test_an_ods_without_libreoffice_says_how_to_import_it(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["供应商编号", "供方名称"])
    workbook.save(tmp_path / "list.xlsx")
    ods = convert(tmp_path / "list.xlsx", tmp_path / "ods", "ods")
    monkeypatch.setattr("srm_xl.jobs.import_read.libreoffice_available", lambda: False)
    with pytest.raises(UnsafeFileError) as caught:
        run_import(book, ods)
    assert caught.value.code == "guard_ods" and "install LibreOffice" in caught.value.message("en")


def test_an_ods_with_a_dtd_is_refused_before_libreoffice_opens_it(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "bomb.ods"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", billion_laughs())
    with pytest.raises(UnsafeFileError) as caught:
        run_import(book, source)
    assert caught.value.code == "guard_xml_dtd"
