"""What every command shares: the app, the console, the workbook argument, and running a job on a file.

Exit codes: 0 done, 1 done with data problems found, 2 could not run (file, permission, disk, lock, hostile input),
3 internal error. A failure prints one line; anything unexpected also writes a log file the line names. No command
ever ends in a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from srm_xl.cli.lang import localise, user_lang
from srm_xl.failures import DATA_PROBLEMS, failure_message
from srm_xl.io.file_workbook import BACKUPS, FileWorkbook, IfOpen
from srm_xl.io.job_book import WAIT, open_for_job
from srm_xl.io.lock import Holder
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang, render


class _App(typer.Typer):
    """The command line: a failure outside any job (a command that cannot load, an interrupted run) still ends in
    one line and an exit code, never a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with its help in the user's language."""
        try:
            command = typer.main.get_command(self)
            localise(command, user_lang())
            return command(*args, **kwargs)
        except SystemExit:
            raise
        except KeyboardInterrupt:
            raise SystemExit(130) from None
        except BaseException as error:  # noqa: BLE001 - the last stop before the console
            message, code = failure_message(error, user_lang(), "srm-xl")
            Console(stderr=True).print(f"[bold red]{escape(message)}[/]")
            raise SystemExit(code) from None


app = _App(
    help="Supplier and customer quality management in Excel workbooks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    epilog="Exit codes: 0 done; 1 done, with data problems found; 2 could not run (file, permission, disk, lock, "
    "workbook open elsewhere, damaged file); 3 internal error (a log file is named).",
)
console = Console()


class IfOpenChoice(StrEnum):
    refuse = "refuse"
    copy = "copy"


@dataclass
class Writing:
    """How jobs write the book, from the options before the command (``srm-xl --wait 60 grade book.xlsx``)."""

    wait: float = WAIT
    if_open: IfOpen = "refuse"
    backups: int = BACKUPS
    command: str = "srm-xl"


writing = Writing()


@app.callback()
def _options(
    context: typer.Context,
    wait: Annotated[
        float, typer.Option(min=0, envvar="SRM_XL_WAIT", help="Seconds to wait while another job has the workbook.")
    ] = WAIT,
    if_open: Annotated[
        IfOpenChoice,
        typer.Option(
            envvar="SRM_XL_IF_OPEN",
            help="While Excel, WPS or LibreOffice has the workbook open: refuse, or write the results to a copy.",
        ),
    ] = IfOpenChoice.refuse,
    backups: Annotated[
        int,
        typer.Option(
            min=0,
            envvar="SRM_XL_BACKUPS",
            help="Backups of the workbook to keep (book.backup.xlsx, book.backup-2.xlsx …).",
        ),
    ] = BACKUPS,
) -> None:
    """Supplier and customer quality management in Excel workbooks."""
    writing.wait, writing.backups = wait, backups
    writing.if_open = "copy" if if_open is IfOpenChoice.copy else "refuse"
    writing.command = f"srm-xl {context.invoked_subcommand or ''}".strip()


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


def fail(error: BaseException, lang: Lang | None = None, context: str = "srm-xl") -> typer.Exit:
    """Print one line for a failure (in the workbook's language, else the user's); the caller raises the returned
    exit (2 could not run, 3 internal error)."""
    message, code = failure_message(error, getattr(error, "lang", None) or lang or user_lang(), context)
    console.print(f"[bold red]{escape(message)}[/]")
    return typer.Exit(code)


def run_on_book(
    path: Path, job: Callable[[FileWorkbook], Report], *, fail_on_errors: bool = True, shown: Path | None = None
) -> Report:
    """Run ``job`` on ``path`` under the book's lock and print its report; exit 1 if it found data errors (unless
    the caller has more to do first: ``fail_on_errors=False``). ``shown``: the book named to the user, when the
    job ran on a stand-in (a dry run's scratch copy)."""
    name = writing.command
    lang: Lang = user_lang()

    def waiting(holder: Holder | None) -> None:
        fields = holder.fields() if holder else {}
        console.print(render("lock_waiting", lang, file=path.name, waited=round(writing.wait), **fields))

    try:
        with open_for_job(
            path, name, wait=writing.wait, if_open=writing.if_open, backups=writing.backups, on_wait=waiting
        ) as book:
            lang = book.lang
            with console.status(f"{path.name} …"):
                report = job(book)
            written = book.written_to
    except Exception as error:  # noqa: BLE001 - every failure becomes one line and an exit code
        raise fail(error, lang, name) from None
    show_report(report, lang)
    if written != path:
        console.print(render("results_in_copy", lang, file=path.name, copy=str(written)))
    console.print(f"→ {shown if shown is not None and written == path else written}")
    if fail_on_errors and not report.ok:
        raise typer.Exit(DATA_PROBLEMS)
    return report
