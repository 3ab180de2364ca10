"""Penalty terms in force for each event: the supplier's contract's own terms where it states them, else the Config's.

For each term separately, the contract is the supplier's latest one started on or before the event's date, still
running on it (no end, or an end on or after it), not a draft and not terminated, that states that term (in the
register or through a change). The value is the one in force on the event's date: the register's from the contract's
start, each change's from its own date (the latest change dated on or before the event, by date then change number).
A term a contract only gains through a later change is the Config's before that change.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.claims import ClaimsConfig

TERMS = ("late_rate_per_day", "late_cap", "reject_fee", "concession_discount")
"""Contract columns that override the Config default of the same name."""
_NOT_IN_FORCE = ("draft", "terminated")


def _in_force(contracts: pl.DataFrame) -> pl.DataFrame:
    return (
        contracts.filter(
            (pl.col("party_type") == "supplier")
            & pl.col("start").is_not_null()
            & pl.col("party").is_not_null()
            & ~pl.col("status").is_in(_NOT_IN_FORCE).fill_null(False)
        )
        .rename({"party": "supplier"})
        .with_row_index("_contract")
        .sort("start")
    )


def _timeline(contracts: pl.DataFrame, changes: pl.DataFrame, column: str) -> pl.DataFrame:
    """``_contract``, ``_from``, ``_value``: ``column`` of each contract from its start, then from each change's date
    (a change without a date from the start), in the order they take effect."""
    dtype = contracts.schema[column]
    stated = contracts.select("_contract", pl.col("start").alias("_from"), pl.lit(0).alias("_order"), column)
    changed = contracts.select("_contract", "contract_no", "start").join(
        changes.filter(pl.col("field") == column), on="contract_no"
    )
    amended = changed.select(
        "_contract",
        pl.coalesce("changed", "start").alias("_from"),
        pl.col("change_no").fill_null(0) + 1,
        pl.col("value").cast(dtype),
    )
    return (
        pl.concat([stated, amended.rename({"change_no": "_order", "value": column})], how="vertical_relaxed")
        .drop_nulls()
        .sort("_from", "_order")
        .select("_contract", "_from", pl.col(column).alias("_value"))
    )


def _term(events: pl.DataFrame, contracts: pl.DataFrame, changes: pl.DataFrame, column: str, on: str) -> pl.DataFrame:
    """``_id`` → the value of ``column`` (and the contract giving it) in force on each event's date."""
    timeline = _timeline(contracts, changes, column)
    stating = contracts.filter(pl.col("_contract").is_in(timeline.get_column("_contract").implode())).select(
        "supplier", "start", "end", "contract_no", "_contract"
    )
    found = (
        events.select("_id", "supplier", pl.col(on).alias("start"))
        .drop_nulls()
        .sort("start")
        .join_asof(stating, on="start", by="supplier", strategy="backward", check_sortedness=False)
        .filter(pl.col("end").is_null() | (pl.col("end") >= pl.col("start")))
        .join_asof(
            timeline, left_on="start", right_on="_from", by="_contract", strategy="backward", check_sortedness=False
        )
        .drop_nulls("_value")
    )
    return found.select(
        "_id", pl.col("_value").alias(f"_value_{column}"), pl.col("contract_no").alias(f"_contract_{column}")
    )


def with_terms(
    events: pl.DataFrame, contracts: pl.DataFrame, changes: pl.DataFrame, config: ClaimsConfig, on: str
) -> pl.DataFrame:
    """``events`` (``supplier`` and the date column ``on``) with every term of ``TERMS``, ``contract_no`` (the contract
    that stated one, if any) and ``contract_currency`` in force on that date; ``changes`` are the contracts' term
    changes (``contract_no``, ``field``, ``changed``, ``change_no``, ``value``)."""
    running = _in_force(contracts)
    indexed = events.with_row_index("_id")
    for column in (*TERMS, "currency"):
        indexed = indexed.join(_term(indexed, running, changes, column, on), on="_id", how="left")
    values = [pl.col(f"_value_{t}").cast(pl.Float64).fill_null(float(getattr(config, t))).alias(t) for t in TERMS]
    stated = pl.coalesce(*(f"_contract_{t}" for t in TERMS)).alias("contract_no")
    scratch = [f"_{kind}_{c}" for kind in ("value", "contract") for c in (*TERMS, "currency")]
    return indexed.with_columns(*values, stated, pl.col("_value_currency").alias("contract_currency")).drop(
        "_id", *scratch
    )
