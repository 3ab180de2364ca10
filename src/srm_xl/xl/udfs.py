"""Worksheet functions (xlwings UDFs): one-line adapters into the engines, one call per column.

Each argument arrives as a 2-D list (``ndim=2``: a cell is ``[[v]]``, a column ``[[v], [v], …]``; blanks are
``None``, dates ``datetime``); each function returns a value or a 2-D list that spills. Excel names are the
Python names (``=SRM_PLAN(A2:A500)``). Settings (grade thresholds, risk matrix, 8D step days) are the documented
defaults of the Config sheet: a formula cannot read the sheet without making every recalculation slow.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl
import xlwings as xw

from srm_xl.config.capa import CapaConfig
from srm_xl.config.risk import RiskConfig
from srm_xl.io.reader import table_from_text
from srm_xl.qualification.excel import srm_approved
from srm_xl.risk.matrix import level_expr
from srm_xl.sampling import excel as sampling
from srm_xl.schema import spec
from srm_xl.scoring import udf as scoring
from srm_xl.validation.uscc import is_valid

Grid = list[list[Any]]
"""Optional range arguments default to None but are annotated ``Grid``: xlwings turns an argument's annotation into
its converter, and ``Grid | None`` has none (a test checks every annotation has one)."""
STEP_DAYS = {step: f"{step.lower()}_days" for step in ("D3", "D4", "D8")}
"""8D steps whose days ``SRM_DUE_DATE`` takes from the CAPA settings (``capa.d3_days`` …)."""


def _cells(grid: Any) -> list[Any]:
    """A 2-D argument as one flat list, row by row."""
    return [cell for row in grid for cell in row] if isinstance(grid, list) else [grid]


def _first(grid: Any) -> Any:
    return _cells(grid)[0]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _squeeze(grid: Any) -> Any:
    """A one-cell grid as its value, so the scoring functions use it for every row of the other argument."""
    return grid[0][0] if isinstance(grid, list) and len(grid) == 1 and len(grid[0]) == 1 else grid


def _column(values: list[Any]) -> Grid:
    return [[v] for v in values]


@xw.func(category="SRM")
@xw.arg("lot_sizes", ndim=2, doc="Lot sizes (a column) / 批量")
@xw.arg("levels", ndim=2, doc="Inspection levels (I, II, III, S-1…S-4); blank: Config default")
@xw.arg("aqls", ndim=2, doc="AQL values; blank: Config default for major defects")
@xw.arg("severities", ndim=2, doc="normal, tightened or reduced; blank: normal")
def SRM_PLAN(lot_sizes: Grid, levels: Grid = None, aqls: Grid = None, severities: Grid = None) -> Grid:  # noqa: N802
    """GB/T 2828.1 plan per lot: code letter, sample size n, Ac, Re (spills 4 columns)."""
    return sampling.srm_plan(lot_sizes, levels, aqls, severities)


@xw.func(category="SRM")
@xw.arg("n", ndim=2, doc="Sample size")
@xw.arg("ac", ndim=2, doc="Acceptance number")
@xw.arg("p", ndim=2, doc="Fractions nonconforming (a column)")
@xw.arg("aql", ndim=2, doc="AQL (chooses the binomial or Poisson model); blank: binomial")
def SRM_OC(n: Grid, ac: Grid, p: Grid, aql: Grid = None) -> Any:  # noqa: N802
    """Probability of accepting a lot with plan (n, Ac) at each fraction nonconforming ``p``."""
    values = _cells(p)
    result = sampling.srm_oc(_first(n), _first(ac), values, None if aql is None else _first(aql))
    return result[0][0] if len(values) == 1 else result


@xw.func(category="SRM")
@xw.arg("defects", ndim=2, doc="Defective units (a column)")
@xw.arg("inspected", ndim=2, doc="Units inspected (a column, or one cell for all)")
def SRM_PPM(defects: Grid, inspected: Grid) -> Any:  # noqa: N802
    """Defective parts per million: defects / inspected × 1,000,000; blank where nothing was inspected."""
    return scoring.srm_ppm(_squeeze(defects), _squeeze(inspected))


@xw.func(category="SRM")
@xw.arg("scores", ndim=2, doc="Total scores 0-100 (a column)")
def SRM_GRADE(scores: Grid) -> Any:  # noqa: N802
    """Supplier grade (A-D) of each total score by the default grade thresholds."""
    return scoring.srm_grade(_squeeze(scores))


@xw.func(category="SRM")
@xw.arg("metric", doc="Metric key: ppm, on_time, lot_acceptance, scar_response, scar_closure …")
@xw.arg("values", ndim=2, doc="Metric values (a column)")
def SRM_POINTS(metric: str, values: Grid) -> Any:  # noqa: N802
    """Points 0-100 the default rule of ``metric`` gives each value."""
    return scoring.srm_points(str(metric), _squeeze(values))


def risk_levels(likelihood: list[Any], impact: list[Any], lang: str = "zh") -> list[str | None]:
    """The Config default 5×5 matrix's level label for each pair; None where either is not a whole number 1-5."""
    column = spec("risks").column("level")
    frame = pl.DataFrame(
        {
            name: pl.Series([_number(v) for v in values], dtype=pl.Float64)
            for name, values in (("l", likelihood), ("i", impact))
        }
    )
    whole = [pl.when(pl.col(n) == pl.col(n).floor()).then(pl.col(n)) for n in ("l", "i")]
    keys = frame.select(level_expr(*whole, RiskConfig().levels()))[:, 0].to_list()
    labels = {c.key: c.label("en" if lang == "en" else "zh") for c in column.choices}
    return [None if key is None else labels[key] for key in keys]


@xw.func(category="SRM")
@xw.arg("likelihood", ndim=2, doc="Likelihood 1-5 (a column)")
@xw.arg("impact", ndim=2, doc="Impact 1-5 (a column)")
@xw.arg("lang", doc="zh or en (default zh)")
def SRM_RISK_LEVEL(likelihood: Grid, impact: Grid, lang: str = "zh") -> Any:  # noqa: N802
    """Risk level (低/中/高/极高 or Low … Critical) of likelihood × impact on the Config default 5×5 matrix."""
    first, second = _cells(likelihood), _cells(impact)
    if len(second) == 1:
        second = second * len(first)
    levels = risk_levels(first, second, lang)
    return levels[0] if len(levels) == 1 else _column(levels)


@xw.func(category="SRM")
@xw.arg("codes", ndim=2, doc="Unified social credit codes (a column)")
def SRM_USCC_VALID(codes: Grid) -> Any:  # noqa: N802
    """TRUE where the 18-character unified social credit code's check digit is right (GB 32100-2015)."""
    flags = [None if c in (None, "") else is_valid(str(c)) for c in _cells(codes)]
    return flags[0] if len(flags) == 1 else _column(flags)


def step_days(value: Any) -> Any:
    """Days for an 8D step name ("D3", "D4", "D8": the CAPA defaults of the Config sheet), else the value."""
    field = STEP_DAYS.get(str(value).strip().upper()) if isinstance(value, str) else None
    return getattr(CapaConfig(), field) if field else value


def due_dates(starts: list[Any], days: list[Any], working: bool, holidays: list[Any]) -> list[date | None]:
    """Each start date plus its days (a number or a step name): working days (Mon-Fri, skipping ``holidays``)
    or calendar days."""
    days = [step_days(d) for d in days]
    begin = np.array([_day(s) or "NaT" for s in starts], dtype="datetime64[D]")
    count = np.array([np.nan if (n := _number(c)) is None else n for c in days], dtype=float)
    ok = ~np.isnat(begin) & np.isfinite(count)
    due = np.full(begin.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    steps = count[ok].astype(np.int64)
    if working:
        off = sorted({d for d in map(_day, holidays) if d is not None})
        due[ok] = np.busday_offset(begin[ok], steps, roll="forward", holidays=off)
    else:
        due[ok] = begin[ok] + steps
    return [None if np.isnat(d) else d.astype(date) for d in due]


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


@xw.func(category="SRM")
@xw.arg("starts", ndim=2, doc="Start dates (a column), e.g. the SCAR issue date")
@xw.arg("days", ndim=2, doc="Days allowed (a column, or one cell for all), or an 8D step: D3, D4 or D8")
@xw.arg("working", doc="TRUE: working days Mon-Fri (default); FALSE: calendar days")
@xw.arg("holidays", ndim=2, doc="Holiday dates to skip (a range); optional")
def SRM_DUE_DATE(starts: Grid, days: Grid, working: bool = True, holidays: Grid = None) -> Any:  # noqa: N802
    """Due date of a step: start + days, counted in working days (skipping holidays) or calendar days."""
    first, counts = _cells(starts), _cells(days)
    if len(counts) == 1:
        counts = counts * len(first)
    result = due_dates(first, counts, working is not False, _cells(holidays) if holidays else [])
    return result[0] if len(result) == 1 else _column(result)


def approved_list(grid: Grid) -> pl.DataFrame:
    """The Approved list range (header row included) as a typed frame, through the same reader as files."""
    text = pl.DataFrame(
        [[None if v is None else str(v) for v in row] for row in grid],
        orient="row",
        schema=[f"c{i}" for i in range(len(grid[0]))],
    )
    return table_from_text(spec("approved_list"), "approved_list", text).frame


@xw.func(category="SRM")
@xw.arg("suppliers", ndim=2, doc="Supplier codes (a column)")
@xw.arg("parts", ndim=2, doc="Part numbers (a column, or one cell for all)")
@xw.arg("approved", ndim=2, doc="The Approved list table with its header row, e.g. tblApprovedList[#All]")
@xw.arg("lang", doc="zh or en (default zh)")
def SRM_APPROVED(suppliers: Grid, parts: Grid, approved: Grid, lang: str = "zh") -> Grid:  # noqa: N802
    """Whether each purchase is allowed, and why not: [TRUE/FALSE, reason] per supplier × part."""
    codes = _cells(suppliers)
    items = _cells(parts)
    items = items * len(codes) if len(items) == 1 else items
    return srm_approved(codes, items, approved_list(approved), "en" if lang == "en" else "zh")


UDFS = (SRM_PLAN, SRM_OC, SRM_PPM, SRM_GRADE, SRM_POINTS, SRM_RISK_LEVEL, SRM_USCC_VALID, SRM_DUE_DATE, SRM_APPROVED)
"""Every worksheet function, for ``UDF MODULES`` and the README's table."""
