"""Reading a VBA project back with oletools' olevba and comparing its modules with ``macros/``."""

from __future__ import annotations

import re

from srm_xl.errors import SrmError

_EXPORT_HEADER = re.compile(r"\AVERSION 1\.0 CLASS\nBEGIN\n.*?\nEND\n", re.DOTALL)


def normalise(code: str) -> list[str]:
    """A module's lines as compared: LF endings, no class-export header, no trailing blanks."""
    text = _EXPORT_HEADER.sub("", code.replace("\r\n", "\n").replace("\r", "\n"))
    return [line.rstrip() for line in text.strip("\n").split("\n")]


def project_modules(vba_project: bytes) -> dict[str, str]:
    """Every module of a ``vbaProject.bin`` with code, by name (document modules holding only attributes left out)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=vba_project)
    try:
        modules = {}
        for _, _, filename, code in parser.extract_macros():
            name = filename.rsplit(".", 1)[0]
            if any(not line.startswith("Attribute ") for line in normalise(code) if line):
                modules[name] = code
        return modules
    finally:
        parser.close()


def differences(sources: dict[str, str], project: dict[str, str]) -> list[tuple[str, str]]:
    """``(module, what differs)`` between ``macros/`` and a VBA project; empty when they agree."""
    found = []
    for name in sorted(set(sources) | set(project)):
        if name not in project:
            found.append((name, "missing from the VBA project"))
        elif name not in sources:
            found.append((name, "not in macros/"))
        else:
            ours, theirs = normalise(sources[name]), normalise(project[name])
            if ours != theirs:
                line = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
                found.append((name, f"first difference at line {line + 1}"))
    return found


def check_project(sources: dict[str, str], vba_project: bytes, path: str) -> None:
    """Raise ``SrmError`` naming the first module whose code in the VBA project differs from ``macros/``."""
    for module, detail in differences(sources, project_modules(vba_project)):
        raise SrmError("addin_vba_mismatch", path=path, module=module, detail=detail)
