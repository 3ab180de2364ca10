"""A log recording only what became of each lot, 合格 or Accepted among 退货, 挑选 and RTV, has those lots
accepted — the word was unknown, and the lot judged by nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template


def decisions(tmp_path: Path, header: list[str], dispositions: list[str], lang: str) -> list[object]:
    source = tmp_path / "log.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for number, disposition in enumerate(dispositions):
        sheet.append([f"L{number}", "S1", "P1", date(2026, 7, 1 + number), 100, disposition])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", lang)  # type: ignore[arg-type]
    with FileWorkbook(book) as opened:
        report = import_source(opened, source)
        assert not [i for i in report.issues if i.code == "not_in_choices"]
    with FileWorkbook(book) as opened:
        return opened.read(spec("inspections")).frame["decision"].to_list()


def test_a_chinese_log_whose_disposition_says_pass_accepts_the_lot(tmp_path: Path) -> None:
    header = ["批号", "供应商", "料号", "到货日期", "批量", "处理结果"]
    assert decisions(tmp_path, header, ["合格", "退货", "挑选"], "zh") == ["accept", "reject", "reject"]


def test_a_us_log_whose_disposition_says_accepted_accepts_the_lot(tmp_path: Path) -> None:
    header = ["Lot #", "Vendor", "Part Number", "Date Rec'd", "Lot Qty", "Disposition"]
    assert decisions(tmp_path, header, ["Accepted", "RTV", "Released"], "en") == ["accept", "reject", "accept"]
