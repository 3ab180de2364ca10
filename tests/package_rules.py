"""The rules Excel adds to the file format, checked on a written package; any broken one makes Excel "repair" it.

Each problem is returned as text naming the part and what is wrong: table column names equal the header cells,
table names and ids are unique, the first two fills are ``none`` and ``gray125``, every in-workbook hyperlink names a
sheet of the same workbook, every relationship target exists and every part has a content type.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import openpyxl
from defusedxml import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _relationships(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    problems = []
    for rels in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in ElementTree.fromstring(package.read(rels)).iter(f"{RELS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if path not in names:
                problems.append(f"{rels}: relationship {rel.get('Id')} points at missing part {path}")
    return problems


def _content_types(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{TYPES}Default")}
    overrides = {o.get("PartName", "").lstrip("/") for o in types.iter(f"{TYPES}Override")}
    missing = [
        n
        for n in names
        if not n.endswith("/")
        and n != "[Content_Types].xml"
        and n not in overrides
        and n.rsplit(".", 1)[-1].lower() not in defaults
    ]
    stale = [o for o in overrides if o not in names]
    return [f"[Content_Types].xml: no content type for {n}" for n in sorted(missing)] + [
        f"[Content_Types].xml: override for missing part {o}" for o in sorted(stale)
    ]


def _tables(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    problems, seen_names, seen_ids = [], {}, {}
    for part in sorted(n for n in names if re.fullmatch(r"xl/tables/[^/]+\.xml", n)):
        table = ElementTree.fromstring(package.read(part))
        name, ident = (table.get("displayName") or table.get("name") or "").casefold(), table.get("id")
        if name in seen_names:
            problems.append(f"{part}: table name {name!r} also used by {seen_names[name]}")
        if ident in seen_ids:
            problems.append(f"{part}: table id {ident} also used by {seen_ids[ident]}")
        seen_names[name], seen_ids[ident] = part, part
    return problems


def _fills(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    if "xl/styles.xml" not in names:
        return []
    fills = ElementTree.fromstring(package.read("xl/styles.xml")).find(f"{MAIN}fills")
    patterns = [f.find(f"{MAIN}patternFill") for f in (fills if fills is not None else [])][:2]
    found = [p.get("patternType") if p is not None else None for p in patterns]
    return (
        []
        if found == ["none", "gray125"]
        else [f"xl/styles.xml: the first two fills are {found}, not ['none', 'gray125']"]
    )


def _sheet_of(location: str) -> str:
    sheet = location.rsplit("!", 1)[0] if "!" in location else location
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") and sheet.endswith("'") else sheet


def _openpyxl_rules(path: Path) -> list[str]:
    problems = []
    workbook = openpyxl.load_workbook(path)
    sheets = set(workbook.sheetnames)
    defined = {name for name in workbook.defined_names}
    for ws in workbook.worksheets:
        for table in ws.tables.values():
            first = ws[table.ref.split(":")[0]]
            header = [ws.cell(first.row, first.column + i).value for i in range(len(table.tableColumns))]
            names = [c.name for c in table.tableColumns]
            if [None if h is None else str(h) for h in header] != names:
                problems.append(
                    f"{ws.title}: table {table.displayName} columns {names} differ from its header cells {header}"
                )
        for link in ws._hyperlinks:
            if link.location and _sheet_of(link.location) not in sheets and link.location not in defined:
                problems.append(
                    f"{ws.title}!{link.ref}: hyperlink to {link.location!r} names no sheet of this workbook"
                )
    return problems


def package_problems(path: Path) -> list[str]:
    """Every broken rule in the package at ``path`` (empty when Excel would open it without repair)."""
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        problems = (
            _relationships(package, names)
            + _content_types(package, names)
            + _tables(package, names)
            + _fills(package, names)
        )
    return problems + _openpyxl_rules(path)
