"""The monthly report: a sheet laid out page by page to print as four landscape pages, and a hidden sheet holding
the figures its charts plot.

The report sits on a grid of 16 equal columns, exactly the printable width of a landscape A4 page at full size,
with a page break every 29 rows; every chart is anchored inside its page's box, so nothing is cut or shrunk.
Page 1: key figures, grade distribution and trend. Page 2: PPM and on-time trends, defect Pareto, risk heat map.
Page 3: overdue corrective actions and their ages. Page 4: complaints, customer satisfaction and, where claims
are kept, the largest costs of poor quality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from srm_xl.dashboard.figures import Block, KeyFigure
from srm_xl.io.draft import Cell, Chart, Series, SheetDraft
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import HEADER, NOTE, SUBTITLE, TITLE, Style
from srm_xl.issues import column_letter
from srm_xl.messages import Lang, render

COLUMNS = 16
COLUMN_WIDTH = 8.29
"""63 px a column: 16 columns fill 1,008 px, the printable width of landscape A4 inside the margins."""
PAGE_ROWS = 29
"""Rows of 20 px on one page (580 px of the 649 px inside the margins, leaving room for taller title rows)."""
HALF = COLUMNS // 2
ROW_POINTS = 15.0
TITLE_POINTS = 21.0
"""Every row of the report has a fixed height, so each chart stays inside the page box it is anchored to."""
_FIGURE_LABEL = Style("@", bold=True, fill="F2F2F2", border=True)
FIGURES_PER_ROW = 3
_CELL = Style(border=True)
_DATE = Style("yyyy-mm-dd", border=True)


@dataclass(frozen=True)
class ReportContent:
    """What the report shows, computed by the job from the workbook's sheets."""

    figures: list[KeyFigure]
    blocks: dict[str, Block]
    overdue: pl.DataFrame
    overdue_total: int
    today: date
    company: str = ""
    sources: list[str] = field(default_factory=list)


def report_names(lang: Lang) -> tuple[str, str]:
    """The report sheet's name and its hidden data sheet's name."""
    return render("report_sheet", lang), render("report_data_sheet", lang)


@dataclass
class _Layout:
    """The report sheet and the data sheet being filled, page by page."""

    lang: Lang
    report: SheetDraft
    data: SheetDraft
    data_row: int = 1

    def subtitle(self, row: int, text: str, first: int = 0, last: int = COLUMNS - 1) -> None:
        self.report.cells += [
            Cell(row, col, text if col == first else None, SUBTITLE) for col in range(first, last + 1)
        ]
        self.report.merges.append(f"{column_letter(first)}{row}:{column_letter(last)}{row}")

    def chart(self, block: Block | None, box: tuple[int, int, int, int]) -> None:
        """``block``'s chart filling ``box`` (first column, first row, end column, end row; 0-based anchors), its
        figures written to the data sheet; a note in the box when there is nothing to draw."""
        if block is None or block.kind is None:
            self.report.cells.append(Cell(box[1] + 1, box[0], render("report_no_data", self.lang), NOTE))
            return
        top = self.data_row
        self.data.cells.append(Cell(top, 0, block.title, SUBTITLE))
        self.data.cells += [Cell(top + 1, i, str(h), HEADER) for i, h in enumerate(block.frame.columns)]
        for offset, row in enumerate(block.frame.iter_rows(), start=top + 2):
            self.data.cells += [
                Cell(offset, i, None if v is None else (str(v) if i == 0 else v)) for i, v in enumerate(row)
            ]
        first, last = top + 2, top + 1 + block.frame.height
        sheet = "'" + self.data.name.replace("'", "''") + "'"

        def ref(col: int) -> str:
            letter = column_letter(col)
            return f"{sheet}!${letter}${first}:${letter}${last}"

        series = tuple(
            Series(
                name,
                ref(block.frame.columns.index(name)),
                tuple(None if v is None else float(v) for v in block.frame[name].to_list()),
            )
            for name in block.series
        )
        categories = tuple("" if v is None else str(v) for v in block.frame[:, 0].to_list())
        self.report.charts.append(Chart(block.kind, block.title, ref(0), categories, series, box))
        self.data_row = last + 2

    def heat_map(self, block: Block | None, top: int, first_col: int) -> None:
        """The risk heat map as coloured cells (likelihood rows × impact columns) with its title above."""
        self.subtitle(top, render("report_risks", self.lang), first_col, COLUMNS - 1)
        if block is None:
            self.report.cells.append(Cell(top + 1, first_col, render("report_no_data", self.lang), NOTE))
            return
        self.report.cells.append(Cell(top + 1, first_col, block.title, NOTE))
        header = top + 2
        self.report.cells += [Cell(header, first_col + i, str(h), HEADER) for i, h in enumerate(block.frame.columns)]
        for offset, row in enumerate(block.frame.iter_rows(), start=1):
            fills = block.fills[offset - 1] if block.fills else (None,) * len(row)
            for i, value in enumerate(row):
                style = Style("@" if i == 0 else "0", bold=i == 0, border=True, fill=fills[i], horizontal="center")
                self.report.cells.append(Cell(header + offset, first_col + i, value, style))


def _page_top(page: int) -> int:
    """The first row of ``page`` (1-based)."""
    return (page - 1) * PAGE_ROWS + 1


def _key_figures(layout: _Layout, figures: list[KeyFigure], top: int) -> None:
    """Figures three to a row: a label over three columns and the value over the next two."""
    layout.subtitle(top, render("report_key_figures", layout.lang))
    for index, (label, value, number_format) in enumerate(figures):
        row, group = top + 1 + index // FIGURES_PER_ROW, (index % FIGURES_PER_ROW) * 5
        value_style = Style(number_format, bold=True, border=True, horizontal="center")
        layout.report.cells += [Cell(row, group + c, label if c == 0 else None, _FIGURE_LABEL) for c in range(3)]
        layout.report.cells += [Cell(row, group + 3 + c, value if c == 0 else None, value_style) for c in range(2)]
        layout.report.merges += [
            f"{column_letter(group)}{row}:{column_letter(group + 2)}{row}",
            f"{column_letter(group + 3)}{row}:{column_letter(group + 4)}{row}",
        ]


def _spans(frame: pl.DataFrame) -> list[int]:
    """Columns of the grid each table column spans: in proportion to its longest text, at least one."""
    longest = [max([len(str(h)), *(len(str(v)) for v in frame[h].to_list() if v is not None)]) for h in frame.columns]
    total = sum(longest) or 1
    spans = [max(1, round(COLUMNS * n / total)) for n in longest]
    while sum(spans) > COLUMNS:
        spans[spans.index(max(spans))] -= 1
    return spans


def _overdue_table(layout: _Layout, content: ReportContent, top: int) -> int:
    """The overdue corrective actions as a table across the page; the row after it."""
    layout.subtitle(top, render("report_overdue", layout.lang, count=content.overdue_total))
    frame = content.overdue
    if frame.is_empty():
        layout.report.cells.append(Cell(top + 1, 0, render("report_none_overdue", layout.lang), NOTE))
        return top + 2
    spans = _spans(frame)
    starts = [sum(spans[:i]) for i in range(len(spans))]
    for offset, row in enumerate([tuple(frame.columns), *frame.iter_rows()]):
        r = top + 1 + offset
        for value, start, span in zip(row, starts, spans, strict=True):
            style = HEADER if offset == 0 else (_DATE if isinstance(value, date) else _CELL)
            layout.report.cells += [Cell(r, start + c, value if c == 0 else None, style) for c in range(span)]
            if span > 1:
                layout.report.merges.append(f"{column_letter(start)}{r}:{column_letter(start + span - 1)}{r}")
    after = top + 2 + frame.height
    if content.overdue_total > frame.height:
        layout.report.cells.append(
            Cell(after, 0, render("report_overdue_more", layout.lang, count=content.overdue_total - frame.height), NOTE)
        )
    return after + 1


def report_drafts(content: ReportContent, lang: Lang) -> tuple[SheetDraft, SheetDraft]:
    """The report sheet (four landscape pages) and its hidden data sheet."""
    name, data_name = report_names(lang)
    setup = PageSetup(
        orientation="landscape", title_rows=None, centred=True, row_breaks=tuple(_page_top(p) - 1 for p in (2, 3, 4))
    )
    report = SheetDraft(name, widths=dict.fromkeys(range(COLUMNS), COLUMN_WIDTH), tab_color="1F4E78", page=setup)
    data = SheetDraft(data_name, widths={0: 24}, hidden=True)
    layout = _Layout(lang, report, data)
    blocks = content.blocks
    title = render("report_title", lang, date=content.today.isoformat())
    sources = ", ".join(content.sources) or "-"
    report.cells += [
        Cell(1, 0, f"{content.company} {title}".strip(), TITLE),
        Cell(2, 0, render("report_from", lang, sources=sources), NOTE),
    ]
    _key_figures(layout, content.figures, 4)
    charts_top = 4 + 1 + -(-len(content.figures) // FIGURES_PER_ROW) + 1
    page_end = PAGE_ROWS
    layout.chart(blocks.get("grades"), (0, charts_top - 1, HALF, page_end))
    layout.chart(blocks.get("grade_trend"), (HALF, charts_top - 1, COLUMNS, page_end))
    top = _page_top(2)
    layout.subtitle(top, render("report_incoming", lang))
    layout.chart(blocks.get("ppm"), (0, top, HALF, top + 14))
    layout.chart(blocks.get("on_time"), (HALF, top, COLUMNS, top + 14))
    layout.subtitle(top + 15, render("report_pareto", lang), 0, 9)
    layout.chart(blocks.get("pareto"), (0, top + 15, 10, top + PAGE_ROWS - 1))
    layout.heat_map(blocks.get("heat_map"), top + 15, 10)
    top = _page_top(3)
    after = _overdue_table(layout, content, top)
    layout.chart(blocks.get("capa_age"), (0, after, HALF + 2, top + PAGE_ROWS - 1))
    top = _page_top(4)
    layout.subtitle(top, render("report_customers", lang))
    customer_end = top + (13 if "copq" in blocks else 18)
    layout.chart(blocks.get("complaints"), (0, top, HALF, customer_end))
    layout.chart(blocks.get("satisfaction"), (HALF, top, COLUMNS, customer_end))
    if "copq" in blocks:
        layout.subtitle(customer_end + 1, render("report_copq", lang))
        layout.chart(blocks["copq"], (0, customer_end + 1, COLUMNS, top + PAGE_ROWS - 1))
    report.heights.update({row: ROW_POINTS for row in range(2, 4 * PAGE_ROWS + 1)})
    report.heights[1] = TITLE_POINTS
    return report, data
