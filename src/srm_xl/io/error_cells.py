"""Error values (``#DIV/0!``, ``#N/A``) in a data sheet's cells, reported: every read takes one for a blank.

A formula typed in the book's own log that fails (``=E5/F5`` with F5 empty) or a lookup that found nothing
leaves an error value in its cell, which fastexcel reads as no value, typed or as text. The guard notes, as it
streams a sheet, whether the sheet holds any (:data:`~srm_xl.io.cell_words.ERRORS`); only such a sheet, or one
no search has seen, is streamed again for their cells (:func:`~srm_xl.io.sources.sheet_marks`), and each in a
row and column the spec reads is reported with its cell.
"""

from __future__ import annotations

import polars as pl

from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.schema.frames import ROW


def error_issues(table: Table, errors: dict[tuple[int, int], str]) -> list[Issue]:
    """An error for each of ``errors`` (0-based sheet row and column → the value shown) in ``table``'s rows and
    spec columns."""
    keys = {position: key for key, position in table.columns.items()}
    found = sorted((row + 1, col, text) for (row, col), text in errors.items() if col in keys)
    if not found:
        return []
    inside = pl.Series([row for row, _, _ in found]).is_in(table.frame[ROW].implode())
    return [
        Issue(table.sheet, row, table.headers[keys[col]], "value_error_cell", "readable", text, col=col)
        for (row, col, text), read in zip(found, inside, strict=True)
        if read
    ]
