"""The Dashboard button: key figures and native charts from whatever sheets exist (the monthly report shows the same)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.config import Config, read_config
from srm_xl.contracts.checks import contract_findings
from srm_xl.customers.classify import class_lookup
from srm_xl.customers.complaints import complaint_sla
from srm_xl.customers.satisfaction import satisfaction
from srm_xl.dashboard import figures as fig
from srm_xl.io.draft import SheetDraft
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.customers import customer_classes, read_frames
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.sheets.dashboard import dashboard_draft

SOURCES = (
    "suppliers",
    "inspections",
    "deliveries",
    "scorecard",
    "score_history",
    "risks",
    "corrective_actions",
    "customers",
    "customer_class_history",
    "complaints",
    "surveys",
    "contracts",
    "contract_changes",
    "copq",
)


def _results(frames: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang) -> dict[str, pl.DataFrame]:
    """The customer and contract results the dashboard shows, computed from the frames present."""
    classes = class_lookup(customer_classes(frames, config, today, lang))
    results = {}
    if "complaints" in frames:
        results["complaint_sla"] = complaint_sla(
            frames["complaints"], classes, config.customers, today, frames.get("corrective_actions")
        )
    if "surveys" in frames:
        results["satisfaction"] = satisfaction(frames["surveys"], classes, config.customers.weights())
    if "contracts" in frames:
        results["contract_findings"] = contract_findings(frames, config, today, lang=lang)
    return results


def _blocks(
    frames: dict[str, pl.DataFrame], results: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang
) -> list[fig.Block]:
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
    if "copq" in frames:
        candidates.append(fig.cost_of_poor_quality(frames["copq"], lang))
    return [b for b in candidates if b is not None]


@dataclass(frozen=True)
class Content:
    """What the dashboard and the monthly report show, read and computed from the workbook's sheets."""

    frames: dict[str, pl.DataFrame]
    figures: list[fig.KeyFigure]
    blocks: list[fig.Block]
    sources: list[str]
    issues: list[Issue]
    config: Config


def read_content(book: Workbook, today: date) -> Content:
    """The key figures and chart blocks of ``book`` as of ``today``, and the sheets that could not be read."""
    config, lang = read_config(book), book.lang
    frames, issues = read_frames(book, SOURCES)
    results = _results(frames, config, today, lang)
    blocks = _blocks(frames, results, config, today, lang)
    figures = fig.key_figures(frames, results, config, today, lang)
    return Content(frames, figures, blocks, [spec(k).name(lang) for k in frames], issues, config)


def dashboard_sheet(book: Workbook, today: date) -> tuple[SheetDraft, int, list[Issue]]:
    """The Dashboard draft for ``book``, the rows it read, and sheets that could not be read."""
    content = read_content(book, today)
    draft = dashboard_draft(content.figures, content.blocks, today, content.sources, book.lang)
    return draft, sum(f.height for f in content.frames.values()), content.issues


def build_dashboard(book: Workbook, *, today: date | None = None) -> Report:
    """Write (or replace) the Dashboard sheet: key figures, and each chart with its data block."""
    today = today or date.today()
    checksum = book.checksum()
    draft, rows, issues = dashboard_sheet(book, today)
    book.stage(draft)
    report = Report.of(
        "build_dashboard",
        "report_dashboard",
        {"charts": len(draft.charts)},
        rows_read=rows,
        rows_written=len(draft.cells),
        issues=issues,
        sheets=[draft.name],
        counts={"charts": len(draft.charts)},
    )
    return finish(book, report, checksum)
