"""Explain grade: one supplier's figures from the Grade job, on a sheet of its own, adding up to its total."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.grade import grade
from srm_xl.jobs.grade_explain import TABLE_ROW, explain_grade
from srm_xl.schema import spec
from tests.books import sheet_rows


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_book(tmp_path_factory.mktemp("explain") / "book.xlsx", sample_frames(suppliers=30, lots=3000), "en")
    with FileWorkbook(path) as book:
        grade(book)
    return path


def test_the_explanation_adds_up_to_the_scorecard_total(graded: Path) -> None:
    with FileWorkbook(graded) as book:
        card = book.read(spec("scorecard")).frame.drop_nulls("total").row(0, named=True)
        report = explain_grade(book, card["supplier"])
    name = f"Explain-{card['supplier']}"
    assert report.sheets == [name]
    rows = sheet_rows(graded, name)
    facts = {r[0]: r[1] for r in rows[1:6]}
    assert facts["Grade"] == card["grade"] and facts["Total"] == pytest.approx(card["total"], abs=0.01)
    header = rows[TABLE_ROW - 1]
    contribution = header.index("Contribution to total")
    body = [r for r in rows[TABLE_ROW:] if r[1] == card["supplier"]]
    assert body and sum(r[contribution] or 0 for r in body) == pytest.approx(card["total"], rel=1e-9)
    with zipfile.ZipFile(graded) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/")]
        assert any(f"'{name}'!$".encode() in archive.read(n) for n in charts)


def test_a_supplier_asked_for_by_its_name_is_explained(graded: Path, tmp_path: Path) -> None:
    book_path = tmp_path / "named.xlsx"
    book_path.write_bytes(graded.read_bytes())
    with FileWorkbook(book_path) as book:
        card = book.read(spec("scorecard")).frame.drop_nulls("total").row(0, named=True)
        report = explain_grade(book, f" {card['name']} ")
    assert report.sheets == [f"Explain-{card['supplier']}"]


def test_an_unknown_supplier_says_what_to_select(graded: Path) -> None:
    with FileWorkbook(graded) as book, pytest.raises(SrmError) as caught:
        explain_grade(book, "NOPE")
    assert caught.value.code == "explain_unknown_supplier" and "NOPE" in caught.value.message("en")


def test_before_grading_the_message_says_to_grade_first(tmp_path: Path) -> None:
    path = build_book(tmp_path / "book.xlsx", sample_frames(suppliers=20, lots=200), "zh")
    with FileWorkbook(path) as book, pytest.raises(SrmError) as caught:
        explain_grade(book, "S001")
    assert caught.value.code == "explain_not_graded" and "全部评分" in caught.value.message("zh")
