"""Typed polars frames of a sheet spec: the dtype of each column, an empty frame, a projection."""

from __future__ import annotations

import polars as pl

from srm_xl.schema.column import Dtype, SheetSpec

ROW = "_row"
"""The frame column holding each row's Excel row number (1-based), so every issue can name its row."""

POLARS_TYPES: dict[Dtype, pl.DataType] = {
    "text": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "percent": pl.Float64(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
}


def empty_frame(spec: SheetSpec) -> pl.DataFrame:
    """A frame with the spec's columns and types and no rows."""
    return pl.DataFrame(schema={**{c.key: POLARS_TYPES[c.dtype] for c in spec.columns}, ROW: pl.Int64()})


def project(frame: pl.DataFrame | None, spec: SheetSpec, names: tuple[str, ...]) -> pl.DataFrame:
    """``names`` of ``spec`` from ``frame``, typed by the spec; absent columns are null, an absent frame is empty."""
    given = frame if frame is not None else pl.DataFrame()
    columns = []
    for name in names:
        dtype = POLARS_TYPES[spec.column(name).dtype]
        if name in given.columns:
            columns.append(given.get_column(name).cast(dtype, strict=False).alias(name))
        else:
            columns.append(pl.repeat(None, given.height, dtype=dtype, eager=True).alias(name))
    return pl.DataFrame(columns)
