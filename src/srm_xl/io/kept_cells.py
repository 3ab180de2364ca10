"""Formulas and error values a rewritten sheet keeps from the sheet as it was.

A job rewrites a data sheet from its values, so what a user typed as a formula (``=E2*2`` beside the lot's
columns) or an error value (``#N/A``) would come back as a plain value or a blank. Each such cell is kept —
written as it was, with its cached value — where the sheet keeps its header row and the cell stays in place with
the value the job writes there: its row read from the same sheet row, its column under the same header, the job's
value equal to the one the cell showed (a blank for an error value or a formula saved without one). A formula
filled down (one shared formula) is kept only where all its cells are; anything else becomes the value the job
writes, as before.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from srm_xl.io.draft import TableBlock
from srm_xl.io.epoch import serial_days
from srm_xl.issues import column_letter

_CELL = r"<c [^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v>[^<]*</v>|<v/>)?</c>|<c [^>]*t=\"e\"[^>]*>(?:<v>[^<]*</v>)?</c>"
"""A formula cell, or an error value typed as such."""
_PARTS = r"^<c ([^>]*)>(<f[^>]*/>|<f[^>]*>[^<]*</f>)?(?:<v>([^<]*)</v>)?"
_REF = r"\br=\"([A-Z]+)(\d+)\""
_TYPE = r"\bt=\"(\w+)\""
_SHARED = r"<f[^>]*\bsi=\"(\d+)\""
_TYPES = ("str", "e", "b")
"""Cell types kept with the value (a number needs none)."""
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def has_kept_cells(xml: bytes) -> bool:
    """Whether a sheet's XML holds any formula or error value (a byte search)."""
    return b"</f>" in xml or b"<f " in xml or b't="e"' in xml


def _unescaped(text: pl.Expr) -> pl.Expr:
    for entity, char in _ENTITIES:
        text = text.str.replace_all(entity, char, literal=True)
    return text


def _shown(block: TableBlock, index: int, rows: pl.Series, epoch: datetime) -> pl.Series:
    """Column ``index`` of ``block`` at ``rows``, as the text a cell caches for it (numbers as numbers, dates as
    serial days from ``epoch``)."""
    column = block.frame[block.frame.columns[index]].gather(rows)
    if column.dtype == pl.Date or isinstance(column.dtype, pl.Datetime):
        column = column.to_frame().select(serial_days(pl.col(column.name), column.dtype, epoch)).to_series()
    return column.cast(pl.Float64).cast(pl.String) if column.dtype.is_numeric() else column.cast(pl.String)


def kept_cells(
    xml: bytes, block: TableBlock, origin: pl.Series, header: dict[str, str], epoch: datetime
) -> dict[int, pl.Series]:
    """Column index → each row's kept cell (its XML after ``<c r=".." s=".."``), null where the job's value is
    written; empty when nothing is kept. ``origin``: the sheet row each of the block's rows was read from;
    ``header``: the sheet's header row as it was, by column letter; ``epoch``: the book's date system."""
    letters = [column_letter(i) for i in range(len(block.headers))]
    if header != dict(zip(letters, block.headers, strict=True)):
        return {}
    cells = pl.Series([xml.decode("utf-8", "replace")]).str.extract_all(_CELL).explode().drop_nulls()
    if cells.is_empty():
        return {}
    parts = (
        cells.str.extract_groups(_PARTS)
        .struct.rename_fields(["attributes", "f", "v"])
        .struct.unnest()
        .with_columns(
            pl.col("attributes").str.extract(_REF, 1).alias("letter"),
            pl.col("attributes").str.extract(_REF, 2).cast(pl.Int64).alias("row"),
            pl.col("attributes").str.extract(_TYPE, 1).alias("kind"),
            pl.col("v").replace("", None),  # a formula saved without its value (openpyxl writes <v></v>)
            cells.str.extract(_SHARED, 1).alias("group"),
        )
    )
    first = block.start_row + 1
    placed = parts.join(
        pl.DataFrame({"row": origin.cast(pl.Int64), "at": pl.int_range(origin.len(), eager=True)}), on="row"
    ).filter((pl.col("row") == pl.col("at") + first) & pl.col("letter").is_in(letters))
    if placed.is_empty():
        return {}
    found = pl.concat(
        [
            here.with_columns(pl.lit(i).alias("column"), _shown(block, i, here["at"], epoch).alias("written"))
            for i, letter in enumerate(letters)
            if not (here := placed.filter(pl.col("letter") == letter)).is_empty()
        ]
    ).with_columns(_same().alias("same"))
    shared = parts.filter(pl.col("group").is_not_null())
    whole = set(shared.filter(pl.col("f").str.contains("</f>", literal=True))["group"].to_list())
    whole -= set(shared.join(found.filter("same"), on=["letter", "row"], how="anti")["group"].to_list())
    kept = found.filter(pl.col("same") & (pl.col("group").is_null() | pl.col("group").is_in(list(whole))))
    tails = kept.select(
        "column",
        "at",
        (
            pl.when(pl.col("kind").is_in(_TYPES)).then(pl.format(' t="{}"', "kind")).otherwise(pl.lit(""))
            + pl.lit(">")
            + pl.col("f").fill_null("")
            + pl.when(pl.col("v").is_not_null()).then(pl.format("<v>{}</v>", "v")).otherwise(pl.lit(""))
            + pl.lit("</c>")
        ).alias("tail"),
    )
    height = block.frame.height
    return {
        int(column): pl.Series([None] * height, dtype=pl.String).scatter(part["at"], part["tail"])
        for (column,), part in tails.partition_by("column", as_dict=True).items()
    }


def _same() -> pl.Expr:
    """Whether the job writes what the cell showed: the same number or text, or a blank where the cell held an
    error value or a formula saved without its value."""
    cached, written = _unescaped(pl.col("v")), pl.col("written")
    number = (cached.cast(pl.Float64, strict=False) - written.cast(pl.Float64, strict=False)).abs() <= 1e-9 * (
        pl.max_horizontal(pl.lit(1.0), cached.cast(pl.Float64, strict=False).abs())
    )
    unshown = (pl.col("kind") == "e").fill_null(False) | pl.col("v").is_null()
    return (
        pl.when(unshown)
        .then(written.is_null())
        .otherwise((cached == written) | number.fill_null(False))
        .fill_null(False)
    )
