"""Error cells in a user's log (#N/A of a VLOOKUP that found nothing, #DIV/0!): never read as blank without a word.
Each is reported with its cell and kept as the user sees it, and its row is imported."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.io.hostile import SHEET, part, rezip
from tests.libreoffice import convert

HEADERS = ["来料日期", "供应商", "物料编码", "批量", "抽样数", "不良数", "判定"]


def _log(path: Path) -> Path:
    """Three lots; a lookup that found nothing (#N/A) in the defects of the rejected one, a division by an empty
    cell (#DIV/0!) in the lot size of another."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("3月")
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, ["2026/3/3", "S01", "P002", 500, 50])
    sheet.write_formula(1, 5, "=VLOOKUP(A2,Y1:Z2,2,0)", None, "#N/A")
    sheet.write(1, 6, "不合格")
    sheet.write_row(2, 0, ["2026/3/4", "S01", "P002"])
    sheet.write_formula(2, 3, "=1/0", None, "#DIV/0!")
    sheet.write_row(2, 4, [50, 1, "合格"])
    sheet.write_row(3, 0, ["2026/3/5", "S01", "P002", 500, 50, 0, "合格"])
    book.close()
    return path


@pytest.mark.parametrize("resaved", [False, True], ids=["as written", "LibreOffice re-save"])
def test_error_cells_are_reported_and_kept_and_their_rows_imported(tmp_path: Path, resaved: bool) -> None:
    source = _log(tmp_path / "iqc.xlsx")
    if resaved:  # LibreOffice computes the formulas itself and writes its own error cells
        source = convert(source, tmp_path / "resaved", "xlsx")
    book = build_template(tmp_path / "quality.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, source)
        lots = workbook.read(spec("inspections")).frame
    assert lots.height == 3
    reported = {(i.cell, i.value) for i in report.issues if i.value in ("#N/A", "#DIV/0!")}
    assert reported == {("K2", "#N/A"), ("E3", "#DIV/0!")}, report.issues
    assert not [i for i in report.issues if i.code == "required" and i.cell == "E3"], "not called blank"
    shown = openpyxl.load_workbook(book)["来料检验记录"]
    assert (shown["K2"].value, shown["E3"].value) == ("#N/A", "#DIV/0!"), "kept as the user sees it"
    assert lots.filter(pl.col("received").dt.day() == 5)["lot_size"].to_list() == [500]


def test_error_cells_are_found_wherever_the_stream_cuts_a_year_s_sheet(tmp_path: Path) -> None:
    """A 60,000-row sheet streams in many chunks: every error cell is found, as openpyxl reads them."""
    path = tmp_path / "year.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("来料")
    sheet.write_row(0, 0, HEADERS)
    errors = set(random.Random(7).sample(range(1, 60_000), 40))
    for r in range(1, 60_000):
        sheet.write_row(r, 0, [f"2026/3/{r % 28 + 1}", f"S{r % 50:02d}", f"P{r % 300:03d}", 500, 50])
        if r in errors:
            sheet.write_formula(r, 5, "=1/0", None, "#DIV/0!")
        else:
            sheet.write(r, 5, r % 3)
        sheet.write(r, 6, "合格")
    book.close()
    with FileWorkbook(path) as workbook:
        found = workbook.sheet_marks("来料").errors
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)["来料"]
    expected = {
        (r, c): v
        for r, row in enumerate(values.iter_rows(values_only=True))
        for c, v in enumerate(row)
        if v == "#DIV/0!"
    }
    assert len(expected) == 40 and found == expected


def test_error_cells_without_a_value_do_not_stall_the_import(tmp_path: Path) -> None:
    """A generator's 3,000 error cells written without their value (``<c r="K30" t="e"/>``) below the log, then a
    signature: each search for an error cell's value stops at the next cell — it ran on to the signature's ``</c>``,
    a file of a few KB holding the import 17 s (12 KB of them: over two minutes)."""
    source = _log(tmp_path / "iqc.xlsx")
    blank_errors = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="e"/>' for c in "HIJKLMNOPQ") + "</row>" for r in range(30, 330)
    )
    tail = '<row r="330"><c r="A330" t="inlineStr"><is><t>填表人：张三</t></is></c></row>'
    xml = part(source, SHEET).replace(b"</sheetData>", f"{blank_errors}{tail}</sheetData>".encode())
    hostile = rezip(source, tmp_path / "hostile.xlsx", replace={SHEET: xml})
    book = build_template(tmp_path / "quality.xlsx", "zh")
    started = time.perf_counter()
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, hostile)
        lots = workbook.read(spec("inspections")).frame
    assert time.perf_counter() - started < 10
    assert lots.height == 3
    reported = {(i.cell, i.value) for i in report.issues if i.value in ("#N/A", "#DIV/0!")}
    assert reported == {("K2", "#N/A"), ("E3", "#DIV/0!")}, report.issues


def _prefixed(xml: bytes) -> bytes:
    """Sheet XML as some generators write it: every element with the namespace prefix ``x:``."""
    text = xml.decode().replace('xmlns="http://schemas', 'xmlns:x="http://schemas')
    return re.sub(r"<(/?)([a-zA-Z]+)(?=[ >/])", r"<\1x:\2", text).encode()


def _single_quoted(xml: bytes) -> bytes:
    """Sheet XML whose error cells' types are written in single quotes (``t='e'``), as XML allows."""
    return xml.replace(b't="e"', b"t='e'")


@pytest.mark.parametrize("written", [_prefixed, _single_quoted], ids=["x:c", "t='e'"])
def test_error_cells_written_as_xml_allows_are_reported(tmp_path: Path, written: Callable[[bytes], bytes]) -> None:
    """Error cells with a namespace prefix (``<x:c t="e">…</x:c>``) or their type in single quotes: reported with
    their cells and kept — they were read as blank cells without a word."""
    source = _log(tmp_path / "iqc.xlsx")
    rewritten = rezip(source, tmp_path / "generated.xlsx", replace={SHEET: written(part(source, SHEET))})
    book = build_template(tmp_path / "quality.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, rewritten)
        lots = workbook.read(spec("inspections")).frame
    assert lots.height == 3
    reported = {(i.cell, i.value) for i in report.issues if i.value in ("#N/A", "#DIV/0!")}
    assert reported == {("K2", "#N/A"), ("E3", "#DIV/0!")}, report.issues
    shown = openpyxl.load_workbook(book)["来料检验记录"]
    assert (shown["K2"].value, shown["E3"].value) == ("#N/A", "#DIV/0!")
