"""Rules on how suppliers perform: low or falling grades, PPM spikes, late deliveries, discontinued inspection
and overdue corrective actions."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from srm_xl.config import Config
from srm_xl.risk.found import SUPPLIER, found, in_window
from srm_xl.risk.inputs import RiskInputs
from srm_xl.risk.text import describe, percent, pick
from srm_xl.scoring.periods import period_bounds

_DONE_CAPA = ("closed", "verified")
_LISTED_IDS = 5


def grade(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers graded C or D in the latest period, or whose total fell in each of the last two periods."""
    scores = (
        inputs.frame("scorecard")
        .drop_nulls(["period", "supplier"])
        .unique(["period", "supplier"], keep="last")
        .with_columns(period_bounds(pl.col("period")).struct.field("start").alias("start"))
        .drop_nulls("start")
    )
    periods = (
        scores.select("period", "start").unique().sort("start", descending=True).get_column("period").head(3).to_list()
    )
    periods += [None] * (3 - len(periods))
    by = {
        name: scores.filter(pl.col("period").eq_missing(label)).select(
            "supplier", pl.col("total").alias(name), pl.col("grade").alias(f"{name}_grade")
        )
        for name, label in zip(("total", "last", "before"), periods, strict=True)
    }
    latest = by["total"].join(by["last"], on="supplier", how="left").join(by["before"], on="supplier", how="left")
    low = pl.col("total_grade").is_in(("C", "D"))
    falling = ((pl.col("total") < pl.col("last")) & (pl.col("last") < pl.col("before"))).fill_null(False)
    flagged = latest.filter(low | falling).with_columns(pl.lit(periods[0], pl.String).alias("period"))
    shown = {
        "supplier": SUPPLIER,
        "period": pl.col("period"),
        "grade": pl.col("total_grade"),
        **{name: pl.col(name).round(1) for name in ("total", "last", "before")},
    }
    description = pick(low, describe("risk_grade_low", **shown), describe("risk_grade_falling", **shown))
    trigger = (
        pl.when(low)
        .then(pl.format("{} ({})", pl.col("total_grade"), pl.col("total").round(1)))
        .otherwise(
            pl.format("{} → {} → {}", pl.col("before").round(1), pl.col("last").round(1), pl.col("total").round(1))
        )
    )
    return found(
        inputs,
        flagged,
        "grade",
        "quality",
        subject=pl.col("supplier"),
        description=description,
        rating=config.risk.rating("grade"),
        trigger=trigger,
    )


def _ppm(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    defects = pl.sum_horizontal(
        pl.col("critical").fill_null(0), pl.col("major").fill_null(0), pl.col("minor").fill_null(0)
    )
    inspected = pl.col("sample_size").sum()
    return frame.group_by("supplier").agg(pl.when(inspected > 0).then(defects.sum() / inspected * 1e6).alias(name))


def ppm_spike(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers whose PPM over the recent window is at least ``ppm_factor`` times their own PPM over the baseline
    window before it, and at least ``ppm_min``."""
    settings = config.risk
    lots = inputs.frame("inspections").drop_nulls("supplier")
    split = today - timedelta(days=settings.ppm_recent_days)
    recent = _ppm(lots.filter(in_window("received", split, today)), "recent")
    baseline = _ppm(
        lots.filter(in_window("received", split - timedelta(days=settings.ppm_baseline_days), split)), "baseline"
    )
    both = recent.join(baseline, on="supplier", how="inner").drop_nulls(["recent", "baseline"])
    spiking = both.filter(
        (pl.col("recent") >= settings.ppm_min) & (pl.col("recent") >= settings.ppm_factor * pl.col("baseline"))
    )
    factor = (
        pl.when(pl.col("baseline") > 0)
        .then((pl.col("recent") / pl.col("baseline")).round(1).cast(pl.String))
        .otherwise(pl.lit("∞"))
    )
    return found(
        inputs,
        spiking,
        "ppm_spike",
        "quality",
        subject=pl.col("supplier"),
        description=describe(
            "risk_ppm_spike",
            supplier=SUPPLIER,
            days=pl.lit(settings.ppm_recent_days),
            recent=pl.col("recent").round(0).cast(pl.Int64),
            baseline=pl.col("baseline").round(0).cast(pl.Int64),
            factor=factor,
        ),
        rating=settings.rating("ppm_spike"),
        trigger=pl.col("recent").round(0).cast(pl.Int64),
    )


def on_time(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers delivering on time (by the due date plus ``scoring.late_days``) less often than ``on_time_min``
    over deliveries due in the window; a delivery still outstanding counts as late."""
    settings = config.risk
    due = (
        inputs.frame("deliveries")
        .drop_nulls("supplier")
        .filter(in_window("due_date", today - timedelta(days=settings.on_time_days), today))
    )
    punctual = (pl.col("delivered_date") <= pl.col("due_date") + pl.duration(days=config.scoring.late_days)).fill_null(
        False
    )
    rates = due.group_by("supplier").agg(pl.len().alias("count"), punctual.mean().alias("rate"))
    late = rates.filter((pl.col("count") >= settings.on_time_min_deliveries) & (pl.col("rate") < settings.on_time_min))
    return found(
        inputs,
        late,
        "on_time",
        "delivery",
        subject=pl.col("supplier"),
        description=describe(
            "risk_on_time",
            supplier=SUPPLIER,
            days=pl.lit(settings.on_time_days),
            rate=percent(pl.col("rate")),
            minimum=percent(pl.lit(settings.on_time_min)),
            count=pl.col("count"),
        ),
        rating=settings.rating("on_time"),
        trigger=percent(pl.col("rate")),
    )


def discontinued(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Supplier × part whose latest lot is under discontinued inspection (GB/T 2828.1 switching rules)."""
    lots = inputs.frame("inspections").drop_nulls(["supplier", "received"])
    latest = lots.sort("received", "lot", nulls_last=False).unique(["supplier", "part"], keep="last")
    stopped = latest.filter(pl.col("severity") == "discontinued")
    return found(
        inputs,
        stopped,
        "discontinued",
        "quality",
        subject=pl.concat_str("supplier", pl.col("part").fill_null(""), separator="|"),
        part=pl.col("part"),
        description=describe(
            "risk_discontinued", supplier=SUPPLIER, part=pl.col("part"), lot=pl.col("lot"), date=pl.col("received")
        ),
        rating=config.risk.rating("discontinued"),
        trigger=pl.col("lot"),
    )


def capa_overdue(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers with corrective actions past their due date and neither closed nor verified."""
    actions = inputs.frame("corrective_actions").drop_nulls(["supplier", "due_date"])
    overdue = actions.filter(
        pl.col("closed").is_null()
        & ~pl.col("status").is_in(_DONE_CAPA).fill_null(False)
        & (pl.col("due_date") < pl.lit(today))
    )
    per_supplier = (
        overdue.sort("due_date")
        .group_by("supplier")
        .agg(pl.len().alias("count"), pl.col("scar_id").drop_nulls().head(_LISTED_IDS).str.join(", ").alias("ids"))
    )
    return found(
        inputs,
        per_supplier,
        "capa_overdue",
        "quality",
        subject=pl.col("supplier"),
        description=describe("risk_capa_overdue", supplier=SUPPLIER, count=pl.col("count"), ids=pl.col("ids")),
        rating=config.risk.rating("capa_overdue"),
        trigger=pl.col("count"),
    )
