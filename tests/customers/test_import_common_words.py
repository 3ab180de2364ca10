"""Words customer ledgers commonly use for their headers and statuses are read, not reported: 客户编号, 处理状态,
回复日期, 结案日期, 所属行业, 战略客户, 待回复 / 未结案 / 未解决, and a 品质 complaint is a quality one that needs a SCAR."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.customers import track_complaints
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template
from tests.books import sheet_rows


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "客户档案"
    customers.append(["客户编号", "客户名称", "所属行业", "年销售额", "战略客户"])
    customers.append(["K01", "甲公司", "汽车", "1,200", "是"])
    customers.append(["K02", "乙公司", "家电", "800", None])
    complaints = book.create_sheet("客诉")
    complaints.append(
        [
            "投诉编号",
            "客户编号",
            "客户名称",
            "投诉日期",
            "投诉类型",
            "客诉内容",
            "责任供应商",
            "处理状态",
            "回复日期",
            "结案日期",
        ]
    )
    complaints.append(["Q1", "K01", "甲公司", "2026.11.1", "品质", "划伤", "GYS001", "待回复", None, None])
    complaints.append(["Q2", "K02", "乙公司", "2026.11.2", "交付", "延误", None, "未结案", "2026.11.3", None])
    complaints.append(["Q3", "K01", "甲公司", "2026.11.3", "服务", "态度", None, "未解决", "2026.11.4", None])
    complaints.append(["Q4", "K02", "乙公司", "2026.11.4", "品质", "异响", None, "已结案", "2026.11.4", "2026.11.9"])
    surveys = book.create_sheet("满意度")
    surveys.append(["调查编号", "客户编号", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿"])
    surveys.append(["S-2026H2", "K01", "2026-H2", 4, 4, 4, 4, 4, 8])
    book.save(path)
    return path


def test_common_customer_words_are_read_and_a_品质_complaint_needs_a_scar(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _ledger(tmp_path / "客户台账.xlsx"))
    assert report.counts["set_aside"] == 0
    assert [(i.code, i.column) for i in report.issues] == [("import_extra_column", "客户名称")]  # kept, as info
    customers = {r[0]: r for r in sheet_rows(book, "客户名录", min_row=2)}
    assert (customers["K01"][2], customers["K01"][10]) == ("汽车", "是")  # 行业, 战略标记
    complaints = {r[0]: r for r in sheet_rows(book, "客户投诉", min_row=2)}
    read = {k: (r[1], r[3], r[4], r[8], r[9], r[10]) for k, r in complaints.items()}
    assert read["Q1"] == ("K01", "质量", "划伤", None, None, "已接收")
    assert read["Q2"][5] == "已接收" and read["Q3"][5] == "已接收"
    assert read["Q4"] == ("K02", "质量", "异响", datetime(2026, 11, 4), datetime(2026, 11, 9), "客户已确认")
    assert [r[1] for r in sheet_rows(book, "满意度调查", min_row=2)] == ["K01"]
    with FileWorkbook(book) as workbook:
        tracked = track_complaints(workbook, today=date(2026, 12, 7))
    assert tracked.counts["scar_raise"] == 1  # Q1: a 品质 complaint traced to GYS001
    sla = {r[0]: r for r in sheet_rows(book, "投诉时效", min_row=2)}
    assert sla["Q1"][15] == "需发出SCAR"


def test_with_both_a_code_and_a_name_column_the_code_is_the_customer(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, _ledger(tmp_path / "客户台账.xlsx"))
    assert [r[1] for r in sheet_rows(book, "客户投诉", min_row=2)] == ["K01", "K02", "K01", "K02"]
    rows = sheet_rows(book, "客户投诉")
    assert rows[0].count("客户代码") == 1 and "客户名称" in rows[0]  # the names kept beside, not a second mapping
    assert [r[rows[0].index("客户名称")] for r in rows[1:]] == ["甲公司", "乙公司", "甲公司", "乙公司"]
    assert not [i for i in report.issues if i.code == "unknown_reference"]
