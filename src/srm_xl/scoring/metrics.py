"""The raw performance figures of every supplier in one period, computed in one vectorised pass.

Definitions (each metric is ``numerator × scale / denominator``; null when the denominator is null or 0):

- lots: inspection rows received in the period; ``lot_acceptance`` = accepted / judged lots (decision filled);
- ``ppm``: defects (critical + major + minor, blank = 0) per million units *inspected* (sample sizes summed),
  over lots with a sample size — defects, not defective units, so one unit with two defects counts twice;
- ``defect_score``: (w_cr·critical + w_ma·major + w_mi·minor) per 100 units inspected (weights from config);
- lot quantities: ``qty_received`` = Σ lot size; ``qty_accepted`` / ``qty_rejected`` from their columns, the
  other one derived as lot size minus it, and from the decision (whole lot) where both are blank;
- deliveries: lines whose due date is in the period; ``on_time`` = lines delivered no later than ``late_days``
  after the due date and, when ``early_days`` is set, no earlier than that many days before it (undelivered
  lines are late); in full = delivered ≥ ordered; ``value_on_time`` = unit price × quantity delivered on the
  on-time lines, ``value_due`` = unit price × quantity ordered on all lines (as ERPNext: receipts on time over
  the ordered amount); ``fill_rate`` = Σ min(delivered, ordered) / Σ ordered; days late = max(0, delivered −
  due) per line (undelivered: counted to the period's end), summed, averaged over lines and at most;
- ``price_index``: per part, the supplier's average unit price (spend / quantity) over the part's target price
  for that supplier (Parts sheet); parts without a target price are left out and reported, never guessed;
  spend-weighted over parts (``price_index``) and plain mean over parts (``price_index_mean``);
- ``capa_response`` / ``capa_closure``: corrective actions due in the period answered / closed by the due date;
- ``complaints``: customer complaints received in the period traced to the supplier (only for suppliers with
  lots, deliveries or complaints in the period; otherwise unknown);
- ``line_stoppages``: rows of the Line stoppages sheet dated in the period plus the Manual-ratings column;
- ``copq``: cost of poor quality (``scoring.copq``): claim lines of the period on the Claims sheet as last computed
  (waived ones excluded; ``claims_charged``) plus sorting, rework and scrap costs recorded on lots received in the
  period and not charged back (``internal_cost``); amounts in any currency are added as recorded;
- ``audit_score``, ``service_rating``, ``cooperation``: means of the Manual-ratings entries whose period
  overlaps the scoring period (ratings in the declared ``rating_scale``; the legacy metrics see them × 100 / scale).

A variable whose source column is blank in the whole sheet is null for every supplier (``absent_sources``
names them), so nothing is graded on zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring.copq import copq_sums
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
    Metric("days_late", "days_late_sum", "deliveries"),
    Metric("price_index", "spend_indexed", "spend_compared"),
    Metric("capa_response", "capa_answered_on_time", "capa_due"),
    Metric("capa_closure", "capa_closed_on_time", "capa_due"),
    Metric("complaints", "complaints", None),
    Metric("audit_score", "audit_score_sum", "audit_score_entries"),
    Metric("service_rating", "service_rating_sum", "service_rating_entries"),
    Metric("cooperation", "cooperation_sum", "cooperation_entries"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
RATES: tuple[Metric, ...] = (
    Metric("lot_reject_rate", "lots_rejected", "lots"),
    Metric("qty_acceptance", "qty_accepted", "qty_received"),
    Metric("late_rate", "deliveries_late", "deliveries"),
    Metric("otif_rate", "deliveries_otif", "deliveries"),
    Metric("value_on_time_rate", "value_on_time", "value_due"),
)
"""Rates only formulas use (the legacy metrics above keep their names)."""
_COUNTS = ("lots", "lots_rejected", "deliveries")
_RATED = ("service_rating", "cooperation")

SOURCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("inspections", "decision"): ("lots_accepted", "lots_rejected", "lots_judged", "lot_reject_rate", "lot_acceptance"),
    ("inspections", "sample_size"): ("inspected", "ppm", "defect_score"),
    ("inspections", "critical|major|minor"): ("defects", "weighted_defects", "ppm", "defect_score"),
    ("inspections", "decision|qty_accepted|qty_rejected"): ("qty_accepted", "qty_rejected", "qty_acceptance"),
    ("deliveries", "delivered_date"): (
        "deliveries_on_time",
        "deliveries_late",
        "on_time",
        "late_rate",
        "days_late_sum",
        "days_late",
        "days_late_max",
        "deliveries_otif",
        "otif_rate",
        "value_on_time",
        "value_on_time_rate",
    ),
    ("deliveries", "qty_ordered"): ("deliveries_otif", "otif_rate", "fill_rate", "qty_filled", "qty_ordered"),
    ("deliveries", "unit_price"): ("value_on_time", "value_due", "value_on_time_rate"),
}
"""(sheet, columns — any of them filled is enough) → the figures that cannot be known when all are blank."""


def metric_value(metric: Metric) -> pl.Expr:
    """The metric's value from its numerator and denominator columns."""
    numerator = pl.col(metric.numerator).cast(pl.Float64)
    if metric.denominator is None:
        return numerator * metric.scale
    denominator = pl.col(metric.denominator).cast(pl.Float64)
    return pl.when(denominator > 0).then(numerator * metric.scale / denominator)


def absent_sources(inputs: ScoringInputs) -> list[tuple[str, str]]:
    """The (sheet, columns) of ``SOURCES`` blank in every row of a sheet that has rows."""
    absent = []
    for sheet, columns in SOURCES:
        frame = inputs.frame(sheet)
        if frame.height and all(frame.get_column(c).null_count() == frame.height for c in columns.split("|")):
            absent.append((sheet, columns))
    return absent


def metrics(inputs: ScoringInputs, period: Period | str, config: ScoringConfig) -> pl.DataFrame:
    """One row per supplier (the master list plus any code found in the period's data): the master's ``name``,
    ``category``, ``importance``, ``status``, the sums behind each metric, ``period``, the metric values, the
    rates formulas use and ``active`` (any lot, delivery or complaint in the period)."""
    p = as_period(period)
    parts = [
        _quality(inputs, p, config),
        _delivery(inputs, p, config),
        _price(price_parts(inputs, p)),
        _capa(inputs, p),
        _complaints(inputs, p),
        _stoppages(inputs, p),
        _manual(inputs, p),
        _copq(inputs, p),
    ]
    master = inputs.frame("suppliers").rename({"code": "supplier"}).filter(pl.col("supplier").is_not_null())
    master = master.unique("supplier", keep="first", maintain_order=True)
    universe = pl.concat([master.select("supplier"), *(f.select("supplier") for f in parts)]).unique().drop_nulls()
    wide = universe.join(master, on="supplier", how="left")
    for part in parts:
        wide = wide.join(part, on="supplier", how="left")
    active = (
        pl.sum_horizontal(
            pl.col("lots").fill_null(0), pl.col("deliveries").fill_null(0), pl.col("complaints").fill_null(0)
        )
        > 0
    )
    zero_when_active = (
        "complaints",
        "line_stoppages",
        "capa_due",
        "capa_answered_on_time",
        "capa_closed_on_time",
        "qty_received",
        "qty_accepted",
        "qty_rejected",
        "inspected",
        "defects",
        "weighted_defects",
        "lots_accepted",
        "lots_judged",
        "deliveries_on_time",
        "deliveries_late",
        "deliveries_otif",
        "days_late_sum",
        "value_on_time",
        "value_due",
        "parts_priced",
        "claims_charged",
        "internal_cost",
        "copq",
    )
    wide = wide.with_columns(
        *(pl.col(c).fill_null(0) for c in _COUNTS),
        *(pl.when(active).then(pl.col(c).fill_null(0)).alias(c) for c in zero_when_active),
        active.alias("active"),
    )
    unknown = {figure for source in absent_sources(inputs) for figure in SOURCES[source]}
    wide = wide.with_columns(pl.lit(None, wide.schema[c]).alias(c) for c in sorted(unknown) if c in wide.columns)
    scale = 100.0 / config.rating_scale
    values = [
        (metric_value(m) * scale if m.key in _RATED else metric_value(m)).alias(m.key) for m in (*METRICS, *RATES)
    ]
    wide = wide.with_columns(pl.lit(p.label).alias("period"), *values)
    return wide.with_columns(pl.lit(None, pl.Float64).alias(c) for c in sorted(unknown) if c not in wide.columns).sort(
        "supplier"
    )


def _in_period(column: str, p: Period) -> pl.Expr:
    return pl.col(column).is_between(p.start, p.end)


def _quality(inputs: ScoringInputs, p: Period, config: ScoringConfig) -> pl.DataFrame:
    lots = inputs.frame("inspections").filter(_in_period("received", p))
    sampled = pl.col("sample_size").is_not_null()
    cr, ma, mi = (pl.col(c).fill_null(0) for c in ("critical", "major", "minor"))
    weighted = cr * config.defect_weight_critical + ma * config.defect_weight_major + mi * config.defect_weight_minor
    size, decision = pl.col("lot_size"), pl.col("decision")
    by_decision = pl.when(decision == "reject").then(size).when(decision == "accept").then(0)
    rejected = pl.coalesce(pl.col("qty_rejected"), size - pl.col("qty_accepted"), by_decision)
    known = rejected.is_not_null()
    return lots.group_by("supplier").agg(
        pl.len().alias("lots"),
        (decision == "reject").sum().alias("lots_rejected"),
        decision.is_not_null().sum().alias("lots_judged"),
        (decision == "accept").sum().alias("lots_accepted"),
        size.filter(known).sum().alias("qty_received"),
        (size - rejected).filter(known).sum().alias("qty_accepted"),
        rejected.filter(known).sum().alias("qty_rejected"),
        pl.col("sample_size").sum().alias("inspected"),
        (cr + ma + mi).filter(sampled).sum().alias("defects"),
        weighted.filter(sampled).sum().alias("weighted_defects"),
    )


def on_time_expr(config: ScoringConfig) -> pl.Expr:
    """Whether each delivery line (``delivered_date``, ``due_date``) is on time: no later than ``late_days``
    after the due date and, when ``early_days`` is set, no earlier than that many days before; undelivered →
    False."""
    delivered, due = pl.col("delivered_date"), pl.col("due_date")
    on_time = delivered <= due + timedelta(days=config.late_days)
    if config.early_days is not None:
        on_time = on_time & (delivered >= due - timedelta(days=config.early_days))
    return on_time.fill_null(False)


def _delivery(inputs: ScoringInputs, p: Period, config: ScoringConfig) -> pl.DataFrame:
    lines = inputs.frame("deliveries").filter(_in_period("due_date", p))
    delivered, due = pl.col("delivered_date"), pl.col("due_date")
    on_time = on_time_expr(config)
    late = (delivered.fill_null(p.end) - due).dt.total_days().clip(lower_bound=0)
    ordered, got = pl.col("qty_ordered"), pl.col("qty_delivered")
    in_full = (got.fill_null(0) >= ordered).fill_null(False)
    received_value = pl.col("unit_price") * pl.coalesce(got, ordered)
    ordered_value = pl.col("unit_price") * pl.coalesce(ordered, got)
    counted = ordered > 0
    filled = pl.min_horizontal(got.fill_null(0), ordered)
    return lines.group_by("supplier").agg(
        pl.len().alias("deliveries"),
        on_time.sum().alias("deliveries_on_time"),
        (~on_time).sum().alias("deliveries_late"),
        (on_time & in_full).sum().alias("deliveries_otif"),
        late.sum().alias("days_late_sum"),
        late.max().cast(pl.Float64).alias("days_late_max"),
        received_value.filter(on_time).sum().alias("value_on_time"),
        ordered_value.sum().alias("value_due"),
        filled.filter(counted).sum().alias("qty_filled"),
        ordered.filter(counted).sum().alias("qty_ordered"),
    )


def price_parts(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    """One row per supplier × part bought in the period (lines with a unit price and a quantity): ``spend``,
    ``part_price`` (spend / quantity), ``target_price`` (Parts sheet; null when there is none) and
    ``part_price_index`` (price / target)."""
    quantity = pl.coalesce("qty_delivered", "qty_ordered")
    lines = (
        inputs.frame("deliveries")
        .filter(_in_period("due_date", p))
        .filter(
            pl.col("supplier").is_not_null()
            & pl.col("part").is_not_null()
            & pl.col("unit_price").is_not_null()
            & (quantity > 0)
        )
    )
    bought = lines.group_by("supplier", "part").agg(
        (pl.col("unit_price") * quantity).sum().alias("spend"), quantity.sum().alias("quantity")
    )
    targets = (
        inputs.frame("parts")
        .filter(pl.col("target_price") > 0)
        .unique(["part", "supplier"], keep="first", maintain_order=True)
        .select("part", "supplier", "target_price")
    )
    price = pl.col("spend") / pl.col("quantity")
    return (
        bought.join(targets, on=["part", "supplier"], how="left")
        .with_columns(price.alias("part_price"), (price / pl.col("target_price")).alias("part_price_index"))
        .sort("supplier", "part")
    )


def _price(parts: pl.DataFrame) -> pl.DataFrame:
    compared = parts.filter(pl.col("target_price").is_not_null())
    return compared.group_by("supplier").agg(
        (pl.col("spend") * pl.col("part_price_index")).sum().alias("spend_indexed"),
        pl.col("spend").sum().alias("spend_compared"),
        pl.col("part_price_index").mean().alias("price_index_mean"),
        pl.len().alias("parts_priced"),
    )


def _capa(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    actions = inputs.frame("corrective_actions").filter(_in_period("due_date", p))
    due = pl.col("due_date")
    return actions.group_by("supplier").agg(
        pl.len().alias("capa_due"),
        (pl.col("response_date") <= due).fill_null(False).sum().alias("capa_answered_on_time"),
        (pl.col("closed") <= due).fill_null(False).sum().alias("capa_closed_on_time"),
    )


def _complaints(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    found = inputs.frame("complaints").filter(_in_period("received", p) & pl.col("supplier").is_not_null())
    return found.group_by("supplier").agg(pl.len().alias("complaints"))


def _copq(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    sums = copq_sums(inputs.frame("claims"), inputs.frame("inspections"), p.start, p.end, ("supplier",), "")
    return sums.rename({"claims": "claims_charged"})


def _overlapping(frame: pl.DataFrame, p: Period) -> pl.DataFrame:
    span = period_bounds(pl.col("period"))
    return frame.filter((span.struct.field("start") <= p.end) & (span.struct.field("end") >= p.start))


def _stoppages(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    events = (
        inputs.frame("stoppages")
        .filter(_in_period("date", p) & pl.col("supplier").is_not_null())
        .select("supplier", pl.lit(1, pl.Int64).alias("n"))
    )
    counted = _overlapping(inputs.frame("manual_ratings"), p).select("supplier", pl.col("line_stoppages").alias("n"))
    both = pl.concat([events, counted.filter(pl.col("n").is_not_null())])
    return both.group_by("supplier").agg(pl.col("n").sum().alias("line_stoppages"))


def _manual(inputs: ScoringInputs, p: Period) -> pl.DataFrame:
    scores = ("audit_score", "service_rating", "cooperation")
    return (
        _overlapping(inputs.frame("manual_ratings"), p)
        .group_by("supplier")
        .agg(
            *(pl.col(s).sum().alias(f"{s}_sum") for s in scores),
            *(pl.col(s).count().alias(f"{s}_entries") for s in scores),
        )
    )
