"""A sheet's number and date columns read typed, when that gives exactly what reading them as text would.

Reading every cell as text costs a string per number and a parse back. For the columns a spec types as
numbers or dates (:data:`~srm_xl.schema.convert.TYPED`), fastexcel's own typing gives the same values whenever
a column holds one kind of cell: a number cell's text is the shortest that reads back as the same float, a date
cell's its ISO date and time. The user's own columns (those the spec does not know) are read as fastexcel types
them, so that numbers and dates typed there are kept as such (:mod:`srm_xl.io.own_columns`): typed, each holds
what the text read gives, as a number or date. Every other column (codes, choices) is still read as text, and a
column mixing kinds comes back as text (its numbers given every digit, as the text read gives them:
:mod:`srm_xl.io.full_digits`). Two things a typed read would change silently: a TRUE or FALSE among
numbers becomes 1 or 0, and the words pandas takes for "missing" (``N/A``, ``NULL``, ``nan`` …) become no value;
the text read reports both (:mod:`srm_xl.io.cell_words`). The guard notes, as it streams the sheets, whether a
sheet holds any such cell (stopping at the first), and the missing words among the shared strings
(:mod:`srm_xl.io.guard_findings`); the columns of a sheet's such cells, a part the guard did not see, and the
cells showing those strings are searched while fastexcel reads. A sheet holding such a cell
in a spec column the typed read would type (or where its column cannot be told) is read as text; a user's own
column holding one (a remarks column reading ``N/A``), or typed as anything but numbers or dates from 1900 (a time
alone), is read as text, the rest of the sheet typed. A sheet whose typed read fails or brings any other surprise
is read as text (its user's own columns as text too): the text read stays the reference.
"""

from __future__ import annotations

import logging
import threading
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import fastexcel
import polars as pl

from srm_xl.errors import UnsafeFileError
from srm_xl.io import guard_findings
from srm_xl.io.cell_words import ALL, ERRORS, CellSearch, StringSearch
from srm_xl.io.full_digits import with_full_digits
from srm_xl.io.guard_xml import column_number
from srm_xl.io.guard_zip import stream_member
from srm_xl.io.headers import HeaderMap, find_header
from srm_xl.io.reader import TEXTUAL, ReadHints
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import FIRST_YEAR, TYPED

_CONVERTING = threading.Lock()
"""One parsed sheet is turned into columns at a time: two sheets read side by side otherwise may each hold their
cells and their columns at once (a year's two logs: peak 1.52 instead of 1.32 GiB)."""

_NUMBERS = (pl.Float64, pl.Int64)
_DATES = (pl.Datetime, pl.Date)

logging.getLogger("fastexcel").setLevel(logging.ERROR)
"""fastexcel warns on every all-blank column it reads typed (it reads it as text, which is what is wanted)."""


Finding = frozenset[str]
"""Columns (or shared-string indices) of suspect cells, :data:`~srm_xl.io.cell_words.ALL` among them when one
could not be told (:mod:`srm_xl.io.cell_words`)."""
Members = tuple[Path, zipfile.ZipInfo, zipfile.ZipInfo | None]
"""The package's path, a sheet's member and the shared strings' member."""


def suspects_in(path: Path, part: str, search: CellSearch | StringSearch | None = None) -> Finding:
    """What ``search`` (by default: for suspect cells) finds in part ``part`` of the package at ``path``;
    streamed, in Rust."""
    search = search or CellSearch()
    stream_member(path, part, search.feed)
    search.finish()
    return frozenset(search.found)


def sheet_suspects(book: Members, *, search: bool) -> tuple[Finding, bool]:
    """The columns of the cells of the sheet in ``book`` a typed read would not read as their text (its own
    suspect cells and those showing a shared string that is a missing word), and whether that is all of them.
    What the guard found is used; the rest is searched when ``search``."""
    path, member, strings = book
    own = guard_findings.lookup(path, member)
    if own is None:
        if not search:
            return frozenset(), False
        own = _searched(path, member, CellSearch())
    if strings is None or ALL in own:
        return own, True
    words = guard_findings.lookup(path, strings)
    if words is None:
        if not search:
            return own, False
        words = _searched(path, strings, StringSearch())
    if not words or ALL in words:
        return own | (words & {ALL}), True
    refs = guard_findings.lookup(path, member, strings, words)
    if refs is None:
        if not search:
            return own, False
        refs = _searched(path, member, CellSearch.referring(words), strings, words)
    return own | refs, True


def _searched(
    path: Path,
    info: zipfile.ZipInfo,
    search: CellSearch | StringSearch,
    strings: zipfile.ZipInfo | None = None,
    words: Finding | None = None,
) -> Finding:
    """:func:`suspects_in` of member ``info``, recorded (an unreadable part is suspect throughout)."""
    try:
        found = suspects_in(path, info.filename, search)
    except (OSError, EOFError, KeyError, zipfile.BadZipFile, UnsafeFileError):
        found = frozenset({ALL})
    guard_findings.record(path, info, found, strings, words)
    return found


def _harmless(found: Finding, targets: set[int], as_text: set[int], wanted: list[int] | None) -> bool:
    """Whether suspect cells in the columns ``found`` leave the typed read exact: each stands in a column read as
    text (``as_text``) or not read at all (outside ``wanted``)."""
    if ALL in found:
        return False
    at = {column_number(letters) - 1 for letters in found - {ERRORS}}
    return all(p in as_text or (wanted is not None and p not in wanted) for p in at) and not at & targets


def narrowed(head: tuple[pl.DataFrame, list[int]], wanted: list[int] | None) -> tuple[pl.DataFrame, list[int]]:
    """A sheet's top rows (as text, with each column's position) kept to the ``wanted`` positions (all: ``None``),
    where a read of some columns looks for its header."""
    top, positions = head
    if wanted is None:
        return top, positions
    keep = [i for i, p in enumerate(positions) if p in wanted]
    return top.select(top.columns[i] for i in keep), [positions[i] for i in keep]


def read_typed(
    load: Callable[..., fastexcel.ExcelSheet],
    book: Members,
    spec: SheetSpec,
    head: tuple[pl.DataFrame, list[int]],
    wanted: list[int] | None,
    hints: ReadHints,
) -> tuple[HeaderMap, pl.DataFrame, list[int]] | None:
    """The header, the rows below it (number and date columns typed, the user's own columns as fastexcel types
    them, the rest text) and each column's sheet position; ``None`` when the sheet is to be read as text.

    ``load`` loads the sheet with fastexcel (given its options); ``book`` is the package's path, the sheet's
    member and the shared strings' member; ``head`` the
    sheet's top rows as text with each column's position; ``wanted`` the positions to read (``None``: every
    column, as the text read does). What the guard found in the members is used; what it did not see is
    searched for while fastexcel reads.
    """
    top, positions = narrowed(head, wanted)
    header = find_header([list(r) for r in top.iter_rows()], spec, hints.headers)
    if header is None:
        return None
    skip = header.row + 1
    targets = {positions[i] for key, i in header.columns.items() if spec.column(key).dtype in TYPED}
    own = {positions[i] for i in {**header.extras, **header.duplicates}}
    known, complete = sheet_suspects(book, search=False)
    if complete:
        own -= _positions(known)
    as_text = {p for p in positions if p not in targets | own}
    if not targets | own or not _harmless(known, targets, as_text | own, wanted):
        return None
    searched: list[Finding] = []
    search = threading.Thread(target=lambda: searched.append(sheet_suspects(book, search=True)[0]), daemon=True)
    if not complete:
        search.start()
    try:
        loaded = load(
            header_row=None,
            skip_rows=skip,
            use_columns=wanted,
            dtypes=dict.fromkeys(as_text, "string") or None,
            schema_sample_rows=None,
        )
        with _CONVERTING:
            below = loaded.to_polars()
            read_at = [c.absolute_index for c in loaded.selected_columns]
            del loaded  # the parsed sheet (calamine's cells) is let go as soon as polars holds the columns
    except (fastexcel.FastExcelError, ValueError):
        return None
    finally:
        if not complete:
            search.join()
    found = known if complete else searched[0] if searched else frozenset({ALL})
    if not _harmless(found, targets, as_text | own, wanted):
        return None

    def reread(at: list[int], dtype: str) -> pl.DataFrame:
        typed = dict.fromkeys(at, dtype)
        return load(header_row=None, skip_rows=skip, use_columns=at, dtypes=typed, schema_sample_rows=None).to_polars()

    header = find_header([list(r) for r in _aligned(top, positions, read_at).iter_rows()], spec, hints.headers)
    if header is None or not _exact(spec, header, below):
        return None
    try:
        below = _own_as_text(below, read_at, _untyped(header, below, read_at, found), reread)
        if below is None:
            return None
        return header, with_full_digits(below, read_at, partial(reread, dtype="float")), read_at
    except (fastexcel.FastExcelError, ValueError):
        return None


def _positions(found: Finding) -> set[int]:
    """The 0-based sheet positions of the columns in ``found`` (:data:`ALL` left out)."""
    return {column_number(letters) - 1 for letters in found if letters != ALL}


def _untyped(header: HeaderMap, below: pl.DataFrame, read_at: list[int], found: Finding) -> list[int]:
    """The user's own columns that fastexcel typed where the text read is the one to give them: those holding a
    suspect cell (``found``) and those typed as anything but numbers or dates from 1900 on (true/false, a time
    alone, which is day 0)."""
    suspect = _positions(found)
    return [
        read_at[i]
        for i in sorted({**header.extras, **header.duplicates})
        if read_at[i] in suspect or not _kept(below[below.columns[i]])
    ]


def _kept(column: pl.Series) -> bool:
    """Whether a user's column as fastexcel typed it is kept so: text, numbers, or dates from 1900 on."""
    if column.dtype in TEXTUAL or column.dtype in _NUMBERS:
        return True
    if not isinstance(column.dtype, _DATES):
        return False
    first = column.min()
    return first is None or first.year >= FIRST_YEAR  # type: ignore[union-attr]


def _own_as_text(
    below: pl.DataFrame, read_at: list[int], redo: list[int], reread: Callable[[list[int], str], pl.DataFrame]
) -> pl.DataFrame | None:
    """``below`` with the columns at sheet positions ``redo`` read again as text (``reread``); ``None`` when that
    read does not line up with the first."""
    if not redo:
        return below
    text = reread(redo, "string")
    if text.height != below.height or text.width != len(redo):
        return None
    names = [below.columns[read_at.index(p)] for p in redo]
    return below.with_columns(text[t].alias(n) for t, n in zip(text.columns, names, strict=True))


def _aligned(top: pl.DataFrame, positions: list[int], read_at: list[int]) -> pl.DataFrame:
    """The top rows with one column per column read (a column not in the top rows is blank there)."""
    by_position = dict(zip(positions, top.columns, strict=True))
    blank = pl.Series([None] * top.height, dtype=pl.String)
    return pl.DataFrame(
        [top[by_position[p]] if p in by_position else blank for p in read_at],
        schema=[f"c{i}" for i in range(len(read_at))],
    )


def _exact(spec: SheetSpec, header: HeaderMap, below: pl.DataFrame) -> bool:
    """Whether every spec column the read uses is text, or numbers or dates where the spec types them so (dates
    from 1900 on: a time typed alone in a date column is day 0 to fastexcel, and is reported by the text read)."""
    kinds = [below[name].dtype for name in below.columns]
    for key, i in header.columns.items():
        dtype, wanted = kinds[i], spec.column(key).dtype
        typed = isinstance(dtype, _DATES) if wanted == "date" else wanted in TYPED and dtype in _NUMBERS
        if dtype not in TEXTUAL and not typed:
            return False
        first = below[below.columns[i]].min() if isinstance(dtype, _DATES) else None
        if first is not None and first.year < FIRST_YEAR:  # type: ignore[union-attr]
            return False
    return True
