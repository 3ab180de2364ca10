"""What a supplier may see, taken from the master workbook: read every source sheet once, then split by supplier.

Only rows whose supplier code is the package's supplier are ever selected; sheets the master lacks are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.schema.frames import ROW
from srm_xl.scoring.periods import latest_complete_period, period_bounds

SHARED = ("scorecard", "score_explanation", "inspections", "corrective_actions")
"""Sheets a package carries, in tab order: the result with its explanation, the lots, the open SCARs."""
ANSWER_SHEET = "corrective_actions"
_DONE = ("closed", "verified")
_INTERNAL = ("form",)
"""Register columns left empty in packages (links into the master workbook)."""


@dataclass(frozen=True)
class Sources:
    """The master's supplier list and each shared sheet, split by supplier code."""

    suppliers: dict[str, dict[str, object]]
    parts: dict[str, dict[str, pl.DataFrame]]
    periods: list[str]


def _split(frame: pl.DataFrame, column: str = "supplier") -> dict[str, pl.DataFrame]:
    frame = frame.drop(ROW, strict=False).filter(pl.col(column).is_not_null())
    return {key[0]: part for key, part in frame.partition_by(column, as_dict=True).items()}


def _in_period(key: str, frame: pl.DataFrame, period: str) -> pl.DataFrame:
    """The rows of one shared sheet that belong in a package for ``period`` (SCARs: those still open)."""
    if key in ("scorecard", "score_explanation"):
        return frame.filter(pl.col("period") == period)
    if key == "inspections":
        bounds = pl.select(period_bounds(pl.lit(period)).alias("b")).item()
        if bounds["kind"] is not None:
            return frame.filter(pl.col("received").is_between(bounds["start"], bounds["end"]))
    if key == ANSWER_SHEET:
        done = pl.col("status").is_in(_DONE).fill_null(False) | (pl.col("state") == "closed").fill_null(False)
        open_ = ~done & pl.col("closed").is_null()
        return frame.filter(open_).with_columns(pl.lit(None, pl.String).alias(c) for c in _INTERNAL)
    return frame


def split_sources(suppliers: pl.DataFrame | None, frames: dict[str, pl.DataFrame]) -> Sources:
    """The master's ``suppliers`` sheet (if it has one) and its ``SHARED`` sheets (those it has), split by supplier."""
    known: dict[str, dict[str, object]] = {}
    if suppliers is not None:
        frame = suppliers.drop(ROW).filter(pl.col("code").is_not_null())
        known = {row["code"]: row for row in frame.unique("code", keep="first").iter_rows(named=True)}
    parts = {key: _split(frame) for key, frame in frames.items()}
    periods: list[str] = []
    if "scorecard" in parts:
        labels = pl.concat([p.select("period") for p in parts["scorecard"].values()]) if parts["scorecard"] else None
        if labels is not None:
            ranked = labels.unique().with_columns(end=period_bounds(pl.col("period")).struct.field("end"))
            periods = ranked.sort("end", nulls_last=False)["period"].to_list()
    return Sources(known, parts, periods)


def choose_period(sources: Sources, period: str | None, kind: str, today: date) -> str:
    """``period`` if given, else the latest graded period, else the last complete period of ``kind``."""
    if period:
        return period
    if sources.periods:
        return sources.periods[-1]
    return latest_complete_period(today, kind).label  # type: ignore[arg-type]


def supplier_parts(sources: Sources, supplier: str, period: str) -> dict[str, pl.DataFrame]:
    """Each shared sheet's rows for ``supplier`` (only sheets with rows)."""
    found = {}
    for key, by_supplier in sources.parts.items():
        if supplier in by_supplier:
            rows = _in_period(key, by_supplier[supplier], period)
            if rows.height:
                found[key] = rows
    return found


def default_suppliers(sources: Sources, period: str) -> list[str]:
    """Suppliers with a result for ``period`` or an open SCAR, in code order."""
    codes = {
        code
        for key, by in sources.parts.items()
        if key in ("scorecard", ANSWER_SHEET)
        for code in by
        if code in sources.suppliers or not sources.suppliers
    }
    return sorted(code for code in codes if supplier_parts(sources, code, period).keys() & {"scorecard", ANSWER_SHEET})
