"""A user's own columns (those the spec does not know) carried as the user typed them: numbers, dates or text.

A typed read gives such a column as fastexcel types it when it holds one kind of cell
(:mod:`srm_xl.io.typed_read`); a column mixing kinds, or read as text, is text. :func:`as_kept` gives each the
one dtype it is carried in, whichever way it was read (numbers as floats, dates all at midnight as dates, a column
with no value as text), and :func:`number_format` the format its cells are written with. :func:`aligned` gives
frames one dtype per column, :func:`stacked` puts them under one another: a column one frame holds as numbers or
dates and another as text becomes text, each typed cell spelt as a reader spells it among text (:func:`as_text`),
never a date turned into a day count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

import polars as pl

from srm_xl.schema.column import DEFAULT_FORMATS
from srm_xl.schema.frames import POLARS_TYPES

_WHOLE = 2**53
"""Whole numbers below this are spelt with all their digits by a reader (above, a float's digits are not)."""


def as_kept(column: pl.Series) -> pl.Series:
    """A user's column as read, in the dtype it is carried in: text (an empty text a blank, as a text read gives
    it), ``Float64``, ``Date`` or ``Datetime``."""
    dtype = column.dtype
    if column.null_count() == column.len() or dtype == pl.Null:
        return column.cast(pl.String)
    if dtype.is_numeric():
        return column.cast(pl.Float64)
    if isinstance(dtype, pl.Datetime):
        at_midnight = bool((column.dt.time() == time(0)).all())
        return column.cast(pl.Date) if at_midnight else column.cast(POLARS_TYPES["datetime"])
    return column.set(column == "", None) if dtype == pl.String else column


def number_format(dtype: pl.DataType) -> str:
    """The number format a user's column of ``dtype`` is written with: a date format for dates, the general
    format for numbers, text for text."""
    if dtype == pl.Date:
        return DEFAULT_FORMATS["date"]
    if isinstance(dtype, pl.Datetime):
        return DEFAULT_FORMATS["datetime"]
    return "General" if dtype.is_numeric() else DEFAULT_FORMATS["text"]


def as_text(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A typed cell as a reader spells it in a column that also holds text: a number's shortest digits without
    an exponent (whole numbers without a point), a date with its time."""
    if dtype == pl.Date:
        return value.dt.strftime("%Y-%m-%d 00:00:00")
    if isinstance(dtype, pl.Datetime):
        return value.dt.strftime("%Y-%m-%d %H:%M:%S")
    if dtype.is_numeric():
        whole = (value == value.round(0)) & (value.abs() < _WHOLE)
        return pl.when(whole).then(value.cast(pl.Int64).cast(pl.String)).otherwise(value.cast(pl.String))
    return value


def _kind(dtype: pl.DataType) -> str:
    if dtype.is_numeric():
        return "number"
    return "date" if dtype.is_temporal() else "text" if dtype in (pl.String, pl.Categorical) else str(dtype)


def aligned(frames: Sequence[pl.DataFrame]) -> list[pl.DataFrame]:
    """``frames`` with each column in the one dtype they can all carry it in: a column holding numbers in one frame
    and text or dates in another is text throughout (:func:`as_text`); a column with no value in a frame takes the
    dtype the others give it."""
    held: dict[str, pl.DataType] = {}
    mixed: set[str] = set()
    for frame in frames:
        for name, dtype in frame.schema.items():
            if frame[name].null_count() == frame.height:
                continue
            if name in held and _kind(held[name]) != _kind(dtype):
                mixed.add(name)
            held.setdefault(name, dtype)

    def one(frame: pl.DataFrame) -> pl.DataFrame:
        exprs = []
        for name, dtype in frame.schema.items():
            if name in mixed:
                exprs.append(as_text(pl.col(name), dtype).cast(pl.String).alias(name))
            elif name in held and _kind(held[name]) != _kind(dtype):  # no value here
                exprs.append(pl.col(name).cast(held[name]))
        return frame.with_columns(exprs) if exprs else frame

    return [one(frame) for frame in frames]


def stacked(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """``frames`` one under another, columns matched by name (a column a frame lacks is blank there), each column
    in one dtype (:func:`aligned`)."""
    return pl.concat(aligned(frames), how="diagonal_relaxed")
