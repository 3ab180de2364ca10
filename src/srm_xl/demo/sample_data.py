"""Realistic bundled sample data: one typed frame per data sheet, deterministic for a seed.

``sample_frames()`` builds a year of a mid-sized manufacturer's supplier-quality records — ~200 suppliers,
~600 parts, ~20,000 inspected and delivered lots, customers, complaints, surveys and contracts — with a few
bad and chronically late suppliers for the scorecard, risk and sampling demos, and the problems listed in
``DELIBERATE_PROBLEMS`` for the validation demo. Generation is vectorised: the default size builds in well
under a second, ``suppliers=10_000, lots=1_000_000`` in a few seconds.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from srm_xl.demo import customers, logs, masters, qualification, records
from srm_xl.demo.dates import Window
from srm_xl.demo.problems import plant
from srm_xl.schema import SheetSpec, spec

SHEET_KEYS = (
    "suppliers",
    "certificates",
    "parts",
    "inspections",
    "deliveries",
    "manual_ratings",
    "corrective_actions",
    "risks",
    "customers",
    "complaints",
    "surveys",
    "contracts",
    "sample_approvals",
    "candidates",
    "candidate_scores",
    "audits",
    "audit_checklist",
)
DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "percent": pl.Float64(),
    "date": pl.Date(),
    "datetime": pl.Datetime(),
    "bool": pl.Boolean(),
}
MIN_SUPPLIERS = 20


def sample_frames(
    seed: int = 7, *, suppliers: int = 200, months: int = 12, end: date = date(2026, 10, 31), lots: int = 20000
) -> dict[str, pl.DataFrame]:
    """Sample data keyed by sheet key, each frame with exactly its spec's columns, typed, choices as keys."""
    if suppliers < MIN_SUPPLIERS:
        raise ValueError(f"suppliers must be at least {MIN_SUPPLIERS}, got {suppliers}")
    if lots < 1:
        raise ValueError(f"lots must be at least 1, got {lots}")
    rng = np.random.default_rng(seed)
    window = Window.ending(end, months)
    sups = masters.suppliers(rng, suppliers, window)
    parts = masters.parts(rng, sups, 3 * suppliers)
    inspections = logs.inspections(rng, sups, parts, window, lots)
    custs = customers.customers(rng, max(10, round(0.3 * suppliers)), window)
    frames = {
        "suppliers": sups,
        "certificates": masters.certificates(rng, sups, window),
        "parts": parts,
        "inspections": inspections,
        "deliveries": logs.deliveries(rng, sups, inspections, window),
        "manual_ratings": records.manual_ratings(rng, sups, window),
        "corrective_actions": records.corrective_actions(rng, inspections, window, max(5, suppliers // 12)),
        "risks": records.risks(rng, sups, parts, window),
        "customers": custs,
        "complaints": customers.complaints(rng, custs, inspections, window, round(0.75 * suppliers)),
        "surveys": customers.surveys(rng, custs, window),
        "contracts": records.contracts(rng, sups, custs, window),
    }
    frames = plant(rng, frames, suppliers)
    frames["suppliers"] = qualification.designate(rng, frames["suppliers"], frames["certificates"], custs, window)
    frames["sample_approvals"] = qualification.sample_approvals(rng, sups, parts, inspections, window)
    frames["candidates"], frames["candidate_scores"] = qualification.candidates(rng, sups)
    frames["audits"], frames["audit_checklist"] = qualification.audits(rng, sups, window)
    return {key: conform(frames[key], spec(key)) for key in SHEET_KEYS}


def conform(frame: pl.DataFrame, sheet: SheetSpec) -> pl.DataFrame:
    """Exactly ``sheet``'s columns, in order, cast to their dtypes (hidden ``_`` columns dropped).

    Columns the sample data does not make (those jobs compute) are left empty.
    """
    return frame.select(
        (pl.col(c.key) if c.key in frame.columns else pl.lit(None)).cast(DTYPES[c.dtype]).alias(c.key)
        for c in sheet.columns
    )
