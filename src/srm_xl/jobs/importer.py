"""The Import button: bring a user's own workbook or CSV into the product's sheets.

Each source sheet is matched to the spec whose headers it fits best (sheets of the same shape, such as one
per month, are merged). Every source row is either imported or reported with its source sheet, row and
reason; unknown columns are kept; rows already in the workbook are reported, or replaced with ``update``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.headers import SCAN_ROWS, find_header
from srm_xl.io.reader import table_from_text
from srm_xl.io.sources import convert_legacy, fill_merged, libreoffice_available, read_csv_text
from srm_xl.io.table import Table
from srm_xl.schema.frames import ROW
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.report import Report
from srm_xl.jobs.validate import stage_validation
from srm_xl.config import read_config
from srm_xl.schema import SheetSpec, registry, spec
from srm_xl.issues import Issue
from srm_xl.validation.validate import validate_tables


@dataclass
class SourceSheet:
    """One sheet of the source as text, ready to be matched to a spec."""

    name: str
    frame: pl.DataFrame
    positions: list[int]


@dataclass
class Outcome:
    imported: int = 0
    rejected: int = 0
    issues: list[Issue] = field(default_factory=list)


def source_sheets(path: Path) -> list[SourceSheet]:
    """Every sheet of an .xlsx/.xlsm (merged areas filled) or the one table of a CSV, as text.

    A legacy .xls is converted through LibreOffice when it is installed; otherwise the guard's message says how.
    """
    try:
        kind = check_file(path)
    except UnsafeFileError as error:
        if error.code != "guard_legacy_xls" or not libreoffice_available():
            raise
        path = convert_legacy(path)
        kind = check_file(path)
    if kind == "csv":
        frame = read_csv_text(path)
        return [SourceSheet(path.stem, frame, list(range(frame.width)))]
    with FileWorkbook(path, lang="en", checked=True) as source:
        sheets = []
        for name in source.sheet_names():
            frame, positions = source.raw_text(name)
            sheets.append(SourceSheet(name, fill_merged(frame, positions, source.merged_ranges(name)), positions))
        return sheets


def best_spec(sheet: SourceSheet, candidates: list[SheetSpec]) -> SheetSpec | None:
    """The spec whose columns the sheet's header row matches most, if any matches at all."""
    head = [list(r) for r in sheet.frame.head(SCAN_ROWS).iter_rows()]
    scored = [(h.score, -i, s) for i, s in enumerate(candidates) if (h := find_header(head, s)) is not None]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def _merge_tables(tables: list[Table]) -> pl.DataFrame:
    frames = [t.frame.with_columns(pl.lit(t.sheet).alias("_sheet")) for t in tables]
    return pl.concat(frames, how="diagonal_relaxed")


def _accept(sheet_spec: SheetSpec, tables: list[Table], existing: pl.DataFrame | None, source: str, update: bool) -> tuple[pl.DataFrame, Outcome]:
    """The imported rows (existing rows first), and what was rejected and why."""
    outcome = Outcome()
    issues = validate_tables(tables)
    outcome.issues += [replace(issue, sheet=f"[{source}]{issue.sheet}") for issue in issues]
    failing = [(i.sheet, i.row) for i in issues if i.severity == "error" and i.row and i.code != "unknown_reference"]
    bad = pl.DataFrame(failing, schema={"_sheet": pl.String, ROW: pl.Int64}, orient="row").unique()
    rows = _merge_tables(tables).join(bad, on=["_sheet", ROW], how="anti")
    outcome.rejected = bad.height
    keys = list(sheet_spec.key_columns)
    if existing is not None and keys and existing.height:
        clash = rows.join(existing.select(keys).unique(), on=keys, how="semi")
        if update:
            existing = existing.join(rows.select(keys).unique(), on=keys, how="anti")
        else:
            for row in clash.iter_rows(named=True):
                value = " / ".join(str(row[k]) for k in keys)
                outcome.issues.append(Issue(f"[{source}]{row['_sheet']}", row[ROW], None, "import_duplicate", "new_key", value, severity="warning"))
            rows = rows.join(clash.select("_sheet", ROW), on=["_sheet", ROW], how="anti")
            outcome.rejected += clash.height
    outcome.imported = rows.height
    imported = rows.drop("_sheet", ROW)
    combined = imported if existing is None else pl.concat([existing.drop(ROW, strict=False), imported], how="diagonal_relaxed")
    return combined, outcome


def import_source(book: Workbook, source: Path, *, target: str | None = None, update: bool = False) -> Report:
    """Import ``source`` into ``book``: into the ``target`` sheet key, or each sheet into the spec it matches."""
    checksum = book.checksum()
    candidates = [spec(target)] if target else [s for s in registry().values() if s.kind == "data"]
    matched: dict[str, list[Table]] = {}
    issues: list[Issue] = []
    for sheet in source_sheets(source):
        if sheet.frame.height == 0:
            continue
        sheet_spec = best_spec(sheet, candidates)
        if sheet_spec is None:
            continue
        matched.setdefault(sheet_spec.key, []).append(table_from_text(sheet_spec, sheet.name, sheet.frame, sheet.positions))
    if not matched:
        raise SrmError("import_no_sheet_matched", path=str(source))
    counts: dict[str, int] = {}
    rejected = 0
    for key, tables in matched.items():
        sheet_spec = spec(key)
        existing = book.read(sheet_spec).frame if book.has(sheet_spec) else None
        combined, outcome = _accept(sheet_spec, tables, existing, source.name, update)
        book.stage(draft_from_spec(sheet_spec, combined, book.lang, name=book.find(sheet_spec) or sheet_spec.name(book.lang)))
        counts[sheet_spec.name(book.lang)] = outcome.imported
        rejected += outcome.rejected
        issues += outcome.issues
    stage_validation(book, issues, read_config(book).general.max_report_rows)
    imported = sum(counts.values())
    detail = ", ".join(f"{name} {n}" for name, n in counts.items())
    report = Report(
        "import",
        f"从 {source.name} 导入 {imported} 行({detail}); {rejected} 行未导入, 原因见“数据校验”表",
        f"imported {imported} rows from {source.name} ({detail}); {rejected} rows not imported, reasons on the Validation sheet",
        rows_read=imported + rejected, rows_written=imported, issues=issues, sheets=list(counts), counts=counts,
    )
    return finish(book, report, checksum)
