"""Properties that must hold for any data: monotonic points, bounded totals, contributions that add up."""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring import ScoringInputs, grade_suppliers

PERIOD = "2026-Q3"
START = date(2026, 7, 1)
FAST = settings(max_examples=40, deadline=None)

lots = st.lists(
    st.tuples(
        st.integers(1, 200),
        st.integers(0, 3),
        st.integers(0, 5),
        st.integers(0, 9),
        st.sampled_from(["accept", "reject", None]),
    ),
    min_size=1,
    max_size=6,
)
deliveries = st.lists(
    st.tuples(st.integers(0, 91), st.integers(-3, 30), st.integers(1, 100), st.integers(0, 120)), min_size=1, max_size=6
)


def inspection_frame(rows: list[tuple], supplier: str = "S") -> pl.DataFrame:
    return pl.DataFrame(
        [
            (f"{supplier}-L{i}", supplier, START + timedelta(days=i), 1000, n, cr, ma, mi, decision)
            for i, (n, cr, ma, mi, decision) in enumerate(rows)
        ],
        schema={
            "lot": pl.String,
            "supplier": pl.String,
            "received": pl.Date,
            "lot_size": pl.Int64,
            "sample_size": pl.Int64,
            "critical": pl.Int64,
            "major": pl.Int64,
            "minor": pl.Int64,
            "decision": pl.String,
        },
        orient="row",
    )


def delivery_frame(rows: list[tuple], supplier: str = "S") -> pl.DataFrame:
    return pl.DataFrame(
        [
            (
                f"{supplier}-P{i}",
                supplier,
                "X",
                float(ordered),
                float(delivered),
                START + timedelta(days=due),
                START + timedelta(days=due + shift),
                1.0 + i / 10,
            )
            for i, (due, shift, ordered, delivered) in enumerate(rows)
        ],
        schema=["po", "supplier", "part", "qty_ordered", "qty_delivered", "due_date", "delivered_date", "unit_price"],
        orient="row",
    )


def points(inputs: ScoringInputs, config: ScoringConfig, column: str) -> float:
    return grade_suppliers(inputs, PERIOD, config).scorecard.get_column(column).item()


@FAST
@given(lots, st.data())
def test_more_defects_never_raise_quality_points(rows: list[tuple], data: st.DataObject) -> None:
    config = ScoringConfig(min_deliveries=0)
    at = data.draw(st.integers(0, len(rows) - 1))
    extra = data.draw(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)))
    worse = list(rows)
    n, cr, ma, mi, decision = worse[at]
    worse[at] = (n, cr + extra[0], ma + extra[1], mi + extra[2], decision)
    before = points(ScoringInputs(inspections=inspection_frame(rows)), config, "quality_points")
    after = points(ScoringInputs(inspections=inspection_frame(worse)), config, "quality_points")
    assert after <= before


@FAST
@given(deliveries, st.data())
def test_a_later_delivery_never_raises_delivery_points(rows: list[tuple], data: st.DataObject) -> None:
    # early deliveries are on time by default, so moving any delivery later can only cost points
    config = ScoringConfig(min_lots=0)
    at = data.draw(st.integers(0, len(rows) - 1))
    later = list(rows)
    due, shift, ordered, delivered = later[at]
    later[at] = (due, shift + data.draw(st.integers(1, 40)), ordered, delivered)
    before = points(ScoringInputs(deliveries=delivery_frame(rows)), config, "delivery_points")
    after = points(ScoringInputs(deliveries=delivery_frame(later)), config, "delivery_points")
    assert after <= before


weights = st.lists(st.integers(1, 97), min_size=3, max_size=3).filter(lambda w: sum(w) < 100)


@FAST
@given(
    st.lists(st.tuples(lots, deliveries), min_size=1, max_size=4),
    weights,
    st.lists(st.tuples(st.integers(0, 3), st.floats(0, 100), st.integers(0, 91)), max_size=4),
)
@example(suppliers=[([(1, 0, 0, 0, "accept")], [(0, 0, 1, 1)])], split=[1, 21, 1], ratings=[])  # 100.00000000000001
def test_totals_stay_within_0_100_and_contributions_add_up(
    suppliers: list[tuple], split: list[int], ratings: list[tuple]
) -> None:
    names = [f"S{i}" for i in range(len(suppliers))]
    criteria = dict(zip(("quality", "delivery", "price"), split)) | {"service": 100 - sum(split)}
    config = ScoringConfig(
        criteria_weights="; ".join(f"{k}:{v}" for k, v in criteria.items()), min_lots=0, min_deliveries=0
    )
    inputs = ScoringInputs(
        inspections=pl.concat([inspection_frame(lot_rows, s) for s, (lot_rows, _) in zip(names, suppliers)]),
        deliveries=pl.concat([delivery_frame(lines, s) for s, (_, lines) in zip(names, suppliers)]),
        manual_ratings=pl.DataFrame(
            [(PERIOD, names[i % len(names)], score, None, None) for i, score, _ in ratings],
            schema=["period", "supplier", "audit_score", "service_rating", "cooperation"],
            orient="row",
        ),
        complaints=pl.DataFrame(
            [(names[i % len(names)], START + timedelta(days=day)) for i, _, day in ratings],
            schema=["supplier", "received"],
            orient="row",
        ),
    )
    result = grade_suppliers(inputs, PERIOD, config)
    for supplier, total in result.scorecard.select("supplier", "total").iter_rows():
        assert total is not None and 0 <= total <= 100
        parts = result.explanation.filter(pl.col("supplier") == supplier).get_column("contribution").drop_nulls()
        assert math.isclose(math.fsum(parts.to_list()), total, rel_tol=1e-12, abs_tol=1e-9)
        weights_used = (
            result.explanation.filter(pl.col("supplier") == supplier).get_column("effective_weight").drop_nulls()
        )
        assert math.isclose(math.fsum(weights_used.to_list()), 100.0, rel_tol=1e-12)
