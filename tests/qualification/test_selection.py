"""Candidate ranking as a pure function: hand-worked weights and properties of any input."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srm_xl.config.qualification import CANDIDATE_CRITERIA, QualificationConfig
from srm_xl.qualification.selection import rank_candidates
from tests.qualification.books import C1_SCORE, C2_SCORE, C3_SCORE, SCORES

CONFIG = QualificationConfig()


def _scores(rows: dict[tuple[str, str], tuple[float | None, ...]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"candidate": c, "evaluator": e, **dict(zip(CANDIDATE_CRITERIA, s))} for (c, e), s in rows.items()],
        schema={"candidate": pl.String, "evaluator": pl.String, **{k: pl.Float64 for k in CANDIDATE_CRITERIA}},
    )


def _candidates(codes: list[str], needs: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"candidate": codes, "name": codes, "need": needs})


def test_hand_worked_scores() -> None:
    ranked = rank_candidates(_candidates(["C1", "C2", "C3", "C4"], ["N", "N", "N", "M"]), _scores(SCORES), CONFIG, "en")
    assert dict(zip(ranked["candidate"], ranked["score"])) == pytest.approx(
        {"C1": C1_SCORE, "C2": C2_SCORE, "C3": C3_SCORE, "C4": None}
    )


def test_other_weights_change_the_order() -> None:
    price_only = QualificationConfig(criteria_weights="price:100")
    scores = _scores({("A", "x"): (90, 90, 90, 90, 90, 90, 40, 90), ("B", "x"): (50, 50, 50, 50, 50, 50, 80, 50)})
    ranked = rank_candidates(_candidates(["A", "B"], ["N", "N"]), scores, price_only, "en")
    assert ranked["candidate"].to_list() == ["B", "A"] and ranked["score"].to_list() == [80.0, 40.0]


def test_shortlist_size_and_ties_by_code() -> None:
    scores = _scores({(c, "x"): (70,) * 8 for c in ("B", "A", "C", "D")})
    ranked = rank_candidates(
        _candidates(["B", "A", "C", "D"], ["N"] * 4), scores, QualificationConfig(shortlist_size=2), "en"
    )
    assert ranked["candidate"].to_list() == ["A", "B", "C", "D"] and ranked["rank"].to_list() == [1, 2, 3, 4]
    assert ranked["shortlisted"].to_list() == ["yes", "yes", "no", "no"]
    assert ranked["reason"][2] == "rank 3, beyond the shortlist of 2"


score = st.one_of(st.none(), st.floats(0, 100))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ABCDEF"), st.sampled_from("xyz"), st.tuples(*[score] * 8)), max_size=20),
    st.integers(1, 4),
)
def test_any_scores_give_bounded_ranks_and_a_shortlist_within_size(rows: list, size: int) -> None:  # type: ignore[type-arg]
    given_scores = _scores({(c, e): s for c, e, s in rows})
    codes = list("ABCDEF")
    ranked = rank_candidates(
        _candidates(codes, ["N", "M", "N", "M", "N", "M"]), given_scores, QualificationConfig(shortlist_size=size), "zh"
    )
    assert sorted(ranked["candidate"]) == codes and ranked["reason"].null_count() == 0
    for need in ("N", "M"):
        part = ranked.filter(pl.col("need") == need)
        assert (part["shortlisted"] == "yes").sum() <= size
        scored = part["score"].drop_nulls().to_list()
        assert scored == sorted(scored, reverse=True)
        assert all(0 <= s <= 100 for s in scored)
