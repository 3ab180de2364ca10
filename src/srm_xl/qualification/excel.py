"""The plain function behind ``SRM_APPROVED(supplier, part)``: may this part be bought from this supplier, and if
not (or only with a limit), why."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from srm_xl.messages import Lang, render
from srm_xl.qualification.text import say


def srm_approved(
    suppliers: Sequence[object], parts: Sequence[object], asl_frame: pl.DataFrame, lang: Lang = "en"
) -> list[list[object]]:
    """``[allowed, reason]`` per (supplier, part) pair, read from the approved list (status as keys).

    Released: ``[True, ""]``; conditional: ``[True, "conditional, limited to …; <reasons>"]``; blocked: ``[False,
    <reasons>]``; a pair not on the list: ``[False, "not on the approved list"]``.
    """
    asks = pl.DataFrame(
        {
            "supplier": [None if s is None else str(s).strip() for s in suppliers],
            "part": [None if p is None else str(p).strip() for p in parts],
        },
        schema={"supplier": pl.String, "part": pl.String},
    )
    listed = asl_frame.select(
        pl.col("supplier").cast(pl.String), pl.col("part").cast(pl.String), "status", "quantity_limit", "reason"
    )
    joined = (
        asks.with_row_index("_at")
        .join(listed.unique(["supplier", "part"], keep="first"), on=["supplier", "part"], how="left")
        .sort("_at")
    )
    limit = say("qualification_conditional_limit", lang, limit=pl.col("quantity_limit").round(0).cast(pl.Int64))
    reason = (
        pl.when(pl.col("status").is_null())
        .then(pl.lit(render("qualification_not_approved", lang)))
        .when(pl.col("status") == "released")
        .then(pl.lit(""))
        .when(pl.col("status") == "conditional")
        .then(pl.concat_str([limit, pl.col("reason")], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("reason").fill_null(""))
    )
    out = joined.select(
        pl.col("status").is_in(("released", "conditional")).fill_null(False).alias("allowed"), reason.alias("reason")
    )
    return [[allowed, text] for allowed, text in out.iter_rows()]
