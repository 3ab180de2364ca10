"""What the qualification jobs share: reading a sheet or an empty typed frame, and staging a sheet under the name
the workbook already uses."""

from __future__ import annotations

import polars as pl

from srm_xl.io.draft import draft_from_spec
from srm_xl.io.workbook import Workbook, read_optional
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW


def frame_of(book: Workbook, key: str) -> pl.DataFrame:
    """The ``key`` sheet's typed frame (with ``_row`` and unknown columns), or an empty typed frame."""
    sheet = spec(key)
    return read_optional(book, sheet).frame


def name_of(book: Workbook, key: str) -> str:
    """The sheet's name in the workbook, or its name in the workbook's language when it is new."""
    sheet = spec(key)
    return book.find(sheet) or sheet.name(book.lang)


def stage_frame(book: Workbook, key: str, frame: pl.DataFrame, editable: frozenset[str] = frozenset()) -> str:
    """Stage ``frame`` as the ``key`` sheet (replacing it), and return the sheet's name."""
    name = name_of(book, key)
    book.stage(draft_from_spec(spec(key), frame.drop(ROW, strict=False), book.lang, name=name, editable=editable))
    return name
