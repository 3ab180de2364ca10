"""A satisfaction survey ledger with an answer typed off its scale (45 for 4/5, a 100-point score): the answer is
left out of the satisfaction index and named, instead of making the index several hundred."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.customers import satisfaction
from srm_xl.schema import spec
from srm_xl.templates.build import build_template


def test_an_answer_off_the_scale_is_left_out_of_the_index_and_named(tmp_path: Path) -> None:
    ledger = openpyxl.Workbook()
    sheet = ledger.active
    sheet.title = "满意度调查"
    sheet.append(["调查编号", "客户编号", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿(0-10)"])
    sheet.append(["MY-01", "KH01", "2026-H1", 4, 4, 4, 4, 4, 9])
    sheet.append(["MY-02", "KH01", "2026-H1", 45, 5, 5, 5, 5, 90])
    ledger.save(tmp_path / "满意度.xlsx")
    book = build_template(tmp_path / "quality.xlsx", "zh")
    runner = CliRunner()
    runner.invoke(app, ["import", str(tmp_path / "满意度.xlsx"), "--into", str(book)])
    with FileWorkbook(book) as opened:
        report = satisfaction(opened)
    with FileWorkbook(book) as opened:
        summary = opened.read(spec("satisfaction")).frame
    overall = summary.filter((summary["level"] == "overall") & (summary["period"] == "2026-H1")).row(0, named=True)
    assert overall["index"] == 87.5  # (75 + 100) / 2: MY-02's 45 left out, its other answers all 5
    assert overall["nps"] == 100.0  # MY-01's 9 is a promoter; MY-02's 90 is no answer
    assert report.summary_zh.startswith("2 份答卷; 2026-H1 满意度指数 87.5")
    named = [(i.sheet, i.cell, i.column, i.value) for i in report.issues if i.code == "satisfaction_out_of_scale"]
    assert named == [("满意度调查", "D3", "质量", "45"), ("满意度调查", "I3", "推荐意愿(0-10)", "90")]


def test_answers_typed_with_their_unit_are_read(tmp_path: Path) -> None:
    ledger = openpyxl.Workbook()
    sheet = ledger.active
    sheet.title = "满意度调查"
    sheet.append(["调查编号", "客户编号", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿(0-10)"])
    sheet.append(["MY-01", "KH01", "2026-H1", "4分", "5分", "4 分", "5分", "4分", "9分"])
    ledger.save(tmp_path / "满意度.xlsx")
    book = build_template(tmp_path / "quality.xlsx", "zh")
    CliRunner().invoke(app, ["import", str(tmp_path / "满意度.xlsx"), "--into", str(book)])
    with FileWorkbook(book) as opened:
        answers = opened.read(spec("surveys")).frame.row(0, named=True)
    assert [answers[k] for k in ("quality", "delivery", "price", "service", "communication", "recommend")] == [
        4,
        5,
        4,
        5,
        4,
        9,
    ]
