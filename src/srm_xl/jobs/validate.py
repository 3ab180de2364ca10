"""The Validate button: check every known sheet, list each problem on a Validation sheet, highlight the cells."""

from __future__ import annotations

from collections import Counter

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SrmError
from srm_xl.io.draft import Cell, Link, draft_from_spec
from srm_xl.io.styles import NOTE, TITLE
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.schema import registry, spec
from srm_xl.validation.issue import Issue, column_letter
from srm_xl.validation.validate import validate_tables

_RESULT_KINDS = {"result", "log"}


def read_known(book: Workbook) -> tuple[list[Table], list[Issue]]:
    """Every data sheet of the registry present in ``book``, and problems that stopped a sheet being read."""
    tables, problems = [], []
    for sheet_spec in registry().values():
        if sheet_spec.kind in _RESULT_KINDS or not book.has(sheet_spec):
            continue
        try:
            tables.append(book.read(sheet_spec))
        except SrmError as error:
            problems.append(Issue(book.find(sheet_spec) or sheet_spec.name(book.lang), None, None, error.code, "readable", fields=error.fields))
    return tables, problems


def issues_frame(issues: list[Issue], lang: Lang, job: str = "") -> pl.DataFrame:
    """Issues as Validation-sheet rows."""
    return pl.DataFrame(
        {
            "sheet": [i.sheet for i in issues],
            "row": [i.row for i in issues],
            "column": [i.column for i in issues],
            "value": [None if i.value is None else str(i.value) for i in issues],
            "check": [i.check for i in issues],
            "code": [i.code for i in issues],
            "severity": [i.severity for i in issues],
            "message": [i.message(lang) for i in issues],
            "link": [f"{i.sheet}!{i.cell}" if i.cell else i.sheet for i in issues],
            "origin": [None if i.fields.get("origin") is None else str(i.fields["origin"]) for i in issues],
            "job": [job or None] * len(issues),
        },
        schema={"sheet": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String, "check": pl.String,
                "code": pl.String, "severity": pl.String, "message": pl.String, "link": pl.String, "origin": pl.String, "job": pl.String},
    )


def _other_jobs(book: Workbook, job: str) -> pl.DataFrame | None:
    """The Validation rows other jobs wrote, kept when ``job`` replaces its own part."""
    sheet = spec("validation")
    if not book.has(sheet):
        return None
    try:
        rows = book.read(sheet).frame
    except SrmError:
        return None
    return rows.filter(pl.col("job").is_not_null() & (pl.col("job") != job)).select(sheet.keys())


def stage_validation(book: Workbook, issues: list[Issue], limit: int, job: str = "validate") -> None:
    """The Validation sheet: a summary with counts per code, then one row per issue linking to its cell.

    Each job replaces only its own rows: what import found stays visible after grade or validate runs."""
    lang = book.lang
    sheet = spec("validation")
    listed = issues[:limit]
    kept = _other_jobs(book, job)
    frame = issues_frame(listed, lang, job)
    if kept is not None and kept.height:
        frame = pl.concat([kept.cast(frame.schema), frame])
    counts = Counter(frame["code"].to_list())
    errors = int((frame["severity"] == "error").sum())
    draft = draft_from_spec(sheet, frame, lang, start_row=4)
    title = f"数据校验: {errors} 个错误, 共 {frame.height} 个问题" if lang == "zh" else f"Validation: {errors} errors, {frame.height} issues in all"
    draft.cells.append(Cell(1, 0, title, TITLE))
    per_code = "; ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
    draft.cells.append(Cell(2, 0, per_code or ("没有发现问题" if lang == "zh" else "no problems found"), NOTE))
    if len(issues) > limit:
        more = f"仅列出前 {limit} 个" if lang == "zh" else f"only the first {limit} are listed"
        draft.cells.append(Cell(3, 0, more, NOTE))
    letter = column_letter(sheet.keys().index("link"))
    draft.links = [Link(f"{letter}{5 + n}", f"'{target}'!{cell}") for n, (target, cell) in enumerate(_targets(frame)) if cell]
    book.stage(draft)


def _targets(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """Each row's link text split into sheet and cell (``供应商名录!C5`` → (供应商名录, C5)); no cell when the
    problem is a whole sheet, column or row, or lies in the source file rather than the book."""
    found = []
    for text in frame["link"].to_list():
        sheet, _, cell = (text or "").rpartition("!")
        found.append((sheet, cell) if sheet and cell[:1].isalpha() and cell[-1:].isdigit() else ("", ""))
    return found


def validate(book: Workbook) -> Report:
    """Check every rule of every known sheet in one pass; write the Validation sheet and highlight cells."""
    checksum = book.checksum()
    config = read_config(book)
    tables, problems = read_known(book)
    issues = problems + validate_tables(tables)
    stage_validation(book, issues, config.general.max_report_rows)
    cells: dict[str, list[str]] = {t.sheet: [] for t in tables}
    for issue in issues:
        if issue.severity == "error" and issue.row and issue.col is not None and issue.sheet in cells:
            cells[issue.sheet].append(issue.cell)
    for sheet, marked in cells.items():
        book.mark(sheet, marked)
    errors = sum(1 for i in issues if i.severity == "error")
    rows = sum(t.frame.height for t in tables)
    report = Report(
        "validate",
        f"校验了 {len(tables)} 个工作表 {rows} 行: {errors} 个错误, 共 {len(issues)} 个问题",
        f"checked {rows} rows in {len(tables)} sheets: {errors} errors, {len(issues)} issues in all",
        rows_read=rows, rows_written=len(issues), issues=issues, sheets=[spec("validation").name(book.lang)],
    )
    return finish(book, report, checksum)
