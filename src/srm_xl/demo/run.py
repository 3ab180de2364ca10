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
PACKAGES = "supplier_packages"
SHARED_SUPPLIERS = 10
"""How many C/D suppliers the demo sends a package to."""


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
    from srm_xl.jobs.claims import compute_claims
    from srm_xl.jobs.contracts import check_contracts
    from srm_xl.jobs.customers import classify_customers, satisfaction, track_complaints
    from srm_xl.jobs.dashboard import build_dashboard
    from srm_xl.jobs.grade import grade
    from srm_xl.jobs.inspect import inspect_lots
    from srm_xl.jobs.qualification import rank_candidates
    from srm_xl.jobs.qualification_asl import reevaluation_due, update_approved_list
    from srm_xl.jobs.qualification_audit import score_audits
    from srm_xl.jobs.risks import scan_risks
    from srm_xl.jobs.scars import raise_scars
    from srm_xl.jobs.validate import validate

    return [
        ("validate", validate),
        ("inspect", inspect_lots),
        ("candidates", rank_candidates),
        ("audits", score_audits),
        ("grade", grade),
        ("claims", compute_claims),
        ("scars", raise_scars),
        ("approved", update_approved_list),
        ("reevaluate", reevaluation_due),
        ("risks", scan_risks),
        ("customers", classify_customers),
        ("complaints", track_complaints),
        ("satisfaction", satisfaction),
        ("contracts", check_contracts),
        ("dashboard", build_dashboard),
    ]


def share_with_suppliers(book_path: Path, out: Path) -> list[tuple[str, Report]]:
    """Packages for the suppliers graded C or D, one of them answered by its supplier and imported back."""
    from srm_xl.demo.reply import fill_reply
    from srm_xl.jobs.share import export_for_suppliers, import_replies

    with FileWorkbook(book_path) as book:
        card = book.read(spec("scorecard")).frame
        codes = card.filter(pl.col("grade").is_in(["C", "D"]))["supplier"].head(SHARED_SUPPLIERS).to_list()
        exported = export_for_suppliers(book, out, codes)
    packages = sorted(out.glob("*.xlsx"))
    if not packages:
        return [("share", exported)]
    reply = fill_reply(max(packages, key=lambda p: p.stat().st_size), out.parent / "supplier_reply.xlsx")
    with FileWorkbook(book_path) as book:
        imported = import_replies(book, [reply])
    return [("share", exported), ("replies", imported)]


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
        console.print(f"  [cyan]{name:>12}[/] {report.summary('en')}")
    for name, report in share_with_suppliers(book_path, out / PACKAGES):
        console.print(f"  [cyan]{name:>12}[/] {report.summary('en')}")
    messy = out / MESSY_BOOK
    write_messy_workbook(messy)
    imported = build_template(out / IMPORTED_BOOK, "zh")
    with FileWorkbook(imported) as book:
        report = import_source(book, messy)
    console.print(f"  [cyan]{'import':>12}[/] {report.summary('en')}")
    console.print(f"\nResults: [bold]{book_path.resolve()}[/] (open it in Excel or LibreOffice)")
    console.print(f"Supplier packages: {(out / PACKAGES).resolve()}; imported messy file: {imported.resolve()}")
