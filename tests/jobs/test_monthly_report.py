"""The monthly report: at most four landscape pages, nothing cut, Chinese fonts embedded, and pages that look
as reviewed."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.io.chart import ROW_PX
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.page import column_pixels, printable_pixels
from srm_xl.jobs.grade import grade
from srm_xl.jobs.monthly_report import render_report, write_report_book
from srm_xl.sheets.monthly_report import PAGE_ROWS
from tests.libreoffice import pdf_page_sizes, pdf_pages, soffice
from tests.printed import assert_drawings_inside, assert_looks_like, drawing_anchors

TODAY = date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data as a user keeps it, graded."""
    path = build_book(tmp_path_factory.mktemp("demo") / "srm_demo.xlsx", sample_frames(), "zh")
    with FileWorkbook(path) as book:
        grade(book)
    return path


@pytest.fixture(scope="module")
def report_book(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report_book(demo_book, tmp_path_factory.mktemp("report"), today=TODAY)


def test_every_chart_is_anchored_inside_its_page_at_full_size(report_book: Path) -> None:
    sheet = openpyxl.load_workbook(report_book)["质量月报"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    width = sum(column_pixels(sheet.column_dimensions[c].width) for c in "ABCDEFGHIJKLMNOP")
    assert width <= printable_pixels("A4", landscape=True)[0], "the report needs no shrinking to fit the width"
    assert printable_pixels("A4", landscape=True)[1] >= PAGE_ROWS * ROW_PX
    assert [b.id for b in sheet.row_breaks.brk] == [PAGE_ROWS, 2 * PAGE_ROWS, 3 * PAGE_ROWS]
    anchors = drawing_anchors(report_book, "质量月报")
    assert len(anchors) == 8, "grades, grade trend, PPM, on-time, Pareto, ages, complaints, satisfaction"
    assert_drawings_inside(report_book, "质量月报")


@pytest.mark.libreoffice
def test_the_report_prints_on_four_landscape_pages_with_chinese_fonts_embedded(demo_book: Path, tmp_path: Path) -> None:
    soffice()
    pdf = render_report(demo_book, tmp_path / "月报.pdf", today=TODAY)
    sizes = pdf_page_sizes(pdf)
    assert len(sizes) == 4 and all(w > h for w, h in sizes), sizes
    pages = pdf_pages(pdf)
    expected = {
        0: ("关键指标", "供应商等级分布", "等级趋势"),
        1: ("来料PPM趋势", "准时交货率趋势", "主要缺陷类型", "风险热力图"),
        2: ("逾期纠正措施(共", "SCAR-2026-", "未关闭纠正措施账龄"),
        3: ("客户投诉", "各等级客户满意度指数"),
    }
    for page, titles in expected.items():
        text = pages[page].replace(" ", "")
        for title in titles:
            assert title.replace(" ", "") in text, f"{title!r} is not on page {page + 1}"
        assert f"第{page + 1}页，共4页" in text
        assert TODAY.isoformat() in text, "the report's day, year first (not 10/31/26, LibreOffice's own locale)"
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    assert any("CJK" in line for line in fonts), "a Chinese font is used"
    assert all(line.split()[-5] == "yes" for line in fonts), "every font is embedded"
    assert_looks_like(pdf, 1, "report_zh_page1")
    assert_looks_like(pdf, 2, "report_zh_page2")
