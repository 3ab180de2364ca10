"""Tables read from text markup (web pages and Excel 2003 XML saved as .xls): the markup decoded as it declares,
its cells gathered row by row within the guard's limits, then handed on as a sheet of text with its merged areas
filled, as a workbook's are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from srm_xl.errors import UnsafeFileError
from srm_xl.io.guard_limits import Limits
from srm_xl.io.sources import ENCODINGS, fill_merged

HEAD_BYTES = 64 * 1024
"""Bytes in which markup declares its encoding and shows what it is."""
_DECLARED = re.compile(
    rb"""<(?:meta\b[^>]*?\bcharset|\?xml\b[^>]*?\bencoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)
_SAME = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "unicode": "utf-16"}
"""Encodings pages declare, read as their superset (GB2312 pages hold GBK characters)."""


class Enough(Exception):
    """A reader of markup read the rows asked for: it stops there."""


@dataclass
class TextGrid:
    """One table of a markup file: its rows of text (``None`` for an empty or covered cell), its merged areas
    (0-based first row, first col, last row, last col) and whether the sheet was hidden."""

    name: str
    rows: list[list[str | None]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False

    def put(self, row: int, col: int, text: str | None) -> None:
        """``text`` at 0-based (``row``, ``col``), the rows below the last one so far added empty."""
        while len(self.rows) <= row:
            self.rows.append([])
        cells = self.rows[row]
        if len(cells) <= col:
            cells.extend([None] * (col + 1 - len(cells)))
        cells[col] = text

    def has_text(self) -> bool:
        return any(cell is not None for row in self.rows for cell in row)

    def frame(self) -> tuple[pl.DataFrame, list[int]]:
        """Every cell as text (frame row i = row i+1), merged areas filled from their top-left cell, and each
        column's position."""
        width = max((len(row) for row in self.rows), default=0)
        names = [f"c{i}" for i in range(width)]
        padded = [row + [None] * (width - len(row)) for row in self.rows]
        frame = pl.DataFrame(padded, schema=dict.fromkeys(names, pl.String), orient="row")
        positions = list(range(width))
        return fill_merged(frame, positions, self.merged), positions


class CellBudget:
    """The cells a markup file's tables may span together: the guard's rows and columns per sheet, and its cells
    any sheet may span (:attr:`Limits.sparse_cells`: every cell is a Python string here, not a packed buffer)."""

    def __init__(self, file: str, limits: Limits = Limits()) -> None:
        self.file, self.limits = file, limits
        self.spent = 0

    def check(self, rows: int, cols: int) -> None:
        """Refuse a table reaching ``rows`` × ``cols`` (its rectangle so far) beyond the limits."""
        limits = self.limits
        if rows > limits.max_rows or cols > limits.max_cols or self.spent + rows * cols > limits.sparse_cells:
            raise UnsafeFileError(
                "guard_markup_too_large",
                file=self.file,
                rows=rows,
                cols=cols,
                limit=limits.sparse_cells,
                max_rows=limits.max_rows,
                max_cols=limits.max_cols,
            )

    def check_counted(self, rows: int, cells: int) -> None:
        """Refuse, before parsing, a file whose tags alone name more ``rows`` or ``cells`` than the limits allow
        (its columns taken as the cells per row)."""
        if rows > self.limits.max_rows or cells > self.limits.sparse_cells:
            self.check(rows, -(-cells // max(rows, 1)))

    def close(self, rows: int, cols: int) -> None:
        """A table of ``rows`` × ``cols`` finished: its cells spent."""
        self.spent += rows * cols


def decode(data: bytes, *, strict: bool = True) -> str:
    """Markup as text: by its byte-order mark, else the charset it declares (``<meta charset>``, ``http-equiv``
    ``content``, an XML declaration), else UTF-8, else GB18030; the declared one with replacements when none
    decodes it (``strict``: only then; a cut sample is decoded so)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    declared = _DECLARED.search(data[:HEAD_BYTES])
    named = declared.group(1).decode("ascii").lower() if declared else None
    named = _SAME.get(named, named) if named else None
    tried = [named] if named else []
    for encoding in [*tried, *ENCODINGS] if strict else []:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode(named or ENCODINGS[0], "replace")
    except LookupError:
        return data.decode(ENCODINGS[0], "replace")
