"""Audit scoring: checklist points per audit, score as % of the maximum, audit grade, findings as corrective
actions (stable SCAR ids, so re-runs never duplicate) and the audit score for the scorecard's manual ratings."""

from __future__ import annotations

import polars as pl

from srm_xl.capa.triggers import ids
from srm_xl.config.qualification import QualificationConfig
from srm_xl.messages import Lang
from srm_xl.qualification.text import labels, say
from srm_xl.schema.qualification import AUDIT_DIMENSIONS
from srm_xl.scoring.periods import PeriodKind, period_expr

_FINDING = pl.col("finding").is_not_null() & (pl.col("finding").str.strip_chars() != "")


def over_maximum(checklist: pl.DataFrame) -> pl.DataFrame:
    """Checklist rows whose points exceed the question's maximum."""
    return checklist.filter((pl.col("points") > pl.col("max_points")).fill_null(False))


def audit_grade(score: pl.Expr, config: QualificationConfig) -> pl.Expr:
    """A, B, C or D from the score in % (null stays null)."""
    return (
        pl.when(score.is_null())
        .then(None)
        .when(score >= config.audit_grade_a)
        .then(pl.lit("A"))
        .when(score >= config.audit_grade_b)
        .then(pl.lit("B"))
        .when(score >= config.audit_grade_c)
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )


def score_audits(
    audits: pl.DataFrame, checklist: pl.DataFrame, config: QualificationConfig, period: PeriodKind
) -> pl.DataFrame:
    """``audits`` with ``points``, ``max_points``, ``score`` (%), ``grade``, ``findings`` and scoring ``period``.

    Questions with no points are not assessed and count in neither total; points above the maximum count as it.
    """
    scored = checklist.filter(pl.col("points").is_not_null() & pl.col("max_points").is_not_null())
    totals = scored.group_by("audit_id").agg(
        pl.min_horizontal("points", "max_points").sum().alias("_points"), pl.col("max_points").sum().alias("_max")
    )
    findings = checklist.filter(_FINDING).group_by("audit_id").agg(pl.len().cast(pl.Int64).alias("_findings"))
    joined = audits.join(totals, on="audit_id", how="left").join(findings, on="audit_id", how="left")
    score = pl.when(pl.col("_max") > 0).then(pl.col("_points") / pl.col("_max") * 100)
    return joined.with_columns(
        pl.col("_points").alias("points"),
        pl.col("_max").alias("max_points"),
        score.alias("score"),
        audit_grade(score, config).alias("grade"),
        pl.col("_findings").fill_null(0).alias("findings"),
        period_expr(pl.col("audit_date"), period).alias("period"),
    ).drop("_points", "_max", "_findings")


def finding_actions(
    audits: pl.DataFrame, checklist: pl.DataFrame, config: QualificationConfig, lang: Lang
) -> pl.DataFrame:
    """One corrective-action row per finding: stable ``scar_id``, supplier, source "audit", trigger (the audit),
    problem, issued on the audit date and due after the finding level's days (major when blank)."""
    rows = checklist.filter(_FINDING).join(
        audits.select("audit_id", "supplier", "audit_date"), on="audit_id", how="inner"
    )
    rows = rows.filter(pl.col("supplier").is_not_null() & pl.col("audit_date").is_not_null())
    keys = rows.select(pl.concat_str("audit_id", "question_no", separator="|")).to_series()
    days = (
        pl.when(pl.col("finding_level") == "minor").then(config.finding_days_minor).otherwise(config.finding_days_major)
    )
    dimension = pl.col("dimension").replace_strict(labels(AUDIT_DIMENSIONS, lang), default=pl.col("dimension"))
    problem = say(
        "qualification_finding_problem",
        lang,
        audit=pl.col("audit_id"),
        question=pl.col("question_no"),
        dimension=dimension,
        finding=pl.col("finding"),
    )
    return rows.select(
        ids("audit", keys, rows["audit_date"].dt.year()),
        "supplier",
        pl.lit("audit").alias("source"),
        pl.col("audit_id").alias("trigger"),
        dimension.alias("defect_type"),
        problem.alias("problem"),
        pl.col("audit_date").alias("issued"),
        (pl.col("audit_date") + pl.duration(days=days)).alias("due_date"),
        pl.lit("open").alias("status"),
        pl.lit("open").alias("state"),
        pl.lit(0, pl.Int64).alias("reopened"),
        "audit_id",
        "question_no",
    )


def add_actions(register: pl.DataFrame, actions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``register`` with the actions whose SCAR id it does not hold yet appended, and those new actions."""
    new = actions.join(register.select("scar_id"), on="scar_id", how="anti").unique(
        "scar_id", keep="first", maintain_order=True
    )
    shaped = new.select([c for c in new.columns if c in register.columns])
    return pl.concat([register, shaped], how="diagonal_relaxed").select(register.columns), new


def rate_audits(ratings: pl.DataFrame, scored: pl.DataFrame, rated_by: str) -> tuple[pl.DataFrame, int]:
    """Manual ratings with ``audit_score`` set to the mean audit score of each supplier × period (rows added where
    missing, other columns kept), and how many rows changed."""
    means = (
        scored.filter(pl.col("score").is_not_null() & pl.col("supplier").is_not_null())
        .group_by("period", "supplier")
        .agg(pl.col("score").mean().alias("_audit"))
    )
    joined = ratings.join(means, on=["period", "supplier"], how="left")
    changed = int((joined["_audit"].is_not_null() & joined["audit_score"].ne_missing(joined["_audit"])).sum())
    updated = joined.with_columns(pl.coalesce("_audit", "audit_score").alias("audit_score")).drop("_audit")
    missing = means.join(ratings.select("period", "supplier"), on=["period", "supplier"], how="anti").sort(
        "period", "supplier"
    )
    added = missing.select(
        "period", "supplier", pl.col("_audit").alias("audit_score"), pl.lit(rated_by).alias("rated_by")
    )
    return pl.concat([updated, added], how="diagonal_relaxed").select(ratings.columns), changed + added.height
