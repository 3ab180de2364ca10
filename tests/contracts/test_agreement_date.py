"""A supplier whose quality agreement is dated on the supplier list (质量协议日期), as the risk scan and the approved
list read it, is not reported by the contract check as delivering without a quality agreement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.contracts import check_contracts
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template


def _ledger(path: Path) -> Path:
    """Two suppliers delivering under purchase contracts; only 华强电子's list row dates a quality agreement."""
    book = openpyxl.Workbook()
    suppliers = book.active
    suppliers.title = "供应商名录"
    suppliers.append(["供应商编码", "供应商名称", "状态", "质量协议日期"])
    suppliers.append(["GYS001", "东莞市华强电子有限公司", "合格", "2026.1.1"])
    suppliers.append(["GYS002", "深圳市精密五金制品有限公司", "合格", None])
    deliveries = book.create_sheet("交货记录")
    deliveries.append(
        ["采购订单号", "订单行号", "供应商", "物料编码", "订购数量", "实收数量", "要求交期", "实际交货日期"]
    )
    deliveries.append(["PO-001", 1, "GYS001", "P-100", 1000, 1000, "2026/7/10", "2026/7/10"])
    deliveries.append(["PO-002", 1, "GYS002", "P-200", 500, 500, "2026/8/1", "2026/8/1"])
    register = book.create_sheet("合同台账")
    register.append(["合同编号", "对方类型", "对方代码", "合同类型", "签订日期", "到期日期", "状态"])
    register.append(["HT-001", "供应商", "GYS001", "采购合同", "2026.1.1", "2027.12.31", "执行中"])
    register.append(["HT-002", "供应商", "GYS002", "采购合同", "2026.1.1", "2027.12.31", "执行中"])
    book.save(path)
    return path


def test_a_quality_agreement_dated_on_the_supplier_list_counts(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        import_source(workbook, _ledger(tmp_path / "台账.xlsx"))
    with FileWorkbook(book) as workbook:
        check_contracts(workbook, today=date(2026, 9, 30))
    findings = openpyxl.load_workbook(book)["合同检查"]
    flagged = {(row[0], row[2]) for row in findings.iter_rows(min_row=2, values_only=True)}
    assert flagged == {("有交货无质量协议", "GYS002")}
