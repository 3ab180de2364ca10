"""A package's cells as normalised values: what a spreadsheet means, not how its XML spells it.

Every non-text cell sent keeps a kind: ``n`` a number as General shows it, ``n<d>`` a number shown with ``d``
decimals, ``d`` a date, ``t`` a date and time. A reply's cell is read as the kind that was sent, so numbers compare
as numbers (−0 = 0, 1.0 = 1, float noise below what the cell shows), dates as dates whether stored as a serial,
a styled number or text, text NFC-normalised, and an empty cell the same as a missing one. Styles, widths,
shared or inline strings and every other detail of how an office suite saves are never looked at.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl

from srm_xl.schema import Column
from srm_xl.schema.convert import convert_column
from srm_xl.schema.numbers import SIGNIFICANT, number_text

Kinds = dict[str, str]
"""Cell reference → kind, for the non-text cells of one sheet."""
_DATE = Column("value", "值", "value", dtype="date")
_DATETIME = Column("value", "值", "value", dtype="datetime")


def shown_decimals(num_fmt: str) -> int | None:
    """How many decimals a number format shows (a percent format two more), ``None`` for General or text."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", num_fmt.split(";")[0])
    if not re.search(r"[0#?]", section):
        return None
    fraction = section.split(".", 1)[1] if "." in section else ""
    return len(re.findall(r"[0#?]", fraction)) + 2 * section.count("%")


def number_kind(num_fmt: str) -> str:
    """The kind of a number cell shown in ``num_fmt``."""
    places = shown_decimals(num_fmt)
    return "n" if places is None else f"n{places}"


def column_kind(dtype: pl.DataType, num_fmt: str) -> str | None:
    """The kind of the cells of a column of ``dtype`` written in ``num_fmt`` (``None``: text)."""
    if dtype == pl.Date:
        return "d"
    if isinstance(dtype, pl.Datetime):
        return "t"
    if dtype.is_numeric():
        return number_kind(num_fmt)
    return None


def value_kind(value: object, num_fmt: str) -> str | None:
    """The kind of a single cell holding ``value`` in ``num_fmt`` (``None``: text, a boolean or nothing)."""
    if isinstance(value, bool) or not isinstance(value, int | float | date):
        return None
    return "t" if isinstance(value, datetime) else "d" if isinstance(value, date) else number_kind(num_fmt)


def _fixed(number: pl.Expr, places: pl.Expr) -> pl.Expr:
    """A number rounded half away from zero to ``places`` decimals, as a format with that many decimals shows
    it (binary noise removed first), in plain notation without trailing zeros."""
    scale = pl.lit(10, pl.Int64).pow(places.cast(pl.UInt32))
    units = (number * scale.cast(pl.Float64)).round_sig_figs(SIGNIFICANT).round(0, mode="half_away_from_zero")
    whole = units.cast(pl.Int64, strict=False)
    digits = (whole.abs() % scale).cast(pl.String).str.pad_start(places, "0").str.strip_chars_end("0")
    sign = pl.when(whole < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    text = (
        sign + (whole.abs() // scale).cast(pl.String) + pl.when(digits != "").then("." + digits).otherwise(pl.lit(""))
    )
    return pl.when(whole.is_not_null()).then(text)


def _as_date(text: pl.Series, column: Column, form: str) -> pl.Series:
    """``text`` read as ``column``'s date kind (serials, styled numbers, text dates) in ``form``, null where it is none."""
    return convert_column(text, column)[0].dt.strftime(form)


def normalise(cells: pl.DataFrame) -> pl.Series:
    """The normalised value of each cell of ``cells`` (``text`` as read, ``kind`` null for text), null if empty.

    A cell that cannot be read as its kind keeps its text, so it differs from any value of that kind. Dates are
    parsed only where a date was sent (the full date reader is the costly part).
    """
    text = pl.col("text").str.replace_all("\r\n", "\n", literal=True).str.normalize("NFC")
    kind = pl.col("kind")
    number = pl.col("text").str.strip_chars().cast(pl.Float64, strict=False)
    places = kind.str.slice(1).cast(pl.Int32, strict=False)
    numeric = pl.when(number.is_finite()).then(
        pl.when(places.is_not_null())
        .then(pl.coalesce(_fixed(number, places), number_text(number)))
        .otherwise(number_text(number))
    )
    frame = (
        cells.select("text", "kind")
        .with_row_index("_at")
        .with_columns(typed=pl.when(kind.str.starts_with("n")).then(numeric))
    )
    for code, column, form in (("d", _DATE, "%Y-%m-%d"), ("t", _DATETIME, "%Y-%m-%d %H:%M:%S")):
        dated = frame.filter(kind == code)
        if dated.height:
            frame = frame.update(
                dated.select("_at", typed=_as_date(dated["text"].fill_null(""), column, form)), on="_at"
            )
    value = pl.coalesce("typed", text)
    return frame.select(pl.when(value != "").then(value).alias("value")).to_series()
