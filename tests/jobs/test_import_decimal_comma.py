"""An inspection log from a European plant types its AQLs with a decimal comma and three decimals (0,065, 0,010):
import and inspect read them as 0.065 and 0.010 — they were read as 65 and 10 (valid AQLs, a thousand times
looser) and a lot's plan accepted it with 21 defects instead of none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.inspect import inspect_lots
from srm_xl.schema import spec
from srm_xl.templates.build import build_template


def test_aqls_with_a_decimal_comma_and_three_decimals_keep_their_plans(tmp_path: Path) -> None:
    source = tmp_path / "IQC log.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验记录"
    sheet.append(["批号", "供应商代码", "物料编码", "到货日期", "批量", "检验水平", "AQL", "严重缺陷数"])
    for number, aql in enumerate(["0,065", "0,010", "0,65"]):
        sheet.append([f"L{number}", "S1", "P1", date(2026, 7, 1 + number), 500, "II", aql, 0])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        import_source(opened, source)
    with FileWorkbook(book) as opened:
        inspect_lots(opened)
    log = openpyxl.load_workbook(book)[spec("inspections").name("zh")]
    header = [c.value for c in log[1]]
    got = [
        (r[header.index("AQL")], r[header.index("接收数Ac")])
        for r in log.iter_rows(min_row=2, values_only=True)
        if r[0]
    ]
    assert got == [(0.065, 0), (0.01, 0), (0.65, 1)]


def test_a_lot_size_grouped_in_wan_is_reported_not_read_ten_thousand_times_smaller(tmp_path: Path) -> None:
    """12,0000 (a lot of 12万 grouped as 万 are written) or 12.0000 with a decimal comma: one reading is ten
    thousand times the other, so the cell is kept as typed and reported — it was read as a lot of 12 without a
    word, and sampled as one."""
    source = tmp_path / "IQC log.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验记录"
    sheet.append(["批号", "供应商代码", "物料编码", "到货日期", "批量", "检验水平", "AQL", "严重缺陷数"])
    sheet.append(["L1", "S1", "P1", date(2026, 7, 1), "12,0000", "II", 0.65, 0])
    sheet.append(["L2", "S1", "P1", date(2026, 7, 2), "12,000", "II", 0.65, 0])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        report = import_source(opened, source)
    log = openpyxl.load_workbook(book)[spec("inspections").name("zh")]
    header = [c.value for c in log[1]]
    assert [r[header.index("批量")] for r in log.iter_rows(min_row=2, values_only=True) if r[0]] == ["12,0000", 12000]
    assert [(i.cell, i.code) for i in report.issues if i.code == "not_integer"] == [("E2", "not_integer")]


def test_a_lot_size_with_commas_out_of_place_is_reported_not_read_as_its_digits(tmp_path: Path) -> None:
    """1,000,5 (a slip for 1,000 or 10,005) and 1234,567 group no thousands: kept as typed and reported — they were
    read as 10005 and 1234567 without a word."""
    source = tmp_path / "IQC log.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验记录"
    sheet.append(["批号", "供应商代码", "物料编码", "到货日期", "批量", "检验水平", "AQL", "严重缺陷数"])
    for number, size in enumerate(["1,000,5", "1234,567", "1,234,567"]):
        sheet.append([f"L{number}", "S1", "P1", date(2026, 7, 1 + number), size, "II", 0.65, 0])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        report = import_source(opened, source)
    log = openpyxl.load_workbook(book)[spec("inspections").name("zh")]
    header = [c.value for c in log[1]]
    sizes = [r[header.index("批量")] for r in log.iter_rows(min_row=2, values_only=True) if r[0]]
    assert sizes == ["1,000,5", "1234,567", 1234567]
    assert [i.cell for i in report.issues if i.code == "not_integer"] == ["E2", "E3"]
