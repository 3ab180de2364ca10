"""The one boundary where raw cell text becomes typed values.

Sheets are read as text (a typed read silently turns "abc" or a text date into null), then each column is
converted here, vectorised: full-width to half-width, trimming, numbers with separators or percent signs,
amounts and quantities with a currency, a unit or a 万/千 multiplier (人民币2.5万元, 1.2万件), Excel serial dates and text dates (2026/3/5, 2026年3月5日, 2026.03.05, 20260305, 26/7/3; 15/7/2026 or 7/15/2026
as the column's own dates show; 3-Jul-26, Jul 3, 2026; 7月3日 with a year given by the caller), and choice labels
in either language, synonyms or the workbook's value map to choice keys. A number or date that cannot be read becomes null and is reported; a word a choice column does not know is kept as typed
(and reported when the column is closed), never dropped silently. A number or date column the reader could
type exactly (:mod:`srm_xl.io.typed_read`) is converted by :func:`convert_typed` to the same values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

import polars as pl

from srm_xl.schema import Column, normalise_label
from srm_xl.schema.column import LABEL_NOISE

EXCEL_EPOCH = date(1899, 12, 30)
"""The day date serial 0 stands for in the 1900 date system (a book in the 1904 system gives its own)."""
SERIAL_RANGE = (18264, 73051)
"""Excel serial numbers read as dates: 1950-01-01 to 2099-12-31. A smaller number in a date column is a quantity
or a count typed there (实际到货 = 480), reported as not a date rather than read as a day of 1901."""
FIRST_YEAR = 1900
"""A date typed before this year is a typing slip (``26/7/3`` is not the year 26), reported, never kept."""
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_SERIAL = r"^\d{1,7}(\.\d+)?$"
_INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff]"
_NON_ASCII = r"[^\x00-\x7f]"
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
"""A Chinese, Japanese or Korean character: text holding one is written in a language whose full width is its own."""
UNREAD = frozenset({"not_number", "not_integer", "not_date"})
"""The problems of a number or date cell that could not be read: its value is read as none (its text is kept
where the cell is written back, reported where a job needed it)."""
_UNIT = r"(?i)(pcs|pc|ea|units?|sets?|kg|g|m|pts?|points?|件|个|只|套|台|箱|卷|米|片|支|根|元|人|分)$"
"""A unit written after a quantity (``500PCS``, ``1,200件``) or a score (``4分``, ``85 pts``) is not part of the
number."""
_CURRENCY = r"(?i)^(人民币|rmb|cny|us\$|usd|hk\$|hkd|eur|¥|\$|€)"
"""A currency written before an amount (``人民币5000``, ``RMB 3,000``, ``￥1.5万``, already folded to ``¥``)."""


_YEAR_LAST = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"
"""A date with its four-digit year last: 15/7/2026 (day first) or 7/15/2026 (month first), as a column decides."""
_SHORT_DATE = r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2})$"
"""A short date with two digits of year, first or last as the column shows (:func:`_short_year_last`): 7/15/26,
15/07/26, 15.07.26, 26/7/3."""
_TIME = r"(?i)(?:[ T]|\s*(?:上午|下午|晚上|中午|凌晨)\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?$"
"""A time of day after a date (``08:30``, ``下午 3:05``, ``3:05 PM``): the date is read without it."""
_DECIMAL_COMMA = r"^([+-]?\d+),(\d{1,2})$|^([+-]?0),(\d+)$"
"""A number whose comma is its decimal point (``0,65``, ``1,5``, ``0,065``): no thousands grouping leaves fewer
than three digits after a comma, nor starts with a 0 (an AQL of 0,065 is not 65)."""
_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"
"""A number whose commas group its thousands: any other comma left after a decimal comma is read (12,0000 grouped in
万 or 12.0000 with a decimal comma, 1,000,5 mistyped) is not read but reported — its readings lie thousands of
times apart."""
_DOT_GROUPS = r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$"
"""A number grouped by dots with a decimal comma (``1.234,56``)."""
_NAMED_DAY_FIRST = r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})$"
_NAMED_MONTH_FIRST = r"^([a-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?[\s,\-/.]+(\d{4}|\d{2})$"
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
"""English month names and their abbreviations (3-Jul-26, Jul 3, 2026, 3 July 2026)."""
_MONTH_DAY = r"^(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*[日号]?$"
"""A date typed without its year: 7月3日, 7/3, 7-3, 7.3."""
_NONE_MARK = r"(?i)^(?:/+|\\|-+|—+|–+|―+|~|无|空|n/?a|nil|none)$"
"""A cell that says "none" or "not applicable" instead of a number or date: ``/``, ``-``, ``—``, ``无``, ``N/A``."""
_OPEN_ENDED = r"(?i)^(?:长期有效|长期|永久有效|永久|无限期|无固定期限|不限期|open[- ]?ended|no expiry|permanent)$"
"""An end date written as "none, it lasts" (:attr:`~srm_xl.schema.Column.open_ended` columns only)."""
OPEN_END = date(9999, 12, 31)
"""What an :attr:`~srm_xl.schema.Column.open_ended` column reads for 长期有效: the last day a cell can hold, later
than any day a job compares it with (never expired, the latest of its kind); written back as the word."""
_ABOUT = r"(?i)^(?:约|大约|大概|将近|接近|近|超过|逾|approx\.?|about|around|~|≈)\s*"
_OR_SO = r"\s*(?:左右|上下|以上)$"
MARKED_TYPES = ("int", "float", "percent", "date", "datetime")
"""Column dtypes whose cells may hold a :func:`none_mark` (read as blank, noted once per column)."""
PER_WORD_ROWS = 20_000
"""Columns this long are worked on per distinct value when their first rows repeat (:func:`per_word`)."""
_SAMPLE = 4096


@dataclass(frozen=True)
class Failure:
    """Rows of one column whose text could not be converted, with the message code that says why.

    A closed choice column's unknown words are kept in the value (``kept``) and reported as a warning."""

    column: str
    code: str
    check: str
    mask: pl.Series
    kept: bool = False


def repeats(series: pl.Series) -> bool:
    """Whether a column is long and its first rows repeat their values (choices, supplier codes), so work done
    once per distinct value pays."""
    return series.len() >= PER_WORD_ROWS and series.head(_SAMPLE).n_unique() * 4 <= _SAMPLE


def per_word(series: pl.Series, work: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``work`` (cell by cell) done once per distinct value of a column that repeats its words (choices,
    supplier codes: a year's 合格 cleaned once, not a million times), else on every row; the same either way."""
    if not repeats(series):
        return work(series)
    words = series.unique()
    done = work(words)
    return series.replace_strict(words, done, return_dtype=done.dtype)


def clean_text(series: pl.Series, *, free: bool = False) -> pl.Series:
    """Full-width to half-width, invisible spaces removed, trimmed; empty text becomes null. In ``free`` text (see
    :func:`is_free_text`) a value written in Chinese, Japanese or Korean keeps its full-width forms as typed.

    The Unicode work runs only on columns that hold non-ASCII text, so codes, numbers and dates stay cheap.
    """
    text = series.cast(pl.String)
    return text if text.null_count() == text.len() else per_word(text, partial(_clean, free=free))


def is_free_text(column: Column) -> bool:
    """Whether a column holds text as the user writes it (a name, an address, a root cause, or a code): no
    choices, no reference and no format to read it by. Its values in Chinese keep their full-width （）：，ＯＫ as
    typed (东莞市华强电子（集团）有限公司 is the legal name); the others (Ｓ００１, a code) are made half-width."""
    return column.dtype == "text" and not column.choices and column.ref is None and column.fmt is None


def _clean(text: pl.Series, free: bool) -> pl.Series:
    if text.str.contains(_NON_ASCII).any():
        folded = text.str.normalize("NFKC")
        text = text.zip_with(text.str.contains(_CJK), folded) if free else folded
        if text.str.contains(_INVISIBLE).any():
            text = text.str.replace_all(_INVISIBLE, " ")
    text = text.str.strip_chars()
    return text.set(text.str.len_bytes() == 0, None) if (text.str.len_bytes() == 0).any() else text


def _plain(text: pl.Expr) -> pl.Expr:
    """The text of a number without its separators, the currency before it and the unit after it; a decimal comma
    (``0,65``, ``1.234,56``) read as the decimal point it is, never as a thousands separator (0,65 is not 65); a
    comma that is neither (:data:`_THOUSANDS`) kept, so the text is no number."""
    text = text.str.replace_all(r"\s", "").str.replace(_CURRENCY, "").str.replace(_UNIT, "")
    dotted = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    text = pl.when(text.str.contains(_DOT_GROUPS)).then(dotted).otherwise(text)
    text = text.str.replace(_DECIMAL_COMMA, "$1$3.$2$4")
    odd = text.str.contains(",", literal=True) & ~text.str.contains(_THOUSANDS)
    return pl.when(odd).then(text).otherwise(text.str.replace_all(",", "", literal=True))


def _number(plain: pl.Expr) -> pl.Expr:
    return pl.when(plain.str.contains(_NUMBER)).then(plain).otherwise(None).cast(pl.Float64, strict=False)


def _amount(text: pl.Expr, unit: float = 1) -> pl.Expr:
    """An amount or a quantity as users write it, with a currency, a unit and a ``亿``, ``万`` or ``千`` multiplier,
    read as the exponent it stands for (``2.5万`` as ``2.5e4``), so ``1.2万`` is exactly 12000; in a column counted
    in ``unit`` (1e4: 万元) a multiplied amount is read in that unit (``5000万`` as 5000), a bare number as it is."""
    plain = _plain(text)
    value = _number(plain.str.replace("亿$", "e8").str.replace("万$", "e4").str.replace("千$", "e3"))
    return value if unit == 1 else pl.when(plain.str.contains("[亿万千]$")).then(value / unit).otherwise(value)


def approximate(text: pl.Expr) -> pl.Expr:
    """An approximate quantity (``约200人``, ``200余人``, ``5000万左右``, ``200+``) without the words that say so."""
    return text.str.replace(_ABOUT, "").str.replace(_OR_SO, "").str.replace(r"(\d)(?:余|多|\+)", "${1}")


def _in_percent(text: pl.Expr, column: Column) -> pl.Expr:
    """The number of a :attr:`~srm_xl.schema.Column.percent_unit` column as typed with its ``%`` or after the
    column's name (``2.5%``, ``AQL 2.5``, ``AQL1.0%``): the text of the number alone."""
    names = "|".join(re.escape(name) for name in sorted(column.aliases(), key=len, reverse=True))
    return text.str.replace(rf"(?i)^(?:{names})\s*[:=]?\s*", "").str.strip_suffix("%")


def _percent_scale(value: pl.Expr, with_sign: pl.Expr | bool = False) -> pl.Expr:
    """A share as a fraction: ``95%`` and ``95`` are both 0.95, ``0.95`` stays."""
    return pl.when(with_sign | (value > 1)).then(value / 100).otherwise(value)


def _percent(text: pl.Expr) -> pl.Expr:
    return _percent_scale(_number(_plain(text.str.strip_suffix("%"))), text.str.ends_with("%"))


def with_year(text: pl.Expr, year: int | None) -> pl.Expr:
    """A date typed without its year (7月3日) as the same date in ``year``; other text unchanged."""
    if year is None:
        return text
    return text.str.replace(_MONTH_DAY, f"{year}-$1-$2")


def none_mark(text: pl.Expr) -> pl.Expr:
    """Whether the text is a mark for "none" (``/``, ``-``, ``无``, ``N/A``) rather than a value."""
    return text.str.contains(_NONE_MARK)


def open_ended(text: pl.Expr) -> pl.Expr:
    """Whether the text says an end date does not come (``长期有效``, ``永久``)."""
    return text.str.contains(_OPEN_ENDED)


def is_month_day(text: pl.Expr) -> pl.Expr:
    """Whether the text is a date typed without its year."""
    return text.str.contains(_MONTH_DAY)


def _date(text: pl.Expr, epoch: date) -> pl.Expr:
    serial = pl.when(text.str.contains(_SERIAL)).then(text).otherwise(None).cast(pl.Float64, strict=False)
    from_serial = pl.when(serial.is_between(*SERIAL_RANGE)).then(
        pl.lit(epoch) + pl.duration(days=serial.floor().cast(pl.Int64))
    )
    text = _short_year_last(text.str.replace(_TIME, ""))
    unified = (
        text.str.replace_all(r"[年月/.]", "-")
        .str.replace(r"[日号]$", "")
        .str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3")
    )
    unified = _full_year(unified, r"-\d{1,2}-\d{1,2}")
    parsed = unified.str.to_date("%Y-%m-%d", strict=False)
    return pl.coalesce(_plausible(parsed), _plausible(_year_last(text)), _plausible(_named(text)), from_serial)


def _full_year(text: pl.Expr, rest: str = "") -> pl.Expr:
    """A two-digit year at the start of ``text`` (followed by ``rest``) as Excel reads it: 00–29 → 20xx, 30–99 →
    19xx."""
    return text.str.replace(rf"^([0-2]\d)({rest})$", "20$1$2").str.replace(rf"^([3-9]\d)({rest})$", "19$1$2")


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date of text parts (the year in two or four digits)."""
    return pl.concat_str([_full_year(year), month, day], separator="-").str.to_date("%Y-%m-%d", strict=False)


def _short_year_last(text: pl.Expr) -> pl.Expr:
    """Short dates (12/07/26) with their year written out last (12/07/2026) where the column's such dates read so
    come nearer this year than read year first (2012-07-26), or a last part can only be a year: 03/07/26 and
    15/07/26 are of 2026, not 2003 and 2015; 26/7/3 and 99/1/2 stay year first. The order of day and month is
    then the column's (:func:`_year_last`)."""
    short = text.str.extract_groups(_SHORT_DATE)
    first, last = (short.struct[i].cast(pl.Int32) for i in (0, 2))
    this = date.today().year

    def distance(part: pl.Expr) -> pl.Expr:
        return (pl.when(part < 30).then(part + 2000).otherwise(part + 1900).max() - this).abs()

    year_last = (first <= 31).all() & ((last > 31).any() | (distance(last) < distance(first)))
    written_out = pl.concat_str([short.struct[0], short.struct[1], pl.lit("20") + short.struct[2]], separator="/")
    return pl.when(year_last & first.is_not_null()).then(written_out).otherwise(text)


def _year_last(text: pl.Expr) -> pl.Expr:
    """15/7/2026 or 7/15/2026: day first when a first part of the column's such dates exceeds 12 and no second
    part does, month first the other way round; a column where neither shows (7/3/2026 alone) is not guessed."""
    parts = text.str.extract_groups(_YEAR_LAST)
    first, second = (parts.struct[i].cast(pl.Int32) for i in (0, 1))
    year = parts.struct[2]
    day_first, month_first = (first > 12).any(), (second > 12).any()
    return (
        pl.when(day_first & ~month_first)
        .then(_ymd(year, second.cast(pl.String), first.cast(pl.String)))
        .when(month_first & ~day_first)
        .then(_ymd(year, first.cast(pl.String), second.cast(pl.String)))
    )


def _named(text: pl.Expr) -> pl.Expr:
    """A date with an English month name: 3-Jul-26, 03 July 2026, Jul 3, 2026, July 3rd 2026."""
    lower = text.str.to_lowercase()
    day_first, month_first = lower.str.extract_groups(_NAMED_DAY_FIRST), lower.str.extract_groups(_NAMED_MONTH_FIRST)
    month = pl.coalesce(day_first.struct[1], month_first.struct[0])
    number = month.replace_strict(MONTHS, default=None, return_dtype=pl.Int32).cast(pl.String)
    day = pl.coalesce(day_first.struct[0], month_first.struct[1])
    return _ymd(pl.coalesce(day_first.struct[2], month_first.struct[2]), number, day)


def _plausible(day: pl.Expr) -> pl.Expr:
    """A parsed date or time, unless it falls before :data:`FIRST_YEAR`."""
    return pl.when(day.dt.year() >= FIRST_YEAR).then(day)


def _datetime(text: pl.Expr, epoch: date) -> pl.Expr:
    parsed = text.str.replace("T", " ").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    minutes = text.str.to_datetime("%Y-%m-%d %H:%M", strict=False)
    return pl.coalesce(_plausible(parsed), _plausible(minutes), _date(text, epoch).cast(pl.Datetime("us")))


def choice_table(column: Column, words: dict[str, str] | None = None) -> dict[str, str]:
    """Folded word → choice key: the schema's labels and synonyms, then the workbook's value map (``words``,
    already folded), which wins where both know a word."""
    table = {normalise_label(alias): choice.key for choice in reversed(column.choices) for alias in choice.aliases()}
    return {**table, **(words or {})}


def fold(text: pl.Expr) -> pl.Expr:
    """Text folded like :func:`srm_xl.schema.normalise_label` (input already NFKC-cleaned)."""
    return text.str.to_lowercase().str.replace_all(LABEL_NOISE, "")


def _choice(text: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return fold(text).replace_strict(table, default=None, return_dtype=pl.String)


def convert_column(raw: pl.Series, column: Column) -> tuple[pl.Series, Failure | None]:
    """``raw`` text converted to ``column``'s dtype, with the rows that failed (non-empty text, null result); free
    text (a supplier's answer) kept as typed."""
    return convert_cleaned(clean_text(raw, free=is_free_text(column)), column)


def _fast_date(text: pl.Expr) -> pl.Expr:
    """ISO dates and the ``2026-03-05 00:00:00`` text of Excel date cells, parsed without any rewriting."""
    iso = text.str.len_bytes().is_in([10, 19]) & text.str.slice(4, 1).eq("-")
    return _plausible(pl.when(iso).then(text.str.slice(0, 10)).str.to_date("%Y-%m-%d", strict=False))


def _fast_datetime(text: pl.Expr) -> pl.Expr:
    return _plausible(text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False))


def _fast_number(text: pl.Expr) -> pl.Expr:
    number = text.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _fast_choice(text: pl.Expr, column: Column) -> pl.Expr:
    exact = {alias: choice.key for choice in reversed(column.choices) for alias in choice.aliases()}
    return text.replace_strict(exact, default=None, return_dtype=pl.String)


def _rules(
    column: Column, words: dict[str, str] | None, year: int | None, epoch: date
) -> tuple[Callable[[pl.Expr], pl.Expr], Callable[[pl.Expr], pl.Expr], str, str]:
    """The fast conversion (plain, exact forms), the full one (every form users write), the code and the check."""
    if column.choices:
        table = choice_table(column, words)
        fast = (lambda t: _fast_choice(t, column)) if not words else (lambda t: _choice(t, table))
        return fast, (lambda t: _choice(t, table)), "not_in_choices", "in_choices"
    if column.dtype in ("int", "float"):
        code, check = ("not_integer", "is_integer") if column.dtype == "int" else ("not_number", "is_number")
        full = (
            (lambda t: _amount(_in_percent(t, column))) if column.percent_unit else (lambda t: _amount(t, column.unit))
        )
        return _fast_number, full, code, check
    if column.dtype == "percent":
        return (lambda t: _percent_scale(_fast_number(t))), _percent, "not_number", "is_percent"
    if column.dtype == "date":
        return _fast_date, (lambda t: _date(with_year(t, year), epoch)), "not_date", "is_date"
    if column.dtype == "datetime":
        return _fast_datetime, (lambda t: _datetime(with_year(t, year), epoch)), "not_date", "is_datetime"
    return (lambda t: t), (lambda t: t), "bad_value", "text"


def convert_cleaned(
    text: pl.Series,
    column: Column,
    *,
    words: dict[str, str] | None = None,
    year: int | None = None,
    epoch: date = EXCEL_EPOCH,
) -> tuple[pl.Series, Failure | None]:
    """Like :func:`convert_column` for text already passed through :func:`clean_text`.

    Every value first gets the fast conversion of plain forms (``12``, ``2026-03-05``, an exact label); only
    the values it cannot read go through the full one, so a clean column of a million rows costs one cast.
    ``words`` is the workbook's value map for this column (folded word → choice key); ``year`` completes dates
    typed without one; ``epoch`` is the book's day 0 for date serials typed as numbers. A choice column keeps a
    word it does not know as typed; a closed one reports it.
    """
    fast, full, code, check = _rules(column, words, year, epoch)
    frame = pl.DataFrame({"text": text})
    value = frame.select(fast(pl.col("text")).alias("v"))["v"]
    missing = value.is_null() & text.is_not_null()
    if missing.any():
        rows = missing.arg_true()
        value = value.scatter(rows, frame[rows].select(full(pl.col("text")).cast(value.dtype).alias("v"))["v"])
    return _finish(value, text, column, code, check)


TYPED = ("int", "float", "percent", "date")
"""Column dtypes a reader may hand over typed (numbers as floats, dates as datetimes) instead of as text."""


def convert_typed(values: pl.Series, column: Column) -> tuple[pl.Series, Failure | None]:
    """Like :func:`convert_cleaned` for a column read typed: numbers (a ``TYPED`` number column) or dates and
    times (a date column), giving what their text would have given — a number cell's text is the shortest that
    reads back as the same float, a date cell's its ISO date and time."""
    _, _, code, check = _rules(column, None, None, EXCEL_EPOCH)
    if column.dtype == "date":
        return _finish(values.dt.date(), values, column, code, check)
    number = values.cast(pl.Float64)
    value = number.set(~number.is_finite(), None)
    if column.dtype == "percent":
        value = pl.DataFrame({"v": value}).select(_percent_scale(pl.col("v")))["v"]
    return _finish(value, values, column, code, check)


def text_as_read(values: pl.Series) -> pl.Series:
    """Numbers as the text a spreadsheet reader gives for a number cell: shortest round trip, no exponent
    (``12345``, ``2.5``, ``0.00005``)."""
    return values.map_elements(lambda x: format(Decimal(repr(float(x))), "f").removesuffix(".0"), pl.String)


def _finish(
    value: pl.Series, given: pl.Series, column: Column, code: str, check: str
) -> tuple[pl.Series, Failure | None]:
    """Whole numbers for an int column, then the rows that failed (a value given, none read); a choice column
    keeps a word it does not know as typed, reported when the column is closed."""
    if column.dtype == "int":
        value = value.set(value != value.round(0), None).cast(pl.Int64)
    failed = (value.is_null() & given.is_not_null()).alias("failed")
    if column.choices:
        value = value.zip_with(~failed, given)
        if not column.closed:
            return value.alias(column.key), None
    return value.alias(column.key), Failure(
        column.key, code, check, failed, kept=bool(column.choices)
    ) if failed.any() else None
