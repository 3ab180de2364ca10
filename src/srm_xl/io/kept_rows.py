"""Totals and notes rows a user keeps under a data sheet's table, written back below it when a job rewrites it.

The reader leaves such rows (``合计`` with ``=SUM(E2:E100)``, ``填表人：张三``) out of the data; the job that
writes the sheet again writes them back under its table, which may be longer: as far below the last data row as
they were, each cell as it was (its style, its shared string, its formula) under the same header (moved with its
column where the job writes the columns in another order), the row's first cell (its label) still its first.
A formula's references follow: a range that reached the last data row reaches the new last one, a reference to
a kept row follows that row, the rest follow the header; it is written without its cached value (the book
recalculates on opening). A formula filled right (a shared formula) stays one where no column moves; else each of
its cells keeps its value. Merged cells within the kept rows stay merged where their columns stay side by side.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from srm_xl.io.draft import KeptRows
from srm_xl.io.page import cell_position
from srm_xl.issues import column_letter

_ROW_START = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\r", b"\n")
"""What follows an element's name in its start tag."""
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"')
_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)(?:</row\s*>|$))", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c\s*>)", re.S)
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f\s*>)", re.S)
_VALUE = re.compile(r"<v>.*?</v>|<v/>", re.S)
_AT = re.compile(r'\s*\br="[^"]*"')
_SPANS = re.compile(r'\s*\bspans="[^"]*"')
_SHARED = re.compile(r'\bsi="(\d+)"')
_RANGE = re.compile(r'\bref="([A-Z]+\d+)(?::([A-Z]+\d+))?"')
_REFERENCE = re.compile(
    r"(?<![A-Za-z0-9_.!$':\]])(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?(?![A-Za-z0-9_(!\[])"
)
"""A cell or range of this sheet in a formula (not one of another sheet, a function name like LOG10, or a name)."""


def rows_below(xml: bytes, rows: Collection[int]) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """The XML of each of ``rows`` (all below the sheet's data) and the merged areas among them, found by going
    back from the end of the sheet's data (never a pass over the whole sheet, but where rows are written without
    their number, valid XML: each then follows the row before it, back to one that has its number)."""
    wanted, found = set(rows), {}
    end = pos = xml.rfind(b"</sheetData>")
    unnumbered: list[tuple[int, int]] = []
    while wanted and pos > 0:
        start = _row_start(xml, pos)
        row = _ROW_START.match(xml, start) if start >= 0 else None
        if start >= 0 and row is None:
            unnumbered.append((start, pos))
            pos = start
            continue
        anchor = int(row[1]) if row is not None else 0
        for offset, (first, last) in enumerate(reversed(unnumbered), start=1):
            if anchor + offset in wanted:
                found[anchor + offset] = xml[first:last].decode("utf-8", "replace")
        unnumbered = []
        if row is None or anchor < min(wanted):
            break
        if anchor in wanted:
            found[anchor] = xml[start:pos].decode("utf-8", "replace")
        pos = start
    merges = [(a.decode(), b.decode()) for a, b in _MERGE.findall(xml, max(end, 0))]
    inside = [(a, b) for a, b in merges if cell_position(a)[1] in found and cell_position(b)[1] in found]
    return found, inside


def _row_start(xml: bytes, pos: int) -> int:
    """Where the last row element starting before ``pos`` starts (``<row r="9">``, ``<row>``), or -1."""
    start = xml.rfind(b"<row", 0, pos)
    while start >= 0 and xml[start + 4 : start + 5] not in _AFTER_NAME:
        start = xml.rfind(b"<row", 0, start)
    return start


@dataclass(frozen=True)
class Moves:
    """Where things go: the header row and last data row as they were and as written, and each column's new
    position (0-based; a column not given goes after the ``width`` columns written)."""

    header: tuple[int, int]
    last: tuple[int, int]
    columns: Mapping[int, int]
    width: int
    unplaced: dict[int, int] = field(default_factory=dict)

    def row(self, row: int, *, end: bool = False) -> int:
        """A row's new number: below the data it follows the last data row (so does a range's end reaching the
        last data row), above it the header."""
        (old_header, new_header), (old_last, new_last) = self.header, self.last
        if row > old_last or (end and row == old_last):
            return row + new_last - old_last
        return max(1, row + new_header - old_header)

    def column(self, column: int) -> int:
        if column in self.columns:
            return self.columns[column]
        return self.unplaced.setdefault(column, self.width + len(self.unplaced))

    def still(self, columns: Collection[int]) -> bool:
        """Whether none of ``columns`` moves."""
        return all(self.column(c) == c for c in columns)


def kept_rows(rows: Mapping[int, str], merges: list[tuple[str, str]], moves: Moves) -> KeptRows | None:
    """``rows`` (row number → its XML as it was) written where ``moves`` puts them, with the merged areas among
    them; ``None`` when there are none."""
    if not rows:
        return None
    parts = {r: _row_parts(xml) for r, xml in rows.items()}
    cells = {r: _cells(content) for r, (_, content) in parts.items()}
    totals = {r for r, row in cells.items() if any(_counted(body, rest) for _, body, rest in row)}
    used = {_column(p[0]) for r in totals for p in cells[r]}
    for formula in (_FORMULA.search(p[1]) for r in totals for p in cells[r]):
        for found in _REFERENCE.finditer(_unescaped(formula[2] or "") if formula else ""):
            used |= {_index(found[2]), *([_index(found[6])] if found[6] else [])}
    for column in sorted(used):
        moves.column(column)
    still = moves.still(used)
    masters = {s for row in cells.values() for _, body, _ in row if (s := _master(body)) is not None}
    written, formulas = [], False
    for number in sorted(rows):
        attributes = _SPANS.sub("", _AT.sub("", parts[number][0]))
        column = moves.column if number in totals else int
        placed = _placed([(column(_column(at)), at, body, rest) for at, body, rest in cells[number]])
        text = ""
        for column, _, body, rest in placed:
            body = _moved_body(body, moves, still, masters)
            formulas = formulas or "<f" in body
            ref = f"{column_letter(column)}{moves.row(number)}"
            text += f'<c r="{ref}"{rest}' + (f">{body}</c>" if body else "/>")
        written.append(f'<row r="{moves.row(number)}"{attributes}>{text}</row>')
    return KeptRows("".join(written), moves.row(max(rows)), _merges(merges, moves, totals), formulas)


def _row_parts(xml: str) -> tuple[str, str]:
    """A row's attributes and its content (none when its start tag is broken)."""
    row = _ROW.match(xml)
    return ("", "") if row is None else (row[1], row[2] or "")


def _cells(row: str) -> list[tuple[str, str, str]]:
    """Each cell of a row's content: its reference, its content, and its other attributes. A cell written without
    its reference (valid XML) is in the column after the cell before it."""
    cells, column = [], -1
    for cell in _CELL.finditer(row):
        attributes = cell[1]
        at = re.search(r'\br="([A-Z]+\d+)"', attributes)
        column = _column(at[1]) if at else column + 1
        cells.append((f"{column_letter(column)}1", cell[2] or "", _AT.sub("", attributes)))
    return cells


def _counted(body: str, attributes: str) -> bool:
    """Whether a cell holds a formula or a number: its row (a totals row) has its cells follow their columns; a
    row of text alone (notes: 填表人：张三　审核：李四) stays as it was laid out."""
    kind = re.search(r'\bt="(\w+)"', attributes)
    return "<f" in body or ("<v>" in body and (kind is None or kind[1] == "n"))


def _column(ref: str) -> int:
    return cell_position(ref)[0]


def _index(letters: str) -> int:
    return _column(f"{letters}1")


def _placed(cells: list[tuple[int, str, str, str]]) -> list[tuple[int, str, str, str]]:
    """The row's cells in their new columns, in column order; its first filled cell (a label: 合计, 填表人) stays
    first, in column A (in place of a blank cell there) when no other filled cell is there."""
    filled = [c for c in cells if c[2]]
    if filled and any(c[0] < filled[0][0] for c in filled[1:]) and all(c[0] != 0 for c in filled):
        cells = [(0, *c[1:]) if c is filled[0] else c for c in cells if c is filled[0] or c[0] != 0]
    return sorted(cells, key=lambda c: c[0])


def _master(body: str) -> str | None:
    """The shared formula group whose formula this cell holds."""
    formula = _FORMULA.search(body)
    if formula is None or 't="shared"' not in formula[1] or formula[2] is None:
        return None
    group = _SHARED.search(formula[1])
    return group[1] if group else None


def _moved_body(body: str, moves: Moves, still: bool, masters: set[str]) -> str:
    """A cell's content where it is written: its formula's references moved, without the cached value; a shared
    formula whose group is not all here (or whose columns move) as its cached value only."""
    formula = _FORMULA.search(body)
    if formula is None:
        return body
    if 't="shared"' in formula[1]:
        group = _SHARED.search(formula[1])
        if not still or group is None or group[1] not in masters:
            return _FORMULA.sub("", body, count=1)
    attributes = _RANGE.sub(lambda m: f'ref="{_moved_range(m, moves)}"', formula[1])
    if formula[2] is None:
        return f"<f{attributes}/>"
    return f"<f{attributes}>{_escaped(_moved_formula(_unescaped(formula[2]), moves))}</f>"


def _moved_range(found: re.Match[str], moves: Moves) -> str:
    first = _moved_cell(found[1], moves)
    return first if found[2] is None else f"{first}:{_moved_cell(found[2], moves)}"


def _moved_cell(ref: str, moves: Moves) -> str:
    column, row = cell_position(ref)
    return f"{column_letter(moves.column(column))}{moves.row(row)}"


def _moved_formula(text: str, moves: Moves) -> str:
    """A formula's references to this sheet moved (text in quotes left as it is)."""
    parts = text.split('"')
    return '"'.join(
        part if i % 2 else _REFERENCE.sub(lambda m: _moved_reference(m, moves), part) for i, part in enumerate(parts)
    )


def _moved_reference(found: re.Match[str], moves: Moves) -> str:
    first = _reference(found[1], found[2], found[3], int(found[4]), moves, end=False)
    if found[8] is None:
        return first
    return f"{first}:{_reference(found[5], found[6], found[7], int(found[8]), moves, end=True)}"


def _reference(fixed_column: str, letters: str, fixed_row: str, row: int, moves: Moves, *, end: bool) -> str:
    column = column_letter(moves.column(_index(letters)))
    return f"{fixed_column}{column}{fixed_row}{moves.row(row, end=end)}"


def _merges(merges: list[tuple[str, str]], moves: Moves, totals: Collection[int]) -> list[str]:
    """The merged areas written where their cells go, those whose columns no longer sit side by side left out."""
    kept = []
    for first, last in merges:
        (c1, r1), (c2, r2) = cell_position(first), cell_position(last)
        follow = any(r in totals for r in range(r1, r2 + 1))
        columns = [moves.column(c) if follow else c for c in range(c1, c2 + 1)]
        if columns == list(range(columns[0], columns[0] + len(columns))):
            kept.append(f"{column_letter(columns[0])}{moves.row(r1)}:{column_letter(columns[-1])}{moves.row(r2)}")
    return kept


def _unescaped(text: str) -> str:
    """A formula as its XML holds it, read: entities and character references (openpyxl writes 供应商名录 and
    "拒收" as ``&#20379;…``) turned into their characters."""
    return html.unescape(text)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
