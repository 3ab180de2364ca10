"""Reading the file a user imports: each sheet matched to the spec whose headers it fits best, then read through it.

A sheet's number and date columns are read typed when that reads exactly what reading every cell as text would
(:mod:`srm_xl.io.typed_read`): its merged areas all above its header row (a merged title), nothing but words
down to that row (a date, number, tick or error cell there reads otherwise in the sheet's top rows as streamed),
and no error cell anywhere. Every other sheet, a CSV, and the tables of a web page or Excel 2003 XML file saved as
.xls (:mod:`srm_xl.io.markup`) are read as text, merged areas filled and error cells spelt as they show (``#N/A``:
fastexcel reads no value, and the cell would pass for blank where it is reported and kept as what the user sees).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import polars as pl

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.headers import SCAN_ROWS, HeaderMap, find_header
from srm_xl.io.markup import read_markup
from srm_xl.io.reader import ReadHints, table_from_body, table_from_text, year_in
from srm_xl.io.sheet_finder import MIN_COLUMNS, named_sheet
from srm_xl.io.sources import (
    SheetMarks,
    convert_to_xlsx,
    fill_merged,
    libreoffice_available,
    read_csv_text,
    with_errors,
)
from srm_xl.io.table import Table
from srm_xl.io.vocabulary import BookMaps
from srm_xl.messages import Lang
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import EXCEL_EPOCH

_NOT_A_WORD = r"^\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|#.*)\s*$"
"""A top cell that may be a number, date, tick or error (its streamed text is not what the text read gives)."""
_YEAR = r"^((?:19|20)\d{2})[-/.年]"
"""A full date's year, as its text starts."""
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
"""A file named so and holding text is said to be text when nothing in it is recognised."""
_CONVERTED = ("guard_legacy_xls", "guard_ods")
"""Files the guard refuses only for their kind, which LibreOffice converts to .xlsx when it is installed."""
_CHINESE = r"[\u3400-\u9fff\uf900-\ufaff]"
"""A Chinese character (not a kana or hangul, which :data:`~srm_xl.schema.convert` also keeps full width)."""


@dataclass(frozen=True)
class TypedBody:
    """A sheet read typed: the spec it matched, its header, and the rows below it with each column's position."""

    spec: SheetSpec
    header: HeaderMap
    rows: pl.DataFrame
    positions: list[int]


@dataclass
class SourceSheet:
    """One sheet of the source: every cell as text (frame row i = Excel row i+1) or, read typed (``typed``),
    its top rows as text and the rows below its header."""

    name: str
    frame: pl.DataFrame
    positions: list[int]
    epoch: date = EXCEL_EPOCH
    """The day the source's date serials count from (its date system)."""
    typed: TypedBody | None = None
    hidden: bool = False
    """Hidden from the user in the source (imported only when it is a table, not the lists behind dropdowns)."""
    formats: dict[int, str] = field(default_factory=dict)
    """The number formats its columns show numbers with (``0.0%``), by position (:mod:`srm_xl.io.cell_formats`)."""

    def cells(self) -> list[pl.DataFrame]:
        """Every cell of the sheet once: the frame, or the rows down to the header and those below it."""
        if self.typed is None:
            return [self.frame]
        return [self.frame.head(self.typed.header.row + 1), self.typed.rows]


def _head(frame: pl.DataFrame) -> list[list[object]]:
    return [list(r) for r in frame.head(SCAN_ROWS).iter_rows()]


def source_sheets(path: Path, candidates: list[SheetSpec], learned: dict[str, dict[str, str]]) -> list[SourceSheet]:
    """Every sheet of an .xlsx/.xlsm, the one table of a CSV, or each table of a web page or Excel 2003 XML file
    saved as .xls, read as text or typed (see the module).

    A legacy .xls or an .ods is converted through LibreOffice when it is installed; otherwise the guard's message
    says how.
    """
    try:
        kind = check_file(path)
    except UnsafeFileError as error:
        if error.code == "guard_markup":
            return _markup_sheets(path)
        if error.code not in _CONVERTED or not libreoffice_available():
            raise
        path = convert_to_xlsx(path, error)
        kind = check_file(path)
    if kind == "csv":
        frame = read_csv_text(path)
        return [SourceSheet(path.stem, frame, list(range(frame.width)))]
    with FileWorkbook(path, lang="en", checked=True) as source:
        hidden = source.hidden_sheets()
        tops = [_top(source, name, candidates, learned, name in hidden) for name in source.sheet_names()]
        asked = [(t, t.typed_as) for t in tops if t.typed_as is not None]
        bodies = source.typed_bodies(
            [
                (spec, t.sheet.name, (t.sheet.frame, t.sheet.positions), ReadHints(headers=learned.get(spec.key, {})))
                for t, (spec, _) in asked
            ]
        )
        typed = {
            t.sheet.name: TypedBody(spec, *body)
            for (t, (spec, header)), body in zip(asked, bodies, strict=True)
            if body is not None and body[0].row == header.row
        }
        return [
            replace(t.sheet, typed=typed[t.sheet.name]) if t.sheet.name in typed else _as_text(source, t) for t in tops
        ]


def _markup_sheets(path: Path, rows: int | None = None) -> list[SourceSheet]:
    """The tables of a web page or Excel 2003 XML file (:mod:`srm_xl.io.markup`) as sheets; with ``rows``, their
    top rows."""
    return [SourceSheet(g.name, *g.frame(), hidden=g.hidden) for g in read_markup(path, rows=rows)]


def source_language(path: Path, candidates: list[SheetSpec]) -> Lang:
    """The language of a workbook made for ``path``'s data: ``zh`` when its sheet names hold Chinese, or the header
    rows a spec of ``candidates`` finds in it (else, where none is found, its top rows) — not a Chinese name among
    an English file's rows; ``zh`` too when it cannot be read here (the import then says why)."""
    try:
        names, tops = _tops(path)
    except SrmError:
        return "zh"
    headers = [top.frame.slice(found[1].row, 1) for top in tops if (found := best_spec(top, candidates, {}))]
    chinese = pl.Series(names, dtype=pl.String).str.contains(_CHINESE).any() or any(
        frame.select(pl.any_horizontal(pl.all().cast(pl.String).str.contains(_CHINESE))).to_series().any()
        for frame in (headers or [top.frame for top in tops])
        if frame.width
    )
    return "zh" if chinese else "en"


def _tops(path: Path) -> tuple[list[str], list[SourceSheet]]:
    """The sheet names of the workbook at ``path`` and each sheet's top rows (a CSV's or markup file's: no names)."""
    try:
        if check_file(path) == "csv":
            top = read_csv_text(path).head(SCAN_ROWS)
            return [], [SourceSheet(path.stem, top, list(range(top.width)))]
    except UnsafeFileError as error:
        if error.code != "guard_markup":
            raise
        return [], _markup_sheets(path, rows=SCAN_ROWS)
    with FileWorkbook(path, lang="en", checked=True) as source:
        names = source.sheet_names()
        return names, [SourceSheet(name, *source.top_rows(name)) for name in names]


def _read_as_csv(path: Path) -> bool:
    """Whether the guard takes the file at ``path`` for delimited text."""
    try:
        return check_file(path) == "csv"
    except UnsafeFileError:
        return False


@dataclass(frozen=True)
class _Top:
    """A sheet's top rows as text (merged areas filled), and its merged areas and error cells."""

    sheet: SourceSheet
    marks: SheetMarks
    typed_as: tuple[SheetSpec, HeaderMap] | None = None
    """The spec and header of a typed read that may be exact."""


def _top(
    source: FileWorkbook, name: str, candidates: list[SheetSpec], learned: dict[str, dict[str, str]], hidden: bool
) -> _Top:
    """Sheet ``name``'s top rows, and what a typed read of it needs if one may be exact."""
    marks = source.sheet_marks(name)
    top, at = source.top_rows(name)
    peeked = SourceSheet(
        name,
        fill_merged(top, at, marks.merged),
        at,
        source.epoch.date(),
        hidden=hidden,
        formats=source.column_formats(name),
    )
    found = best_spec(peeked, candidates, learned)
    if found is None or marks.errors or not _plain_top(peeked, found[1].row, marks.merged):
        return _Top(peeked, marks)
    return _Top(peeked, marks, found)


def _as_text(source: FileWorkbook, top: _Top) -> SourceSheet:
    """The sheet of ``top`` with every cell as text, merged areas filled, error cells spelt as they show."""
    frame, positions = source.raw_text(top.sheet.name)
    frame = with_errors(fill_merged(frame, positions, top.marks.merged), positions, top.marks.errors)
    return replace(top.sheet, frame=frame, positions=positions)


def _plain_top(peeked: SourceSheet, header_row: int, merged: list[tuple[int, int, int, int]]) -> bool:
    """Whether the sheet's top down to its header row reads the same streamed as read as text: only words there,
    and no merged area reaching below it."""
    if any(last_row > header_row for _, _, last_row, _ in merged):
        return False
    top = peeked.frame.head(header_row + 1)
    return not top.select(pl.any_horizontal(pl.all().str.contains(_NOT_A_WORD).fill_null(False).any())).item()


def best_spec(
    sheet: SourceSheet, candidates: list[SheetSpec], learned: dict[str, dict[str, str]]
) -> tuple[SheetSpec, HeaderMap] | None:
    """The spec whose columns the sheet's header row matches most, with that header, if any matches at all; of
    specs matching as many columns, the one the sheet is named after (a sheet named 交货记录 whose 厂商, 品号,
    数量 an inspection log has too), else the first. A spec none of whose required columns the header names is
    no match (a 供应商考核表 scoring 质量, 交付, 价格, 服务 is no customer survey)."""
    return _best(sheet, candidates, learned, required=True)


def lacking_spec(
    sheet: SourceSheet, candidates: list[SheetSpec], learned: dict[str, dict[str, str]]
) -> SheetSpec | None:
    """For a sheet :func:`best_spec` matches to no spec: the spec whose columns its header matches most (at least
    :data:`~srm_xl.io.sheet_finder.MIN_COLUMNS`) though it names none of that spec's required ones — a sheet the
    import leaves out, which the user is told of."""
    found = _best(sheet, candidates, learned, required=False)
    return found[0] if found is not None and found[1].score >= MIN_COLUMNS else None


def _best(
    sheet: SourceSheet, candidates: list[SheetSpec], learned: dict[str, dict[str, str]], *, required: bool
) -> tuple[SheetSpec, HeaderMap] | None:
    head = _head(sheet.frame)
    scored = [
        (h.score, named_sheet(s, [sheet.name]) is not None, -i, s, h)
        for i, s in enumerate(candidates)
        if (h := find_header(head, s, learned.get(s.key))) is not None and _names_a_required(s, h) == required
    ]
    best = max(scored, key=lambda t: t[:3]) if scored else None
    return None if best is None else (best[3], best[4])


def _names_a_required(spec: SheetSpec, header: HeaderMap) -> bool:
    """Whether ``header`` maps one of the columns ``spec`` requires (or it requires none)."""
    required = [c.key for c in spec.columns if c.required]
    return not required or any(key in header.columns for key in required)


def file_year(path: Path, sheets: list[SourceSheet]) -> int | None:
    """The source's year: in its file name, else the most common year among its full dates (date cells and
    dates typed as text), numbers such as 2031.5 left out (the caller falls back to this year, and every date
    so completed is noted)."""
    named = year_in(path.stem)
    if named is not None:
        return named
    frames = [frame for s in sheets for frame in s.cells()]
    dated = pl.concat([_full_dates(f) for f in frames] or [pl.Series([], dtype=pl.String)])
    dated = dated.filter(~dated.str.contains(r"^\d+\.\d+$"))  # 2031.5 is a price read as text, not a year
    years = [dated.str.extract(_YEAR, 1).cast(pl.Int32)]
    years += [f[c].dt.year() for f in frames for c in f.columns if f[c].dtype in (pl.Date, pl.Datetime)]
    found = pl.concat(years).drop_nulls()
    found = found.filter((found >= 1900) & (found < 2100))
    return int(found.mode().max()) if found.len() else None  # type: ignore[arg-type]


def _full_dates(frame: pl.DataFrame) -> pl.Series:
    """The text cells of ``frame`` that start with a full date's year, in one pass of polars over its columns."""
    texts = [c for c in frame.columns if frame[c].dtype == pl.String and frame[c].null_count() < frame.height]
    if not texts:
        return pl.Series([], dtype=pl.String)
    found = frame.select(pl.col(c).filter(pl.col(c).str.contains(_YEAR).fill_null(False)).implode() for c in texts)
    return pl.concat([found[c].explode() for c in texts]).drop_nulls()


def sheet_year(sheet: SourceSheet, header_row: int) -> int | None:
    """The year a sheet names: in its name (2026年7月) or a title row above its header."""
    named = year_in(sheet.name)
    if named is not None:
        return named
    titles = [str(v) for row in sheet.frame.head(header_row).iter_rows() for v in row if v]
    return next((y for t in titles if (y := year_in(t)) is not None), None)


@dataclass(frozen=True)
class Source:
    """A source as read: its tables by spec key, and its hidden sheets left out as lists rather than tables."""

    tables: dict[str, list[Table]]
    lists: list[str]
    lacking: list[tuple[str, SheetSpec]]
    """Sheets left out whose header looks like a spec's but names none of its required columns."""
    formats: dict[str, dict[str, str]] = field(default_factory=dict)
    """By spec key, the number formats of the user's own columns, by header (the first sheet's that has one)."""


def read_source(
    source: Path, candidates: list[SheetSpec], maps: BookMaps, learned: dict[str, dict[str, str]]
) -> Source:
    """Each recognisable source sheet read through the spec it matches, grouped by spec key. A hidden sheet
    mapping fewer than :data:`~srm_xl.io.sheet_finder.MIN_COLUMNS` columns (the lists behind dropdowns: 供应商,
    判定) is left out; a hidden month of the log maps many more."""
    sheets = [s for s in source_sheets(source, candidates, learned) if s.frame.height]
    fallback = file_year(source, sheets) or date.today().year
    matched: dict[str, list[Table]] = {}
    lists: list[str] = []
    lacking: list[tuple[str, SheetSpec]] = []
    formats: dict[str, dict[str, str]] = {}
    for sheet in sheets:
        typed = sheet.typed
        found = (typed.spec, typed.header) if typed is not None else best_spec(sheet, candidates, learned)
        if found is None:
            if not sheet.hidden and (near := lacking_spec(sheet, candidates, learned)) is not None:
                lacking.append((sheet.name, near))
            continue
        if sheet.hidden and found[1].score < MIN_COLUMNS:
            lists.append(sheet.name)
            continue
        sheet_spec, header = found
        year = sheet_year(sheet, header.row)
        hints = maps.hints(sheet_spec, year=year, fallback_year=fallback, extra_headers=learned.get(sheet_spec.key))
        hints = replace(hints, epoch=sheet.epoch)
        if typed is not None:
            table = table_from_body(sheet_spec, sheet.name, typed.header, typed.rows, typed.positions, None, hints)
        else:
            table = table_from_text(sheet_spec, sheet.name, sheet.frame, sheet.positions, hints=hints)
        matched.setdefault(sheet_spec.key, []).append(table)
        own = formats.setdefault(sheet_spec.key, {})
        for index, name in header.extras.items():
            if index < len(sheet.positions) and (code := sheet.formats.get(sheet.positions[index])) is not None:
                own.setdefault(name, code)
    if not matched:
        if source.suffix.lower() in _WORKBOOK_SUFFIXES and _read_as_csv(source):
            raise SrmError("import_text_named_workbook", file=source.name)
        raise SrmError("import_no_sheet_matched", path=str(source))
    return Source(matched, lists, lacking, formats)
