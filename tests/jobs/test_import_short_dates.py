"""A delivery log whose dates are short, day first with the year last (03/07/26, as a European ERP exports them),
is imported with the dates of 2026 — it was read year first, 2003-07-26 and 2015-07-26, without a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template


def delivery_log(path: Path, dates: list[tuple[str, str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "交货记录"
    sheet.append(["供应商代码", "物料编码", "采购订单号", "要求交期", "实际交货日期", "订购数量", "实收数量"])
    for number, (due, received) in enumerate(dates, start=1):
        sheet.append(["S1", "P1", f"PO-{number}", due, received, 100, 100])
    workbook.save(path)
    return path


def imported_dates(tmp_path: Path, dates: list[tuple[str, str]]) -> list[tuple[object, object]]:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        import_source(workbook, delivery_log(tmp_path / "deliveries.xlsx", dates))
    sheet = openpyxl.load_workbook(book)[spec("deliveries").name("zh")]
    header = [c.value for c in sheet[1]]
    due, received = header.index("要求交期"), header.index("实际交货日期")
    return [(r[due], r[received]) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]


def day(value: object) -> object:
    return value.date() if hasattr(value, "date") else value


def test_day_first_short_dates_are_read_in_this_century(tmp_path: Path) -> None:
    got = imported_dates(tmp_path, [("03/07/26", "05/07/26"), ("15/07/26", "14/07/26")])
    assert [(day(a), day(b)) for a, b in got] == [
        (date(2026, 7, 3), date(2026, 7, 5)),
        (date(2026, 7, 15), date(2026, 7, 14)),
    ]


def test_short_dates_written_year_first_stay_year_first(tmp_path: Path) -> None:
    got = imported_dates(tmp_path, [("26/7/3", "26/7/5"), ("26/7/20", "26/7/31")])
    assert [(day(a), day(b)) for a, b in got] == [
        (date(2026, 7, 3), date(2026, 7, 5)),
        (date(2026, 7, 20), date(2026, 7, 31)),
    ]


def test_a_short_date_that_could_be_december_or_july_is_kept_as_typed_not_read_as_2012(tmp_path: Path) -> None:
    assert imported_dates(tmp_path, [("12/07/26", "12/08/26")]) == [("12/07/26", "12/08/26")]


def test_short_dates_with_dots_are_day_first_with_the_year_last(tmp_path: Path) -> None:
    got = imported_dates(tmp_path, [("03.07.26", "05.07.26"), ("15.07.26", "14.07.26")])
    assert [(day(a), day(b)) for a, b in got] == [
        (date(2026, 7, 3), date(2026, 7, 5)),
        (date(2026, 7, 15), date(2026, 7, 14)),
    ]
