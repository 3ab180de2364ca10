"""Supplier quality jobs: inspection, grading, risks, corrective actions."""

from __future__ import annotations

from typing import Annotated

import typer

from srm_xl.cli.common import BookArg, TodayOpt, app, day, group, run_on_book

config_app = group("config", "The workbook's Config sheet: scoring presets.")


@app.command()
def inspect(
    book: BookArg,
    lot: Annotated[
        str | None, typer.Option(help="Show this lot on the Sampling plan sheet (default: the latest rejected lot).")
    ] = None,
) -> None:
    """Sampling plans (GB/T 2828.1), decisions and switching rules for every lot in the inspection log."""
    from srm_xl.jobs.inspect import inspect_lots

    run_on_book(book, lambda workbook: inspect_lots(workbook, lot))


@app.command()
def grade(
    book: BookArg,
    period: Annotated[
        str | None, typer.Option(help="Period such as 2026-Q3, 2026-07 or 2026 (default: the latest complete one).")
    ] = None,
    again: Annotated[
        bool,
        typer.Option("--again", help="Recompute and rewrite even when the workbook is unchanged since the last grade."),
    ] = False,
) -> None:
    """Grade every supplier: Scorecard, history, explanation, corrective-action list and charts."""
    from srm_xl.jobs.grade import grade as job

    run_on_book(book, lambda workbook: job(workbook, period, again=again))


@config_app.command("preset")
def config_preset(
    book: BookArg,
    name: Annotated[str, typer.Argument(help="cn-assessment or erpnext-default (see README 'Scoring presets').")],
) -> None:
    """Write a scoring preset into the Config sheet as ordinary rows you can edit."""
    from srm_xl.jobs.grade_preset import apply_preset

    run_on_book(book, lambda workbook: apply_preset(workbook, name))


@app.command()
def explain(book: BookArg, supplier: Annotated[str, typer.Argument(help="The supplier code.")]) -> None:
    """One supplier's grade, metric by metric, on a sheet of its own (run grade first)."""
    from srm_xl.jobs.grade_explain import explain_grade

    run_on_book(book, lambda workbook: explain_grade(workbook, supplier))


@app.command()
def risks(
    book: BookArg,
    today: TodayOpt = None,
) -> None:
    """Scan for supplier risks, update the risk register (keeping your edits) and draw the heat map."""
    from srm_xl.jobs.risks import scan_risks

    run_on_book(book, lambda workbook: scan_risks(workbook, today=day(today)))


@app.command()
def scars(
    book: BookArg,
    today: TodayOpt = None,
) -> None:
    """Raise SCARs with 8D forms for rejected lots, C/D grades and complaints; track, escalate and reopen them."""
    from srm_xl.jobs.scars import raise_scars

    run_on_book(book, lambda workbook: raise_scars(workbook, today=day(today)))


@app.command()
def claims(
    book: BookArg,
    period: Annotated[
        str | None, typer.Option(help="Period such as 2026-Q3, 2026-07 or 2026 (default: the latest complete one).")
    ] = None,
) -> None:
    """Claims for late deliveries, rejected and concession lots and passed-on complaints; rewards and penalties; cost of poor quality."""
    from srm_xl.jobs.claims import compute_claims

    run_on_book(book, lambda workbook: compute_claims(workbook, period))
