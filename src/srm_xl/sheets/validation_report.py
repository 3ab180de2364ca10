"""The Validation sheet: a summary with counts per code, then one row per issue linking to its cell.

Each job owns a part of the sheet (the ``job`` column): a job replaces its own rows and keeps the others', so what
import found stays visible after grade or validate runs. Links point only at cells of the book; a problem that
lies in an imported file names its place there in the Source column instead.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from srm_xl.io.draft import Cell, Link, SheetDraft, draft_from_spec
from srm_xl.io.styles import NOTE, TITLE
from srm_xl.issues import Issue, check_label, column_letter
from srm_xl.messages import Lang, render
from srm_xl.schema import spec

_SCHEMA = {
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "check": pl.String,
    "code": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "link": pl.String,
    "origin": pl.String,
    "job": pl.String,
}


def issues_frame(issues: list[Issue], lang: Lang, job: str = "") -> pl.DataFrame:
    """Issues as Validation-sheet rows of ``job``."""
    return pl.DataFrame(
        {
            "sheet": [i.sheet for i in issues],
            "row": [i.row for i in issues],
            "column": [i.column for i in issues],
            "value": [None if i.value is None else str(i.value) for i in issues],
            "check": [check_label(i.check, lang) for i in issues],
            "code": [i.code for i in issues],
            "severity": [i.severity for i in issues],
            "message": [i.message(lang) for i in issues],
            "link": [f"{i.sheet}!{i.cell}" if i.cell and i.row and i.col is not None else None for i in issues],
            "origin": [None if i.fields.get("origin") is None else str(i.fields["origin"]) for i in issues],
            "job": [job or None] * len(issues),
        },
        schema=_SCHEMA,
    )


def _targets(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """Each row's link text split into sheet and cell (``供应商名录!C5`` → (供应商名录, C5)); blank when none."""
    found = []
    for text in frame["link"].to_list():
        sheet, _, cell = (text or "").rpartition("!")
        found.append((sheet, cell) if sheet and cell[:1].isalpha() and cell[-1:].isdigit() else ("", ""))
    return found


def validation_draft(
    issues: list[Issue], limit: int, lang: Lang, *, job: str = "validate", kept: pl.DataFrame | None = None
) -> SheetDraft:
    """The Validation sheet listing the first ``limit`` of ``issues`` as ``job``'s part, after ``kept`` (other
    jobs' rows as the sheet holds them)."""
    sheet = spec("validation")
    frame = issues_frame(issues[:limit], lang, job)
    if kept is not None and kept.height:
        frame = pl.concat([kept.select(list(_SCHEMA)).cast(_SCHEMA), frame])  # type: ignore[arg-type]
    counts = Counter(frame["code"].to_list())
    errors = int((frame["severity"] == "error").sum())
    draft = draft_from_spec(sheet, frame, lang, start_row=4)
    draft.cells.append(Cell(1, 0, render("validation_sheet_title", lang, errors=errors, issues=frame.height), TITLE))
    per_code = "; ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
    draft.cells.append(Cell(2, 0, per_code or render("validation_sheet_clean", lang), NOTE))
    if len(issues) > limit:
        draft.cells.append(Cell(3, 0, render("validation_sheet_more", lang, limit=limit), NOTE))
    letter = column_letter(sheet.keys().index("link"))
    draft.links = [
        Link(f"{letter}{5 + n}", f"'{target}'!{cell}") for n, (target, cell) in enumerate(_targets(frame)) if cell
    ]
    return draft
