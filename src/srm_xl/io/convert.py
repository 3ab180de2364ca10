"""The one boundary where raw cell text becomes typed values.

Every sheet is read as text (a typed read silently turns "abc" or a text date into null), then each column
is converted here, vectorised: full-width to half-width, trimming, numbers with separators or percent signs,
Excel serial dates and text dates (2026/3/5, 2026年3月5日, 2026.03.05, 20260305), and choice labels in either
language to choice keys. A value that cannot be converted becomes null and is reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.schema import Column, normalise_label
from srm_xl.schema.column import LABEL_NOISE

EXCEL_EPOCH = pl.date(1899, 12, 30)
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_SERIAL = r"^\d{1,7}(\.\d+)?$"
_INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff]"
_NON_ASCII = r"[^\x00-\x7f]"


@dataclass(frozen=True)
class Failure:
    """Rows of one column whose text could not be converted, with the message code that says why."""

    column: str
    code: str
    check: str
    mask: pl.Series


def clean_text(series: pl.Series) -> pl.Series:
    """Full-width to half-width, invisible spaces removed, trimmed; empty text becomes null.

    The Unicode work runs only on columns that hold non-ASCII text, so codes, numbers and dates stay cheap.
    """
    text = series.cast(pl.String)
    if text.str.contains(_NON_ASCII).any():
        text = text.str.normalize("NFKC")
        if text.str.contains(_INVISIBLE).any():
            text = text.str.replace_all(_INVISIBLE, " ")
    text = text.str.strip_chars()
    return text.set(text.str.len_bytes() == 0, None) if (text.str.len_bytes() == 0).any() else text


def _number(text: pl.Expr) -> pl.Expr:
    plain = text.str.replace_all(r"[,\s]", "").str.replace(r"^¥|^\$|^€", "")
    return pl.when(plain.str.contains(_NUMBER)).then(plain).otherwise(None).cast(pl.Float64, strict=False)


def _percent(text: pl.Expr) -> pl.Expr:
    with_sign = text.str.ends_with("%")
    value = _number(text.str.strip_suffix("%"))
    return pl.when(with_sign | (value > 1)).then(value / 100).otherwise(value)


def _date(text: pl.Expr) -> pl.Expr:
    serial = pl.when(text.str.contains(_SERIAL)).then(text).otherwise(None).cast(pl.Float64, strict=False)
    from_serial = pl.when((serial >= 1) & (serial < 2958466)).then(
        EXCEL_EPOCH + pl.duration(days=serial.floor().cast(pl.Int64))
    )
    unified = (
        text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "")
        .str.replace_all(r"[年月/.]", "-")
        .str.replace(r"[日号]$", "")
        .str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3")
    )
    parsed = unified.str.to_date("%Y-%m-%d", strict=False)
    return pl.coalesce(parsed, from_serial)


def _datetime(text: pl.Expr) -> pl.Expr:
    parsed = text.str.replace("T", " ").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    return pl.coalesce(parsed, text.str.to_datetime("%Y-%m-%d %H:%M", strict=False), _date(text).cast(pl.Datetime("us")))


def _choice(text: pl.Expr, column: Column) -> pl.Expr:
    table = {normalise_label(alias): choice.key for choice in column.choices for alias in choice.aliases()}
    folded = text.str.to_lowercase().str.replace_all(LABEL_NOISE, "")
    return folded.replace_strict(table, default=None, return_dtype=pl.String)


def convert_column(raw: pl.Series, column: Column) -> tuple[pl.Series, Failure | None]:
    """``raw`` text converted to ``column``'s dtype, with the rows that failed (non-empty text, null result)."""
    return convert_cleaned(clean_text(raw), column)


def convert_cleaned(text: pl.Series, column: Column) -> tuple[pl.Series, Failure | None]:
    """Like :func:`convert_column` for text already passed through :func:`clean_text`."""
    frame = pl.DataFrame({"text": text})
    text = pl.col("text")
    code, check = "bad_value", column.dtype
    if column.choices:
        value, code, check = _choice(text, column), "not_in_choices", "in_choices"
    elif column.dtype == "int":
        number = _number(text)
        value = pl.when(number == number.round(0)).then(number).otherwise(None).cast(pl.Int64)
        code, check = "not_integer", "is_integer"
    elif column.dtype == "float":
        value, code, check = _number(text), "not_number", "is_number"
    elif column.dtype == "percent":
        value, code, check = _percent(text), "not_number", "is_percent"
    elif column.dtype == "date":
        value, code, check = _date(text), "not_date", "is_date"
    elif column.dtype == "datetime":
        value, code, check = _datetime(text), "not_date", "is_datetime"
    else:
        value = text
    out = frame.select(value.alias(column.key), failed=text.is_not_null() & value.is_null())
    failed = out["failed"]
    failure = Failure(column.key, code, check, failed) if failed.any() else None
    return out[column.key], failure

