"""Rewards and penalties from grades, as the Config's rules say, and the share of each part they suggest.

A supplier's consequence is its grade's rule, plus the rule of its grade change against last period (``up`` or
``down``): share and payment-day changes add up, a re-audit interval or status the change rule names replaces the
grade's. Suppliers not graded get no consequence. The suggested share of a source is its current share moved by its
supplier's share change (0 when blocked), clipped to 0–100 %, then rescaled so each part's shares keep their sum.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.claims import ClaimsConfig

_ORDER = {"A": 1, "B": 2, "C": 3, "D": 4}


def _rules(config: ClaimsConfig, prefix: str, keys: tuple[str, ...]) -> pl.DataFrame:
    rows = []
    for key in keys:
        rule = config.consequence(key)
        rows.append(
            {
                "key": key,
                f"{prefix}share": rule.share,
                f"{prefix}payment": rule.payment_days,
                f"{prefix}months": rule.audit_months,
                f"{prefix}status": rule.status,
                f"{prefix}text": f"{key}: {getattr(config, f'reward_{key.lower()}')}",
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "key": pl.String,
            f"{prefix}share": pl.Float64,
            f"{prefix}payment": pl.Float64,
            f"{prefix}months": pl.Int64,
            f"{prefix}status": pl.String,
            f"{prefix}text": pl.String,
        },
    )


def rewards(scorecard: pl.DataFrame, config: ClaimsConfig, period: str, claims: pl.DataFrame) -> pl.DataFrame:
    """One row per supplier graded A–D in ``period`` (scorecard columns ``period``, ``supplier``, ``name``, ``grade``,
    ``previous_grade``) with its consequence; ``claims`` (``supplier``, ``charged``) adds the period's claims."""
    now, before = (
        pl.col("grade").replace_strict(_ORDER, default=None),
        pl.col("previous_grade").replace_strict(_ORDER, default=None),
    )
    change = (
        pl.when(before.is_null())
        .then(None)
        .when(now < before)
        .then(pl.lit("up"))
        .when(now > before)
        .then(pl.lit("down"))
        .otherwise(pl.lit("same"))
    )
    graded = (
        scorecard.filter((pl.col("period") == period) & pl.col("grade").is_in(list(_ORDER)))
        .select("period", "supplier", "name", "grade", "previous_grade")
        .with_columns(change.alias("change"))
    )
    joined = (
        graded.join(_rules(config, "g_", ("A", "B", "C", "D")), left_on="grade", right_on="key", how="left")
        .join(_rules(config, "c_", ("up", "down")), left_on="change", right_on="key", how="left")
        .join(claims.group_by("supplier").agg(pl.col("charged").sum().alias("claims")), on="supplier", how="left")
    )
    return joined.select(
        "period",
        "supplier",
        "name",
        "grade",
        "previous_grade",
        "change",
        (pl.col("g_share").fill_null(0) + pl.col("c_share").fill_null(0)).alias("share_change"),
        (pl.col("g_payment").fill_null(0) + pl.col("c_payment").fill_null(0)).alias("payment_days_change"),
        pl.coalesce("c_months", "g_months").alias("audit_months"),
        pl.coalesce("c_status", "g_status").alias("status"),
        pl.col("claims").fill_null(0.0),
        pl.concat_str(["g_text", "c_text"], separator="; ", ignore_nulls=True).alias("rule"),
    ).sort("supplier")


def share_plan(parts: pl.DataFrame, consequences: pl.DataFrame) -> pl.DataFrame:
    """Per source with a share (``parts``: ``part``, ``supplier``, ``share``): current share, change and suggested share."""
    sources = (
        parts.filter(pl.col("share").is_not_null() & pl.col("part").is_not_null())
        .select("part", "supplier", "share")
        .join(consequences.select("supplier", "grade", "share_change", "status"), on="supplier", how="left")
    )
    moved = (
        pl.when(pl.col("status") == "blocked")
        .then(0.0)
        .otherwise((pl.col("share") + pl.col("share_change").fill_null(0)).clip(0, 1))
    )
    raw = sources.with_columns(moved.alias("_raw"))
    total, raw_total = pl.col("share").sum().over("part"), pl.col("_raw").sum().over("part")
    suggested = pl.when(raw_total > 0).then(pl.col("_raw") / raw_total * total).otherwise(pl.col("_raw"))
    return raw.with_columns(suggested.alias("suggested_share")).drop("_raw").sort("part", "supplier")
