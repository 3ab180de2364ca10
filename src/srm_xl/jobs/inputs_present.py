"""Saying before computing that a job's input column holds nothing, so no result rests on zeros.

A sheet may have every column (the template's) and still hold no defect counts or no delivery dates: the
jobs that need them report that up front, sheet by sheet, with what it means for their results.
"""

from __future__ import annotations

import polars as pl

from srm_xl.issues import Issue
from srm_xl.messages import Lang, render
from srm_xl.schema import spec

NEEDS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "inspect": (("inspections", ("critical", "major", "minor"), "input_absent_inspect_defects"),),
    "scars": (("inspections", ("decision",), "input_absent_scars_decisions"),),
    "risks": (
        ("inspections", ("critical", "major", "minor"), "input_absent_risks_defects"),
        ("deliveries", ("delivered_date",), "input_absent_risks_dates"),
    ),
    "claims": (
        ("deliveries", ("delivered_date",), "input_absent_claims_dates"),
        ("deliveries", ("unit_price",), "input_absent_claims_prices"),
        ("inspections", ("decision", "decision_due", "disposition"), "input_absent_claims_decisions"),
        ("complaints", ("claimed_amount",), "input_absent_claims_complaints"),
    ),
}
"""Job → (sheet, columns of which at least one must hold a value, the consequence's message code). Grade says
what it cannot grade itself (``jobs.grade_checks``)."""


def absent(frame: pl.DataFrame, columns: tuple[str, ...]) -> bool:
    """Whether ``frame`` has rows and none of them fills any of ``columns``."""
    present = [c for c in columns if c in frame.columns]
    return frame.height > 0 and (
        not present or frame.select(pl.all_horizontal(pl.col(c).is_null() for c in present).all()).item()
    )


def absent_inputs(job: str, frames: dict[str, pl.DataFrame], names: dict[str, str], lang: Lang) -> list[Issue]:
    """A warning per input of ``job`` that the sheets in ``frames`` (by key; ``names`` their sheet names) leave empty."""
    issues = []
    for key, columns, consequence in NEEDS[job]:
        frame = frames.get(key)
        if frame is None or not absent(frame, columns):
            continue
        sheet = spec(key)
        headers = " / ".join(sheet.column(c).header(lang) for c in columns)
        issues.append(
            Issue(
                names.get(key, sheet.name(lang)),
                None,
                headers,
                "input_absent",
                "has_values",
                None,
                severity="warning",
                fields={"consequence": render(consequence, lang), "rows": frame.height},
            )
        )
    return issues
