"""Time ``grade_suppliers`` for one quarter: 1,000,000 inspections + 1,000,000 deliveries, 10,000 suppliers, 12 months.

Run: ``.venv/bin/python benchmarks/bench_scoring.py`` — prints seconds for generating the data and for grading.
"""

from __future__ import annotations

import time

import numpy as np
import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring import ScoringInputs, grade_suppliers

ROWS, SUPPLIERS, PARTS = 1_000_000, 10_000, 50_000


def generate(seed: int = 1) -> ScoringInputs:
    rng = np.random.default_rng(seed)
    codes = np.array([f"S{i:05d}" for i in range(SUPPLIERS)])
    parts = np.array([f"P{i:05d}" for i in range(PARTS)])
    first = np.datetime64("2025-10-01")

    def dates() -> np.ndarray:
        return first + rng.integers(0, 365, ROWS).astype("timedelta64[D]")

    sample = rng.integers(5, 315, ROWS)
    inspections = pl.DataFrame(
        {
            "lot": np.char.add("L", np.arange(ROWS).astype(str)),
            "supplier": codes[rng.integers(0, SUPPLIERS, ROWS)],
            "part": parts[rng.integers(0, PARTS, ROWS)],
            "received": dates(),
            "lot_size": sample * 10,
            "sample_size": sample,
            "critical": rng.binomial(1, 0.01, ROWS),
            "major": rng.binomial(3, 0.02, ROWS),
            "minor": rng.binomial(5, 0.05, ROWS),
            "decision": np.where(rng.random(ROWS) < 0.05, "reject", "accept"),
        }
    )
    due = dates()
    ordered = rng.integers(10, 5000, ROWS).astype(float)
    deliveries = pl.DataFrame(
        {
            "po": np.char.add("PO", np.arange(ROWS).astype(str)),
            "supplier": codes[rng.integers(0, SUPPLIERS, ROWS)],
            "part": parts[rng.integers(0, PARTS, ROWS)],
            "qty_ordered": ordered,
            "qty_delivered": np.floor(ordered * rng.uniform(0.9, 1.05, ROWS)),
            "due_date": due,
            "delivered_date": due + rng.integers(-5, 10, ROWS).astype("timedelta64[D]"),
            "unit_price": rng.uniform(0.1, 100, ROWS),
        }
    )
    suppliers = pl.DataFrame(
        {"code": codes, "name": codes, "category": rng.choice(["component", "raw_material"], SUPPLIERS)}
    )
    part_rows = pl.DataFrame(
        {
            "part": parts,
            "supplier": codes[rng.integers(0, SUPPLIERS, PARTS)],
            "critical": rng.choice(["yes", "no"], PARTS, p=[0.1, 0.9]),
        }
    )
    return ScoringInputs(inspections=inspections, deliveries=deliveries, suppliers=suppliers, parts=part_rows)


def main() -> None:
    started = time.perf_counter()
    inputs = generate()
    generated = time.perf_counter()
    print(f"generate 1M inspections + 1M deliveries: {generated - started:.2f} s")
    config = ScoringConfig()
    for run in (1, 2, 3):
        begin = time.perf_counter()
        result = grade_suppliers(inputs, "2026-Q3", config)
        print(
            f"grade_suppliers 2026-Q3, run {run}: {time.perf_counter() - begin:.2f} s "
            f"({result.scorecard.height} suppliers, {result.explanation.height} explanation rows)"
        )


if __name__ == "__main__":
    main()
