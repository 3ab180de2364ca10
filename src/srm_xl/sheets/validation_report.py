"""The Validation sheet: a summary with counts per code, then one row per issue linking to its cell."""

from __future__ import annotations

from collections import Counter

import polars as pl

from srm_xl.io.draft import Cell, Link, SheetDraft, draft_from_spec
from srm_xl.io.styles import NOTE, TITLE
from srm_xl.issues import Issue, check_label, column_letter
from srm_xl.messages import Lang
from srm_xl.schema import spec


def issues_frame(issues: list[Issue], lang: Lang) -> pl.DataFrame:
    """Issues as Validation-sheet rows."""
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
            "link": [f"{i.sheet}!{i.cell}" if i.cell else i.sheet for i in issues],
        },
        schema={"sheet": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String, "check": pl.String,
                "code": pl.String, "severity": pl.String, "message": pl.String, "link": pl.String},
    )


def validation_draft(issues: list[Issue], limit: int, lang: Lang) -> SheetDraft:
    """The Validation sheet listing the first ``limit`` of ``issues``."""
    sheet = spec("validation")
    counts = Counter(i.code for i in issues)
    errors = sum(1 for i in issues if i.severity == "error")
    listed = issues[:limit]
    draft = draft_from_spec(sheet, issues_frame(listed, lang), lang, start_row=4)
    title = f"数据校验: {errors} 个错误, 共 {len(issues)} 个问题" if lang == "zh" else f"Validation: {errors} errors, {len(issues)} issues in all"
    draft.cells.append(Cell(1, 0, title, TITLE))
    per_code = "; ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
    draft.cells.append(Cell(2, 0, per_code or ("没有发现问题" if lang == "zh" else "no problems found"), NOTE))
    if len(issues) > limit:
        more = f"仅列出前 {limit} 个" if lang == "zh" else f"only the first {limit} are listed"
        draft.cells.append(Cell(3, 0, more, NOTE))
    letter = column_letter(sheet.keys().index("link"))
    draft.links = [Link(f"{letter}{5 + n}", f"'{i.sheet}'!{i.cell}") for n, i in enumerate(listed) if i.cell and i.row and i.col is not None]
    return draft
