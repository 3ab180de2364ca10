"""Formula criteria on a hand-made frame: clipping, never −0, NULLs handled by the policy before the formula."""

from __future__ import annotations

import math

import polars as pl

from srm_xl.config.criteria import PART_VARIABLES, VARIABLES
from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring.formulas import evaluate


def test_policies_act_before_the_formula_and_results_are_never_negative_zero() -> None:
    config = ScoringConfig(
        criterion_1="a | GREATEST(0, LEAST(20, -1 * days_late_sum)) | max=20 | weight=50",
        criterion_2="b | GREATEST(0, LEAST(10, service_rating)) | max=10 | weight=30 | missing=zero",
        criterion_3="c | 100 * deliveries_on_time / deliveries | max=100 | weight=20",
    )
    base = {v.name: [1.0, 1.0, 1.0] for v in VARIABLES if v.name not in PART_VARIABLES}
    frame = pl.DataFrame({"supplier": ["S1", "S2", "S3"], "period": ["2026-Q1"] * 3, **base}).with_columns(
        days_late_sum=pl.Series([0.0, 3.0, None]),
        service_rating_sum=pl.Series([8.0, None, 4.0]),
        service_rating_entries=pl.Series([1, 0, 1]),
        cooperation_sum=pl.Series([None, None, None], dtype=pl.Float64),
        cooperation_entries=pl.Series([0, 0, 0]),
        deliveries_on_time=pl.Series([2.0, 0.0, 1.0]),
        deliveries=pl.Series([2.0, 0.0, 4.0]),
    )
    long = evaluate(frame, pl.DataFrame(schema={"supplier": pl.String, "part": pl.String}), config)
    points = {(s, c): p for s, c, p in long.select("supplier", "criterion", "points").iter_rows()}
    assert math.copysign(1.0, points[("S1", "a")]) == 1.0, "−1 × 0 is written as 0, never −0"
    assert points[("S2", "b")] == 0.0, "missing rating counts as zero (policy), not skipped by GREATEST"
    assert points[("S2", "c")] is None, "0 / 0 has no data: re-weighted"
    assert points[("S3", "a")] is None, "LEAST(20, NULL) would be 20: the policy acts first"
    s2 = long.filter(pl.col("supplier") == "S2")
    assert s2.get_column("contribution").drop_nulls().sum() == 0.0
    assert s2.get_column("effective_weight").drop_nulls().to_list() == [50 / 80 * 100, 30 / 80 * 100]


def test_a_not_graded_policy_leaves_the_supplier_ungraded_with_the_reason() -> None:
    from srm_xl.scoring import grade_suppliers
    from tests.scoring.handworked import PERIOD, inputs

    config = ScoringConfig(
        criterion_1="quality | 100 * lot_acceptance | weight=60",
        min_lots=1,
        min_deliveries=1,
        criterion_2="service | service_rating | weight=40 | missing=not_graded",
    )
    card = grade_suppliers(inputs(), PERIOD, config).scorecard
    rows = {r["supplier"]: r for r in card.iter_rows(named=True)}
    assert rows["S1"]["total"] == 0.6 * 100 + 0.4 * 90 and rows["S1"]["grade"] == "A"
    assert rows["S3"]["grade"] == "not_graded" and rows["S3"]["reason"] == "no data for service (missing = not graded)"
