"""How a number is spelt in a cell: as a spreadsheet keeps it, so a file re-saved by any office suite reads the
same as the one written. The writer spells numbers this way, and a reply's numbers are compared this way."""

from __future__ import annotations

import polars as pl

SIGNIFICANT = 15
"""Digits of a number a spreadsheet keeps (Excel shows and LibreOffice saves 15)."""


def number_text(number: pl.Expr) -> pl.Expr:
    """A float at ``SIGNIFICANT`` digits, never −0, without a trailing ``.0``."""
    rounded = number.round_sig_figs(SIGNIFICANT)
    return pl.when(rounded == 0).then(pl.lit("0")).otherwise(rounded.cast(pl.String).str.strip_suffix(".0"))


def float_text(value: float) -> str:
    """``number_text`` of one value (the same rounding, so a cell spells a value as a column would)."""
    return str(pl.select(number_text(pl.lit(value, pl.Float64))).item())
