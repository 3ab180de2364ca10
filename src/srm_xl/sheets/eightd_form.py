"""The 8D form of one SCAR as a sheet draft, and reading a filled-in form back.

``eight_d_draft`` writes the header from the register, D0–D8 with an unlocked, highlighted input area per
response, D2's is/is-not facts pre-filled from the linked lots, and the lots themselves below the form;
``read_eight_d`` reads the responses from the same cells (``layout.RESPONSES``), so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.io.draft import Cell, CellValue, SheetDraft
from srm_xl.io.page import PageSetup
from srm_xl.io.placement import sheet_title
from srm_xl.io.styles import HEADER as HEADER_STYLE
from srm_xl.io.styles import LABEL, NOTE, SUBTITLE, TITLE, WRAP, Style
from srm_xl.issues import column_letter
from srm_xl.messages import Lang, Text, render
from srm_xl.schema import spec
from srm_xl.sheets.eightd_layout import (
    FACT_ROWS,
    HEADER,
    INTERNAL_HEADER,
    IS_COLS,
    LAST_COL,
    LOTS_ROW,
    NOTE_ROWS,
    RESPONSES,
    STEP_ROWS,
    STEPS,
    Area,
    IsRow,
    Note,
    header_cell,
)

RESPONSE = WRAP.unlocked()
DATE_RESPONSE = Style("yyyy-mm-dd", border=True, vertical="top").unlocked()
VALUE = Style("@", border=True, wrap=True, vertical="top")
DATE_VALUE = Style("yyyy-mm-dd", border=True, vertical="top")
WIDTHS = (18.0, 18.0, 12.0, 15.0, 12.0, 15.0, 12.0, 13.0)
"""Columns A–H: step labels and the first header value (the SCAR number, kept on one line) widest, the other
header labels narrower than their values; 845 px in all, printed portrait one page wide at 82 %."""
LOT_COLUMNS = ("lot", "received", "lot_size", "sample_size", "critical", "major", "minor", "defect_type")
_DATED = frozenset({"containment_date", "root_cause_date", "implemented_date", "response_date"})
_TITLE = Text.of("eightd_title")
_HELP = Text.of("eightd_help")
_LOTS = Text.of("eightd_lots")


_PREFIX = Text.of("eightd_sheet_prefix")


def form_name(scar_id: str, lang: Lang) -> str:
    """The sheet name of a SCAR's 8D form: ``8D报告-<id>`` / ``8D-<id>`` (the prefix in the workbook's language keeps
    a Chinese workbook's sheet names mostly Chinese, which is how its language is recognised)."""
    return sheet_title(_PREFIX(lang) + scar_id)


def _ref(area: Area) -> str:
    return f"{column_letter(area.first_col)}{area.row}:{column_letter(area.last_col)}{area.last_row}"


def _label(value: object, key: str, lang: Lang) -> CellValue:
    """A register value as the form shows it: choice labels in ``lang``, dates and numbers as they are."""
    if value is None or value == "":
        return None
    column = spec("corrective_actions").by_key.get(key)
    if column is not None and column.choices:
        labels = {c.key: c.label(lang) for c in column.choices}
        return labels.get(str(value), str(value))
    return value if isinstance(value, date | int | float) else str(value)


def _facts(scar: dict[str, object], lots: pl.DataFrame, lang: Lang) -> dict[str, str]:
    """D2's "is" column: what, where, when and how many, from the linked lots (or the register row, when the
    complaint was ``received`` if known, else when the SCAR was issued)."""
    where = " / ".join(str(scar[k]) for k in ("supplier", "part") if scar.get(k))
    what = " — ".join(str(scar[k]) for k in ("defect_type", "problem") if scar.get(k))
    if lots.is_empty():
        when = scar.get("received") or scar.get("issued")
        return {"what": what, "where": where, "when": str(when or ""), "how_many": str(scar.get("trigger") or "")}
    first, last = lots["received"].min(), lots["received"].max()
    sums = {
        k: int(lots[k].fill_null(0).sum()) if k in lots.columns else 0
        for k in ("lot_size", "sample_size", "critical", "major", "minor")
    }
    how_many = render("eightd_how_many_facts", lang, lots=lots.height, **sums)
    when = str(first) if first == last else f"{first} – {last}"
    return {"what": what, "where": where, "when": when, "how_many": how_many}


def _response_cells(area: Area, value: CellValue, style: Style) -> list[Cell]:
    return [Cell(r, c, value if (r, c) == (area.row, area.first_col) else None, style) for r, c in area.cells()]


def _steps(scar: dict[str, object], facts: dict[str, str], lang: Lang) -> tuple[list[Cell], list[str]]:
    cells: list[Cell] = []
    merges: list[str] = []
    for step in STEPS:
        row = STEP_ROWS[step.code]
        cells.append(Cell(row, 0, step.title(lang), SUBTITLE))
        merges.append(f"A{row}:{column_letter(LAST_COL)}{row}")
        for item in step.items:
            if isinstance(item, Note):
                row = NOTE_ROWS[item.label.en]
                cells.append(Cell(row, 0, item.label(lang), NOTE))
                merges.append(f"A{row}:{column_letter(LAST_COL)}{row}")
                continue
            key = f"is_not_{item.key}" if isinstance(item, IsRow) else item.key
            area = RESPONSES[key]
            cells.append(Cell(area.row, 0, item.label(lang), LABEL))
            if isinstance(item, IsRow):
                facts_area = Area(FACT_ROWS[item.key], IS_COLS[0], FACT_ROWS[item.key], IS_COLS[1])
                cells += _response_cells(facts_area, facts[item.key] or None, VALUE)
                merges.append(_ref(facts_area))
            elif area.last_row > area.row:
                merges.append(f"A{area.row}:A{area.last_row}")
            cells += _response_cells(
                area, _label(scar.get(key), key, lang), DATE_RESPONSE if key in _DATED else RESPONSE
            )
            if area.cells()[-1] != (area.row, area.first_col):
                merges.append(_ref(area))
    return cells, merges


def _lot_table(lots: pl.DataFrame, lang: Lang) -> list[Cell]:
    inspections = spec("inspections")
    cells = [Cell(LOTS_ROW, 0, _LOTS(lang), SUBTITLE)]
    cells += [
        Cell(LOTS_ROW + 1, i, inspections.column(k).header(lang), HEADER_STYLE) for i, k in enumerate(LOT_COLUMNS)
    ]
    shown = lots.select([pl.col(k) if k in lots.columns else pl.lit(None).alias(k) for k in LOT_COLUMNS]).sort(
        "received", "lot"
    )
    for offset, values in enumerate(shown.iter_rows(), start=2):
        cells += [
            Cell(LOTS_ROW + offset, i, v, DATE_VALUE if isinstance(v, date) else VALUE) for i, v in enumerate(values)
        ]
    return cells


def eight_d_draft(
    scar: dict[str, object], lots: pl.DataFrame, lang: Lang, *, for_supplier: bool = False, name: str | None = None
) -> SheetDraft:
    """The 8D form of ``scar`` (a register row, plus any responses already given, by field key) as a protected sheet.

    ``lots`` holds the SCAR's inspection rows (inspection-log keys); the response areas are the only unlocked cells.
    A supplier's copy (``for_supplier``) leaves out internal fields such as the computed state. ``name`` is the
    sheet's name when the user renamed it (:func:`form_name` otherwise).
    """
    scar_id = str(scar["scar_id"])
    cells = [Cell(1, 0, f"{_TITLE(lang)} — {scar_id}", TITLE), Cell(2, 0, _HELP(lang), NOTE)]
    register = spec("corrective_actions")
    header = [k for k in HEADER if not (for_supplier and k in INTERNAL_HEADER)]
    for index, key in enumerate(header):
        row, col = header_cell(index)
        value = _label(scar.get(key), key, lang)
        cells += [
            Cell(row, col, register.column(key).header(lang), LABEL),
            Cell(row, col + 1, value, DATE_VALUE if isinstance(value, date) else VALUE),
        ]
    step_cells, merges = _steps(scar, _facts(scar, lots, lang), lang)
    widths = dict(enumerate(WIDTHS))
    merges += [f"A{row}:{column_letter(LAST_COL)}{row}" for row in (1, 2)]
    return SheetDraft(
        name or form_name(scar_id, lang),
        cells=cells + step_cells + _lot_table(lots, lang),
        merges=merges,
        widths=widths,
        protect=True,
        tab_color="FFC000",
        page=PageSetup(orientation="portrait"),
    )


def form_scar(top: pl.DataFrame, positions: list[int]) -> str | None:
    """The SCAR id in the header of a sheet whose top rows (as ``Workbook.top_rows`` gives them) are an 8D form's,
    whatever the sheet is called; ``None`` for any other sheet."""
    row, col = header_cell(0)
    if top.height < row:
        return None
    cells = dict(zip(positions, top.row(row - 1), strict=True))
    label = spec("corrective_actions").column("scar_id")
    if str(cells.get(col) or "").strip() not in (label.zh, label.en):
        return None
    return str(cells.get(col + 1) or "").strip() or None


def read_eight_d(rows: list[list[str | None]]) -> dict[str, str | None]:
    """The responses of a filled-in 8D form (rows as ``Workbook.read_rows`` gives them), by field key, with ``scar_id``."""

    def at(row: int, col: int) -> str | None:
        line = rows[row - 1] if row - 1 < len(rows) else []
        text = line[col] if col < len(line) else None
        text = None if text is None else str(text).strip()
        return text or None

    row, col = header_cell(0)
    return {"scar_id": at(row, col + 1), **{key: at(area.row, area.first_col) for key, area in RESPONSES.items()}}
