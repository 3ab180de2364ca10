"""Switching rules of GB/T 2828.1 / ISO 2859-1 (clause 9), replayed per supplier × part in received-date order.

``Clause9`` is the state machine of one supplier × part; ``replay_switching`` plans every lot under each
severity at once (vectorised), then walks each pair's lots through its machine. One severity applies to all
nonconformity classes of a lot; the switching score follows ``SamplingConfig.switching_score`` (see
``srm_xl.sampling.score`` for the points and the README for the two readings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.errors import SrmError
from srm_xl.messages import render
from srm_xl.sampling.classes import CLASSES, class_counts, class_plans
from srm_xl.sampling.plans import filled, index_of
from srm_xl.sampling.score import ScorePoints, score_points

TIGHTENED_AFTER_REJECTED = 2
"""9.3.1: tightened inspection when 2 lots are not accepted …"""
TIGHTENED_WITHIN_LOTS = 5
"""… within 5 or fewer consecutive lots on original normal inspection."""
NORMAL_AFTER_ACCEPTED = 5
"""9.3.2: back to normal after 5 consecutive lots accepted on original tightened inspection."""
REDUCED_AT_SCORE = 30
"""9.3.3.1 a): reduced inspection once the switching score is at least 30 (with steady production, approved)."""


NORMAL, TIGHTENED, REDUCED, DISCONTINUED = range(4)
"""The states of clause 9: the three severities (in the order of the tables' ``SEVERITIES``) and discontinuation."""
STATES = ("normal", "tightened", "reduced", "discontinued")
REQUIRED = ("supplier", "part", "received", "lot_size")
OUTPUT = (
    "severity",
    "sample_size",
    "decision",
    "switching_score",
    "counts_to_discontinuation",
    "next_severity",
    "switch_reason",
    "note_zh",
    "note_en",
)
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Switch:
    """A change of severity: the message code of its reason and the message's fields."""

    reason: str
    fields: dict[str, object] = field(default_factory=dict)


class Clause9:
    """The switching state of one supplier × part, advanced one lot at a time.

    ``scores`` holds one switching score per scoring stream (per class, or one for the lot as a whole; None until
    the stream is first scored in this normal period); the score that counts is the smallest, so reduced
    inspection needs every scored class at ``REDUCED_AT_SCORE``.
    """

    __slots__ = (
        "accepted_run",
        "config",
        "normal_lots",
        "rejected_at",
        "score",
        "scores",
        "severity",
        "stopped_day",
        "tightened_rejects",
    )

    def __init__(self, config: SamplingConfig, streams: int) -> None:
        self.config = config
        self.scores: list[int | None] = [None] * streams
        self.start_normal()
        self.accepted_run = self.tightened_rejects = 0
        self.stopped_day: int | None = None

    def start_normal(self) -> None:
        """Normal inspection starts: the score is set to zero (9.3.3.2) and the 2-of-5 window is emptied."""
        self.severity = NORMAL
        self.scores = [None] * len(self.scores)
        self.score = 0
        self.normal_lots = 0
        self.rejected_at: list[int] = []

    def start_tightened(self) -> None:
        self.severity = TIGHTENED
        self.accepted_run = self.tightened_rejects = 0

    def before_lot(self, gap_days: int, action_day: int | None) -> Switch | None:
        """Changes due before the lot is inspected: resumption after a corrective action (9.4) and the end of
        reduced inspection on irregular production (9.3.4 c)."""
        if self.severity == DISCONTINUED and action_day is not None and action_day >= self.stopped_day:
            self.start_tightened()
            return Switch("sampling_switch_resumed", {"date": _EPOCH + timedelta(days=action_day)})
        if self.severity == REDUCED and gap_days > self.config.irregular_gap_days:
            self.start_normal()
            return Switch("sampling_switch_reduced_gap", {"days": gap_days, "limit": self.config.irregular_gap_days})
        return None

    def after_lot(
        self, rejected: bool, points: tuple[int, ...], scored: tuple[bool, ...], gap_days: int, day: int
    ) -> Switch | None:
        """The change the lot's result calls for, under the severity it was inspected at."""
        if self.severity == NORMAL:
            return self._normal(rejected, points, scored, gap_days)
        if self.severity == TIGHTENED:
            return self._tightened(rejected, day)
        if rejected:  # 9.3.4 a): a lot not accepted on reduced inspection
            self.start_normal()
            return Switch("sampling_switch_reduced_reject")
        return None

    def _normal(
        self, rejected: bool, points: tuple[int, ...], scored: tuple[bool, ...], gap_days: int
    ) -> Switch | None:
        self.normal_lots += 1
        earlier = self.score
        if rejected:  # the lot is not accepted: every class starts again (a class left blank, from nothing)
            scores = self.scores = [0 if counts else None for counts in scored]
        else:
            scores = self.scores = [
                ((score or 0) + earned if earned else 0) if counts else score
                for score, earned, counts in zip(self.scores, points, scored)
            ]
        self.score = min([score for score in scores if score is not None], default=0)
        if rejected:
            window = self.normal_lots - TIGHTENED_WITHIN_LOTS
            self.rejected_at = [lot for lot in self.rejected_at if lot > window] + [self.normal_lots]
        if len(self.rejected_at) >= TIGHTENED_AFTER_REJECTED:
            lots = self.rejected_at[-1] - self.rejected_at[-TIGHTENED_AFTER_REJECTED] + 1
            self.start_tightened()
            return Switch("sampling_switch_to_tightened", {"lots": lots})
        score, limit = self.score, self.config.irregular_gap_days
        if score < REDUCED_AT_SCORE:
            return None
        if not self.config.reduced_approved:  # 9.3.3.1 c), said once, when the score reaches 30
            return Switch("sampling_reduced_not_approved", {"score": score}) if earlier < REDUCED_AT_SCORE else None
        if gap_days > limit:  # 9.3.3.1 b): production not at a steady rate
            return Switch("sampling_reduced_irregular", {"score": score, "days": gap_days, "limit": limit})
        self.severity = REDUCED
        return Switch("sampling_switch_to_reduced", {"score": score})

    def _tightened(self, rejected: bool, day: int) -> Switch | None:
        if rejected:
            self.accepted_run = 0
            self.tightened_rejects += 1
            if self.tightened_rejects >= self.config.discontinue_after:  # 9.4
                self.severity, self.stopped_day = DISCONTINUED, day
                return Switch("sampling_switch_discontinued", {"lots": self.tightened_rejects})
            return None
        self.accepted_run += 1
        if self.accepted_run >= NORMAL_AFTER_ACCEPTED:
            self.start_normal()
            return Switch("sampling_switch_tightened_to_normal")
        return None


@dataclass(frozen=True)
class History:
    """All lots, grouped by supplier × part and in received order, as the machines read them (one entry per lot).

    ``rejected[s]`` is whether the lot is rejected under severity ``s``; ``points``/``scored`` hold one value per
    scoring stream; ``day`` and ``action_day`` are day numbers (``action_day``: the pair's latest corrective
    action on or before the lot, None when there is none).
    """

    first: list[bool]
    gap_days: list[int]
    day: list[int]
    plannable: list[bool]
    rejected: tuple[list[bool], ...]
    points: list[tuple[int, ...]]
    scored: list[tuple[bool, ...]]
    action_day: list[int | None]


@dataclass
class Replayed:
    """What the replay found per lot, in the order of the ``History``."""

    severity: list[int]
    score: list[int | None]
    counts_to_discontinuation: list[bool]
    switch: list[Switch | None]
    next_severity: list[int]


def replay(history: History, config: SamplingConfig) -> Replayed:
    """Walk every lot through its supplier × part's ``Clause9`` machine."""
    size = len(history.first)
    out = Replayed([NORMAL] * size, [None] * size, [False] * size, [None] * size, [NORMAL] * size)
    streams = len(history.points[0]) if size else 1
    machine = Clause9(config, streams)
    lots = zip(
        history.first,
        history.gap_days,
        history.day,
        history.plannable,
        history.points,
        history.scored,
        history.action_day,
    )
    for i, (first, gap_days, day, plannable, points, scored, action_day) in enumerate(lots):
        if first:
            machine = Clause9(config, streams)
        # only a reduced or discontinued pair can change before its next lot is inspected
        switch = machine.before_lot(gap_days, action_day) if machine.severity >= REDUCED else None
        severity = out.severity[i] = machine.severity
        if severity != DISCONTINUED and plannable:
            rejected = history.rejected[severity][i]
            switch = machine.after_lot(rejected, points, scored, gap_days, day) or switch
            if severity == NORMAL:
                out.score[i] = machine.score
            elif severity == TIGHTENED:
                out.counts_to_discontinuation[i] = rejected
        out.switch[i], out.next_severity[i] = switch, machine.severity
    return out


def _action_days(lots: pl.DataFrame, actions: pl.DataFrame | None) -> list[int | None]:
    """Per lot, the day number of the latest corrective action of its supplier × part on or before it."""
    if actions is None or actions.height == 0:
        return [None] * lots.height
    recorded = (
        actions.select(
            pl.col("supplier").cast(pl.Utf8),
            pl.col("part").cast(pl.Utf8),
            pl.col("date").cast(pl.Date).alias("received"),
        )
        .drop_nulls()
        .with_columns(pl.col("received").alias("action"))
        .sort("received")
    )
    joined = lots.select("supplier", "part", "received").join_asof(
        recorded, on="received", by=["supplier", "part"], strategy="backward", check_sortedness=False
    )
    return joined["action"].dt.epoch("d").to_list()


def counted(frame: pl.DataFrame) -> np.ndarray:
    """Whether each lot has a defect count of any class; a frame without count columns has every lot counted
    (as none found)."""
    given = [frame[name].is_not_null().to_numpy() for name in CLASSES if name in frame.columns]
    return np.logical_or.reduce(given) if given else np.ones(frame.height, bool)


def _streams(points: ScorePoints, config: SamplingConfig) -> tuple[list[tuple[int, ...]], list[tuple[bool, ...]]]:
    """Per lot, the points and ``scored`` flags of each scoring stream (one per class, or one for the lot)."""
    chosen = points.smallest() if config.switching_score == "per_lot" else points
    return list(zip(*chosen.points.tolist())), list(zip(*chosen.scored.tolist()))


def replay_switching(
    frame: pl.DataFrame, config: SamplingConfig | None = None, corrective_actions: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``frame`` (in its own row order) with the severity each lot was due and why it changed.

    Lots are replayed per supplier × part in received-date order (ties keep the frame's order).

    Needs ``supplier``, ``part``, ``received`` and ``lot_size``; reads ``level``, ``aql``, the class counts
    ``critical``/``major``/``minor`` and the inspector's ``decision`` (accept/reject) when present. A lot whose
    counts are all blank, or that cannot be planned, is not judged (no computed decision, no switching points):
    its recorded decision, if any, stands for it in the switching rules. ``corrective_actions`` holds ``supplier``, ``part``, ``date``.
    Adds ``OUTPUT``: the severity used, the sample size under it, the decision (null while discontinued or when
    the lot cannot be planned), the switching score after the lot (normal inspection only), whether the lot
    counts toward discontinuation, the severity of the next lot, and for lots where the severity changes the
    reason's message code and its zh/en note.
    """
    cfg = config or SamplingConfig()
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise SrmError("sampling_columns_missing", where="replay_switching", columns=", ".join(missing))
    keys = frame.select(
        pl.col("supplier").cast(pl.Utf8), pl.col("part").cast(pl.Utf8), pl.col("received").cast(pl.Date)
    )
    group = keys.select(pl.struct("supplier", "part").rank("dense")).to_series().to_numpy()
    day = keys["received"].dt.epoch("d")
    dated = day.is_not_null().to_numpy()
    day = day.fill_null(0).to_numpy()
    order = np.lexsort((np.arange(frame.height), day, dated, group))  # per pair: undated first, then by date
    lots = frame.with_columns(keys)[order]
    group, day, dated = group[order], day[order], dated[order]
    first = np.r_[True, group[1:] != group[:-1]]
    both_dated = dated & np.r_[False, dated[:-1]]
    gap = np.where(first | ~both_dated, 0, np.diff(day, prepend=day[:1]))

    counts = class_counts(lots)
    by_severity = class_plans(lots, cfg)
    plans = list(by_severity.values())
    judged = plans[0].ok & counted(lots)
    said = index_of(filled(lots, "decision", "", pl.Utf8), ("accept", "reject"), dtype=pl.Utf8)
    rejected = [np.where(judged, p.rejected(counts), said == 1) for p in plans]
    earned = score_points(lots, cfg, by_severity["normal"], counts)
    points, scored = _streams(ScorePoints(earned.classes, earned.points, earned.scored & judged), cfg)
    history = History(
        first.tolist(),
        gap.tolist(),
        day.tolist(),
        ((judged | (said >= 0)) & dated).tolist(),
        tuple(r.tolist() for r in rejected),
        points,
        scored,
        _action_days(lots, corrective_actions),
    )
    replayed = replay(history, cfg)

    state = np.array(replayed.severity, dtype=np.int64)
    inspected = np.minimum(state, REDUCED)
    decided = (state != DISCONTINUED) & plans[0].ok
    reasons = [s.reason if s else None for s in replayed.switch]
    notes = {
        lang: [render(s.reason, lang, **s.fields) if s else None for s in replayed.switch] for lang in ("zh", "en")
    }
    names = dict(enumerate(STATES))
    back = np.empty_like(order)
    back[order] = np.arange(order.size)  # results go back to the caller's row order
    added = pl.DataFrame(
        [
            pl.Series("severity", state).replace_strict(names, return_dtype=pl.Utf8),
            pl.Series("sample_size", np.choose(inspected, [p.sample_size for p in plans])),
            pl.Series("decision", np.where(np.choose(inspected, rejected), "reject", "accept")).set(
                pl.Series(~judged), None
            ),
            pl.Series("switching_score", replayed.score, dtype=pl.Int64),
            pl.Series("counts_to_discontinuation", replayed.counts_to_discontinuation),
            pl.Series("next_severity", replayed.next_severity).replace_strict(names, return_dtype=pl.Utf8),
            pl.Series("switch_reason", reasons, dtype=pl.Utf8),
            pl.Series("note_zh", notes["zh"], dtype=pl.Utf8),
            pl.Series("note_en", notes["en"], dtype=pl.Utf8),
        ]
    ).with_columns(pl.when(pl.Series(decided)).then(pl.col(c)).otherwise(None) for c in ("sample_size", "decision"))[
        back
    ]
    return frame.with_columns(added)
