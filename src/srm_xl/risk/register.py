"""Merging what the scan found into the register the user keeps.

A rule risk's id is stable (rule + subject), so a re-run finds the row it wrote before and refreshes only what
the scan owns — supplier, part, category, description, trigger, last seen, its own rating (``scan_rating``:
likelihood × impact) and the likelihood and impact themselves while they still hold the rating it gave them; a
likelihood or impact the user changed is kept (the score and level follow it), and counted. Owner, controls,
plan, due date, residual ratings, notes and any column the user added are never touched; the
status only where the scan set it (a new risk opens, a cleared one is resolved with the date, a risk the scan
had resolved reopens when its condition comes back). Manual risks, and risks of rules that did not run, keep
everything the user typed; only their computed score and level follow the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.config.risk import RULES
from srm_xl.messages import Lang
from srm_xl.risk.matrix import level_expr, score_expr
from srm_xl.schema.frames import POLARS_TYPES, ROW
from srm_xl.schema.risk import RISKS

SCAN_FIELDS = (
    "supplier",
    "part",
    "category",
    "description",
    "score",
    "level",
    "trigger",
    "source",
)
"""Register columns the scan owns on its own rows (its likelihood and impact too, while the user leaves them)."""
RATED = ("likelihood", "impact")
_COMPARED = ("supplier", "part", "category", "description", *RATED, "level", "trigger")
_BY = "×"
"""Between likelihood and impact in ``scan_rating``."""


@dataclass(frozen=True)
class MergeResult:
    """The register after the scan (spec columns, then the user's own columns) and what changed."""

    register: pl.DataFrame
    new: int
    updated: int
    resolved: int
    reopened: int
    kept: int = 0
    """Risks the scan rates otherwise whose likelihood or impact the user set, kept."""


def _typed(existing: pl.DataFrame | None) -> pl.DataFrame:
    """The register as read, with every spec column present and typed, ``_row`` dropped."""
    frame = pl.DataFrame() if existing is None else existing.drop(ROW, strict=False)
    types = {c.key: POLARS_TYPES[c.dtype] for c in RISKS.columns}
    present = [
        pl.col(k).cast(t, strict=False) if k in frame.columns else pl.lit(None, t).alias(k) for k, t in types.items()
    ]
    extras = [c for c in frame.columns if c not in types]
    return frame.select(*present, *extras) if frame.width else pl.DataFrame(schema=types)


def _scan_rows(detected: pl.DataFrame, lang: Lang, schema: pl.Schema) -> pl.DataFrame:
    """The detected risks as register columns (description in ``lang``), typed like the register."""
    renamed = {"description": pl.col(f"description_{lang}"), "source": pl.col("rule")}
    rating = pl.concat_str([pl.col("likelihood").cast(pl.String), pl.col("impact").cast(pl.String)], separator=_BY)
    rows = detected.select(
        "risk_id", *(renamed.get(f, pl.col(f)).alias(f) for f in (*SCAN_FIELDS, *RATED)), rating.alias("scan_rating")
    )
    return rows.cast({name: schema[name] for name in rows.columns})


def merge_register(
    existing: pl.DataFrame | None,
    detected: pl.DataFrame,
    rules_run: tuple[str, ...],
    today: date,
    levels: tuple[tuple[str, ...], ...],
    lang: Lang,
) -> MergeResult:
    """``existing`` register rows (as read, or None) merged with ``detect_risks`` output, as the module doc says."""
    register = _typed(existing).with_row_index("_order")
    scan = _scan_rows(detected, lang, register.schema)
    joined = register.join(scan, on="risk_id", how="left", suffix="_scan", coalesce=True)
    ours = pl.col("source").is_in(RULES).fill_null(False)
    seen = ours & pl.col("source_scan").is_not_null()
    cleared = (
        ours
        & pl.col("source").is_in(rules_run)
        & pl.col("source_scan").is_null()
        & (pl.col("status") != "resolved").fill_null(True)
    )
    reopen = seen & (pl.col("status") == "resolved") & pl.col("resolved").is_not_null()
    given = pl.concat_str([pl.col(f).cast(pl.String) for f in RATED], separator=_BY)
    users = seen & pl.col("scan_rating").is_not_null() & given.ne_missing(pl.col("scan_rating"))
    takes = {f: pl.when(users).then(pl.col(f)).otherwise(pl.col(f"{f}_scan")) for f in (*RATED, "level")}
    after = {f: takes.get(f, pl.col(f"{f}_scan")) for f in _COMPARED}  # the level follows the rating kept
    changed = seen & (pl.any_horizontal(pl.col(f).ne_missing(after[f]) for f in _COMPARED) | reopen)
    kept = users & given.ne_missing(pl.col("scan_rating_scan"))
    flags = joined.select(
        seen.alias("seen"),
        cleared.alias("cleared"),
        reopen.alias("reopen"),
        changed.alias("changed"),
        kept.alias("kept"),
    )
    today_lit = pl.lit(today, pl.Date)
    merged = (
        joined.with_columns(
            *(pl.when(seen).then(pl.col(f"{f}_scan")).otherwise(pl.col(f)).alias(f) for f in SCAN_FIELDS),
            *(pl.when(seen).then(takes[f]).otherwise(pl.col(f)).alias(f) for f in RATED),
            pl.when(seen).then(pl.col("scan_rating_scan")).otherwise(pl.col("scan_rating")).alias("scan_rating"),
            pl.when(seen).then(today_lit).otherwise(pl.col("last_seen")).alias("last_seen"),
            pl.when(seen)
            .then(pl.coalesce("first_seen", today_lit))
            .otherwise(pl.col("first_seen"))
            .alias("first_seen"),
            pl.when(reopen)
            .then(pl.lit("open"))
            .when(seen)
            .then(pl.col("status").fill_null("open"))
            .when(cleared)
            .then(pl.lit("resolved"))
            .otherwise(pl.col("status"))
            .alias("status"),
            pl.when(reopen)
            .then(pl.lit(None, pl.Date))
            .when(cleared)
            .then(today_lit)
            .otherwise(pl.col("resolved"))
            .alias("resolved"),
        )
        .sort("_order")
        .select(register.columns)
        .drop("_order")
    )
    fresh = scan.join(register.select("risk_id"), on="risk_id", how="anti").with_columns(
        pl.lit("open").alias("status"), today_lit.alias("first_seen"), today_lit.alias("last_seen")
    )
    combined = pl.concat([merged, fresh], how="diagonal_relaxed")
    likelihood, impact = pl.col("likelihood"), pl.col("impact")
    combined = combined.with_columns(
        pl.coalesce(score_expr(likelihood, impact), pl.col("score")).alias("score"),
        pl.coalesce(level_expr(likelihood, impact, levels), pl.col("level")).alias("level"),
    )
    return MergeResult(
        combined,
        fresh.height,
        int(flags["changed"].sum()),
        int(flags["cleared"].sum()),
        int(flags["reopen"].sum()),
        int(flags["kept"].sum()),
    )
