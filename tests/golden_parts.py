"""Golden files: the XML parts of a generated sheet, normalised, compared with reviewed references in tests/golden/.

``sheet_parts`` follows a sheet's relationships to its tables, drawing and charts; each part is canonicalised (C14N
2.0, whitespace-only text dropped) and indented, so a difference shows as a readable line diff. Document properties
(dates, author) are never compared. Set ``SRM_XL_GOLDEN=update`` (``make golden``) to rewrite the references after
reviewing the change.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from lxml import etree

GOLDEN = Path(__file__).parent / "golden"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def normalised(xml: bytes) -> str:
    """The part canonicalised (attributes sorted, the writer's own prefixes kept) and indented one element per line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    canonical = etree.tostring(etree.fromstring(xml, parser), method="c14n2", strip_text=True)
    return etree.tostring(etree.fromstring(canonical, parser), pretty_print=True, encoding="unicode")


def _targets(package: zipfile.ZipFile, part: str) -> list[str]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in package.namelist():
        return []
    folder = posixpath.dirname(part)
    return [
        posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
        for r in ElementTree.fromstring(package.read(rels)).iter(f"{RELS}Relationship")
        if r.get("TargetMode") != "External"
    ]


def sheet_parts(path: Path, sheet: str) -> dict[str, str]:
    """The normalised parts of ``sheet`` (its worksheet, tables, drawing, charts), by role (``sheet``, ``table1`` …)."""
    with zipfile.ZipFile(path) as package:
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rid = next(s.get(f"{DOC_RELS}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == sheet)
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels.iter(f"{RELS}Relationship") if r.get("Id") == rid)
        part = posixpath.normpath(posixpath.join("xl", target.lstrip("/").removeprefix("xl/")))
        found, todo, counts = {"sheet": normalised(package.read(part))}, _targets(package, part), {}
        while todo:
            inner = todo.pop(0)
            kind = posixpath.basename(posixpath.dirname(inner)).rstrip("s")  # tables -> table, charts -> chart
            counts[kind] = counts.get(kind, 0) + 1
            found[f"{kind}{counts[kind]}"] = normalised(package.read(inner))
            todo += _targets(package, inner)
    return found


def assert_golden(case: str, parts: dict[str, str]) -> None:
    """``parts`` equal the references under ``tests/golden/<case>/`` (rewritten instead when updating)."""
    folder = GOLDEN / case
    if os.environ.get("SRM_XL_GOLDEN") == "update":
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.xml"):
            stale.unlink()
        for role, text in parts.items():
            (folder / f"{role}.xml").write_text(text, encoding="utf-8")
        return
    expected = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.xml"))}
    assert sorted(parts) == sorted(expected), f"{case}: parts {sorted(parts)} != golden {sorted(expected)}"
    for role, text in parts.items():
        if text != expected[role]:
            diff = "".join(
                difflib.unified_diff(
                    expected[role].splitlines(True), text.splitlines(True), f"golden/{case}/{role}.xml", "written", n=2
                )
            )
            raise AssertionError(
                f"{case}/{role}.xml differs from the reviewed reference (review, then `make golden`):\n{diff[:4000]}"
            )
