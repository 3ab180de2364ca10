"""Descriptive columns keep the user's own words: a candidate's category, an audit question's dimension and a
sample's kind are imported as typed, with no "meaning unknown" report and nothing added to the Value map."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template
from tests.books import sheet_rows


def _ledger(path: Path) -> Path:
    """A qualification ledger as a supplier-development engineer keeps it, in their own words."""
    workbook = openpyxl.Workbook()
    candidates = workbook.active
    candidates.title = "候选供应商"
    candidates.append(["候选供应商代码", "名称", "需求(物料/类别)", "类别", "联系人"])
    candidates.append(["H001", "东莞市新候选一号塑胶有限公司", "注塑外壳", "塑胶", "赵经理"])
    audits = workbook.create_sheet("供应商审核")
    audits.append(["审核编号", "供应商代码", "审核类型", "审核日期", "审核员"])
    audits.append(["SA-2026-01", "GYS001", "过程审核", "2026/11/10", "周工"])
    checklist = workbook.create_sheet("审核检查表")
    checklist.append(["审核编号", "题号", "维度", "检查问题", "满分", "得分"])
    checklist.append(["SA-2026-01", 1, "过程控制", "首件检验是否执行", 10, 9])
    samples = workbook.create_sheet("样品承认")
    samples.append(["样品编号", "供应商代码", "物料编码", "类型", "收样日期", "承认决定"])
    samples.append(["YP-01", "GYS001", "PA-100", "新品", "2026/9/1", "承认"])
    samples.append(["YP-03", "GYS001", "PA-101", "变更", "2026/9/1", "承认"])
    workbook.save(path)
    return path


def _column(book: Path, sheet: str, header: str) -> list[object]:
    rows = sheet_rows(book, sheet)
    at = rows[0].index(header)
    return [row[at] for row in rows[1:] if any(row)]


def test_descriptive_words_are_kept_as_typed_and_not_reported_unknown(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _ledger(tmp_path / "资质台账.xlsx"))
    unknown = [(i.sheet, i.column, i.value) for i in report.issues if i.code == "not_in_choices"]
    assert unknown == []
    assert _column(book, "候选供应商", "类别") == ["塑胶"]
    assert _column(book, "审核检查表", "维度") == ["过程控制"]
    assert _column(book, "样品承认", "类型") == ["新品", "变更"]
