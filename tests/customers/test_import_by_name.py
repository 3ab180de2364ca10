"""A customer list kept by name only imports with codes derived from the names, and the complaints and surveys
that name those customers refer to them by those codes."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "客户名单"
    customers.append(["客户名称", "行业", "年销售额"])
    customers.append(["深圳市华为终端有限公司", "通信", "12,000,000"])
    customers.append(["比亚迪汽车工业有限公司", "汽车", "8,500,000"])
    complaints = book.create_sheet("客诉登记")
    complaints.append(["投诉编号", "客户", "投诉日期", "投诉类型", "问题描述", "状态"])
    complaints.append(["K1", "深圳市华为终端有限公司", "2026.11.20", "质量", "按键失灵", "处理中"])
    complaints.append(["K2", "比亚迪", "2026.11.25", "交付", "延期", "已结案"])
    surveys = book.create_sheet("满意度")
    surveys.append(["调查编号", "客户", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿"])
    surveys.append(["S-2026H2", "比亚迪汽车工业有限公司", "2026-H2", 4, 4, 4, 4, 4, 8])
    book.save(path)
    return path


def _column(book: Path, sheet: str, header: str) -> list[object]:
    rows = list(openpyxl.load_workbook(book)[sheet].iter_rows(values_only=True))
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def test_customers_kept_by_name_get_codes_the_complaints_and_surveys_refer_by(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _ledger(tmp_path / "客户台账.xlsx"))
    assert report.counts["set_aside"] == 0
    assert _column(book, "客户名录", "客户代码") == ["~深圳市华为终端", "~比亚迪汽车工业"]
    assert _column(book, "客户投诉", "客户代码") == ["~深圳市华为终端", "~比亚迪汽车工业"]
    assert _column(book, "满意度调查", "客户代码") == ["~比亚迪汽车工业"]
    assert not [i for i in report.issues if i.code == "unknown_reference"]
