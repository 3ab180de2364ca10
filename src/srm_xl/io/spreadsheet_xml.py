"""Excel 2003 XML spreadsheets (SpreadsheetML, saved as .xls or .xml by ERP systems): each ``<Worksheet>`` read as
a sheet of text, its cells where Excel puts them (``ss:Index``, ``ss:Span``) and ``ss:MergeAcross`` /
``ss:MergeDown`` as merged areas.

The file is parsed as it streams, with DTDs, entities and external references forbidden (defusedxml). Each cell
comes out as the text reading it from the saved .xlsx gives: numbers as written, a date and time as
``2026-07-03 08:30:00``, a boolean as ``true``/``false``, an error as ``#N/A``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from srm_xl.errors import UnsafeFileError
from srm_xl.io.text_grid import CellBudget, Enough, TextGrid, decode

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{NAMESPACE}}}"
_EXCEL = "{urn:schemas-microsoft-com:office:excel}"
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})")
_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([^\"']*)")
_EXPAT_OWN = {"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}


def is_spreadsheet_xml(head: str) -> bool:
    """Whether the start of a markup file is an Excel 2003 XML workbook's."""
    return NAMESPACE in head and re.search(r"<(?:\w+:)?Workbook\b", head) is not None


def spreadsheet_tables(data: bytes, budget: CellBudget, rows: int | None = None) -> list[TextGrid]:
    """The worksheets of the SpreadsheetML file ``data`` (those with text); when ``rows`` is given, those up to the
    first that reaches that many rows, which ends there."""
    grids: list[TextGrid] = []
    grid: TextGrid | None = None
    table: ET.Element | None = None
    at = width = 0
    try:
        for event, element in DET.iterparse(
            io.BytesIO(_in_utf8(data)), ("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            tag = element.tag
            if event == "start":
                if tag == f"{_SS}Worksheet":
                    grid, at, width = TextGrid(element.get(f"{_SS}Name") or f"Sheet{len(grids) + 1}"), 0, 0
                    grids.append(grid)
                elif tag == f"{_SS}Table":
                    table = element
            elif grid is None:
                continue
            elif tag == f"{_SS}Row" and table is not None:
                at = _index(element, at + 1)
                width = max(width, _read_row(grid, element, at - 1, budget))
                budget.check(at, width)
                at += _count(element.get(f"{_SS}Span"))
                table.clear()
                if rows is not None and at >= rows:
                    raise Enough
            elif tag == f"{_SS}Worksheet":
                budget.close(at, width)
                grid, table = None, None
            elif tag == f"{_EXCEL}Visible" and (element.text or "").strip() in ("SheetHidden", "SheetVeryHidden"):
                grid.hidden = True
    except Enough:
        pass
    except DefusedXmlException:
        raise UnsafeFileError("guard_markup_dtd", file=budget.file) from None
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise UnsafeFileError("guard_markup_bad", file=budget.file, reason=str(exc)[:200]) from None
    return [g for g in grids if g.has_text()]


def _in_utf8(data: bytes) -> bytes:
    """``data`` as the XML parser reads it: decoded and declared UTF-8 when it declares an encoding expat does not
    know (``gb2312``, ``GBK``)."""
    declared = _ENCODING.match(data[:200])
    if declared is None or declared.group(2).decode("ascii", "replace").lower() in _EXPAT_OWN:
        return data
    return _ENCODING.sub(rb"\1utf-8", decode(data).encode("utf-8"), count=1)


def _read_row(grid: TextGrid, row: ET.Element, at: int, budget: CellBudget) -> int:
    """Row ``at`` (0-based) of ``grid`` from its ``<Row>`` element: the width it reaches."""
    col = 0
    width = 0
    for cell in row.iterfind(f"{_SS}Cell"):
        col = _index(cell, col + 1)
        across, down = _count(cell.get(f"{_SS}MergeAcross")), _count(cell.get(f"{_SS}MergeDown"))
        last_col = col - 1 + across
        width = max(width, last_col + 1)
        budget.check(at + 1 + down, width)
        if across or down:
            grid.merged.append((at, col - 1, at + down, last_col))
        data = cell.find(f"{_SS}Data")
        grid.put(at, col - 1, _text(data) if data is not None else None)
        col = last_col + 1
    return width


def _index(element: ET.Element, default: int) -> int:
    """An element's 1-based ``ss:Index``, else ``default`` (the budget weighs where it reaches)."""
    value = element.get(f"{_SS}Index")
    index = default if value is None else _count(value)
    if index < 1:
        raise ValueError("ss:Index=0")
    return index


def _count(value: str | None) -> int:
    """A count attribute (``ss:Span``, ``ss:MergeAcross``): 0 when absent."""
    if value is None:
        return 0
    digits = value.strip()
    if not digits.isdigit() or len(digits) > 9:
        raise ValueError(f"'{value[:20]}' is no count")
    return int(digits)


def _text(data: ET.Element) -> str | None:
    """A ``<Data>`` cell's value as the saved .xlsx reads as text."""
    text = "".join(data.itertext()).strip() if len(data) else (data.text or "").strip()
    kind = data.get(f"{_SS}Type")
    if not text:
        return None
    if kind == "DateTime" and (stamp := _DATE_TIME.match(text)):
        return f"{stamp.group(1)} {stamp.group(2)}"
    if kind == "Boolean":
        return "true" if text in ("1", "true", "TRUE") else "false"
    return text
