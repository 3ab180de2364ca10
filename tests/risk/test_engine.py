"""The pure parts of the register: stable ids, levels from the matrix, merging and heat-map counts."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from srm_xl.config import Config
from srm_xl.risk import grid_counts, level_expr, merge_register, open_risks, risk_id
from srm_xl.risk.detect import detect_risks
from srm_xl.risk.inputs import RiskInputs

LEVELS = Config().risk.levels()
TODAY = date(2026, 6, 30)


def test_risk_ids_are_short_stable_and_differ_by_subject() -> None:
    first = risk_id("certificate", "S001|ISO 9001")
    assert first == risk_id("certificate", "S001|ISO 9001") and first.startswith("R-CRT-") and len(first) == 14
    assert first != risk_id("certificate", "S002|ISO 9001")


@given(st.integers(1, 5), st.integers(1, 5))
def test_level_is_the_matrix_cell(likelihood: int, impact: int) -> None:
    frame = pl.DataFrame({"l": [likelihood], "i": [impact]})
    assert frame.select(level_expr(pl.col("l"), pl.col("i"), LEVELS)).item() == LEVELS[likelihood - 1][impact - 1]


def test_level_is_null_outside_the_scale() -> None:
    frame = pl.DataFrame({"l": [0, 2, None], "i": [11, 6, 3]})
    assert frame.select(level_expr(pl.col("l"), pl.col("i"), LEVELS)).to_series().to_list() == [None, None, None]


def _detected() -> pl.DataFrame:
    parts = pl.DataFrame(
        {"part": ["P1", "P2"], "supplier": ["S001", "S002"], "share": [1.0, 1.0], "critical": ["yes", "yes"]}
    )
    return detect_risks(RiskInputs({"parts": parts}), Config(), TODAY)


def test_merging_twice_changes_nothing_and_counts_nothing() -> None:
    first = merge_register(None, _detected(), Config().risk.enabled(), TODAY, LEVELS, "en")
    again = merge_register(first.register, _detected(), Config().risk.enabled(), TODAY, LEVELS, "en")
    assert (first.new, again.new, again.updated, again.resolved) == (2, 0, 0, 0)
    assert again.register.equals(first.register)


def test_a_cleared_risk_is_resolved_once_and_counted_once() -> None:
    first = merge_register(None, _detected(), Config().risk.enabled(), TODAY, LEVELS, "en")
    later = date(2026, 7, 5)
    cleared = merge_register(first.register, _detected().head(1), Config().risk.enabled(), later, LEVELS, "en")
    assert cleared.resolved == 1 and cleared.register.filter(pl.col("status") == "resolved")["resolved"].to_list() == [
        later
    ]
    still = merge_register(
        cleared.register, _detected().head(1), Config().risk.enabled(), date(2026, 8, 1), LEVELS, "en"
    )
    assert still.resolved == 0 and still.register["resolved"].drop_nulls().to_list() == [later]


def test_grid_counts_add_up_to_the_open_risks() -> None:
    register = pl.DataFrame(
        {
            "risk_id": ["a", "b", "c", "d"],
            "likelihood": [5, 5, 1, 3],
            "impact": [5, 5, 2, 3],
            "level": ["critical", "critical", "low", "medium"],
            "score": [25, 25, 2, 9],
            "status": ["open", None, "resolved", "accepted"],
        }
    )
    risks = open_risks(register)
    grid = grid_counts(risks, LEVELS)
    assert grid.height == 25 and grid["count"].sum() == 3
    assert grid.filter((pl.col("likelihood") == 5) & (pl.col("impact") == 5))["count"].item() == 2
    assert risks["risk_id"].to_list() == ["a", "b", "d"]
