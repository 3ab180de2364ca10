"""Grading a period: metrics → points → weighted total → grade, colour, consequence, importance and trend."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.config.scoring import CRITERIA, ScoringConfig
from srm_xl.messages import Lang, render
from srm_xl.scoring.explain import explain, shortfalls
from srm_xl.scoring.importance import importance
from srm_xl.scoring.inputs import ScoringInputs
from srm_xl.scoring.metrics import metrics
from srm_xl.scoring.periods import Period, as_period
from srm_xl.scoring.points import grade_expr
from srm_xl.scoring.trend import HISTORY_COLUMNS, merge_history, trend

ACTION_COLUMNS = ("period", "supplier", "name", "importance", "total", "grade", "action")


@dataclass(frozen=True)
class ScoreResult:
    """What grading a period produces: the scorecard (one row per supplier), the explanation (one row per
    supplier × metric), the history with this period's rows replaced, and the C/D suppliers to act on."""

    scorecard: pl.DataFrame
    explanation: pl.DataFrame
    history: pl.DataFrame
    actions: pl.DataFrame


def grade_suppliers(inputs: ScoringInputs, period: Period | str, config: ScoringConfig,
                    history: pl.DataFrame | None = None, *, lang: Lang = "en") -> ScoreResult:
    """Grade every supplier for ``period``; texts (consequences, reasons, re-weighted criteria) in ``lang``."""
    p = as_period(period)
    wide = metrics(inputs, p, config)
    explanation = explain(wide, config)
    card = trend(scorecard(wide, explanation, importance(inputs, p, config), config, lang), history, p)
    actions = card.filter(pl.col("grade").is_in(("C", "D"))).select(ACTION_COLUMNS).sort("total", "supplier")
    return ScoreResult(card, explanation, merge_history(history, card.select(HISTORY_COLUMNS)), actions)


def scorecard(metric_frame: pl.DataFrame, explanation: pl.DataFrame, classes: pl.DataFrame,
              config: ScoringConfig, lang: Lang) -> pl.DataFrame:
    """One row per supplier: counts, criterion points, total (sum of the explanation's contributions, never
    rounded), grade with colour and consequence, re-weighted criteria, the reason when not graded, and the
    importance class (``classes`` as ``importance`` returns it)."""
    criterion, points = pl.col("criterion"), pl.col("criterion_points")
    contribution = pl.col("contribution")
    summed = explanation.group_by("supplier").agg(
        *(points.filter(criterion == c).first().alias(f"{c}_points") for c in CRITERIA),
        pl.when(contribution.is_not_null().any()).then(contribution.sum()).alias("total"),
    )
    card = (metric_frame.select("period", "supplier", "name", "category", "status", "lots", "lots_rejected", "deliveries")
            .join(summed, on="supplier", how="left")
            .join(classes.select("supplier", "importance", "importance_source", "spend_share"), on="supplier", how="left"))
    grade = grade_expr(pl.col("total"), config)
    weighted = config.criteria()
    missing = pl.concat_str(
        [pl.when(pl.col(f"{c}_points").is_null()).then(pl.lit(render(f"scoring_criterion_{c}", lang))) for c in weighted],
        separator=", ", ignore_nulls=True)
    reasons = [pl.when(short).then(pl.lit(render(f"scoring_reason_{code}", lang, min_lots=config.min_lots,
                                                  min_deliveries=config.min_deliveries)))
               for code, short in shortfalls(config).items()]
    reasons.append(pl.when(pl.col("total").is_null() & ~pl.any_horizontal(*shortfalls(config).values()))
                   .then(pl.lit(render("scoring_reason_no_data", lang))))
    colours = config.colours()
    actions = {g: config.action(g, lang) for g in ("A", "B", "C", "D")}
    return card.with_columns(grade.alias("grade")).with_columns(
        pl.col("grade").replace_strict(colours, return_dtype=pl.String).alias("colour"),
        pl.col("grade").replace_strict(actions, default=None, return_dtype=pl.String).alias("action"),
        pl.when(pl.col("total").is_not_null()).then(missing).replace("", None).alias("reweighted"),
        pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None).alias("reason"),
    ).select(
        "period", "supplier", "name", "category", "status", "importance", "importance_source", "spend_share",
        "lots", "lots_rejected", "deliveries", *(f"{c}_points" for c in CRITERIA), "total", "grade", "colour",
        "action", "reweighted", "reason",
    ).sort("supplier")
