"""The Audit log sheet: one row appended per job run (time, user, job, input checksum, rows, result)."""

from __future__ import annotations

import contextlib
import getpass
from datetime import datetime

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import ConfigError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.workbook import Workbook, read_optional
from srm_xl.jobs.report import Report
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def stage_audit(book: Workbook, report: Report, checksum: str, *, extra: pl.DataFrame | None = None) -> None:
    """Stage the Audit log with this job's row (and ``extra`` rows, e.g. one per merged change) appended."""
    sheet = spec("audit_log")
    previous = read_optional(book, sheet).frame.drop(ROW)
    previous = previous.select(sheet.keys())
    row = pl.DataFrame(
        {
            "time": [datetime.now().replace(microsecond=0)],
            "user": [_user()],
            "job": [report.job],
            "checksum": [checksum],
            "rows_read": [report.rows_read],
            "rows_written": [report.rows_written],
            "result": [report.summary(book.lang)],
        }
    ).cast(previous.schema)
    rows = [previous, row] + ([extra.select(sheet.keys()).cast(previous.schema)] if extra is not None else [])
    book.stage(draft_from_spec(sheet, pl.concat(rows), book.lang))


def finish(book: Workbook, report: Report, checksum: str) -> Report:
    """Append the audit row and write everything the job staged in one commit, on the Config sheet's paper."""
    stage_audit(book, report, checksum)
    with contextlib.suppress(ConfigError):  # the Validate job lists the Config sheet's problems; default paper then
        book.paper = read_config(book).general.paper
    book.commit()
    return report
