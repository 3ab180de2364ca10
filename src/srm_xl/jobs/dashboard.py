"""The Dashboard button: key figures and native charts from whatever sheets exist; and its PDF rendering."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from srm_xl.config import Config, read_config
from srm_xl.contracts.checks import contract_findings
from srm_xl.customers.classify import class_lookup
from srm_xl.customers.complaints import complaint_sla
from srm_xl.customers.satisfaction import satisfaction
from srm_xl.dashboard import figures as fig
from srm_xl.io.pdf import convert_to_pdf
from srm_xl.sheets.dashboard import dashboard_draft, dashboard_name
from srm_xl.io.draft import SheetDraft
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.customers import customer_classes, read_frames
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.issues import Issue

SOURCES = ("suppliers", "inspections", "deliveries", "scorecard", "score_history", "risks", "corrective_actions", "customers",
           "customer_class_history", "complaints", "surveys", "contracts", "contract_changes")


def _results(frames: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang) -> dict[str, pl.DataFrame]:
    """The customer and contract results the dashboard shows, computed from the frames present."""
    classes = class_lookup(customer_classes(frames, config, today, lang))
    results = {}
    if "complaints" in frames:
        results["complaint_sla"] = complaint_sla(frames["complaints"], classes, config.customers, today, frames.get("corrective_actions"))
    if "surveys" in frames:
        results["satisfaction"] = satisfaction(frames["surveys"], classes, config.customers.weights())
    if "contracts" in frames:
        results["contract_findings"] = contract_findings(frames, config, today, lang=lang)
    return results


def _blocks(frames: dict[str, pl.DataFrame], results: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang) -> list[fig.Block]:
    candidates = []
    if "scorecard" in frames:
        candidates.append(fig.grade_distribution(frames["scorecard"], lang))
    graded = frames.get("score_history", frames.get("scorecard"))
    if graded is not None:
        candidates.append(fig.grade_trend(graded, lang))
    if "inspections" in frames:
        candidates += [fig.ppm_trend(frames["inspections"], lang)]
    if "deliveries" in frames:
        candidates.append(fig.on_time_trend(frames["deliveries"], config, lang))
    if "inspections" in frames:
        candidates.append(fig.defect_pareto(frames["inspections"], lang))
    if "risks" in frames:
        candidates.append(fig.risk_heat_map(frames["risks"], config.risk.levels(), lang))
    if "corrective_actions" in frames:
        candidates.append(fig.capa_age(frames["corrective_actions"], today, lang))
    if "complaints" in frames:
        candidates.append(fig.complaints_by_type(frames["complaints"], lang))
    if "satisfaction" in results:
        candidates.append(fig.satisfaction_by_class(results["satisfaction"], lang))
    return [b for b in candidates if b is not None]


def dashboard_sheet(book: Workbook, today: date) -> tuple[SheetDraft, int, list[Issue]]:
    """The Dashboard draft for ``book``, the rows it read, and sheets that could not be read."""
    config, lang = read_config(book), book.lang
    frames, issues = read_frames(book, SOURCES)
    results = _results(frames, config, today, lang)
    blocks = _blocks(frames, results, config, today, lang)
    figures = fig.key_figures(frames, results, config, today, lang)
    sources = [spec(k).name(lang) for k in frames]
    return dashboard_draft(figures, blocks, today, sources, lang), sum(f.height for f in frames.values()), issues


def build_dashboard(book: Workbook, *, today: date | None = None) -> Report:
    """Write (or replace) the Dashboard sheet: key figures, and each chart with its data block."""
    today = today or date.today()
    checksum = book.checksum()
    draft, rows, issues = dashboard_sheet(book, today)
    book.stage(draft)
    report = Report(
        "build_dashboard", f"仪表盘: {len(draft.charts)} 个图表", f"dashboard: {len(draft.charts)} charts",
        rows_read=rows, rows_written=len(draft.cells), issues=issues, sheets=[draft.name], counts={"charts": len(draft.charts)},
    )
    return finish(book, report, checksum)


def render_pdf(book_path: Path | str, out_pdf: Path | str, *, today: date | None = None) -> Path:
    """The workbook's dashboard as a PDF, through LibreOffice headless (an error says so when it is missing).

    Only the dashboard is rendered: it is built into a one-sheet scratch workbook that LibreOffice converts.
    """
    today = today or date.today()
    with FileWorkbook(book_path) as book:
        draft, _, _ = dashboard_sheet(book, today)
        lang = book.lang
    with tempfile.TemporaryDirectory(prefix="srm_xl_pdf_") as scratch:
        page = Path(scratch) / f"{dashboard_name(lang)}.xlsx"
        single = FileWorkbook.create(page, lang, title=draft.name)
        single.stage(draft)
        single.commit()
        return convert_to_pdf(page, Path(out_pdf))
