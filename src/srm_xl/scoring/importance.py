"""Importance class I / II / III from annual spend share and supply risk; the master's own class wins.

- spend share: the supplier's spend (unit price × quantity delivered, else ordered) over all suppliers' spend,
  for deliveries due in the 12 months ending with the period; ≥ ``class_i_share`` → I, ≥ ``class_ii_share`` → II;
- supply risk (Parts sheet, sources with a blank or positive share): the only source of a critical part →
  ``single_source_class``; a source of any critical part → at least ``critical_part_class``.
The most important of these applies; a class filled in on the Suppliers sheet overrides it.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring.inputs import ScoringInputs
from srm_xl.scoring.periods import Period, as_period

CLASSES = ("I", "II", "III")


def _rank(value: str) -> int:
    """I → 1, II → 2, III → 3 (lower is more important)."""
    return CLASSES.index(value) + 1


def importance(inputs: ScoringInputs, period: Period | str, config: ScoringConfig) -> pl.DataFrame:
    """Per supplier: ``spend_share``, ``single_source_critical``, ``critical_parts``, ``importance_computed``,
    ``importance`` (the master's class when filled) and ``importance_source`` ("master" / "computed")."""
    p = as_period(period)
    after = p.end + timedelta(days=1)
    year_start = after.replace(year=after.year - 1)
    quantity = pl.coalesce("qty_delivered", "qty_ordered")
    spend = (
        inputs.frame("deliveries")
        .filter(pl.col("due_date").is_between(year_start, p.end))
        .group_by("supplier")
        .agg((pl.col("unit_price") * quantity).sum().alias("spend"))
        .sort("supplier")
    )
    total = spend.get_column("spend").sum()
    spend = spend.select(
        "supplier", (pl.col("spend") / total if total else pl.lit(None, pl.Float64)).alias("spend_share")
    )

    sources = (
        inputs.frame("parts")
        .filter(pl.col("part").is_not_null() & pl.col("supplier").is_not_null())
        .filter(pl.col("share").is_null() | (pl.col("share") > 0))
        .unique(["part", "supplier"])
    )
    critical = pl.col("critical") == "yes"
    risk = (
        sources.with_columns(pl.col("supplier").n_unique().over("part").alias("_sources"))
        .group_by("supplier")
        .agg(
            (critical & (pl.col("_sources") == 1)).any().alias("single_source_critical"),
            critical.sum().alias("critical_parts"),
        )
    )
    master = inputs.frame("suppliers").select(pl.col("code").alias("supplier"), pl.col("importance").alias("_master"))
    master = master.filter(pl.col("supplier").is_not_null()).unique("supplier", keep="first")
    suppliers = pl.concat([master.select("supplier"), spend.select("supplier"), risk.select("supplier")]).unique()
    frame = (
        suppliers.drop_nulls()
        .join(spend, on="supplier", how="left")
        .join(risk, on="supplier", how="left")
        .join(master, on="supplier", how="left")
        .with_columns(pl.col("single_source_critical").fill_null(False), pl.col("critical_parts").fill_null(0))
    )
    share = pl.col("spend_share")
    by_spend = pl.when(share >= config.class_i_share).then(1).when(share >= config.class_ii_share).then(2).otherwise(3)
    by_risk = (
        pl.when(pl.col("single_source_critical"))
        .then(_rank(config.single_source_class))
        .when(pl.col("critical_parts") > 0)
        .then(_rank(config.critical_part_class))
    )
    computed = pl.min_horizontal(by_spend, by_risk).replace_strict((1, 2, 3), CLASSES, return_dtype=pl.String)
    master_class = pl.col("_master")
    return frame.with_columns(computed.alias("importance_computed")).select(
        "supplier",
        "spend_share",
        "single_source_critical",
        "critical_parts",
        "importance_computed",
        pl.coalesce(master_class, "importance_computed").alias("importance"),
        pl.when(master_class.is_not_null())
        .then(pl.lit("master"))
        .otherwise(pl.lit("computed"))
        .alias("importance_source"),
    )
