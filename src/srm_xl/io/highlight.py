"""Marking cells in a user's sheet without touching their values or formats: one conditional-format block.

The block's rule is an always-true formula carrying a marker, so the next run finds and replaces its own block
(and an empty list of cells removes it) while leaving every other rule of the sheet alone.
"""

from __future__ import annotations

import re

MARKER = '"srm-xl"<>""'
_MARKED = re.compile(
    rb"<(?:\w+:)?conditionalFormatting\b[^>]*>(?:(?!</(?:\w+:)?conditionalFormatting>).)*?"
    + rb'srm-xl(?:&quot;|")'
    + rb".*?</(?:\w+:)?conditionalFormatting>",
    re.DOTALL,
)
_AFTER = (
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
MAX_CELLS = 5000
"""At most this many cells are marked per sheet (the Validation sheet lists them all)."""


def mark_cells(sheet_xml: bytes, cells: list[str], dxf_id: int) -> bytes:
    """``sheet_xml`` with its previous marker block replaced by one over ``cells`` (removed when empty);
    ``sheet_xml`` itself when that changes nothing (so a year's log validated again with the same problems is not
    copied, nor rewritten, and keeps what the read cache holds for it)."""
    split = sheet_xml.rfind(b"</sheetData>")
    if split < 0:
        split = sheet_xml.rfind(b"<sheetData/>")
    original = sheet_xml[split:]
    cleared = _MARKED.sub(b"", original)
    if not cells and cleared == original:
        return sheet_xml
    head, tail = memoryview(sheet_xml)[:split], cleared  # a year's log is copied once, by the join below
    if not cells:
        return b"".join((head, tail))
    priorities = [int(p) for p in re.findall(rb'priority="(\d+)"', tail)]
    prefix_match = re.search(rb"<(\w+:)?sheetData", sheet_xml)
    prefix = (prefix_match.group(1) or b"").decode() if prefix_match else ""
    formula = MARKER.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    block = (
        f'<{prefix}conditionalFormatting sqref="{" ".join(cells[:MAX_CELLS])}">'
        f'<{prefix}cfRule type="expression" dxfId="{dxf_id}" priority="{max(priorities, default=0) + 1}">'
        f"<{prefix}formula>{formula}</{prefix}formula></{prefix}cfRule></{prefix}conditionalFormatting>"
    ).encode()
    positions = [m.start() for name in _AFTER if (m := re.search(rb"<(?:\w+:)?" + name.encode() + rb"\b", tail))]
    at = min(positions) if positions else tail.rfind(b"</")
    marked = b"".join((tail[:at], block, tail[at:]))
    return sheet_xml if marked == original else b"".join((head, marked))
