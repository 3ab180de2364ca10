"""The raw performance figures of every supplier in one period, computed in one vectorised pass.

Definitions (each metric is ``numerator × scale / denominator``; null when the denominator is null or 0):

- lots: inspection rows received in the period; ``lot_acceptance`` = accepted / judged lots (decision filled);
- ``ppm``: defects (critical + major + minor, blank = 0) per million units *inspected* (sample sizes summed),
  over lots with a sample size — defects, not defective units, so one unit with two defects counts twice;
- ``defect_score``: (w_cr·critical + w_ma·major + w_mi·minor) per 100 units inspected (weights from config);
- deliveries: lines whose due date is in the period; ``on_time`` = lines delivered between ``early_days``
  before and ``late_days`` after the due date (undelivered lines are late); ``fill_rate`` = Σ min(delivered,
  ordered) / Σ ordered; ``days_late`` = Σ max(0, delivered − due) / lines (undelivered: counted to period end);
- ``price_index``: per part, the supplier's average unit price over the part's target price for that supplier
  (Parts sheet), else over the median of the suppliers' average prices for the part in the period (parts one
  supplier alone priced, with no target, have no benchmark and are left out); spend-weighted over parts;
- ``capa_response`` / ``capa_closure``: corrective actions due in the period answered / closed by the due date;
- ``complaints``: customer complaints received in the period traced to the supplier (only for suppliers with
  lots, deliveries or complaints in the period; otherwise unknown);
- ``audit_score``, ``service_rating``, ``cooperation``: means of the Manual-ratings entries whose period
  overlaps the scoring period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring.inputs import ScoringInputs
from srm_xl.scoring.periods import Period, as_period, period_bounds


@dataclass(frozen=True)
class Metric:
    """How a metric is computed from the per-supplier sums: ``numerator × scale / denominator``."""

    key: str
    numerator: str
    denominator: str | None
    scale: float = 1.0


METRICS: tuple[Metric, ...] = (
    Metric("lot_acceptance", "lots_accepted", "lots_judged"),
    Metric("ppm", "defects", "inspected", 1e6),
    Metric("defect_score", "weighted_defects", "inspected", 100.0),
    Metric("on_time", "deliveries_on_time", "deliveries"),
    Metric("fill_rate", "qty_filled", "qty_ordered"),
    Metric("days_late", "days_late_total", "deliveries"),
    Metric("price_index", "spend_indexed", "spend_compared"),
    Metric("capa_response", "capa_responded_on_time", "capa_due"),
    Metric("capa_closure", "capa_closed_on_time", "capa_due"),
    Metric("complaints", "complaints", None),
    Metric("audit_score", "audit_score_sum", "audit_score_entries"),
    Metric("service_rating", "service_rating_sum", "service_rating_entries"),
    Metric("cooperation", "cooperation_sum", "cooperation_entries"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
_COUNTS = ("lots", "lots_rejected", "deliveries")


def metric_value(metric: Metric) -> pl.Expr:
    """The metric's value from its numerator and denominator columns."""
    numerator = pl.col(metric.numerator).cast(pl.Float64)
    if metric.denominator is None:
        return numerator * metric.scale
    denominator = pl.col(metric.denominator).cast(pl.Float64)
    return pl.when(denominator > 0).then(numerator * metric.scale / denominator)


def metrics(inputs: ScoringInputs, period: Period | str, config: ScoringConfig) -> pl.DataFrame:
    """One row per supplier (the master list plus any code found in the period's data): the master's ``name``,
    ``category``, ``importance``, ``status``, the sums behind each metric, ``period`` and the metric values."""
    p = as_period(period)
    parts = [_quality(inputs, p, config), _delivery(inputs, p, config), _price(inputs, p), _capa(inputs, p),
             _complaints(inputs, p), _manual(inputs, p)]
    master = inputs.frame("suppliers").rename({"code": "supplier"}).filter(pl.col("supplier").is_not_null())
    master = master.unique("supplier", keep="first", maintain_order=True)
    universe = pl.concat([master.select("supplier"), *(f.select("supplier") for f in parts)]).unique().drop_nulls()
    wide = universe.join(master, on="supplier", how="left")
    for part in parts:
        wide = wide.join(part, on="supplier", how="left")
    active = pl.sum_horizontal(pl.col("lots").fill_null(0), pl.col("deliveries").fill_null(0), pl.col("complaints").fill_null(0)) > 0
    wide = wide.with_columns(
        *(pl.col(c).fill_null(0) for c in _COUNTS),
        pl.when(active).then(pl.col("complaints").fill_null(0)).alias("complaints"),
    )
    return wide.with_columns(pl.lit(p.label).alias("period"), *(metric_value(m).alias(m.key) for m in METRICS)).sort("supplier")


def _in_period(column: str, p: Period) -> pl.Expr:
    return pl.col(column).is_between(p.start, p.end)


def _quality(inputs: ScoringInputs, p: Period, config: ScoringConfig) -> pl.DataFrame:
    lots = inputs.frame("inspections").filter(_in_period("received", p))
    sampled = pl.col("sample_size").is_not_null()
    cr, ma, mi = (pl.col(c).fill_null(0) for c in ("critical", "major", "minor"))
    weighted = cr * config.defect_weight_critical + ma * config.defect_weight_major + mi * config.defect_weight_minor
    return lots.group_by("supplier").agg(
        pl.len().alias("lots"),
        (pl.col("decision") == "reject").sum().alias("lots_rejected"),
        pl.col("decision").is_not_null().sum().alias("lots_judged"),
        (pl.col("decision") == "accept").sum().alias("lots_accepted"),
        pl.col("sample_size").sum().alias("inspected"),
        (cr + ma + mi).filter(sampled).sum().alias("defects"),
        weighted.filter(sampled).sum().alias("weighted_defects"),
    )


def _delivery(inputs: ScoringInputs, p: Period, config: ScoringConfig) -> pl.DataFrame:
    lines = inputs.frame("deliveries").filter(_in_period("due_date", p))
    delivered, due = pl.col("delivered_date"), pl.col("due_date")
    on_time = delivered.is_between(due - timedelta(days=config.early_days), due + timedelta(days=config.late_days))
    late = (delivered.fill_null(p.end) - due).dt.total_days().clip(lower_bound=0)
    ordered = pl.col("qty_ordered")
    counted = ordered > 0
    filled = pl.min_horizontal(pl.col("qty_delivered").fill_null(0), ordered)
    return lines.group_by("supplier").agg(
        pl.len().alias("deliveries"),
        on_time.fill_null(False).sum().alias("deliveries_on_time"),
        late.sum().alias("days_late_total"),
        filled.filter(counted).sum().alias("qty_filled"),
        ordered.filter(counted).sum().alias("qty_ordered"),
    )


def _price(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    quantity = pl.coalesce("qty_delivered", "qty_ordered")
    lines = (inputs.frame("deliveries").filter(_in_period("due_date", p))
             .filter(pl.col("part").is_not_null() & pl.col("unit_price").is_not_null() & (quantity > 0)))
    bought = lines.group_by("supplier", "part").agg(
        (pl.col("unit_price") * quantity).sum().alias("spend"), quantity.sum().alias("quantity"))
    bought = bought.with_columns((pl.col("spend") / pl.col("quantity")).alias("price"))
    targets = (inputs.frame("parts").filter(pl.col("target_price") > 0)
               .unique(["part", "supplier"], keep="first").select("part", "supplier", "target_price"))
    market = pl.when(pl.len().over("part") > 1).then(pl.col("price").median().over("part"))
    bought = bought.join(targets, on=["part", "supplier"], how="left").with_columns(
        pl.coalesce("target_price", market).alias("reference"))
    compared = bought.filter(pl.col("reference").is_not_null())
    return compared.group_by("supplier").agg(
        (pl.col("spend") * pl.col("price") / pl.col("reference")).sum().alias("spend_indexed"),
        pl.col("spend").sum().alias("spend_compared"),
    )


def _capa(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    actions = inputs.frame("corrective_actions").filter(_in_period("due_date", p))
    due = pl.col("due_date")
    return actions.group_by("supplier").agg(
        pl.len().alias("capa_due"),
        (pl.col("response_date") <= due).fill_null(False).sum().alias("capa_responded_on_time"),
        (pl.col("closed") <= due).fill_null(False).sum().alias("capa_closed_on_time"),
    )


def _complaints(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    found = inputs.frame("complaints").filter(_in_period("received", p) & pl.col("supplier").is_not_null())
    return found.group_by("supplier").agg(pl.len().alias("complaints"))


def _manual(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    ratings = inputs.frame("manual_ratings").with_columns(period_bounds(pl.col("period")).alias("_span"))
    overlapping = (pl.col("_span").struct.field("start") <= p.end) & (pl.col("_span").struct.field("end") >= p.start)
    scores = ("audit_score", "service_rating", "cooperation")
    return ratings.filter(overlapping).group_by("supplier").agg(
        *(pl.col(s).sum().alias(f"{s}_sum") for s in scores),
        *(pl.col(s).count().alias(f"{s}_entries") for s in scores),
    )
