"""A supplier list kept without codes (names, short names, credit codes), logs naming suppliers by full name one
month and short name the next: every supplier is imported once, with a code derived from its name, and grades
exactly as the same workbook with a code column does."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard

SUPPLIERS = [  # full name, short name, credit code, defects per lot, days late
    ("东莞市华强电子有限公司", "华强电子", "91441900MA4UKQ8X0P", 0, 0),
    ("深圳市德力精密五金有限公司", "德力五金", "91440300MA5EQ1W20N", 9, 10),
    ("苏州永盛包装材料有限公司", "永盛包装", "91320500MA1MXY3K0R", 2, 2),
    ("Total Plastics Co., Ltd.", "Total Plastics", "91310000MA1FL4R50X", 0, 0),
]


def _workbook(path: Path, *, codes: bool) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    master = book.create_sheet("合格供应商清单")
    master.append(["2026年合格供应商清单"])
    master.append([*(["供应商编码"] if codes else []), "序号", "供应商名称", "简称", "统一社会信用代码", "状态"])
    for number, (name, short, credit, _, _) in enumerate(SUPPLIERS, 1):
        master.append([*([f"GYS{number:03d}"] if codes else []), number, name, short, credit, "合格"])
    for month in (1, 2, 3):
        lots = book.create_sheet(f"{month}月")
        lots.append(["来料日期", "供应商名称", "物料编码", "批量", "抽样数", "不良数", "判定"])
        for day in (3, 13, 23):
            for number, (name, short, _, defects, _) in enumerate(SUPPLIERS, 1):
                written = name if month % 2 else short
                verdict = "不合格" if defects >= 5 else "合格"
                lots.append([f"2026/{month}/{day}", written, f"P{number:03d}", 1200, 80, defects, verdict])
    deliveries = book.create_sheet("交货记录")
    deliveries.append(["订单号", "供应商", "物料编码", "要求交期", "实际交期", "订货数量", "实收数量"])
    for month in (1, 2, 3):
        for number, (_, short, _, _, late) in enumerate(SUPPLIERS, 1):
            due = date(2026, month, 10)
            deliveries.append(
                [f"PO{month}{number}", short, f"P{number:03d}", due, due + timedelta(days=late), 100, 100]
            )
    book.save(path)
    return path


def _imported(folder: Path, *, codes: bool) -> tuple[Path, dict[str, int]]:
    book = build_template(folder / f"quality_{codes}.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        counts = import_source(workbook, _workbook(folder / f"台账_{codes}.xlsx", codes=codes)).counts
    return book, counts


def test_a_list_without_codes_gives_each_supplier_one_derived_code_and_the_same_grades(tmp_path: Path) -> None:
    book, counts = _imported(tmp_path, codes=False)
    assert counts["set_aside"] == 0, "no supplier is set aside for want of a code"
    with FileWorkbook(book) as workbook:
        master = workbook.read(spec("suppliers")).frame
        lots = workbook.read(spec("inspections")).frame
        deliveries = workbook.read(spec("deliveries")).frame
    assert master.height == len(SUPPLIERS)
    assert master["code"].str.starts_with("~").all() and master["code"].is_unique().all()
    assert set(lots["supplier"]) == set(master["code"]), "full names and short names resolve to one code each"
    assert set(deliveries["supplier"]) == set(master["code"])
    assert lots.group_by("supplier").len()["len"].to_list() == [9] * len(SUPPLIERS)
    coded, _ = _imported(tmp_path, codes=True)
    ours = graded_scorecard(book, "2026-Q1").select("name", "total", "grade").sort("name")
    theirs = graded_scorecard(coded, "2026-Q1").select("name", "total", "grade").sort("name")
    assert ours.equals(theirs), (ours, theirs)
    assert ours.filter(pl.col("name").str.contains("德力"))["grade"].to_list() == ["D"]


def test_the_derived_codes_are_stable_and_a_known_name_keeps_its_code(tmp_path: Path) -> None:
    book, _ = _imported(tmp_path, codes=False)
    with FileWorkbook(book) as workbook:
        before = workbook.read(spec("suppliers")).frame
        again = import_source(workbook, tmp_path / "台账_False.xlsx").counts
    assert (again["inserted"], again["updated"], again["set_aside"]) == (0, 0, 0)
    coded, _ = _imported(tmp_path, codes=True)
    with FileWorkbook(coded) as workbook:
        counts = import_source(workbook, tmp_path / "台账_False.xlsx").counts
        master = workbook.read(spec("suppliers")).frame
    assert (counts["inserted"], counts["set_aside"]) == (0, 0), "listed again without codes: the same suppliers"
    assert sorted(master["code"]) == ["GYS001", "GYS002", "GYS003", "GYS004"]
    assert before["name"].sort().to_list() == master["name"].sort().to_list()
