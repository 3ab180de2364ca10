"""Generated sheets as a user prints them through LibreOffice: one page wide, labels beside their values, the
header on every page, every chart inside the print area, and pages that look as reviewed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.config.sampling import SamplingConfig
from srm_xl.demo.sample_data import sample_frames
from srm_xl.io.draft import SheetDraft
from srm_xl.schema import spec
from srm_xl.scoring import ScoringInputs, grade_suppliers, parse_period
from srm_xl.scoring.inputs import USED
from srm_xl.sheets.eightd_form import eight_d_draft
from srm_xl.sheets.package_cover import Identity, cover_draft
from srm_xl.sheets.sampling_plan import plan_sheet
from srm_xl.sheets.scorecard import history_frame, table_drafts
from srm_xl.sheets.scorecard_charts import chart_draft
from tests.libreoffice import pdf_page_sizes, pdf_pages, soffice
from tests.printed import assert_drawings_inside, assert_looks_like, print_drafts
from tests.sheets.test_eightd_form import LOTS, SCAR
from tests.sheets.test_sampling_plan import lot

pytestmark = pytest.mark.libreoffice
PORTRAIT, LANDSCAPE = (595.3, 841.9), (841.9, 595.3)


def _same(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return abs(size[0] - expected[0]) < 1 and abs(size[1] - expected[1]) < 1


@pytest.fixture(scope="module")
def scorecard_drafts() -> list[SheetDraft]:
    """What the Grade job writes for the demo data (hundreds of suppliers, a year of lots)."""
    frames = sample_frames()
    inputs = ScoringInputs(
        **{k: frames[k] for k in USED if k in frames} | {k: pl.DataFrame() for k in USED if k not in frames}
    )
    period, config = parse_period("2026-Q3"), Config().scoring
    result = grade_suppliers(inputs, period, config, None, lang="zh")
    history = history_frame(result, None)
    return [
        *table_drafts(result, history, config, period.label, "zh", {}),
        chart_draft(result.scorecard, history, period, "zh"),
    ]


def test_the_demo_scorecard_prints_one_page_wide_with_supplier_and_grade_on_every_page(
    scorecard_drafts: list[SheetDraft], tmp_path: Path
) -> None:
    soffice()
    scorecard = scorecard_drafts[0]
    assert scorecard.name == spec("scorecard").name("zh")
    _, pdf = print_drafts([scorecard], "zh", tmp_path, "scorecard")
    pages = pdf_pages(pdf)
    suppliers = scorecard.block.frame.height
    assert len(pages) <= suppliers // 25 + 1, f"{len(pages)} pages for {suppliers} suppliers"
    supplier, grade = spec("scorecard").column("supplier").header("zh"), spec("scorecard").column("grade").header("zh")
    for number, text in enumerate(pages, start=1):
        assert supplier in text and grade in text, f"page {number}: the supplier and the grade are not on the same page"
    assert all(_same(size, LANDSCAPE) for size in pdf_page_sizes(pdf))


def test_the_grade_charts_are_sized_to_their_bars_and_stay_inside_the_print_area(
    scorecard_drafts: list[SheetDraft], tmp_path: Path
) -> None:
    charts = scorecard_drafts[-1]
    top_ten = next(c for c in charts.charts if c.kind == "bar")
    assert top_ten.anchor[3] - top_ten.anchor[1] >= 17, "ten bars get at least 17 rows (340 px)"
    xlsx, pdf = print_drafts([charts], "zh", tmp_path, "charts")
    assert_drawings_inside(xlsx, charts.name)
    assert len(pdf_page_sizes(pdf)) <= 3


def test_the_8d_form_prints_portrait_one_page_wide_with_the_scar_number_beside_its_label(tmp_path: Path) -> None:
    soffice()
    draft = eight_d_draft(SCAR | {"scar_id": "SCAR-2026-1970F3"}, LOTS, "zh")
    _, pdf = print_drafts([draft], "zh", tmp_path, "eightd")
    pages = pdf_pages(pdf)
    assert all(_same(size, PORTRAIT) for size in pdf_page_sizes(pdf)) and len(pages) <= 3
    first = [" ".join(line.split()) for line in pdf_pages(pdf, layout=True)[0].splitlines()]
    assert any(line.startswith("SCAR编号 SCAR-2026-1970F3 ") for line in first), "label and whole number on one line"
    assert "D8" in "".join(pages) and "批号" in pages[-1]
    assert_looks_like(pdf, 1, "eightd_zh_page1")


def test_the_package_cover_prints_on_one_portrait_page_with_labels_beside_values(tmp_path: Path) -> None:
    soffice()
    identity = Identity("PKG-2026Q3-S001-7F3A", "S001", "2026-Q3", "2026-10-05 09:30", "a1b2c3d4e5f6")
    facts = {
        "company": "苏州精工",
        "supplier": "S001 上海远航精密机械有限公司",
        "period": "2026-Q3",
        "grade": "C",
        "total": "68.5",
        "consequence": "限期整改",
        "buyer": "周强",
        "contact": "qiang.zhou@example.com",
        "reply_by": "2026-10-20",
    }
    _, pdf = print_drafts([cover_draft(identity, facts, "8D报告", "苏州精工", "zh")], "zh", tmp_path, "cover")
    [page] = pdf_pages(pdf, layout=True)
    lines = [" ".join(line.split()) for line in page.splitlines()]
    assert "文件编号 PKG-2026Q3-S001-7F3A" in lines or any(
        line.endswith("PKG-2026Q3-S001-7F3A") and len(line) > 21 for line in lines
    ), lines
    assert "2026-10-20" in page and "a1b2c3d4e5f6" in page
    assert _same(pdf_page_sizes(pdf)[0], PORTRAIT)


def test_the_sampling_plan_prints_one_page_wide_with_its_charts_inside(tmp_path: Path) -> None:
    soffice()
    draft = plan_sheet(lot(), pl.DataFrame(), SamplingConfig(), "zh")
    xlsx, pdf = print_drafts([draft], "zh", tmp_path, "plan")
    assert_drawings_inside(xlsx, draft.name)
    assert len(pdf_page_sizes(pdf)) == 1
