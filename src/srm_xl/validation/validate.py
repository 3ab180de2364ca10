"""Validation of a whole workbook in one pass: every rule of every known sheet, every failure collected."""

from __future__ import annotations

import polars as pl

from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.validation.rules import ROW_CHECKS, check_references

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def validate_tables(tables: list[Table]) -> list[Issue]:
    """All problems in ``tables``: what reading found, each row rule, and references between sheets.

    Never changes the data; one bad row never stops the others. A cell whose text could not be read is
    reported once, not again by the rules its missing value then breaks. Sorted by sheet, row, column.
    """
    keys: dict[str, pl.Series] = {}
    for table in tables:
        for column in table.spec.columns:
            if column.key in table.columns and (column.unique or column.key in table.spec.key_columns):
                keys[f"{table.spec.key}.{column.key}"] = table.frame[column.key].drop_nulls().unique()
    issues: list[Issue] = []
    for table in tables:
        unreadable = {(i.row, i.col) for i in table.issues}
        issues.extend(table.issues)
        for check in ROW_CHECKS:
            issues.extend(i for i in check(table) if (i.row, i.col) not in unreadable)
        issues.extend(check_references(table, keys))
    return sorted(issues, key=lambda i: (i.sheet, i.row or 0, i.col if i.col is not None else -1, i.code))
