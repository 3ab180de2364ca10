"""A SCAR's state from its dates and responses, and OCA's discipline: no closure without effectiveness and every step."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

CLOSE_NEEDS = ("containment", "root_cause", "actions", "prevention", "response_date", "effectiveness", "closed")
"""Register columns that must be filled (effectiveness saying "effective", :func:`effective`) before a SCAR counts
as closed."""
STEP_DUES = (("D3", "d3_due", "containment"), ("D4", "d4_due", "root_cause"), ("D8", "due_date", None))
"""Each tracked step: its due-date column and the response that completes it (D8: a valid closure)."""


_GOOD = r"(?i)有效|合格|通过|未再(?:发生|出现)|无(?:复发|不良|异常)|(?:^|[^a-z])ok(?:$|[^a-z])|no recurrence|effective|passed"
"""Words of an effectiveness check written as its result that say the actions worked."""
_GOOD_NEGATIONS = r"(?i)未再(?:发生|出现)|无(?:复发|不良|异常)|no recurrence"
"""Good results phrased through a word of failure (无不良): left out before failure words are looked for."""
_BAD = r"(?i)无效|不合格|未通过|未见效|不良|异常|复发|再次|仍|(?:^|[^a-z])(?:ng|not|no|fail\w*)(?:$|[^a-z])|ineffective"
"""Words of a result saying the actions did not work (yet)."""


def effective() -> pl.Expr:
    """The effectiveness check says the actions worked: 有效 chosen, or a result written out (后续3批外观合格,
    next 3 lots OK) with a word of success and none of failure."""
    text = pl.col("effectiveness").fill_null("")
    written = text.str.contains(_GOOD) & ~text.str.replace_all(_GOOD_NEGATIONS, "").str.contains(_BAD)
    return (text == "effective") | ((text != "not_effective") & written)


def missing_for_closure() -> pl.Expr:
    """The keys of ``CLOSE_NEEDS`` a row still lacks (effectiveness also when it does not say effective), as a list."""
    checks = [pl.when(pl.col(k).is_null()).then(pl.lit(k)) for k in CLOSE_NEEDS if k != "effectiveness"]
    checks.append(pl.when(~effective()).then(pl.lit("effectiveness")))
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
        .when((pl.col("status") == "verified").fill_null(False) | effective())
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
