"""Scoring periods: labels ("2026-07", "2026-Q3", "2026"), their date ranges and their order.

Labels are parsed by one vectorised expression (``period_bounds``), which the scalar helpers reuse, so a label
means the same in a Manual-ratings column and in a job's argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import polars as pl

from srm_xl.errors import SrmError

PeriodKind = Literal["month", "quarter", "year"]

_YEAR = r"^(\d{4})\s*年?$"
_QUARTER = r"(?i)^(\d{4})\s*(?:[-/._ ]|年)?\s*(?:Q\s*([1-4])|第?([1-4])\s*季度?)$"
_MONTH = r"^(\d{4})\s*(?:[-/._]|年)\s*(\d{1,2})\s*月?$"


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year; ``start`` and ``end`` are inclusive."""

    label: str
    kind: PeriodKind
    start: date
    end: date


def period_expr(dates: pl.Expr, kind: PeriodKind) -> pl.Expr:
    """The label of the ``kind`` period holding each date."""
    if kind == "month":
        return dates.dt.strftime("%Y-%m")
    if kind == "quarter":
        return pl.format("{}-Q{}", dates.dt.year(), dates.dt.quarter())
    return dates.dt.year().cast(pl.String)


def period_bounds(labels: pl.Expr) -> pl.Expr:
    """A struct ``{kind, start, end}`` for each label; all null where the label is not a period."""
    text = labels.cast(pl.String).str.strip_chars()
    year = pl.coalesce(*(text.str.extract(p, 1) for p in (_MONTH, _QUARTER, _YEAR))).cast(pl.Int32, strict=False)
    quarter = pl.coalesce(text.str.extract(_QUARTER, 2), text.str.extract(_QUARTER, 3)).cast(pl.Int8)
    month = text.str.extract(_MONTH, 2).cast(pl.Int8)
    month = pl.when(month.is_between(1, 12)).then(month)
    kind = (
        pl.when(month.is_not_null())
        .then(pl.lit("month"))
        .when(quarter.is_not_null())
        .then(pl.lit("quarter"))
        .when(text.str.contains(_YEAR))
        .then(pl.lit("year"))
    )
    first_month = pl.when(kind == "month").then(month).when(kind == "quarter").then(quarter * 3 - 2).otherwise(1)
    last_month = pl.when(kind == "month").then(month).when(kind == "quarter").then(quarter * 3).otherwise(12)
    start = pl.when(kind.is_not_null()).then(pl.date(year, first_month, 1))
    end = pl.when(kind.is_not_null()).then(pl.date(year, last_month, 1).dt.month_end())
    return pl.struct(kind.alias("kind"), start.alias("start"), end.alias("end"))


def parse_period(label: str) -> Period:
    """``"2026-Q3"`` → Period(2026-07-01 … 2026-09-30); also ``2026-07``, ``2026``, ``2026年7月``, ``2026年第3季度``."""
    row = pl.select(period_bounds(pl.lit(str(label), pl.String)).alias("p")).item()
    if row["kind"] is None:
        raise SrmError("scoring_bad_period", value=label)
    return Period(period_of(row["start"], row["kind"]), row["kind"], row["start"], row["end"])


def as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def period_of(day: date, kind: PeriodKind) -> str:
    """The label of the ``kind`` period holding ``day``: "2026-07", "2026-Q3" or "2026"."""
    return str(pl.select(period_expr(pl.lit(day, pl.Date), kind)).item())


def previous_period(period: Period) -> Period:
    """The period of the same kind just before ``period``."""
    return parse_period(period_of(period.start - timedelta(days=1), period.kind))


def latest_complete_period(today: date, kind: PeriodKind) -> Period:
    """The last ``kind`` period that ended before ``today`` (on 2026-10-01 the quarter 2026-Q3)."""
    return previous_period(parse_period(period_of(today, kind)))
