"""The rows a job has just written, handed to the next read of the sheet without parsing it again.

A job that writes a data sheet (an import writing a year of lots) is usually followed by one that reads it
(validate, grade). The writer knows every cell it wrote, so the cells a reader would get back are worked out
from the draft, put through the reader's own conversion (:func:`~srm_xl.io.reader.table_from_body`) and kept in
the read cache under the key of the part as saved. The next read of the unchanged sheet loads that entry; a sheet
changed in any way has another key and is parsed as always.

Only what the writer spells in one exact way is handed over: text (with what XML does to it: characters a
worksheet cannot hold left out, carriage returns read as line feeds, empty text as a blank), finite numbers at
the 15 digits a cell keeps, and dates from 1 March 1900 in a date column or a user's own column. A sheet holding
anything else (times, true/false, numbers a reader would spell with an exponent among text, free cells beside the
table, or a word a typed read takes for "missing") is left to the parser. The written sheet holds its text in its
cells, so what the workbook's shared strings hold does not matter. The table is worked out while the book is
written (:func:`table_ahead`) and kept once the saved sheet's header and the saved book's hints prove the same; the
reads of some columns only that jobs have made of the sheet (a grade's: :func:`~srm_xl.io.read_cache.asked`) are
handed over too.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.io.cell_words import MISSING_WORDS
from srm_xl.io.draft import SheetDraft
from srm_xl.io.headers import HeaderMap, find_header
from srm_xl.io.own_columns import as_text
from srm_xl.io.placement import sheet_title
from srm_xl.io.reader import ReadHints, table_from_body
from srm_xl.io.render import ILLEGAL_TEXT
from srm_xl.io.table import Table
from srm_xl.schema import Column, SheetSpec
from srm_xl.schema.column import CELL_CHARACTERS
from srm_xl.schema.convert import TYPED
from srm_xl.schema.numbers import SIGNIFICANT

_FIRST_DATE = date(1900, 3, 1)
"""Dates before this are off by one in the 1900 date system (Excel's 29 February 1900)."""
_TEXT = (pl.String, pl.Null, pl.Categorical, pl.Enum)
_SHOWN = "__shown_"


def table_ahead(draft: SheetDraft, spec: SheetSpec, hints: ReadHints) -> tuple[HeaderMap, Table, pl.DataFrame] | None:
    """The header of ``draft``'s table as found in its own header row, the table the next read of the sheet will
    get once saved, read with ``hints`` (the caller keeps it only if the saved sheet's header and the saved book's
    hints are these), and the cells (:func:`cells_read_back`); ``None`` when the sheet is not handed over."""
    cells = cells_read_back(draft, spec)
    if cells is None or draft.block is None:
        return None
    header = find_header([list(draft.block.headers)], spec, hints.headers)
    if header is None:
        return None
    table = table_from_body(spec, sheet_title(draft.name), header, cells, list(range(cells.width)), None, hints)
    return header, table, cells


def cells_read_back(draft: SheetDraft, spec: SheetSpec) -> pl.DataFrame | None:
    """The table rows of ``draft`` as a typed read of the saved sheet returns them (one column per sheet column,
    from the first; numbers as floats, dates as dates, the rest as text; a column showing text where a value
    could not be read, all as text), or ``None`` when the draft holds a cell the hand-over does not spell
    exactly."""
    block = draft.block
    if block is None or draft.cells or block.frame.width != len(block.headers):
        return None
    frame = block.frame.with_columns(text.alias(f"{_SHOWN}{i}") for i, text in block.texts.items())
    read, spelt = [], []
    for index, name in enumerate(block.frame.columns):
        dtype = block.frame.schema[name]
        value = _value(pl.col(name), dtype, spec.by_key.get(name))
        if value is None:
            return None
        if index in block.texts:
            shown = as_text(value, dtype)
            value = pl.when(pl.col(name).is_null()).then(_text(pl.col(f"{_SHOWN}{index}"))).otherwise(shown)
            if dtype.is_numeric():
                spelt.append(shown.str.contains("[eE]").any())
        read.append(value.alias(f"c{index}"))
    if spelt and frame.select(pl.any_horizontal(spelt)).item():
        return None
    dates = [n for n, dtype in block.frame.schema.items() if dtype == pl.Date]
    first = block.frame.select(pl.min_horizontal(pl.col(dates).min())).item() if dates else None
    if first is not None and first < _FIRST_DATE:
        return None
    cells = frame.select(read)
    return None if _holds_missing_words(cells, block.headers) else cells


def _holds_missing_words(cells: pl.DataFrame, headers: list[str]) -> bool:
    """Whether a text cell is a word a typed read takes for "missing": such a sheet is read as text, which spells
    numbers otherwise (:mod:`srm_xl.io.typed_read`), so it is left to that read."""
    words = pl.Series(MISSING_WORDS)
    texts = [n for n, dtype in cells.schema.items() if dtype == pl.String]
    found = pl.any_horizontal(pl.col(n).is_in(words.implode()).any() for n in texts) if texts else pl.lit(False)
    return bool(cells.select(found).item()) or any(h in MISSING_WORDS for h in headers)


def _value(value: pl.Expr, dtype: pl.DataType, column: Column | None) -> pl.Expr | None:
    """A column's cells as read back typed, or ``None`` when they are not spelt in one exact way (``column``:
    the spec's, ``None`` for a user's own column, read back as it is typed)."""
    if isinstance(dtype, _TEXT):
        return _text(value.cast(pl.String))
    if dtype.is_numeric() and (column is None or (column.dtype in TYPED and column.dtype != "date")):
        number = value.cast(pl.Float64)
        if not dtype.is_float():  # whole numbers are written with all their digits
            return number
        rounded = number.round_sig_figs(SIGNIFICANT)
        return pl.when(number.is_finite()).then(pl.when(rounded == 0).then(0.0).otherwise(rounded))
    if dtype == pl.Date and (column is None or column.dtype == "date"):
        return value
    return None


def _text(value: pl.Expr) -> pl.Expr:
    """Text as a reader gets it back from the cell written for it."""
    kept = (
        value.str.replace_all(ILLEGAL_TEXT, "")
        .str.slice(0, CELL_CHARACTERS)
        .str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all("\r", "\n", literal=True)
    )
    return pl.when(kept != "").then(kept)
