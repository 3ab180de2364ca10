"""Candidate ranking: each criterion averaged over evaluators, a weighted score, rank and shortlist per need,
and the reason in words."""

from __future__ import annotations

import polars as pl

from srm_xl.config.qualification import CANDIDATE_CRITERIA, QualificationConfig
from srm_xl.messages import Lang
from srm_xl.qualification.text import labels, say
from srm_xl.schema.qualification import CANDIDATE_CRITERIA as CRITERIA_CHOICES

RANK_COLUMNS = (
    "need",
    "rank",
    "candidate",
    "name",
    "score",
    *CANDIDATE_CRITERIA,
    "evaluators",
    "shortlisted",
    "reason",
)


def _one_decimal(value: pl.Expr) -> pl.Expr:
    return value.round(1).cast(pl.String)


def rank_candidates(
    candidates: pl.DataFrame, scores: pl.DataFrame, config: QualificationConfig, lang: Lang
) -> pl.DataFrame:
    """One row per candidate (``RANK_COLUMNS``), best first within each need.

    The weighted score is Σ mean(criterion) × weight / Σ weight over the weighted criteria the candidate was scored
    on, so a criterion no evaluator scored shares its weight out (and the reason says so); unscored candidates rank
    last; ties go by candidate code.
    """
    weights = config.weights()
    means = scores.group_by("candidate").agg(
        pl.len().alias("evaluators"), *(pl.col(c).mean() for c in CANDIDATE_CRITERIA)
    )
    table = (
        candidates.select("candidate", "name", "need")
        .unique("candidate", keep="first")
        .join(means, on="candidate", how="left")
    )
    weighted = pl.sum_horizontal(pl.col(c) * w for c, w in weights.items())
    weight_used = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Float64) * w for c, w in weights.items())
    table = table.with_columns(
        pl.when(weight_used > 0).then(weighted / weight_used).alias("score"),
        pl.col("evaluators").fill_null(0).cast(pl.Int64),
    )
    table = table.sort(["need", "score", "candidate"], descending=[False, True, False], nulls_last=True)
    table = table.with_columns(
        pl.when(pl.col("score").is_not_null())
        .then(pl.col("score").rank("ordinal", descending=True).over("need"))
        .cast(pl.Int64)
        .alias("rank"),
        pl.col("score").count().over("need").alias("_count"),
    )
    shortlisted = (pl.col("rank") <= config.shortlist_size) & (pl.col("score") >= config.shortlist_min)
    return table.with_columns(
        pl.when(shortlisted.fill_null(False)).then(pl.lit("yes")).otherwise(pl.lit("no")).alias("shortlisted"),
        _reason(config, tuple(weights), lang),
    ).select(RANK_COLUMNS)


def _reason(config: QualificationConfig, weighted: tuple[str, ...], lang: Lang) -> pl.Expr:
    """Why each candidate is where it is, naming its strongest and weakest weighted criteria."""
    names = labels(CRITERIA_CHOICES, lang)
    long = pl.concat_list([pl.struct(pl.lit(names[c]).alias("name"), pl.col(c).alias("value")) for c in weighted])
    scored = long.list.eval(pl.element().filter(pl.element().struct.field("value").is_not_null()))
    ordered = scored.list.eval(pl.element().sort_by(pl.element().struct.field("value"), descending=True))
    best, worst = ordered.list.first(), ordered.list.last()
    missing = long.list.eval(
        pl.element().filter(pl.element().struct.field("value").is_null()).struct.field("name")
    ).list.join(", ")
    score = _one_decimal(pl.col("score"))
    top = say(
        "qualification_rank_top",
        lang,
        rank=pl.col("rank"),
        count=pl.col("_count"),
        score=score,
        best=best.struct.field("name"),
        best_score=_one_decimal(best.struct.field("value")),
        worst=worst.struct.field("name"),
        worst_score=_one_decimal(worst.struct.field("value")),
    )
    low = say("qualification_rank_low", lang, score=score, minimum=pl.lit(f"{config.shortlist_min:g}"))
    beyond = say("qualification_rank_beyond", lang, rank=pl.col("rank"), size=pl.lit(config.shortlist_size))
    main = (
        pl.when(pl.col("score").is_null())
        .then(say("qualification_rank_unscored", lang))
        .when(pl.col("score") < config.shortlist_min)
        .then(low)
        .when(pl.col("rank") > config.shortlist_size)
        .then(beyond)
        .otherwise(top)
    )
    partial = pl.when(pl.col("score").is_not_null() & (missing != "")).then(
        say("qualification_rank_partial", lang, criteria=missing)
    )
    return pl.concat_str([main, partial], separator="; ", ignore_nulls=True).alias("reason")
