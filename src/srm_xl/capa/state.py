"""A SCAR's state from its dates and responses, and OCA's discipline: no closure without effectiveness and every step."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

CLOSE_NEEDS = ("containment", "root_cause", "actions", "prevention", "response_date", "effectiveness", "closed")
"""Register columns that must be filled (effectiveness as "effective") before a SCAR counts as closed."""
STEP_DUES = (("D3", "d3_due", "containment"), ("D4", "d4_due", "root_cause"), ("D8", "due_date", None))
"""Each tracked step: its due-date column and the response that completes it (D8: a valid closure)."""


def missing_for_closure() -> pl.Expr:
    """The keys of ``CLOSE_NEEDS`` a row still lacks, as a list."""
    checks = [pl.when(pl.col(k).is_null()).then(pl.lit(k)) for k in CLOSE_NEEDS if k != "effectiveness"]
    checks.append(pl.when(pl.col("effectiveness").fill_null("") != "effective").then(pl.lit("effectiveness")))
    return pl.concat_list(checks).list.drop_nulls()


def close_requested() -> pl.Expr:
    """A person marked the SCAR closed (status or closed date)."""
    return (pl.col("status") == "closed").fill_null(False) | pl.col("closed").is_not_null()


def _steps(today: date, remind_days: int) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Overdue steps, due-soon steps (both as ", "-joined text) and the earliest due-soon date."""
    closable = missing_for_closure().list.len() == 0
    overdue, soon, soon_dates = [], [], []
    horizon = today + timedelta(days=remind_days)
    for code, due, response in STEP_DUES:
        pending = closable.not_() if response is None else pl.col(response).is_null()
        late = pending & (pl.col(due) < today).fill_null(False)
        near = pending & pl.col(due).is_between(today, horizon).fill_null(False)
        overdue.append(pl.when(late).then(pl.lit(code)))
        soon.append(pl.when(near).then(pl.lit(code)))
        soon_dates.append(pl.when(near).then(pl.col(due)))
    joined = [pl.concat_list(parts).list.drop_nulls().list.join(", ") for parts in (overdue, soon)]
    return joined[0], joined[1], pl.min_horizontal(soon_dates)


def with_state(register: pl.DataFrame, today: date, remind_days: int) -> pl.DataFrame:
    """``register`` with ``state``, ``overdue_steps`` and helper columns ``_due_soon``, ``_soon_date``, ``_refused``
    (the list of what a closure the user asked for still lacks; empty when none was asked or it is complete)."""
    overdue, soon, soon_date = _steps(today, remind_days)
    missing = missing_for_closure()
    framed = register.with_columns(
        overdue.alias("overdue_steps"),
        soon.alias("_due_soon"),
        soon_date.alias("_soon_date"),
        missing.alias("_missing"),
    )
    state = (
        pl.when(pl.col("_missing").list.len() == 0)
        .then(pl.lit("closed"))
        .when(pl.col("overdue_steps") != "")
        .then(pl.lit("overdue"))
        .when(pl.col("_due_soon") != "")
        .then(pl.lit("due_soon"))
        .when(
            (pl.col("status") == "verified").fill_null(False)
            | (pl.col("effectiveness") == "effective").fill_null(False)
        )
        .then(pl.lit("verified"))
        .when(pl.col("response_date").is_not_null())
        .then(pl.lit("responded"))
        .otherwise(pl.lit("open"))
    )
    refused = pl.when(close_requested()).then(pl.col("_missing")).otherwise(pl.lit([], pl.List(pl.String)))
    return framed.with_columns(
        state.alias("state"),
        pl.when(pl.col("overdue_steps") != "").then(pl.col("overdue_steps")).alias("overdue_steps"),
        refused.alias("_refused"),
    ).drop("_missing")
