"""Benchmark workbooks saved the way Excel saves them: shared strings, real date cells, a styles part with
number formats, one header row per sheet — built with XlsxWriter (not the product's own writer)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import xlsxwriter

from srm_xl.messages import Lang
from srm_xl.schema import spec

_SERIAL_1970 = 25569
"""Excel's serial number of 1970-01-01 (polars counts dates in days from there)."""


def write_excel_book(path: Path, frames: dict[str, pl.DataFrame], lang: Lang = "en") -> Path:
    """Each frame as its spec's sheet (sheet name and headers in ``lang``), strings shared, dates as date cells."""
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    date_format = book.add_format({"num_format": "yyyy/m/d"})
    number_format = book.add_format({"num_format": "#,##0.00"})
    for key, frame in frames.items():
        sheet_spec = spec(key)
        sheet = book.add_worksheet(sheet_spec.name(lang))
        columns = [c for c in sheet_spec.columns if c.key in frame.columns]
        sheet.write_row(0, 0, [c.header(lang) for c in columns])
        for index, column in enumerate(columns):
            values = frame[column.key]
            if values.dtype == pl.Date:
                serials = (values.cast(pl.Int32) + _SERIAL_1970).to_list()
                for row, serial in enumerate(serials, start=1):
                    if serial is not None:
                        sheet.write_number(row, index, serial, date_format)
            elif values.dtype.is_numeric():
                cell_format = number_format if values.dtype.is_float() else None
                for row, number in enumerate(values.to_list(), start=1):
                    if number is not None:
                        sheet.write_number(row, index, number, cell_format)
            else:
                for row, text in enumerate(values.cast(pl.String).to_list(), start=1):
                    if text is not None:
                        sheet.write_string(row, index, text)
    book.close()
    return path
