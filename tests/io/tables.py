"""One check shared by the reading tests: two reads of a sheet gave the same table."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from srm_xl.io.table import Table


def assert_same(read: Table, reference: Table) -> None:
    """Frame, problems, header row, column positions, header words and unknown columns all equal. A user's own
    column ``read`` typed (numbers, dates) where the ``reference`` read it as text holds the same cells: each
    text reads as the number or date beside it."""
    assert_frame_equal(read.frame, as_typed(reference.frame, read.frame, read.extras))
    assert read.issues == reference.issues
    assert (read.sheet, read.header_row, read.columns, read.headers, read.extras) == (
        reference.sheet,
        reference.header_row,
        reference.columns,
        reference.headers,
        reference.extras,
    )


def as_typed(text: pl.DataFrame, typed: pl.DataFrame, own: list[str]) -> pl.DataFrame:
    """``text`` with each of the ``own`` columns ``typed`` holds as numbers or dates read as such (strictly: a
    text that is no number or date fails)."""
    parsed = []
    for name in own:
        dtype = typed.schema.get(name)
        if name not in text.columns or dtype is None or dtype == text.schema[name]:
            continue
        value = pl.col(name)
        if dtype == pl.Date:
            parsed.append(value.str.to_date("%Y-%m-%d %H:%M:%S").alias(name))
        elif isinstance(dtype, pl.Datetime):
            parsed.append(value.str.to_datetime("%Y-%m-%d %H:%M:%S%.f").cast(dtype).alias(name))
        else:
            parsed.append(value.cast(dtype).alias(name))
    return text.with_columns(parsed) if parsed else text
