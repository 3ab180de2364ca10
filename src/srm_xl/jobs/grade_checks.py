"""What the Grade job checks and says before it computes: ratings inside their declared scale (else it stops,
naming the cell), input columns blank in a whole sheet (the figures they feed are not graded, never taken as
zero) and parts bought without a target price (left out of the price comparison, never guessed)."""

from __future__ import annotations

import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.errors import SrmError
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue, column_letter
from srm_xl.schema import spec
from srm_xl.scoring import Period, ScoringInputs
from srm_xl.scoring.metrics import absent_sources, price_parts

RATED = ("service_rating", "cooperation")
SHOWN_PARTS = 5
"""How many parts without a target price the note names (the count covers all of them)."""


def check_rating_scale(book: Workbook, config: ScoringConfig) -> None:
    """Stop with the first Manual-ratings cell outside 0 … ``rating_scale``."""
    sheet = spec("manual_ratings")
    if not book.has(sheet):
        return
    table = book.read(sheet, columns=("period", "supplier", *RATED))
    for key in RATED:
        if key not in table.columns:
            continue
        values = table.frame.select("_row", pl.col(key).cast(pl.Float64, strict=False).alias("v"))
        outside = values.filter((pl.col("v") < 0) | (pl.col("v") > config.rating_scale))
        if outside.height:
            row, value = outside.row(0)
            raise SrmError(
                "scoring_rating_scale",
                sheet=table.sheet,
                cell=f"{column_letter(table.columns[key])}{row}",
                column=table.headers[key],
                value=f"{value:g}",
                scale=f"{config.rating_scale:g}",
                count=outside.height,
            )


def input_notes(book: Workbook, inputs: ScoringInputs, period: Period) -> list[Issue]:
    """Warnings for input columns blank in a whole sheet and for parts bought without a target price."""
    lang = book.lang
    notes = []
    for sheet_key, columns in absent_sources(inputs):
        sheet = spec(sheet_key)
        headers = " / ".join(sheet.column(c).header(lang) for c in columns.split("|"))
        notes.append(
            Issue(
                book.find(sheet) or sheet.name(lang),
                None,
                headers,
                "scoring_absent_column",
                severity="warning",
                fields={"headers": headers},
            )
        )
    parts = price_parts(inputs, period).filter(pl.col("target_price").is_null())
    if parts.height:
        named = ", ".join(f"{s} {p}" for s, p in parts.select("supplier", "part").head(SHOWN_PARTS).iter_rows())
        sheet = spec("parts")
        notes.append(
            Issue(
                book.find(sheet) or sheet.name(lang),
                None,
                sheet.column("target_price").header(lang),
                "scoring_no_target_price",
                severity="warning",
                fields={"count": parts.height, "parts": named + (" …" if parts.height > SHOWN_PARTS else "")},
            )
        )
    return notes
