"""Checks on text that came from outside: formula-like text is kept as text with a warning, text beyond the limit
is refused (null) with an error. Values are never evaluated, only stored through drafts as inline strings."""

from __future__ import annotations

import polars as pl

from srm_xl.issues import Issue

FORMULA_START = r"^[=+\-@\t\r]"
"""Text a spreadsheet would take for a formula (or DDE) if it were typed into a cell."""

SHOWN = 60
"""Characters of a refused or suspicious value quoted in a message."""


def shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def screen_text(
    frame: pl.DataFrame, columns: dict[str, tuple[str, int]], sheet: str, limit: int
) -> tuple[pl.DataFrame, list[Issue]]:
    """``frame`` (with ``_row``) with over-long values of ``columns`` (key → (header, 0-based column)) nulled, and the
    issues found."""
    issues: list[Issue] = []
    for key, (header, col) in columns.items():
        text = pl.col(key).cast(pl.String)
        formula = frame.filter(text.str.contains(FORMULA_START).fill_null(False)).select(key, "_row")
        issues += [
            Issue(sheet, row, header, "qualification_answer_formula", "as_text", shown(v), col, "warning")
            for v, row in formula.iter_rows()
        ]
        long = (text.str.len_chars() > limit).fill_null(False)
        refused = frame.filter(long).select(key, "_row")
        issues += [
            Issue(
                sheet,
                row,
                header,
                "qualification_answer_too_long",
                "max_length",
                shown(v),
                col,
                "error",
                {"limit": limit},
            )
            for v, row in refused.iter_rows()
        ]
        frame = frame.with_columns(pl.when(long).then(None).otherwise(pl.col(key)).alias(key))
    return frame, issues
