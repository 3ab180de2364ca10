"""A contract whose end date is written 长期有效 (合同到期日) is open-ended: read as no end date, never expired; the
word means nothing in other date columns, where it is still reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.contracts import check_contracts
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template
from tests.books import sheet_rows


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "客户名录"
    customers.append(["客户代码", "客户名称"])
    customers.append(["C001", "甲公司"])
    customers.append(["C002", "乙公司"])
    register = book.create_sheet("合同台账")
    register.append(["合同编号", "对方类型", "对方代码", "合同类型", "签订日期", "合同到期日", "状态"])
    register.append(["A1", "客户", "C001", "销售合同", "2024.1.1", "长期有效", "执行中"])
    register.append(["A2", "客户", "C002", "销售合同", "长期有效", "2025.12.31", "执行中"])
    book.save(path)
    return path


def test_a_contract_valid_long_term_has_no_end_and_never_expires(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _ledger(tmp_path / "合同.xlsx"))
    assert [(i.code, i.cell, i.value) for i in report.issues if i.severity == "error"] == [
        ("not_date", "E3", "长期有效")  # 长期有效 as a start date is still a mistake
    ]
    rows = {r[0]: r for r in sheet_rows(book, "合同台账", min_row=2)}
    assert rows["A1"][5] == "长期有效" and rows["A2"][5] is not None  # 到期日期 kept as the word: open-ended
    with FileWorkbook(book) as workbook:
        check_contracts(workbook, today=date(2026, 12, 7))
    flagged = {row[3] for row in sheet_rows(book, "合同检查", min_row=2)}
    assert "A1" not in flagged and "A2" in flagged  # A2 ended 2025-12-31
