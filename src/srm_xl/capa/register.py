"""Merging triggers into the corrective-action register: link, reopen or raise, never duplicate, never overwrite.

Existing rows are kept as they are except where the job owns a column (computed state, linked lots) or a
recurrence after closure reopens a SCAR. A trigger already named by any row (its trigger or linked lots) or
whose stable id is already present raises nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from srm_xl.capa.state import with_state
from srm_xl.capa.triggers import graded, ids, rejected_lots, since, traced_complaints
from srm_xl.config.capa import CapaConfig
from srm_xl.messages import Lang, catalogue, render
from srm_xl.schema import spec

KEY = ("supplier", "_part", "_defect")
"""Supplier × part × defect type, with blanks as "" so they compare equal."""
_SUMS = ("sample_size", "critical", "major", "minor")
_FIELD = re.compile(r"{(\w+)}")


@dataclass
class Triggers:
    """The sheets SCARs are raised from (inspection log, scorecard, complaints), each possibly empty."""

    inspections: pl.DataFrame
    scorecard: pl.DataFrame
    complaints: pl.DataFrame


@dataclass
class Raised:
    register: pl.DataFrame
    """Every row with ``state`` and ``overdue_steps`` computed, plus the helper columns of ``with_state``."""
    new: list[str]
    reopened: pl.DataFrame
    """``scar_id``, ``lots`` (the recurring lots) and ``closed`` (when it had been closed)."""
    linked: int


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("part").fill_null("").alias("_part"), pl.col("defect_type").fill_null("").alias("_defect")
    )


def covered(register: pl.DataFrame) -> pl.DataFrame:
    """(supplier, token) for every lot, period or complaint id a register row already names."""
    tokens = pl.concat_str([pl.col("trigger"), pl.col("lots")], separator=";", ignore_nulls=True).str.split(";")
    return (
        register.select("supplier", tokens.alias("token"))
        .explode("token")
        .with_columns(pl.col("token").str.strip_chars())
        .filter(pl.col("token").is_not_null() & (pl.col("token") != ""))
        .unique()
    )


def _targets(pending: pl.DataFrame, stated: pl.DataFrame, config: CapaConfig) -> pl.DataFrame:
    """Pending lots that join an existing SCAR: a closed one recurring within ``reopen_days`` (reopen), or in
    grouped mode an open one issued at most ``group_days`` after the lot (link). One target per lot."""
    existing = _keyed(stated).select(*KEY, "scar_id", "issued", "closed", "state")
    cand = _keyed(pending).join(existing, on=list(KEY))
    reopen = cand.filter(
        (pl.col("state") == "closed")
        & (pl.col("received") > pl.col("closed"))
        & (pl.col("received") <= pl.col("closed") + timedelta(days=config.reopen_days))
    )
    link = cand.filter(
        (pl.col("state") != "closed")
        & pl.lit(config.grouping == "grouped")
        & (pl.col("received") <= pl.col("issued") + timedelta(days=config.group_days)).fill_null(False)
    )
    both = pl.concat([reopen.with_columns(reopen=pl.lit(True)), link.with_columns(reopen=pl.lit(False))])
    return both.sort(["lot", "issued"], descending=[False, True], nulls_last=True).unique(
        "lot", keep="first", maintain_order=True
    )


def _filled(code: str, lang: Lang, **fields: pl.Expr) -> pl.Expr:
    """The ``code`` template in ``lang`` filled row by row from ``fields`` (dates as 2026-03-05, blanks as —)."""
    template = catalogue()[code][lang]
    parts = [fields[name].cast(pl.String).fill_null("—") for name in _FIELD.findall(template)]
    return pl.format(_FIELD.sub("{}", template), *parts)


def _closure(lang: Lang, today: date) -> pl.Expr:
    """The closure a reopening clears, as a line of the closure history (with the lots that reopened it)."""
    labels = {c.key: c.label(lang) for c in spec("corrective_actions").column("effectiveness").choices}
    return _filled(
        "capa_history_closure",
        lang,
        closed=pl.col("closed"),
        response=pl.col("response_date"),
        check=pl.col("effectiveness").replace(labels),
        checked=pl.col("effectiveness_date"),
        today=pl.lit(today),
        lots=pl.col("_reopen_lots"),
    )


def _added(lang: Lang, today: date) -> pl.Expr:
    """What a link or reopening adds to the problem description: the day, the lots and their defects."""
    fields = {"today": pl.lit(today), "lots": pl.col("_new_lots"), **{k: pl.col(f"_new_{k}") for k in _SUMS}}
    return (
        pl.when(pl.col("_reopen").fill_null(False))
        .then(_filled("capa_problem_recurred", lang, **fields))
        .otherwise(_filled("capa_problem_linked", lang, **fields))
    )


def _apply(
    register: pl.DataFrame, targets: pl.DataFrame, config: CapaConfig, today: date, lang: Lang
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Linked lots appended, and named in the problem; reopened SCARs back to open with fresh step deadlines,
    their closure moved to the closure history."""
    updates = (
        targets.sort("received", "lot")
        .group_by("scar_id")
        .agg(
            pl.col("lot").str.join("; ").alias("_new_lots"),
            pl.col("reopen").any().alias("_reopen"),
            pl.col("lot").filter(pl.col("reopen")).str.join("; ").alias("_reopen_lots"),
            *(pl.col(c).cast(pl.Int64).fill_null(0).sum().alias(f"_new_{c}") for c in _SUMS),
        )
    )
    joined = register.join(updates, on="scar_id", how="left")
    reopen = pl.col("_reopen").fill_null(False)
    linked = pl.col("_new_lots").is_not_null()
    previous = pl.coalesce(pl.col("lots"), pl.when(pl.col("source") == "lot").then(pl.col("trigger")))
    cleared = {
        k: pl.when(reopen).then(None).otherwise(pl.col(k)).alias(k)
        for k in ("closed", "effectiveness", "effectiveness_date", "response_date")
    }
    due = {
        k: pl.when(reopen).then(pl.lit(today + timedelta(days=d))).otherwise(pl.col(k)).alias(k)
        for k, d in (("d3_due", config.d3_days), ("d4_due", config.d4_days), ("due_date", config.d8_days))
    }
    updated = joined.with_columns(
        pl.when(pl.col("_new_lots").is_not_null())
        .then(pl.concat_str([previous, pl.col("_new_lots")], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("lots"))
        .alias("lots"),
        pl.when(reopen).then(pl.lit("open")).otherwise(pl.col("status")).alias("status"),
        pl.when(reopen).then(pl.col("reopened").fill_null(0) + 1).otherwise(pl.col("reopened")).alias("reopened"),
        pl.when(reopen).then(pl.lit(today)).otherwise(pl.col("reopened_on")).alias("reopened_on"),
        pl.when(reopen)
        .then(pl.concat_str([pl.col("history"), _closure(lang, today)], separator="\n", ignore_nulls=True))
        .otherwise(pl.col("history"))
        .alias("history"),
        pl.when(linked)
        .then(pl.concat_str([pl.col("problem"), _added(lang, today)], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("problem"))
        .alias("problem"),
        *cleared.values(),
        *due.values(),
    )
    reopened = joined.filter(reopen).select("scar_id", pl.col("_reopen_lots").alias("lots"), "closed")
    return updated.drop(pl.selectors.starts_with("_new_"), "_reopen", "_reopen_lots"), reopened


def _lot_rows(lots: pl.DataFrame, config: CapaConfig, lang: Lang) -> pl.DataFrame:
    """New lot SCARs: one per lot, or per supplier × part × defect type and ``group_days`` window."""
    keyed = _keyed(lots).sort("received", "lot")
    if config.grouping == "grouped":
        start = pl.col("received").min().over(list(KEY))
        bucket = ((pl.col("received") - start).dt.total_days() // config.group_days).cast(pl.String)
    else:
        bucket = pl.col("lot")
    groups = (
        keyed.with_columns(bucket.alias("_bucket"))
        .group_by([*KEY, "_bucket"], maintain_order=True)
        .agg(
            pl.col("part").first(),
            pl.col("defect_type").first(),
            pl.col("lot").first().alias("trigger"),
            pl.col("lot").str.join("; ").alias("lots"),
            pl.col("received").min().alias("_when"),
            pl.len().alias("_count"),
            *(pl.col(c).cast(pl.Int64).fill_null(0).sum().alias(c) for c in _SUMS),
        )
    )
    problems = [
        render(
            "capa_problem_lot" if r["defect_type"] else "capa_problem_lot_untyped",
            lang,
            count=r["_count"],
            defect=r["defect_type"],
            lots=r["lots"],
            sample=r["sample_size"],
            critical=r["critical"],
            major=r["major"],
            minor=r["minor"],
        )
        for r in groups.iter_rows(named=True)
    ]
    return groups.select(
        ids("lot", groups["trigger"], groups["_when"].dt.year()),
        "supplier",
        "part",
        pl.lit("lot").alias("source"),
        "trigger",
        "lots",
        "defect_type",
        pl.Series("problem", problems, pl.String),
    )


def _grade_rows(scorecard: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    problems = [
        render(
            "capa_problem_grade",
            lang,
            period=r["period"],
            grade=r["grade"],
            total="" if r["total"] is None else f"{r['total']:.1f}",
        )
        for r in scorecard.iter_rows(named=True)
    ]
    keys = scorecard.select(pl.concat_str("supplier", "period", separator="|"))[:, 0]
    return scorecard.select(
        ids("grade", keys, scorecard["period_end"].dt.year()),
        "supplier",
        pl.lit(None, pl.String).alias("part"),
        pl.lit("grade").alias("source"),
        pl.col("period").alias("trigger"),
        pl.Series("problem", problems, pl.String),
    )


def _complaint_rows(complaints: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    problems = [
        render("capa_problem_complaint", lang, complaint=r["complaint_id"], description=r["description"] or "")
        for r in complaints.iter_rows(named=True)
    ]
    return complaints.select(
        ids("complaint", complaints["complaint_id"], complaints["received"].dt.year()),
        "supplier",
        "part",
        pl.lit("complaint").alias("source"),
        pl.col("complaint_id").alias("trigger"),
        pl.Series("problem", problems, pl.String),
    )


def raise_in_register(
    register: pl.DataFrame, triggers: Triggers, config: CapaConfig, today: date, lang: Lang
) -> Raised:
    """``register`` (spec columns, extras, ``_row``) with every trigger linked, reopening or raising a SCAR."""
    first = since(config, today)
    taken = covered(register)
    pending = rejected_lots(triggers.inspections, first).join(
        taken, left_on=["supplier", "lot"], right_on=["supplier", "token"], how="anti"
    )
    targets = _targets(pending, with_state(register, today, config.remind_days), config)
    register, reopened = _apply(register, targets, config, today, lang)
    grades = graded(triggers.scorecard, config, first).join(
        taken, left_on=["supplier", "period"], right_on=["supplier", "token"], how="anti"
    )
    complaints = traced_complaints(triggers.complaints, config, first).join(
        taken, left_on=["supplier", "complaint_id"], right_on=["supplier", "token"], how="anti"
    )
    fresh = pl.concat(
        [
            _lot_rows(pending.join(targets, on="lot", how="anti"), config, lang),
            _grade_rows(grades, lang),
            _complaint_rows(complaints, lang),
        ],
        how="diagonal_relaxed",
    )
    fresh = fresh.unique("scar_id", keep="first", maintain_order=True).join(
        register.select("scar_id"), on="scar_id", how="anti"
    )
    fresh = fresh.with_columns(
        pl.lit(today).alias("issued"),
        pl.lit(today + timedelta(days=config.d3_days)).alias("d3_due"),
        pl.lit(today + timedelta(days=config.d4_days)).alias("d4_due"),
        pl.lit(today + timedelta(days=config.d8_days)).alias("due_date"),
        pl.lit(0, pl.Int64).alias("reopened"),
    )
    merged = pl.concat([register, fresh], how="diagonal_relaxed").select(register.columns)
    return Raised(with_state(merged, today, config.remind_days), fresh["scar_id"].to_list(), reopened, targets.height)
