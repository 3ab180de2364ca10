"""Grading a book again that has not changed since it was graded writes nothing and says the grades stand."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io import read_cache
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs import up_to_date
from srm_xl.jobs.grade import grade
from tests.jobs.test_grade import handworked_book, records
from tests.scoring.handworked import PERIOD

runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test remembers its own runs: an identical book graded by another test within the same second writes
    the same bytes, and its remembered report would be recalled here."""
    monkeypatch.setenv(read_cache.ENV, str(tmp_path / "cache"))


def _grade(path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["grade", str(path), "--period", PERIOD, *extra], env={"COLUMNS": "250"})
    return result.exit_code, " ".join(result.output.split())


def _state(path: Path) -> tuple[bytes, int, list[str]]:
    """The book's bytes, its modification time and the files beside it (backups included)."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _with_a_lot_size_in_words(path: Path) -> Path:
    """The book with one lot size typed as words: a data problem the report lists."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Inspection log"]
    sheet.cell(3, [c.value for c in sheet[1]].index("Lot size") + 1).value = "five hundred"
    workbook.save(path)
    return path


def test_grading_an_unchanged_book_again_writes_nothing_and_gives_the_same_grades(tmp_path: Path) -> None:
    path = handworked_book(tmp_path / "book.xlsx")
    first_code, first = _grade(path)
    graded = _state(path)
    assert "graded 2026-Q3: 5 suppliers" in first
    code, output = _grade(path)
    assert code == first_code
    assert "already up to date, nothing written" in output
    distribution = first.split("graded 2026-Q3: ", 1)[1].split(";", 1)[0]
    assert distribution in output, "the recalled summary is the first run's"
    assert _state(path) == graded, "book, time stamp and backups untouched"
    assert [r["Job"] for r in records(path, "Audit log")] == ["grade"]


def test_a_changed_cell_is_graded_again(tmp_path: Path) -> None:
    path = handworked_book(tmp_path / "book.xlsx")
    _grade(path)
    before = {r["Supplier code"]: r["Total"] for r in records(path, "Scorecard", header_row=3)}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Inspection log"]
    header = [c.value for c in sheet[1]]
    lot, defects = header.index("Lot"), header.index("Major defects")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[lot].value == "L2")
    row[defects].value = 10
    workbook.save(path)
    _, output = _grade(path)
    assert "up to date" not in output
    after = {r["Supplier code"]: r["Total"] for r in records(path, "Scorecard", header_row=3)}
    assert after["S1"] < before["S1"] and after["S2"] == before["S2"]
    assert [r["Job"] for r in records(path, "Audit log")] == ["grade", "grade"]


@pytest.mark.parametrize("how", ["--again", "cache off"])
def test_asked_to_or_with_the_cache_off_it_grades_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path = handworked_book(tmp_path / "book.xlsx")
    _grade(path)
    if how == "cache off":
        monkeypatch.setenv("SRM_XL_CACHE", "off")
    _, output = _grade(path, *([how] if how.startswith("--") else []))
    assert "up to date" not in output and "graded 2026-Q3" in output
    assert [r["Job"] for r in records(path, "Audit log")] == ["grade", "grade"]
    if how == "--again":
        assert "already up to date" in _grade(path)[1], "what --again wrote is recalled next time"


def test_the_recalled_report_keeps_the_data_problems_and_their_exit_code(tmp_path: Path) -> None:
    path = _with_a_lot_size_in_words(handworked_book(tmp_path / "book.xlsx"))
    with FileWorkbook(path) as book:
        first = grade(book, PERIOD)
    with FileWorkbook(path) as book:
        again = grade(book, PERIOD)
    assert first.errors == again.errors == 1
    assert [i.message("zh") for i in again.issues] == [i.message("zh") for i in first.issues]
    assert again.counts == first.counts and again.summary("zh").startswith("已是最新")
    code, output = _grade(path)
    assert code == 1 and "up to date" in output and "five hundred" in output


def test_a_report_with_more_problems_than_are_kept_runs_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _with_a_lot_size_in_words(handworked_book(tmp_path / "book.xlsx"))
    monkeypatch.setattr(up_to_date, "_MAX_ISSUES", 0)
    for _ in range(2):
        with FileWorkbook(path) as book:
            assert not grade(book, PERIOD).summary("en").startswith("already up to date")
    assert [r["Job"] for r in records(path, "Audit log")] == ["grade", "grade"]
