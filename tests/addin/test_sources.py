"""The add-in's sources agree: every ribbon callback exists in macros/, the xlwings module is the installed one's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlwings

from srm_xl.addin.sources import (
    Layout,
    buttons,
    check_sources,
    missing_callbacks,
    procedures,
    read_macros,
    ribbon_controls,
    write_xlwings_module,
    xlwings_module,
)
from srm_xl.errors import SrmError

LAYOUT = Layout()


def copy_sources(tmp_path: Path) -> Layout:
    (tmp_path / "addin").mkdir()
    shutil.copy(LAYOUT.custom_ui, tmp_path / "addin" / "customUI.xml")
    shutil.copytree(LAYOUT.macros, tmp_path / "macros")
    return Layout(tmp_path)


def test_every_ribbon_callback_is_defined_in_macros() -> None:
    xml = LAYOUT.custom_ui.read_bytes()
    assert missing_callbacks(xml, read_macros(LAYOUT.macros)) == []
    defined = procedures(read_macros(LAYOUT.macros))
    assert {"SrmRibbon.OnAction", "SrmRibbon.GetLabel", "SrmRibbon.ImportFunctions", "xlwings.RunPython"} <= defined
    check_sources(LAYOUT)


def test_the_ribbon_has_one_tab_with_the_groups_and_buttons_asked_for() -> None:
    controls = ribbon_controls(LAYOUT.custom_ui.read_bytes())
    groups = [c.labels for c in controls if c.id.startswith("srmGroup")]
    assert [en for _, en in groups] == [
        "Data",
        "Inspection",
        "Suppliers",
        "Risk & CAPA",
        "Sharing",
        "Customers",
        "Report",
        "Settings",
    ]
    assert len(buttons(LAYOUT.custom_ui.read_bytes())) == 19
    assert LAYOUT.custom_ui.read_text(encoding="utf-8").count("<tab ") == 1


def test_a_callback_missing_from_macros_is_named(tmp_path: Path) -> None:
    layout = copy_sources(tmp_path)
    text = layout.custom_ui.read_text(encoding="utf-8").replace(
        'onAction="SrmRibbon.ImportFunctions"', 'onAction="SrmRibbon.ImportFunction"'
    )
    layout.custom_ui.write_text(text, encoding="utf-8")
    with pytest.raises(SrmError) as caught:
        check_sources(layout)
    assert caught.value.code == "addin_callback_missing" and caught.value.fields == {
        "control": "srmImportFunctions",
        "callback": "SrmRibbon.ImportFunction",
    }


def test_macros_xlwings_module_is_the_installed_xlwings_one(tmp_path: Path) -> None:
    assert read_macros(LAYOUT.macros)["xlwings"] == xlwings_module()
    assert (
        f"'Version: {xlwings.__version__}" in xlwings_module()
        and 'PROJECT_NAME As String = "srm_xl"' in xlwings_module()
    )
    layout = copy_sources(tmp_path)
    module = layout.macros / "xlwings.bas"
    module.write_bytes(module.read_bytes().replace(b"'Version: ", b"'Version: 0.0.1 was "))
    with pytest.raises(SrmError) as caught:
        check_sources(layout)
    assert caught.value.code == "addin_xlwings_module"
    write_xlwings_module(layout)
    check_sources(layout)


def test_vba_sources_are_ascii_with_crlf() -> None:
    for path in LAYOUT.macros.iterdir():
        data = path.read_bytes()
        assert data.isascii(), f"{path.name}: VBA source is ANSI; keep it ASCII (labels live in customUI.xml)"
        assert data.count(b"\n") == data.count(b"\r\n"), f"{path.name} has CRLF line endings"
