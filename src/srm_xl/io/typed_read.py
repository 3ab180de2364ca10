"""A sheet's number and date columns read typed, when that gives exactly what reading them as text would.

Reading every cell as text costs a string per number and a parse back. For the columns a spec types as
numbers or dates (:data:`~srm_xl.schema.convert.TYPED`), fastexcel's own typing gives the same values whenever
a column holds one kind of cell: a number cell's text is the shortest that reads back as the same float, a date
cell's its ISO date and time. Every other column (codes, choices, unknown columns) is still read as text, and a
column mixing kinds comes back as text. Two things a typed read would change silently: a TRUE or FALSE among
numbers becomes 1 or 0, and the words pandas takes for "missing" (``N/A``, ``NULL``, ``nan`` …) become no value;
the text read reports both. So while fastexcel reads, the sheet's bytes (and once per book the shared strings)
are searched for boolean cells and for such words, and a sheet holding any is read as text. So is a sheet whose
typed read fails or brings any other surprise: the text read stays the reference.
"""

from __future__ import annotations

import html
import logging
import threading
import zipfile
import zlib
from collections.abc import MutableMapping
from pathlib import Path

import fastexcel
import polars as pl

from srm_xl.io.headers import HeaderMap, find_header
from srm_xl.io.reader import ReadHints
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import TYPED

MISSING_WORDS = (
    *("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>"),
    *("N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"),
)
"""Cell texts fastexcel reads as no value (``NaN``: not a number) in a column it types (pandas' missing words)."""
_CHUNK = 4 << 20
_MAX_CARRY = 16 << 20
_NUMBERS = (pl.Float64, pl.Int64)
_DATES = (pl.Datetime, pl.Date)
_TEXTUAL = (pl.String, pl.Null)

logging.getLogger("fastexcel").setLevel(logging.ERROR)
"""fastexcel warns on every all-blank column it reads typed (it reads it as text, which is what is wanted)."""


def _alternatives(words: tuple[str, ...]) -> str:
    """``words`` as they appear in XML, as one regex alternation."""
    special = set(r".+*?()|[]{}^$#&-~\/")
    return "|".join("".join("\\" + c if c in special else c for c in html.escape(w, quote=False)) for w in words)


_ANY_WORD = _alternatives(MISSING_WORDS)
_NOT_ERROR = _alternatives(tuple(w for w in MISSING_WORDS if w != "#N/A"))
_IN_TEXT = rf"<(?:\w+:)?t(?:\s[^>]*)?>(?:{_ANY_WORD})</(?:\w+:)?t>"
_SUSPECT = "|".join(
    [
        r"""\bt\s*=\s*["']b["']""",
        r"<(?:\w+:)?is>\s*<(?:\w+:)?r>",
        _IN_TEXT,
        rf"<(?:\w+:)?v>(?:{_NOT_ERROR})</(?:\w+:)?v>",
        r"""\bt\s*=\s*["']str["'][^>]*>(?:<(?:\w+:)?f[^>]*/>|<(?:\w+:)?f[^>]*>[^<]*</(?:\w+:)?f>)?\s*"""
        r"<(?:\w+:)?v>\#N/A</(?:\w+:)?v>",
    ]
)
"""A boolean cell, inline rich text, a missing word as a string's text or as a formula's text result (an error
cell's ``#N/A`` is no value either way)."""


def holds_suspect_cells(path: Path, part: str, *, strings: bool = False) -> bool:
    """Whether the sheet ``part`` of the package at ``path`` holds a cell a typed read would not read as its
    text (or, with ``strings``, whether the shared-strings ``part`` holds a missing word); streamed, in Rust."""
    pattern = _IN_TEXT if strings else _SUSPECT
    carry = b""
    with zipfile.ZipFile(path) as package, package.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = carry + chunk
            cut = text.rfind(b">") + 1
            carry = text[cut:]
            if len(carry) > _MAX_CARRY:
                return True
            try:
                found = pl.Series([text[:cut]], dtype=pl.Binary).cast(pl.String).str.contains(pattern).any()
            except pl.exceptions.ComputeError:
                return True
            if found:
                return True
    return False


def _check(path: Path, parts: list[tuple[str, bool]], verdicts: MutableMapping[str, bool]) -> None:
    """Each part's verdict into ``verdicts`` (``True``: suspect, or unreadable now), up to the first suspect."""
    for part, strings in parts:
        if part not in verdicts:
            try:
                verdicts[part] = holds_suspect_cells(path, part, strings=strings)
            except (OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error):
                verdicts[part] = True
        if verdicts[part]:
            return


def read_typed(
    reader: fastexcel.ExcelReader,
    book: tuple[Path, str, str, str | None],
    spec: SheetSpec,
    head: tuple[pl.DataFrame, list[int]],
    wanted: list[int] | None,
    hints: ReadHints,
    verdicts: MutableMapping[str, bool],
) -> tuple[HeaderMap, pl.DataFrame, list[int]] | None:
    """The header, the rows below it (number and date columns typed, the rest text) and each column's sheet
    position; ``None`` when the sheet is to be read as text.

    ``book`` is the package's path, the sheet's name, its part and the shared-strings part; ``head`` the sheet's
    top rows as text with each column's position; ``wanted`` the positions to read (``None``: every column, as
    the text read does); ``verdicts`` remembers which parts were searched and found suspect.
    """
    path, sheet, part, strings = book
    top, positions = head
    if wanted is not None:
        keep = [i for i, p in enumerate(positions) if p in wanted]
        top, positions = top.select(top.columns[i] for i in keep), [positions[i] for i in keep]
    header = find_header([list(r) for r in top.iter_rows()], spec, hints.headers)
    if header is None or any(verdicts.get(p) for p in (part, strings) if p):
        return None
    targets = {positions[i] for key, i in header.columns.items() if spec.column(key).dtype in TYPED}
    if not targets:
        return None
    parts = [(strings, True)] if strings else []
    search = threading.Thread(target=_check, args=(path, [*parts, (part, False)], verdicts), daemon=True)
    search.start()
    try:
        loaded = reader.load_sheet(
            sheet,
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
        search.join()
    if any(verdicts.get(p, True) for p in (part, strings) if p):
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
    """Whether every column the read uses is text, or numbers or dates where the spec types them so."""
    kinds = [below[name].dtype for name in below.columns]
    for key, i in header.columns.items():
        dtype, wanted = kinds[i], spec.column(key).dtype
        typed = isinstance(dtype, _DATES) if wanted == "date" else wanted in TYPED and dtype in _NUMBERS
        if dtype not in _TEXTUAL and not typed:
            return False
    return all(kinds[i] in _TEXTUAL for i in {**header.extras, **header.duplicates})
