"""The top rows of a sheet as text, read straight from the package without parsing the whole sheet.

A partial read needs the header before it can ask fastexcel for a few columns, and fastexcel parses the whole
sheet even for ``n_rows=30``. Streaming the sheet part until the first rows are complete, then the shared
strings only as far as those rows refer, costs milliseconds on a million-row log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import polars as pl

from srm_xl.io.package import Package

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.DOTALL)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR = re.compile(rb'\b(r|t|s)="([^"]*)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)
_SI = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*/>", re.DOTALL)
_ITEM_END = re.compile(rb"</(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*/>")
_CHUNK = 1 << 16
_STRINGS_CHUNK = 1 << 20
LIMIT = 16 << 20
"""Most bytes read from a part before giving up on a peek (the caller then reads the whole sheet)."""


def _text(fragment: bytes) -> str:
    """The visible text of a string item: its ``<t>`` runs, phonetic guides left out."""
    return unescape(b"".join(_TEXT.findall(_PHONETIC.sub(b"", fragment))).decode("utf-8"))


def _letters_to_index(ref: bytes) -> int:
    index = 0
    for char in ref:
        if 65 <= char <= 90:
            index = index * 26 + char - 64
        else:
            break
    return index - 1


def _head(package: Package, part: str, rows: int) -> bytes:
    """The sheet part up to the end of row ``rows`` (or of the sheet data)."""
    data = b""
    with package.open_stream(part) as stream:
        while len(data) < LIMIT:
            chunk = stream.read(_CHUNK)
            data += chunk
            if not chunk or b"</sheetData>" in data[-_CHUNK - 16 :] or _past(data, rows):
                return data
    raise ValueError("header rows too large to peek")


def _past(data: bytes, rows: int) -> bool:
    numbers = re.findall(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"', data[-_CHUNK * 2 :])
    return bool(numbers) and int(numbers[-1]) > rows


def _shared(package: Package, part: str | None, wanted: set[int]) -> dict[int, str]:
    """The shared strings numbered in ``wanted``, streamed only as far as the last of them. Items are counted
    in C (``bytes.count``, ``bytes.split``) and only the wanted items are parsed, so a header whose words sit
    after a million lot numbers costs a tenth of a second and a megabyte of memory."""
    if part is None or not wanted:
        return {}
    found: dict[int, str] = {}
    first, last = 0, max(wanted)
    data = b""
    with package.open_stream(part) as stream:
        while first <= last:
            chunk = stream.read(_STRINGS_CHUNK)
            data += chunk
            plain = b"si/>" not in data and b":si>" not in data
            if plain:
                at = data.rfind(b"</si>")
                cut = at + 5 if at >= 0 else 0
            else:
                ends = [m.end() for m in _ITEM_END.finditer(data)]
                cut = ends[-1] if ends else 0
            complete, data = data[:cut], data[cut:]
            count = complete.count(b"</si>") if plain else len(ends)
            here = [i for i in wanted if first <= i < first + count]
            if here and plain:
                pieces = complete.split(b"</si>")
                found.update((i, _text(pieces[i - first])) for i in here)
            elif here:
                items = [_text(m.group(1) or b"") for m in _SI.finditer(complete)]
                found.update((i, items[i - first]) for i in here if i - first < len(items))
            first += count
            if not chunk:
                break
    return found


def _each_cell(package: Package, part: str, rows: int) -> Iterator[tuple[int, int, dict[bytes, bytes], bytes]]:
    """The cells of the first ``rows`` rows of the sheet in ``part``: 0-based row and column, the cell's ``r``,
    ``t`` and ``s`` attributes and its body."""
    row_number = 0
    for row in _ROW.finditer(_head(package, part, rows)):
        attrs = dict(_ATTR.findall(row.group(1)))
        row_number = int(attrs[b"r"]) if b"r" in attrs else row_number + 1
        if row_number > rows:
            break
        column = -1
        for cell in _CELL.finditer(row.group(2) or b""):
            cell_attrs = dict(_ATTR.findall(cell.group(1)))
            column = _letters_to_index(cell_attrs[b"r"]) if b"r" in cell_attrs else column + 1
            yield row_number - 1, column, cell_attrs, cell.group(2) or b""


def _cells(package: Package, part: str, rows: int) -> dict[tuple[int, int], tuple[bytes, bytes]]:
    """The cells of the first ``rows`` rows of the sheet in ``part``: (row, column) → (type, body)."""
    return {
        (row, column): (attrs.get(b"t", b"n"), body) for row, column, attrs, body in _each_cell(package, part, rows)
    }


def cell_styles(package: Package, part: str, rows: int) -> dict[tuple[int, int], int]:
    """The cell format (its index among the book's ``cellXfs``) of each cell of the first ``rows`` rows of the
    sheet in ``part`` that has one other than the default: (0-based row, column) → index."""
    return {
        (row, column): int(style)
        for row, column, attrs, _ in _each_cell(package, part, rows)
        if (style := attrs.get(b"s", b"0")).isdigit() and style != b"0"
    }


def _shared_needed(cells: dict[tuple[int, int], tuple[bytes, bytes]]) -> set[int]:
    return {int(v.group(1)) for t, body in cells.values() if t == b"s" and (v := _VALUE.search(body))}


def _frame(cells: dict[tuple[int, int], tuple[bytes, bytes]], shared: dict[int, str]) -> tuple[pl.DataFrame, list[int]]:
    width = max((c for _, c in cells), default=-1) + 1
    height = max((r for r, _ in cells), default=-1) + 1
    grid: list[list[str | None]] = [[None] * height for _ in range(width)]
    for (r, c), (kind, body) in cells.items():
        value = _VALUE.search(body)
        if kind == b"s":
            text = shared.get(int(value.group(1))) if value else None
        elif kind == b"inlineStr":
            text = _text(body)
        else:
            text = unescape(value.group(1).decode("utf-8")) if value else None
        grid[c][r] = text if text != "" else None
    frame = pl.DataFrame({f"c{c}": pl.Series(column, dtype=pl.String) for c, column in enumerate(grid)})
    return frame, list(range(width))


def peek_sheets(
    package: Package, parts: dict[str, str], shared_part: str | None, rows: int
) -> dict[str, tuple[pl.DataFrame, list[int]]]:
    """The first ``rows`` rows of each sheet (name → part) as text (frame row i = Excel row i+1) and the column
    positions. The shared strings are streamed once for all sheets (a header written after a million lot
    numbers is found in one pass, not one pass per sheet). A sheet whose top cannot be peeked is left out."""
    heads: dict[str, dict[tuple[int, int], tuple[bytes, bytes]]] = {}
    for name, part in parts.items():
        try:
            heads[name] = _cells(package, part, rows)
        except (ValueError, KeyError, IndexError):
            continue
    shared = _shared(package, shared_part, set().union(*map(_shared_needed, heads.values())))
    return {name: _frame(cells, shared) for name, cells in heads.items()}
