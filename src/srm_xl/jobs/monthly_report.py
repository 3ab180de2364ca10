"""The monthly report as a PDF: the report sheets built into a workbook of their own and printed by LibreOffice.

The user's workbook is only read; the report shows the figures the Dashboard shows, laid out for paper.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from srm_xl.dashboard import figures as fig
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.pdf import convert_to_pdf
from srm_xl.jobs.dashboard import read_content
from srm_xl.sheets.monthly_report import ReportContent, report_drafts, report_names


def write_report_book(book_path: Path | str, folder: Path, *, today: date | None = None) -> Path:
    """A new workbook in ``folder`` holding ``book_path``'s monthly report as of ``today`` (and its chart data)."""
    today = today or date.today()
    with FileWorkbook(book_path) as book:
        content = read_content(book, today)
        lang = book.lang
    actions = content.frames.get("corrective_actions")
    overdue, total = fig.overdue_actions(actions, today, lang) if actions is not None else (pl.DataFrame(), 0)
    blocks = {b.key: b for b in content.blocks}
    report, data = report_drafts(
        ReportContent(content.figures, blocks, overdue, total, today, content.config.general.company, content.sources),
        lang,
    )
    path = Path(folder) / f"{report_names(lang)[0]}.xlsx"
    written = FileWorkbook.create(
        path, lang, title=report.name, paper=content.config.general.paper, print_date=today
    )  # the report's day in the footer, year first, whatever locale renders it
    written.stage(report)
    written.stage(data)
    written.commit()
    return path


def render_report(book_path: Path | str, out_pdf: Path | str, *, today: date | None = None) -> Path:
    """``book_path``'s monthly report as of ``today`` written to ``out_pdf`` (an error says so when LibreOffice
    is missing or fails)."""
    with tempfile.TemporaryDirectory(prefix="srm_xl_report_") as scratch:
        return convert_to_pdf(write_report_book(book_path, Path(scratch), today=today), Path(out_pdf))
