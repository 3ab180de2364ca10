"""Checks on XML parts as they stream out of a package: DTDs, sheet ranges and cell references, shared strings.

Sheet XML is scanned, not parsed: Rust regular expressions (through polars) pick out the ``r`` attributes of rows
and cells batch by batch. A part allowed to span 999,999 rows × ``_BASE_COLS`` cells anyway (about 24 MB of XML
and more, under Excel's limits) has only the references extracted that could stretch its range beyond that (a
column past ``CQ``, a seven-digit row, unusual syntax, anything malformed): a log 31 columns wide has none of its
references extracted. Any part is allowed 99,999 rows of those columns, so a smaller one has only the references
extracted past them (a six-digit row too): a month's log has none. Parts under row/column limits tighter than
these have every reference extracted. A part whose range, so bounded, would exceed its allowance is scanned
again, exactly, before it is refused. Each batch is scanned in a worker thread while the next one inflates.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NoReturn
from xml.parsers import expat

import defusedxml.ElementTree as DET
import polars as pl
from defusedxml import DefusedXmlException

from srm_xl.errors import UnsafeFileError
from srm_xl.io.cell_words import CellSearch, as_text
from srm_xl.io.guard_limits import Limits

HEAD_BYTES = 64 * 1024
"""How much of the shared strings part holds its ``<sst count uniqueCount>`` head."""
_BASE_COLS = 95
"""Columns ``A`` to ``CQ``: Excel's 1,048,576 rows of them stay within the cells a large sheet may span, and
99,999 rows of them within what any sheet may (:attr:`Limits.sparse_cells`)."""
_ROW_DIGITS = (6, 5)
"""Digits of the row numbers a bounded scan takes as given (rows up to 999,999 or 99,999), the most first."""

_WS = r"[ \t\r\n]"
_LONG = 24
"""A reference value this long is malformed (``XFD1048576`` has 10 characters); its start alone is enough."""
_ANY_REF = rf"""{_WS}r{_WS}*={_WS}*(?:"[^"]{{0,{_LONG - 1}}}"|'[^']{{0,{_LONG - 1}}}'|["'][^"']{{{_LONG}}})"""
_BEYOND_BASE = r"[A-Z]{3}|[D-Z][A-Z]|C[R-Z]"
"""Column letters past ``CQ`` (the 95th column, :data:`_BASE_COLS`)."""


def _wide_ref(digits: int) -> str:
    """The references a bounded scan extracts: a column past ``CQ``, a row of more than ``digits`` digits, unusual
    syntax, anything malformed."""
    return (
        rf"""{_WS}r(?:="(?:[^A-Z1-9"]|[A-Z][^A-Z1-9"]|{_BEYOND_BASE}|[A-Z]{{2}}[^A-Z1-9]"""
        rf"""|[A-Z]{{0,2}}[1-9]\d{{0,{digits - 1}}}[^\d"]|[A-Z]{{0,2}}[1-9]\d{{{digits}}})"""
        rf"""(?:[^"]{{0,{_LONG - 2}}}"|[^"]{{{_LONG - 1}}})"""
        rf"""|="[A-Z]{{0,2}}"|{_WS}*={_WS}*'(?:[^']{{0,{_LONG - 1}}}'|[^']{{{_LONG}}})"""
        rf"""|(?:{_WS}+={_WS}*|={_WS}+)"(?:[^"]{{0,{_LONG - 1}}}"|[^"]{{{_LONG}}}))"""
    )


_WIDE_REFS = {digits: _wide_ref(digits) for digits in _ROW_DIGITS}


def _row_digits(limits: Limits, allowed: int) -> int | None:
    """The most row digits (:data:`_ROW_DIGITS`) a bounded scan of a part allowed ``allowed`` cells may take as
    given — all those rows, by :data:`_BASE_COLS` columns, within the limits and the allowance (six for a large
    part, five for any part under Excel's limits: a month's log of 4 MB) — or ``None``: scanned exactly."""
    if limits.max_cols < _BASE_COLS:
        return None
    spans = ((digits, 10**digits - 1) for digits in _ROW_DIGITS)
    return next((d for d, rows in spans if limits.max_rows >= rows and allowed >= rows * _BASE_COLS), None)


_VALID_REF = r"^[A-Z]{0,3}[1-9][0-9]{0,6}$"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_DIMENSION = re.compile(rb"""<dimension[ \t\r\n][^>]*?ref[ \t\r\n]*=[ \t\r\n]*["']([^"']*)""")
_SHEET_DATA = b"<sheetData"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
_SST = re.compile(rb"<sst[ \t\r\n][^>]*>")
_SST_ATTR = re.compile(rb"""(count|uniqueCount)[ \t\r\n]*=[ \t\r\n]*["']([^"']*)""")
_PROLOGUE_KEEP = 1024 * 1024
_MIN_SI_BYTES = 4
_MIN_CELL_BYTES = 8
_COUNT_FLOOR = 10_000


def column_number(letters: str) -> int:
    """``"A"`` → 1, ``"XFD"`` → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


class Prologue:
    """Refuses XML that is not UTF-8 and a DOCTYPE or ENTITY declaration before the root element."""

    def __init__(self, file: str, part: str) -> None:
        self.file, self.part = file, part
        self.done = False
        self._text = b""

    def feed(self, data: bytes) -> None:
        if self.done:
            return
        if not self._text:
            start = data[:_PROLOGUE_KEEP].removeprefix(b"\xef\xbb\xbf").lstrip()
            if start and not start.startswith(b"<"):
                raise UnsafeFileError("guard_xml_bad", file=self.file, part=self.part, reason="not UTF-8 XML")
        self._text = (self._text + data)[-_PROLOGUE_KEEP:]
        root = _ROOT.search(self._text)
        if _DTD.search(self._text, 0, root.start() if root else len(self._text)):
            raise UnsafeFileError("guard_xml_dtd", file=self.file, part=self.part)
        self.done = root is not None


class WellFormed:
    """Parses a part as it streams, keeping nothing (expat as ElementTree sets it up, without handlers): refuses XML
    that does not parse, unbound namespace prefixes included.
    DTDs never reach it (:class:`Prologue` refuses them first)."""

    def __init__(self, file: str, part: str) -> None:
        self.file, self.part = file, part
        self._parser = expat.ParserCreate(namespace_separator="}")

    def feed(self, data: bytes) -> None:
        self._parse(data, final=False)

    def finish(self) -> None:
        self._parse(b"", final=True)

    def _parse(self, data: bytes, *, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as exc:
            raise UnsafeFileError(
                "guard_xml_bad",
                file=self.file,
                part=self.part,
                reason=expat.ErrorString(exc.code) if exc.code else "malformed",
            ) from None
        except (LookupError, ValueError) as exc:
            raise UnsafeFileError("guard_xml_bad", file=self.file, part=self.part, reason=str(exc)[:200]) from None


def parse(file: str, part: str, data: bytes) -> ET.Element:
    """A small part parsed with DTDs, entities and external references forbidden."""
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnsafeFileError("guard_xml_dtd", file=file, part=part) from None
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise UnsafeFileError("guard_xml_bad", file=file, part=part, reason=str(exc)[:200]) from None


class SheetScan:
    """Streams one worksheet part: its declared dimension and every row/cell reference, within ``limits``. A
    large part whose assumed bounds come out too large (:attr:`inexact`) is to be streamed again ``exact``."""

    def __init__(
        self, file: str, part: str, size: int, limits: Limits, pool: ThreadPoolExecutor, *, exact: bool = False
    ) -> None:
        self.file, self.part, self.size, self.limits = file, part, size, limits
        self.allowed = min(limits.max_cells, max(limits.sparse_cells, limits.cells_per_byte * size))
        digits = None if exact else _row_digits(limits, self.allowed)
        self.exact = exact = digits is None
        self._pattern = _ANY_REF if digits is None else _WIDE_REFS[digits]
        self.max_row = 0 if digits is None else 10**digits - 1
        self.max_col = 0 if exact else _BASE_COLS
        self.min_row = self.min_col = limits.max_rows + limits.max_cols if exact else 1
        self._in_header = True
        self._pool = pool
        self._pending: Future[None] | None = None
        self._carry = b""
        self.inexact = False
        """Whether the range, its rows taken as up to the bounded scan's (:data:`_ROW_DIGITS`), exceeds the limit: only an exact scan
        tells (a sheet of 25 MB or more, wider than the bound, with fewer rows than assumed)."""
        self.cells = CellSearch(first_only=True)
        """Whether the sheet holds cells a typed read would not read as their text (:mod:`~srm_xl.io.cell_words`;
        their columns are left to the reader)."""

    def feed(self, data: bytes) -> None:
        """Scan ``data`` with the unfinished tag before it; a value cut at the end is matched in the next call."""
        text = self._carry + data if self._carry else data
        end = text.rfind(b">") + 1
        self._carry = text[end:] if end else text[-_LONG:]
        if self._in_header:
            self._header(text[: end or len(text)])
        self._wait()
        self._pending = self._pool.submit(self._scan, text, data)

    def finish(self) -> None:
        self._wait()
        self.cells.finish()
        if self.max_row and self.max_col:
            cells = (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)
            self.inexact = not self.exact and cells > self.allowed
            if not self.inexact:
                self._check_area(cells, f"{_ref(self.min_row, self.min_col)}:{_ref(self.max_row, self.max_col)}")

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def _header(self, text: bytes) -> None:
        end = text.find(_SHEET_DATA)
        self._in_header = end < 0
        for match in _DIMENSION.finditer(text, 0, len(text) if end < 0 else end):
            self._dimension(match.group(1).decode("ascii", "replace"))

    def _dimension(self, ref: str) -> None:
        corners = [_CELL.fullmatch(corner) for corner in ref.split(":")]
        if not 1 <= len(corners) <= 2 or not all(corners):
            raise UnsafeFileError("guard_dimension_bad", file=self.file, part=self.part, ref=ref)
        rows = [int(m.group(2)) for m in corners if m]
        cols = [column_number(m.group(1)) for m in corners if m]
        if max(rows) > self.limits.max_rows or max(cols) > self.limits.max_cols:
            self._beyond(ref)
        self._check_area((max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1), ref)

    def _scan(self, text: bytes, data: bytes) -> None:
        series = as_text(text)
        self.cells.feed(data, series)
        found = series.str.extract_all(self._pattern).explode().drop_nulls()
        if found.is_empty():
            return
        # each match is r, white space, =, white space, a quote and the value up to the next quote of either kind
        values = found.str.replace_all("'", '"', literal=True).str.split_exact('"', 2).struct.field("field_1")
        bad = values.filter(~values.str.contains(_VALID_REF))
        if not bad.is_empty():
            raise UnsafeFileError("guard_cell_ref_bad", file=self.file, part=self.part, ref=bad[0][:40])
        rows = values.str.strip_chars_start(_LETTERS).cast(pl.Int64)  # valid: letters, then digits
        letters = values.str.strip_chars_end(_DIGITS)
        max_row, min_row = rows.max(), rows.min()
        assert isinstance(max_row, int) and isinstance(min_row, int)
        columns = sorted((s for s in letters.unique().to_list() if s), key=lambda s: (len(s), s)) or [""]
        farthest = columns[-1]
        if max_row > self.limits.max_rows:
            self._beyond(values.filter(rows == max_row)[0])
        if column_number(farthest) > self.limits.max_cols:
            self._beyond(values.filter(letters == farthest)[0])
        self.max_row, self.min_row = max(self.max_row, max_row), min(self.min_row, min_row)
        self.max_col = max(self.max_col, column_number(farthest))
        if columns[0]:
            self.min_col = min(self.min_col, column_number(columns[0]))

    def _beyond(self, ref: str) -> NoReturn:
        raise UnsafeFileError(
            "guard_cell_beyond_limit",
            file=self.file,
            part=self.part,
            ref=ref,
            max_rows=self.limits.max_rows,
            max_cols=self.limits.max_cols,
        )

    def _check_area(self, cells: int, ref: str) -> None:
        if cells > self.allowed:
            raise UnsafeFileError(
                "guard_dimension_size",
                file=self.file,
                part=self.part,
                ref=ref,
                cells=cells,
                size_kb=max(1, self.size // 1024),
                limit=self.allowed,
            )


def _ref(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


class SharedStringsHead:
    """Refuses ``count`` / ``uniqueCount`` out of proportion to the data (readers reserve memory from them)."""

    def __init__(self, file: str, part: str, size: int, sheet_bytes: int) -> None:
        self.file, self.part, self.size = file, part, size
        self._limits = {
            b"uniqueCount": max(_COUNT_FLOOR, size // _MIN_SI_BYTES),
            b"count": max(_COUNT_FLOOR, sheet_bytes // _MIN_CELL_BYTES),
        }
        self._head = b""
        self.done = False

    def feed(self, data: bytes) -> None:
        if self.done:
            return
        self._head = (self._head + data)[:HEAD_BYTES]
        match = _SST.search(self._head)
        if match is None and len(self._head) < HEAD_BYTES:
            return
        self.done = True
        for name, value in _SST_ATTR.findall(match.group(0) if match else b""):
            limit = self._limits[name]
            if not value.isdigit() or int(value) > limit:
                raise UnsafeFileError(
                    "guard_shared_strings",
                    file=self.file,
                    part=self.part,
                    attribute=name.decode(),
                    value=value[:20].decode("ascii", "replace"),
                    size_kb=max(1, self.size // 1024),
                    limit=limit,
                )
