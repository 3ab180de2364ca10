"""The inspection log's computed columns: plans and switching replayed for the valid rows, then merged back.

A recorded ``sample_size``, ``severity`` or ``decision`` the inspector typed is kept, never rewritten (where the
plan says otherwise the disagreement is reported); a blank one takes the computed value, and the row's
``filled_by_job`` names the columns so filled, in the book's language. Those, and only those, follow the plan on
later runs while they still hold what the job put there (a corrective action resuming inspection turns the
severities it filled to tightened); an inspector's 接收 typed where the plan also accepted is theirs for good.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.messages import Lang, render
from srm_xl.sampling import plan_frame, replay_switching
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW

COMPUTED = (
    "code_letter",
    "sample_due",
    "ac",
    "re",
    "severity_due",
    "decision_due",
    "switching_score",
    "next_severity",
    "switching_note",
    "scar_needed",
    "filled_by_job",
)
"""The log's columns the job owns (rewritten on every run)."""
FILLED = {"sample_size": "sample_due", "severity": "severity_due", "decision": "decision_due"}
"""Recorded columns filled from a computed one when blank (and, while they hold what the job put there, kept
following it)."""
_JOINED = "、"
"""Between the headers ``filled_by_job`` names."""
_BEFORE = "_filled_before"
"""The earlier run's ``filled_by_job`` while the rows are merged."""
ENGINE_INPUT = ("supplier", "part", "received", "lot_size", "level", "aql", "critical", "major", "minor", "decision")
PAIR = ["supplier", "part"]
NOTHING_COMPUTED = {
    ROW: pl.Int64,
    "supplier": pl.String,
    "part": pl.String,
    "received": pl.Date,
    "code_letter": pl.String,
    "sample_due": pl.Int64,
    "ac": pl.Int64,
    "re": pl.Int64,
    "severity_due": pl.String,
    "decision_due": pl.String,
    "switching_score": pl.Int64,
    "next_severity": pl.String,
    "switching_note": pl.String,
    "plan_n": pl.Int64,
    "counts_to_discontinuation": pl.Boolean,
    "switch_reason": pl.String,
}
"""What :func:`compute` returns when no row can be planned (every row has an error, or the log is empty)."""


def corrective_dates(actions: pl.DataFrame | None, lots: pl.DataFrame) -> pl.DataFrame | None:
    """``supplier``, ``part``, ``date`` of each recorded corrective action (the response date, else the closing
    date); an action naming no part applies to every part of that supplier in ``lots``."""
    if actions is None:
        return None
    dated = actions.select(
        pl.col("supplier").cast(pl.String),
        pl.col("part").cast(pl.String),
        pl.coalesce("response_date", "closed").alias("date"),
    ).filter(pl.col("date").is_not_null())
    whole = (
        dated.filter(pl.col("part").is_null())
        .drop("part")
        .join(lots.select(pl.col("supplier").cast(pl.String), pl.col("part").cast(pl.String)).unique(), on="supplier")
    )
    return pl.concat([dated.filter(pl.col("part").is_not_null()), whole.select("supplier", "part", "date")])


def compute(
    frame: pl.DataFrame, errors: set[int], config: SamplingConfig, actions: pl.DataFrame | None, lang: Lang
) -> pl.DataFrame:
    """Per lot of the switching history (by ``_row``): the computed columns, the major class's plan ``plan_n`` and
    the switching details ``counts_to_discontinuation`` and ``switch_reason``. A row with an error is in the history
    when the inspector recorded its decision, with no plan, only its note saying so."""
    error = pl.col(ROW).is_in(sorted(errors))
    recorded = inspectors_decision(frame)
    lots = frame.with_columns(recorded).filter(~error | recorded.is_not_null()).select(*ENGINE_INPUT, ROW)
    if lots.is_empty():
        return pl.DataFrame(schema=NOTHING_COMPUTED)
    unplanned = error.alias("_unplanned")
    lots = lots.with_columns(unplanned, pl.when(error).then(None).otherwise(pl.col("lot_size")).alias("lot_size"))
    replayed = replay_switching(lots, config, corrective_dates(actions, lots))
    planned = plan_frame(replayed.select("lot_size", "level", "aql", "severity"), config)
    kept = ~pl.col("_unplanned")
    note = pl.concat_str(
        [pl.when(~kept).then(pl.lit(render("inspection_plan_not_computed", lang))), pl.col(f"note_{lang}")],
        separator="; ",
        ignore_nulls=True,
    ).replace("", None)
    return replayed.with_columns(
        planned.select("code_letter", "ac", "re", pl.col("sample_size").alias("plan_n"))
    ).select(
        ROW,
        *PAIR,
        "received",
        "code_letter",
        pl.col("sample_size").alias("sample_due"),
        "ac",
        "re",
        pl.when(kept).then(pl.col("severity")).alias("severity_due"),
        pl.col("decision").alias("decision_due"),
        pl.when(kept).then(pl.col("switching_score")).alias("switching_score"),
        "next_severity",
        note.alias("switching_note"),
        "plan_n",
        "counts_to_discontinuation",
        "switch_reason",
    )


def inspectors_decision(frame: pl.DataFrame) -> pl.Expr:
    """The decision the inspector recorded: ``decision`` unless an earlier run filled it from the plan."""
    by_job = _filled_before(pl.col("filled_by_job"))["decision"] & (pl.col("decision") == pl.col("decision_due"))
    known = "filled_by_job" in frame.columns and "decision_due" in frame.columns
    return (pl.when(by_job.fill_null(False)).then(None).otherwise("decision") if known else pl.col("decision")).alias(
        "decision"
    )


def merged(frame: pl.DataFrame, computed: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """``frame`` (a read log: every spec column, extras, ``_row``) with the computed columns set, blanks filled (and
    named in ``filled_by_job``) and ``scar_needed`` marked; rows that were not computed keep what they hold and get
    no computed values."""
    labels = {recorded: spec("inspections").column(recorded).header(lang) for recorded in FILLED}
    before = pl.col("filled_by_job") if "filled_by_job" in frame.columns else pl.lit(None, pl.String)
    previous = frame.select(
        ROW, *(pl.col(due).alias(f"_previous_{due}") for due in FILLED.values()), before.alias(_BEFORE)
    )
    by_job = _filled_before(pl.col(_BEFORE))
    base = frame.drop([c for c in COMPUTED if c != "scar_needed"], strict=False)
    joined = base.join(computed.drop(*PAIR, "received"), on=ROW, how="left", maintain_order="left").join(
        previous, on=ROW, how="left", maintain_order="left"
    )
    done = pl.col("severity_due").is_not_null()
    fill = {
        recorded: done
        & (pl.col(recorded).is_null() | (by_job[recorded] & (pl.col(recorded) == pl.col(f"_previous_{due}"))))
        for recorded, due in FILLED.items()
    }
    filled = joined.with_columns(
        *(
            pl.when(fill[recorded])
            .then(pl.col(due))
            .otherwise(pl.col(recorded))
            .cast(frame.schema[recorded])
            .alias(recorded)
            for recorded, due in FILLED.items()
        ),
        pl.when(done)
        .then(
            pl.concat_str(
                [pl.when(fill[r] & pl.col(due).is_not_null()).then(pl.lit(labels[r])) for r, due in FILLED.items()],
                separator=_JOINED,
                ignore_nulls=True,
            ).replace("", None)
        )
        .otherwise(pl.col(_BEFORE))  # a row left out of this run keeps what an earlier one filled
        .alias("filled_by_job"),
    ).drop(*(f"_previous_{due}" for due in FILLED.values()), _BEFORE)
    rejected = (pl.col("decision") == "reject") | (pl.col("decision_due") == "reject").fill_null(False)
    scar = (  # a lot the plan rejects needs one even when it was let through (让步接收, 特采) or typed 合格
        pl.when(pl.col("next_severity").is_null() | pl.col("decision").is_null())
        .then(None)
        .when(rejected)
        .then(pl.lit("yes"))
        .otherwise(pl.lit("no"))
        .alias("scar_needed")
    )
    return filled.with_columns(scar)


def _filled_before(named: pl.Expr) -> dict[str, pl.Expr]:
    """Per recorded column: whether ``named`` (an earlier run's ``filled_by_job``) names it, by its header in either
    language."""
    words = named.fill_null("").str.split(_JOINED)
    log = spec("inspections")
    return {
        recorded: words.list.contains(log.column(recorded).zh) | words.list.contains(log.column(recorded).en)
        for recorded in FILLED
    }


def switching_states(computed: pl.DataFrame) -> pl.DataFrame:
    """Per supplier × part: lots, last received, current severity and score, rejects in the current tightened
    period, whether inspection is discontinued, and the last switching note."""
    restart = (
        pl.col("switch_reason").is_in(["sampling_switch_to_tightened", "sampling_switch_resumed"]).fill_null(False)
    )
    ordered = computed.sort([*PAIR, "received", ROW]).with_columns(period=restart.cum_sum().over(PAIR))
    current = pl.col("next_severity").last()
    last_normal = pl.col("severity_due").last() == "normal"
    return ordered.group_by(PAIR, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("lots"),
        pl.col("received").max().alias("last_received"),
        current.alias("severity"),
        pl.when(current == "normal")
        .then(pl.when(last_normal).then(pl.col("switching_score").last()).otherwise(0).fill_null(0))
        .alias("switching_score"),
        pl.when(current.is_in(["tightened", "discontinued"]))
        .then(pl.col("counts_to_discontinuation").filter(pl.col("period") == pl.col("period").max()).sum())
        .cast(pl.Int64)
        .alias("tightened_rejects"),
        pl.when(current == "discontinued").then(pl.lit("yes")).otherwise(pl.lit("no")).alias("discontinued"),
        pl.col("switching_note").drop_nulls().last().alias("note"),
    )
