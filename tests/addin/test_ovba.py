"""The VBA project writer: MS-OVBA compression, streams and compound file, checked with oletools/olefile."""

from __future__ import annotations

import io
import random
from pathlib import Path

import olefile
import pytest
from oletools.olevba import decompress_stream

from srm_xl.addin.ovba import Module, compress, vba_project
from srm_xl.addin.package import project_modules_from_sources
from srm_xl.addin.sources import Layout, read_macros
from srm_xl.addin.vba import differences, project_modules
from tests.addin.quickstart import excel_saved_project, write_quickstart_macros

SOURCES = read_macros(Layout().macros)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"abcabcabcabc" * 3,
        b"x" * 10_000,
        "\r\n".join(SOURCES.values()).encode("cp1252"),
        bytes(random.Random(7).randrange(256) for _ in range(9000)),
    ],
    ids=["empty", "one", "repeats", "run", "sources", "random"],
)
def test_compression_round_trips_through_olevba(data: bytes) -> None:
    assert decompress_stream(bytearray(compress(data))) == data


def test_project_holds_exactly_the_macros_and_is_reproducible() -> None:
    built = vba_project(project_modules_from_sources(SOURCES))
    assert built == vba_project(project_modules_from_sources(SOURCES))
    assert differences(SOURCES, project_modules(built)) == []
    ole = olefile.OleFileIO(io.BytesIO(built))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(
        [
            "PROJECT",
            "PROJECTwm",
            "VBA/_VBA_PROJECT",
            "VBA/dir",
            "VBA/ThisWorkbook",
            "VBA/Sheet1",
            *(f"VBA/{m}" for m in SOURCES),
        ]
    )
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000"), "no performance cache"
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert (
        "Class=Dictionary" in project
        and "Module=SrmRibbon" in project
        and "Document=ThisWorkbook/&H00000000" in project
    )


def test_a_changed_module_changes_the_project_and_is_detected() -> None:
    changed = dict(SOURCES, SrmRibbon=SOURCES["SrmRibbon"].replace("RunPython", "RunPythn"))
    built = vba_project(project_modules_from_sources(changed))
    line = next(n for n, text in enumerate(SOURCES["SrmRibbon"].split("\r\n"), 1) if "RunPython" in text)
    assert differences(SOURCES, project_modules(built)) == [("SrmRibbon", f"first difference at line {line}")]


def test_comparison_works_on_a_project_saved_by_excel(tmp_path: Path) -> None:
    macros = write_quickstart_macros(tmp_path / "macros", Layout().macros / "Dictionary.cls")
    excel = project_modules(excel_saved_project())
    assert differences(read_macros(macros), excel) == []
    assert differences(SOURCES, excel)[0] == ("RibbonMyAddin", "not in macros/")


def test_module_kinds_are_kept() -> None:
    kinds = {m.name: m.kind for m in project_modules_from_sources(SOURCES)}
    assert kinds == {"Dictionary": "class", "SrmRibbon": "std", "xlwings": "std"}
    assert not any(m.code.startswith("VERSION") for m in project_modules_from_sources(SOURCES))
    assert Module("x", "std", "").kind == "std"
