"""Switching rules against hand-worked lot sequences. Every lot: 1000 units, level II -> code letter J.

Plans for J: normal 2/3 at AQL 1.0 (n=80, one step tighter 0.65: 1/2); tightened 1/2; GB reduced 1/2 on 32 units.
With the default classes (critical 0.065 at zero acceptance, major 1.0, minor 2.5) a lot with 3 major
nonconformities is rejected under every severity.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from srm_xl.config.sampling import SamplingConfig
from srm_xl.sampling import replay_switching

REJECT, CLEAN = 3, 0


def lots(
    majors: list[int], *, part: str = "P1", start: date = date(2026, 1, 1), days: list[int] | None = None
) -> pl.DataFrame:
    offsets = days if days is not None else list(range(len(majors)))
    return pl.DataFrame(
        {
            "supplier": ["S1"] * len(majors),
            "part": [part] * len(majors),
            "received": [start + timedelta(days=d) for d in offsets],
            "lot_size": [1000] * len(majors),
            "critical": [0] * len(majors),
            "major": majors,
            "minor": [0] * len(majors),
        }
    )


def test_two_rejections_within_five_lots_switch_to_tightened() -> None:
    # Lots 1 and 5 rejected: 2 of 5 consecutive lots -> tightened from lot 6.
    out = replay_switching(lots([REJECT, CLEAN, CLEAN, CLEAN, REJECT, CLEAN]))
    assert out["severity"].to_list() == ["normal"] * 5 + ["tightened"]
    assert out["switch_reason"][4] == "sampling_switch_to_tightened"
    assert out["note_en"][4].startswith("2 of 5 consecutive lots rejected")
    assert "加严" in out["note_zh"][4]
    assert out["decision"].to_list()[:5] == ["reject", "accept", "accept", "accept", "reject"]


def test_two_rejections_six_lots_apart_stay_normal() -> None:
    out = replay_switching(lots([REJECT, CLEAN, CLEAN, CLEAN, CLEAN, REJECT, CLEAN]))
    assert set(out["severity"]) == {"normal"}
    assert out["switch_reason"].null_count() == out.height


def test_five_accepted_on_tightened_return_to_normal() -> None:
    out = replay_switching(lots([REJECT, REJECT] + [CLEAN] * 6))
    assert out["severity"].to_list() == ["normal"] * 2 + ["tightened"] * 5 + ["normal"]
    assert out["switch_reason"][6] == "sampling_switch_tightened_to_normal"
    assert (
        out["sample_size"][2] == 80
    )  # tightened, code J: major 1.0 and minor 2.5 both n=80; critical is Ac 0 on that sample


def all_classes_ac_two() -> dict:
    # Every class at AQL 1.0 with the table's acceptance numbers: J 2/3, one step tighter (0.65) Ac 1.
    return {"aql_critical": 1.0, "aql_minor": 1.0, "critical_zero_acceptance": False}


def test_switching_score_adds_3_when_accepted_at_the_tighter_aql_and_resets_otherwise() -> None:
    # Ac = 2 >= 2: +3 when the count would pass Ac 1 of AQL 0.65; 2 nonconforming is accepted (2 <= 2) but
    # would not pass at 0.65, so the score resets to 0.
    out = replay_switching(lots([0, 1, 2, 0]), SamplingConfig(**all_classes_ac_two()))
    assert out["switching_score"].to_list() == [3, 6, 0, 3]
    assert out["decision"].to_list() == ["accept"] * 4


def test_switching_score_adds_2_for_acceptance_number_0_or_1() -> None:
    # One class (major at AQL 0.65: J 1/2); critical at zero acceptance and no minor column score nothing.
    history = lots([0, 1, 0, 2, 0]).drop("minor")
    out = replay_switching(history, SamplingConfig(aql_major=0.65))
    assert out["switching_score"].to_list() == [2, 4, 6, 0, 2]
    assert out["decision"].to_list() == ["accept"] * 3 + ["reject", "accept"]


def test_a_zero_acceptance_class_does_not_hold_the_score_back() -> None:
    # Default classes: critical at zero acceptance has no plan of its own; major (2/3) and minor (J at 2.5: 5/6,
    # one step tighter 3/4) both earn 3 on a clean lot, so 10 clean lots reach 30 (not 15).
    out = replay_switching(lots([CLEAN] * 11), SamplingConfig(reduced_approved=True))
    assert out["switching_score"].to_list()[:10] == [3 * k for k in range(1, 11)]
    assert out["severity"].to_list() == ["normal"] * 10 + ["reduced"]
    # … but a critical nonconformity rejects the lot and resets the score.
    found = lots([CLEAN] * 4).with_columns(critical=pl.Series([0, 1, 0, 0]))
    assert replay_switching(found)["switching_score"].to_list() == [3, 0, 3, 6]


def test_a_class_left_blank_scores_nothing_on_that_lot() -> None:
    # Minor at AQL 0.65 (J 1/2) would earn only 2 per lot; left blank, it scores nothing and major earns 3.
    blank = lots([CLEAN] * 3).with_columns(minor=pl.Series([None, None, None], dtype=pl.Int64))
    for reading in ("per_class", "per_lot"):
        out = replay_switching(blank, SamplingConfig(aql_minor=0.65, switching_score=reading))
        assert out["switching_score"].to_list() == [3, 6, 9]
    recorded = replay_switching(lots([CLEAN] * 3), SamplingConfig(aql_minor=0.65))
    assert recorded["switching_score"].to_list() == [2, 4, 6]


def two_classes(majors: list[int], reading: str) -> pl.DataFrame:
    # Major at 1.0 (J 2/3: +3 when at most 1 found) and minor at 0.65 (J 1/2: +2 when accepted).
    return replay_switching(
        lots(majors), SamplingConfig(aql_minor=0.65, reduced_approved=True, switching_score=reading)
    )


def test_each_class_keeps_its_own_score_by_default() -> None:
    # Lot 5 has 2 major nonconformities: accepted (2 <= 2) but not at AQL 0.65, so the major score resets while
    # the minor score goes on. Reduced needs both at 30: major 10 lots after the reset, minor 15 lots: lot 15.
    out = two_classes([0, 0, 0, 0, 2] + [0] * 11, "per_class")
    assert out["switching_score"].to_list()[:6] == [2, 4, 6, 8, 0, 3]  # the smallest of the two classes' scores
    assert out["switching_score"][14] == 30
    assert out["severity"].to_list() == ["normal"] * 15 + ["reduced"]


def test_per_lot_reading_gives_each_lot_the_smallest_points() -> None:
    # One score: every lot earns the smaller of 3 and 2; lot 5 earns 0 and resets it, so 30 comes at lot 20.
    out = two_classes([0, 0, 0, 0, 2] + [0] * 16, "per_lot")
    assert out["switching_score"].to_list()[:6] == [2, 4, 6, 8, 0, 2]
    assert out["switching_score"][19] == 30
    assert out["severity"].to_list() == ["normal"] * 20 + ["reduced"]


def test_score_30_switches_to_reduced_only_when_approved() -> None:
    # 10 clean lots x 3 points = 30 after lot 10 -> reduced from lot 11 when approved.
    majors = [CLEAN] * 12
    approved = replay_switching(lots(majors), SamplingConfig(**all_classes_ac_two(), reduced_approved=True))
    assert approved["switching_score"][9] == 30
    assert approved["severity"].to_list() == ["normal"] * 10 + ["reduced"] * 2
    assert approved["switch_reason"][9] == "sampling_switch_to_reduced"
    assert approved["sample_size"][10] == 32  # GB reduced J: n=32
    pending = replay_switching(lots(majors), SamplingConfig(**all_classes_ac_two()))
    assert set(pending["severity"]) == {"normal"}
    assert pending["switch_reason"][9] == "sampling_reduced_not_approved"
    assert pending["switch_reason"].null_count() == pending.height - 1


def test_reduced_returns_to_normal_on_a_rejection() -> None:
    cfg = SamplingConfig(**all_classes_ac_two(), reduced_approved=True)
    out = replay_switching(lots([CLEAN] * 10 + [CLEAN, REJECT, CLEAN]), cfg)
    assert out["severity"].to_list()[10:] == ["reduced", "reduced", "normal"]
    assert out["switch_reason"][11] == "sampling_switch_reduced_reject"
    assert out["switching_score"][12] == 3  # counting starts again from 0


def test_reduced_returns_to_normal_after_a_production_gap() -> None:
    cfg = SamplingConfig(**all_classes_ac_two(), reduced_approved=True, irregular_gap_days=30)
    days = list(range(11)) + [10 + 31]  # lot 12 arrives 31 days after lot 11
    out = replay_switching(lots([CLEAN] * 12, days=days), cfg)
    assert out["severity"].to_list()[10:] == ["reduced", "normal"]
    assert out["switch_reason"][11] == "sampling_switch_reduced_gap"
    assert out["note_en"][11].startswith("31 days since the previous lot (more than 30)")


def test_five_rejections_on_tightened_discontinue_until_a_corrective_action() -> None:
    majors = [REJECT, REJECT] + [REJECT, CLEAN, REJECT, REJECT, REJECT, REJECT] + [CLEAN] * 3
    history = lots(majors)
    out = replay_switching(history)
    assert out["severity"].to_list() == ["normal"] * 2 + ["tightened"] * 6 + ["discontinued"] * 3
    assert out["counts_to_discontinuation"].to_list() == [
        False,
        False,
        True,
        False,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert out["switch_reason"][7] == "sampling_switch_discontinued"
    assert out["decision"].to_list()[8:] == [None, None, None]
    action = pl.DataFrame({"supplier": ["S1"], "part": ["P1"], "date": [date(2026, 1, 10)]})
    resumed = replay_switching(history, corrective_actions=action)
    assert resumed["severity"].to_list()[8:] == ["discontinued", "tightened", "tightened"]
    assert resumed["switch_reason"][9] == "sampling_switch_resumed"
    assert resumed["decision"].to_list()[9:] == ["accept", "accept"]


def test_each_supplier_part_is_replayed_on_its_own_in_date_order() -> None:
    first = lots([REJECT, REJECT, CLEAN], part="P1")
    second = lots([CLEAN, CLEAN, CLEAN], part="P2")
    shuffled = pl.concat([first, second]).sample(fraction=1.0, shuffle=True, seed=3)
    out = replay_switching(shuffled)
    assert out.filter(pl.col("part") == "P1")["severity"].to_list() == ["normal", "normal", "tightened"]
    assert set(out.filter(pl.col("part") == "P2")["severity"]) == {"normal"}


def test_an_approved_switch_to_reduced_waits_for_steady_production() -> None:
    # The score reaches 30 on lot 10, which came 40 days after lot 9: normal continues, reduced after lot 11.
    cfg = SamplingConfig(**all_classes_ac_two(), reduced_approved=True, irregular_gap_days=30)
    out = replay_switching(lots([CLEAN] * 12, days=list(range(9)) + [48, 49, 50]), cfg)
    assert out["switch_reason"][9] == "sampling_reduced_irregular"
    assert out["note_en"][9].startswith("switching score reached 30 (≥30) but 40 days passed")
    assert out["severity"].to_list() == ["normal"] * 11 + ["reduced"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 40)), min_size=1, max_size=60))
def test_with_one_scoring_class_both_readings_replay_alike(history: list[tuple[int, int]]) -> None:
    """The readings differ only in how classes combine: with the lot's AQL class alone they must agree."""
    majors, gaps = [m for m, _ in history], [g for _, g in history]
    days = [sum(gaps[: i + 1]) for i in range(len(gaps))]
    frame = lots(majors, days=days).drop("minor")
    replays = [
        replay_switching(frame, SamplingConfig(reduced_approved=True, switching_score=reading))
        for reading in ("per_class", "per_lot")
    ]
    assert replays[0].equals(replays[1])
