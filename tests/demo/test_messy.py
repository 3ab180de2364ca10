"""The messy workbook and CSV: they open, carry every documented mess, and agree with EXPECTED."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from srm_xl.demo import EXPECTED, write_messy_csv, write_messy_workbook
from srm_xl.demo.messy import MONTH_SHEETS, SUPPLIER_SHEET, TITLE
from srm_xl.schema import normalise_label, spec


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("messy") / "messy.xlsx"
    write_messy_workbook(path)
    return openpyxl.load_workbook(path)


def header_map(sheet: Worksheet, target: str) -> tuple[dict[str, int], list[str]]:
    """Spec keys found in the header row (by normalised alias) and the headers the spec does not know (or a
    second header of a column already found, such as a supplier name beside its code)."""
    aliases = {normalise_label(a): c.key for c in spec(target).columns for a in c.aliases()}
    found, extras = {}, []
    for cell in sheet[EXPECTED[target].header_row]:
        key = aliases.get(normalise_label(cell.value))
        if key is None or key in found:
            extras.append(cell.value)
        else:
            found[key] = cell.column
    return found, extras


def data_rows(sheet: Worksheet, header_row: int) -> list[int]:
    """Rows below the header that hold a record: not blank, not the totals row, not the notes row."""
    rows = []
    for row in range(header_row + 1, sheet.max_row + 1):
        first = sheet.cell(row, 1).value
        values = [c.value for c in sheet[row]]
        if all(v is None for v in values) or str(first).startswith(("合计", "备注")):
            continue
        rows.append(row)
    return rows


def normalised(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def merged_value(sheet: Worksheet, row: int, column: int) -> object:
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return sheet.cell(merged.min_row, merged.min_col).value
    return sheet.cell(row, column).value


def test_sheets_titles_and_layout(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [SUPPLIER_SHEET, *MONTH_SHEETS]
    for name in book.sheetnames:
        sheet = book[name]
        title = next(r for r in sheet.merged_cells.ranges if r.min_row == r.max_row == 1)
        assert title.min_col == 1 and title.max_col == sheet.max_column
        assert all(c.value is None for c in sheet[2])
        assert str(sheet.cell(1, 1).value).startswith("2026年")
    assert book[SUPPLIER_SHEET].cell(1, 1).value == TITLE
    headers = [[c.value for c in book[m][3]] for m in MONTH_SHEETS]
    assert headers[0] == headers[1] == headers[2]


@pytest.mark.parametrize("target", ["suppliers", "inspections"])
def test_headers_are_synonyms_and_extras_are_documented(book: openpyxl.Workbook, target: str) -> None:
    expected = EXPECTED[target]
    for name in expected.sheets:
        found, extras = header_map(book[name], target)
        assert extras == list(expected.extras)
        main = {c.zh for c in spec(target).columns}
        differing = [k for k, col in found.items() if book[name].cell(expected.header_row, col).value not in main]
        assert len(differing) >= len(found) - 3  # mostly synonyms, not the schema's own headers
        assert {c.key for c in spec(target).columns if c.required} <= set(found)


@pytest.mark.parametrize("target", ["suppliers", "inspections"])
def test_row_counts_and_errors(book: openpyxl.Workbook, target: str) -> None:
    expected = EXPECTED[target]
    rows = sum(len(data_rows(book[name], expected.header_row)) for name in expected.sheets)
    assert rows == expected.rows
    for error in expected.errors:
        found, _ = header_map(book[error.sheet], target)
        assert book[error.sheet].cell(error.row, found[error.column]).value == error.value
    assert expected.importable == expected.rows - len(expected.errors)


def test_expected_cells_follow_from_raw_values(book: openpyxl.Workbook) -> None:
    for target, expected in EXPECTED.items():
        columns = {c.key: c for c in spec(target).columns}
        for cell in expected.cells:
            found, _ = header_map(book[cell.sheet], target)
            raw = merged_value(book[cell.sheet], cell.row, found[cell.column])
            column = columns[cell.column]
            if cell.value is None:
                assert raw is None
            elif column.choices:
                choice = column.choice_for(cell.value)
                assert normalise_label(raw) in {normalise_label(a) for a in choice.aliases()}, cell
            elif isinstance(cell.value, date):
                if isinstance(raw, datetime):
                    assert raw.date() == cell.value
                else:
                    numbers = [int(x) for x in "".join(ch if ch.isdigit() else " " for ch in raw).split()]
                    assert numbers == [cell.value.year, cell.value.month, cell.value.day], cell
            else:
                assert normalised(raw) == cell.value, cell


def test_documented_mess_is_present(book: openpyxl.Workbook) -> None:
    suppliers = book[SUPPLIER_SHEET]
    codes = [suppliers.cell(r, 2).value for r in data_rows(suppliers, 3)]
    assert any(any(ord(ch) > 0xFF00 for ch in code) for code in codes)  # full-width Ｓ００１
    assert any(code != code.strip() for code in codes)
    phones = [suppliers.cell(r, 7).value for r in data_rows(suppliers, 3)]
    assert any(isinstance(p, int) for p in phones) and any(isinstance(p, str) for p in phones)
    assert any(all(c.value is None for c in suppliers[r]) for r in range(4, 17))  # a blank row between records
    month = book["1月"]
    dates = [month.cell(r, 7).value for r in data_rows(month, 3)]
    texts = [d for d in dates if isinstance(d, str)]
    assert any(isinstance(d, datetime) for d in dates)
    assert any("/" in d for d in texts) and any("年" in d for d in texts)
    assert any("." in d for d in texts) and any("-" in d for d in texts)
    vertical = [r for r in month.merged_cells.ranges if r.min_row != r.max_row]
    assert vertical and all(r.max_row - r.min_row == 1 for r in vertical)
    last_rows = [month.cell(r, 1).value for r in (month.max_row - 1, month.max_row)]
    assert last_rows[0] == "合计" and str(last_rows[1]).startswith("备注")


def test_workbook_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    def values(seed: int, name: str) -> list[tuple[object, ...]]:
        path = tmp_path / f"{name}.xlsx"
        write_messy_workbook(path, seed)
        return [tuple(r) for ws in openpyxl.load_workbook(path) for r in ws.iter_rows(values_only=True)]

    assert values(7, "a") == values(7, "b")
    assert values(7, "a") != values(8, "c")


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_is_the_same_supplier_list(book: openpyxl.Workbook, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "suppliers.csv"
    write_messy_csv(path, encoding=encoding)
    with path.open(encoding=encoding, newline="") as handle:
        lines = list(csv.reader(handle))
    sheet = book[SUPPLIER_SHEET]
    assert len(lines) == sheet.max_row
    for row in range(1, sheet.max_row + 1):
        expected = [
            "" if v is None else v.strftime("%Y-%m-%d") if isinstance(v, datetime) else str(v)
            for v in (c.value for c in sheet[row])
        ]
        got = lines[row - 1] + [""] * (len(expected) - len(lines[row - 1]))
        assert got == expected, row
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            path.read_text(encoding="utf-8")
