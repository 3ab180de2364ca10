"""The Claims sheet over time: re-running a period replaces its computed lines and keeps what people decided.

A line keeps its status, note and the supplier's response across re-runs (matched by claim ID, which is derived
from the rule and the source). A line of the period no longer computed (its source changed or went away) is dropped
while it is still open and untouched, and kept as it was once someone waived, accepted, disputed, resolved or answered
it. Lines of other periods are never touched.
"""

from __future__ import annotations

import polars as pl

from srm_xl.scoring.periods import period_bounds

USER_COLUMNS = ("status", "note", "response", "response_reason", "responded")
"""Columns people fill in (the user, or the supplier through its package); everything else is recomputed."""
WAIVED = (pl.col("status") == "waived") & pl.col("note").is_not_null()
"""A waiver counts only with its reason."""


def merge_claims(previous: pl.DataFrame, computed: pl.DataFrame, period: str) -> pl.DataFrame:
    """The Claims sheet after computing ``period``: ``computed`` lines with people's columns carried over from
    ``previous`` (same claim ID), ``previous`` lines of ``period`` someone acted on, and every other period's lines."""
    columns = previous.columns
    same = pl.col("period") == period
    earlier = previous.filter(same)
    carried = computed.join(earlier.select("claim_id", *USER_COLUMNS), on="claim_id", how="left").with_columns(
        pl.col("status").fill_null("open"))
    acted = (pl.col("status").fill_null("open") != "open") | pl.col("response").is_not_null()
    kept = earlier.filter(acted & ~pl.col("claim_id").is_in(computed.get_column("claim_id").implode()))
    others = previous.filter(~same.fill_null(False))
    merged = pl.concat([others, carried.select(columns).cast(previous.schema), kept], how="vertical")
    start = period_bounds(pl.col("period")).struct.field("start")
    return merged.with_row_index("_order").sort(start, "_order", nulls_last=True).drop("_order")


def unexplained_waivers(claims: pl.DataFrame) -> pl.DataFrame:
    """Lines marked waived without a reason: they stay charged until a reason is written."""
    return claims.filter((pl.col("status") == "waived") & pl.col("note").is_null())


def claim_totals(claims: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """Per period, supplier and currency: lines, charged amount by rule (waived lines excluded), accepted,
    disputed and waived amounts. ``names`` maps ``supplier`` to ``name``."""
    charged = pl.col("amount").filter(~WAIVED.fill_null(False))

    def by_rule(*rules: str) -> pl.Expr:
        return pl.col("amount").filter(~WAIVED.fill_null(False) & pl.col("rule").is_in(rules)).sum()

    totals = claims.group_by("period", "supplier", "currency", maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("lines"), by_rule("late").alias("late"), by_rule("rejected", "recorded_cost").alias("rejected"),
        by_rule("concession").alias("concession"), by_rule("complaint").alias("complaint"), charged.sum().alias("charged"),
        pl.col("amount").filter(pl.col("status") == "accepted").sum().alias("accepted"),
        pl.col("amount").filter(pl.col("status") == "disputed").sum().alias("disputed"),
        pl.col("amount").filter(WAIVED.fill_null(False)).sum().alias("waived"))
    money = ("late", "rejected", "concession", "complaint", "charged", "accepted", "disputed", "waived")
    return (totals.with_columns(pl.col(m).round(2) for m in money)
            .join(names.select("supplier", "name").unique("supplier", keep="first"), on="supplier", how="left")
            .sort(period_bounds(pl.col("period")).struct.field("start"), "supplier", "currency", nulls_last=True))
