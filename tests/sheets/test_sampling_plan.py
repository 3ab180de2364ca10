"""The Sampling plan sheet's content: per-class lookup, the OC table's range, and its charts' references."""

from __future__ import annotations

from datetime import date
from math import comb

import polars as pl
import pytest

from srm_xl.config.sampling import SamplingConfig
from srm_xl.io.styles import NOTE, SUBTITLE, TITLE
from srm_xl.messages import render
from srm_xl.sampling import plan
from srm_xl.sheets.sampling_plan import OC_POINTS, Lot, _display_width, class_plans, oc_table, plan_sheet


def lot(**changes: object) -> Lot:
    values = {
        "lot": "L1",
        "supplier": "S1",
        "part": "P1",
        "received": date(2026, 3, 2),
        "lot_size": 1000,
        "level": "II",
        "aql": 1.0,
        "severity": "normal",
        "sample": 200,
        "decision": "reject",
        "counts": {"critical": 0, "major": 3, "minor": 0},
        "why": "latest_rejected",
    }
    return Lot(**{**values, **changes})  # type: ignore[arg-type]


def test_each_class_has_its_own_aql_and_critical_accepts_nothing() -> None:
    plans = class_plans(lot(), SamplingConfig())
    assert {k: (aql, p.code_letter, p.sample_size, p.ac, p.re) for k, (aql, p) in plans.items()} == {
        "critical": (0.065, "L", 200, 0, 1),
        "major": (1.0, "J", 80, 2, 3),
        "minor": (2.5, "J", 80, 5, 6),
    }
    loose = class_plans(lot(), SamplingConfig(critical_zero_acceptance=False, aql_critical=0.4))
    assert loose["critical"][1] == plan(1000, "II", 0.4)


def test_oc_table_runs_from_zero_to_where_acceptance_vanishes() -> None:
    table = oc_table(plan(1000, "II", 1.0), 1000, 1.0, SamplingConfig())
    assert table.height == OC_POINTS and table["p_percent"][0] == 0 and table["pa"][0] == pytest.approx(1)
    assert table["pa"][-1] < 0.01 < table["pa"][-5]  # the curve ends a few points past Pa = 1 %
    assert table["pa"].is_sorted(descending=True)
    p = table["p_percent"][5] / 100
    assert table["pa"][5] == pytest.approx(sum(comb(80, d) * p**d * (1 - p) ** (80 - d) for d in range(3)))
    assert table["aoq_percent"][5] == pytest.approx(table["pa"][5] * p * 100 * (1000 - 80) / 1000)


def test_charts_refer_to_the_oc_table_cells_and_cache_its_values() -> None:
    draft = plan_sheet(lot(), pl.DataFrame(), SamplingConfig(), "en")
    oc, aoq_chart = draft.charts
    assert oc.kind == aoq_chart.kind == "line"
    first = int(oc.categories_ref.split("$A$")[1].split(":")[0])
    by_cell = {(c.row, c.col): c.value for c in draft.cells}
    assert by_cell[(first - 1, 1)] == "Probability of acceptance Pa"
    assert oc.series[0].values == tuple(by_cell[(first + i, 1)] for i in range(OC_POINTS))
    assert oc.series[0].ref == f"'Sampling plan'!$B${first}:$B${first + OC_POINTS - 1}"


def test_without_a_lot_the_sheet_says_why() -> None:
    draft = plan_sheet(None, pl.DataFrame(), SamplingConfig(), "zh", "没有可计算的批")
    assert draft.name == "抽样方案" and not draft.charts
    assert [c.value for c in draft.cells if c.row == 2] == ["没有可计算的批"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_label_or_header_is_clipped(lang: str) -> None:
    draft = plan_sheet(lot(), pl.DataFrame({"supplier": ["S1"], "part": ["P1"]}), SamplingConfig(), lang)
    texts = [c for c in draft.cells if isinstance(c.value, str) and c.style not in (NOTE, SUBTITLE, TITLE)]
    assert len(texts) > 20
    for cell in texts:
        assert draft.widths[cell.col] >= _display_width(cell.value) + 1, (cell.row, cell.col, cell.value)
    assert draft.widths[1] >= _display_width("接收概率 Pa")  # column B holds the OC table's long header


@pytest.mark.parametrize("reading", ["per_class", "per_lot"])
def test_the_sheet_says_which_switching_score_reading_is_used(reading: str) -> None:
    for shown in (lot(), None):
        draft = plan_sheet(shown, pl.DataFrame(), SamplingConfig(switching_score=reading), "zh", "x")
        notes = [c.value for c in draft.cells if isinstance(c.value, str) and c.value.startswith("转移得分")]
        assert notes == [render(f"sampling_score_{reading}", "zh")]
