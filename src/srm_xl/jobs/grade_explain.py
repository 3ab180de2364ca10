"""The Explain grade button: one supplier's grade, metric by metric, on a sheet of its own.

It reads what the Grade job wrote (Score explanation and Scorecard), so the figures shown are exactly the ones
that made the grade: raw figures → value → points → weight → contribution, contributions adding to the total.
"""

from __future__ import annotations

import polars as pl

from srm_xl.errors import SrmError
from srm_xl.io.chart import chart_anchor
from srm_xl.io.draft import Cell, Chart, Series, draft_from_spec
from srm_xl.io.styles import LABEL, NOTE, TITLE, Style
from srm_xl.io.workbook import Workbook
from srm_xl.issues import column_letter
from srm_xl.jobs.audit import finish
from srm_xl.jobs.import_keys import resolve_names
from srm_xl.jobs.report import Report
from srm_xl.messages import render
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW

TABLE_ROW = 8
"""The header row of the metric table; the summary block sits above it."""


def explain_grade(book: Workbook, supplier: str) -> Report:
    """Write ``解释-<code>`` / ``Explain-<code>`` for ``supplier``'s latest graded period."""
    checksum = book.checksum()
    sheet = spec("score_explanation")
    code = supplier.strip()
    if not book.has(sheet):
        raise SrmError("explain_not_graded", sheet=sheet.name(book.lang))
    explained = book.read(sheet).frame
    rows = explained.filter(pl.col("supplier") == code)
    if rows.is_empty():  # named rather than coded: 德力五金, its full name, its code in full width
        named = explained.select(pl.col("supplier").alias("code"), "name").unique()
        found = resolve_names(pl.Series([code]), named)[0]
        code = found or code
        rows = explained.filter(pl.col("supplier") == code)
    if rows.is_empty():
        raise SrmError("explain_unknown_supplier", supplier=code, sheet=sheet.name(book.lang))
    period = rows["period"].drop_nulls().max()
    rows = rows.filter(pl.col("period") == period).drop(ROW, strict=False)
    card = _scorecard_row(book, code, str(period))
    lang = book.lang
    name = render("explain_sheet_name", lang, supplier=code)
    draft = draft_from_spec(sheet, rows, lang, name=name, start_row=TABLE_ROW, as_table=False)
    total = rows["contribution"].sum() if rows["contribution"].null_count() < rows.height else None
    facts = [
        (render("explain_fact_supplier", lang), f"{code}  {rows['name'][0] or ''}"),
        (render("explain_fact_period", lang), str(period)),
        (render("explain_fact_total", lang), None if total is None else round(total, 2)),
        (
            render("explain_fact_grade", lang),
            " ".join(dict.fromkeys(str(v) for v in (card.get("grade"), card.get("standing")) if v)) or "-",
        ),
        (render("explain_fact_action", lang), card.get("action") or ""),
    ]
    draft.cells.append(Cell(1, 0, render("explain_title", lang, supplier=code, period=period), TITLE))
    for offset, (label, value) in enumerate(facts, start=2):
        draft.cells += [Cell(offset, 0, label, LABEL), Cell(offset, 1, value, Style(wrap=True))]
    draft.cells.append(Cell(TABLE_ROW - 1, 0, render("explain_note", lang), NOTE))
    axis = "metric" if rows["metric"].null_count() < rows.height else "criterion"  # formula criteria have no metric
    category = column_letter(sheet.keys().index(axis))
    contribution = column_letter(sheet.keys().index("contribution"))
    first, last = TABLE_ROW + 1, TABLE_ROW + rows.height
    labels = {c.key: c.label(lang) for c in sheet.column(axis).choices}
    draft.charts.append(
        Chart(
            "bar",
            render("explain_chart", lang),
            f"'{name}'!${category}${first}:${category}${last}",
            tuple(labels.get(m, m) for m in rows[axis].to_list()),
            (
                Series(
                    render("explain_fact_total", lang),
                    f"'{name}'!${contribution}${first}:${contribution}${last}",
                    tuple(rows["contribution"].to_list()),
                ),
            ),
            chart_anchor("bar", rows.height, 1, 0, last + 1, {**dict(enumerate(draft.block.widths)), **draft.widths}),
        )
    )
    book.stage(draft)
    report = Report.of(
        "explain",
        "explain_summary",
        {"supplier": code, "period": period, "sheet": name},
        rows_read=rows.height,
        rows_written=rows.height,
        sheets=[name],
    )
    return finish(book, report, checksum)


def _scorecard_row(book: Workbook, code: str, period: str) -> dict[str, object]:
    card = spec("scorecard")
    if not book.has(card):
        return {}
    rows = book.read(card).frame.filter((pl.col("supplier") == code) & (pl.col("period") == period))
    return rows.row(0, named=True) if rows.height else {}
