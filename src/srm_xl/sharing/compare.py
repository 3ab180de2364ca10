"""A package's cells as a table, and where a reply's locked cells differ from it, compared as normalised values.

Cells are long frames — ``sheet, ref, row, col`` plus ``text`` as read or ``value`` normalised — so a whole
reply is normalised and compared in a few vectorised steps, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.issues import column_letter
from srm_xl.sharing.cells import Cells, split_ref
from srm_xl.sharing.values import Kinds, normalise

POSITION = {"sheet": pl.String, "ref": pl.String, "row": pl.Int64, "col": pl.Int64}
FOUND = {**POSITION, "text": pl.String}
VALUES = {**POSITION, "value": pl.String}


def sheet_cells(sheet: str, frame: pl.DataFrame, positions: list[int]) -> pl.DataFrame:
    """The non-empty cells of ``sheet`` read as text (frame row i = sheet row i+1, ``positions`` the 0-based
    columns), as ``FOUND``."""
    if not positions or frame.height == 0:
        return pl.DataFrame(schema=FOUND)
    named = frame.rename(dict(zip(frame.columns, map(str, positions), strict=True))).with_row_index("row", offset=1)
    long = named.unpivot(index="row", variable_name="col", value_name="text").filter(pl.col("text").is_not_null())
    letters = {str(p): column_letter(p) for p in positions}
    return long.select(
        pl.lit(sheet).alias("sheet"),
        (pl.col("col").replace_strict(letters, return_dtype=pl.String) + pl.col("row").cast(pl.String)).alias("ref"),
        pl.col("row").cast(pl.Int64),
        pl.col("col").cast(pl.Int64),
        pl.col("text").cast(pl.String),
    )


def refs(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    """(sheet, ref) pairs as a frame, to join on."""
    return pl.DataFrame(pairs, schema={"sheet": pl.String, "ref": pl.String}, orient="row")


def with_values(found: pl.DataFrame, kinds: dict[str, Kinds]) -> pl.DataFrame:
    """``found`` cells (``FOUND``) normalised as the kinds sent (text where none was), empty ones dropped."""
    rows = [(sheet, ref, kind) for sheet, refs in kinds.items() for ref, kind in refs.items()]
    table = pl.DataFrame(rows, schema={"sheet": pl.String, "ref": pl.String, "kind": pl.String}, orient="row")
    joined = found.join(table, on=["sheet", "ref"], how="left")
    return joined.with_columns(value=normalise(joined)).select(list(VALUES)).filter(pl.col("value").is_not_null())


def from_cells(cells: Cells) -> pl.DataFrame:
    """A manifest's cells (sheet → ref → value) as ``VALUES``."""
    rows = [(sheet, ref, *split_ref(ref), value) for sheet, refs in cells.items() for ref, value in refs.items()]
    return pl.DataFrame(rows, schema=VALUES, orient="row")


def to_cells(values: pl.DataFrame, sheets: list[str]) -> Cells:
    """``VALUES`` as a manifest keeps them, every sheet of ``sheets`` present, cells row by row."""
    ordered = values.sort("row", "col")
    by_sheet = {key[0]: part for key, part in ordered.partition_by("sheet", as_dict=True).items()}
    return {
        name: dict(zip(by_sheet[name]["ref"], by_sheet[name]["value"], strict=True)) if name in by_sheet else {}
        for name in sheets
    }


def signed(values: pl.DataFrame, sheets: list[str], unsigned: pl.DataFrame) -> list[tuple[str, str, str]]:
    """The cells a signature covers, as (sheet, ref, value) in sheet, row, column order: every cell of
    ``sheets`` but the ``unsigned`` ones (the answer cells and the signature itself)."""
    order = {name: index for index, name in enumerate(sheets)}
    kept = values.filter(pl.col("sheet").is_in(sheets)).join(unsigned, on=["sheet", "ref"], how="anti")
    kept = kept.with_columns(order=pl.col("sheet").replace_strict(order, return_dtype=pl.Int64)).sort(
        "order", "row", "col"
    )
    return list(kept.select("sheet", "ref", "value").iter_rows())


@dataclass(frozen=True)
class SheetDiff:
    """How one sheet's locked cells differ: edited cells (ref, sent, found) and rows added or deleted."""

    sheet: str
    edited: list[tuple[str, str, str]]
    rows_added: int
    rows_deleted: int


def compare(sent: pl.DataFrame, found: pl.DataFrame, sheets: list[str], editable: pl.DataFrame) -> list[SheetDiff]:
    """Each sheet of ``sheets`` whose locked cells (all but ``editable``: ``sheet, ref``) differ between ``sent``
    and ``found`` (both ``VALUES``). Rows past the shorter of the two count as added or deleted, not edited."""
    sent = sent.filter(pl.col("sheet").is_in(sheets)).join(editable, on=["sheet", "ref"], how="anti")
    found = found.filter(pl.col("sheet").is_in(sheets)).join(editable, on=["sheet", "ref"], how="anti")
    last = (
        sent.group_by("sheet")
        .agg(sent_rows=pl.col("row").max())
        .join(found.group_by("sheet").agg(found_rows=pl.col("row").max()), on="sheet", how="full", coalesce=True)
        .fill_null(0)
    )
    both = sent.join(found, on=["sheet", "ref"], how="full", coalesce=True, suffix="_found").join(last, on="sheet")
    edited = both.filter(
        (pl.coalesce("row", "row_found") <= pl.min_horizontal("sent_rows", "found_rows"))
        & pl.col("value").ne_missing(pl.col("value_found"))
    ).sort(pl.coalesce("row", "row_found"), pl.coalesce("col", "col_found"))
    diffs = []
    rows = {sheet: (sent_rows, found_rows) for sheet, sent_rows, found_rows in last.iter_rows()}
    for sheet in (s for s in sheets if s in rows):
        sent_rows, found_rows = rows[sheet]
        cells = edited.filter(pl.col("sheet") == sheet).select(
            "ref", pl.col("value").fill_null(""), pl.col("value_found").fill_null("")
        )
        if cells.height or sent_rows != found_rows:
            diffs.append(
                SheetDiff(
                    sheet, list(cells.iter_rows()), max(0, found_rows - sent_rows), max(0, sent_rows - found_rows)
                )
            )
    return diffs
