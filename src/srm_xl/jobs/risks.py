"""The Risks button: detect supplier risks by rule, merge them into the register, and draw the heat map.

Reads Suppliers, Parts, Certificates, Inspection log, Deliveries, Contracts, Corrective actions and, where
present, Scorecard and Scorecard history; writes the Risks register (user edits kept, see
``srm_xl.risk.register``) and the Risk heat map sheet: a 5×5 grid of open risks coloured by the Config matrix,
counts by level and by category with a native column chart, and the open risks listed most severe first.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SheetError
from srm_xl.io.draft import Cell, Chart, Series, SheetDraft, draft_from_spec
from srm_xl.io.own_columns import stacked
from srm_xl.io.styles import LABEL, TITLE, WRAP, Style
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue, column_letter
from srm_xl.jobs.audit import finish
from srm_xl.jobs.inputs_present import absent_inputs
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang, render
from srm_xl.risk import RiskInputs, category_counts, detect_risks, grid_counts, level_counts, merge_register, open_risks
from srm_xl.risk.inputs import USED
from srm_xl.schema import registry, spec
from srm_xl.schema.risk import LEVEL_COLOURS, RISK_CATEGORIES, RISK_HEATMAP, RISK_LEVELS, RISKS

_SCORE_SHEETS = ("score_history", "scorecard")
"""Read in this order, so a period on the Scorecard wins over the same period in the history."""
_READ_WHOLE = ("suppliers", "audits")
"""Sheets the re-evaluation rule reads beyond the columns in ``USED``."""
_GRID_ROW = 3
_LEVEL_ROW = 10
_LIST_ROW = 17
_CATEGORY_COL = 8
_CHART_ANCHOR = (11, 1, 19, 15)
_LISTED_CELLS = 5
_COUNT = Style("0", border=True, horizontal="center")
_AXIS = Style("0", bold=True, border=True, fill="F2F2F2", horizontal="center")


def read_inputs(book: Workbook) -> tuple[RiskInputs, list[Issue], int]:
    """The sheets the rules read (absent ones left out), problems met reading them, and rows read."""
    frames: dict[str, pl.DataFrame] = {}
    issues: list[Issue] = []
    rows = 0
    keys = [k for k in USED if k != "scorecard"] + [k for k in _SCORE_SHEETS if k in registry()]
    for key in keys:
        sheet = spec(key)
        if not book.has(sheet):
            continue
        target = "scorecard" if key in _SCORE_SHEETS else key
        table = book.read(sheet, columns=None if key in _READ_WHOLE else USED[target])
        issues += table.issues
        rows += table.frame.height
        frames[target] = stacked([frames[target], table.frame]) if target in frames else table.frame
    return RiskInputs(frames), issues, rows


def read_register(book: Workbook) -> Table | None:
    """The Risks sheet, if any; refused when a cell could not be read, since rewriting it would blank that cell."""
    if not book.has(RISKS):
        return None
    table = book.read(RISKS)
    bad = [i for i in table.issues if i.severity == "error" and i.row and i.col is not None]
    if bad:
        raise SheetError(
            "risk_register_unreadable",
            sheet=table.sheet,
            count=len(bad),
            cells=", ".join(i.cell for i in bad[:_LISTED_CELLS]),
        )
    return table


def scan_risks(book: Workbook, *, today: date | None = None) -> Report:
    """Run every enabled detection rule, merge the findings into the Risks sheet and redraw the heat map."""
    checksum = book.checksum()
    config = read_config(book)
    day = today or date.today()
    lang = book.lang
    inputs, issues, rows_read = read_inputs(book)
    names = {k: book.find(spec(k)) or spec(k).name(lang) for k in ("inspections", "deliveries")}
    issues = absent_inputs("risks", inputs.frames, names, lang) + issues
    existing = read_register(book)
    levels = config.risk.levels()
    merged = merge_register(
        None if existing is None else existing.frame,
        detect_risks(inputs, config, day),
        config.risk.enabled(),
        day,
        levels,
        lang,
    )
    register_name = RISKS.name(lang) if existing is None else existing.sheet
    book.stage(draft_from_spec(RISKS, merged.register, lang, name=register_name))
    risks = open_risks(merged.register)
    heat_name = book.find(RISK_HEATMAP) or RISK_HEATMAP.name(lang)
    book.stage(heatmap_draft(risks, levels, lang, heat_name, day))
    counts = {
        "new": merged.new,
        "updated": merged.updated,
        "resolved": merged.resolved,
        "reopened": merged.reopened,
        "kept": merged.kept,
        "open": risks.height,
        **level_counts(risks),
    }
    report = Report.of(
        "scan_risks",
        "risk_scan_summary",
        counts,
        rows_read=rows_read + merged.register.height,
        rows_written=merged.register.height + risks.height,
        issues=issues,
        sheets=[register_name, heat_name],
        counts=counts,
    )
    return finish(book, report, checksum)


def _level_style(level: str, *, bold: bool = False) -> Style:
    fill, color = LEVEL_COLOURS[level]
    return Style("0", bold=bold, color=color, fill=fill, border=True, horizontal="center", vertical="center")


def heatmap_draft(
    risks: pl.DataFrame, levels: tuple[tuple[str, ...], ...], lang: Lang, name: str, today: date
) -> SheetDraft:
    """The heat map sheet for the open ``risks``: grid, counts by level and by category, chart, list."""
    draft = draft_from_spec(RISK_HEATMAP, risks.select(RISK_HEATMAP.keys()), lang, name=name, start_row=_LIST_ROW)
    draft.freeze_row = 0
    title = render("risk_heatmap_title", lang, open=risks.height, date=today.isoformat())
    draft.cells += [Cell(1, 0, title, TITLE), Cell(_LIST_ROW - 1, 0, render("risk_heatmap_list", lang), TITLE)]
    draft.cells += _grid_cells(grid_counts(risks, levels), lang)
    draft.cells += _level_cells(risks, lang)
    categories = category_counts(risks)
    draft.cells += _category_cells(categories, lang)
    draft.charts.append(_category_chart(categories, lang, name))
    draft.widths.update({0: 16, _CATEGORY_COL: 20, _CATEGORY_COL + 1: 10})
    return draft


def _grid_cells(grid: pl.DataFrame, lang: Lang) -> list[Cell]:
    """Impact across (1–5), likelihood down (5 at the top), each count filled with its cell's level colour."""
    cells = [Cell(_GRID_ROW, 0, render("risk_heatmap_axes", lang), LABEL)]
    cells += [Cell(_GRID_ROW, impact, impact, _AXIS) for impact in range(1, 6)]
    for likelihood, impact, level, count in grid.iter_rows():
        row = _GRID_ROW + 6 - likelihood
        if impact == 1:
            cells.append(Cell(row, 0, likelihood, _AXIS))
        cells.append(Cell(row, impact, count, _level_style(level, bold=count > 0)))
    return cells


def _level_cells(risks: pl.DataFrame, lang: Lang) -> list[Cell]:
    """Counts of open risks per level, most severe first."""
    cells = [
        Cell(_LEVEL_ROW, 0, render("risk_heatmap_levels", lang), LABEL),
        Cell(_LEVEL_ROW, 1, render("risk_heatmap_count", lang), LABEL),
    ]
    counts = level_counts(risks)
    for offset, choice in enumerate(reversed(RISK_LEVELS), start=1):
        count = counts[choice.key]
        cells += [
            Cell(_LEVEL_ROW + offset, 0, choice.label(lang), _level_style(choice.key, bold=True)),
            Cell(_LEVEL_ROW + offset, 1, count, _level_style(choice.key)),
        ]
    return cells


def _category_labels(categories: pl.DataFrame, lang: Lang) -> list[str]:
    labels = {c.key: c.label(lang) for c in RISK_CATEGORIES}
    return [labels[c] for c in categories.get_column("category")]


def _category_cells(categories: pl.DataFrame, lang: Lang) -> list[Cell]:
    cells = [
        Cell(_GRID_ROW, _CATEGORY_COL, render("risk_heatmap_category", lang), LABEL),
        Cell(_GRID_ROW, _CATEGORY_COL + 1, render("risk_heatmap_count", lang), LABEL),
    ]
    rows = zip(_category_labels(categories, lang), categories.get_column("count"), strict=True)
    for offset, (label, count) in enumerate(rows, start=1):
        cells += [
            Cell(_GRID_ROW + offset, _CATEGORY_COL, label, WRAP),
            Cell(_GRID_ROW + offset, _CATEGORY_COL + 1, count, _COUNT),
        ]
    return cells


def _category_chart(categories: pl.DataFrame, lang: Lang, name: str) -> Chart:
    """A column chart of open risks by category over the category cells."""
    first, last = _GRID_ROW + 1, _GRID_ROW + categories.height
    label_col, count_col = column_letter(_CATEGORY_COL), column_letter(_CATEGORY_COL + 1)
    sheet = "'" + name.replace("'", "''") + "'"
    series = Series(
        render("risk_heatmap_count", lang),
        f"{sheet}!${count_col}${first}:${count_col}${last}",
        tuple(float(v) for v in categories.get_column("count")),
    )
    return Chart(
        "column",
        render("risk_heatmap_chart", lang),
        f"{sheet}!${label_col}${first}:${label_col}${last}",
        tuple(_category_labels(categories, lang)),
        (series,),
        _CHART_ANCHOR,
    )
