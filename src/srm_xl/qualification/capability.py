"""Capability figures: a key characteristic whose Cpk is under the Config minimum is flagged."""

from __future__ import annotations

import polars as pl


def flag_cpk(capability: pl.DataFrame, minimum: float) -> pl.DataFrame:
    """``capability`` with ``below_min`` "yes" where a key characteristic's Cpk is under ``minimum``, else "no"
    (blank when there is no Cpk)."""
    low = (pl.col("key_characteristic") == "yes").fill_null(False) & (pl.col("cpk") < minimum)
    return capability.with_columns(
        pl.when(pl.col("cpk").is_null())
        .then(None)
        .when(low)
        .then(pl.lit("yes"))
        .otherwise(pl.lit("no"))
        .alias("below_min")
    )
