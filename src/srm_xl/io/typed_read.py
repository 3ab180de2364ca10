"""A sheet's number and date columns read typed, when that gives exactly what reading them as text would.

Reading every cell as text costs a string per number and a parse back. For the columns a spec types as
numbers or dates (:data:`~srm_xl.schema.convert.TYPED`), fastexcel's own typing gives the same values whenever
a column holds one kind of cell: a number cell's text is the shortest that reads back as the same float, a date
cell's its ISO date and time. Every other column (codes, choices, unknown columns) is still read as text, and a
column mixing kinds comes back as text. Two things a typed read would change silently: a TRUE or FALSE among
numbers becomes 1 or 0, and the words pandas takes for "missing" (``N/A``, ``NULL``, ``nan`` …) become no value;
the text read reports both (:mod:`srm_xl.io.cell_words`). The guard looks for such cells as it streams the
sheets and the shared strings (:mod:`srm_xl.io.guard_findings`); a part it did not see is searched while
fastexcel reads. A sheet holding any is read as text. So is a sheet whose typed read fails or brings any other
surprise: the text read stays the reference.
"""

from __future__ import annotations

import logging
import threading
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import fastexcel
import polars as pl

from srm_xl.io import guard_findings
from srm_xl.io.cell_words import MISSING_IN_TEXT, SUSPECT_CELL, Search
from srm_xl.io.headers import HeaderMap, find_header
from srm_xl.io.reader import TEXTUAL, ReadHints
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import FIRST_YEAR, TYPED

_CHUNK = 4 << 20
_NUMBERS = (pl.Float64, pl.Int64)
_DATES = (pl.Datetime, pl.Date)

logging.getLogger("fastexcel").setLevel(logging.ERROR)
"""fastexcel warns on every all-blank column it reads typed (it reads it as text, which is what is wanted)."""


def holds_suspect_cells(path: Path, part: str, *, strings: bool = False) -> bool:
    """Whether the sheet ``part`` of the package at ``path`` holds a cell a typed read would not read as its
    text (or, with ``strings``, whether the shared-strings ``part`` holds a missing word); streamed, in Rust."""
    search = Search(MISSING_IN_TEXT, unit="si") if strings else Search(SUSPECT_CELL)
    with zipfile.ZipFile(path) as package, package.open(part) as stream:
        while not search.hit and (chunk := stream.read(_CHUNK)):
            search.feed(chunk)
    search.finish()
    return search.hit


def _check(path: Path, parts: list[tuple[str, bool]], verdicts: dict[str, bool]) -> None:
    """Each part's verdict into ``verdicts`` (``True``: suspect, or unreadable now), up to the first suspect."""
    for part, strings in parts:
        try:
            verdicts[part] = holds_suspect_cells(path, part, strings=strings)
        except (OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error):
            verdicts[part] = True
        if verdicts[part]:
            return


def read_typed(
    load: Callable[..., fastexcel.ExcelSheet],
    book: tuple[Path, zipfile.ZipInfo, zipfile.ZipInfo | None],
    spec: SheetSpec,
    head: tuple[pl.DataFrame, list[int]],
    wanted: list[int] | None,
    hints: ReadHints,
) -> tuple[HeaderMap, pl.DataFrame, list[int]] | None:
    """The header, the rows below it (number and date columns typed, the rest text) and each column's sheet
    position; ``None`` when the sheet is to be read as text.

    ``load`` loads the sheet with fastexcel (given its options); ``book`` is the package's path, the sheet's
    member and the shared strings' member; ``head`` the
    sheet's top rows as text with each column's position; ``wanted`` the positions to read (``None``: every
    column, as the text read does). What the guard found in the members is used; what it did not see is
    searched for while fastexcel reads.
    """
    path, member, strings = book
    top, positions = head
    if wanted is not None:
        keep = [i for i, p in enumerate(positions) if p in wanted]
        top, positions = top.select(top.columns[i] for i in keep), [positions[i] for i in keep]
    header = find_header([list(r) for r in top.iter_rows()], spec, hints.headers)
    members = [(m, m is strings) for m in (strings, member) if m is not None]
    verdicts = {m.filename: guard_findings.lookup(path, m) for m, _ in members}
    if header is None or any(verdicts.values()):
        return None
    targets = {positions[i] for key, i in header.columns.items() if spec.column(key).dtype in TYPED}
    if not targets:
        return None
    unknown = [(m.filename, strings_part) for m, strings_part in members if verdicts[m.filename] is None]
    searched: dict[str, bool] = {}
    search = threading.Thread(target=_check, args=(path, unknown, searched), daemon=True)
    if unknown:
        search.start()
    try:
        loaded = load(
            header_row=None,
            skip_rows=header.row + 1,
            use_columns=wanted,
            dtypes={p: "string" for p in positions if p not in targets} or None,
            schema_sample_rows=None,
        )
        below = loaded.to_polars()
    except (fastexcel.FastExcelError, ValueError):
        return None
    finally:
        if unknown:
            search.join()
    for m, _ in members:
        if m.filename in searched:
            guard_findings.record(path, m, searched[m.filename])
    if any(searched.get(part, True) for part, _ in unknown):
        return None
    read_at = [c.absolute_index for c in loaded.selected_columns]
    header = find_header([list(r) for r in _aligned(top, positions, read_at).iter_rows()], spec, hints.headers)
    if header is None or not _exact(spec, header, below):
        return None
    return header, below, read_at


def _aligned(top: pl.DataFrame, positions: list[int], read_at: list[int]) -> pl.DataFrame:
    """The top rows with one column per column read (a column not in the top rows is blank there)."""
    by_position = dict(zip(positions, top.columns, strict=True))
    blank = pl.Series([None] * top.height, dtype=pl.String)
    return pl.DataFrame(
        [top[by_position[p]] if p in by_position else blank for p in read_at],
        schema=[f"c{i}" for i in range(len(read_at))],
    )


def _exact(spec: SheetSpec, header: HeaderMap, below: pl.DataFrame) -> bool:
    """Whether every column the read uses is text, or numbers or dates where the spec types them so (dates from
    1900 on: a time typed alone in a date column is day 0 to fastexcel, and is reported by the text read)."""
    kinds = [below[name].dtype for name in below.columns]
    for key, i in header.columns.items():
        dtype, wanted = kinds[i], spec.column(key).dtype
        typed = isinstance(dtype, _DATES) if wanted == "date" else wanted in TYPED and dtype in _NUMBERS
        if dtype not in TEXTUAL and not typed:
            return False
        first = below[below.columns[i]].min() if isinstance(dtype, _DATES) else None
        if first is not None and first.year < FIRST_YEAR:  # type: ignore[union-attr]
            return False
    return all(kinds[i] in TEXTUAL for i in {**header.extras, **header.duplicates})
