"""Writing the inspection log back: unreadable entries kept as typed, issues moved to the rewritten cells,
and the cells with errors highlighted."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from srm_xl.io.draft import Rule, SheetDraft
from srm_xl.io.highlight import MARKER, MAX_CELLS
from srm_xl.io.styles import PROBLEM
from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.messages import Lang
from srm_xl.schema.convert import UNREAD
from srm_xl.schema.frames import ROW

UNREADABLE = UNREAD | {"not_in_choices"}
"""Read problems whose cell came back empty: its text is written back as the user typed it."""


def keep_unreadable(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """``frame`` with each cell that could not be read holding its original text again (the column as text)."""
    key_of = {col: key for key, col in table.columns.items()}
    raw: dict[str, dict[int, str]] = {}
    for issue in table.issues:
        if issue.code in UNREADABLE and issue.col in key_of and issue.row is not None:
            raw.setdefault(key_of[issue.col], {})[issue.row] = str(issue.value)
    for key, cells in raw.items():
        patch = pl.DataFrame(
            {ROW: list(cells), "_raw": list(cells.values())}, schema={ROW: pl.Int64, "_raw": pl.String}
        )
        frame = (
            frame.join(patch, on=ROW, how="left", maintain_order="left")
            .with_columns(pl.coalesce("_raw", pl.col(key).cast(pl.String)).alias(key))
            .drop("_raw")
        )
    return frame


def relocate(issues: list[Issue], table: Table, rows: pl.Series, lang: Lang) -> list[Issue]:
    """``issues`` pointing at the rewritten sheet: data rows from row 2 in ``rows`` order (the frame's ``_row``),
    spec columns in spec order, headers in ``lang``. Rows no longer in the sheet (notes) lose their row."""
    new_row = {old: index + 2 for index, old in enumerate(rows.to_list())}
    key_of = {col: key for key, col in table.columns.items()}
    keys = table.spec.keys()
    moved = []
    for issue in issues:
        key = key_of.get(issue.col) if issue.col is not None else None
        column = table.spec.column(key).header(lang) if key else issue.column
        fields = {**issue.fields, "where": column} if "where" in issue.fields else issue.fields
        moved.append(
            replace(
                issue,
                row=new_row.get(issue.row) if issue.row is not None else None,
                col=keys.index(key) if key else issue.col,
                column=column,
                fields=fields,
            )
        )
    return sorted(moved, key=lambda i: (i.row or 0, i.col if i.col is not None else -1, i.code))


def highlight_errors(draft: SheetDraft, issues: list[Issue]) -> list[str]:
    """Highlight the cells of ``issues``' errors in ``draft`` the way ``Workbook.mark`` does (same marker, so a
    later mark replaces it); returns the cells."""
    cells = list(dict.fromkeys(i.cell for i in issues if i.severity == "error" and i.row and i.col is not None))
    if cells:
        draft.rules.append(Rule(" ".join(cells[:MAX_CELLS]), "expression", MARKER, PROBLEM))
    return cells
