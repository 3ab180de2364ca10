"""Which reply wins: the same reply again changes nothing; a newer reply to a package supersedes the older."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Literal

import polars as pl

from srm_xl.sharing.ledger import Response

Placement = Literal["repeat", "stale", "newer"]


def answers_digest(package_id: str, answers: list[tuple[Response, str | None]]) -> str:
    """A digest of what the reply answers (not of its bytes: saving it again gives the same digest)."""
    payload = json.dumps([package_id, [(r.sheet, r.ref, v) for r, v in answers]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def placement(history: pl.DataFrame, package_id: str, digest: str, version: datetime) -> Placement:
    """``repeat`` if this reply was imported before, ``stale`` if a newer one was merged, else ``newer``."""
    same = history.filter(pl.col("package_id") == package_id)
    if same.filter(pl.col("digest") == digest).height:
        return "repeat"
    merged = same.filter(pl.col("status") == "merged")["version"].drop_nulls()
    return "stale" if merged.len() and merged.max() > version else "newer"  # type: ignore[operator]


def record(history: pl.DataFrame, row: dict[str, object]) -> pl.DataFrame:
    """``history`` with ``row`` appended; a merged row marks earlier merged replies to its package superseded."""
    if row["status"] == "merged":
        earlier = (pl.col("package_id") == row["package_id"]) & (pl.col("status") == "merged")
        history = history.with_columns(
            pl.when(earlier).then(pl.lit("superseded")).otherwise(pl.col("status")).alias("status")
        )
    return pl.concat([history, pl.DataFrame([row], schema=history.schema)])
