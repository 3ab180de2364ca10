"""A contract register that names its parties (深圳市精密五金制品有限公司, 比亚迪) instead of giving their codes: import
writes the codes, the contract check finds the contract, and validate flags a party in neither list."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.contracts import check_contracts
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.validate import validate
from srm_xl.templates.build import build_template


def _ledger(path: Path, *contracts: tuple[str, str, str]) -> Path:
    """Suppliers, customers and the contract register as a QE keeps them."""
    book = openpyxl.Workbook()
    suppliers = book.active
    suppliers.title = "供应商名录"
    suppliers.append(["供应商编码", "供应商名称", "简称", "状态"])
    suppliers.append(["GYS001", "东莞市华强电子有限公司", "华强电子", "合格"])
    suppliers.append(["GYS002", "深圳市精密五金制品有限公司", "精密五金", "合格"])
    customers = book.create_sheet("客户清单")
    customers.append(["客户编号", "客户名称"])
    customers.append(["C002", "比亚迪汽车工业有限公司"])
    deliveries = book.create_sheet("交货记录")
    deliveries.append(
        ["采购订单号", "订单行号", "供应商", "物料编码", "订购数量", "实收数量", "要求交期", "实际交货日期"]
    )
    deliveries.append(["PO-002", 1, "精密五金", "P-200", 500, 500, "2026/8/1", "2026/8/3"])
    register = book.create_sheet("合同台账")
    register.append(["合同编号", "对方类型", "对方代码", "合同类型", "签订日期", "到期日期", "状态"])
    for number, party_type, party in contracts:
        register.append([number, party_type, party, "采购合同", "2026.1.1", "2027.12.31", "执行中"])
    book.save(path)
    return path


def _parties(book: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(book)["合同台账"]
    rows = list(sheet.iter_rows(values_only=True))
    at = {header: i for i, header in enumerate(rows[0])}
    return {row[at["合同编号"]]: row[at["对方代码"]] for row in rows[1:]}


def test_a_party_named_instead_of_coded_is_imported_as_its_code(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    source = _ledger(
        tmp_path / "台账.xlsx",
        ("HT-002", "供应商", "深圳市精密五金制品有限公司"),
        ("HT-C-002", "客户", "比亚迪汽车工业有限公司"),
    )
    with FileWorkbook(book) as workbook:
        import_source(workbook, source)
    assert _parties(book) == {"HT-002": "GYS002", "HT-C-002": "C002"}
    with FileWorkbook(book) as workbook:
        check_contracts(workbook)
    findings = openpyxl.load_workbook(book)["合同检查"]
    flagged = {row[0] for row in findings.iter_rows(values_only=True) if "GYS002" in row}
    assert "有交货无有效合同" not in flagged, "HT-002 is its contract"


def test_validate_flags_a_party_in_neither_list(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    source = _ledger(tmp_path / "台账.xlsx", ("HT-009", "供应商", "无锡某某电镀厂"), ("HT-C-009", "客户", "C404"))
    with FileWorkbook(book) as workbook:
        imported = import_source(workbook, source)
    unresolved = [i for i in imported.issues if i.code == "import_unresolved_name"]
    assert [i.value for i in unresolved] == ["无锡某某电镀厂", "C404"]
    with FileWorkbook(book) as workbook:
        report = validate(workbook)
    flagged = {(i.value, i.fields["target"]) for i in report.issues if i.code == "unknown_reference"}
    assert flagged == {("无锡某某电镀厂", "供应商名录"), ("C404", "客户名录")}
