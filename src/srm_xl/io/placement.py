"""Putting a rendered sheet into a package: workbook entry, relationships, content types, tables, charts.

All edits to the workbook's small index parts are text insertions and removals, so every attribute,
namespace and extension the user's workbook carries stays as it was.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from srm_xl.io.chart import chart_xml, drawing_xml
from srm_xl.io.draft import Chart
from srm_xl.io.package import NS, REL_BASE, WORKSHEET_CT, Package, SheetRef, parse, rels_path
from srm_xl.io.render import RenderedSheet

CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: forbidden characters replaced, at most 31 characters."""
    return _BAD_NAME.sub("_", name).strip("'")[:31] or "Sheet"


def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{REL_BASE}{kind}" Target={quoteattr(target)}/>' for rid, kind, target in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS["rel"]}">{body}</Relationships>'
    ).encode()


def _insert_before_close(xml: bytes, tag: str, element: str) -> bytes:
    text = xml.decode("utf-8")
    match = re.search(rf"</(\w+:)?{tag}>", text)
    if match:
        prefix = match.group(1) or ""
        element = re.sub(r"<(?=[a-zA-Z])", f"<{prefix}", element, count=1) if prefix else element
        return (text[: match.start()] + element + text[match.start() :]).encode("utf-8")
    empty = re.search(rf"<(\w+:)?{tag}(\s[^>]*)?/>", text)
    if empty is None:
        raise ValueError(f"no <{tag}> element")
    prefix = empty.group(1) or ""
    opening = empty.group(0)[:-2] + ">"
    return (text[: empty.start()] + opening + element + f"</{prefix}{tag}>" + text[empty.end() :]).encode("utf-8")


def _free_part(package: Package, pattern: str) -> str:
    number = 1
    while package.exists(pattern.format(number)):
        number += 1
    return pattern.format(number)


def _set_override(package: Package, part: str, content_type: str | None) -> None:
    """Add (or with None remove) the content-type override of ``part``."""
    xml = package.read("[Content_Types].xml")
    text = xml.decode("utf-8")
    text = re.sub(rf'<(\w+:)?Override\s+PartName="/{re.escape(part)}"[^>]*/>', "", text)
    if content_type is not None:
        text = _insert_before_close(
            text.encode(), "Types", f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        ).decode()
    package.write("[Content_Types].xml", text.encode("utf-8"))


def _remove_related(package: Package, part: str) -> None:
    """Remove the parts only ``part`` uses (its tables, drawings, charts, comments) and its relationships."""
    for rel in package.relationships(part):
        target = rel.get("Part")
        if target is None or not package.exists(target) or target.endswith("printerSettings1.bin"):
            continue
        if rel["Type"].endswith(("/table", "/drawing", "/chart", "/comments", "/vmlDrawing", "/threadedComment")):
            _remove_related(package, target)
            package.remove(target)
            _set_override(package, target, None)
    if package.exists(rels_path(part)):
        package.remove(rels_path(part))


def _table_ids_and_names(package: Package, skip: set[str]) -> tuple[int, set[str]]:
    top, names = 0, set()
    for name in package.names():
        if name.startswith("xl/tables/") and name.endswith(".xml") and name not in skip:
            root = parse(package.read(name))
            top = max(top, int(root.get("id", "0")))
            names.add(root.get("name", "").casefold())
    return top, names


def drop_calc_chain(package: Package) -> None:
    """Remove calcChain.xml (Excel rebuilds it) so it never points at cells a rewritten sheet no longer has."""
    chain = "xl/calcChain.xml"
    if not package.exists(chain):
        return
    package.remove(chain)
    _set_override(package, chain, None)
    rels = rels_path(package.workbook_part)
    text = package.read(rels).decode("utf-8")
    text = re.sub(r'<(\w+:)?Relationship\s[^>]*Target="(/xl/)?calcChain\.xml"[^>]*/>', "", text)
    package.write(rels, text.encode("utf-8"))


def place_sheet(
    package: Package, name: str, rendered: RenderedSheet, charts: list[Chart], *, hidden: bool = False
) -> SheetRef:
    """Write ``rendered`` as the sheet called ``name``, replacing a sheet of that name or adding one at the end."""
    name = sheet_title(name)
    existing = next((s for s in package.sheets() if s.name.casefold() == name.casefold()), None)
    if existing is not None:
        old_tables = {
            r["Part"] for r in package.relationships(existing.part) if r.get("Part", "").startswith("xl/tables/")
        }
        _remove_related(package, existing.part)
        part, ref = existing.part, existing
        drop_calc_chain(package)
    else:
        old_tables = set()
        part = _free_part(package, "xl/worksheets/sheet{}.xml")
        ref = _add_to_workbook(package, name, part, hidden)
        _set_override(package, part, WORKSHEET_CT)
    rels: list[tuple[str, str, str]] = []
    if rendered.table_xml is not None:
        top, names = _table_ids_and_names(package, old_tables)
        table_part = _free_part(package, "xl/tables/table{}.xml")
        xml = rendered.table_xml.replace(b'id="{id}"', f'id="{top + 1}"'.encode())
        base = re.search(rb'name="([^"]+)"', xml).group(1).decode()
        unique, number = base, 2
        while unique.casefold() in names:
            unique, number = f"{base}{number}", number + 1
        xml = xml.replace(
            f'name="{base}" displayName="{base}"'.encode(), f'name="{unique}" displayName="{unique}"'.encode()
        )
        package.write(table_part, xml)
        _set_override(package, table_part, CT_TABLE)
        rels.append((rendered.table_rid, "table", "../tables/" + table_part.rsplit("/", 1)[1]))
    if charts:
        drawing_part = _free_part(package, "xl/drawings/drawing{}.xml")
        package.write(drawing_part, drawing_xml(charts))
        _set_override(package, drawing_part, CT_DRAWING)
        chart_rels = []
        for index, chart in enumerate(charts, start=1):
            chart_part = _free_part(package, "xl/charts/chart{}.xml")
            package.write(chart_part, chart_xml(chart))
            _set_override(package, chart_part, CT_CHART)
            chart_rels.append((f"rIdChart{index}", "chart", "../charts/" + chart_part.rsplit("/", 1)[1]))
        package.write(rels_path(drawing_part), _rels_xml(chart_rels))
        rels.append((rendered.drawing_rid, "drawing", "../drawings/" + drawing_part.rsplit("/", 1)[1]))
    package.write(part, rendered.xml)
    if rels:
        package.write(rels_path(part), _rels_xml(rels))
    index = next(i for i, s in enumerate(_all_sheet_ids(package)) if s.name.casefold() == name.casefold())
    set_print_names(package, name, index, rendered.print_names)
    return ref


def set_print_names(package: Package, sheet: str, index: int, names: dict[str, str]) -> None:
    """Replace the sheet-local ``_xlnm.*`` print names of the ``index``-th sheet with ``names`` (name → reference
    within the sheet); every other defined name stays as it was."""
    text = package.read(package.workbook_part).decode("utf-8")
    for name in names:
        pattern = (
            rf'<(\w+:)?definedName\s(?=[^>]*\bname="{re.escape(name)}")(?=[^>]*\blocalSheetId="{index}")[^>]*'
            r"(/>|>.*?</(\w+:)?definedName>)"
        )
        text = re.sub(pattern, "", text, flags=re.DOTALL)
    text = re.sub(r"<(\w+:)?definedNames\s*/>", "", text)
    prefix = re.search(r"<(\w+:)?sheets[\s>/]", text).group(1) or ""
    quoted = "'" + sheet.replace("'", "''") + "'"
    added = "".join(
        f'<{prefix}definedName name="{name}" localSheetId="{index}">{escape(quoted)}!{ref}</{prefix}definedName>'
        for name, ref in names.items()
    )
    close = re.search(r"</(\w+:)?definedNames>", text)
    if close is not None:
        text = text[: close.start()] + added + text[close.start() :]
    elif added:
        anchor = re.search(r"</(\w+:)?externalReferences>", text) or re.search(r"</(\w+:)?sheets>", text)
        text = text[: anchor.end()] + f"<{prefix}definedNames>{added}</{prefix}definedNames>" + text[anchor.end() :]
    package.write(package.workbook_part, text.encode("utf-8"))


def calculate_on_load(package: Package) -> None:
    """Have Excel recalculate every formula when it opens the book (``fullCalcOnLoad``): formulas kept in a
    rewritten sheet may read cells whose values the job changed."""
    text = package.read(package.workbook_part).decode("utf-8")
    calc = re.search(r"<(\w+:)?calcPr\b[^>]*?(/?)>", text)
    if calc is not None:
        attributes = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", calc.group(0)[: -len(calc.group(2)) - 1])
        text = text[: calc.start()] + f'{attributes} fullCalcOnLoad="1"{calc.group(2)}>' + text[calc.end() :]
    else:
        prefix = re.search(r"<(\w+:)?sheets[\s>/]", text).group(1) or ""
        before = list(
            re.finditer(
                r"</(\w+:)?(?:sheets|functionGroups|externalReferences|definedNames)>|<(\w+:)?(?:sheets|functionGroups)\b[^>]*/>",
                text,
            )
        )
        at = before[-1].end()
        text = text[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + text[at:]
    package.write(package.workbook_part, text.encode("utf-8"))


def _add_to_workbook(package: Package, name: str, part: str, hidden: bool) -> SheetRef:
    workbook_rels = rels_path(package.workbook_part)
    taken = {r["Id"] for r in package.relationships(package.workbook_part)}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rid = f"rId{number}"
    target = part.removeprefix("xl/") if package.workbook_part.startswith("xl/") else "/" + part
    package.write(
        workbook_rels,
        _insert_before_close(
            package.read(workbook_rels),
            "Relationships",
            f'<Relationship Id="{rid}" Type="{REL_BASE}worksheet" Target="{target}"/>',
        ),
    )
    sheet_id = max([0, *(s.sheet_id for s in _all_sheet_ids(package))]) + 1
    state = ' state="hidden"' if hidden else ""
    workbook = package.read(package.workbook_part)
    root = re.search(rb"<(?:\w+:)?workbook\b[^>]*>", workbook)
    declared = re.search(rb'xmlns:(\w+)="' + NS["r"].encode() + b'"', root.group(0)) if root else None
    rel_attr = f'{declared.group(1).decode()}:id="{rid}"' if declared else f'xmlns:r="{NS["r"]}" r:id="{rid}"'
    package.write(
        package.workbook_part,
        _insert_before_close(
            workbook, "sheets", f'<sheet name={quoteattr(name)} sheetId="{sheet_id}"{state} {rel_attr}/>'
        ),
    )
    return SheetRef(name, sheet_id, rid, part, "hidden" if hidden else "visible")


def _all_sheet_ids(package: Package) -> list[SheetRef]:
    root = parse(package.read(package.workbook_part))
    return [
        SheetRef(s.get("name", ""), int(s.get("sheetId", "0")), "", "")
        for s in root.iterfind("main:sheets/main:sheet", NS)
    ]
