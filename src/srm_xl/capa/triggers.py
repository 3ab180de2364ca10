"""What raises a SCAR: rejected lots, C/D grades and complaints traced to a supplier, each with a stable id."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import polars as pl

from srm_xl.config.capa import CapaConfig
from srm_xl.scoring.periods import period_bounds

LOT_FIELDS = (
    "lot",
    "supplier",
    "part",
    "defect_type",
    "received",
    "lot_size",
    "sample_size",
    "critical",
    "major",
    "minor",
)
_WORST = {"C": ("C", "D"), "D": ("D",), "none": ()}


def scar_id(kind: str, key: str, year: int) -> str:
    """``SCAR-<year>-<6 hex>``: the same trigger always gives the same id, so re-runs never duplicate."""
    digest = hashlib.sha1(f"{kind}:{key}".encode()).hexdigest()[:6].upper()
    return f"SCAR-{year}-{digest}"


def ids(kind: str, keys: pl.Series, years: pl.Series) -> pl.Series:
    return pl.Series("scar_id", [scar_id(kind, str(k), int(y)) for k, y in zip(keys, years, strict=True)], pl.String)


def since(config: CapaConfig, today: date) -> date | None:
    """The first trigger date considered, or ``None`` for all history."""
    return today - timedelta(days=config.lookback_days) if config.lookback_days else None


def _recent(column: str, first: date | None) -> pl.Expr:
    return pl.lit(True) if first is None else (pl.col(column) >= first).fill_null(False)


def _needed(inspections: pl.DataFrame) -> pl.Expr:
    """``scar_needed`` (yes/no, set by the inspection job) where filled, else ``decision == "reject"``."""
    needed = pl.col("decision") == "reject"
    if "scar_needed" in inspections.columns:
        needed = pl.coalesce(pl.col("scar_needed") == "yes", needed)
    return needed.fill_null(False) & pl.col("lot").is_not_null()


def rejected_lots(inspections: pl.DataFrame, first: date | None) -> pl.DataFrame:
    """Lots that need a SCAR (``_needed``) received within the look-back."""
    present = [pl.col(c) if c in inspections.columns else pl.lit(None).alias(c) for c in LOT_FIELDS]
    lots = inspections.filter(_needed(inspections) & _recent("received", first))
    return lots.select(present).with_columns(pl.col("defect_type").cast(pl.String))


def rejected_before(inspections: pl.DataFrame, first: date | None) -> int:
    """How many lots that would need a SCAR were received before the look-back (or undated) and are not raised."""
    if first is None:
        return 0
    return inspections.filter(_needed(inspections) & ~_recent("received", first)).height


def graded(scorecard: pl.DataFrame, config: CapaConfig, first: date | None) -> pl.DataFrame:
    """Scorecard rows at or below ``trigger_grade`` whose period ends within the look-back."""
    ends = period_bounds(pl.col("period")).struct.field("end")
    rows = scorecard.filter(pl.col("grade").is_in(_WORST[config.trigger_grade]) & pl.col("supplier").is_not_null())
    return rows.with_columns(ends.alias("period_end")).filter(
        _recent("period_end", first) & pl.col("period_end").is_not_null()
    )


def traced_complaints(complaints: pl.DataFrame, config: CapaConfig, first: date | None) -> pl.DataFrame:
    """Complaints with a responsible supplier, received within the look-back."""
    if not config.complaints:
        return complaints.clear()
    return complaints.filter(
        pl.col("supplier").is_not_null() & pl.col("complaint_id").is_not_null() & _recent("received", first)
    )
