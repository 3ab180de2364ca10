"""The rows of the sheets import keeps: rows set aside, the value map and the column map, each merged with what
the workbook already has so nothing the user wrote there is lost."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from srm_xl.schema import normalise_label, spec
from srm_xl.schema.frames import ROW, empty_frame


def _existing(frame: pl.DataFrame | None, key: str) -> pl.DataFrame:
    sheet = spec(key)
    if frame is None:
        return empty_frame(sheet).drop(ROW, strict=False).select(sheet.keys())
    return frame.drop(ROW, strict=False).select(sheet.keys())


def set_aside_frame(existing: pl.DataFrame | None, rows: list[dict[str, object]]) -> pl.DataFrame:
    """The Rows-not-imported sheet: what it had, plus ``rows`` not already listed (same file, sheet, row, values)."""
    sheet = spec("rows_not_imported")
    before = _existing(existing, "rows_not_imported")
    added = pl.DataFrame(rows, schema={c: before.schema[c] for c in sheet.keys()}) if rows else before.clear()
    same = ["source", "sheet", "row", "values"]
    added = added.join(before.select(same), on=same, how="anti", nulls_equal=True)
    return pl.concat(
        [
            before,
            added.with_columns(pl.lit(datetime.now().replace(microsecond=0)).alias("time").cast(before.schema["time"])),
        ]
    )


def value_map_frame(existing: pl.DataFrame | None, words: pl.DataFrame) -> pl.DataFrame:
    """The Value map: the user's rows (their meanings untouched, counts refreshed) plus each new word.

    ``words`` has sheet, column, word, rows, choices for every unknown word of a closed column met now."""
    before = _existing(existing, "value_map")
    folded = [
        pl.col(c).map_elements(normalise_label, return_dtype=pl.String).alias(f"_{c}")
        for c in ("sheet", "column", "word")
    ]
    before = before.with_columns(folded)
    words = words.with_columns(folded)
    keys = ["_sheet", "_column", "_word"]
    refreshed = before.join(words.select(*keys, pl.col("rows").alias("_rows")), on=keys, how="left").with_columns(
        pl.coalesce(pl.col("_rows").cast(before.schema["rows"]), pl.col("rows")).alias("rows")
    )
    added = words.join(before.select(keys), on=keys, how="anti").with_columns(pl.lit(None, pl.String).alias("meaning"))
    columns = spec("value_map").keys()
    return pl.concat([refreshed.select(columns), added.select(columns).cast(before.select(columns).schema)])


def column_map_frame(existing: pl.DataFrame | None, headers: pl.DataFrame) -> pl.DataFrame:
    """The Column map: the user's rows kept as they are, plus each header met now that it does not list.

    ``headers`` has sheet, header, column (filled when ``--map`` named it) and suggestion."""
    before = _existing(existing, "column_map")
    fold = [pl.col(c).map_elements(normalise_label, return_dtype=pl.String).alias(f"_{c}") for c in ("sheet", "header")]
    given = headers.filter(pl.col("column").is_not_null()).with_columns(fold)
    before = before.with_columns(fold)
    kept = before.join(given.select("_sheet", "_header"), on=["_sheet", "_header"], how="anti")
    added = headers.with_columns(fold).join(kept.select("_sheet", "_header"), on=["_sheet", "_header"], how="anti")
    columns = spec("column_map").keys()
    return pl.concat(
        [
            kept.select(columns),
            added.unique(["_sheet", "_header"], keep="first", maintain_order=True)
            .select(columns)
            .cast(kept.select(columns).schema),
        ]
    )
