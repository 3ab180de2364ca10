"""Grading a period: metrics → points → weighted total → grade, colour, consequence, importance and trend.

Two ways to score, chosen by the Config: formula criteria (``scoring.criterion_1`` …, ``srm_xl.scoring.formulas``)
when any is filled, else the criteria weights and metric rules (``srm_xl.scoring.explain``). Either may be
built from monthly scores (``scoring.monthly_rollup``, ``srm_xl.scoring.rollup``). The minimum volume, the
thin-data note and the grade bands apply to the graded period as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.config.criteria import Criterion
from srm_xl.config.scoring import CRITERIA, ScoringConfig
from srm_xl.messages import Lang, render
from srm_xl.scoring.explain import explain, shortfalls
from srm_xl.scoring.formulas import evaluate
from srm_xl.scoring.importance import importance
from srm_xl.scoring.inputs import ScoringInputs
from srm_xl.scoring.metrics import METRICS, metrics, price_parts
from srm_xl.scoring.periods import Period, as_period
from srm_xl.scoring.points import grade_expr
from srm_xl.scoring.rollup import months_of, roll_up
from srm_xl.scoring.trend import HISTORY_COLUMNS, merge_history, trend

ACTION_COLUMNS = ("period", "supplier", "name", "importance", "total", "grade", "action")


@dataclass(frozen=True)
class ScoreResult:
    """What grading a period produces: the scorecard (one row per supplier), the explanation (one row per
    supplier × metric or formula criterion, per month when months are rolled up), the history with this
    period's rows replaced, and the C/D suppliers to act on."""

    scorecard: pl.DataFrame
    explanation: pl.DataFrame
    history: pl.DataFrame
    actions: pl.DataFrame


def grade_suppliers(
    inputs: ScoringInputs,
    period: Period | str,
    config: ScoringConfig,
    history: pl.DataFrame | None = None,
    *,
    lang: Lang = "en",
) -> ScoreResult:
    """Grade every supplier for ``period``; texts (consequences, reasons, re-weighted criteria) in ``lang``."""
    p = as_period(period)
    wide = metrics(inputs, p, config)
    explanation = explanation_rows(inputs, p, config, wide)
    card = trend(scorecard(wide, explanation, importance(inputs, p, config), config, lang), history, p)
    actions = card.filter(pl.col("grade").is_in(("C", "D"))).select(ACTION_COLUMNS).sort("total", "supplier")
    return ScoreResult(card, explanation, merge_history(history, card.select(HISTORY_COLUMNS)), actions)


def _rows(
    inputs: ScoringInputs, p: Period, config: ScoringConfig, wide: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    wide = metrics(inputs, p, config) if wide is None else wide
    if config.formula_criteria():
        return wide, evaluate(wide, price_parts(inputs, p), config)
    return wide, explain(wide, config)


def explanation_rows(
    inputs: ScoringInputs, p: Period, config: ScoringConfig, wide: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The explanation of ``p``: scored as one period (its :func:`metrics` ``wide``, when worked out already),
    or month by month and rolled up."""
    if not config.monthly_rollup or p.kind == "month":
        return _rows(inputs, p, config, wide)[1]
    per_month = config.model_copy(update={"min_lots": 0, "min_deliveries": 0})
    months = months_of(p)
    pieces = []
    for number, month in enumerate(reversed(months)):
        wide, rows = _rows(inputs, month, per_month)
        active = wide.filter(pl.col("active")).get_column("supplier").implode()
        pieces.append(
            rows.filter(pl.col("supplier").is_in(active)).with_columns(
                pl.lit(month.label).alias("month"), pl.lit(number, pl.Int64).alias("period_number")
            )
        )
    order = [c for c in ("supplier", "month", "_order") if c in pieces[0].columns]
    return roll_up(pl.concat(pieces, how="diagonal_relaxed").sort(order), config.weighting(), p.label)


def _criterion_points(explanation: pl.DataFrame) -> pl.DataFrame:
    """supplier × criterion → the criterion's points for the period (by month share when rolled up)."""
    share = pl.col("month_weight") if "month_weight" in explanation.columns else pl.lit(1.0)
    month = pl.col("month") if "month" in explanation.columns else pl.lit(None, pl.String)
    order = pl.col("_order") if "_order" in explanation.columns else pl.lit(0)
    per_month = (
        explanation.with_columns(month.alias("_month"), share.alias("_share"), order.alias("_o"))
        .group_by("supplier", "criterion", "_month", maintain_order=True)
        .agg(pl.col("criterion_points").first(), pl.col("_share").first(), pl.col("_o").first())
    )
    points = pl.col("criterion_points") * pl.col("_share")
    return per_month.group_by("supplier", "criterion", maintain_order=True).agg(
        pl.when(points.is_not_null().any()).then(points.sum()).alias("points"), pl.col("_o").first()
    )


def scorecard(
    metric_frame: pl.DataFrame, explanation: pl.DataFrame, classes: pl.DataFrame, config: ScoringConfig, lang: Lang
) -> pl.DataFrame:
    """One row per supplier: counts, criterion points, total (sum of the explanation's contributions, never
    rounded), grade with standing, colour and consequence, re-weighted criteria, the reason when not graded,
    the thin-data note, the importance class (``classes`` as ``importance`` returns it) and every metric's
    value for the period."""
    formulas = config.formula_criteria()
    points = _criterion_points(explanation)
    contribution = pl.col("contribution")
    summed = explanation.group_by("supplier").agg(
        pl.when(contribution.is_not_null().any()).then(contribution.sum()).alias("_sum")
    )
    named = list(config.criteria()) if not formulas else [c.name for c in formulas]
    per_criterion = (
        metric_frame.select("supplier")
        .with_columns(pl.lit(None, pl.Float64).alias(_column(c)) for c in named)
        .update(
            points.with_columns(_column_expr()).pivot(on="_column", index="supplier", values="points"), on="supplier"
        )
    )
    card = (
        metric_frame.select(
            "period",
            "supplier",
            "name",
            "category",
            "status",
            "lots",
            "lots_rejected",
            "deliveries",
            "active",
            *(m.key for m in METRICS),
        )
        .join(summed, on="supplier", how="left")
        .join(per_criterion, on="supplier", how="left")
        .join(classes.select("supplier", "importance", "importance_source", "spend_share"), on="supplier", how="left")
    )
    short = shortfalls(config)
    volume_ok = ~pl.any_horizontal(*short.values())
    blocked = _blocked(explanation, formulas)
    card = card.join(blocked, on="supplier", how="left")
    # weights renormalised over the criteria a supplier has may sum a hair past 100 in floating point (100.00000000000001)
    total = pl.when(volume_ok & pl.col("active")).then(pl.col("_sum").clip(0, 100))
    card = card.with_columns(total.alias("total"))
    reasons = [
        pl.when(s).then(
            pl.lit(
                render(f"scoring_reason_{code}", lang, min_lots=config.min_lots, min_deliveries=config.min_deliveries)
            )
        )
        for code, s in short.items()
    ]
    unscored = pl.col("total").is_null() & volume_ok
    reasons.append(
        pl.when(unscored & pl.col("_blocked").is_not_null()).then(
            pl.format(render("scoring_reason_blocked", lang, criteria="{}"), pl.col("_blocked"))
        )
    )
    reasons.append(
        pl.when(unscored & pl.col("_blocked").is_null()).then(pl.lit(render("scoring_reason_no_data", lang)))
    )
    label = {c: (render(f"scoring_criterion_{c}", lang) if not formulas else c) for c in named}
    missing = pl.concat_str(
        [pl.when(pl.col(_column(c)).is_null()).then(pl.lit(label[c])) for c in named], separator=", ", ignore_nulls=True
    )
    results = (
        pl.concat_str(
            [
                pl.format(f"{c} {{}}/{formulas[i].max_score:g}", pl.col(_column(c)).round(2))
                for i, c in enumerate(named)
            ],
            separator="; ",
            ignore_nulls=True,
        )
        if formulas
        else pl.lit(None, pl.String)
    )
    thin = _thin(config)
    colours = config.colours()
    actions = {g: config.action(g, lang) for g in ("A", "B", "C", "D")}
    names = {g: config.grade_name(g) for g in ("A", "B", "C", "D")}
    return (
        card.with_columns(grade_expr(pl.col("total"), config).alias("grade"))
        .with_columns(
            *((pl.col(_column(c)) if c in named else pl.lit(None, pl.Float64)).alias(f"{c}_points") for c in CRITERIA),
            pl.col("grade").replace_strict(colours, return_dtype=pl.String).alias("colour"),
            pl.col("grade").replace_strict(names, default=None, return_dtype=pl.String).alias("standing"),
            pl.col("grade").replace_strict(actions, default=None, return_dtype=pl.String).alias("action"),
            pl.when(pl.col("total").is_not_null()).then(missing).replace("", None).alias("reweighted"),
            pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None).alias("reason"),
            pl.when(pl.col("total").is_not_null() & thin)
            .then(pl.format(render("scoring_note_thin", lang, lots="{}", deliveries="{}"), "lots", "deliveries"))
            .alias("note"),
            pl.when(pl.col("total").is_not_null()).then(results).alias("criteria_results"),
        )
        .select(
            "period",
            "supplier",
            "name",
            "category",
            "status",
            "importance",
            "importance_source",
            "spend_share",
            "lots",
            "lots_rejected",
            "deliveries",
            *(f"{c}_points" for c in CRITERIA),
            "total",
            "grade",
            "standing",
            "colour",
            "action",
            "reweighted",
            "reason",
            "note",
            "criteria_results",
            *(m.key for m in METRICS),
        )
        .sort("supplier")
    )


def _column(criterion: str) -> str:
    """The scorecard's working column of a criterion's points (prefixed: a criterion may be called "name")."""
    return f"_points:{criterion}"


def _column_expr() -> pl.Expr:
    return pl.format("_points:{}", pl.col("criterion")).alias("_column")


def _blocked(explanation: pl.DataFrame, formulas: tuple[Criterion, ...]) -> pl.DataFrame:
    """supplier → ``_blocked``: the criteria without data whose policy is ``not_graded`` (null when none)."""
    if not formulas:
        return explanation.select("supplier").unique().with_columns(pl.lit(None, pl.String).alias("_blocked"))
    hit = pl.col("_missing") & (pl.col("_policy") == "not_graded")
    month = [pl.col("month").is_null() | pl.col("month_weight").is_not_null()] if "month" in explanation.columns else []
    return (
        explanation.filter(*month)
        .group_by("supplier", maintain_order=True)
        .agg(pl.col("criterion").filter(hit).unique(maintain_order=True).str.join(", ").alias("_blocked"))
        .with_columns(pl.col("_blocked").replace("", None))
    )


def _thin(config: ScoringConfig) -> pl.Expr:
    """Volume below twice the minimum (lots or deliveries) — graded, but on thin data."""
    lots = (pl.col("lots") < 2 * config.min_lots) if config.min_lots else pl.lit(False)
    deliveries = (pl.col("deliveries") < 2 * config.min_deliveries) if config.min_deliveries else pl.lit(False)
    return lots | deliveries
