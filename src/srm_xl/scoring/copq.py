"""Cost of poor quality between two dates: the claims charged (waived lines excluded) plus the sorting, rework and
scrap costs recorded on the inspection log that no claim line charges back — each cost counted once.

One definition for the Cost of poor quality sheet (per supplier, part and currency) and the ``copq`` variable of
scoring formulas (per supplier, currencies added as recorded).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.schema.claims import WAIVED

_RECORDED = pl.sum_horizontal(
    pl.col("sorting_cost").fill_null(0), pl.col("rework_cost").fill_null(0), pl.col("scrap_cost").fill_null(0)
)


def copq_sums(
    claims: pl.DataFrame, inspections: pl.DataFrame, start: date, end: date, keys: tuple[str, ...], currency: str
) -> pl.DataFrame:
    """``keys`` (of ``supplier``, ``part``, ``currency``) → ``claims``, ``internal_cost`` and ``copq`` for claim lines
    whose event and lots received from ``start`` to ``end``; internal costs are in ``currency``."""
    lines = claims.filter(
        pl.col("event_date").is_between(start, end) & ~WAIVED.fill_null(False) & pl.col("supplier").is_not_null()
    )
    charged_lots = lines.filter(pl.col("rule") == "recorded_cost").get_column("source").implode()
    internal = (
        inspections.filter(
            pl.col("received").is_between(start, end)
            & pl.col("supplier").is_not_null()
            & ~pl.col("lot").is_in(charged_lots).fill_null(False)
        )
        .select("supplier", "part", pl.lit(currency).alias("currency"), _RECORDED.alias("internal_cost"))
        .filter(pl.col("internal_cost") > 0)
    )
    both = pl.concat(
        [
            lines.select(
                "supplier", "part", "currency", pl.col("amount").alias("claims"), pl.lit(0.0).alias("internal_cost")
            ),
            internal.with_columns(pl.lit(0.0).alias("claims")),
        ],
        how="diagonal_relaxed",
    )
    return (
        both.group_by(*keys)
        .agg(pl.col("claims").sum().round(2), pl.col("internal_cost").sum().round(2))
        .with_columns((pl.col("claims") + pl.col("internal_cost")).round(2).alias("copq"))
    )
