"""Defect counts by severity as inspection logs head them: 致命/主要/次要不良数 land in critical, major and minor,
and a severity-qualified header import does not know is suggested for the column of its severity."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.report import Report
from srm_xl.templates.build import build_template
from tests.books import sheet_rows


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_template(tmp_path / "book.xlsx", "zh")


def _log(path: Path, counts: list[str]) -> Path:
    """An incoming-inspection log whose defect counts are headed ``counts`` (critical, major, minor)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验"
    sheet.append(["批号", "供应商代码", "物料编码", "到货日期", "批量", "样本量", *counts, "判定"])
    sheet.append(["L001", "S001", "P-1", "2026-05-20", 500, 50, 0, 2, 7, "拒收"])
    workbook.save(path)
    return path


def _import(book: Path, source: Path) -> Report:
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source)


def test_major_and_minor_defect_counts_headed_the_usual_way_are_read_as_such(book: Path, tmp_path: Path) -> None:
    _import(book, _log(tmp_path / "log.xlsx", ["致命不良数", "主要不良数", "次要不良数"]))
    rows = sheet_rows(book, "来料检验记录")
    (lot,) = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == "L001"]
    assert (lot["致命缺陷数"], lot["严重缺陷数"], lot["轻微缺陷数"]) == (0, 2, 7)


def test_a_minor_count_import_does_not_know_is_suggested_as_minor(book: Path, tmp_path: Path) -> None:
    report = _import(book, _log(tmp_path / "log.xlsx", ["致命缺陷数", "严重缺陷数", "次要不良品数量"]))
    (hint,) = [i for i in report.issues if i.code == "import_extra_suggested" and i.column == "次要不良品数量"]
    assert hint.fields["key"] == "minor", hint.message("zh")
