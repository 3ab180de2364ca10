"""The one shape every detection rule returns: a row per risk found, with its subject and rating."""

from __future__ import annotations

import polars as pl

from srm_xl.risk.inputs import RiskInputs

RULE_COLUMNS = (
    "rule",
    "subject",
    "supplier",
    "part",
    "category",
    "description_zh",
    "description_en",
    "likelihood",
    "impact",
    "trigger",
)
"""What each rule returns; ``subject`` identifies what the risk is about (with ``rule``, its stable id)."""
RULE_SCHEMA: dict[str, pl.DataType] = {
    **{c: pl.String() for c in RULE_COLUMNS},
    "likelihood": pl.Int64(),
    "impact": pl.Int64(),
}
SUPPLIER = pl.col("label")
"""In a rule's description fields: the supplier as "code name"."""


def found(
    inputs: RiskInputs,
    frame: pl.DataFrame,
    rule: str,
    category: str,
    *,
    subject: pl.Expr,
    description: list[pl.Expr],
    rating: tuple[int | pl.Expr, int | pl.Expr],
    trigger: pl.Expr,
    part: pl.Expr | None = None,
) -> pl.DataFrame:
    """``frame`` (one row per risk, with ``supplier``) in the ``RULE_COLUMNS`` shape; ``SUPPLIER`` is available
    to ``description``."""
    likelihood, impact = (r if isinstance(r, pl.Expr) else pl.lit(r) for r in rating)
    named = frame.join(inputs.names(), on="supplier", how="left").with_columns(
        pl.coalesce("label", "supplier").alias("label")
    )
    return named.select(
        pl.lit(rule).alias("rule"),
        subject.cast(pl.String).alias("subject"),
        pl.col("supplier").cast(pl.String),
        (part if part is not None else pl.lit(None)).cast(pl.String).alias("part"),
        pl.lit(category).alias("category"),
        *description,
        likelihood.cast(pl.Int64).alias("likelihood"),
        impact.cast(pl.Int64).alias("impact"),
        trigger.cast(pl.String).alias("trigger"),
    )


def in_window(column: str, start: object, end: object) -> pl.Expr:
    """``start < column <= end`` (dates)."""
    return (pl.col(column) > pl.lit(start)) & (pl.col(column) <= pl.lit(end))
