"""A data sheet a job has just written is read next from what the writer handed over, and that read is exactly
the read of the saved file: the same rows, values, row numbers and reported cells as parsing it with the cache off."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_xl.io import read_cache
from srm_xl.io.cell_words import MISSING_WORDS
from srm_xl.io.draft import RAW, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.table import Table
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.validate import validate
from srm_xl.schema import SheetSpec, spec
from srm_xl.schema.frames import empty_frame
from srm_xl.templates.build import build_template


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(read_cache.ENV, str(folder))
    return folder


def _written(path: Path, sheet: SheetSpec, frame: pl.DataFrame, lang: str = "zh") -> Path:
    """``frame`` written into a new template workbook as the product writes a data sheet."""
    build_template(path, lang)
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(sheet, frame, book.lang))
        book.commit()
    return path


def _handed_over(path: Path, sheet: SheetSpec) -> Table | None:
    """What the read cache holds for the next full read of the sheet (``None``: it would be parsed)."""
    with FileWorkbook(path) as book:
        plan = book._plan(sheet, None, None)  # noqa: SLF001 - the read's own cache lookup
    return plan if isinstance(plan, Table) else None


def _parsed(path: Path, sheet: SheetSpec, monkeypatch: pytest.MonkeyPatch, columns: list[str] | None = None) -> Table:
    with monkeypatch.context() as patch:
        patch.setenv(read_cache.ENV, "off")
        with FileWorkbook(path) as book:
            return book.read(sheet, columns=columns)


def _same(handed: Table, parsed: Table) -> None:
    assert handed.frame.schema == parsed.frame.schema
    assert handed.frame.equals(parsed.frame), (handed.frame, parsed.frame)
    assert (handed.header_row, handed.columns, handed.headers, handed.extras) == (
        parsed.header_row,
        parsed.columns,
        parsed.headers,
        parsed.extras,
    )
    assert [vars(i) for i in handed.issues] == [vars(i) for i in parsed.issues]


def test_an_inspection_log_just_written_is_read_as_parsing_it_reads_it(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lots = pl.DataFrame(
        {
            "lot": ["L001", "L002", "L003", "合计"],
            "supplier": ["S01", "S02", "S01", None],
            "part": ["P-1", "P-2", "P-1", None],
            "received": [date(2026, 7, 1), date(2026, 7, 2), None, None],
            "lot_size": [500, 1200, 80, 1780],
            "sample_size": [50, 80, 13, None],
            "major": [0, 3, 1, 4],
            "sorting_cost": [0.1 + 0.2, 12.5, float("inf"), None],
            "decision": ["accept", "reject", "accept", None],
        }
    )
    book = _written(tmp_path / "book.xlsx", spec("inspections"), lots)
    handed = _handed_over(book, spec("inspections"))
    assert handed is not None, "the written log was not handed over: the next job parses it again"
    parsed = _parsed(book, spec("inspections"), monkeypatch)
    _same(handed, parsed)
    assert handed.frame["lot"].to_list() == ["L001", "L002", "L003"]  # the totals row left out, as parsing does
    assert handed.frame["decision"].to_list() == ["accept", "reject", "accept"]
    assert math.isclose(handed.frame["sorting_cost"][0], 0.3) and handed.frame["sorting_cost"][2] is None


def test_a_log_under_the_user_s_own_sheet_name_is_handed_over_too(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet named after no spec (``2026来料``, found by its header) is handed over like one named after its
    spec; a result sheet written beside it is not (only data sheets are read back)."""
    inspections = spec("inspections")
    lots = pl.DataFrame({"lot": ["L001", "L002"], "supplier": ["S01", "S02"], "lot_size": [500, 1200]})
    path = tmp_path / "book.xlsx"
    with FileWorkbook.create(path, "zh") as book:
        book.stage(draft_from_spec(inspections, lots, "zh", name="2026来料"))
        book.stage(draft_from_spec(spec("scorecard"), empty_frame(spec("scorecard")), "zh"))
        book.commit()
    with FileWorkbook(path) as book:
        assert book.find(inspections) == "2026来料"
    handed = _handed_over(path, inspections)
    assert handed is not None, "the user-named log was not handed over"
    _same(handed, _parsed(path, inspections, monkeypatch))
    assert handed.frame["lot_size"].to_list() == [500, 1200]


def test_a_stoppage_log_keyed_by_date_reads_its_dates(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its key column holds dates: the reader's totals-row search looked for words in it and failed on a date."""
    stops = pl.DataFrame(
        {"date": [date(2026, 7, 1), date(2026, 7, 9)], "supplier": ["S01", "S02"], "hours": [2.5, 4.0]}
    )
    book = _written(tmp_path / "book.xlsx", spec("stoppages"), stops, "en")
    parsed = _parsed(book, spec("stoppages"), monkeypatch)
    assert parsed.frame["date"].to_list() == [date(2026, 7, 1), date(2026, 7, 9)]
    assert parsed.frame["hours"].to_list() == [2.5, 4.0]
    handed = _handed_over(book, spec("stoppages"))
    assert handed is not None
    _same(handed, parsed)


_TEXT = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", " ", " S01 ", "a\r\nb", "a\rb", "\x01", "x\x0by", "=SUM(A1)", "N/A", "合计", "TRUE", "0012"]),
    st.sampled_from(["１２３", "accept", "合格", "不合格", "reject", "2026/7/3", "备注：以上", "\u200bS02", "1e5"]),
)
_NUMBER = st.one_of(
    st.none(),
    st.integers(-(2**55), 2**55),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.1 + 0.2, -0.0, 1e20, 123456789.123456789, 2.5]),
)
_DATE = st.one_of(st.none(), st.dates(date(1900, 3, 1), date(2200, 12, 31)))
_OWN = {"备注金额": (_NUMBER, pl.Float64), "复检日期": (_DATE, pl.Date), "说明": (_TEXT, pl.String)}
"""Columns of the user's own, each of one kind."""


@st.composite
def _logs(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(st.integers(0, 8))
    column = lambda kind: draw(st.lists(kind, min_size=rows, max_size=rows))  # noqa: E731
    frame = pl.DataFrame(
        {
            "lot": column(_TEXT),
            "supplier": column(_TEXT),
            "received": column(_DATE),
            "lot_size": pl.Series(column(st.one_of(st.none(), st.integers(-(2**55), 2**55))), dtype=pl.Int64),
            "aql": pl.Series(column(_NUMBER), dtype=pl.Float64),
            "decision": column(_TEXT),
            "inspector": column(_TEXT),
        },
        schema_overrides={"lot": pl.String, "supplier": pl.String, "decision": pl.String, "inspector": pl.String},
    )
    for key in draw(st.sets(st.sampled_from(["lot_size", "aql", "received"]))):  # cells shown as the user typed them
        typed = column(st.one_of(st.none(), st.sampled_from(["abc", "约500", "2026年?", "", " 1,2OO ", "e"])))
        frame = frame.with_columns(pl.Series(RAW + key, typed, dtype=pl.String))
    for name in sorted(draw(st.sets(st.sampled_from(list(_OWN))))):  # the user's own columns, as read typed
        kind, dtype = _OWN[name]
        frame = frame.with_columns(pl.Series(name, column(kind), dtype=dtype))
    return frame


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lots=_logs())
def test_any_written_log_is_handed_over_exactly_as_it_parses(
    lots: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("handover")
    monkeypatch.setenv(read_cache.ENV, str(folder / "cache"))
    some = ["lot", "received", "aql", "decision"]
    read_cache.remember_asked(spec("inspections"), some)  # a job reads these columns only: handed over too
    book = _written(folder / "book.xlsx", spec("inspections"), lots)
    parsed = _parsed(book, spec("inspections"), monkeypatch)
    handed = _handed_over(book, spec("inspections"))
    if handed is None:  # left to the parser: a sheet read as text (a missing word), or a number spelt 1e-07 or
        # with more digits than a float holds beside text
        missing = lots.select(pl.any_horizontal(pl.col(pl.String).is_in(list(MISSING_WORDS)).any())).item()
        assert missing or any(name.startswith(RAW) for name in lots.columns)
    else:
        _same(handed, parsed)
        part = _read_of(book, some)
        assert part is not None
        _same(part, _parsed(book, spec("inspections"), monkeypatch, some))


def test_cells_shown_as_the_user_typed_them_are_handed_over_as_text(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lot size typed as ``abc`` is written as that text where the number is blank: the column is read back as
    text, the number beside it as its digits, and the cell is reported as parsing reports it."""
    lots = pl.DataFrame(
        {"lot": ["L1", "L2", "L3"], "lot_size": [500, None, 1200], RAW + "lot_size": [None, "abc", None]}
    )
    sheet = spec("inspections")
    book = _written(tmp_path / "book.xlsx", sheet, lots)
    handed = _handed_over(book, sheet)
    assert handed is not None
    parsed = _parsed(book, sheet, monkeypatch)
    _same(handed, parsed)
    assert handed.frame["lot_size"].to_list() == [500, None, 1200]
    assert [(i.row, i.value) for i in handed.issues if i.column == handed.headers["lot_size"]] == [(3, "abc")]


def test_a_log_with_the_user_s_own_number_and_date_columns_is_handed_over_as_it_parses(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An amount and a re-inspection date of the engineer's own are written as a number and a date, and read back
    so; the hand-over gives them as parsing does."""
    lots = pl.DataFrame(
        {
            "lot": ["L1", "L2", "L3"],
            "lot_size": [500, 80, 1200],
            "备注金额": [1.5, None, 0.1 + 0.2],
            "复检日期": [date(2026, 9, 2), date(2026, 9, 3), None],
            "SAP物料编码": ["00123", "1-2", None],
        }
    )
    book = _written(tmp_path / "book.xlsx", spec("inspections"), lots)
    handed = _handed_over(book, spec("inspections"))
    assert handed is not None, "a log with the user's own typed columns was not handed over"
    parsed = _parsed(book, spec("inspections"), monkeypatch)
    _same(handed, parsed)
    assert parsed.frame["备注金额"].to_list() == [1.5, None, 0.3]
    assert parsed.frame["复检日期"].to_list() == [date(2026, 9, 2), date(2026, 9, 3), None]
    assert parsed.frame["SAP物料编码"].to_list() == ["00123", "1-2", None]


def test_a_number_a_reader_spells_with_an_exponent_among_text_is_left_to_the_parser(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lots = pl.DataFrame({"lot": ["L1", "L2"], "aql": [1e-7, None], RAW + "aql": [None, "abc"]})
    book = _written(tmp_path / "book.xlsx", spec("inspections"), lots)
    assert _handed_over(book, spec("inspections")) is None
    assert _parsed(book, spec("inspections"), monkeypatch).frame["aql"].to_list() == [1e-7, None]


def _user_quarter(path: Path, *, slips: bool = False) -> Path:
    """A quarter's log as an engineer keeps it: a title row, their own headers, supplier names, text dates in
    their own form, their own words for the verdict, a totals row; their supplier list beside it. With ``slips``,
    a few lots sampled more than they hold (slips validate marks)."""
    book = xlsxwriter.Workbook(path)
    master = book.add_worksheet("供应商名录")
    master.write_row(0, 0, ["供应商代码", "供应商名称"])
    for i, name in enumerate(["苏州精密五金", "宁波模具厂", "东莞塑胶"], start=1):
        master.write_row(i, 0, [f"GYS-{i:03d}", name])
    log = book.add_worksheet("2026Q3来料")
    log.write(0, 0, "2026年第三季度来料检验台账")
    log.write_row(1, 0, ["批次号", "供应商名称", "物料号", "来料日期", "来料数量", "抽检数", "不良数", "检验结果"])
    names = ["苏州精密五金", "宁波模具厂", "东莞塑胶", "宁波模具"]
    for i in range(60):
        verdict = "不合格" if i % 7 == 0 else "合格"
        log.write_row(
            i + 2,
            0,
            [
                f"Q3-{i:04d}",
                names[i % 4],
                f"P-{i % 5}",
                f"2026.{7 + i % 3}.{1 + i % 28}",
                500,
                800 if slips and i % 20 == 3 else 50,
                i % 3,
                verdict,
            ],
        )
    log.write_row(62, 0, ["合计", None, None, None, 30000, 3000, 60])
    book.close()
    return path


def test_an_imported_log_validates_as_it_does_when_parsed(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import a user's quarter, validate straight after (from the hand-over) and a copy with the cache off: the
    same findings, row for row."""
    source = _user_quarter(tmp_path / "quarter.xlsx")
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        import_source(opened, source)
    assert _handed_over(book, spec("inspections")) is not None
    (tmp_path / "copy.xlsx").write_bytes(book.read_bytes())
    with FileWorkbook(book) as opened:
        handed = sorted((i.sheet, i.row or 0, i.column or "", i.code, str(i.value)) for i in validate(opened).issues)
    with monkeypatch.context() as patch:
        patch.setenv(read_cache.ENV, "off")
        with FileWorkbook(tmp_path / "copy.xlsx") as opened:
            parsed = sorted(
                (i.sheet, i.row or 0, i.column or "", i.code, str(i.value)) for i in validate(opened).issues
            )
    assert handed == parsed and parsed


@pytest.mark.parametrize(("mapping", "worked_out_again"), [([], 0), (["不良数=major"], 1)])
def test_an_import_hands_over_the_table_worked_out_while_the_book_was_written(
    tmp_path: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    mapping: list[str],
    worked_out_again: int,
) -> None:
    """The imported log's table is worked out beside the writing and kept as it is; an import that also writes
    the Column map (``--map``) changes what the next read knows, so the table is worked out again after the save.
    Either way it is what parsing the saved sheet gives."""
    from srm_xl.io import file_workbook

    calls: list[str] = []
    original = file_workbook.cells_read_back

    def counted(*args: object) -> object:
        calls.append("again")
        return original(*args)  # type: ignore[arg-type]

    book = build_template(tmp_path / "book.xlsx", "zh")
    monkeypatch.setattr(file_workbook, "cells_read_back", counted)
    with FileWorkbook(book) as opened:
        import_source(opened, _user_quarter(tmp_path / "quarter.xlsx"), mapping=mapping)
    handed = _handed_over(book, spec("inspections"))
    assert handed is not None
    _same(handed, _parsed(book, spec("inspections"), monkeypatch))
    assert handed.frame.height == 60
    assert len(calls) == worked_out_again


GRADED = ["lot", "supplier", "part", "received", "lot_size", "sample_size", "critical", "major", "minor", "result"]
"""Columns of the log a grade reads (a read of some columns only is kept apart from a read of all of them)."""


def _read_of(path: Path, columns: list[str] | None) -> Table | None:
    """The read cache's table for reading ``columns`` of the log (``None``: all; none found: it would be parsed)."""
    with FileWorkbook(path) as book:
        plan = book._plan(spec("inspections"), None, columns)  # noqa: SLF001 - the read's own cache lookup
    return plan if isinstance(plan, Table) else None


def test_the_columns_a_grade_reads_are_handed_over_and_kept_through_a_validate(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a grade has read its columns of the log, the next import hands that read over too, and a validate
    that marks the log's problem cells (its cells unchanged) keeps both reads: the grade after import and
    validate parses nothing, and reads exactly what parsing gives."""
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        opened.read(spec("inspections"), columns=GRADED)  # a grade on the empty template
    with FileWorkbook(book) as opened:
        import_source(opened, _user_quarter(tmp_path / "quarter.xlsx", slips=True))
    handed = _read_of(book, GRADED)
    assert handed is not None and handed.frame.height == 60
    _same(handed, _parsed(book, spec("inspections"), monkeypatch, GRADED))
    with FileWorkbook(book) as opened:
        marked = [i for i in validate(opened).issues if i.sheet == handed.sheet and i.row]
    assert marked, "the quarter has cells validate marks"
    for columns in (GRADED, None):
        kept = _read_of(book, columns)
        assert kept is not None
        _same(kept, _parsed(book, spec("inspections"), monkeypatch, columns))


def test_a_grade_straight_after_the_first_import_reads_its_columns_from_the_hand_over(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import is graded next: the columns a grade reads of each sheet are handed over with the whole sheet,
    even before any grade ran on this computer."""
    from srm_xl.scoring.inputs import USED

    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as opened:
        import_source(opened, _user_quarter(tmp_path / "quarter.xlsx"))
    columns = list(USED["inspections"])
    handed = _read_of(book, columns)
    assert handed is not None and handed.frame.height == 60
    _same(handed, _parsed(book, spec("inspections"), monkeypatch, columns))
