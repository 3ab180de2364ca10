"""The frames scoring reads, each cut to the columns it uses and typed by the sheet schema.

Any frame may be missing, empty or lack columns: what is absent becomes a typed null column, so the engine
never branches on the shape of its input.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.schema import spec
from srm_xl.schema.frames import project

USED: dict[str, tuple[str, ...]] = {
    "inspections": (
        "lot",
        "supplier",
        "part",
        "received",
        "lot_size",
        "sample_size",
        "critical",
        "major",
        "minor",
        "decision",
        "qty_accepted",
        "qty_rejected",
        "sorting_cost",
        "rework_cost",
        "scrap_cost",
    ),
    "deliveries": (
        "po",
        "supplier",
        "part",
        "qty_ordered",
        "qty_delivered",
        "due_date",
        "delivered_date",
        "unit_price",
    ),
    "corrective_actions": ("supplier", "issued", "due_date", "response_date", "closed", "status"),
    "complaints": ("supplier", "received"),
    "manual_ratings": ("period", "supplier", "audit_score", "service_rating", "cooperation", "line_stoppages"),
    "stoppages": ("date", "supplier"),
    "suppliers": ("code", "name", "category", "importance", "status"),
    "parts": ("part", "supplier", "share", "critical", "target_price"),
    "claims": ("supplier", "part", "currency", "event_date", "rule", "source", "amount", "status", "note"),
}
"""Sheet key → the columns scoring reads from it."""


@dataclass(frozen=True)
class ScoringInputs:
    """The sheets a scoring run reads, as frames keyed like the schema (choice columns hold choice keys)."""

    inspections: pl.DataFrame | None = None
    deliveries: pl.DataFrame | None = None
    corrective_actions: pl.DataFrame | None = None
    complaints: pl.DataFrame | None = None
    manual_ratings: pl.DataFrame | None = None
    stoppages: pl.DataFrame | None = None
    suppliers: pl.DataFrame | None = None
    parts: pl.DataFrame | None = None
    claims: pl.DataFrame | None = None

    def frame(self, key: str) -> pl.DataFrame:
        """The ``key`` sheet's used columns, typed; absent columns are null, an absent frame is empty."""
        return project(getattr(self, key), spec(key), USED[key])
