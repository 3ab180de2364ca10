"""Custom document properties (``docProps/custom.xml``): read them, and set one as text, keeping the others.

Excel, WPS Office and LibreOffice keep a workbook's custom properties when they save it, and every job copies
the part byte for byte, so a property set once stays with the workbook whatever its file is called.
"""

from __future__ import annotations

from xml.etree import (
    ElementTree as ET,  # serialising kept values only; parsing goes through defusedxml
)
from xml.sax.saxutils import escape, quoteattr

from srm_xl.io.package import Package, parse

PART = "docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id every user-defined property carries."""


def _part(package: Package) -> str | None:
    return next((r["Part"] for r in package.relationships("") if r["Type"] == REL_TYPE and "Part" in r), None)


def custom_properties(package: Package) -> dict[str, str]:
    """The workbook's custom properties by name, each value as text."""
    part = _part(package)
    if part is None or not package.exists(part):
        return {}
    found = {}
    for prop in parse(package.read(part)).iterfind(f"{{{CUSTOM_NS}}}property"):
        value = next(iter(prop), None)
        found[prop.get("name", "")] = (value.text or "") if value is not None else ""
    return found


def set_custom_property(package: Package, name: str, value: str) -> None:
    """Set text property ``name`` (replacing one of that name, keeping the others as they are), adding the part,
    its relationship and its content type where the package has none."""
    part = _part(package)
    kept = []
    if part is not None and package.exists(part):
        for prop in parse(package.read(part)).iterfind(f"{{{CUSTOM_NS}}}property"):
            if prop.get("name") != name:
                values = "".join(ET.tostring(child, encoding="unicode") for child in prop)
                kept.append((prop.get("fmtid", FMTID), prop.get("name", ""), values))
    kept.append((FMTID, name, f"<vt:lpwstr>{escape(value)}</vt:lpwstr>"))
    body = "".join(
        f'<property fmtid={quoteattr(fmtid)} pid="{pid}" name={quoteattr(prop_name)}>{values}</property>'
        for pid, (fmtid, prop_name, values) in enumerate(kept, start=2)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{body}</Properties>'
    package.write(part or PART, xml.encode("utf-8"))
    if part is None:
        _link(package)


def _append(xml: bytes, closing: bytes, element: str) -> bytes:
    """``element`` added as the last child of the root whose closing tag is ``closing``."""
    at = xml.rindex(closing)
    return xml[:at] + element.encode("utf-8") + xml[at:]


def _link(package: Package) -> None:
    """The root relationship and the content type of a new custom-properties part."""
    rels = package.read("_rels/.rels")
    ids = {r.get("Id") for r in parse(rels)}
    number = next(n for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
    package.write(
        "_rels/.rels",
        _append(rels, b"</Relationships>", f'<Relationship Id="rId{number}" Type="{REL_TYPE}" Target="{PART}"/>'),
    )
    types = package.read("[Content_Types].xml")
    if not any(o.get("PartName") == f"/{PART}" for o in parse(types)):
        override = f'<Override PartName="/{PART}" ContentType="{CONTENT_TYPE}"/>'
        package.write("[Content_Types].xml", _append(types, b"</Types>", override))
