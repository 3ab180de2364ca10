"""Switching rules of GB/T 2828.1 / ISO 2859-1 (clause 9), replayed per supplier × part in received-date order.

Normal → tightened when 2 of 5 or fewer consecutive lots are rejected; tightened → normal after 5 consecutive
accepted; normal → reduced when the switching score reaches 30 with steady production and approval; reduced →
normal on a rejected lot or irregular production (a gap of more than ``irregular_gap_days``); discontinuation
after ``discontinue_after`` rejected lots on tightened, until a corrective action is recorded (then tightened).

The switching score (9.3.3): 0 at every start of normal inspection; per normal lot, when Ac ≥ 2 add 3 if the lot
would have been accepted with the AQL one step tighter, else reset to 0; when Ac is 0 or 1 add 2 if accepted,
else reset to 0. With several classes a lot earns the smallest of the classes' points (any reset resets).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.errors import SrmError
from srm_xl.messages import render
from srm_xl.sampling.classes import CLASSES, ClassPlans, class_counts, class_plans

NORMAL, TIGHTENED, REDUCED, DISCONTINUED = 0, 1, 2, 3
STATES = ("normal", "tightened", "reduced", "discontinued")
REQUIRED = ("supplier", "part", "received", "lot_size")
OUTPUT = ("severity", "sample_size", "decision", "switching_score", "counts_to_discontinuation", "next_severity",
          "switch_reason", "note_zh", "note_en")
_EPOCH = date(1970, 1, 1)


def _points(frame: pl.DataFrame, config: SamplingConfig, plans: dict[str, ClassPlans],
            counts: dict[str, np.ndarray]) -> np.ndarray:
    """Switching-score points each lot would earn under normal inspection (0 means: reset the score)."""
    normal = plans["normal"]
    tighter = class_plans(frame, config, ("normal",), tighter=True)["normal"]
    points = []
    for name in CLASSES:
        accepted = counts[name] <= normal.ac[name]
        two_or_more = np.where(counts[name] <= tighter.ac[name], 3, 0)
        points.append(np.where(accepted, np.where(normal.ac[name] >= 2, two_or_more, 2), 0))
    return np.minimum.reduce(points)


def _corrective_days(lots: pl.DataFrame, actions: pl.DataFrame | None) -> np.ndarray:
    """Per lot, the day number of the latest corrective action of its supplier × part on or before it (-1: none)."""
    if actions is None or actions.height == 0:
        return np.full(lots.height, -1, dtype=np.int64)
    recorded = (actions.select(pl.col("supplier").cast(pl.Utf8), pl.col("part").cast(pl.Utf8),
                               pl.col("date").cast(pl.Date).alias("received"))
                .drop_nulls().with_columns(pl.col("received").alias("action")).sort("received"))
    joined = lots.select("supplier", "part", "received").join_asof(
        recorded, on="received", by=["supplier", "part"], strategy="backward", check_sortedness=False)
    return joined["action"].dt.epoch("d").fill_null(-1).to_numpy()


def replay_switching(frame: pl.DataFrame, config: SamplingConfig | None = None,
                     corrective_actions: pl.DataFrame | None = None) -> pl.DataFrame:
    """``frame`` (in its own row order) with the severity each lot was due and why it changed.

    Lots are replayed per supplier × part in received-date order (ties keep the frame's order).

    Needs ``supplier``, ``part``, ``received`` and ``lot_size``; reads ``level``, ``aql`` and the class counts
    ``critical``/``major``/``minor`` when present. ``corrective_actions`` holds ``supplier``, ``part``, ``date``.
    Adds ``OUTPUT``: the severity used, the sample size under it, the decision (null while discontinued or when
    the lot cannot be planned), the switching score after the lot (normal inspection only), whether the lot
    counts toward discontinuation, the severity of the next lot, and for lots where the severity changes the
    reason's message code and its zh/en note.
    """
    cfg = config or SamplingConfig()
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise SrmError("sampling_columns_missing", where="replay_switching", columns=", ".join(missing))
    keys = frame.select(pl.col("supplier").cast(pl.Utf8), pl.col("part").cast(pl.Utf8),
                        pl.col("received").cast(pl.Date))
    group = keys.select(pl.struct("supplier", "part").rank("dense")).to_series().to_numpy()
    day = keys["received"].dt.epoch("d").fill_null(-(10**9)).to_numpy()
    order = np.lexsort((np.arange(frame.height), day, group))  # per supplier × part, by date, stable
    lots = frame.with_columns(keys)[order]
    group, day = group[order], day[order]
    counts = class_counts(lots)
    by_severity = class_plans(lots, cfg)
    plans = list(by_severity.values())
    rejected = [p.rejected(counts) for p in plans]
    points = _points(lots, cfg, by_severity, counts).tolist()
    starts = np.r_[True, group[1:] != group[:-1]][: len(group)]  # an empty log replays to nothing
    gap = np.where(starts, 0, np.diff(day, prepend=day[:1]))
    state_out, score_out, flags, reasons, fields, next_out = _replay(
        starts.tolist(), gap.tolist(), day.tolist(), (plans[0].ok & (day > -(10**9))).tolist(),
        [r.tolist() for r in rejected], points, _corrective_days(lots, corrective_actions).tolist(), cfg)

    state = np.array(state_out, dtype=np.int64)
    sizes = np.choose(np.minimum(state, 2), [p.sample_size for p in plans])
    decided = (state != DISCONTINUED) & plans[0].ok
    decision = np.where(decided, np.choose(np.minimum(state, 2), rejected).astype(np.int8), -1)
    notes = {lang: [render(code, lang, **f) if code else None for code, f in zip(reasons, fields)]
             for lang in ("zh", "en")}
    names = dict(enumerate(STATES))
    back = np.empty_like(order)
    back[order] = np.arange(order.size)  # results go back to the caller's row order
    added = pl.DataFrame([
        pl.Series("severity", state).replace_strict(names, return_dtype=pl.Utf8),
        pl.Series("sample_size", np.where(decided, sizes, -1)).replace(-1, None),
        pl.Series("decision", decision).replace_strict({-1: None, 0: "accept", 1: "reject"}, return_dtype=pl.Utf8),
        pl.Series("switching_score", score_out, dtype=pl.Int64),
        pl.Series("counts_to_discontinuation", flags, dtype=pl.Boolean),
        pl.Series("next_severity", next_out, dtype=pl.Int64).replace_strict(names, return_dtype=pl.Utf8),
        pl.Series("switch_reason", reasons, dtype=pl.Utf8),
        pl.Series("note_zh", notes["zh"], dtype=pl.Utf8),
        pl.Series("note_en", notes["en"], dtype=pl.Utf8),
    ])[back]
    return frame.with_columns(added)


def _replay(starts: list[bool], gap: list[int], day: list[int], ok: list[bool], rejected: list[list[bool]],
            points: list[int], action_day: list[int], cfg: SamplingConfig) -> tuple[list, ...]:
    """One pass over all lots (grouped, in date order): the state machine of clause 9, O(1) work per lot."""
    size = len(starts)
    state_out, score_out, flags = [0] * size, [None] * size, [False] * size
    reasons: list[str | None] = [None] * size
    fields: list[dict] = [{}] * size
    next_out = [0] * size
    limit, stop_after, approved = cfg.irregular_gap_days, cfg.discontinue_after, cfg.reduced_approved
    state = score = accepted_run = tightened_rejects = stopped_day = 0
    recent: list[int] = []  # positions (within the normal run) of rejected lots
    normal_lots = 0
    for i in range(size):
        if starts[i]:
            state, score, recent, normal_lots, accepted_run, tightened_rejects = NORMAL, 0, [], 0, 0, 0
        if state == DISCONTINUED and action_day[i] >= stopped_day:
            state, accepted_run, tightened_rejects = TIGHTENED, 0, 0
            reasons[i], fields[i] = "sampling_switch_resumed", {"date": (_EPOCH + timedelta(days=action_day[i]))}
        if state == REDUCED and gap[i] > limit:
            state, score, recent, normal_lots = NORMAL, 0, [], 0
            reasons[i], fields[i] = "sampling_switch_reduced_gap", {"days": gap[i], "limit": limit}
        state_out[i] = state
        if state != DISCONTINUED and ok[i]:
            rejected_lot = rejected[state][i]
            if state == NORMAL:
                normal_lots += 1
                earlier = score
                score = score + points[i] if points[i] else 0
                if rejected_lot:
                    recent = [p for p in recent if normal_lots - p < 5] + [normal_lots]
                if len(recent) >= 2:
                    state, accepted_run, tightened_rejects = TIGHTENED, 0, 0
                    reasons[i], fields[i] = "sampling_switch_to_tightened", {"lots": recent[-1] - recent[-2] + 1}
                elif score >= 30 and gap[i] <= limit and approved:
                    state = REDUCED
                    reasons[i], fields[i] = "sampling_switch_to_reduced", {"score": score}
                elif score >= 30 > earlier:
                    reasons[i], fields[i] = "sampling_reduced_not_approved", {"score": score}
                score_out[i] = score
            elif state == TIGHTENED:
                if rejected_lot:
                    accepted_run, tightened_rejects, flags[i] = 0, tightened_rejects + 1, True
                    if tightened_rejects >= stop_after:
                        state, stopped_day = DISCONTINUED, day[i]
                        reasons[i], fields[i] = "sampling_switch_discontinued", {"lots": tightened_rejects}
                else:
                    accepted_run += 1
                    if accepted_run >= 5:
                        state, score, recent, normal_lots = NORMAL, 0, [], 0
                        reasons[i], fields[i] = "sampling_switch_tightened_to_normal", {}
            elif rejected_lot:
                state, score, recent, normal_lots = NORMAL, 0, [], 0
                reasons[i], fields[i] = "sampling_switch_reduced_reject", {}
        next_out[i] = state
    return state_out, score_out, flags, reasons, fields, next_out
