"""The figures behind each dashboard chart, as small frames (pure, polars).

Every function takes the typed frames it needs and returns a ``Block``: a frame whose first column holds the
categories (text) and whose other columns hold numbers, plus which of them a chart plots. A block built from
no rows is ``None`` and the dashboard leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

import polars as pl

from srm_xl.config import Config
from srm_xl.customers.complaints import OVERDUE, RESOLVED
from srm_xl.customers.satisfaction import CHRONOLOGICAL
from srm_xl.messages import Lang, render
from srm_xl.risk.heatmap import grid_counts, open_risks
from srm_xl.schema import spec
from srm_xl.scoring.metrics import on_time_expr
from srm_xl.scoring.periods import period_bounds

ChartKind = Literal["column", "bar", "line", "pie"]
KeyFigure = tuple[str, float | int | None, str]
"""(label, value, number format) of one headline figure."""
AGE_BUCKETS = ((0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, None, ">90"))
TOP_DEFECTS = 10
OVERDUE_LISTED = 12
"""Overdue corrective actions listed by name in the monthly report (all are counted)."""


@dataclass(frozen=True)
class Block:
    """One data block of the dashboard and, when ``kind`` is set, the chart drawn from its ``series`` columns."""

    key: str
    title: str
    frame: pl.DataFrame
    kind: ChartKind | None
    series: tuple[str, ...] = ()
    fills: tuple[tuple[str | None, ...], ...] = ()
    """Optional fill colour of each data cell (row by row, column by column)."""


def _labels(sheet: str, column: str, lang: Lang) -> dict[str, str]:
    return {c.key: c.label(lang) for c in spec(sheet).column(column).choices}


def _block(
    key: str, title: str, frame: pl.DataFrame, kind: ChartKind | None, series: tuple[str, ...] | None = None
) -> Block | None:
    if frame.is_empty():
        return None
    return Block(key, title, frame, kind, series if series is not None else tuple(frame.columns[1:]))


def grade_distribution(scorecard: pl.DataFrame, lang: Lang) -> Block | None:
    """Suppliers per grade in the latest scored period."""
    if scorecard["period"].drop_nulls().is_empty():
        return None
    latest = scorecard["period"].drop_nulls().sort().last()
    labels = _labels("scorecard", "grade", lang)
    counts = scorecard.filter(pl.col("period") == latest).group_by("grade").len()
    frame = (
        pl.DataFrame({"grade": list(labels)})
        .join(counts, on="grade", how="left", maintain_order="left")
        .select(
            pl.col("grade").replace(labels).alias(render("dashboard_grade", lang)),
            pl.col("len").fill_null(0).cast(pl.Int64).alias(str(latest)),
        )
    )
    return _block("grades", render("dashboard_supplier_grades", lang, latest=latest), frame, "column")


def grade_trend(scorecard: pl.DataFrame, lang: Lang) -> Block | None:
    """Suppliers per grade A–D in each period."""
    grades = ["A", "B", "C", "D"]
    wide = (
        scorecard.filter(pl.col("grade").is_in(grades) & pl.col("period").is_not_null())
        .group_by("period")
        .agg([(pl.col("grade") == g).sum().cast(pl.Int64).alias(g) for g in grades])
        .sort("period")
    )
    return _block(
        "grade_trend",
        render("dashboard_grade_trend", lang),
        wide.rename({"period": render("dashboard_period", lang)}),
        "line",
    )


def ppm_trend(inspections: pl.DataFrame, lang: Lang) -> Block | None:
    """Defects per million units inspected, per month received."""
    defects = pl.sum_horizontal(pl.col("critical", "major", "minor").fill_null(0))
    frame = (
        inspections.filter(pl.col("received").is_not_null())
        .group_by(pl.col("received").dt.strftime("%Y-%m").alias("month"))
        .agg(defects.sum().alias("d"), pl.col("sample_size").sum().alias("n"))
        .filter(pl.col("n") > 0)
        .sort("month")
        .select(
            pl.col("month").alias(render("dashboard_month", lang)),
            (pl.col("d") / pl.col("n") * 1e6).round(0).alias("PPM"),
        )
    )
    return _block("ppm", render("dashboard_incoming_ppm_trend", lang), frame, "line")


def on_time_trend(deliveries: pl.DataFrame, config: Config, lang: Lang) -> Block | None:
    """Share of deliveries due each month that arrived within the on-time window of the scoring settings."""
    on_time = on_time_expr(config.scoring)
    frame = (
        deliveries.filter(pl.col("due_date").is_not_null())
        .group_by(pl.col("due_date").dt.strftime("%Y-%m").alias("month"))
        .agg((on_time.mean() * 100).round(1).alias("rate"))
        .sort("month")
        .select(
            pl.col("month").alias(render("dashboard_month", lang)),
            pl.col("rate").alias(render("dashboard_on_time", lang)),
        )
    )
    return _block("on_time", render("dashboard_on_time_delivery_trend", lang), frame, "line")


def defect_pareto(inspections: pl.DataFrame, lang: Lang) -> Block | None:
    """The most frequent defect types (lots with each) and their cumulative share of all defective lots."""
    counts = (
        inspections.filter(pl.col("defect_type").is_not_null())
        .group_by("defect_type")
        .len()
        .sort(["len", "defect_type"], descending=[True, False])
    )
    total = counts["len"].sum()
    lots = render("dashboard_lots", lang)
    frame = (
        counts.with_columns((pl.col("len").cum_sum() / total * 100).round(1).alias("cum"))
        .head(TOP_DEFECTS)
        .select(
            pl.col("defect_type").alias(render("dashboard_defect_type", lang)),
            pl.col("len").cast(pl.Int64).alias(lots),
            pl.col("cum").alias(render("dashboard_cumulative", lang)),
        )
    )
    return _block("pareto", render("dashboard_top_defect_types", lang), frame, "column", (lots,))


def risk_heat_map(risks: pl.DataFrame, levels: tuple[tuple[str, ...], ...], lang: Lang) -> Block | None:
    """Counts of open risks per likelihood (rows, 5 at the top) × impact (columns 1–5), each cell filled with
    the colour of its level in the Config matrix."""
    cells = grid_counts(open_risks(risks), levels)
    if cells["count"].sum() == 0:
        return None
    colours = {h.equals: h.fill for h in spec("risks").highlights if h.column == "level"}
    wide = (
        cells.sort("impact")
        .group_by("likelihood", maintain_order=True)
        .agg("count", "level")
        .sort("likelihood", descending=True)
    )
    frame = pl.DataFrame(
        {
            render("dashboard_likelihood_impact", lang): wide["likelihood"].cast(pl.String),
            **{str(i + 1): wide["count"].list.get(i) for i in range(5)},
        }
    )
    fills = tuple((None, *(colours.get(level) for level in row)) for row in wide["level"].to_list())
    block = _block("heat_map", render("dashboard_risk_heat_map", lang), frame, None)
    return None if block is None else replace(block, fills=fills)


def capa_age(actions: pl.DataFrame, today: date, lang: Lang) -> Block | None:
    """Open corrective actions by age since issue, and how many of them are past their due date."""
    open_ = actions.filter(
        pl.col("closed").is_null() & (pl.col("status") != "closed").fill_null(True) & pl.col("issued").is_not_null()
    )
    if open_.is_empty():
        return None
    age = (pl.lit(today) - pl.col("issued")).dt.total_days()
    rows = []
    for low, high, label in AGE_BUCKETS:
        bucket = open_.filter(age >= low if high is None else age.is_between(low, high))
        overdue = bucket.filter(
            (pl.col("due_date") < today).fill_null(False) | (pl.col("status") == "overdue").fill_null(False)
        )
        rows.append((label, bucket.height, overdue.height))
    frame = pl.DataFrame(
        rows,
        schema=[render("dashboard_age", lang), render("dashboard_capa_open", lang), render("dashboard_overdue", lang)],
        orient="row",
    )
    return _block("capa_age", render("dashboard_open_corrective_actions_by_age", lang), frame, "column")


def overdue_actions(
    actions: pl.DataFrame, today: date, lang: Lang, limit: int = OVERDUE_LISTED
) -> tuple[pl.DataFrame, int]:
    """The open corrective actions past their due date, longest overdue first (at most ``limit``), with headers
    in ``lang``; and how many there are in all."""
    columns = spec("corrective_actions")
    due = (pl.col("due_date") < today).fill_null(False)
    overdue = actions.filter(
        pl.col("closed").is_null()
        & (pl.col("status") != "closed").fill_null(True)
        & (due | (pl.col("status") == "overdue").fill_null(False))
    )
    days = (pl.lit(today) - pl.col("due_date")).dt.total_days()
    listed = (
        overdue.with_columns(days.alias("days"))
        .sort(["days", "scar_id"], descending=[True, False], nulls_last=True)
        .head(limit)
    )
    shown = ["scar_id", "supplier", "defect_type", "issued", "due_date", "owner"]
    frame = listed.select(
        [pl.col(k).alias(columns.column(k).header(lang)) for k in shown if k in listed.columns]
        + [pl.col("days").alias(render("report_days_overdue", lang))]
    )
    return frame, overdue.height


def complaints_by_type(complaints: pl.DataFrame, lang: Lang) -> Block | None:
    """Complaints per type (rows): still open, resolved, and confirmed by the customer (series)."""
    if complaints.is_empty():
        return None
    types, statuses = _labels("complaints", "complaint_type", lang), _labels("complaints", "status", lang)
    groups = {
        render("dashboard_complaints_open", lang): ~pl.col("status").is_in(["resolved", "confirmed"]).fill_null(False),
        statuses["resolved"]: pl.col("status") == "resolved",
        statuses["confirmed"]: pl.col("status") == "confirmed",
    }
    typed = complaints.with_columns(pl.col("complaint_type").fill_null("?"))
    wide = typed.group_by("complaint_type").agg(
        [expr.sum().cast(pl.Int64).alias(name) for name, expr in groups.items()]
    )
    order = {key: i for i, key in enumerate(types)}
    frame = (
        wide.sort(pl.col("complaint_type").replace_strict(order, default=len(order), return_dtype=pl.Int64))
        .with_columns(pl.col("complaint_type").replace({**types, "?": render("dashboard_unclassified", lang)}))
        .rename({"complaint_type": render("dashboard_type", lang)})
    )
    return _block("complaints", render("dashboard_complaints_by_type_and_status", lang), frame, "column")


def satisfaction_by_class(summary: pl.DataFrame, lang: Lang) -> Block | None:
    """The latest period's satisfaction index per customer class (from ``satisfaction`` rows)."""
    by_class = summary.filter(pl.col("level") == "class")
    if by_class.is_empty():
        return None
    latest = by_class.sort(*CHRONOLOGICAL, nulls_last=True)["period"].last()
    labels = _labels("customers", "customer_class", lang)
    frame = (
        pl.DataFrame({"group": list(labels)})
        .join(by_class.filter(pl.col("period") == latest), on="group", how="inner", maintain_order="left")
        .select(
            pl.col("group").replace(labels).alias(render("dashboard_class", lang)),
            pl.col("index").round(1).alias(str(latest)),
        )
    )
    return _block("satisfaction", render("dashboard_satisfaction_index_by_class", lang, latest=latest), frame, "column")


def _latest_copq(copq: pl.DataFrame) -> tuple[str | None, pl.DataFrame]:
    """The latest period on the Cost of poor quality sheet and its rows."""
    periods = copq.filter(pl.col("period").is_not_null())
    if periods.is_empty():
        return None, periods
    start = period_bounds(pl.col("period")).struct.field("start")
    latest = periods.sort(start, nulls_last=False).get_column("period").last()
    return latest, periods.filter(pl.col("period") == latest)


def cost_of_poor_quality(copq: pl.DataFrame, lang: Lang) -> Block | None:
    """The latest period's largest costs of poor quality per supplier and part: claims and internal cost not claimed."""
    latest, rows = _latest_copq(copq)
    if latest is None:
        return None
    top = rows.sort("copq", "supplier", "part", descending=[True, False, False], nulls_last=True).head(TOP_DEFECTS)
    label = pl.concat_str(
        [pl.col("supplier"), pl.col("part").fill_null("—"), pl.col("currency").fill_null("")], separator=" · "
    )
    frame = top.select(
        label.alias(render("dashboard_copq_who", lang)),
        pl.col("claims").alias(render("dashboard_claims", lang)),
        pl.col("internal_cost").alias(render("dashboard_internal_cost", lang)),
    )
    return _block("copq", render("dashboard_copq_largest", lang, latest=latest), frame, "bar")


def key_figures(
    frames: dict[str, pl.DataFrame], results: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang
) -> list[tuple[str, float | int | None, str]]:
    """(label, value, number format) for each headline figure whose source is present.

    ``results`` may hold the computed ``complaint_sla``, ``satisfaction`` and ``contract_findings`` frames.
    """
    figures: list[tuple[str, float | int | None, str]] = []
    if "suppliers" in frames:
        figures.append((render("dashboard_suppliers", lang), frames["suppliers"].height, "#,##0"))
    if "inspections" in frames:
        lots = frames["inspections"]
        rejected = lots.filter(pl.col("decision") == "reject").height
        defects = lots.select(pl.sum_horizontal(pl.col("critical", "major", "minor").fill_null(0)).sum()).item()
        sampled = lots["sample_size"].sum()
        figures += [
            (render("dashboard_lots_inspected", lang), lots.height, "#,##0"),
            (render("dashboard_lot_rejection_rate", lang), rejected / lots.height if lots.height else None, "0.0%"),
            ("PPM", round(defects / sampled * 1e6) if sampled else None, "#,##0"),
        ]
    if "deliveries" in frames:
        block = frames["deliveries"].filter(pl.col("due_date").is_not_null())
        rate = block.select(on_time_expr(config.scoring).mean()).item()
        figures.append((render("dashboard_on_time_delivery", lang), rate, "0.0%"))
    if "corrective_actions" in frames:
        actions = frames["corrective_actions"]
        open_ = actions.filter(pl.col("closed").is_null() & (pl.col("status") != "closed").fill_null(True))
        overdue = open_.filter(
            (pl.col("due_date") < today).fill_null(False) | (pl.col("status") == "overdue").fill_null(False)
        )
        figures += [
            (render("dashboard_open_corrective_actions", lang), open_.height, "#,##0"),
            (render("dashboard_overdue_corrective_actions", lang), overdue.height, "#,##0"),
        ]
    if "complaint_sla" in results:
        sla = results["complaint_sla"]
        open_ = sla.filter(pl.col("resolved").is_null() & ~RESOLVED)  # 已关闭 without a date is closed too
        overdue = sla.filter(OVERDUE)
        figures += [
            (render("dashboard_open_complaints", lang), open_.height, "#,##0"),
            (render("dashboard_overdue_complaints", lang), overdue.height, "#,##0"),
        ]
    if "satisfaction" in results and not results["satisfaction"].is_empty():
        overall = results["satisfaction"].filter(pl.col("level") == "overall").sort(*CHRONOLOGICAL, nulls_last=True)
        if overall.height:
            latest = overall.row(-1, named=True)
            figures += [
                (render("dashboard_satisfaction_index", lang, period=latest["period"]), latest["index"], "0.0"),
                (render("dashboard_nps", lang, period=latest["period"]), latest["nps"], "0.0"),
            ]
    if "copq" in frames:
        latest, rows = _latest_copq(frames["copq"])
        totals = rows.group_by("currency").agg(pl.col("copq").sum()).sort("currency", nulls_last=True)
        figures += [
            (render("dashboard_copq", lang, latest=latest, currency=c or "—"), round(v, 2), "#,##0.00")
            for c, v in totals.iter_rows()
        ]
    if "contract_findings" in results:
        findings = results["contract_findings"]
        figures += [
            (
                render("dashboard_contracts_expiring", lang),
                findings.filter(pl.col("finding") == "expiring").height,
                "#,##0",
            ),
            (
                render("dashboard_other_contract_findings", lang),
                findings.filter(pl.col("finding") != "expiring").height,
                "#,##0",
            ),
        ]
    return figures
