"""Getting data in and checked: validate, import, templates, demo."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from srm_xl.cli.common import BookArg, app, console, group, run_on_book

templates_app = group("templates", "Workbook templates.")


@app.command()
def validate(book: BookArg) -> None:
    """Check every sheet against the schema; list problems on a Validation sheet and highlight the cells."""
    from srm_xl.jobs.validate import validate as job

    run_on_book(book, job, fail_on_errors=True)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Your workbook or CSV to import.")],
    into: Annotated[
        Path, typer.Option("--into", help="The srm_xl workbook to import into (created from the template if missing).")
    ],
    sheet: Annotated[
        str | None, typer.Option(help="Import everything into this sheet (e.g. suppliers, inspections).")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='Your header = a field, e.g. --map "不良数=major"; for one sheet only: --map "客户投诉!客户编号=customer"; '
            "remembered in the Column map sheet.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the column map, unknown words and row counts; change nothing.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Language of a new workbook: zh or en (by default your file's: Chinese sheet names or headers → zh)."
        ),
    ] = None,
) -> None:
    """Import your workbook or CSV as you keep it: headers and words mapped, names resolved to codes, rows
    upserted by key (re-importing changes nothing). Exits 1 when rows were set aside, words were not understood
    or cells could not be read."""
    from srm_xl.io.package import file_checksum
    from srm_xl.jobs.import_read import source_language
    from srm_xl.jobs.importer import import_candidates, import_source
    from srm_xl.templates.build import build_template

    with tempfile.TemporaryDirectory() as scratch:
        created, asked = None, into
        if not into.exists():
            lang = lang or source_language(source, import_candidates(sheet))
            into = build_template(Path(scratch) / into.name if dry_run else into, "en" if lang == "en" else "zh")
            created = file_checksum(into)
        try:
            report = run_on_book(
                into,
                lambda book: import_source(book, source, target=sheet, mapping=mapping or [], dry_run=dry_run),
                shown=asked,
            )
        except typer.Exit:
            if created is not None and into.exists() and file_checksum(into) == created:
                into.unlink()  # an import that failed leaves no empty workbook it made behind
            raise
    if not report.ok or report.counts.get("set_aside") or report.counts.get("unmapped"):
        raise typer.Exit(1)


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
