"""The Validate button: check every known sheet, list each problem on a Validation sheet, highlight the cells."""

from __future__ import annotations

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SrmError
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.report import Report
from srm_xl.schema import registry, spec
from srm_xl.sheets.validation_report import validation_draft
from srm_xl.validation.validate import validate_tables

_RESULT_KINDS = {"result", "log"}


def read_known(book: Workbook) -> tuple[list[Table], list[Issue]]:
    """Every data sheet of the registry present in ``book``, and problems that stopped a sheet being read. The
    sheets are read together; when one cannot be read, one by one, so each problem is named and nothing else is
    lost."""
    present = [s for s in registry().values() if s.kind not in _RESULT_KINDS and book.has(s)]
    try:
        return book.read_all([(sheet_spec, None) for sheet_spec in present]), []
    except SrmError:
        pass
    tables, problems = [], []
    for sheet_spec in present:
        try:
            tables.append(book.read(sheet_spec))
        except SrmError as error:
            problems.append(
                Issue(
                    book.find(sheet_spec) or sheet_spec.name(book.lang),
                    None,
                    None,
                    error.code,
                    "readable",
                    fields=error.fields,
                )
            )
    return tables, problems


def stage_validation(book: Workbook, issues: list[Issue], limit: int, job: str = "validate") -> None:
    """Stage the Validation sheet with ``issues`` as ``job``'s part; other jobs' rows are kept."""
    book.stage(validation_draft(issues, limit, book.lang, job=job, kept=_other_jobs(book, job)))


def _other_jobs(book: Workbook, job: str) -> pl.DataFrame | None:
    """The Validation rows other jobs wrote."""
    sheet = spec("validation")
    if not book.has(sheet):
        return None
    try:
        rows = book.read(sheet).frame
    except SrmError:
        return None
    return rows.filter(pl.col("job").is_not_null() & (pl.col("job") != job))


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
    report = Report.of(
        "validate",
        "report_validate",
        {"sheets": len(tables), "rows": rows, "errors": errors, "issues": len(issues)},
        rows_read=rows,
        rows_written=len(issues),
        issues=issues,
        sheets=[spec("validation").name(book.lang)],
    )
    return finish(book, report, checksum)
