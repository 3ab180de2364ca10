"""A sheet read as text keeps every digit of its numbers, and so does a column a typed read gets back as text (it
mixes numbers and text): fastexcel spells a number read as text at nine decimal places, and costs computed in the
user's cells lost the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from srm_xl.io import read_cache
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template

COSTS = [100 / 3, 12.3456789012, 2 / 7, 0.5, 1250.0]
SAVED = [float(f"{c:.16g}") for c in COSTS]
"""The costs as the file holds them (XlsxWriter, like Excel, writes 16–17 significant digits)."""


def _log(path: Path) -> Path:
    """An inspection log as a user keeps it: sorting costs computed in the cells (a third of 100 …), a column of
    TRUE/FALSE ticks of their own, and one lot whose cost they wrote as text."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("来料检验")
    sheet.write_row(0, 0, ["批号", "供应商代码", "物料编码", "批量", "挑选费用", "已复核"])
    for i, cost in enumerate(COSTS, start=1):
        sheet.write_row(i, 0, [f"L{i:03d}", "S01", "P-1", 500, cost, i % 2 == 0])
    sheet.write_row(len(COSTS) + 1, 0, ["L999", "S01", "P-1", 500, "0.123456789", True])
    book.close()
    return path


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(read_cache.ENV, "off")


def test_a_sheet_read_as_text_keeps_every_digit_of_its_numbers(tmp_path: Path) -> None:
    with FileWorkbook(_log(tmp_path / "log.xlsx")) as book:
        table = book.read(spec("inspections"))
    assert table.frame["sorting_cost"].to_list() == [*SAVED, 0.123456789]
    assert table.extras  # the ticks are kept as the user's own column


def test_a_column_mixing_numbers_and_text_read_typed_keeps_every_digit(tmp_path: Path) -> None:
    """Ticks in a column of the user's own leave the log read typed; the cost column, holding one cost written as
    text, comes back from fastexcel as text, and its computed costs still keep every digit."""
    path = _log(tmp_path / "log.xlsx")
    with FileWorkbook(path) as book:
        name = book.find(spec("inspections"))
        plan = book._plan(spec("inspections"), name, None)  # noqa: SLF001 - which of the two reads applies
        assert book._typed_read(plan, None) is not None  # noqa: SLF001
        table = book.read(spec("inspections"))
    assert table.frame["sorting_cost"].to_list() == [*SAVED, 0.123456789]


def test_an_import_keeps_every_digit_the_user_computed(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        import_source(opened, _log(tmp_path / "log.xlsx"))
    with FileWorkbook(book) as opened:
        imported = opened.read(spec("inspections")).frame.sort("lot")
    kept = [float(f"{c:.15g}") for c in SAVED]  # the product writes the 15 digits a spreadsheet shows
    assert imported["sorting_cost"].to_list() == [*kept, 0.123456789]
    assert kept[0] == 33.3333333333333 and kept[2] == 0.285714285714286


def test_only_columns_spelt_at_nine_places_are_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A log of whole quantities and cents is read once."""
    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("来料检验")
    sheet.write_row(0, 0, ["批号", "批量", "挑选费用", "已复核"])
    sheet.write_row(1, 0, ["L1", 500, 12.5, True])
    book.close()
    loads: list[object] = []
    load = FileWorkbook._load

    def counting(self: FileWorkbook, *args: object, **options: object) -> object:
        loads.append(options.get("dtypes"))
        return load(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(FileWorkbook, "_load", counting)
    with FileWorkbook(path) as opened:
        assert opened.read(spec("inspections")).frame["sorting_cost"].to_list() == [12.5]
    assert all(not isinstance(d, dict) or "float" not in d.values() for d in loads)
