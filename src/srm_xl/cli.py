"""``srm-xl``: every job from a command line, for people without Excel, schedulers and tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang

app = typer.Typer(help="Supplier and customer quality management in Excel workbooks.", no_args_is_help=True, add_completion=False)
templates_app = typer.Typer(help="Workbook templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
surveys_app = typer.Typer(help="Customer satisfaction survey forms.", no_args_is_help=True)
app.add_typer(surveys_app, name="surveys")
share_app = typer.Typer(help="Workbooks exchanged with suppliers.", no_args_is_help=True)
app.add_typer(share_app, name="share")
console = Console()
BookArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The workbook (.xlsx/.xlsm).")]
ISSUES_SHOWN = 40


def show_report(report: Report, lang: Lang) -> None:
    """The summary, then the first issues as a table."""
    colour = "green" if report.ok else "red"
    console.print(f"[bold {colour}]{report.summary(lang)}[/]")
    if report.issues:
        table = RichTable(show_lines=False)
        for name in ("Sheet", "Cell", "Code", "Message"):
            table.add_column(name, overflow="fold")
        for issue in report.issues[:ISSUES_SHOWN]:
            table.add_row(issue.sheet, issue.cell, issue.code, issue.message(lang).split(": ", 1)[-1])
        console.print(table)
        if len(report.issues) > ISSUES_SHOWN:
            console.print(f"… {len(report.issues) - ISSUES_SHOWN} more")


def run_on_book(path: Path, job: Callable[[FileWorkbook], Report], *, fail_on_errors: bool = False) -> Report:
    """Open ``path``, run ``job``, print its report; a stopping problem exits 2, data errors exit 1 if asked."""
    lang: Lang = "en"
    try:
        with FileWorkbook(path) as book:
            lang = book.lang
            with console.status(f"{path.name} …"):
                report = job(book)
    except SrmError as error:
        console.print(f"[bold red]{error.message(lang)}[/]")
        raise typer.Exit(2) from None
    show_report(report, lang)
    console.print(f"→ {path}")
    if fail_on_errors and not report.ok:
        raise typer.Exit(1)
    return report


@app.command()
def validate(book: BookArg) -> None:
    """Check every sheet against the schema; list problems on a Validation sheet and highlight the cells."""
    from srm_xl.jobs.validate import validate as job

    run_on_book(book, job, fail_on_errors=True)


@app.command()
def inspect(
    book: BookArg,
    lot: Annotated[str | None, typer.Option(help="Show this lot on the Sampling plan sheet (default: the latest rejected lot).")] = None,
) -> None:
    """Sampling plans (GB/T 2828.1), decisions and switching rules for every lot in the inspection log."""
    from srm_xl.jobs.inspect import inspect_lots

    run_on_book(book, lambda workbook: inspect_lots(workbook, lot))


@app.command()
def grade(
    book: BookArg,
    period: Annotated[str | None, typer.Option(help="Period such as 2026-Q3, 2026-07 or 2026 (default: the latest complete one).")] = None,
) -> None:
    """Grade every supplier: Scorecard, history, explanation, corrective-action list and charts."""
    from srm_xl.jobs.grade import grade as job

    run_on_book(book, lambda workbook: job(workbook, period))


@app.command()
def risks(
    book: BookArg,
    today: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Run as of this date (default: today).")] = None,
) -> None:
    """Scan for supplier risks, update the risk register (keeping your edits) and draw the heat map."""
    from srm_xl.jobs.risks import scan_risks

    run_on_book(book, lambda workbook: scan_risks(workbook, today=today.date() if today else None))


@app.command()
def scars(
    book: BookArg,
    today: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Run as of this date (default: today).")] = None,
) -> None:
    """Raise SCARs with 8D forms for rejected lots, C/D grades and complaints; track, escalate and reopen them."""
    from srm_xl.jobs.scars import raise_scars

    run_on_book(book, lambda workbook: raise_scars(workbook, today=today.date() if today else None))


@app.command()
def customers(book: BookArg) -> None:
    """Classify customers (strategic / important / ordinary) with the reason for each."""
    from srm_xl.jobs.customers import classify_customers

    run_on_book(book, classify_customers)


@app.command()
def complaints(book: BookArg) -> None:
    """Complaint service levels per customer class: due dates, overdue, links to supplier corrective actions."""
    from srm_xl.jobs.customers import track_complaints

    run_on_book(book, track_complaints)


@app.command()
def satisfaction(book: BookArg) -> None:
    """Satisfaction index per customer, class and dimension, NPS, and the trend per period."""
    from srm_xl.jobs.customers import satisfaction as job

    run_on_book(book, job)


@surveys_app.command("export")
def surveys_export(
    book: BookArg,
    out: Annotated[Path, typer.Argument(help="Folder for the survey forms.")],
    customer: Annotated[list[str] | None, typer.Option(help="Only these customers (repeat the option).")] = None,
    period: Annotated[str | None, typer.Option(help="Survey period label, e.g. 2026-H2.")] = None,
) -> None:
    """One protected survey form per customer, only the answer cells editable."""
    from srm_xl.jobs.customers import export_surveys

    run_on_book(book, lambda workbook: export_surveys(workbook, out, customer or None, period=period))


@surveys_app.command("import")
def surveys_import(book: BookArg, files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Read returned survey forms: checked, validated, never as formulas."""
    from srm_xl.jobs.customers import import_surveys

    run_on_book(book, lambda workbook: import_surveys(workbook, files))


@app.command()
def contracts(book: BookArg) -> None:
    """Contract checks: expiring and expired, suppliers without a contract or quality agreement, late deliveries."""
    from srm_xl.jobs.contracts import check_contracts

    run_on_book(book, check_contracts)


@app.command()
def dashboard(book: BookArg) -> None:
    """Refresh the Dashboard sheet: key figures and native charts."""
    from srm_xl.jobs.dashboard import build_dashboard

    run_on_book(book, build_dashboard)


@app.command()
def report(
    book: BookArg,
    pdf: Annotated[Path, typer.Option(help="Where to write the PDF report.")] = Path("srm_report.pdf"),
) -> None:
    """Refresh the dashboard and render it to PDF through LibreOffice headless."""
    from srm_xl.jobs.dashboard import build_dashboard, render_pdf

    run_on_book(book, build_dashboard)
    try:
        console.print(f"→ {render_pdf(book, pdf)}")
    except SrmError as error:
        console.print(f"[bold red]{error.message('en')}[/]")
        raise typer.Exit(2) from None


@share_app.command("export")
def share_export(
    book: BookArg,
    out: Annotated[Path, typer.Option(help="Folder for the supplier packages.")] = Path("supplier_packages"),
    supplier: Annotated[list[str] | None, typer.Option(help="Only these suppliers (repeat the option).")] = None,
    period: Annotated[str | None, typer.Option(help="Scorecard period (default: the latest).")] = None,
) -> None:
    """One protected, signed workbook per supplier: its scorecard, lots and open 8D forms to answer."""
    from srm_xl.jobs.share import export_for_suppliers

    run_on_book(book, lambda workbook: export_for_suppliers(workbook, out, supplier or None, period=period))


@share_app.command("import")
def share_import(book: BookArg, files: Annotated[list[Path], typer.Argument(exists=True, help="Reply files or a folder of them.")]) -> None:
    """Check suppliers' replies for tampering and merge their answers into the corrective-action register."""
    from srm_xl.jobs.share import import_replies

    run_on_book(book, lambda workbook: import_replies(workbook, files), fail_on_errors=True)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Your workbook or CSV to import.")],
    into: Annotated[Path, typer.Option("--into", help="The srm_xl workbook to import into (created from the template if missing).")],
    sheet: Annotated[str | None, typer.Option(help="Import everything into this sheet (e.g. suppliers, inspections).")] = None,
    update: Annotated[bool, typer.Option(help="Replace rows whose key already exists instead of reporting them.")] = False,
    lang: Annotated[str, typer.Option(help="Language of a new workbook: zh or en.")] = "zh",
) -> None:
    """Import a messy workbook or CSV: header found, synonyms mapped, text dates and full-width fixed."""
    from srm_xl.jobs.importer import import_source
    from srm_xl.templates.build import build_template

    if not into.exists():
        build_template(into, "en" if lang == "en" else "zh")
    run_on_book(into, lambda book: import_source(book, source, target=sheet, update=update))


@templates_app.command("build")
def templates_build(
    out: Annotated[Path, typer.Option(help="Folder for the templates.")] = Path("workbook_templates"),
) -> None:
    """Generate the zh-CN and en workbook templates from the schema."""
    from srm_xl.templates.build import build_templates

    for path in build_templates(out):
        console.print(f"→ {path}")


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Folder for the demo workbooks.")] = Path("demo_output")) -> None:
    """Build a demo workbook from bundled sample data and run every job on it."""
    from srm_xl.demo.run import run_demo

    run_demo(out, console)
