"""An in-memory stand-in for an xlwings ``Book`` (Excel cannot run here), faithful to ``Range.value``:

- reading gives Excel's types: every number a float, dates ``datetime``, blanks ``None``; a range's value is
  squeezed like xlwings (one cell → scalar, one row or column → 1-D list) unless ``options(ndim=2)``;
- writing a 2-D list fills from the range's top-left cell with the list's shape; a scalar fills the whole range;
  strings are parsed as Excel parses typed input: ``'text`` is text, ``=…`` a formula, ``12``/``1.5`` numbers;
- ``used_range`` is the bounding box of non-empty cells (A1 on an empty sheet).
Every read and write of ``value`` is counted, so tests can prove whole-range I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Formula:
    text: str


def _col(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _cell(address: str) -> tuple[int, int]:
    found = _CELL.match(address.strip().upper())
    assert found, address
    return int(found.group(2)), _col(found.group(1))


def _excel_input(value: Any) -> Any:
    """What a cell holds after Excel's ``Range.Value = value``."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:] or None
        if value.startswith("="):
            return Formula(value)
        if _NUMBER.match(value.strip()):
            return float(value)
        return value or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise TypeError(f"Excel cannot hold {type(value).__name__}")


@dataclass
class Counters:
    reads: int = 0
    writes: int = 0


class FakeRange:
    def __init__(
        self,
        sheet: FakeSheet,
        top: int,
        left: int,
        bottom: int,
        right: int,
        options: dict | None = None,
        areas: list[tuple[int, int, int, int]] | None = None,
    ) -> None:
        self.sheet, self.row, self.column = sheet, top, left
        self.last_row, self.last_column = bottom, right
        self._options = options or {}
        self.areas = areas or [(top, left, bottom, right)]

    def options(self, **options: Any) -> FakeRange:
        return FakeRange(
            self.sheet, self.row, self.column, self.last_row, self.last_column, {**self._options, **options}
        )

    def _grid(self) -> list[list[Any]]:
        cells = self.sheet.cells
        return [
            [cells.get((r, c)) for c in range(self.column, self.last_column + 1)]
            for r in range(self.row, self.last_row + 1)
        ]

    @property
    def value(self) -> Any:
        self.sheet.book.counters.reads += 1
        grid = [[None if isinstance(v, Formula) else v for v in row] for row in self._grid()]
        if self._options.get("ndim") == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if len(grid[0]) == 1:
            return [row[0] for row in grid]
        return grid

    @value.setter
    def value(self, value: Any) -> None:
        self.sheet.book.counters.writes += 1
        if isinstance(value, list) and value and isinstance(value[0], list):
            assert len({len(row) for row in value}) == 1, "All elements of a 2d list must be of the same length"
            rows = value
        elif isinstance(value, list):
            rows = [value]
        else:
            for r in range(self.row, self.last_row + 1):
                for c in range(self.column, self.last_column + 1):
                    self.sheet.put(r, c, _excel_input(value))
            return
        for i, row in enumerate(rows):
            for j, item in enumerate(row):
                self.sheet.put(self.row + i, self.column + j, _excel_input(item))

    @property
    def formula(self) -> Any:
        return self.sheet.cells.get((self.row, self.column))

    def _each_cell(self) -> list[tuple[int, int]]:
        return [
            (r, c)
            for top, left, bottom, right in self.areas
            for r in range(top, bottom + 1)
            for c in range(left, right + 1)
        ]

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get((self.row, self.column), "General")

    @number_format.setter
    def number_format(self, text: str) -> None:
        for cell in self._each_cell():
            self.sheet.formats[cell] = text

    @property
    def color(self) -> str | None:
        return self.sheet.fills.get((self.row, self.column))

    @color.setter
    def color(self, value: str | None) -> None:
        for cell in self._each_cell():
            self.sheet.fills[cell] = value

    @property
    def column_width(self) -> float:
        return self.sheet.widths.get(self.column, 8.43)

    @column_width.setter
    def column_width(self, width: float) -> None:
        for c in range(self.column, self.last_column + 1):
            self.sheet.widths[c] = width

    def add_hyperlink(self, address: str, text_to_display: str | None = None, screen_tip: str | None = None) -> None:
        self.sheet.links[(self.row, self.column)] = address
        self.value = text_to_display or address


@dataclass
class FakeTable:
    sheet: FakeSheet
    name: str | None

    def resize(self, source: FakeRange) -> None:
        self.sheet.tables_by_name[self.name] = (source.row, source.column, source.last_row, source.last_column)


class FakeTables:
    """A sheet's Excel Tables (ListObjects); like Excel's, they survive ``Sheet.clear()``."""

    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet

    def __iter__(self):  # noqa: ANN204
        return iter([FakeTable(self.sheet, name) for name in self.sheet.tables_by_name])

    def add(self, source: FakeRange, name: str | None = None, **_: Any) -> FakeTable:
        taken = {t for s in self.sheet.book.sheets for t in s.tables_by_name}
        assert name not in taken, f"table name {name} already used in the workbook"
        table = FakeTable(self.sheet, name)
        table.resize(source)
        return table


@dataclass
class FakeSheet:
    book: FakeBook
    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    fills: dict[tuple[int, int], str | None] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    tables_by_name: dict[str | None, tuple[int, int, int, int]] = field(default_factory=dict)
    visible: bool = True

    def __post_init__(self) -> None:
        self.tables = FakeTables(self)

    def put(self, row: int, col: int, value: Any) -> None:
        if value is None:
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = value

    def range(self, first: str | tuple[int, int], second: tuple[int, int] | None = None) -> FakeRange:
        if isinstance(first, tuple):
            bottom, right = second or first
            return FakeRange(self, first[0], first[1], bottom, right)
        areas = []
        for area in first.split(","):
            corners = [_cell(part) for part in area.split(":")]
            (top, left), (bottom, right) = corners[0], corners[-1]
            areas.append((top, left, bottom, right))
        top, left, bottom, right = areas[0]
        return FakeRange(self, top, left, bottom, right, areas=areas)

    @property
    def used_range(self) -> FakeRange:
        if not self.cells:
            return FakeRange(self, 1, 1, 1, 1)
        rows = [r for r, _ in self.cells]
        cols = [c for _, c in self.cells]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def clear(self) -> None:
        self.cells.clear()
        self.formats.clear()
        self.fills.clear()
        self.links.clear()

    def activate(self) -> None:
        self.book.active = self.name

    def to_pdf(self, path: str) -> None:
        Path(path).write_bytes(b"%PDF-fake " + self.name.encode())


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._sheets: list[FakeSheet] = []

    def __iter__(self):  # noqa: ANN204
        return iter(list(self._sheets))

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self._sheets[key]
        return next(s for s in self._sheets if s.name.casefold() == key.casefold())

    def add(self, name: str, before: FakeSheet | None = None, after: FakeSheet | None = None) -> FakeSheet:
        assert all(s.name.casefold() != name.casefold() for s in self._sheets), f"sheet {name} exists"
        sheet = FakeSheet(self.book, name)
        at = self._sheets.index(after) + 1 if after is not None else (self._sheets.index(before) if before else 0)
        self._sheets.insert(at, sheet)
        return sheet


@dataclass
class FakeSelection:
    value: Any = None


@dataclass
class FakeApp:
    status_bar: Any = None
    alerts: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    status_history: list[Any] = field(default_factory=list)
    selection: FakeSelection = field(default_factory=FakeSelection)

    def alert(
        self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None, callback: Any = None
    ) -> str:
        self.alerts.append((prompt, title, mode))
        return "ok"

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "status_bar" and "status_history" in self.__dict__:
            self.status_history.append(value)
        super().__setattr__(name, value)


@dataclass
class FakeProperty:
    Name: str  # noqa: N815 - as Excel's object model spells it
    Value: Any  # noqa: N815


class FakeProperties(list[FakeProperty]):
    """Excel's ``CustomDocumentProperties`` collection (text properties only)."""

    def Add(self, Name: str, LinkToContent: bool, Type: int, Value: Any) -> FakeProperty:  # noqa: N802, N803
        assert not LinkToContent and Type == 4, "only text properties are used"
        self.append(FakeProperty(Name, Value))
        return self[-1]


@dataclass
class FakeBookApi:
    CustomDocumentProperties: FakeProperties = field(default_factory=FakeProperties)  # noqa: N815
    Date1904: bool = False  # noqa: N815


class FakeBook:
    def __init__(self, name: str = "Book1.xlsx", fullname: str | None = None) -> None:
        self.name = name
        self.fullname = fullname or name
        self.api = FakeBookApi()
        self.app = FakeApp()
        self.counters = Counters()
        self.sheets = FakeSheets(self)
        self.active: str | None = None

    def add_sheet(self, name: str, rows: list[list[Any]], top: int = 1, left: int = 1) -> FakeSheet:
        """A user sheet holding ``rows`` from (top, left), as Excel would hold them after typing."""
        sheet = self.sheets.add(name, after=self.sheets[-1] if len(self.sheets) else None)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                sheet.put(top + i, left + j, _excel_input(value) if not isinstance(value, str) else (value or None))
        return sheet


def book_from_file(path: Path) -> FakeBook:
    """The workbook at ``path`` as Excel would hold it when opened (values read independently with openpyxl)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    book = FakeBook(path.name, str(path))
    book.api.CustomDocumentProperties.extend(FakeProperty(p.name, p.value) for p in workbook.custom_doc_props)
    book.api.Date1904 = workbook.epoch.year == 1904
    for worksheet in workbook.worksheets:
        sheet = book.sheets.add(worksheet.title, after=book.sheets[-1] if len(book.sheets) else None)
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    value = cell.value if isinstance(cell.value, str) else _excel_input(cell.value)
                    sheet.put(cell.row, cell.column, value)
                    if cell.number_format != "General":
                        sheet.formats[(cell.row, cell.column)] = cell.number_format
    return book
