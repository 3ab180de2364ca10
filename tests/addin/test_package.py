"""The built add-in: a valid macro-enabled add-in package whose ribbon and VBA are the sources, rebuilt byte for byte."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree

from srm_xl.addin.package import UI_PART, VBA_PART, addin_bytes, adopt_vba_project, build_addin, vba_for
from srm_xl.addin.sources import Layout, read_macros
from srm_xl.addin.vba import differences, normalise, project_modules
from srm_xl.errors import SrmError
from tests.addin.quickstart import XLAM, write_quickstart_macros
from tests.libreoffice import convert

LAYOUT = Layout()
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def test_rebuild_equals_the_committed_addin() -> None:
    assert addin_bytes(LAYOUT) == LAYOUT.xlam.read_bytes(), "run srm-xl addin build and commit addin/srm_xl.xlam"


def test_addin_is_a_macro_enabled_addin_package_with_the_ribbon_and_macros() -> None:
    with zipfile.ZipFile(LAYOUT.xlam) as archive:
        assert archive.testzip() is None
        types = archive.read("[Content_Types].xml").decode()
        rels = {
            r.get("Type").rsplit("/", 1)[-1]: r.get("Target")
            for r in ElementTree.fromstring(archive.read("_rels/.rels")).iter(RELS)
        }
        book_rels = {
            r.get("Type").rsplit("/", 1)[-1]: r.get("Target")
            for r in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(RELS)
        }
        assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types
        assert rels["extensibility"] == UI_PART and rels["officeDocument"] == "xl/workbook.xml"
        assert book_rels["vbaProject"] == "vbaProject.bin"
        assert archive.read(UI_PART) == LAYOUT.custom_ui.read_bytes()
        assert differences(read_macros(LAYOUT.macros), project_modules(archive.read(VBA_PART))) == []
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def as_workbook(tmp_path: Path) -> Path:
    """A copy of the add-in declared as a macro-enabled workbook (readers that do not open .xlam take it)."""
    copy = tmp_path / "srm_xl.xlsm"
    with zipfile.ZipFile(LAYOUT.xlam) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, data.replace(b"ms-excel.addin.macroEnabled", b"ms-excel.sheet.macroEnabled"))
    return copy


def test_addin_opens_as_a_workbook(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(as_workbook(tmp_path), keep_vba=True)
    assert workbook.sheetnames == ["Sheet1"] and workbook.code_name == "ThisWorkbook"
    assert workbook.vba_archive is not None and VBA_PART in workbook.vba_archive.namelist()


@pytest.mark.libreoffice
def test_libreoffice_imports_every_module_with_its_code(tmp_path: Path) -> None:
    """LibreOffice's own VBA importer (written to read Excel's files) reads the project back module by module."""
    ods = convert(as_workbook(tmp_path), tmp_path / "out", "ods")
    with zipfile.ZipFile(ods) as archive:
        for name, code in read_macros(LAYOUT.macros).items():
            module = ElementTree.fromstring(archive.read(f"Basic/VBAProject/{name}.xml"))
            kind = module.get("{http://openoffice.org/2000/script}moduleType")
            assert kind == ("class" if name == "Dictionary" else "normal"), name
            imported = normalise(module.text or "")
            ours = [line for line in normalise(code) if not line.startswith("Attribute ")]
            assert imported[-len(ours) :] == ours, f"{name} differs after LibreOffice's import"


def test_a_changed_source_changes_the_build(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    shutil.copytree(LAYOUT.root / "addin", tmp_path / "addin")
    shutil.copytree(LAYOUT.macros, tmp_path / "macros")
    built = build_addin(layout, tmp_path / "out.xlam")
    assert built.read_bytes() == LAYOUT.xlam.read_bytes()
    ribbon = layout.macros / "SrmRibbon.bas"
    ribbon.write_bytes(ribbon.read_bytes().replace(b"Option Explicit", b"Option Explicit\r\n' changed"))
    assert addin_bytes(layout) != LAYOUT.xlam.read_bytes()
    with zipfile.ZipFile(build_addin(layout, tmp_path / "out.xlam")) as archive:
        assert "' changed" in project_modules(archive.read(VBA_PART))["SrmRibbon"]


def test_a_project_saved_by_excel_is_adopted_only_if_it_matches_macros(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    (tmp_path / "addin").mkdir()
    shutil.copytree(LAYOUT.macros, layout.macros)
    with pytest.raises(SrmError) as caught:
        adopt_vba_project(XLAM, layout)
    assert caught.value.code == "addin_vba_mismatch" and not layout.vba_project.exists()
    shutil.rmtree(layout.macros)
    write_quickstart_macros(layout.macros, LAYOUT.macros / "Dictionary.cls")
    adopted = adopt_vba_project(XLAM, layout)
    with zipfile.ZipFile(XLAM) as archive:
        assert adopted.read_bytes() == archive.read(VBA_PART)
    assert vba_for(layout) == adopted.read_bytes(), "a committed Excel-saved project is used as it is"
    (layout.macros / "RibbonMyAddin.bas").write_bytes(
        b'Attribute VB_Name = "RibbonMyAddin"\r\nSub Other()\r\nEnd Sub\r\n'
    )
    with pytest.raises(SrmError) as caught:
        vba_for(layout)
    assert caught.value.fields["module"] == "RibbonMyAddin"
