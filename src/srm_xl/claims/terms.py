"""Penalty terms in force for each event: the supplier's contract's own terms where it states them, else the Config's.

For each term separately, the contract is the supplier's latest one started on or before the event's date, still
running on it (no end, or an end on or after it), not a draft and not terminated, that fills that term.
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
        .sort("start")
    )


def _term(events: pl.DataFrame, contracts: pl.DataFrame, column: str, on: str) -> pl.DataFrame:
    """``_id`` → the value of ``column`` (and the contract giving it) from the contract covering each event's date."""
    stating = contracts.filter(pl.col(column).is_not_null()).select("supplier", "start", "end", "contract_no", column)
    found = (
        events.select("_id", "supplier", pl.col(on).alias("start"))
        .drop_nulls()
        .sort("start")
        .join_asof(stating, on="start", by="supplier", strategy="backward", check_sortedness=False)
        .filter(pl.col("end").is_null() | (pl.col("end") >= pl.col("start")))
    )
    return found.select(
        "_id", pl.col(column).alias(f"_value_{column}"), pl.col("contract_no").alias(f"_contract_{column}")
    )


def with_terms(events: pl.DataFrame, contracts: pl.DataFrame, config: ClaimsConfig, on: str) -> pl.DataFrame:
    """``events`` (``supplier`` and the date column ``on``) with every term of ``TERMS``, ``contract_no`` (the contract
    that stated one, if any) and ``contract_currency`` in force on that date."""
    running = _in_force(contracts)
    indexed = events.with_row_index("_id")
    for column in (*TERMS, "currency"):
        indexed = indexed.join(_term(indexed, running, column, on), on="_id", how="left")
    values = [pl.col(f"_value_{t}").cast(pl.Float64).fill_null(float(getattr(config, t))).alias(t) for t in TERMS]
    stated = pl.coalesce(*(f"_contract_{t}" for t in TERMS)).alias("contract_no")
    scratch = [f"_{kind}_{c}" for kind in ("value", "contract") for c in (*TERMS, "currency")]
    return indexed.with_columns(*values, stated, pl.col("_value_currency").alias("contract_currency")).drop(
        "_id", *scratch
    )
