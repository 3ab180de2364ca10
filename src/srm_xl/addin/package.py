"""``srm-xl addin build``: the ``.xlam`` assembled from ``addin/customUI.xml`` and ``macros/``, byte-reproducibly.

The VBA project is the one Excel saved from ``macros/`` (``addin/vbaProject.bin``, the one-time Windows step in
``addin/README.md``) when present, else built from the module text by ``ovba``. Either way it is read back with
olevba and must hold exactly the modules of ``macros/`` before the add-in is written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from srm_xl.addin.ovba import Module, vba_project
from srm_xl.addin.sources import Layout, check_sources, read_macros
from srm_xl.addin.vba import check_project, normalise
from srm_xl.errors import SrmError
from srm_xl.io.blank import blank_parts, content_types
from srm_xl.io.package import member_info

VBA_PART = "xl/vbaProject.bin"
UI_PART = "customUI/customUI14.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = content_types(
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    f'<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2007/relationships/ui/extensibility" Target="{UI_PART}"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook {_NS} xmlns:r="{_REL}"><workbookPr codeName="ThisWorkbook"/><bookViews><workbookView/></bookViews>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
    "</Relationships>"
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<worksheet {_NS}><sheetPr codeName="Sheet1"/><dimension ref="A1"/><sheetData/></worksheet>'
)


def project_modules_from_sources(sources: dict[str, str]) -> list[Module]:
    """``macros/`` modules as stored in a VBA project (class-export headers dropped, CRLF endings)."""
    return [
        Module(name, "class" if code.startswith("VERSION 1.0 CLASS") else "std", "\r\n".join(normalise(code)) + "\r\n")
        for name, code in sources.items()
    ]


def addin_parts(custom_ui: bytes, vba: bytes) -> dict[str, bytes]:
    """Every part of the ``.xlam``, in the order they are written."""
    blank = blank_parts("SRM")
    return {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "docProps/core.xml": blank["docProps/core.xml"],
        "docProps/app.xml": blank["docProps/app.xml"],
        "xl/workbook.xml": _WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": _SHEET.encode(),
        "xl/styles.xml": blank["xl/styles.xml"],
        UI_PART: custom_ui,
        VBA_PART: vba,
    }


def package_bytes(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts`` with fixed dates and order: the same parts always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(member_info(name), data)
    return buffer.getvalue()


def vba_for(layout: Layout) -> bytes:
    """The VBA project for ``macros/``: Excel's saved one if committed, else built; checked against the sources."""
    sources = read_macros(layout.macros)
    given = layout.vba_project.exists()
    vba = layout.vba_project.read_bytes() if given else vba_project(project_modules_from_sources(sources))
    check_project(sources, vba, str(layout.vba_project if given else layout.macros))
    return vba


def addin_bytes(layout: Layout = Layout()) -> bytes:
    """The add-in built from the sources, after checking callbacks, the xlwings module and the VBA project."""
    check_sources(layout)
    return package_bytes(addin_parts(layout.custom_ui.read_bytes(), vba_for(layout)))


def build_addin(layout: Layout = Layout(), out: Path | None = None) -> Path:
    """Build the add-in to ``out`` (default ``addin/srm_xl.xlam``), replacing it atomically."""
    target = out or layout.xlam
    data = addin_bytes(layout)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)
    return target


def adopt_vba_project(saved: Path, layout: Layout = Layout()) -> Path:
    """Take the VBA project of an add-in saved by Excel (the one-time Windows step) as ``addin/vbaProject.bin``,
    after checking that its modules are exactly ``macros/``."""
    with zipfile.ZipFile(saved) as archive:
        if VBA_PART not in archive.namelist():
            raise SrmError("addin_vba_missing", path=f"{saved}!{VBA_PART}")
        vba = archive.read(VBA_PART)
    check_project(read_macros(layout.macros), vba, str(saved))
    layout.vba_project.write_bytes(vba)
    return layout.vba_project
