"""Operating characteristic of a single sampling plan: probability of acceptance, AOQ and AOQL."""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import optimize, stats

Method = Literal["auto", "binomial", "poisson"]


def oc_method(aql: float | None, method: Method = "auto") -> Literal["binomial", "poisson"]:
    """The model the standard's OC curves use: Poisson above AQL 10 (nonconformities per 100 units), else binomial."""
    if method != "auto":
        return method
    return "poisson" if aql is not None and aql > 10 else "binomial"


def oc_curve(
    n: int, ac: int, p_values: float | np.ndarray, method: Method = "auto", aql: float | None = None
) -> np.ndarray:
    """Probability of accepting a lot whose fraction nonconforming (or nonconformities per unit) is ``p``.

    Binomial: P(X ≤ Ac), X ~ B(n, p). Poisson: X ~ Poisson(n·p). ``method="auto"`` chooses by ``aql``.
    """
    p = np.asarray(p_values, dtype=float)
    if oc_method(aql, method) == "poisson":
        return stats.poisson.cdf(ac, n * p)
    return stats.binom.cdf(ac, n, np.clip(p, 0.0, 1.0))


def aoq(
    n: int, ac: int, lot_size: int, p_values: float | np.ndarray, method: Method = "auto", aql: float | None = None
) -> np.ndarray:
    """Average outgoing quality with rectifying inspection: Pa · p · (N − n) / N."""
    p = np.asarray(p_values, dtype=float)
    return oc_curve(n, ac, p, method, aql) * p * (lot_size - n) / lot_size


def aoql(n: int, ac: int, lot_size: int, method: Method = "auto", aql: float | None = None) -> tuple[float, float]:
    """The average outgoing quality limit (the largest AOQ over p) and the ``p`` where it occurs."""
    upper = min(1.0, (ac + 10) / n)
    grid = np.linspace(0.0, upper, 2001)
    best = int(np.argmax(aoq(n, ac, lot_size, grid, method, aql)))
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    found = optimize.minimize_scalar(
        lambda p: -float(aoq(n, ac, lot_size, p, method, aql)),
        bounds=(low, high),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return -float(found.fun), float(found.x)
