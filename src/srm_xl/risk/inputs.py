"""The sheets the risk scan reads, each cut to the columns it uses and typed by the sheet schema.

Any sheet may be missing or lack columns: what is absent becomes a typed null column, so no rule branches on
the shape of its input. Scorecard and Scorecard history rows are read as one table of grades by period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from srm_xl.schema import spec
from srm_xl.schema.frames import project

USED: dict[str, tuple[str, ...]] = {
    "suppliers": ("code", "name", "importance", "status", "agreement_date"),
    "parts": ("part", "supplier", "share", "critical"),
    "certificates": ("supplier", "cert_type", "number", "valid_to"),
    "inspections": ("lot", "supplier", "part", "received", "severity", "sample_size", "critical", "major", "minor"),
    "deliveries": ("supplier", "qty_ordered", "qty_delivered", "due_date", "delivered_date", "unit_price"),
    "contracts": (
        "contract_no",
        "party_type",
        "party",
        "contract_type",
        "end",
        "status",
        "renewal_notice_days",
        "quality_agreement",
    ),
    "scorecard": ("period", "supplier", "total", "grade"),
    "corrective_actions": ("scar_id", "supplier", "due_date", "status", "closed"),
    "audits": ("supplier", "audit_date"),
}
"""Sheet key → the columns the rules read from it (``scorecard`` also stands for the history sheet)."""


@dataclass(frozen=True)
class RiskInputs:
    """Frames keyed like the schema (choice columns hold choice keys); ``scorecard`` may hold history rows too."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    def frame(self, key: str) -> pl.DataFrame:
        """The ``key`` sheet's used columns, typed; absent columns are null, an absent sheet is empty."""
        return project(self.frames.get(key), spec(key), USED[key])

    def active_suppliers(self) -> pl.DataFrame:
        """Suppliers currently bought from (status approved or conditional): code, name, importance, status."""
        return (
            self.frame("suppliers")
            .filter(pl.col("status").is_in(("approved", "conditional")))
            .unique("code", keep="first")
        )

    def names(self) -> pl.DataFrame:
        """``supplier`` → ``label`` ("S001 Name", or the code alone when the master has no name)."""
        master = self.frame("suppliers").unique("code", keep="first")
        return master.select(
            pl.col("code").alias("supplier"),
            pl.concat_str("code", "name", separator=" ", ignore_nulls=True).alias("label"),
        )
