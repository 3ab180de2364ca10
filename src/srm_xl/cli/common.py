"""What every command shares: the app, the console, the workbook argument, and running a job on a file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.cli.lang import user_lang
from srm_xl.messages import Lang, render

app = typer.Typer(help="Supplier and customer quality management in Excel workbooks.", no_args_is_help=True, add_completion=False)
console = Console()
BookArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The workbook (.xlsx/.xlsm).")]
TodayOpt = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Run as of this date (default: today).")]
ISSUES_SHOWN = 40


def group(name: str, help_text: str) -> typer.Typer:
    """A command group such as ``srm-xl share …``."""
    sub = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(sub, name=name)
    return sub


def day(value: datetime | None) -> date | None:
    return value.date() if value else None


def show_report(report: Report, lang: Lang) -> None:
    """The summary, then the first issues as a table."""
    colour = "green" if report.ok else "red"
    console.print(f"[bold {colour}]{report.summary(lang)}[/]")
    if report.issues:
        table = RichTable(show_lines=False)
        for code in ("console_sheet", "console_cell", "console_code", "console_message"):
            table.add_column(render(code, lang), overflow="fold")
        for issue in report.issues[:ISSUES_SHOWN]:
            table.add_row(issue.sheet, issue.cell, issue.code, issue.message(lang).split(": ", 1)[-1])
        console.print(table)
        if len(report.issues) > ISSUES_SHOWN:
            console.print(render("console_more", lang, count=len(report.issues) - ISSUES_SHOWN))


def fail(error: SrmError, lang: Lang | None = None) -> typer.Exit:
    """Print a stopping problem (in the workbook's language, else the user's); the caller raises the returned
    exit (code 2)."""
    console.print(f"[bold red]{error.message(lang or user_lang())}[/]")
    return typer.Exit(2)


def run_on_book(path: Path, job: Callable[[FileWorkbook], Report], *, fail_on_errors: bool = False) -> Report:
    """Open ``path``, run ``job``, print its report; a stopping problem exits 2, data errors exit 1 if asked."""
    lang: Lang = user_lang()
    try:
        with FileWorkbook(path) as book:
            lang = book.lang
            with console.status(f"{path.name} …"):
                report = job(book)
    except SrmError as error:
        raise fail(error, lang) from None
    show_report(report, lang)
    console.print(f"→ {path}")
    if fail_on_errors and not report.ok:
        raise typer.Exit(1)
    return report
