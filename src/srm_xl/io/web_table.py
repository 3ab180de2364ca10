"""Web pages saved as .xls by ERP, MES and OA systems: their ``<table>`` elements read as sheets of text.

The standard library's tolerant parser feeds a builder that closes what the page leaves open (``<td>`` and
``<tr>`` without their end tags), lays each cell where Excel does (``colspan`` and ``rowspan`` as merged areas,
clamped as browsers clamp them and never reaching past the table's last row), turns ``<br>`` into a line break,
decodes entities and trims whitespace and ``&nbsp;``. Tables nested in a cell are tables of their own; a table
of one text per row (a report's title) is put above the table that follows it, as Excel shows it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from srm_xl.errors import UnsafeFileError
from srm_xl.io.text_grid import CellBudget, Enough, TextGrid

MAX_COLSPAN = 1000
"""The largest ``colspan`` a browser honours (HTML's own limit)."""
MAX_ROWSPAN = 65534
"""The largest ``rowspan`` a browser honours (HTML's own limit; 0 spans to the table's end)."""
MAX_DEPTH = 32
"""Tables nested deeper than this are no report."""
_CHUNK = 16 << 20
"""Characters fed at a time (a construct left open, ``<!--`` without its end, is searched again per feed)."""
_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")


class _Table:
    """A table being read: its grid, the row and cell open, and the columns rows above still cover."""

    def __init__(self) -> None:
        self.grid = TextGrid("")
        self.row = -1
        self.col = 0
        self.width = 0
        self.covered: dict[int, int] = {}
        """Column → last row a ``rowspan`` above covers it to."""
        self.cell: list[str] | None = None
        self.after = 0
        """The column past the open cell (and its ``colspan``)."""
        self.spans: list[list[int]] = []
        """Merged areas whose last row is clipped to the table's once it ends: [r1, c1, r2, c2]."""


class _Builder(HTMLParser):
    """Tables out of a page's tags, within ``budget``; stops once ``rows`` rows were read (when given)."""

    def __init__(self, budget: CellBudget, rows: int | None) -> None:
        super().__init__(convert_charrefs=True)
        self.budget, self.wanted = budget, rows
        self.open: list[_Table] = []
        self.done: list[TextGrid] = []
        self.read = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if len(self.open) >= MAX_DEPTH:
                raise UnsafeFileError("guard_markup_nested", file=self.budget.file, limit=MAX_DEPTH)
            self.open.append(_Table())
        elif not self.open:
            return
        elif tag == "tr":
            self._end_cell(self.open[-1])
            self._start_row(self.open[-1])
        elif tag in ("td", "th"):
            table = self.open[-1]
            self._end_cell(table)
            if table.row < 0:
                self._start_row(table)
            spans = dict(attrs) if attrs else {}
            self._start_cell(
                table, _span(spans.get("colspan"), 1, MAX_COLSPAN), _span(spans.get("rowspan"), 0, MAX_ROWSPAN)
            )
        elif tag == "br" and self.open[-1].cell is not None:
            self.open[-1].cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        table = self.open[-1]
        if tag in ("td", "th", "tr"):
            self._end_cell(table)
        elif tag == "table":
            self._end_table()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.append(data)

    def finish(self) -> None:
        """The page ended: every table still open closed."""
        while self.open:
            self._end_table()

    def _start_row(self, table: _Table) -> None:
        table.row += 1
        table.col = 0
        self.read += 1
        if self.wanted is not None and self.read > self.wanted:
            raise Enough
        self.budget.check(table.row + 1, table.width)

    def _start_cell(self, table: _Table, colspan: int, rowspan: int) -> None:
        col = table.col
        while table.covered.get(col, -1) >= table.row:
            col += 1
        last_row = table.row + (rowspan or MAX_ROWSPAN) - 1
        if col + colspan > table.width:
            table.width = col + colspan
            self.budget.check(table.row + 1, table.width)
        for covered in range(col, col + colspan):
            table.covered[covered] = last_row
        if colspan > 1 or last_row > table.row:
            table.spans.append([table.row, col, last_row, col + colspan - 1])
        table.col, table.after = col, col + colspan
        table.cell = []

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        text = "".join(table.cell)
        if "\n" in text:
            lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
            text = "\n".join(line for line in lines if line)
        else:
            text = _SPACE.sub(" ", text).strip()
        if text:
            table.grid.put(table.row, table.col, text)
        table.col, table.cell = table.after, None

    def _end_table(self) -> None:
        table = self.open.pop()
        self._end_cell(table)
        rows = table.row + 1
        self.budget.close(rows, table.width)
        table.grid.merged = [(r1, c1, min(r2, rows - 1), c2) for r1, c1, r2, c2 in table.spans]
        if table.grid.has_text():
            self.done.append(table.grid)


def _span(value: str | None, lowest: int, highest: int) -> int:
    """A ``colspan``/``rowspan`` as browsers read it: its leading digits, 1 when absent or unreadable, clamped."""
    if value is None:
        return 1
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)[:9]), lowest), highest) if digits else 1


def web_tables(name: str, text: str, budget: CellBudget, rows: int | None = None) -> list[TextGrid]:
    """The tables of the page ``text`` (of the file ``name``), each named after the file (numbered when there are
    several); only the first ``rows`` rows when given. Refused when the page holds no table with text."""
    builder = _Builder(budget, rows)
    try:
        for start in range(0, len(text), _CHUNK):
            builder.feed(text[start : start + _CHUNK])
        builder.close()
    except Enough:
        pass
    builder.finish()
    tables = _with_titles(builder.done)
    if not tables:
        raise UnsafeFileError("guard_markup_no_table", file=budget.file)
    for number, grid in enumerate(tables, 1):
        grid.name = name if len(tables) == 1 else f"{name} ({number})"
    return tables


def _with_titles(tables: list[TextGrid]) -> list[TextGrid]:
    """``tables`` with each one of one text per row (a report's title, its date) put above the next table, as
    Excel shows them one under the other; the title rows are then found above that table's header."""
    kept: list[TextGrid] = []
    titles: list[list[str | None]] = []
    for grid in tables:
        if all(sum(cell is not None for cell in row) <= 1 for row in grid.rows) and grid is not tables[-1]:
            titles += [[next((c for c in row if c is not None), None)] for row in grid.rows]
            continue
        if titles:
            shift = len(titles)
            grid.rows[:0] = titles
            grid.merged = [(r1 + shift, c1, r2 + shift, c2) for r1, c1, r2, c2 in grid.merged]
            titles = []
        kept.append(grid)
    return kept
