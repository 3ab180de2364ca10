"""``make demo``: a workbook from the bundled sample data, every job run on it, and where the results are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from rich.console import Console

from srm_xl.config import config_rows
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.templates.build import readme_draft, template_specs

DEMO_BOOK = "srm_demo.xlsx"
MESSY_BOOK = "messy_supplier_records.xlsx"
IMPORTED_BOOK = "imported.xlsx"


def build_book(path: Path, frames: dict[str, pl.DataFrame], lang: Lang) -> Path:
    """A workbook with every template sheet, filled from ``frames`` (by sheet key) where given."""
    book = FileWorkbook.create(path, lang, title="srm_xl demo")
    book.stage(readme_draft(lang))
    for sheet in template_specs():
        if sheet.key == "config":
            book.stage(draft_from_spec(sheet, config_rows(lang), lang, editable=frozenset({"value"})))
        elif sheet.key in frames:
            book.stage(draft_from_spec(sheet, frames[sheet.key], lang))
        else:
            book.stage(draft_from_spec(sheet, pl.DataFrame(schema={c.key: pl.String for c in sheet.columns}), lang))
    book.commit()
    return path


def demo_jobs() -> list[tuple[str, Callable[[FileWorkbook], Report]]]:
    """The jobs the demo runs on its workbook, in the order a user would press the buttons."""
    from srm_xl.jobs.contracts import check_contracts
    from srm_xl.jobs.customers import classify_customers, satisfaction, track_complaints
    from srm_xl.jobs.dashboard import build_dashboard
    from srm_xl.jobs.grade import grade
    from srm_xl.jobs.inspect import inspect_lots
    from srm_xl.jobs.risks import scan_risks
    from srm_xl.jobs.scars import raise_scars
    from srm_xl.jobs.validate import validate

    return [
        ("validate", validate), ("inspect", inspect_lots), ("grade", grade), ("scars", raise_scars), ("risks", scan_risks), ("customers", classify_customers),
        ("complaints", track_complaints), ("satisfaction", satisfaction), ("contracts", check_contracts),
        ("dashboard", build_dashboard),
    ]


def run_demo(out: Path, console: Console) -> None:
    """Build the demo workbooks in ``out``, run every job, and print a line per job and where to look."""
    from srm_xl.demo.messy import write_messy_workbook
    from srm_xl.demo.sample_data import sample_frames
    from srm_xl.jobs.importer import import_source
    from srm_xl.templates.build import build_template

    out.mkdir(parents=True, exist_ok=True)
    frames = sample_frames()
    book_path = build_book(out / DEMO_BOOK, frames, "zh")
    rows = sum(f.height for f in frames.values())
    console.print(f"[bold]srm_xl demo[/]: {rows} rows of sample data → {book_path}")
    for name, job in demo_jobs():
        with FileWorkbook(book_path) as book:
            report = job(book)
        console.print(f"  [cyan]{name:>10}[/] {report.summary('en')}")
    messy = out / MESSY_BOOK
    write_messy_workbook(messy)
    imported = build_template(out / IMPORTED_BOOK, "zh")
    with FileWorkbook(imported) as book:
        report = import_source(book, messy)
    console.print(f"  [cyan]{'import':>10}[/] {report.summary('en')}")
    console.print(f"\nResults: [bold]{book_path.resolve()}[/] (open it in Excel or LibreOffice), imported messy file: {imported.resolve()}")
    console.print(f"Sheets written by the jobs: {', '.join(spec(k).name('zh') for k in ('validation', 'audit_log'))}")
