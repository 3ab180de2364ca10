"""Small typed frames for SCAR tests: inspection lots, scorecard rows, complaints and register rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from srm_xl.capa.register import Triggers
from srm_xl.schema import spec
from srm_xl.schema.frames import empty_frame

TODAY = date(2026, 6, 1)


def typed(key: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """``rows`` as the spec's frame (every column, typed), as ``Workbook.read`` would give it."""
    base = empty_frame(spec(key))
    if not rows:
        return base
    given = pl.DataFrame(rows, infer_schema_length=None)
    return pl.concat([base, given], how="diagonal_relaxed").select(base.columns).cast(base.schema)


def lot(
    name: str,
    received: date,
    *,
    supplier: str = "S001",
    part: str = "P-1",
    defect: str | None = "毛刺",
    decision: str = "reject",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "lot": name,
        "supplier": supplier,
        "part": part,
        "received": received,
        "lot_size": 500,
        "sample_size": 50,
        "critical": 0,
        "major": 2,
        "minor": 1,
        "defect_type": defect,
        "decision": decision,
        **extra,
    }


def triggers(
    lots: Sequence[dict[str, Any]] = (),
    grades: Sequence[dict[str, Any]] = (),
    complaints: Sequence[dict[str, Any]] = (),
) -> Triggers:
    return Triggers(
        typed("inspections", list(lots)), typed("scorecard", list(grades)), typed("complaints", list(complaints))
    )
