"""Customer-side jobs: classification, complaints, surveys, contracts, dashboard and report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_xl.cli.common import BookArg, TodayOpt, app, console, day, fail, group, run_on_book

surveys_app = group("surveys", "Customer satisfaction survey forms.")


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
    today: TodayOpt = None,
) -> None:
    """The monthly report as a PDF of at most four landscape pages, through LibreOffice headless."""
    from srm_xl.jobs.monthly_report import render_report

    try:
        console.print(f"→ {render_report(book, pdf, today=day(today))}")
    except Exception as error:  # noqa: BLE001 - one line and an exit code, never a traceback
        raise fail(error) from None
