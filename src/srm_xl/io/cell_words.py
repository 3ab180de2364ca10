"""Cells a typed read would not read as their text: TRUE/FALSE among numbers, and pandas' missing words.

fastexcel, typing a column of numbers, turns a TRUE or FALSE into 1 or 0 and reads the words pandas takes for
"missing" (``N/A``, ``NULL``, ``nan`` …) as no value, where the text read reports each. The searches here find
the columns of such cells in a sheet's XML, the shared strings that are missing words, and the columns of the
cells that refer to those strings, so that a sheet is read as text only when such a cell stands in a column a
typed read would type (:mod:`srm_xl.io.typed_read`): an ``N/A`` in a remarks column, read as text either way,
costs nothing. They run in Rust (polars) over text already inflated, by the guard as it streams a package, or by
the reader when the guard did not see the part. A finding is a set of column letters (or string indices);
:data:`ALL` in it means a suspect cell whose column could not be told.
"""

from __future__ import annotations

import html
import re

import polars as pl

MISSING_WORDS = (
    *("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>"),
    *("N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"),
)
"""Cell texts fastexcel reads as no value (``NaN``: not a number) in a column it types (pandas' missing words)."""


def _alternatives(words: tuple[str, ...]) -> str:
    """``words`` as they appear in XML, as one regex alternation."""
    special = set(r".+*?()|[]{}^$#&-~\/")
    return "|".join("".join("\\" + c if c in special else c for c in html.escape(w, quote=False)) for w in words)


_ANY_WORD = _alternatives(MISSING_WORDS)
_NOT_ERROR = _alternatives(tuple(w for w in MISSING_WORDS if w != "#N/A"))
_TAG = r"(?:\w+:)?"
MISSING_IN_TEXT = rf"<{_TAG}t(?:\s[^>]*)?>(?:{_ANY_WORD})</{_TAG}t>"
"""A missing word as the whole of a text run (a shared string or an inline string)."""
SUSPECT_CELL = "|".join(
    [
        r"""\st\s*=\s*["']b["']""",
        rf"<{_TAG}is>\s*<{_TAG}r>",
        MISSING_IN_TEXT,
        rf"<{_TAG}v>(?:{_NOT_ERROR})</{_TAG}v>",
        rf"""\st\s*=\s*["']str["'][^>]*>(?:<{_TAG}f[^>]*/>|<{_TAG}f[^>]*>[^<]*</{_TAG}f>)?\s*<{_TAG}v>\#N/A</{_TAG}v>""",
    ]
)
"""In sheet XML: a boolean cell, inline rich text, a missing word as a string's text or as a formula's text
result (an error cell's ``#N/A`` is no value in both reads). A match never leaves its row."""
_IN_TEXT_HINT = rf"(?:{_ANY_WORD})</"
_CELL_HINT = rf""""b"|'b'|<r>|:r>|{_IN_TEXT_HINT}"""
"""Plain strings every match holds, as one alternation of literals, which Rust's regex searches at about a gigabyte
a second (the patterns themselves run at a fraction of that): a pattern runs only on a chunk that has one.
Attributes are written ``t="b"`` by every spreadsheet program and library; ``t = "b"``, legal XML, is missed."""
_MAX_CARRY = 64 << 20
"""A row (or string item) longer than this is taken as suspect rather than held on to."""
ALL = "*"
"""In a finding: a suspect cell whose column (or string whose index) could not be told."""
UNKNOWN = "?"
"""In a finding: suspect cells whose columns were not looked for (a search that stops at the first)."""
ERRORS = "#"
"""In a finding of a sheet's cells: the sheet holds an error value (``#DIV/0!``, ``#N/A``), which every read takes
for a blank: the reader then finds and reports each (:mod:`srm_xl.io.error_cells`)."""
_ERROR_MARKS = (b'"e"', b"'e'")
"""An error cell's type as it ends, in either quotes (``t="e"`` as every spreadsheet program writes it, ``t='e'``
or ``t = "e"`` as XML allows), in a cell with a namespace prefix (``x:c``) or not."""
_ERROR_EDGE = 64 << 10
"""How far back in the chunk before an error cell's type may stand from its value's ``#`` (a formula between the
two holds at most 8,192 characters, escaped)."""
_MAX_INDICES = 1000
"""More missing-word strings than this (a writer that does not share equal strings) are not looked up one by one."""
_OPEN = rf"<{_TAG}c(?:\s[^>]*)?"
"""A cell's start tag up to its closing ``>``."""
_FORMULA = rf"(?:<{_TAG}f[^>]*/>|<{_TAG}f[^>]*>[^<]*</{_TAG}f>)?\s*"
SUSPECT_CELLS = "|".join(
    [
        rf"""{_OPEN}\st\s*=\s*["']b["'][^>]*>""",
        rf"{_OPEN}>\s*<{_TAG}is>\s*<{_TAG}r>",
        rf"{_OPEN}>\s*<{_TAG}is>\s*{MISSING_IN_TEXT}",
        rf"{_OPEN}>\s*{_FORMULA}<{_TAG}v>(?:{_NOT_ERROR})</{_TAG}v>",
        rf"""{_OPEN}\st\s*=\s*["']str["'][^>]*>{_FORMULA}<{_TAG}v>\#N/A</{_TAG}v>""",
    ]
)
""":data:`SUSPECT_CELL`'s matches from their cell's start tag on, which names the cell's column. A match of the
one not within a match of this (a missing word as a phonetic reading, say) makes the finding :data:`ALL`."""
_COLUMN = r"""^<(?:\w+:)?c(?:\s[^>]*?)?\sr\s*=\s*["']([A-Z]{1,3})[1-9]"""
_SST = re.compile(rb"<(\w+:)?sst[\s>/]")


def as_text(data: bytes) -> pl.Series:
    """XML bytes as a polars string (invalid UTF-8 replaced), followed by an empty one: polars holds a series of
    one value as a scalar and copies it at each operation (a 4 MB chunk searched 6 × slower); the empty string
    matches nothing the chunk would not, so searches and extractions over the pair are the chunk's own."""
    try:
        return pl.Series([data, b""], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return pl.Series([data.decode("utf-8", "replace"), ""])


def referring_cells(indices: frozenset[str]) -> str:
    """In sheet XML: a cell showing one of the shared strings ``indices``."""
    return rf"""{_OPEN}\st\s*=\s*["']s["'][^>]*>\s*<{_TAG}v>\s*(?:{"|".join(sorted(indices))})\s*</{_TAG}v>"""


def error_marked(data: bytes) -> bool:
    """Whether sheet XML may hold an error cell: it holds an error cell's type (:data:`_ERROR_MARKS`); without
    one it holds none."""
    return any(mark in data for mark in _ERROR_MARKS)


class CellSearch:
    """The columns of the cells matching ``pattern`` (by default :data:`SUSPECT_CELL`) in sheet XML streamed chunk
    by chunk, each match told by ``cells`` from its cell's start tag on (one pass: a match of ``pattern`` that no
    match of ``cells`` holds makes the finding :data:`ALL`). With ``first_only`` the search stops at the first match,
    its finding :data:`UNKNOWN` (the guard's way: a whole column of ticks costs it nothing more). A match never
    leaves its row, so the row cut between two chunks is searched as it comes together (the end of the one, up to
    the first row end in the next), then the rest of the chunk. The search for suspect cells also notes
    (:data:`ERRORS`) whether the sheet holds an error cell, by a plain byte search of each chunk."""

    def __init__(
        self,
        pattern: str = SUSPECT_CELL,
        cells: str = SUSPECT_CELLS,
        hint: str = _CELL_HINT,
        *,
        first_only: bool = False,
    ) -> None:
        self.pattern, self._hint, self._first_only = pattern, hint, first_only
        self._either = cells if cells == pattern else f"(?:{cells})|(?:{pattern})"
        self.found: set[str] = set()
        self._tail = b""
        self._errors = pattern == SUSPECT_CELL
        self._edge = b""

    @classmethod
    def referring(cls, indices: frozenset[str]) -> CellSearch:
        """A search for the cells showing the shared strings ``indices`` (each found with its column)."""
        pattern = referring_cells(indices)
        return cls(pattern, pattern, rf"(?:{'|'.join(sorted(indices))})\s*</")

    def feed(self, data: bytes, text: pl.Series | None = None) -> None:
        """Search the next chunk; ``text``, if the caller has it, is the same XML (or XML ending with it) as a
        polars string."""
        if self._errors and ERRORS not in self.found:
            if b"#" in data and (error_marked(data) or error_marked(self._edge + data[:3])):
                self.found.add(ERRORS)  # every error value starts with #, a byte sheet XML rarely holds: found first
            self._edge = data[-_ERROR_EDGE:]
        if self._done():
            return
        first = data.find(b"row>")
        if first < 0:
            self._tail += data
            if len(self._tail) > _MAX_CARRY:
                self.found.add(UNKNOWN if self._first_only else ALL)
            return
        seam = self._tail + data[: first + 4]
        self._tail = data[data.rfind(b"row>") + 4 :]
        self._search(as_text(seam))
        if self._first_only:
            self._search(as_text(data) if text is None else text)
        elif text is None or text.str.contains(self._hint).any():
            self._search(as_text(data[first + 4 :]))  # whole rows from their start: each cell's column is in it

    def finish(self) -> None:
        """Search what is left after the last chunk."""
        if self._tail:
            self._search(as_text(self._tail))
        self._tail = b""

    def _done(self) -> bool:
        return ALL in self.found or UNKNOWN in self.found

    def _search(self, text: pl.Series) -> None:
        if self._done() or not text.str.contains(self._hint).any():
            return
        if self._first_only:
            if text.str.contains(self.pattern).any():
                self.found.add(UNKNOWN)
            return
        matches = text.str.extract_all(self._either).explode().drop_nulls()
        columns = matches.str.extract(_COLUMN, 1)
        if columns.null_count():
            self.found.add(ALL)
        elif columns.len():
            self.found.update(columns.unique().to_list())


class StringSearch:
    """The indices of the shared strings that are a missing word, the part streamed chunk by chunk (an item cut
    between two chunks is held until its end comes). The items' tag takes the prefix of the ``sst`` element
    (``<x:si>`` where it is ``<x:sst>``); items it cannot count (an empty ``<si/>``) make the finding :data:`ALL`
    if a missing word is among them."""

    def __init__(self) -> None:
        self.found: set[str] = set()
        self._seen = 0
        self._tail = b""
        self._item: bytes | None = None
        """The item's tag name, prefix included, once the ``sst`` start tag is seen."""

    def feed(self, data: bytes, text: pl.Series | None = None) -> None:  # noqa: ARG002 - a chunk's own text
        """Search the next chunk (``text`` is not used: items are searched whole)."""
        if ALL in self.found:
            return
        data = self._tail + data if self._tail else data
        if self._item is None and (root := _SST.search(data)) is not None:
            self._item = (root.group(1) or b"") + b"si"
        close = b"</" + (self._item or b"si") + b">"
        end = data.rfind(close) + len(close)
        if self._item is None or end < len(close):
            self._tail = data
            if len(data) > _MAX_CARRY:
                self.found.add(ALL)
            return
        whole, self._tail = data[:end], data[end:]
        closed = whole.count(close)
        text = as_text(whole)
        if text.str.contains(_IN_TEXT_HINT).any() and text.str.contains(MISSING_IN_TEXT).any():
            opened = text.str.count_matches(rf"<{re.escape(self._item.decode())}[\s>/]").sum()
            if opened != closed:
                self.found.add(ALL)
                return
            items = text.head(1).str.split(close.decode()).explode().head(closed)
            hits = items.str.contains(MISSING_IN_TEXT).arg_true()
            self.found.update(str(self._seen + i) for i in hits.to_list())
            if len(self.found) > _MAX_INDICES:
                self.found = {ALL}
        self._seen += closed

    def finish(self) -> None:
        """Search what is left after the last item."""
        if self._tail and as_text(self._tail).str.contains(MISSING_IN_TEXT).any():
            self.found.add(ALL)
        self._tail = b""
