"""Finding the header row of a sheet and mapping its headers to a spec's columns.

Users' sheets have title rows, blank rows and notes above the header, and name columns with synonyms in
Chinese or English, in full width, with spaces or units. The header row is the one among the first rows
that matches most of the spec's columns; each header maps to the column whose aliases it equals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from srm_xl.schema import SheetSpec, normalise_label

SCAN_ROWS = 30
"""How many rows from the top are searched for the header row."""


@dataclass(frozen=True)
class HeaderMap:
    """Where the header is (0-based row index in the scanned rows) and which sheet column holds which key."""

    row: int
    columns: dict[str, int]
    extras: dict[int, str] = field(default_factory=dict)
    duplicates: dict[int, str] = field(default_factory=dict)
    headers: tuple[str, ...] = ()

    @property
    def score(self) -> int:
        return len(self.columns)


def _alias_index(spec: SheetSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in spec.columns:
        for alias in column.aliases():
            index.setdefault(normalise_label(alias), column.key)
    return index


_PARTS = re.compile(r"[\n\r/|／]+|[(（\[【]([^)）\]】]*)[)）\]】]")


def readings(label: str) -> list[str]:
    """What a header cell may mean, best first: the whole text, then its parts — ``数量(pcs)`` → ``数量``;
    bilingual headers such as ``批号\nLot No.``, ``供应商代码/Supplier code`` or ``批号(Lot No.)`` → each half."""
    parts = [label]
    inside = [m.group(1) for m in _PARTS.finditer(label) if m.group(1)]
    parts += [p for p in _PARTS.sub("\n", label).split("\n") if p.strip()] + inside
    return parts


def map_headers(cells: Sequence[object], spec: SheetSpec, row: int = 0) -> HeaderMap:
    """Map one row of header cells to ``spec``'s columns; unknown headers are kept as extras."""
    index = _alias_index(spec)
    columns: dict[str, int] = {}
    extras: dict[int, str] = {}
    duplicates: dict[int, str] = {}
    headers = tuple("" if c is None else str(c).strip() for c in cells)
    for position, header in enumerate(headers):
        if not header:
            continue
        key = next((index[n] for n in map(normalise_label, readings(header)) if n in index), None)
        if key is None:
            extras[position] = header
        elif key in columns:
            duplicates[position] = header
        else:
            columns[key] = position
    return HeaderMap(row, columns, extras, duplicates, headers)


def find_header(rows: Sequence[Sequence[object]], spec: SheetSpec) -> HeaderMap | None:
    """The best header row among ``rows`` (the top of a sheet), or None if no row looks like a header.

    A row qualifies when it maps at least two columns (one for one-column specs) and more than a third of
    its non-empty cells; ties go to the upper row.
    """
    best: HeaderMap | None = None
    needed = min(2, len(spec.columns))
    for position, cells in enumerate(rows[:SCAN_ROWS]):
        candidate = map_headers(cells, spec, position)
        filled = sum(1 for h in candidate.headers if h)
        if candidate.score < needed or candidate.score * 3 <= filled:
            continue
        if best is None or candidate.score > best.score:
            best = candidate
    return best
