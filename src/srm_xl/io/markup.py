"""Spreadsheets that are text markup with a spreadsheet's name (the guard's ``guard_markup``): an Excel 2003 XML
workbook, or a web page's tables, read as sheets of text in the encoding the file declares."""

from __future__ import annotations

from pathlib import Path

from srm_xl.io.guard_limits import Limits
from srm_xl.io.spreadsheet_xml import is_spreadsheet_xml, spreadsheet_tables
from srm_xl.io.text_grid import HEAD_BYTES, CellBudget, TextGrid, decode
from srm_xl.io.web_table import web_tables

_XML_TAGS = ((b"<Row", b"<ss:Row"), (b"<Cell", b"<ss:Cell"))
_HTML_TAGS = ((b"<tr",), (b"<td", b"<th"))
"""The start tags of rows, then of cells (a web page's counted lower-cased)."""


def read_markup(path: Path, limits: Limits = Limits(), rows: int | None = None) -> list[TextGrid]:
    """The sheets of the markup file at ``path``; with ``rows``, enough of them to see their top rows."""
    data = path.read_bytes()
    budget = CellBudget(path.name, limits)
    xml = is_spreadsheet_xml(decode(data[:HEAD_BYTES], strict=False))
    if rows is None:  # the tags counted first: a file far beyond the limits is refused before it is parsed
        tags = data if xml else data.lower()
        row, cells = _XML_TAGS if xml else _HTML_TAGS
        budget.check_counted(sum(map(tags.count, row)), sum(map(tags.count, cells)))
        del tags
    if xml:
        return spreadsheet_tables(data, budget, rows)
    return web_tables(path.stem, decode(data), budget, rows)
