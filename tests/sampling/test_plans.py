"""Plans for single lots (hand-worked) and for columns of lots, with the properties the tables must keep."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from srm_xl.config.sampling import SamplingConfig
from srm_xl.errors import SrmError
from srm_xl.sampling import AQL_SERIES, LEVELS, Plan, plan, plan_frame, srm_plan

lot_sizes = st.integers(min_value=1, max_value=2_000_000)
levels = st.sampled_from(LEVELS)
aqls = st.sampled_from(AQL_SERIES)
standards = st.sampled_from(["GB/T 2828.1", "ANSI Z1.4"])


def test_lot_1000_level_ii_aql_1_normal() -> None:
    # Table 1: 501-1200 at level II -> J; Table 2-A: J (n=80) at AQL 1.0 -> Ac 2, Re 3.
    assert plan(1000, "II", 1.0) == Plan("J", 80, 2, 3, False)


def test_down_arrow_beyond_the_lot_gives_full_inspection() -> None:
    # J at AQL 0.010 is ↓ ... ↓ down to Q (n=1250, 0/1); 1250 > 1000 units, so all 1000 are inspected at 0/1.
    assert plan(1000, "II", 0.010) == Plan("Q", 1000, 0, 1, True)


def test_up_arrow_takes_the_plan_and_sample_size_above() -> None:
    # 26-50 at II -> D (n=8); D at AQL 2.5 is ↑ -> C: n=5, Ac 0, Re 1.
    assert plan(50, "II", 2.5) == Plan("C", 5, 0, 1, False)


def test_down_arrow_takes_the_plan_and_sample_size_below() -> None:
    # 51-90 at II -> E (n=13); E at 2.5 is ↓ -> F: n=20, 1/2 (not n=13 with 1/2, a common misreading).
    assert plan(60, "II", 2.5) == Plan("F", 20, 1, 2, False)


def test_lot_5000_level_ii_major_and_minor() -> None:
    # 3201-10000 at II -> L (n=200): AQL 2.5 -> 10/11, AQL 4.0 -> 14/15.
    assert plan(5000, "II", 2.5) == Plan("L", 200, 10, 11, False)
    assert plan(5000, "II", 4.0) == Plan("L", 200, 14, 15, False)


def test_tightened_plan() -> None:
    # Table 2-B: J (n=80) at AQL 1.0 -> 1/2 (normal gives 2/3).
    assert plan(1000, "II", 1.0, "tightened") == Plan("J", 80, 1, 2, False)


def test_tightened_arrow_can_reach_code_letter_s() -> None:
    # Over 500000 at III -> R; Table 2-B R at 0.025 is ↓ to S (n=3150), Ac 1, Re 2.
    assert plan(600_000, "III", 0.025, "tightened") == Plan("S", 3150, 1, 2, False)


def test_reduced_plans_differ_between_gb_and_ansi() -> None:
    # 1201-3200 at II -> K; Table 2-C K (n=50) at 1.0: Z1.4 prints 1/4, ISO 2859-1:1999 (GB/T 2828.1) 2/3.
    assert plan(2000, "II", 1.0, "reduced") == Plan("K", 50, 2, 3, False)
    assert plan(2000, "II", 1.0, "reduced", standard="ANSI Z1.4") == Plan("K", 50, 1, 4, False)


def test_special_level() -> None:
    # 3201-10000 at S-2 -> D (n=8); D at AQL 1.5 -> 0/1.
    assert plan(4000, "S-2", 1.5) == Plan("D", 8, 0, 1, False)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((0, "II", 1.0), "sampling_lot_size_invalid"),
        ((10.5, "II", 1.0), "sampling_lot_size_invalid"),
        ((100, "IV", 1.0), "sampling_level_unknown"),
        ((100, "II", 0.7), "sampling_aql_not_in_series"),
        ((100, "II", 1.0, "strict"), "sampling_severity_unknown"),
    ],
)
def test_invalid_input_raises_a_catalogued_error(args: tuple, code: str) -> None:
    with pytest.raises(SrmError) as caught:
        plan(*args)
    assert caught.value.code == code
    assert "{" not in caught.value.message("zh") and "{" not in caught.value.message("en")


def test_plan_frame_flags_bad_rows_and_plans_the_rest() -> None:
    frame = pl.DataFrame(
        {
            "lot_size": [1000, -5, 1000, 1000, None],
            "level": ["II", "II", "IV", None, "II"],
            "aql": [1.0, 1.0, 1.0, None, 1.0],
            "severity": [None, "normal", "normal", "tightened", None],
        }
    )
    out = plan_frame(frame)
    assert out["plan_error"].to_list() == [
        None,
        "sampling_lot_size_invalid",
        "sampling_level_unknown",
        None,
        "sampling_lot_size_invalid",
    ]
    assert out["sample_size"].to_list() == [80, None, None, 80, None]
    assert out["ac"].to_list()[3] == 1  # blanks: level II and AQL 1.0 from the config, tightened as given


def test_plan_frame_uses_the_config_defaults() -> None:
    out = plan_frame(pl.DataFrame({"lot_size": [1000]}), SamplingConfig(level="III", aql_major=2.5))
    assert out.row(0, named=True) == {
        "lot_size": 1000,
        "code_letter": "K",
        "sample_size": 125,
        "ac": 7,
        "re": 8,
        "full_inspection": False,
        "plan_error": None,
    }


def test_config_refuses_an_aql_outside_the_series() -> None:
    with pytest.raises(ValidationError, match="preferred series"):
        SamplingConfig(aql_minor=3.0)


def test_srm_plan_takes_columns_and_scalars() -> None:
    assert srm_plan([[1000], [5000]], "II", [[1.0], [2.5]], None) == [["J", 80, 2, 3], ["L", 200, 10, 11]]
    assert srm_plan(1000, "II", 0.7, "normal") == [["#sampling_aql_not_in_series", "", "", ""]]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(lot_sizes, levels, aqls, st.sampled_from(["normal", "tightened", "reduced"])), min_size=1, max_size=40
    ),
    standards,
)
def test_plan_frame_equals_plan(rows: list[tuple], standard: str) -> None:
    frame = pl.DataFrame(rows, schema=["lot_size", "level", "aql", "severity"], orient="row")
    out = plan_frame(frame, SamplingConfig(standard=standard))
    for (lot, level, aql, severity), got in zip(rows, out.iter_rows(named=True)):
        expected = plan(lot, level, aql, severity, standard)
        assert (got["code_letter"], got["sample_size"], got["ac"], got["re"], got["full_inspection"]) == (
            expected.code_letter,
            expected.sample_size,
            expected.ac,
            expected.re,
            expected.full_inspection,
        )


@settings(max_examples=300, deadline=None)
@given(lot_sizes, lot_sizes, levels, aqls, st.sampled_from(["normal", "tightened", "reduced"]), standards)
def test_sample_size_never_decreases_as_the_lot_grows(
    a: int, b: int, level: str, aql: float, severity: str, standard: str
) -> None:
    small, large = sorted((a, b))
    assert (
        plan(small, level, aql, severity, standard).sample_size
        <= plan(large, level, aql, severity, standard).sample_size
    )


@settings(max_examples=300, deadline=None)
@given(lot_sizes, levels, aqls, standards)
def test_tightened_is_never_looser_than_normal(lot: int, level: str, aql: float, standard: str) -> None:
    """Tightened draws at least as many units and allows no larger fraction of them to be nonconforming:
    n_t ≥ n_n, Ac_t/n_t ≤ Ac_n/n_n and Re_t/n_t ≤ Re_n/n_n."""
    normal, tightened = plan(lot, level, aql, "normal", standard), plan(lot, level, aql, "tightened", standard)
    assert tightened.sample_size >= normal.sample_size
    assert tightened.ac * normal.sample_size <= normal.ac * tightened.sample_size
    assert tightened.re * normal.sample_size <= normal.re * tightened.sample_size


@settings(max_examples=500, deadline=None)
@given(lot_sizes, levels, aqls, standards)
def test_reduced_is_never_stricter_than_normal(lot: int, level: str, aql: float, standard: str) -> None:
    """Reduced draws no more units, and (sampling, not 100 %) needs at least as large a fraction nonconforming to
    reject: n_r ≤ n_n and Re_r/n_r ≥ Re_n/n_n."""
    normal, reduced = plan(lot, level, aql, "normal", standard), plan(lot, level, aql, "reduced", standard)
    assert reduced.sample_size <= normal.sample_size
    if not (normal.full_inspection or reduced.full_inspection):
        assert reduced.re * normal.sample_size >= normal.re * reduced.sample_size
