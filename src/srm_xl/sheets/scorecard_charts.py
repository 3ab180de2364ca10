"""The grading job's chart sheet: native charts, each beside the small block of cells it plots.

Grade distribution (column chart), top and bottom suppliers by total (bar charts), and the PPM and on-time
trends of class I suppliers over the history's periods (line charts). Every series refers to its cells and
carries their values cached, so the charts show before Excel recalculates anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from srm_xl.io.chart import chart_anchor
from srm_xl.io.draft import Cell, Chart, Series, SheetDraft
from srm_xl.io.styles import LABEL, NOTE, SUBTITLE, Style
from srm_xl.issues import column_letter
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.schema.common import GRADES
from srm_xl.scoring.periods import Period, period_bounds

RANKED = 10
"""Suppliers shown in each of the top and bottom charts."""
TREND_SUPPLIERS = 10
"""Class I suppliers drawn in a trend chart, largest spend share first."""
TREND_PERIODS = 8
"""Periods drawn in a trend chart, the latest last."""
_SECTION_ROWS = 18
_CHART_COLUMN = 13
_LABEL_WIDTH = 28
_FORMATS = {"count": Style("0"), "points": Style("0.0"), "ppm": Style("#,##0"), "rate": Style("0.0%")}

Number = float | int | None
Kind = Literal["column", "bar", "line"]


def grade_counts(card: pl.DataFrame) -> dict[str, int]:
    """Suppliers per grade key (A, B, C, D, not_graded), every grade present."""
    found = dict(card.group_by("grade").len().iter_rows())
    return {g.key: int(found.get(g.key, 0)) for g in GRADES}


def _section(
    sheet: str,
    top: int,
    title: str,
    kind: Kind,
    header: Sequence[str],
    categories: Sequence[str],
    columns: Sequence[Sequence[Number]],
    fmt: str,
    lang: Lang,
) -> tuple[list[Cell], Chart | None]:
    """Cells of a data block (title, header, one row per category, one column per series) starting at row
    ``top``, and the chart drawing it beside the block (None when there is nothing to draw)."""
    cells = [Cell(top, 0, title, SUBTITLE)]
    cells += [Cell(top + 1, i, text, LABEL) for i, text in enumerate(header)]
    if not categories or not columns:
        return [*cells, Cell(top + 2, 0, render("grade_chart_none", lang), NOTE)], None
    first, last = top + 2, top + 1 + len(categories)
    cells += [Cell(first + r, 0, text) for r, text in enumerate(categories)]
    cells += [
        Cell(first + r, c + 1, value, _FORMATS[fmt])
        for c, values in enumerate(columns)
        for r, value in enumerate(values)
    ]

    def ref(col: int) -> str:
        letter = column_letter(col)
        return f"'{sheet}'!${letter}${first}:${letter}${last}"

    series = tuple(
        Series(header[c + 1], ref(c + 1), tuple(None if v is None else float(v) for v in values))
        for c, values in enumerate(columns)
    )
    anchor = chart_anchor(kind, len(categories), len(columns), _CHART_COLUMN, top - 1, {0: _LABEL_WIDTH})
    return cells, Chart(kind, title, ref(0), tuple(categories), series, anchor)


def _label(frame: pl.DataFrame) -> list[str]:
    """ "3. S001 Name": rank by total, code and name."""
    label = pl.format("{}. {}", "rank", pl.concat_str("supplier", "name", separator=" ", ignore_nulls=True))
    return frame.select(label).to_series().to_list()


def _trend(
    history: pl.DataFrame, card: pl.DataFrame, period: Period, metric: str
) -> tuple[list[str], list[str], list[list[Number]]]:
    """Periods (oldest first), class I supplier codes, and ``metric`` per supplier × period from the history."""
    leaders = (
        card.filter(pl.col("importance") == "I")
        .sort(["spend_share", "supplier"], descending=[True, False], nulls_last=True)
        .head(TREND_SUPPLIERS)
        .get_column("supplier")
        .to_list()
    )
    kind = period_bounds(pl.col("period")).struct.field("kind")
    rows = history.filter(
        (kind == period.kind) & (pl.col("period") <= period.label) & pl.col("supplier").is_in(leaders)
    )
    periods = sorted(rows.get_column("period").unique().to_list())[-TREND_PERIODS:]
    values = {(p, s): v for p, s, v in rows.select("period", "supplier", metric).iter_rows()}
    return periods, leaders, [[values.get((p, s)) for p in periods] for s in leaders]


def chart_draft(card: pl.DataFrame, history: pl.DataFrame, period: Period, lang: Lang) -> SheetDraft:
    """The chart sheet for a graded period: ``card`` as the engine's scorecard, ``history`` as the Scorecard
    history rows (this period included)."""
    sheet = render("grade_chart_sheet", lang)
    draft = SheetDraft(sheet, widths={0: _LABEL_WIDTH})
    counts = grade_counts(card)
    graded = (
        card.filter(pl.col("total").is_not_null())
        .sort(["total", "supplier"], descending=[True, False])
        .with_row_index("rank", offset=1)
    )
    # a bar chart draws its first row at the bottom: rows run so that rank 1 (top) and the worst (bottom) head their charts
    best, worst = graded.head(RANKED).reverse(), graded.tail(RANKED)
    total_header, supplier_header = render("grade_chart_total", lang), render("grade_chart_suppliers", lang)
    grade_label, supplier_label = (spec("scorecard").column(k).header(lang) for k in ("grade", "supplier"))
    sections: list[tuple[str, Kind, list[str], list[str], list[list[Number]], str]] = [
        (
            render("grade_chart_distribution", lang, period=period.label),
            "column",
            [grade_label, supplier_header],
            [g.label(lang) for g in GRADES],
            [list(counts.values())],
            "count",
        ),
        (
            render("grade_chart_top", lang, n=RANKED, period=period.label),
            "bar",
            [supplier_label, total_header],
            _label(best),
            [best.get_column("total").to_list()],
            "points",
        ),
        (
            render("grade_chart_bottom", lang, n=RANKED, period=period.label),
            "bar",
            [supplier_label, total_header],
            _label(worst),
            [worst.get_column("total").to_list()],
            "points",
        ),
    ]
    for metric, code, fmt in (("ppm", "grade_chart_ppm", "ppm"), ("on_time", "grade_chart_on_time", "rate")):
        periods, suppliers, columns = _trend(history, card, period, metric)
        sections.append(
            (render(code, lang), "line", [render("grade_chart_period", lang), *suppliers], periods, columns, fmt)
        )
    top = 1
    for title, kind, header, categories, columns, fmt in sections:
        cells, chart = _section(sheet, top, title, kind, header, categories, columns, fmt, lang)
        draft.cells += cells
        if chart is not None:
            draft.charts.append(chart)
        chart_rows = chart.anchor[3] - chart.anchor[1] + 2 if chart is not None else 0
        top += max(_SECTION_ROWS, len(categories) + 4, chart_rows)
    return draft
