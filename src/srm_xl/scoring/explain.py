"""Points, weights and contributions per supplier × metric: the long-form account behind every total.

Weights are re-normalised over what has data: a metric without data drops out of its criterion (the others
share its weight), and a criterion without any data drops out of the total (the other criteria share its
weight; the scorecard lists it under ``reweighted``). ``contribution = points × metric share × criterion
share``, so a supplier's contributions add up to its total; they are null when the supplier is not graded.
``criterion_points`` is the criterion's 0–100 points (its metrics' points by their shares).
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.scoring import ScoringConfig, points_expr
from srm_xl.scoring.metrics import METRIC_BY_KEY

EXPLANATION_COLUMNS = (
    "period",
    "supplier",
    "criterion",
    "metric",
    "numerator",
    "denominator",
    "value",
    "rule",
    "points",
    "metric_weight",
    "criterion_weight",
    "criterion_points",
    "effective_weight",
    "contribution",
)


def shortfalls(config: ScoringConfig) -> dict[str, pl.Expr]:
    """Reason code → whether a supplier row of the metrics frame falls short of the minimum volume."""
    return {
        "min_lots": pl.col("lots") < config.min_lots,
        "min_deliveries": pl.col("deliveries") < config.min_deliveries,
    }


def explain(metric_frame: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """One row per supplier × weighted metric (``EXPLANATION_COLUMNS``), from the frame ``metrics`` returns."""
    volume_ok = ~pl.any_horizontal(*shortfalls(config).values())
    pieces = []
    for criterion, criterion_weight in config.criteria().items():
        for metric, metric_weight in config.metric_weights(criterion).items():
            spec = METRIC_BY_KEY[metric]
            denominator = pl.col(spec.denominator) if spec.denominator else pl.lit(None)
            pieces.append(
                metric_frame.select(
                    "period",
                    "supplier",
                    pl.lit(criterion).alias("criterion"),
                    pl.lit(metric).alias("metric"),
                    pl.col(spec.numerator).cast(pl.Float64).alias("numerator"),
                    denominator.cast(pl.Float64).alias("denominator"),
                    pl.col(metric).alias("value"),
                    pl.lit(getattr(config, f"rule_{metric}")).alias("rule"),
                    points_expr(config.rule(metric), pl.col(metric)).alias("points"),
                    pl.lit(metric_weight, pl.Float64).alias("metric_weight"),
                    pl.lit(criterion_weight, pl.Float64).alias("criterion_weight"),
                    volume_ok.alias("_volume_ok"),
                    pl.lit(len(pieces), pl.Int32).alias("_order"),
                )
            )
    long = pl.concat(pieces)
    has = pl.col("points").is_not_null()
    by_criterion = ("supplier", "criterion")
    metric_share = pl.col("metric_weight") / pl.when(has).then(pl.col("metric_weight")).sum().over(by_criterion)
    criterion_has = has.any().over(by_criterion)
    first_of_criterion = pl.int_range(pl.len()).over(by_criterion) == 0
    criteria_weight_with_data = (
        pl.when(criterion_has & first_of_criterion).then(pl.col("criterion_weight")).sum().over("supplier")
    )
    long = long.with_columns(
        pl.when(has).then(metric_share).alias("_metric_share"),
        pl.when(criterion_has).then(pl.col("criterion_weight") / criteria_weight_with_data).alias("_criterion_share"),
    )
    return (
        long.with_columns(
            pl.when(criterion_has)
            .then((pl.col("points") * pl.col("_metric_share")).sum().over(by_criterion))
            .alias("criterion_points"),
            (pl.col("_metric_share") * pl.col("_criterion_share") * 100.0).alias("effective_weight"),
            pl.when(pl.col("_volume_ok"))
            .then(pl.col("points") * pl.col("_metric_share") * pl.col("_criterion_share"))
            .alias("contribution"),
        )
        .sort("supplier", "_order")
        .select(EXPLANATION_COLUMNS)
    )
