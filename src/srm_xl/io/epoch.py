"""The day a workbook's date serial 0 stands for: 1899-12-30, or 1904-01-01 in a book set to the 1904 date system
(Excel for Mac's old default, kept by every program that opens such a book)."""

from __future__ import annotations

import re
from datetime import datetime, time

import polars as pl

from srm_xl.schema.convert import EXCEL_EPOCH

EPOCH_1900 = datetime.combine(EXCEL_EPOCH, time())
EPOCH_1904 = datetime(1904, 1, 1)
_DATE1904 = re.compile(rb"""<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']""")


def book_epoch(workbook_xml: bytes) -> datetime:
    """The epoch of the workbook whose workbook part is ``workbook_xml``."""
    return EPOCH_1904 if _DATE1904.search(workbook_xml) else EPOCH_1900


def serial_days(value: pl.Expr, dtype: pl.DataType, epoch: datetime) -> pl.Expr:
    """A date (whole days) or date-time (a fraction of a day) column as the serial a cell stores, from ``epoch``."""
    if dtype == pl.Date:
        return (value - pl.lit(epoch.date())).dt.total_days()
    return (value - pl.lit(epoch)).dt.total_microseconds() / 86_400_000_000
