"""``ExcelWorkbook``: the ``Workbook`` protocol over a live Excel workbook through xlwings.

Reading takes a sheet's used range as values in one call and hands it to the reader as text, the same boundary
files go through, the user's own columns typed where each holds only numbers or only dates (as a saved file's
typed read gives them). Writing waits for ``commit``: each staged sheet is cleared and written with one
``range.value = 2-D list`` per block, then number formats per column, the Excel Table, widths and links. Text is
written with Excel's text prefix (``'``), so nothing written can become a formula or a number. Sheets that were
not staged keep their values and formatting; ``mark`` fills the named cells of a user sheet.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from srm_xl.io.draft import CellValue, SheetDraft
from srm_xl.io.epoch import EPOCH_1900, EPOCH_1904
from srm_xl.io.file_workbook import FileWorkbook, detect_language
from srm_xl.io.headers import SCAN_ROWS, HeaderMap, find_header
from srm_xl.io.package import file_checksum
from srm_xl.io.page import Paper
from srm_xl.io.placement import sheet_title
from srm_xl.io.reader import ReadHints
from srm_xl.io.styles import PROBLEM
from srm_xl.io.table import Table
from srm_xl.messages import Lang
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import FIRST_YEAR

MSO_TEXT = 4
"""``msoPropertyTypeString``: the type of a text custom document property."""
MARK_CHUNK = 20
"""Cells per multi-area address when marking (Excel limits an address to 255 characters)."""


def cell_text(value: Any) -> str | None:
    """A value as xlwings returns it, as the text fastexcel gives for the same cell of a saved file."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else f"{value:.15g}"
    return str(value)


def own_typed(values: list[Any]) -> pl.Series | None:
    """A user's own column (its values as xlwings returns them) as a saved file's typed read gives it: numbers only
    as numbers, dates from 1900 only as dates; ``None`` for any other column (read as text)."""
    filled = [v for v in values if v is not None and v != ""]
    if filled and all(isinstance(v, int | float) and not isinstance(v, bool) for v in filled):
        return pl.Series([None if v == "" else v for v in values], dtype=pl.Float64, strict=False)
    if filled and all(isinstance(v, date) and v.year >= FIRST_YEAR for v in filled):
        moments = [datetime.combine(v, time()) if type(v) is date else v for v in values]
        return pl.Series([None if v == "" else v for v in moments], dtype=pl.Datetime("us"))
    return None


def excel_value(value: CellValue) -> Any:
    """A draft value as written to a cell: text behind Excel's text prefix, times of day as fractions."""
    if isinstance(value, str):
        return "'" + value if value else None
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return value


def sheet_grid(draft: SheetDraft) -> list[list[Any]]:
    """The draft's block and free cells as one 2-D list from A1, ready for one ``range.value`` write."""
    block = draft.block
    height = max([c.row for c in draft.cells] + ([block.start_row + block.frame.height] if block else [0]) + [1])
    width = max([c.col + 1 for c in draft.cells] + ([len(block.headers)] if block else [0]) + [1])
    grid: list[list[Any]] = [[None] * width for _ in range(height)]
    if block is not None:
        top = block.start_row - 1
        grid[top][: len(block.headers)] = [excel_value(h) for h in block.headers]
        for offset, row in enumerate(block.frame.iter_rows()):
            grid[top + 1 + offset][: len(row)] = [excel_value(v) for v in row]
        for col, texts in block.texts.items():
            for offset, text in enumerate(texts.to_list()):
                if text is not None and grid[top + 1 + offset][col] is None:
                    grid[top + 1 + offset][col] = text
    for cell in draft.cells:
        grid[cell.row - 1][cell.col] = excel_value(cell.value)
    return grid


class ExcelWorkbook:
    """A live workbook: ``read`` sheets through specs, ``stage`` result sheets, ``commit`` them at once."""

    def __init__(self, book: Any, *, lang: Lang | None = None) -> None:
        self.book = book
        fullname = Path(str(book.fullname))
        self.path: Path | None = fullname if fullname.is_file() else None
        self._drafts: dict[str, SheetDraft] = {}
        self._marks: dict[str, list[str]] = {}
        self._properties: dict[str, str] = {}
        self._by_header: dict[str, str] | None = None
        self._maps = None
        self._hinted: dict[str, ReadHints] = {}
        self.lang: Lang = lang or detect_language(self.sheet_names())
        self.paper: Paper = "A4"

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    find = FileWorkbook.find
    has = FileWorkbook.has
    read = FileWorkbook.read
    _plan = FileWorkbook._plan
    _hints = FileWorkbook._hints
    _parse = FileWorkbook._parse
    maps = FileWorkbook.maps
    read_rows = FileWorkbook.read_rows
    _error_cells = FileWorkbook._error_cells

    def _seen(self, table: Table, _columns: object) -> Table:
        """The table as read: the notes and totals rows below a sheet's data are kept by the file writer only."""
        return table

    def _cache_key(self, *_: object) -> None:
        """An open workbook has no saved parts to key the read cache on: it is always read live."""
        return None

    def _typed(self, *_: object) -> None:
        """An open workbook has no saved parts: its cells come from Excel in one call (:meth:`_typed_read`)."""
        return None

    @property
    def epoch(self) -> datetime:
        """The day the book's date serials count from (Excel's own setting for the book; the 1900 system where
        Excel does not say)."""
        return EPOCH_1904 if getattr(self.book.api, "Date1904", False) is True else EPOCH_1900

    def _where(self, _sheet: str) -> tuple[None, int]:
        """An open workbook has no package parts."""
        return None, 0

    def _text(self, plan: Any, _reader: object) -> tuple[pl.DataFrame, list[int]]:
        return self.raw_text(plan.sheet, columns=plan.wanted)

    def read_all(self, requests: Sequence[tuple[SheetSpec, Collection[str] | None]]) -> list[Table]:
        """The sheets read one after another (Excel answers one call at a time)."""
        return [self.read(spec, columns=columns) for spec, columns in requests]

    def raw_text(
        self, sheet: str, *, rows: int | None = None, columns: list[int] | None = None
    ) -> tuple[pl.DataFrame, list[int]]:
        """The cells of ``sheet`` as text (frame row i = Excel row i+1) and each column's sheet position; the used
        range is read in one call, then cut to ``rows`` and ``columns`` (0-based sheet positions)."""
        return _texts(self._used(sheet), rows, columns)

    def _used(self, sheet: str) -> _Used:
        used = self.book.sheets[sheet].used_range
        return _Used(used.options(ndim=2).value, used.row, used.column)

    def _typed_read(self, plan: Any, _reader: object) -> tuple[HeaderMap, pl.DataFrame, list[int]] | None:
        """The planned sheet's header and the rows below it as text, the user's own columns typed where each holds
        numbers only or dates only, as a saved file's typed read gives them (:func:`own_typed`); from one call to
        Excel. ``None`` when no header is found (the text read reports it)."""
        used = self._used(plan.sheet)
        frame, positions = _texts(used, None, plan.wanted)
        header = find_header([list(r) for r in frame.head(SCAN_ROWS).iter_rows()], plan.spec, plan.hints.headers)
        if header is None:
            return None
        below = frame.slice(header.row + 1)
        first = header.row + 1 - (used.row - 1)
        typed = {
            below.columns[i]: own_typed([row[positions[i] - used.column + 1] for row in used.values[first:]])
            for i in {**header.extras, **header.duplicates}
        }
        return header, below.with_columns(v.alias(k) for k, v in typed.items() if v is not None), positions

    def top_rows(self, sheet: str) -> tuple[pl.DataFrame, list[int]]:
        """The first rows of ``sheet`` as text, where the header is looked for."""
        return self.raw_text(sheet, rows=SCAN_ROWS)

    def stage(self, draft: SheetDraft) -> None:
        self._drafts[sheet_title(draft.name).casefold()] = draft

    def mark(self, sheet: str, cells: list[str]) -> None:
        """Fill ``cells`` of an existing sheet with the problem colour at the next commit ([] marks nothing)."""
        self._marks[sheet] = cells

    def custom_property(self, name: str) -> str | None:
        """A custom document property (File ▸ Properties ▸ Custom) as text, staged values included."""
        if name in self._properties:
            return self._properties[name]
        found = next((p for p in self.book.api.CustomDocumentProperties if p.Name == name), None)
        return None if found is None else str(found.Value)

    def set_custom_property(self, name: str, value: str) -> None:
        self._properties[name] = value

    def _write_properties(self) -> None:
        if not self._properties:
            return
        properties = self.book.api.CustomDocumentProperties
        for name, value in self._properties.items():
            found = next((p for p in properties if p.Name == name), None)
            if found is None:
                properties.Add(Name=name, LinkToContent=False, Type=MSO_TEXT, Value=value)
            else:
                found.Value = value
        self._properties.clear()

    def commit(self) -> None:
        """Write every staged sheet, one block each; the grids are all built before the first write."""
        grids = [(draft, sheet_grid(draft)) for draft in self._drafts.values()]
        for draft, grid in grids:
            self._write(draft, grid)
        names = set(self.sheet_names())
        for sheet, cells in self._marks.items():
            if sheet in names and sheet_title(sheet).casefold() not in self._drafts:
                for chunk in _chunks(cells, MARK_CHUNK):
                    self.book.sheets[sheet].range(",".join(chunk)).color = f"#{PROBLEM.fill}"
        self._write_properties()
        self._drafts.clear()
        self._marks.clear()
        self._by_header = None

    def _write(self, draft: SheetDraft, grid: list[list[Any]]) -> None:
        title = sheet_title(draft.name)
        existing = {s.name.casefold(): s for s in self.book.sheets}
        sheet = existing.get(title.casefold())
        if sheet is None:
            sheet = self.book.sheets.add(title, after=self.book.sheets[-1])
        sheet.clear()
        sheet.range((1, 1)).value = grid
        block = draft.block
        if block is not None:
            first, last = block.start_row + 1, max(block.start_row + block.frame.height, block.start_row + 1)
            for col, style in enumerate(block.styles):
                if style.num_fmt != "General":
                    sheet.range((first, col + 1), (last, col + 1)).number_format = style.num_fmt
            for col, width in enumerate(block.widths):
                sheet.range((1, col + 1)).column_width = width
            tables = getattr(sheet, "tables", None)
            if block.table and tables is not None:
                source = sheet.range((block.start_row, 1), (last, len(block.headers)))
                kept = next((t for t in tables if t.name == block.table), None)
                if kept is None:
                    tables.add(source=source, name=block.table)
                else:
                    kept.resize(source)
        for col, width in draft.widths.items():
            sheet.range((1, col + 1)).column_width = width
        for link in draft.links:
            text = grid_value(grid, link.cell)
            sheet.range(link.cell).add_hyperlink(f"#{link.location}", text_to_display=text)
        sheet.visible = not draft.hidden

    def checksum(self) -> str:
        return "" if self.path is None or not self.path.exists() else file_checksum(self.path)

    def saved_digest(self) -> str | None:
        return None


class _Used(NamedTuple):
    """A sheet's used range: its values as xlwings returns them, and its first row and column (from 1)."""

    values: list[list[Any]]
    row: int
    column: int


def _texts(used: _Used, rows: int | None, columns: list[int] | None) -> tuple[pl.DataFrame, list[int]]:
    """:meth:`ExcelWorkbook.raw_text` of the ``used`` range."""
    values = used.values
    width = len(values[0]) if values else 0
    texts = [[cell_text(row[j]) for row in values] for j in range(width)]
    if not any(v is not None for column in texts for v in column):
        return pl.DataFrame(), []
    above = [None] * (used.row - 1)
    frame = pl.DataFrame(
        {f"__UNNAMED__{j}": pl.Series(above + column, dtype=pl.String) for j, column in enumerate(texts)}
    )
    positions = [used.column - 1 + j for j in range(width)]
    keep = [k for k, p in enumerate(positions) if columns is None or p in columns]
    frame = frame.select(frame.columns[k] for k in keep)
    return (frame.head(rows) if rows is not None else frame), [positions[k] for k in keep]


def grid_value(grid: list[list[Any]], cell: str) -> str | None:
    """The text written at ``cell`` (e.g. ``"I5"``) of ``grid``, without the text prefix."""
    letters = cell.rstrip("0123456789")
    col = 0
    for letter in letters.upper():
        col = col * 26 + ord(letter) - 64
    row = int(cell[len(letters) :])
    value = grid[row - 1][col - 1] if row <= len(grid) and col <= len(grid[0]) else None
    return value[1:] if isinstance(value, str) else cell_text(value)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
