"""A small period worked out by hand (2026-Q3, default settings unless a test says otherwise).

Suppliers S1 S2 S5 (component), S3 (packaging), S4 (component, no data in the period; master class II).
The arithmetic behind every figure is in the comments of the tests that use it.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.scoring import ScoringInputs

PERIOD = "2026-Q3"


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def inputs() -> ScoringInputs:
    suppliers = pl.DataFrame(
        {
            "code": ["S1", "S2", "S3", "S4", "S5"],
            "name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
            "category": ["component", "component", "packaging", "component", "component"],
            "importance": [None, None, None, "II", None],
            "status": ["approved"] * 5,
        }
    )
    inspections = pl.DataFrame(
        [
            ("L0", "S1", d(6, 30), 500, 50, 0, 3, 0, "reject"),  # June: outside the period
            ("L1", "S1", d(7, 3), 500, 125, 0, 1, 0, "accept"),
            ("L2", "S1", d(8, 10), 500, 125, 0, 0, 0, "accept"),
            ("L3", "S1", d(9, 20), 200, 50, None, None, None, "accept"),
            ("L4", "S2", d(7, 15), 300, 80, 0, 2, 0, "reject"),
            ("L5", "S2", d(8, 1), 300, 80, None, None, None, "accept"),
            ("L6", "S2", d(9, 1), 300, None, None, None, None, None),  # not inspected yet
            ("L7", "S3", d(7, 20), 2000, 200, 0, 0, 0, "accept"),
            ("L8", "S5", d(7, 10), 100, 50, 0, 0, 0, "accept"),
        ],
        schema=["lot", "supplier", "received", "lot_size", "sample_size", "critical", "major", "minor", "decision"],
        orient="row",
    )
    deliveries = pl.DataFrame(
        [
            ("P1", "S1", "X", 100.0, 100.0, d(7, 10), d(7, 8), 2.0),  # 2 days early: on time
            ("P2", "S1", "X", 100.0, 90.0, d(8, 10), d(8, 10), 2.0),  # on time, short by 10
            ("P3", "S1", "Y", 50.0, 50.0, d(9, 10), d(9, 2), 5.0),  # 8 days early: not on time
            ("P4", "S1", "Y", 50.0, 50.0, d(9, 25), d(9, 25), 5.0),
            ("P5", "S1", "X", 10.0, 10.0, d(9, 28), d(9, 28), 2.0),
            ("P6", "S1", "X", 10.0, 10.0, d(10, 5), d(10, 5), 2.0),  # due in October: next period
            ("Q1", "S2", "X", 100.0, None, d(7, 20), None, 2.4),  # never delivered
            ("Q2", "S2", "X", 100.0, 100.0, d(8, 20), d(8, 20), 2.4),
            ("R1", "S3", "Z", 1000.0, 1000.0, d(7, 5), d(7, 5), 0.5),
            ("D1", "S5", "W", 10.0, 8.0, d(7, 10), d(7, 10), None),  # no price
        ],
        schema=["po", "supplier", "part", "qty_ordered", "qty_delivered", "due_date", "delivered_date", "unit_price"],
        orient="row",
    )
    parts = pl.DataFrame(
        [
            ("X", "S1", 0.5, "yes", None),
            ("X", "S2", 0.5, "yes", None),
            ("Y", "S1", 1.0, "no", 4.0),
            ("Z", "S3", 1.0, "yes", 0.5),
            ("W", "S5", 1.0, "no", None),
        ],
        schema=["part", "supplier", "share", "critical", "target_price"],
        orient="row",
    )
    corrective_actions = pl.DataFrame(
        [
            ("S1", d(7, 1), d(7, 15), d(7, 14), d(7, 15), "closed"),
            ("S1", d(8, 1), d(8, 15), d(8, 15), d(8, 10), "closed"),
            ("S1", d(9, 1), d(10, 15), None, None, "open"),  # due in October: next period
        ],
        schema=["supplier", "issued", "due_date", "response_date", "closed", "status"],
        orient="row",
    )
    complaints = pl.DataFrame(
        {
            "supplier": ["S1", "S2", "S2", "S3", "S5", None],
            "received": [d(8, 5), d(7, 9), d(9, 9), d(10, 2), d(8, 8), d(8, 8)],
        }
    )
    manual_ratings = pl.DataFrame(
        [
            ("2026-07", "S1", 80.0, 90.0, None),
            ("2026-Q3", "S1", 90.0, None, None),
            ("2026", "S3", None, None, 70.0),
            ("2026-Q2", "S3", 10.0, None, None),  # earlier quarter: ignored
        ],
        schema=["period", "supplier", "audit_score", "service_rating", "cooperation"],
        orient="row",
    )
    return ScoringInputs(
        inspections=inspections,
        deliveries=deliveries,
        corrective_actions=corrective_actions,
        complaints=complaints,
        manual_ratings=manual_ratings,
        suppliers=suppliers,
        parts=parts,
    )


def row(frame: pl.DataFrame, supplier: str) -> dict:
    return frame.filter(pl.col("supplier") == supplier).row(0, named=True)
