"""Complaint service levels: first-response and resolution due dates from the customer's class, overdue
flags, and which complaints traced to a supplier need a SCAR (or can join an open one)."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config.customers import CustomersConfig
from srm_xl.schema import spec

_OPEN_SCAR = ("open", "responded", "overdue")
RESPONDED = pl.col("status").is_in(["responded", "resolved", "confirmed"]).fill_null(False)
"""True for a complaint whose status says the customer has had a first response."""
RESOLVED = pl.col("status").is_in(["resolved", "confirmed"]).fill_null(False)
"""True for a complaint whose status says it is resolved (or closed)."""


BEFORE_RECEIVED = ("first_response", "resolved")
"""Dates of a complaint that cannot be before it was received (a typing slip): judged neither on time nor late."""


def _state(done: str, due: str, settled: pl.Expr, today: date) -> pl.Expr:
    """on_time / late once ``done`` is filled; unknown (null) when the status says it is done without the date,
    or ``done`` is before the complaint was received; else overdue past ``due`` or pending."""
    finished = pl.col(done).is_not_null()
    return (
        pl.when(pl.col(done) < pl.col("received"))
        .then(pl.lit(None, dtype=pl.String))
        .when(finished & (pl.col(done) <= pl.col(due)))
        .then(pl.lit("on_time"))
        .when(finished)
        .then(pl.lit("late"))
        .when(settled)
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.lit(today) > pl.col(due))
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("pending"))
    )


def _days(days: dict[str, int]) -> pl.Expr:
    return pl.duration(
        days=pl.col("customer_class").replace_strict(list(days), list(days.values()), return_dtype=pl.Int64)
    )


def scar_links(complaints: pl.DataFrame, scars: pl.DataFrame | None, types: list[str]) -> pl.DataFrame:
    """``complaint_id`` → ``scar_action`` (linked / join / raise) and ``scar_id`` for complaints needing a SCAR.

    A SCAR whose trigger is the complaint ID is *linked*; else an open SCAR of the same supplier and part is
    one to *join*; else one must be *raised*.
    """
    needing = complaints.filter(pl.col("supplier").is_not_null() & pl.col("complaint_type").is_in(types))
    needing = needing.select("complaint_id", "supplier", "part")
    if scars is None or scars.is_empty():
        return needing.select("complaint_id", scar_action=pl.lit("raise"), scar_id=pl.lit(None, dtype=pl.String))
    linked = (
        scars.filter(pl.col("trigger").is_not_null())
        .group_by(pl.col("trigger").alias("complaint_id"))
        .agg(pl.col("scar_id").sort().first().alias("linked_id"))
    )
    open_scars = (
        scars.filter(pl.col("status").is_in(_OPEN_SCAR) | (pl.col("status").is_null() & pl.col("closed").is_null()))
        .sort("issued", nulls_last=True)
        .group_by("supplier", "part")
        .agg(pl.col("scar_id").last().alias("open_id"))
    )
    joined = needing.join(linked, on="complaint_id", how="left").join(
        open_scars, on=["supplier", "part"], how="left", nulls_equal=True
    )
    return joined.select(
        "complaint_id",
        scar_action=pl.when(pl.col("linked_id").is_not_null())
        .then(pl.lit("linked"))
        .when(pl.col("open_id").is_not_null())
        .then(pl.lit("join"))
        .otherwise(pl.lit("raise")),
        scar_id=pl.coalesce("linked_id", "open_id"),
    )


def complaint_sla(
    complaints: pl.DataFrame,
    classes: pl.DataFrame,
    config: CustomersConfig,
    today: date,
    scars: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One ``complaint_sla`` row per complaint. ``classes`` maps ``customer`` → ``customer_class``; a customer
    missing there is served as ordinary. Days open count to the resolution date, or to ``today`` while it is
    unresolved; none for a complaint resolved without a date, or received after ``today``."""
    frame = complaints.join(classes, on="customer", how="left").with_columns(
        pl.col("customer_class").fill_null("ordinary")
    )
    frame = (
        frame.with_columns(
            response_due=pl.col("received") + _days(config.response_days()),
            resolution_due=pl.col("received") + _days(config.resolve_days()),
        )
        .with_columns(
            response_state=_state("first_response", "response_due", RESPONDED, today),
            resolution_state=_state("resolved", "resolution_due", RESOLVED, today),
            days_open=(pl.coalesce("resolved", pl.lit(today)) - pl.col("received")).dt.total_days(),
        )
        .with_columns(
            days_open=pl.when((pl.col("days_open") >= 0) & (pl.col("resolved").is_not_null() | ~RESOLVED)).then(
                "days_open"
            )
        )
    )
    frame = frame.join(scar_links(complaints, scars, config.scar_types()), on="complaint_id", how="left")
    return frame.select(spec("complaint_sla").keys())


OVERDUE = (pl.col("response_state") == "overdue") | (pl.col("resolution_state") == "overdue")
"""True for a complaint (``complaint_sla`` row) whose response or resolution is overdue."""
