"""The Sampling plan sheet: one lot's plan lookup, its OC and AOQ curves as a table and native line charts,
the AOQL, and the switching state of every supplier × part below."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.io.draft import Cell, Chart, Series, SheetDraft, draft_from_spec
from srm_xl.io.styles import HEADER, LABEL, NOTE, SUBTITLE, TITLE, Style
from srm_xl.messages import Lang, render
from srm_xl.sampling.classes import CLASSES
from srm_xl.sampling.oc import aoq, aoql, oc_curve
from srm_xl.sampling.plans import Plan, plan
from srm_xl.schema import spec

OC_POINTS = 21
"""Points of the OC table: p from 0 to the first round value where acceptance is (almost) 0."""
STATES_ROW = 49
"""Header row of the supplier × part switching-state table (its title and the switching-score note above it)."""
_LOOKUP = (
    "lot",
    "supplier",
    "part",
    "received",
    "lot_size",
    "level",
    "severity",
    "standard",
    "sample_size",
    "decision",
    "aoql",
)
"""The lot's facts, labelled by the inspection log's headers (``standard`` and ``aoql`` by the catalogue)."""
_PLAN = ("class", "aql", "code_letter", "sample_due", "ac", "re", "found")
"""The per-class plan table's columns."""
_OC = ("p", "pa", "aoq")


def _label(key: str, lang: Lang) -> str:
    """The label of a lookup row or table column: the inspection log's header, or the catalogue's text."""
    inspections = spec("inspections")
    if key in inspections.by_key:
        return inspections.column(key).header(lang)
    return render(f"sampling_plan_{key}", lang)


@dataclass(frozen=True)
class Lot:
    """The lot whose plan the sheet shows, as the job computed it; ``why`` is how it was chosen
    (``latest_rejected``, ``latest``, either with ``_sampled`` when later lots inspected 100 % were passed over,
    or ``chosen``)."""

    lot: str
    supplier: str
    part: str | None
    received: date
    lot_size: int
    level: str
    aql: float
    severity: str
    sample: int
    decision: str | None
    counts: dict[str, int | None]
    why: str


def class_plans(lot: Lot, config: SamplingConfig) -> dict[str, tuple[float, Plan]]:
    """The AQL and plan of each nonconformity class for ``lot`` (critical at Ac 0 / Re 1 when Config says so)."""
    plans = {}
    for name in CLASSES:
        aql = lot.aql if name == "major" else getattr(config, f"aql_{name}")
        found = plan(lot.lot_size, lot.level, aql, lot.severity, config.standard)
        if name == "critical" and config.critical_zero_acceptance:
            found = Plan(found.code_letter, found.sample_size, 0, 1, found.full_inspection)
        plans[name] = (aql, found)
    return plans


def _nice_step(upper: float) -> float:
    raw = upper / (OC_POINTS - 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= raw)


def oc_table(major: Plan, lot_size: int, aql: float, config: SamplingConfig) -> pl.DataFrame:
    """``p_percent``, ``pa`` and ``aoq_percent`` from p = 0 up to where acceptance falls below 1 %."""
    n, ac = major.sample_size, major.ac
    grid = np.linspace(0.0, (ac + 10) / n, 4001)
    pa = oc_curve(n, ac, grid, config.oc_method, aql)
    upper = grid[np.argmax(pa < 0.01)] if (pa < 0.01).any() else grid[-1]
    p = np.arange(OC_POINTS) * _nice_step(max(upper, 1e-6))
    return pl.DataFrame(
        {
            "p_percent": np.round(p * 100, 10),
            "pa": oc_curve(n, ac, p, config.oc_method, aql),
            "aoq_percent": aoq(n, ac, lot_size, p, config.oc_method, aql) * 100,
        }
    )


def _ref(sheet: str, col: str, first: int, last: int) -> str:
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!${col}${first}:${col}${last}"


def plan_sheet(
    lot: Lot | None, states: pl.DataFrame, config: SamplingConfig, lang: Lang, note: str | None = None
) -> SheetDraft:
    """The sheet for ``lot`` (or only ``note`` when there is no lot to show) and the switching ``states``."""
    sheet_spec = spec("acceptance_plan")
    name = sheet_spec.name(lang)
    draft = draft_from_spec(sheet_spec, states, lang, start_row=STATES_ROW)
    cells = [
        Cell(STATES_ROW - 2, 0, render("sampling_plan_states", lang), SUBTITLE),
        Cell(STATES_ROW - 1, 0, render(f"sampling_score_{config.switching_score}", lang), NOTE),
    ]
    if lot is None:
        cells += [Cell(1, 0, name, TITLE), Cell(2, 0, note, NOTE)]
        draft.cells = cells
        return draft
    plans = class_plans(lot, config)
    major_aql, major = plans["major"]
    limit, _ = aoql(major.sample_size, major.ac, lot.lot_size, config.oc_method, major_aql)
    severity = spec("inspections").column("severity")
    decision = spec("inspections").column("decision")
    values = {
        "lot": lot.lot,
        "supplier": lot.supplier,
        "part": lot.part,
        "received": lot.received,
        "lot_size": lot.lot_size,
        "level": lot.level,
        "severity": severity.choice_for(lot.severity).label(lang),
        "standard": config.standard,
        "sample_size": lot.sample,
        "decision": decision.choice_for(lot.decision).label(lang) if lot.decision else None,
        "aoql": round(limit * 100, 4),
    }
    why = render(f"sampling_plan_why_{lot.why}", lang)
    cells += [Cell(1, 0, f"{name} — {lot.lot}", TITLE), Cell(2, 0, f"{why}; {note}" if note else why, NOTE)]
    for offset, key in enumerate(_LOOKUP):
        style = Style("yyyy-mm-dd", border=True) if key == "received" else Style(border=True)
        cells += [Cell(4 + offset, 0, _label(key, lang), LABEL), Cell(4 + offset, 1, values[key], style)]
    top = 5 + len(_LOOKUP) + 1
    for col, key in enumerate(_PLAN):
        cells.append(Cell(top, col, _label(key, lang), HEADER))
    for offset, (cls, (aql, found)) in enumerate(plans.items(), start=1):
        row = (
            render(f"sampling_plan_class_{cls}", lang),
            aql,
            found.code_letter,
            found.sample_size,
            found.ac,
            found.re,
            lot.counts.get(cls),
        )
        cells += [
            Cell(top + offset, col, value, Style("0.0##" if col == 1 else "General", border=True))
            for col, value in enumerate(row)
        ]
    table = oc_table(major, lot.lot_size, major_aql, config)
    head = top + len(CLASSES) + 3
    cells.append(Cell(head - 1, 0, render("sampling_plan_oc_note", lang), NOTE))
    for col, key in enumerate(_OC):
        cells.append(Cell(head, col, _label(key, lang), HEADER))
    formats = (Style("0.###", border=True), Style("0.0000", border=True), Style("0.0000", border=True))
    for offset, row in enumerate(table.iter_rows(), start=1):
        cells += [Cell(head + offset, col, float(value), formats[col]) for col, value in enumerate(row)]
    first, last = head + 1, head + table.height
    categories = tuple(f"{v:g}" for v in table["p_percent"])
    draft.charts = [
        Chart(
            "line",
            render("sampling_plan_oc_title", lang, n=major.sample_size, ac=major.ac),
            _ref(name, "A", first, last),
            categories,
            (Series(_label("pa", lang), _ref(name, "B", first, last), tuple(table["pa"].to_list())),),
            (8, 3, 16, 20),
        ),
        Chart(
            "line",
            render("sampling_plan_aoq_title", lang),
            _ref(name, "A", first, last),
            categories,
            (Series(_label("aoq", lang), _ref(name, "C", first, last), tuple(table["aoq_percent"].to_list())),),
            (8, 21, 16, 38),
        ),
    ]
    draft.cells = cells
    draft.widths = fitted_widths(cells, draft.block.widths if draft.block else [])
    return draft


def _display_width(value: object) -> int:
    """Characters a text needs in a cell: East Asian wide and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def fitted_widths(cells: list[Cell], table_widths: list[float]) -> dict[int, float]:
    """Column widths that show every text whole (notes and titles run on to the right), and no narrower than
    the switching-state table's columns below."""
    widths = dict(enumerate(table_widths))
    for cell in cells:
        if isinstance(cell.value, str) and cell.style not in (NOTE, TITLE, SUBTITLE):
            widths[cell.col] = max(widths.get(cell.col, 0), _display_width(cell.value) + 2)
    return widths
