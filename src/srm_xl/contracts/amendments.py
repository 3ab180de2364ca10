"""Contract terms as amended: the latest change of each term overrides the register row, which is never rewritten;
terms that apply by date (the penalty terms of claims) are read from their changes by :func:`term_changes` instead."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from srm_xl.issues import Issue
from srm_xl.schema import spec
from srm_xl.schema.convert import convert_column
from srm_xl.schema.frames import POLARS_TYPES, ROW

TERM_CHANGE_SCHEMA = {
    "contract_no": pl.String,
    "field": pl.String,
    "changed": pl.Date,
    "change_no": pl.Int64,
    "value": pl.Float64,
}


def term_changes(changes: pl.DataFrame | None, terms: Collection[str]) -> pl.DataFrame:
    """The changes of the number ``terms``, each new value read as its term's number (a value that is not valid is
    left out: :func:`effective_contracts` reports it)."""
    if changes is None or changes.is_empty():
        return pl.DataFrame(schema=TERM_CHANGE_SCHEMA)
    register = spec("contracts")
    rows = changes.filter(pl.col("field").is_in(list(terms)) & pl.col("contract_no").is_not_null())
    read = [
        part.select(
            "contract_no",
            "field",
            "changed",
            "change_no",
            convert_column(part["new_value"], register.column(str(term)))[0].alias("value"),
        )
        for (term,), part in rows.partition_by("field", as_dict=True).items()
    ]
    return pl.concat([pl.DataFrame(schema=TERM_CHANGE_SCHEMA), *read], how="vertical_relaxed").drop_nulls("value")


def effective_contracts(
    contracts: pl.DataFrame, changes: pl.DataFrame | None, sheet: str = "", *, dated: Collection[str] = ()
) -> tuple[pl.DataFrame, list[Issue]]:
    """``contracts`` with each amended term replaced by its latest change (by date, then change number), plus
    ``amendments`` (how many changes apply). Terms in ``dated`` keep the register's value (their changes apply from
    their own dates, see :func:`term_changes`). A new value that is not valid for its term is ignored with an issue."""
    if changes is None or changes.is_empty():
        return contracts.with_columns(amendments=pl.lit(0, dtype=pl.UInt32)), []
    register = spec("contracts")
    new_value = spec("contract_changes").column("new_value").en
    if ROW not in changes.columns:
        changes = changes.with_columns(pl.lit(None, dtype=pl.Int64).alias(ROW))
    latest = (
        changes.filter(pl.col("field").is_not_null() & pl.col("contract_no").is_not_null())
        .sort("changed", "change_no", nulls_last=False)
        .group_by("contract_no", "field")
        .agg(pl.col("new_value").last(), pl.col(ROW).last())
    )
    counts = changes.group_by("contract_no").agg(pl.len().alias("amendments"))
    issues: list[Issue] = []
    result = contracts.join(counts, on="contract_no", how="left").with_columns(pl.col("amendments").fill_null(0))
    for term in latest["field"].unique().sort():
        rows = latest.filter(pl.col("field") == term)
        column = register.column(term)
        value, failure = convert_column(rows["new_value"], column)
        if failure is not None:
            bad = rows.filter(failure.mask)
            issues += [
                Issue(
                    sheet,
                    row,
                    new_value,
                    "contract_change_bad_value",
                    "valid_value",
                    text,
                    severity="warning",
                    fields={"term": column.en, "term_zh": column.zh},
                )
                for text, row in bad.select("new_value", ROW).iter_rows()
            ]
        if term in dated:
            continue
        if term not in result.columns:
            result = result.with_columns(pl.lit(None, dtype=POLARS_TYPES[column.dtype]).alias(term))
        update = rows.select("contract_no", value.cast(result.schema[term]).alias(f"_{term}")).drop_nulls(f"_{term}")
        result = (
            result.join(update, on="contract_no", how="left")
            .with_columns(pl.coalesce(f"_{term}", term).alias(term))
            .drop(f"_{term}")
        )
    return result, issues
