"""The Dashboard sheet as a draft: a key-figures block, then each data block with its native chart under it,
one column wide enough to print on portrait pages.

Every chart refers to its block's cells and carries the same values cached, so it shows in Excel and
LibreOffice without recalculation.
"""

from __future__ import annotations

from datetime import date

from srm_xl.dashboard.figures import Block, KeyFigure
from srm_xl.io.chart import chart_anchor
from srm_xl.io.draft import Cell, Chart, Series, SheetDraft
from srm_xl.io.page import printable_pixels
from srm_xl.io.styles import HEADER_FILL, SUBTITLE, TITLE, Style
from srm_xl.issues import column_letter
from srm_xl.messages import Lang, render

CHART_COLUMNS = 6
"""Blocks span columns A–F at most; charts are as wide and tall as their data needs, within a portrait page."""
WIDTHS = {0: 26, 1: 10, **{i: 9 for i in range(2, CHART_COLUMNS)}}
_HEAD = Style("@", bold=True, color="FFFFFF", fill=HEADER_FILL, border=True)
_LABEL = Style("@", bold=True, border=True, fill="F2F2F2")
_NOTE = Style(italic=True, color="595959")
_SOURCES = Style(italic=True, color="595959", wrap=True, vertical="top")
"""Header, label and note styles that never wrap (the sources wrap inside a fixed two-row merge), so rows keep
one height and charts stay where they are anchored."""


def dashboard_name(lang: Lang) -> str:
    return render("dashboard_sheet", lang)


def _block_cells(block: Block, top: int, name: str) -> tuple[list[Cell], Chart | None]:
    """Cells of ``block`` from row ``top`` (title, header, rows) and its chart anchored beside them."""
    cells = [Cell(top, 0, block.title, SUBTITLE)]
    cells += [Cell(top + 1, i, header, _HEAD) for i, header in enumerate(block.frame.columns)]
    first, last = top + 2, top + 1 + block.frame.height
    for offset, row in enumerate(block.frame.iter_rows()):
        for col, value in enumerate(row):
            if col == 0:
                cells.append(Cell(first + offset, 0, None if value is None else str(value), _LABEL))
            else:
                fill = block.fills[offset][col] if block.fills else None
                cells.append(Cell(first + offset, col, value, Style("General", border=True, fill=fill)))
    if block.kind is None:
        return cells, None
    sheet = "'" + name.replace("'", "''") + "'"
    categories = tuple("" if v is None else str(v) for v in block.frame[:, 0].to_list())
    series = []
    for column in block.series:
        index = block.frame.columns.index(column)
        letter = column_letter(index)
        values = tuple(None if v is None else float(v) for v in block.frame[column].to_list())
        series.append(Series(column, f"{sheet}!${letter}${first}:${letter}${last}", values))
    anchor = chart_anchor(
        block.kind, len(categories), len(series), 0, last + 1, WIDTHS, printable_pixels("A4", landscape=False)[0]
    )
    chart = Chart(block.kind, block.title, f"{sheet}!$A${first}:$A${last}", categories, tuple(series), anchor)
    return cells, chart


def dashboard_draft(
    figures: list[KeyFigure], blocks: list[Block], today: date, sources: list[str], lang: Lang
) -> SheetDraft:
    """The whole Dashboard sheet: title, key figures, then the blocks one under another with their charts."""
    name = dashboard_name(lang)
    used = ", ".join(sources) if sources else render("dashboard_no_sources", lang)
    cells = [
        Cell(1, 0, render("dashboard_title", lang), TITLE),
        Cell(2, 0, render("dashboard_as_of", lang, date=today.isoformat()), _NOTE),
        Cell(3, 0, render("dashboard_sources", lang, sources=used), _SOURCES),
        Cell(5, 0, render("dashboard_key_figures", lang), SUBTITLE),
        Cell(5, 1, None, SUBTITLE),
    ]
    for row, (label, value, number_format) in enumerate(figures, start=6):
        cells += [Cell(row, 0, label, _LABEL), Cell(row, 1, value, Style(number_format, bold=True, border=True))]
    top = 6 + len(figures) + 2
    charts = []
    for block in blocks:
        block_cells, chart = _block_cells(block, top, name)
        cells += block_cells
        if chart is not None:
            charts.append(chart)
        top = (chart.anchor[3] + 2) if chart is not None else top + block.frame.height + 3
    return SheetDraft(
        name,
        cells=cells,
        widths=dict(WIDTHS),
        charts=charts,
        tab_color="1F4E78",
        merges=[f"A3:{column_letter(CHART_COLUMNS - 1)}4"],
    )
