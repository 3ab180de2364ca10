"""Finding the header row of a sheet and mapping its headers to a spec's columns.

Users' sheets have title rows, blank rows and notes above the header, and name columns with synonyms in
Chinese or English, in full width, with spaces or units. The header row is the one among the first rows
that matches most of the spec's columns; each header maps to the column whose aliases it equals, or that the
workbook's column map (or ``--map``) names. When two headers claim one column, the closer alias wins (供应商编码
over 供应商名称); the other is kept as an extra column. An extra header that resembles a column is suggested.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from srm_xl.schema import SheetSpec, normalise_label

SCAN_ROWS = 30
"""How many rows from the top are searched for the header row."""
_OWN = 3
"""Alias ranks up to this are a column's own names (key, zh, en); synonyms rank after."""


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


def _alias_index(spec: SheetSpec, learned: Mapping[str, str] | None = None) -> dict[str, tuple[str, int]]:
    """Folded header → (column key, rank): a learned mapping ranks first, then each column's own key, zh and en
    headers, then synonyms in order. A header that is one column's own name and another's synonym (供应商名称) is
    the first column's. Built once per spec and learned headers (a file's sheets are each matched against every
    spec); read, never changed."""
    return _built_index(spec, tuple(sorted((learned or {}).items())))


@functools.lru_cache(maxsize=256)
def _built_index(spec: SheetSpec, learned: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for column in spec.columns:
        for rank, alias in enumerate(column.aliases(), start=1):
            folded = normalise_label(alias)
            if folded not in index or rank <= _OWN < index[folded][1]:
                index[folded] = (column.key, rank)
    for header, key in learned:
        if key in spec.by_key:
            index[header] = (key, 0)
    return index


def known_column(spec: SheetSpec, header: str) -> str | None:
    """The key of the column of ``spec`` that ``header`` names by the spec's own names and synonyms, if any."""
    found = _alias_index(spec).get(normalise_label(header))
    return found[0] if found else None


_PARTS = re.compile(r"[\n\r/|／]+|[(（\[【]([^)）\]】]*)[)）\]】]")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LANGUAGES_MEET = re.compile(rf"(?<=[{_CJK}])\s+(?=[A-Za-z])|(?<=[A-Za-z.#)])\s+(?=[{_CJK}])")
"""A space between a Chinese half and an English one of a bilingual header (``供应商 Supplier``)."""


def readings(label: str) -> list[str]:
    """What a header cell may mean, best first: the whole text, then its parts — ``数量(pcs)`` → ``数量``;
    bilingual headers such as ``批号\nLot No.``, ``供应商代码/Supplier code``, ``批号(Lot No.)`` or ``供应商 Supplier``
    → each half."""
    parts = [label]
    inside = [m.group(1) for m in _PARTS.finditer(label) if m.group(1)]
    parts += [p for p in _PARTS.sub("\n", _LANGUAGES_MEET.sub("\n", label)).split("\n") if p.strip()] + inside
    return parts


@functools.lru_cache(maxsize=4096)
def _folded_readings(header: str) -> tuple[str, ...]:
    """:func:`readings` of a header cell, folded (each header is matched against every sheet spec)."""
    return tuple(map(normalise_label, readings(header)))


def map_headers(
    cells: Sequence[object],
    spec: SheetSpec,
    row: int = 0,
    learned: Mapping[str, str] | None = None,
    index: Mapping[str, tuple[str, int]] | None = None,
) -> HeaderMap:
    """Map one row of header cells to ``spec``'s columns; unknown headers are kept as extras.

    ``learned`` maps folded headers to column keys (the workbook's column map and ``--map``); ``index`` is their
    alias index when the caller maps several rows."""
    index = _alias_index(spec, learned) if index is None else index
    claims: dict[str, tuple[int, int]] = {}
    extras: dict[int, str] = {}
    duplicates: dict[int, str] = {}
    headers = tuple("" if c is None else str(c).strip() for c in cells)
    for position, header in enumerate(headers):
        if not header:
            continue
        found = next((index[n] for n in _folded_readings(header) if n in index), None)
        if found is None:
            extras[position] = header
            continue
        key, rank = found
        if key in claims and claims[key][1] <= rank:
            duplicates[position] = header
            continue
        if key in claims:
            duplicates[claims[key][0]] = headers[claims[key][0]]
        claims[key] = (position, rank)
    columns = {key: position for key, (position, _) in sorted(claims.items(), key=lambda item: item[1][0])}
    return HeaderMap(row, columns, extras, dict(sorted(duplicates.items())), headers)


def suggest(header: str, spec: SheetSpec, taken: Sequence[str] = ()) -> str | None:
    """The key of the input column ``header`` most resembles (不良数 → major, 币别 → currency), if any. A header
    holding the words of several columns is the one named first, its qualifier (次要不良数 → minor, not major)."""
    folded = normalise_label(header)
    if not folded:
        return None
    aliases = [
        (other, column.key)
        for column in spec.columns
        if not column.computed and column.key not in taken
        for alias in column.aliases()
        if _word(other := normalise_label(alias))
    ]
    named = sorted((folded.find(other), -len(other), key) for other, key in aliases if other in folded)
    if len({key for *_, key in named}) > 1:
        return named[0][2]
    best: tuple[float, str] | None = None
    for other, key in aliases:
        score = difflib.SequenceMatcher(None, folded, other).ratio()
        if other in folded or (folded in other and _word(folded)):
            score = max(score, 0.7)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, key)
    return best[1] if best else None


def _word(folded: str) -> bool:
    """Whether a folded label means something inside a longer one: two Chinese characters (不良) do, two Latin
    letters do not (``cr`` in ``ncr``, ``po`` in ``report``)."""
    return len(folded) >= 3 or any(ord(c) >= 0x2E80 for c in folded)


def find_header(
    rows: Sequence[Sequence[object]], spec: SheetSpec, learned: Mapping[str, str] | None = None
) -> HeaderMap | None:
    """The best header row among ``rows`` (the top of a sheet), or None if no row looks like a header.

    A row qualifies when it maps at least two columns (one for one-column specs) and more than a third of
    its non-empty cells; ties go to the upper row.
    """
    best: HeaderMap | None = None
    needed = min(2, len(spec.columns))
    index = _alias_index(spec, learned)
    rows = rows[:SCAN_ROWS]
    said = {n for cells in rows for c in cells if c is not None and (t := str(c).strip()) for n in _folded_readings(t)}
    if len(said & index.keys()) < needed:  # no row can map that many of the spec's columns
        return None
    for position, cells in enumerate(rows):
        candidate = map_headers(cells, spec, position, learned, index)
        filled = sum(1 for h in candidate.headers if h)
        if candidate.score < needed or candidate.score * 3 <= filled:
            continue
        if best is None or candidate.score > best.score:
            best = candidate
    return best
