"""The add-in's sources in the repository: the ribbon XML, the VBA modules as text, and what they must agree on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from srm_xl.errors import SrmError

ROOT = Path(__file__).resolve().parents[3]
"""The repository root (``addin/``, ``macros/``)."""
PROJECT_NAME = "srm_xl"
"""The add-in's name: ``srm_xl.xlam``, its xlwings config ``srm_xl.conf`` and its xlwings module's PROJECT_NAME."""
MODULE_SUFFIXES = (".bas", ".cls")
_CALLBACKS = ("onAction", "getLabel", "getScreentip", "getSupertip", "getImage", "getEnabled", "getVisible")
_PROCEDURE = re.compile(r"^\s*(?:Public\s+|Private\s+)?(?:Sub|Function)\s+(\w+)", re.IGNORECASE | re.MULTILINE)
_VB_NAME = re.compile(r'^Attribute VB_Name = "(\w+)"', re.MULTILINE)


@dataclass(frozen=True)
class Layout:
    """Where the add-in's sources and outputs are, relative to a repository root."""

    root: Path = ROOT

    @property
    def custom_ui(self) -> Path:
        return self.root / "addin" / "customUI.xml"

    @property
    def macros(self) -> Path:
        return self.root / "macros"

    @property
    def vba_project(self) -> Path:
        """A VBA project saved by Excel from ``macros/`` (the one-time Windows step); used when present."""
        return self.root / "addin" / "vbaProject.bin"

    @property
    def xlam(self) -> Path:
        return self.root / "addin" / f"{PROJECT_NAME}.xlam"


@dataclass(frozen=True)
class Control:
    """A ribbon element with callbacks: its id, tag and ``attribute → "Module.Procedure"``."""

    id: str
    tag: str
    callbacks: dict[str, str]

    @property
    def action(self) -> str:
        return self.tag.split("|")[0]

    @property
    def ask(self) -> str:
        parts = self.tag.split("|")
        return parts[1] if len(parts) > 1 else ""

    @property
    def labels(self) -> tuple[str, str]:
        parts = self.tag.split("|") + ["", "", "", ""]
        return parts[2], parts[3]


def ribbon_controls(xml: bytes) -> list[Control]:
    """Every element of the ribbon XML that names a callback, in document order."""
    controls = []
    for element in ElementTree.fromstring(xml).iter():
        callbacks = {name: element.get(name) for name in _CALLBACKS if element.get(name)}
        if callbacks:
            controls.append(Control(element.get("id", ""), element.get("tag", ""), callbacks))
    return controls


def buttons(xml: bytes) -> list[Control]:
    """The controls that run an action (those with ``onAction``)."""
    return [c for c in ribbon_controls(xml) if "onAction" in c.callbacks]


def read_module(path: Path) -> str:
    """A VBA module file's text (VBA sources are ANSI; only ASCII is used here)."""
    return path.read_bytes().decode("cp1252")


def read_macros(folder: Path) -> dict[str, str]:
    """``macros/*.bas|*.cls`` by module name (``Attribute VB_Name``), as text."""
    modules = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix in MODULE_SUFFIXES):
        text = read_module(path)
        found = _VB_NAME.search(text)
        modules[found.group(1) if found else path.stem] = text
    return modules


def procedures(modules: dict[str, str]) -> set[str]:
    """Every ``Module.Procedure`` the modules define."""
    return {f"{name}.{proc}" for name, code in modules.items() for proc in _PROCEDURE.findall(code)}


def missing_callbacks(xml: bytes, modules: dict[str, str]) -> list[tuple[str, str]]:
    """``(control id, callback)`` for each ribbon callback no module defines."""
    defined = {p.casefold() for p in procedures(modules)}
    return [(c.id, cb) for c in ribbon_controls(xml) for cb in c.callbacks.values() if cb.casefold() not in defined]


def xlwings_module() -> str:
    """The installed xlwings' add-in VBA module as this add-in uses it (its PROJECT_NAME set to srm_xl)."""
    import xlwings

    source = Path(xlwings.__file__).with_name("xlwings_custom_addin.bas")
    return read_module(source).replace(
        'PROJECT_NAME As String = "myaddin"', f'PROJECT_NAME As String = "{PROJECT_NAME}"'
    )


def write_xlwings_module(layout: Layout = Layout()) -> Path:
    """Regenerate ``macros/xlwings.bas`` from the installed xlwings (after upgrading xlwings)."""
    target = layout.macros / "xlwings.bas"
    target.write_bytes(xlwings_module().encode("cp1252"))
    return target


def check_sources(layout: Layout = Layout()) -> None:
    """Raise ``SrmError`` unless every ribbon callback exists in ``macros/`` and its xlwings module is current."""
    import xlwings

    xml = layout.custom_ui.read_bytes()
    modules = read_macros(layout.macros)
    for control, callback in missing_callbacks(xml, modules):
        raise SrmError("addin_callback_missing", control=control, callback=callback)
    if modules.get("xlwings") != xlwings_module():
        raise SrmError("addin_xlwings_module", xlwings=xlwings.__version__)
