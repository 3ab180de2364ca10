"""Every XML part of a package validated against the ISO/IEC 29500 Transitional schemas vendored in tests/xsd/.

``xml:space`` on ``<t>`` is removed first: Excel itself writes it and the schemas do not declare it (the one known,
harmless deviation). Core properties (Dublin Core, imported from the network by its schema) are not validated.
"""

from __future__ import annotations

import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

XSD = Path(__file__).parent / "xsd"
SCHEMAS = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "shared-documentPropertiesExtended.xsd",
}
SKIPPED = {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def xsd_problems(path: Path) -> list[str]:
    """Each schema error of each XML part (``part:line: message``), and parts no vendored schema covers."""
    problems = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            root = etree.fromstring(package.read(name), parser)
            namespace = etree.QName(root).namespace or ""
            if namespace in SKIPPED:
                continue
            if namespace not in SCHEMAS:
                problems.append(f"{name}: no schema for namespace {namespace!r}")
                continue
            for element in root.iter():
                element.attrib.pop(SPACE, None)
            schema = _schema(SCHEMAS[namespace])
            if not schema.validate(root):
                problems += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    return problems
