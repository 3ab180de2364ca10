"""Getting data in and checked: validate, import, templates, demo."""

from __future__ import annotations

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
