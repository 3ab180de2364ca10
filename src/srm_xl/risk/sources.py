"""Rules on where parts come from: single sources, critical parts without an approved backup, spend concentration."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from srm_xl.config import Config
from srm_xl.risk.found import SUPPLIER, found, in_window
from srm_xl.risk.inputs import RiskInputs
from srm_xl.risk.text import describe, label, percent


def _sources(inputs: RiskInputs) -> pl.DataFrame:
    """Current sources (share blank or above 0), one row per part × supplier, with the supplier's status and class,
    ``is_critical`` (the part is marked critical on any of its rows) and ``sources`` (how many the part has)."""
    master = (
        inputs.frame("suppliers")
        .unique("code", keep="first")
        .select(pl.col("code").alias("supplier"), "status", "importance")
    )
    parts = inputs.frame("parts").drop_nulls(["part", "supplier"])
    current = parts.filter(pl.col("share").is_null() | (pl.col("share") > 0)).unique(
        ["part", "supplier"], keep="first", maintain_order=True
    )
    return current.join(master, on="supplier", how="left").with_columns(
        (pl.col("critical") == "yes").any().over("part").alias("is_critical"), pl.len().over("part").alias("sources")
    )


def _key_part() -> pl.Expr:
    """A critical part, or one whose (main) source is a class I supplier."""
    return pl.col("is_critical") | (pl.col("importance") == "I").fill_null(False)


def single_source(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Parts with exactly one current source (only key parts when ``single_source_scope`` is "critical")."""
    single = _sources(inputs).filter(pl.col("sources") == 1)
    if config.risk.single_source_scope == "critical":
        single = single.filter(_key_part())
    return found(
        inputs,
        single,
        "single_source",
        "continuity",
        subject=pl.col("part"),
        part=pl.col("part"),
        description=describe("risk_single_source", part=pl.col("part"), supplier=SUPPLIER),
        rating=config.risk.rating("single_source"),
        trigger=pl.lit("1"),
    )


def no_backup(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Critical parts, or parts whose main source is a class I supplier, with several sources but none of the
    others approved. The main source is the one with the largest share."""
    sources = _sources(inputs).sort(["part", "share"], descending=[False, True], nulls_last=True)
    ranked = sources.with_columns(pl.int_range(pl.len()).over("part").alias("rank"))
    backups = ranked.filter((pl.col("rank") > 0) & (pl.col("status") == "approved")).select("part").unique()
    main = ranked.filter((pl.col("rank") == 0) & (pl.col("sources") > 1))
    exposed = main.filter(_key_part()).join(backups, on="part", how="anti")
    reason = {
        lang: pl.when(pl.col("is_critical")).then(text).otherwise(label("risk_reason_class_i")[lang])
        for lang, text in label("risk_reason_critical").items()
    }
    return found(
        inputs,
        exposed,
        "no_backup",
        "continuity",
        subject=pl.col("part"),
        part=pl.col("part"),
        description=describe("risk_no_backup", part=pl.col("part"), reason=reason, supplier=SUPPLIER),
        rating=config.risk.rating("no_backup"),
        trigger=pl.col("sources"),
    )


def spend(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers holding more than ``spend_share_max`` of spend on deliveries due in the window."""
    settings = config.risk
    quantity = pl.coalesce("qty_delivered", "qty_ordered")
    window = inputs.frame("deliveries").filter(
        in_window("due_date", today - timedelta(days=settings.spend_days), today)
    )
    by_supplier = (
        window.drop_nulls("supplier")
        .group_by("supplier")
        .agg((pl.col("unit_price") * quantity).sum().alias("spend"))
        .with_columns((pl.col("spend") / pl.col("spend").sum()).alias("share"))
    )
    heavy = by_supplier.filter(pl.col("share") > settings.spend_share_max)
    return found(
        inputs,
        heavy,
        "spend",
        "continuity",
        subject=pl.col("supplier"),
        description=describe(
            "risk_spend",
            supplier=SUPPLIER,
            days=pl.lit(settings.spend_days),
            share=percent(pl.col("share")),
            maximum=percent(pl.lit(settings.spend_share_max)),
        ),
        rating=settings.rating("spend"),
        trigger=percent(pl.col("share")),
    )
