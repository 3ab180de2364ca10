"""Time plan_frame and replay_switching on 1,000,000 lots over 10,000 supplier × part pairs.

Run: .venv/bin/python benchmarks/bench_sampling.py
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.sampling import plan_frame, replay_switching

LOTS, PAIRS = 1_000_000, 10_000
_DAY0 = (date(2020, 1, 1) - date(1970, 1, 1)).days


def lots(rng: np.random.Generator) -> pl.DataFrame:
    pair = rng.integers(0, PAIRS, LOTS)
    return pl.DataFrame(
        {
            "supplier": pl.Series((pair // 10).astype(str)).cast(pl.Utf8),
            "part": pl.Series((pair % 10).astype(str)).cast(pl.Utf8),
            "received": pl.Series(rng.integers(0, 2000, LOTS) + _DAY0).cast(pl.Date),
            "lot_size": rng.integers(2, 200_000, LOTS),
            "level": rng.choice(["I", "II", "III", "S-3"], LOTS),
            "aql": rng.choice([0.4, 0.65, 1.0, 1.5, 2.5, 4.0], LOTS),
            "severity": rng.choice(["normal", "tightened", "reduced"], LOTS),
            "critical": rng.binomial(1, 0.002, LOTS),
            "major": rng.poisson(0.8, LOTS),
            "minor": rng.poisson(2.0, LOTS),
        }
    )


def main() -> None:
    frame = lots(np.random.default_rng(7))
    config = SamplingConfig(reduced_approved=True)
    start = time.perf_counter()
    planned = plan_frame(frame, config)
    planned_s = time.perf_counter() - start
    start = time.perf_counter()
    replayed = replay_switching(frame.drop("severity"), config)
    replay_s = time.perf_counter() - start
    print(f"plan_frame: {LOTS:,} lots in {planned_s:.3f} s ({planned['plan_error'].null_count():,} planned)")
    print(f"replay_switching: {LOTS:,} lots, {PAIRS:,} supplier x part pairs in {replay_s:.3f} s")
    print(replayed["severity"].value_counts().sort("severity"))


if __name__ == "__main__":
    main()
