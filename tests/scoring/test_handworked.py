"""Every metric, points, total, grade, class and trend of a small period, checked against hand arithmetic."""

from __future__ import annotations

import math

import polars as pl
import pytest

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring import explain, grade_suppliers, importance, metrics

from .handworked import PERIOD, inputs, row

CONFIG = ScoringConfig(early_days=3, min_lots=1, min_deliveries=1)


def lin(value: float, full: float, zero: float) -> float:
    """A linear rule by hand: 100 at full, 0 at zero, clipped."""
    return min(100.0, max(0.0, (value - zero) / (full - zero) * 100))


# S1 price index: part X has no target price (left out, never guessed); part Y vs S1's target 4.0 (avg 5.0)
S1_INDEX = 5.0 / 4.0
# S1 quality: PPM 1/300·1e6 = 3333 → 60 (band 1000..5000); acceptance 3/3 → 100; defect score 5·1/300·100 = 1.667
S1_QUALITY = 0.4 * 60 + 0.4 * 100 + 0.2 * lin(5 / 300 * 100, 0, 5)
# S1 delivery: on time 4/5 = 0.8 → 60 (boundary of 0..80%:0 and 80%..90%:60 takes the better); fill 300/310; 0 days late
S1_DELIVERY = 0.6 * 60 + 0.25 * lin(300 / 310, 1, 0.8) + 0.15 * 100
# S1 service: response 2/2, closure 2/2, 1 complaint, audit (80+90)/2 = 85, service 90, cooperation missing → weights /90
S1_SERVICE = (25 * 100 + 25 * 100 + 20 * lin(1, 0, 3) + 10 * 85 + 10 * 90) / 90
S1_TOTAL = 0.40 * S1_QUALITY + 0.30 * S1_DELIVERY + 0.15 * lin(S1_INDEX, 0.9, 1.3) + 0.15 * S1_SERVICE
# S2: quality 0 (PPM 12500, acceptance 1/2, defect score 6.25); delivery 0 (1/2 on time, fill 1/2, 72/2 days late);
# no target price for part X → price re-weighted away
S2_TOTAL = (40 * 0 + 30 * 0 + 15 * lin(2, 0, 3)) / 85
# S3: everything perfect; price index 1.0 vs target → 75; service: 0 complaints 100 (w20), cooperation 70 (w10)
S3_TOTAL = 0.40 * 100 + 0.30 * 100 + 0.15 * 75 + 0.15 * (20 * 100 + 10 * 70) / 30
# S5: no price → price re-weighted away: quality 100, delivery 0.6·100 + 0.25·0 + 0.15·100 = 75, service 66.67
S5_TOTAL = (40 * 100 + 30 * 75 + 15 * lin(1, 0, 3)) / 85


@pytest.fixture(scope="module")
def wide() -> pl.DataFrame:
    return metrics(inputs(), PERIOD, CONFIG)


@pytest.fixture(scope="module")
def result():
    return grade_suppliers(inputs(), PERIOD, CONFIG)


def test_every_master_supplier_gets_a_row(wide: pl.DataFrame) -> None:
    assert wide.get_column("supplier").to_list() == ["S1", "S2", "S3", "S4", "S5"]


def test_quality_metrics(wide: pl.DataFrame) -> None:
    s1, s2 = row(wide, "S1"), row(wide, "S2")
    # S1: June lot L0 excluded; L3's blank defect cells count as none
    assert (s1["lots"], s1["lots_rejected"], s1["lot_acceptance"]) == (3, 0, 1.0)
    assert s1["ppm"] == pytest.approx(1 / 300 * 1e6)
    assert s1["defect_score"] == pytest.approx(5 / 300 * 100)
    # S2: L6 has no decision and no sample: a lot received, but neither judged nor inspected
    assert (s2["lots"], s2["lots_rejected"], s2["lot_acceptance"]) == (3, 1, 0.5)
    assert s2["ppm"] == pytest.approx(2 / 160 * 1e6)
    assert s2["defect_score"] == pytest.approx((5 * 2) / 160 * 100)


def test_weighted_defect_score_follows_configured_weights() -> None:
    frame = metrics(inputs(), PERIOD, ScoringConfig(defect_weight_major=2))
    assert row(frame, "S1")["defect_score"] == pytest.approx(2 / 300 * 100)


def test_delivery_metrics(wide: pl.DataFrame) -> None:
    s1, s2 = row(wide, "S1"), row(wide, "S2")
    assert (s1["deliveries"], s1["on_time"]) == (5, 0.8)  # P6 is due in October
    assert s1["fill_rate"] == pytest.approx(300 / 310)
    assert s1["days_late"] == 0.0
    # S2: Q1 never delivered → late, 72 days counted to 30 Sep; Q2 on time
    assert (s2["deliveries"], s2["on_time"], s2["fill_rate"]) == (2, 0.5, 0.5)
    assert s2["days_late"] == pytest.approx(72 / 2)


def test_tolerance_window_is_configurable() -> None:
    # P3 came 8 days early: on time once 8 early days are allowed
    assert row(metrics(inputs(), PERIOD, ScoringConfig(early_days=8)), "S1")["on_time"] == 1.0
    # with no early tolerance P1 (2 days early) is not on time either
    assert row(metrics(inputs(), PERIOD, ScoringConfig(early_days=0)), "S1")["on_time"] == pytest.approx(3 / 5)


def test_price_index(wide: pl.DataFrame) -> None:
    assert row(wide, "S1")["price_index"] == pytest.approx(S1_INDEX)
    assert row(wide, "S2")["price_index"] is None  # part X has no target price
    assert row(wide, "S3")["price_index"] == pytest.approx(1.0)  # single source, vs its target
    assert row(wide, "S5")["price_index"] is None  # no unit price at all


def test_service_metrics(wide: pl.DataFrame) -> None:
    s1, s3 = row(wide, "S1"), row(wide, "S3")
    assert (s1["capa_response"], s1["capa_closure"]) == (1.0, 1.0)
    assert (s1["complaints"], row(wide, "S2")["complaints"], s3["complaints"]) == (1, 2, 0)
    assert (s1["audit_score"], s1["service_rating"], s1["cooperation"]) == (85.0, 90.0, None)
    assert (s3["audit_score"], s3["cooperation"]) == (None, 70.0)  # the 2026 rating covers Q3, Q2's does not
    assert row(wide, "S4")["complaints"] is None  # nothing supplied: unknown, not "0"


def test_criterion_points_and_totals(result) -> None:
    card = result.scorecard
    s1 = row(card, "S1")
    assert s1["quality_points"] == pytest.approx(S1_QUALITY, rel=1e-12)
    assert s1["delivery_points"] == pytest.approx(S1_DELIVERY, rel=1e-12)
    assert s1["price_points"] == pytest.approx(lin(S1_INDEX, 0.9, 1.3), rel=1e-12)
    assert s1["service_points"] == pytest.approx(S1_SERVICE, rel=1e-12)
    for supplier, total in (("S1", S1_TOTAL), ("S2", S2_TOTAL), ("S3", S3_TOTAL), ("S5", S5_TOTAL)):
        assert row(card, supplier)["total"] == pytest.approx(total, rel=1e-12), supplier


def test_grades_colours_and_consequences(result) -> None:
    card = result.scorecard
    # S1 67.87 → D, S2 5.88 → D, S3 94.75 → A, S5 85.29 → B, S4 no data
    assert dict(card.select("supplier", "grade").iter_rows()) == {
        "S1": "D",
        "S2": "D",
        "S3": "A",
        "S4": "not_graded",
        "S5": "B",
    }
    assert row(card, "S3")["colour"] == "#00B050"
    assert row(card, "S4")["colour"] == "#BFBFBF"
    assert row(card, "S2")["action"] == "Suspend new orders and review the supplier"
    assert result.actions.get_column("supplier").to_list() == ["S2", "S1"]  # worst first
    zh = grade_suppliers(inputs(), PERIOD, CONFIG, lang="zh").scorecard
    assert row(zh, "S1")["action"] == "暂停新订单并重新评审供应商资格"


def test_no_data_is_not_graded_never_100(result) -> None:
    s4 = row(result.scorecard, "S4")
    assert (s4["total"], s4["grade"]) == (None, "not_graded")
    assert s4["reason"] == "fewer than 1 lots in the period; fewer than 1 deliveries due in the period"
    assert result.explanation.filter(pl.col("supplier") == "S4").get_column("contribution").null_count() == 13


def test_minimum_volume_marks_not_graded() -> None:
    card = grade_suppliers(inputs(), PERIOD, ScoringConfig(early_days=3, min_lots=1, min_deliveries=3)).scorecard
    # S1 has 5 deliveries; S2 (2), S3 (1) and S5 (1) fall short
    assert dict(card.select("supplier", "grade").iter_rows())["S1"] == "D"
    for supplier in ("S2", "S3", "S5"):
        graded = row(card, supplier)
        assert graded["grade"] == "not_graded" and graded["reason"] == "fewer than 3 deliveries due in the period"


def test_missing_criterion_is_reweighted_and_flagged(result) -> None:
    s5 = row(result.scorecard, "S5")
    assert s5["reweighted"] == "price"
    assert s5["price_points"] is None
    assert row(result.scorecard, "S1")["reweighted"] is None
    # quality may be missing too when no minimum number of lots is required
    card = grade_suppliers(inputs(), PERIOD, ScoringConfig(min_lots=0, min_deliveries=0)).scorecard
    assert row(card, "S4")["reason"] == "no data to score in the period"
    zh = grade_suppliers(inputs(), PERIOD, CONFIG, lang="zh").scorecard
    assert row(zh, "S5")["reweighted"] == "价格"


def test_explanation_accounts_for_every_point(result) -> None:
    explanation = result.explanation
    s1 = explanation.filter(pl.col("supplier") == "S1")
    assert s1.height == 13
    ppm = s1.filter(pl.col("metric") == "ppm").row(0, named=True)
    assert (ppm["numerator"], ppm["denominator"], ppm["points"], ppm["criterion"]) == (1.0, 300.0, 60.0, "quality")
    assert ppm["effective_weight"] == pytest.approx(16.0)  # 40 % of quality's 40 %
    coop = s1.filter(pl.col("metric") == "cooperation").row(0, named=True)
    assert (coop["points"], coop["contribution"], coop["effective_weight"]) == (None, None, None)
    for supplier, total in result.scorecard.select("supplier", "total").iter_rows():
        parts = explanation.filter(pl.col("supplier") == supplier).get_column("contribution").drop_nulls().to_list()
        if total is None:
            assert parts == []
        else:
            assert math.fsum(parts) == pytest.approx(total, rel=1e-12, abs=1e-12)


def test_importance_classes() -> None:
    # spend 2025-10-01..2026-09-30: S1 900, S2 480, S3 500, S5 0 (no price) → shares .479 .255 .266 0
    config = ScoringConfig(class_i_share=0.4, class_ii_share=0.26)
    classes = importance(inputs(), PERIOD, config)
    got = dict(classes.select("supplier", "importance").iter_rows())
    # S1 by spend; S2 supplies critical part X (two sources) → II; S3 only source of critical Z → I; S4 from master
    assert got == {"S1": "I", "S2": "II", "S3": "I", "S4": "II", "S5": "III"}
    assert row(classes, "S1")["spend_share"] == pytest.approx(900 / 1880)
    assert row(classes, "S4")["importance_source"] == "master"
    assert row(classes, "S3")["single_source_critical"] is True


def test_trend_against_history() -> None:
    history = pl.DataFrame(
        {
            "period": ["2026-Q1", "2026-Q2", "2026-Q2", "2026-Q2"],
            "supplier": ["S1", "S1", "S2", "S3"],
            "total": [80.0, 75.0, 20.0, 85.0],
            "grade": ["B", "C", "D", "B"],
        }
    )
    card = grade_suppliers(inputs(), PERIOD, CONFIG, history).scorecard
    s1, s2, s3 = row(card, "S1"), row(card, "S2"), row(card, "S3")
    assert s1["change"] == pytest.approx(S1_TOTAL - 75) and s1["direction"] == "down" and s1["falling_twice"] is True
    assert s2["direction"] == "same" and s2["falling_twice"] is False  # no Q1 figure to compare
    assert s3["direction"] == "up" and s3["change"] == pytest.approx(S3_TOTAL - 85)
    assert row(card, "S5")["previous_total"] is None
    # component: S5 85.3, S1 67.9, S2 5.9 (S4 not graded); packaging: S3 alone
    assert dict(card.select("supplier", "rank_in_category").iter_rows()) == {
        "S1": 2,
        "S2": 3,
        "S3": 1,
        "S4": None,
        "S5": 1,
    }


def test_rerunning_a_period_replaces_its_history_rows() -> None:
    history = pl.DataFrame(
        {"period": ["2026-Q2", "2026-Q3"], "supplier": ["S1", "S1"], "total": [75.0, 1.0], "grade": ["C", "D"]}
    )
    first = grade_suppliers(inputs(), PERIOD, CONFIG, history).history
    second = grade_suppliers(inputs(), PERIOD, CONFIG, first).history
    assert first.equals(second)
    assert first.filter(pl.col("period") == "2026-Q3").height == 5
    assert row(first.filter(pl.col("period") == "2026-Q3"), "S1")["total"] == pytest.approx(S1_TOTAL)
    assert first.filter(pl.col("period") == "2026-Q2").height == 1


def test_explain_alone_matches_the_scorecard() -> None:
    explanation = explain(metrics(inputs(), PERIOD, CONFIG), CONFIG)
    assert explanation.filter(pl.col("supplier") == "S3").get_column("contribution").sum() == pytest.approx(S3_TOTAL)


def test_empty_inputs_grade_nobody() -> None:
    from srm_xl.scoring import ScoringInputs

    result = grade_suppliers(ScoringInputs(), PERIOD, CONFIG)
    assert result.scorecard.height == 0 and result.explanation.height == 0 and result.actions.height == 0
