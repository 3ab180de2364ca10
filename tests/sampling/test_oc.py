"""Operating characteristic, AOQ and AOQL against formulas computed independently here."""

from __future__ import annotations

from math import comb, exp, factorial

import numpy as np
import pytest

from srm_xl.sampling import aoq, aoql, oc_curve, oc_method, srm_oc


def binomial_pa(n: int, ac: int, p: float) -> float:
    return sum(comb(n, d) * p**d * (1 - p) ** (n - d) for d in range(ac + 1))


def test_pa_of_n80_ac2_at_one_percent() -> None:
    # sum_{d=0..2} C(80,d) 0.01^d 0.99^(80-d) = 0.4475 + 0.3616 + 0.1443 = 0.9534
    assert oc_curve(80, 2, 0.01, "binomial") == pytest.approx(binomial_pa(80, 2, 0.01), rel=1e-12)
    assert float(oc_curve(80, 2, 0.01, "binomial")) == pytest.approx(0.9534, abs=1e-4)


def test_poisson_pa() -> None:
    lam = 125 * 0.2
    expected = sum(exp(-lam) * lam**d / factorial(d) for d in range(22))
    assert float(oc_curve(125, 21, 0.2, "poisson")) == pytest.approx(expected, rel=1e-12)


def test_auto_method_follows_the_standard() -> None:
    assert oc_method(10) == "binomial" and oc_method(15) == "poisson" and oc_method(None) == "binomial"
    assert float(oc_curve(13, 3, 0.2, aql=15)) == pytest.approx(float(oc_curve(13, 3, 0.2, "poisson")))


def test_oc_curve_is_vectorised_and_falls_with_p() -> None:
    p = np.linspace(0, 0.2, 50)
    pa = oc_curve(80, 2, p)
    assert pa.shape == p.shape and pa[0] == 1.0 and np.all(np.diff(pa) <= 0)


def test_aoq_formula() -> None:
    assert float(aoq(80, 2, 1000, 0.02, "binomial")) == pytest.approx(
        binomial_pa(80, 2, 0.02) * 0.02 * 920 / 1000, rel=1e-12
    )


def test_aoql_matches_the_classical_poisson_factor() -> None:
    # For Ac = 2 the AOQL factor is y = 1.3711 (Dodge-Romig); AOQL ≈ y/n · (1 − n/N).
    limit, at = aoql(80, 2, 10_000, "poisson")
    assert limit == pytest.approx(1.3711 / 80 * (1 - 80 / 10_000), rel=2e-3)
    grid = np.linspace(0, 0.2, 5001)
    assert limit >= aoq(80, 2, 10_000, grid, "poisson").max() - 1e-12
    assert 0.02 < at < 0.04


def test_srm_oc_scalar_and_column() -> None:
    assert srm_oc(80, 2, 0.01) == pytest.approx(binomial_pa(80, 2, 0.01))
    assert srm_oc(13, 3, 0.2, aql=15) == pytest.approx(float(oc_curve(13, 3, 0.2, "poisson")))
    assert srm_oc(80, 2, [[0.01], [0.05]]) == [
        [pytest.approx(binomial_pa(80, 2, 0.01))],
        [pytest.approx(binomial_pa(80, 2, 0.05))],
    ]
