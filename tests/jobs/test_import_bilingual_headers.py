"""A joint venture's delivery log headed in both languages, a space between them (供应商 Supplier, 要求交期 Due
Date), is imported column by column — no sheet of it was recognised, the import stopping with 'no recognisable
sheet'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template


def test_a_delivery_log_headed_chinese_space_english_is_imported(tmp_path: Path) -> None:
    source = tmp_path / "Delivery 交货.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "交货记录 Delivery"
    sheet.append(["供应商 Supplier", "物料 Part", "采购单号 PO No.", "要求交期 Due Date", "实际到货 Date Rec'd"])
    sheet.append(["S001", "P-100", "PO-1", date(2026, 7, 1), date(2026, 7, 3)])
    sheet.append(["S001", "P-100", "PO-2", date(2026, 7, 10), date(2026, 7, 9)])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        import_source(opened, source)
    with FileWorkbook(book) as opened:
        frame = opened.read(spec("deliveries")).frame
    assert frame.select("supplier", "po", "due_date", "delivered_date").rows() == [
        ("S001", "PO-1", date(2026, 7, 1), date(2026, 7, 3)),
        ("S001", "PO-2", date(2026, 7, 10), date(2026, 7, 9)),
    ]
