"""Periodic re-evaluation: suppliers in use whose last audit (or admission) is older than their class's interval,
listed as due or overdue; overdue ones in the risk scan's rule shape."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import Config
from srm_xl.risk.found import RULE_COLUMNS
from srm_xl.risk.text import describe
from srm_xl.schema import spec
from srm_xl.schema.frames import POLARS_TYPES

REEVALUATION_COLUMNS = (
    "supplier",
    "name",
    "importance",
    "last_evaluated",
    "interval_months",
    "due_date",
    "days_left",
    "state",
)
RULE = "reevaluation"
"""The rule id the risk scan would give these findings."""


def due_list(suppliers: pl.DataFrame, audits: pl.DataFrame, config: Config, today: date) -> pl.DataFrame:
    """Approved and conditional suppliers due within ``reaudit_notice_days`` or overdue, most overdue first.

    A supplier never audited nor admitted is overdue with no due date.
    """
    settings = config.qualification
    active = suppliers.filter(pl.col("status").is_in(("approved", "conditional"))).unique("code", keep="first")
    last_audit = (
        audits.drop_nulls(["supplier", "audit_date"])
        .group_by("supplier")
        .agg(pl.col("audit_date").max().alias("_audit"))
    )
    months = pl.col("importance").replace_strict(
        settings.reaudit_months(), default=settings.reaudit_months_iii, return_dtype=pl.Int64
    )
    table = (
        active.rename({"code": "supplier"})
        .join(last_audit, on="supplier", how="left")
        .with_columns(
            pl.max_horizontal("_audit", "admission_date").alias("last_evaluated"), months.alias("interval_months")
        )
    )
    table = table.with_columns(
        pl.col("last_evaluated").dt.offset_by(pl.format("{}mo", pl.col("interval_months"))).alias("due_date")
    )
    table = table.with_columns((pl.col("due_date") - pl.lit(today)).dt.total_days().alias("days_left"))
    state = (
        pl.when(pl.col("days_left").is_null() | (pl.col("days_left") < 0))
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("due"))
    )
    listed = table.filter(pl.col("days_left").is_null() | (pl.col("days_left") <= settings.reaudit_notice_days))
    return (
        listed.with_columns(state.alias("state"))
        .sort("days_left", "supplier", nulls_last=False)
        .select(REEVALUATION_COLUMNS)
    )


def _columns(frames: dict[str, pl.DataFrame], key: str, names: tuple[str, ...]) -> pl.DataFrame:
    """The ``key`` frame cut to ``names``, typed by its spec; a missing frame or column is empty or null."""
    sheet = spec(key)
    given = frames.get(key, pl.DataFrame())
    return pl.DataFrame(
        [
            (given.get_column(n) if n in given.columns else pl.repeat(None, given.height, eager=True))
            .cast(POLARS_TYPES[sheet.column(n).dtype])
            .alias(n)
            for n in names
        ]
    )


def reevaluation_findings(frames: dict[str, pl.DataFrame], config: Config, today: date) -> pl.DataFrame:
    """Overdue re-evaluations as risk-rule rows (``srm_xl.risk.found.RULE_COLUMNS``, rule ``"reevaluation"``) from
    ``frames["suppliers"]`` and ``frames["audits"]`` (sheet keys, choice keys; either may be missing)."""
    suppliers = _columns(frames, "suppliers", ("code", "name", "importance", "status", "admission_date"))
    audits = _columns(frames, "audits", ("supplier", "audit_date"))
    due = due_list(suppliers, audits, config, today).filter(pl.col("state") == "overdue")
    label = pl.concat_str("supplier", "name", separator=" ", ignore_nulls=True)
    return due.select(
        pl.lit(RULE).alias("rule"),
        pl.col("supplier").alias("subject"),
        "supplier",
        pl.lit(None, pl.String).alias("part"),
        pl.lit("compliance").alias("category"),
        *describe("qualification_reevaluation_overdue", supplier=label, date=pl.col("due_date")),
        pl.lit(config.risk.rating(RULE)[0], pl.Int64).alias("likelihood"),
        pl.lit(config.risk.rating(RULE)[1], pl.Int64).alias("impact"),
        (-pl.col("days_left")).cast(pl.String).alias("trigger"),
    ).select(RULE_COLUMNS)
