"""A VBA project saved by Excel itself: the one inside xlwings' quickstart ribbon add-in (BSD, shipped with xlwings),
with the module sources it was made from, to prove the olevba comparison against real Excel output."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlwings

from srm_xl.addin.sources import read_module

XLAM = Path(xlwings.__file__).with_name("quickstart_addin_ribbon.xlam")
RIBBON_MODULE = (
    'Attribute VB_Name = "RibbonMyAddin"\r\n'
    "Sub RunMain(control As IRibbonControl)\r\n"
    '    mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))\r\n'
    '    RunPython "import " & mymodule & ";" & mymodule & ".main()"\r\n'
    "End Sub\r\n"
)


def excel_saved_project() -> bytes:
    with zipfile.ZipFile(XLAM) as archive:
        return archive.read("xl/vbaProject.bin")


def write_quickstart_macros(folder: Path, dictionary: Path) -> Path:
    """``folder`` as the ``macros/`` the quickstart project was saved from."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "RibbonMyAddin.bas").write_bytes(RIBBON_MODULE.encode("cp1252"))
    module = read_module(Path(xlwings.__file__).with_name("xlwings_custom_addin.bas"))
    (folder / "xlwings.bas").write_bytes(module.encode("cp1252"))
    (folder / "Dictionary.cls").write_bytes(dictionary.read_bytes())
    return folder
