"""Workbooks exchanged with suppliers: export packages, import replies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_xl.cli.common import BookArg, group, run_on_book

share_app = group("share", "Workbooks exchanged with suppliers.")


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
def share_import(
    book: BookArg, files: Annotated[list[Path], typer.Argument(exists=True, help="Reply files or a folder of them.")]
) -> None:
    """Check suppliers' replies for tampering and merge their answers into the corrective-action register."""
    from srm_xl.jobs.share import import_replies

    run_on_book(book, lambda workbook: import_replies(workbook, files), fail_on_errors=True)
