"""A file imported as its user keeps it reads its number and date columns typed, and imports exactly what
reading every cell as text imports: same rows, values, problems and years for dates typed without one."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.table import Table
from srm_xl.io.vocabulary import BookMaps
from srm_xl.jobs.import_read import read_source, source_sheets
from srm_xl.jobs.importer import import_source
from srm_xl.schema import registry, spec
from srm_xl.templates.build import build_template
from tests.io.tables import assert_same
from tests.io.test_typed_read import HEADERS, logs
from tests.libreoffice import convert

CANDIDATES = [s for s in registry().values() if s.kind == "data"]
TITLES = st.sampled_from([None, "来料检验记录", "2025年来料检验记录", date(2025, 7, 1), 2025, True])
"""What users put above the header: nothing, a title with or without a year, a date, number or tick cell."""


def write_source(
    path: Path,
    rows: list[list[object]],
    *,
    sheet: str,
    title: object,
    merged: bool,
    delivered: list[object],
    merged_down: bool = False,
    mac: bool = False,
) -> Path:
    """A log as Excel saves it: an optional title above the user's header, ``merged`` across it or not, the
    supplier of the first three lots written once and merged down (``merged_down``), dates counted from 1904 as
    a Mac's Excel may save them (``mac``), and a second sheet of deliveries whose dates are date cells."""
    book = xlsxwriter.Workbook(path, {"date_1904": mac})
    formats = {
        date: book.add_format({"num_format": "yyyy/m/d"}),
        datetime: book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        time: book.add_format({"num_format": "hh:mm:ss"}),
    }
    log = book.add_worksheet(sheet)

    def put(target, r: int, c: int, value: object) -> None:  # noqa: ANN001 - an xlsxwriter worksheet
        if isinstance(value, (date, datetime, time)):
            target.write_datetime(r, c, value, formats[type(value)])
        elif isinstance(value, str) and value.startswith("="):
            target.write_formula(r, c, value, None, "#N/A" if "NA" in value else "#DIV/0!")
        elif value is not None:
            target.write(r, c, value)

    if title is not None:
        if merged and not isinstance(title, (date, bool)):
            log.merge_range(0, 0, 0, len(HEADERS) - 1, title)
        else:
            put(log, 0, 0, "报表" if not isinstance(title, str) else title)
            put(log, 0, 1, title)
    log.write_row(2, 0, HEADERS)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            put(log, r, c, value)
    if merged_down and len(rows) > 2:  # one supplier written once for three lots, merged down
        log.merge_range(3, 1, 5, 1, str(rows[0][1]))
    deliveries = book.add_worksheet("交货")
    deliveries.write_row(0, 0, ["交货单号", "供应商", "实际交货日期", "交货数量"])
    for r, value in enumerate(delivered, start=1):
        deliveries.write_row(r, 0, [f"D{r:03d}", "S001"])
        put(deliveries, r, 2, value)
        deliveries.write(r, 3, 100)
    book.close()
    return path


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, list[Table]], dict[str, list[Table]]]:
    """The source read as the import reads it, and with every sheet read as text."""
    typed = read_source(path, CANDIDATES, BookMaps.empty(), {}).tables
    with monkeypatch.context() as patched:
        patched.setattr(FileWorkbook, "typed_bodies", lambda _, requests: [None] * len(requests))
        text = read_source(path, CANDIDATES, BookMaps.empty(), {}).tables
    return typed, text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=logs(),
    sheet=st.sampled_from(["来料检验", "2025年7月"]),
    title=TITLES,
    merged=st.booleans(),
    merged_down=st.booleans(),
    mac=st.booleans(),
    named=st.booleans(),
    delivered=st.lists(st.one_of(st.dates(date(2023, 1, 1), date(2027, 12, 31)), st.just("7月9日")), max_size=4),
)
def test_an_import_reads_the_same_typed_or_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows, sheet, title, merged, merged_down, mac, named, delivered
) -> None:
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    name = "2024年来料.xlsx" if named else "来料.xlsx"
    source = write_source(
        tmp_path / name,
        rows,
        sheet=sheet,
        title=title,
        merged=merged,
        delivered=delivered,
        merged_down=merged_down,
        mac=mac,
    )
    typed, text = read_both(source, monkeypatch)
    assert typed.keys() == text.keys()
    for key, tables in typed.items():
        assert len(tables) == len(text[key])
        for got, expected in zip(tables, text[key], strict=True):
            assert_same(got, expected)


def test_a_log_saved_as_excel_saves_it_is_read_typed(tmp_path: Path) -> None:
    rows = [
        [f"L{i:03d}", "苏州精密", "P-100", date(2026, 7, 1 + i % 28), 500, 50, 0, 1, 2, "合格", None] for i in range(40)
    ]
    source = write_source(
        tmp_path / "来料.xlsx", rows, sheet="来料检验", title="来料检验记录", merged=True, delivered=[]
    )
    sheets = {s.name: s for s in source_sheets(source, CANDIDATES, {})}
    typed = sheets["来料检验"].typed
    assert typed is not None and typed.spec.key == "inspections"
    assert (
        typed.rows[typed.rows.columns[3]].dtype == pl.Datetime("ms")
        or typed.rows[typed.rows.columns[3]].dtype.is_temporal()
    )


def test_a_date_cell_in_the_title_gives_its_year_to_dates_typed_without_one(tmp_path: Path) -> None:
    """报表月份 2025-07-01 as a date cell above the header: 7月3日 is 2025-07-03, not this year's."""
    rows = [[f"L{i:03d}", "S001", "P-100", "7月3日", 500, 50, 0, 1, 2, "合格", None] for i in range(5)]
    source = write_source(
        tmp_path / "来料.xlsx", rows, sheet="来料检验", title=date(2025, 7, 1), merged=False, delivered=[]
    )
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        import_source(workbook, source)
    with FileWorkbook(book) as workbook:
        received = workbook.read(spec("inspections")).frame["received"].unique().to_list()
    assert received == [date(2025, 7, 3)]


def test_date_cells_on_another_sheet_give_the_file_its_year(tmp_path: Path) -> None:
    """No year in the file's name, the log's name or title: 7月3日 takes the year of the file's date cells
    (deliveries of 2025), read typed."""
    rows = [[f"L{i:03d}", "S001", "P-100", "7月3日", 500, 50, 0, 1, 2, "合格", None] for i in range(5)]
    delivered = [date(2025, 6, d) for d in range(1, 9)]
    source = write_source(tmp_path / "来料.xlsx", rows, sheet="来料检验", title=None, merged=False, delivered=delivered)
    assert all(s.typed is not None for s in source_sheets(source, CANDIDATES, {}) if s.name == "交货")
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, source)
    with FileWorkbook(book) as workbook:
        received = workbook.read(spec("inspections")).frame["received"].unique().to_list()
    assert received == [date(2025, 7, 3)]
    assert any(i.code == "date_year_assumed" and i.fields.get("year") == 2025 for i in report.issues)


def test_a_log_re_saved_by_libreoffice_imports_the_same_typed_or_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        [
            f"L{i:03d}",
            "宁波模具",
            "P-100",
            date(2026, 7, 1 + i % 28),
            500 + i,
            50,
            0,
            i % 3,
            2.5,
            "合格",
            "N/A" if i % 7 else None,
        ]
        for i in range(30)
    ]
    source = write_source(tmp_path / "来料.xlsx", rows, sheet="来料检验", title="2026年来料", merged=True, delivered=[])
    resaved = convert(source, tmp_path / "libreoffice")
    typed, text = read_both(resaved, monkeypatch)
    assert_same(typed["inspections"][0], text["inspections"][0])
    assert any(s.typed is not None for s in source_sheets(resaved, CANDIDATES, {}))


def test_a_year_kept_as_monthly_sheets_is_read_typed_several_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve monthly sheets, read two at a time, each typed: the same tables as reading every cell as text."""
    monkeypatch.setenv("SRM_XL_CACHE", "off")
    path = tmp_path / "来料.xlsx"
    book = xlsxwriter.Workbook(path)
    dates = book.add_format({"num_format": "yyyy/m/d"})
    for month in range(1, 13):
        sheet = book.add_worksheet(f"{month}月")
        sheet.write(0, 0, f"2026年{month}月来料检验")
        sheet.write_row(1, 0, HEADERS)
        for r in range(2, 2 + 30 * month):
            sheet.write_row(r, 0, [f"L{month:02d}{r:04d}", "苏州精密", "P-100"])
            sheet.write_datetime(r, 3, datetime(2026, month, 1 + r % 28), dates)
            sheet.write_row(r, 4, [500 + r, 50, 0, r % 3, 2.5, "合格" if r % 5 else "不合格"])
    book.close()
    assert all(s.typed is not None for s in source_sheets(path, CANDIDATES, {}))
    typed, text = read_both(path, monkeypatch)
    assert [t.sheet for t in typed["inspections"]] == [f"{m}月" for m in range(1, 13)]
    for got, expected in zip(typed["inspections"], text["inspections"], strict=True):
        assert_same(got, expected)
    assert sum(t.frame.height for t in typed["inspections"]) == 30 * 78
