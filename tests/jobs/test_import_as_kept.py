"""An engineer's quarter imported as kept grades exactly like its hand-cleaned copy; re-importing changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard
from tests.jobs.engineer_book import LOTS, SUPPLIERS, quarter, write_as_kept, write_cleaned
from tests.libreoffice import convert

SHEETS = ("suppliers", "inspections", "deliveries")


def imported(book: Path, source: Path, **options: object):  # noqa: ANN201
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source, **options)


def frames(book: Path) -> dict[str, pl.DataFrame]:
    with FileWorkbook(book) as workbook:
        return {key: workbook.read(spec(key)).frame.drop("_row") for key in SHEETS}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quarter")
    truth = quarter()
    kept = write_as_kept(folder / "质量部 供应商与来料.xlsx", truth)
    book = build_template(folder / "book.xlsx", "zh")
    report = imported(book, kept)
    return {"kept": kept, "book": book, "cleaned": write_cleaned(folder / "cleaned.xlsx", truth), "report": report}  # type: ignore[dict-item]


def test_the_workbook_as_kept_imports_every_row(books) -> None:
    report = books["report"]
    assert report.counts["set_aside"] == 0 and report.counts["unmapped"] == 0
    got = frames(books["book"])
    assert (got["suppliers"].height, got["inspections"].height, got["deliveries"].height) == (SUPPLIERS, LOTS, LOTS)
    assert set(got["inspections"]["supplier"]) <= set(got["suppliers"]["code"]), "every name resolved to its code"
    assert set(got["deliveries"]["supplier"]) <= set(got["suppliers"]["code"])
    assert got["inspections"]["lot"].null_count() == 0 and got["inspections"]["lot"].is_unique().all()
    assert got["inspections"]["received"].null_count() == 0 and got["inspections"]["major"].null_count() == 0
    assert got["deliveries"]["delivered_date"].null_count() == 0 and set(got["deliveries"]["currency"]) == {"CNY"}
    phones = got["suppliers"].filter(pl.col("code") == "GYS008")["phone"].to_list()
    assert phones == ["0769-81434921 / 0755-26661234"], "a cell with two numbers is kept whole"
    statuses = dict(got["suppliers"].select("code", "status").iter_rows())
    assert statuses["GYS004"] == "conditional" and statuses["GYS006"] == "suspended", "试用 and 暂停 mean something"
    assert set(got["suppliers"]["category"]) == {"电子料", "结构件", "packaging", "化工"}, (
        "their own categories are kept"
    )


def test_the_import_grades_exactly_like_the_hand_cleaned_copy(books) -> None:
    ours, theirs = graded_scorecard(books["book"], "2026-Q3"), graded_scorecard(books["cleaned"], "2026-Q3")
    assert ours.height == SUPPLIERS
    assert ours.select("supplier", "grade").rows() == theirs.select("supplier", "grade").rows()
    assert ours.equals(theirs.select(ours.columns)), "every score of every supplier is the same"


def test_importing_the_same_file_again_changes_nothing(books, tmp_path: Path) -> None:
    book = tmp_path / "again.xlsx"
    book.write_bytes(books["book"].read_bytes())
    before = frames(book)
    report = imported(book, books["kept"])
    assert (report.counts["inserted"], report.counts["updated"], report.counts["set_aside"]) == (0, 0, 0)
    assert report.counts["unchanged"] == SUPPLIERS + 2 * LOTS
    after = frames(book)
    for key in SHEETS:
        assert after[key].equals(before[key]), key


def test_a_dry_run_reports_and_writes_nothing(books, tmp_path: Path) -> None:
    book = build_template(tmp_path / "dry.xlsx", "zh")
    before = book.read_bytes()
    report = imported(book, books["kept"], dry_run=True)
    assert book.read_bytes() == before
    assert report.counts["inserted"] == SUPPLIERS + 2 * LOTS
    assert "不良数 → 严重缺陷数" in report.summary("zh") and "实际到货 → 实际交货日期" in report.summary("zh")
    assert report.summary("zh").count("不良数 → 严重缺陷数") == 1, "each monthly sheet maps it alike: listed once"


@pytest.mark.libreoffice
def test_a_copy_resaved_by_libreoffice_imports_the_same(books, tmp_path: Path) -> None:
    resaved = convert(books["kept"], tmp_path / "lo")
    book = build_template(tmp_path / "lo-book.xlsx", "zh")
    report = imported(book, resaved)
    assert report.counts["set_aside"] == 0
    ours, theirs = frames(book), frames(books["book"])
    for key in SHEETS:
        assert ours[key].equals(theirs[key]), key
