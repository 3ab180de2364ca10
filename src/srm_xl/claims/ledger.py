"""The Claims sheet over time: re-running a period replaces its computed lines and keeps what people decided.

A line keeps its status, note and the supplier's response across re-runs (matched by claim ID, which is derived
from the rule and the source). An event already charged under another period (same claim ID, e.g. a month inside a
quarter charged before) is not charged again: its line there stays as it is. A line of the period no longer computed (its source changed or went away) is dropped
while it is still open and untouched, and kept as it was once someone waived, accepted, disputed, resolved or answered
it. Lines of other periods are never touched.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.schema.claims import WAIVED
from srm_xl.scoring.periods import period_bounds

USER_COLUMNS = ("status", "note", "response", "response_reason", "responded")
"""Columns people fill in (the user, or the supplier through its package); everything else is recomputed."""


def charged_before(previous: pl.DataFrame, computed: pl.DataFrame, period: str) -> pl.DataFrame:
    """The ``computed`` lines whose claim ID is already on a ``previous`` line of another period (``charged_in``)."""
    elsewhere = previous.filter(pl.col("period").ne_missing(period)).select(
        "claim_id", pl.col("period").alias("charged_in")
    )
    return computed.join(elsewhere.unique("claim_id", keep="first"), on="claim_id", how="inner")


def merge_claims(previous: pl.DataFrame, computed: pl.DataFrame, period: str) -> pl.DataFrame:
    """The Claims sheet after computing ``period``: ``computed`` lines not charged under another period, with people's
    columns carried over from ``previous`` (same claim ID), ``previous`` lines of ``period`` someone acted on, and
    every other period's lines."""
    columns = previous.columns
    same = pl.col("period") == period
    earlier = previous.filter(same)
    computed = computed.join(charged_before(previous, computed, period), on="claim_id", how="anti")
    carried = computed.join(earlier.select("claim_id", *USER_COLUMNS), on="claim_id", how="left").with_columns(
        pl.col("status").fill_null("open")
    )
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
        pl.len().cast(pl.Int64).alias("lines"),
        by_rule("late").alias("late"),
        by_rule("rejected", "recorded_cost").alias("rejected"),
        by_rule("concession").alias("concession"),
        by_rule("complaint").alias("complaint"),
        charged.sum().alias("charged"),
        pl.col("amount").filter(pl.col("status") == "accepted").sum().alias("accepted"),
        pl.col("amount").filter(pl.col("status") == "disputed").sum().alias("disputed"),
        pl.col("amount").filter(WAIVED.fill_null(False)).sum().alias("waived"),
    )
    money = ("late", "rejected", "concession", "complaint", "charged", "accepted", "disputed", "waived")
    return (
        totals.with_columns(pl.col(m).round(2) for m in money)
        .join(names.select("supplier", "name").unique("supplier", keep="first"), on="supplier", how="left")
        .sort(period_bounds(pl.col("period")).struct.field("start"), "supplier", "currency", nulls_last=True)
    )


RESPONSE_STATUS = {"accept": "accepted", "dispute": "disputed"}
_ANSWERABLE = ("open", "accepted", "disputed")
"""Statuses a supplier's response may move; waived and resolved lines keep the status the user gave them."""
CHANGE_SCHEMA = {"record": pl.String, "column": pl.String, "old": pl.String, "new": pl.String}


def statement_lines(claims: pl.DataFrame, supplier: str, period: str) -> pl.DataFrame:
    """What a supplier's claim statement lists: its lines of ``period`` and its earlier lines still open or disputed
    (never waived ones)."""
    status = pl.col("status").fill_null("open")
    mine = claims.filter((pl.col("supplier") == supplier) & (status != "waived"))
    return mine.filter((pl.col("period") == period) | status.is_in(("open", "disputed")))


def apply_responses(claims: pl.DataFrame, answers: pl.DataFrame, responded: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``claims`` with a supplier's answers (``record`` = claim ID, ``response`` key, ``reason``) applied: response,
    reason and date recorded; accept → accepted, dispute → disputed where the line is open, accepted or disputed.
    Returns the changes made as (record, column, old, new)."""
    given = answers.filter(pl.col("response").is_not_null() | pl.col("reason").is_not_null())
    joined = claims.join(
        given.rename({"record": "claim_id", "response": "_response", "reason": "_reason"}), on="claim_id", how="left"
    )
    answered = pl.col("_response").is_not_null() | pl.col("_reason").is_not_null()
    moved = pl.col("_response").replace_strict(RESPONSE_STATUS, default=None)
    new = {
        "response": pl.coalesce("_response", "response"),
        "response_reason": pl.when(answered).then(pl.col("_reason")).otherwise(pl.col("response_reason")),
        "status": pl.when(pl.col("status").fill_null("open").is_in(_ANSWERABLE) & moved.is_not_null())
        .then(moved)
        .otherwise(pl.col("status")),
    }
    updated = joined.with_columns(*(expr.alias(f"_new_{key}") for key, expr in new.items()))
    changes = pl.concat(
        [
            pl.DataFrame(schema=CHANGE_SCHEMA),
            *(
                updated.filter(pl.col(key).ne_missing(pl.col(f"_new_{key}"))).select(
                    pl.col("claim_id").alias("record"),
                    pl.lit(key).alias("column"),
                    pl.col(key).cast(pl.String).alias("old"),
                    pl.col(f"_new_{key}").cast(pl.String).alias("new"),
                )
                for key in new
            ),
        ]
    )
    touched = pl.col("claim_id").is_in(changes.get_column("record").implode())
    result = updated.with_columns(
        *(pl.col(f"_new_{key}").alias(key) for key in new),
        pl.when(touched)
        .then(pl.lit(responded))
        .otherwise(pl.col("responded"))
        .cast(claims.schema["responded"])
        .alias("responded"),
    )
    return result.select(claims.columns), changes
