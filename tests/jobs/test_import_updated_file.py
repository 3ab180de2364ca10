"""The same log imported again after the user updated it: rows without a key (lots without numbers, deliveries
without a PO line, as ERP exports give them) are updated in place, never added beside their old version."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard
from tests.libreoffice import convert

PERIOD = "2026-03"


def _log(path: Path, lots: list[list[object]], deliveries: list[list[object]]) -> Path:
    """The engineer's workbook: a supplier list, March's lots (no lot numbers), the ERP's delivery lines (PO
    numbers, no line numbers)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    master = book.create_sheet("供应商清单")
    master.append(["供应商编码", "供应商名称", "简称", "状态"])
    master.append(["GYS001", "东莞市华强电子有限公司", "华强电子", "合格"])
    master.append(["GYS002", "宁波德力五金制品有限公司", "德力五金", "合格"])
    march = book.create_sheet("3月")
    march.append(["来料日期", "供应商", "物料编码", "批量", "抽样数", "不良数", "判定"])
    for row in lots:
        march.append(row)
    lines = book.create_sheet("ERP交货明细")
    lines.append(["订单号", "供应商", "物料编码", "要求交期", "实际交期", "订货数量", "实收数量"])
    for row in deliveries:
        lines.append(row)
    book.save(path)
    return path


def _import(book: Path, source: Path) -> dict[str, int]:
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source).counts


def _rows(book: Path, key: str) -> pl.DataFrame:
    with FileWorkbook(book) as workbook:
        return workbook.read(spec(key)).frame.drop("_row")


def _lots(defects_first: int, verdict_first: str) -> list[list[object]]:
    return [
        ["2026/3/5", "华强电子", "P001", 1000, 80, defects_first, verdict_first],
        ["2026/3/6", "华强电子", "P001", 1000, 80, 0, "合格"],
        ["2026/3/12", "华强电子", "P001", 1000, 80, 0, "合格"],
        *[["2026/3/9", "德力五金", "P002", 500, 50, 0, "合格"]] * 3,  # three trucks of one part on one day
    ]


def _deliveries(week: int) -> list[list[object]]:
    """Four PO lines; in the first week's export the last two are still open (no date, nothing received)."""
    rows = []
    for number, day in enumerate((3, 10, 17, 24)):
        open_line = week == 1 and day > 10
        rows.append(
            [f"PO{number}", "华强电子", "P001", f"2026/3/{day}", None if open_line else f"2026/3/{day}", 1000]
            + [None if open_line else 1000]
        )
    rows.append(["PO9", "德力五金", "P002", "2026/3/9", "2026/3/9", 1000, 500])  # a partial delivery …
    rows.append(["PO9", "德力五金", "P002", "2026/3/9", "2026/3/19", 1000, 500])  # … and the rest, late
    return rows


def test_next_week_s_export_fills_in_the_open_lines_and_the_grade_counts_each_delivery_once(tmp_path: Path) -> None:
    book = build_template(tmp_path / "quality.xlsx", "zh")
    first = _import(book, _log(tmp_path / "erp.xlsx", _lots(0, "合格"), _deliveries(1)))
    assert (first["inserted"], first["set_aside"]) == (6 + 6 + 2, 0)
    again = _import(book, _log(tmp_path / "erp.xlsx", _lots(0, "合格"), _deliveries(2)))
    assert (again["inserted"], again["updated"]) == (0, 2), again
    lines = _rows(book, "deliveries").sort("po", "delivered_date")
    assert lines.height == 6, "each PO line once, the partial delivery's two lines kept apart"
    assert lines["delivered_date"].null_count() == 0
    card = graded_scorecard(book, PERIOD)
    huaqiang = card.filter(pl.col("supplier") == "GYS001").row(0, named=True)
    assert huaqiang["deliveries"] == 4 and huaqiang["on_time"] == 1.0
    assert huaqiang["grade"] == "A", huaqiang


def test_a_corrected_lot_replaces_its_old_version_and_keeps_its_key(tmp_path: Path) -> None:
    book = build_template(tmp_path / "quality.xlsx", "zh")
    _import(book, _log(tmp_path / "log.xlsx", _lots(9, "不合格"), _deliveries(2)))
    before = _rows(book, "inspections").filter(pl.col("received") == pl.date(2026, 3, 5))
    assert before["decision"].to_list() == ["reject"]
    counts = _import(book, _log(tmp_path / "log.xlsx", _lots(0, "合格"), _deliveries(2)))
    assert (counts["inserted"], counts["updated"]) == (0, 1), counts
    lots = _rows(book, "inspections")
    assert lots.height == 6, "the corrected lot is not added beside the rejected one"
    after = lots.filter(pl.col("received") == pl.date(2026, 3, 5))
    assert after["decision"].to_list() == ["accept"] and after["major"].to_list() == [0]
    assert after["lot"].to_list() == before["lot"].to_list(), "a SCAR naming the lot still finds it"
    assert lots.filter(pl.col("supplier") == "GYS002").height == 3, "three trucks of one day stay three lots"
    card = graded_scorecard(book, PERIOD)
    assert card.filter(pl.col("supplier") == "GYS001")["lots_rejected"].to_list() == [0]


def test_an_unchanged_file_changes_nothing_even_with_identical_rows(tmp_path: Path) -> None:
    book = build_template(tmp_path / "quality.xlsx", "zh")
    source = _log(tmp_path / "log.xlsx", _lots(9, "不合格"), _deliveries(1))
    _import(book, source)
    before = {key: _rows(book, key) for key in ("inspections", "deliveries")}
    counts = _import(book, source)
    assert (counts["inserted"], counts["updated"], counts["unchanged"]) == (0, 0, 2 + 6 + 6)
    for key, frame in before.items():
        assert _rows(book, key).equals(frame), key


@pytest.mark.libreoffice
def test_a_formula_column_the_user_added_to_the_log_survives_next_week_s_import(tmp_path: Path) -> None:
    """After the first import the engineer added a 不良率 column of formulas to the product's log and saved it
    in LibreOffice. Next week's import updates the corrected lot and adds nothing: every formula is still
    there, the book recalculates them on opening, and the corrected lot's rate reads 0."""
    book = build_template(tmp_path / "quality.xlsx", "zh")
    _import(book, _log(tmp_path / "log.xlsx", _lots(9, "不合格"), _deliveries(2)))
    workbook = openpyxl.load_workbook(book)
    sheet = workbook[spec("inspections").name("zh")]
    header = [c.value for c in sheet[1]]
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(header)}
    rate = openpyxl.utils.get_column_letter(len(header) + 1)
    sheet[f"{rate}1"] = "不良率"
    formulas = {f"{rate}{r}": f"={letter['严重缺陷数']}{r}/{letter['样本量']}{r}" for r in range(2, 8)}
    for ref, formula in formulas.items():
        sheet[ref] = formula
    workbook.save(book)
    saved = convert(book, tmp_path / "lo")
    counts = _import(saved, _log(tmp_path / "log.xlsx", _lots(0, "合格"), _deliveries(2)))
    assert (counts["inserted"], counts["updated"]) == (0, 1), counts
    sheet = openpyxl.load_workbook(saved)[spec("inspections").name("zh")]
    assert {ref: sheet[ref].value for ref in formulas} == formulas
    with zipfile.ZipFile(saved) as package:
        assert b'fullCalcOnLoad="1"' in package.read("xl/workbook.xml")
    recalculated = openpyxl.load_workbook(convert(saved, tmp_path / "again"), data_only=True)
    values = recalculated[spec("inspections").name("zh")]
    assert sorted(values[ref].value for ref in formulas) == [0] * 6
