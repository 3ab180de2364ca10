"""The standard audit checklist (``checklist.toml``): questions by dimension and audit type, added for audits that
have no checklist rows yet, numbered 1, 2, … in the order of the file."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import polars as pl

from srm_xl.messages import Lang


@cache
def question_bank() -> pl.DataFrame:
    """Every standard question: ``dimension``, ``types`` (list), ``points``, ``zh``, ``en``."""
    text = resources.files(__package__).joinpath("checklist.toml").read_text(encoding="utf-8")
    return pl.DataFrame(tomllib.loads(text)["question"]).with_columns(pl.col("points").cast(pl.Float64))


def standard_rows(audits: pl.DataFrame, checklist: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """Checklist rows (``audit_id``, ``question_no``, ``dimension``, ``question``, ``max_points``) for every audit with
    a type and no rows on the checklist yet."""
    empty = audits.drop_nulls(["audit_id", "audit_type"]).join(checklist.select("audit_id"), on="audit_id", how="anti")
    bank = question_bank().explode("types").rename({"types": "audit_type"})
    rows = (
        empty.select("audit_id", "audit_type")
        .unique(maintain_order=True)
        .join(bank, on="audit_type", how="inner", maintain_order="left")
    )
    return rows.select(
        "audit_id",
        (pl.int_range(pl.len()).over("audit_id") + 1).cast(pl.String).alias("question_no"),
        "dimension",
        pl.col(lang).alias("question"),
        pl.col("points").alias("max_points"),
    )
