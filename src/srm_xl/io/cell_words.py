"""Cells a typed read would not read as their text: TRUE/FALSE among numbers, and pandas' missing words.

fastexcel, typing a column of numbers, turns a TRUE or FALSE into 1 or 0 and reads the words pandas takes for
"missing" (``N/A``, ``NULL``, ``nan`` …) as no value, where the text read reports each. The patterns here find
such cells in a sheet's XML (and missing words in the shared strings), so that a sheet holding any is read as
text (:mod:`srm_xl.io.typed_read`). They run in Rust (polars) over text already inflated, by the guard as it
streams a package, or by the reader when the guard did not see the part.
"""

from __future__ import annotations

import html

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


def as_text(data: bytes) -> pl.Series:
    """XML bytes as a polars string (invalid UTF-8 replaced), followed by an empty one: polars holds a series of
    one value as a scalar and copies it at each operation (a 4 MB chunk searched 6 × slower); the empty string
    matches nothing the chunk would not, so searches and extractions over the pair are the chunk's own."""
    try:
        return pl.Series([data, b""], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return pl.Series([data.decode("utf-8", "replace"), ""])


class Search:
    """Whether ``pattern`` occurs in XML streamed chunk by chunk. A match never leaves its ``unit`` element (``row``
    in sheets, ``si`` in shared strings), so each chunk is searched whole and the unit cut between two chunks is
    searched once more as it comes together (the end of the one, up to the first unit end in the next)."""

    def __init__(self, pattern: str, unit: str = "row") -> None:
        self.pattern = pattern
        self.hit = False
        self._hint = _IN_TEXT_HINT if pattern == MISSING_IN_TEXT else _CELL_HINT
        self._end = f"{unit}>".encode()
        self._tail = b""

    def feed(self, data: bytes, text: pl.Series | None = None) -> None:
        """Search the next chunk; ``text``, if the caller has it, is the same XML (or XML ending with it) as a
        polars string."""
        if self.hit:
            return
        first = data.find(self._end)
        if first < 0:
            self._tail += data
            self.hit = len(self._tail) > _MAX_CARRY
            return
        seam = self._tail + data[: first + len(self._end)]
        self._tail = data[data.rfind(self._end) + len(self._end) :]
        self.hit = self._found(as_text(seam)) or self._found(as_text(data) if text is None else text)

    def finish(self) -> None:
        """Search what is left after the last chunk."""
        if not self.hit and self._tail:
            self.hit = self._found(as_text(self._tail))
        self._tail = b""

    def _found(self, text: pl.Series) -> bool:
        return bool(text.str.contains(self._hint).any() and text.str.contains(self.pattern).any())
