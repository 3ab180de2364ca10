"""``FileWorkbook``: a workbook file read with fastexcel and written part by part.

Reading never goes through openpyxl: every sheet is read once by fastexcel (Rust calamine into Arrow), as text
and converted at one boundary, except number and date columns fastexcel can type exactly as their text would
convert (:mod:`srm_xl.io.typed_read`). Writing replaces or adds only the sheets a job staged; every other part of the
package is copied byte for byte into a temporary file, which replaces the book only if no spreadsheet program has
it open and it is byte for byte what was read (else the results go to a side file); see
:mod:`srm_xl.io.safe_write` for backups and permissions.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import re
import zipfile
import zlib
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Literal, TypeVar

import fastexcel
import polars as pl

from srm_xl.errors import SrmError
from srm_xl.io import guard_findings, guard_memo, read_cache
from srm_xl.io.blank import blank_parts
from srm_xl.io.cell_formats import column_codes
from srm_xl.io.cell_words import ERRORS
from srm_xl.io.draft import KeptRows, SheetDraft, TableBlock
from srm_xl.io.epoch import book_epoch
from srm_xl.io.error_cells import error_issues
from srm_xl.io.full_digits import with_full_digits
from srm_xl.io.guard import Limits, PendingCheck, check_file
from srm_xl.io.guard_zip import sheet_verdict
from srm_xl.io.handover import cells_read_back, table_ahead
from srm_xl.io.headers import SCAN_ROWS, HeaderMap, find_header
from srm_xl.io.highlight import mark_cells
from srm_xl.io.kept_cells import has_kept_cells, kept_cells
from srm_xl.io.kept_rows import Moves, kept_rows, rows_below
from srm_xl.io.lean_read import lean_package
from srm_xl.io.lock import BookLock
from srm_xl.io.owners import office_owner
from srm_xl.io.package import Package, SheetRef, member_info
from srm_xl.io.page import Paper, Printing
from srm_xl.io.peek import cell_styles, peek_sheets
from srm_xl.io.placement import calculate_on_load, place_sheet, sheet_title
from srm_xl.io.properties import custom_properties, set_custom_property
from srm_xl.io.reader import NO_HINTS, ReadHints, table_from_body, table_from_text
from srm_xl.io.render import render_sheet
from srm_xl.io.safe_write import (
    Snapshot,
    backup_path,  # noqa: F401 - where callers look for the newest backup
    clean_debris,
    keep_aside,
    refuse_read_only,
    replace_book,
    write_temp,
)
from srm_xl.io.sheet_finder import named_sheet, sheets_by_header
from srm_xl.io.sources import SheetMarks, sheet_marks
from srm_xl.io.styles import PROBLEM, Style, StyleBook
from srm_xl.io.table import Table
from srm_xl.io.typed_read import narrowed, read_typed
from srm_xl.io.vocabulary import BookMaps, read_maps
from srm_xl.issues import column_letter
from srm_xl.messages import Lang
from srm_xl.schema import SheetSpec, normalise_label, registry
from srm_xl.schema.frames import ROW

IfOpen = Literal["refuse", "copy"]
"""What a commit does while a spreadsheet program has the book open: refuse, or write the results to a copy."""
BACKUPS = 3

_CJK = re.compile(r"[\u4e00-\u9fff]")
READERS_ENV = "SRM_XL_READERS"
"""Sheets parsed at once by :meth:`FileWorkbook.read_all`: 2 unless set (each holds its sheet's cells while it
parses; ``1`` reads one sheet at a time, for the least memory)."""


def _readers() -> int:
    value = os.environ.get(READERS_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) >= 1 else 2


def detect_language(sheet_names: list[str]) -> Lang:
    """The workbook's language: by which language its known sheets are named in (generated sheets such as one
    8D form per corrective action do not count), else Chinese when most sheet names are Chinese."""
    names = {normalise_label(n) for n in sheet_names}
    zh = sum(1 for spec in registry().values() if normalise_label(spec.zh) in names)
    en = sum(1 for spec in registry().values() if normalise_label(spec.en) in names)
    if zh != en:
        return "zh" if zh > en else "en"
    chinese = sum(1 for name in sheet_names if _CJK.search(name))
    return "zh" if chinese * 2 >= max(len(sheet_names), 1) and chinese else "en"


_Done = TypeVar("_Done")
_Ahead = tuple[ReadHints, Future[tuple[HeaderMap, Table, pl.DataFrame] | None]]
"""A data sheet's table worked out while the book is written, with the hints it was read with."""
_Kept = tuple[SheetSpec, str, list[str] | None, ReadHints, read_cache.Entry]
"""A read of a sheet a commit only marks: its spec, sheet, columns, hints and read-cache entry before the commit."""
_Below = tuple[int, int, list[int], dict[str, int]]
"""A data sheet as read: its header row, last data row, the notes and totals rows below its data, and the sheet
column of each spec key."""
_NOT_HANDED_OVER = (
    pl.exceptions.PolarsError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OSError,
    zlib.error,
    zipfile.BadZipFile,
)
"""What leaves a sheet to be parsed by the next read instead of handed over (the book is saved either way)."""


def _named_spec(sheet: str) -> SheetSpec | None:
    """The spec ``sheet`` is named after, if any."""
    return next((s for s in registry().values() if named_sheet(s, [sheet])), None)


@dataclass(frozen=True)
class _Plan:
    """One sheet to parse, with what it needs from the package (gathered before any parsing starts)."""

    spec: SheetSpec
    sheet: str
    part: str | None
    columns: Collection[str] | None
    hints: ReadHints
    entry: read_cache.Entry | None
    wanted: list[int] | None
    typed: tuple[tuple[Path, zipfile.ZipInfo, zipfile.ZipInfo | None], tuple[pl.DataFrame, list[int]]] | None
    size: int


class FileWorkbook:
    """A workbook file: ``read`` sheets through specs, ``stage`` result sheets, ``commit`` them at once."""

    def __init__(
        self,
        path: Path | str,
        *,
        lang: Lang | None = None,
        checked: bool = False,
        backups: int = BACKUPS,
        if_open: IfOpen = "refuse",
        lock: BookLock | None = None,
        guard: PendingCheck | None = None,
    ) -> None:
        """Open ``path`` after the hostile-file guard (``checked``: the caller has just run it; ``guard``: the
        caller started it and its large sheets are still being checked, so each is waited for before it is read
        and all before a commit).

        A commit keeps ``backups`` backups, does ``if_open`` while a spreadsheet program has the book open, and
        checks that ``lock`` (the job's lock on the book, if it took one) is still its own.
        """
        self.path = Path(path)
        self.backups, self.if_open, self.lock = backups, if_open, lock
        if not checked and guard is None:
            check_file(self.path)
        self._guard = guard
        self._snapshot: Snapshot | None = Snapshot.of(self.path).settled()  # the bytes as opened
        self._start(Package(self.path), new=False)
        self.lang: Lang = lang or detect_language(self.sheet_names())
        self.paper: Paper = "A4"
        """The paper the sheets written at the next commit print on (jobs set it from the Config sheet)."""
        self.print_date: date | None = None
        """The date printed sheets' footers show (a report's day); else the day they are printed."""

    def _start(self, package: Package, *, new: bool) -> None:
        self.written_to = self.path
        """Where the last commit wrote (the book itself, or a copy while a spreadsheet program has it open)."""
        self._package = package
        self._drafts: dict[str, SheetDraft] = {}
        self._marks: dict[str, list[str]] = {}
        self._properties: dict[str, str] = {}
        self._reader: fastexcel.ExcelReader | None = None
        self._by_header: dict[str, str] | None = None
        self._tops: dict[str, tuple[pl.DataFrame, list[int]]] | None = None
        self._maps: BookMaps | None = None
        self._hinted: dict[str, ReadHints] = {}
        self._below: dict[str, _Below] = {}
        self._parse_next: set[str] = set()
        self._new = new

    @classmethod
    def create(
        cls,
        path: Path | str,
        lang: Lang,
        *,
        title: str = "",
        lock_structure: bool = False,
        paper: Paper = "A4",
        print_date: date | None = None,
    ) -> FileWorkbook:
        """A new empty workbook to be written at ``path`` on commit (``print_date``: the date its footers show)."""
        book = cls.__new__(cls)
        book.path = Path(path)
        book.backups, book.if_open, book.lock, book._snapshot, book._guard = 0, "refuse", None, None, None
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in blank_parts(title, lock_structure=lock_structure).items():
                archive.writestr(member_info(name), data)
        book._start(Package(buffer), new=True)
        book.lang, book.paper, book.print_date = lang, paper, print_date
        return book

    def close(self) -> None:
        if self._guard is not None:
            self._guard.join()
        self._package.close()

    def __enter__(self) -> FileWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet_names(self) -> list[str]:
        return [s.name for s in self._package.sheets()]

    def hidden_sheets(self) -> set[str]:
        """The sheets hidden from the user (hidden or very hidden)."""
        return {s.name for s in self._package.sheets() if s.state != "visible"}

    def find(self, spec: SheetSpec) -> str | None:
        """The sheet named after ``spec``, else (for data sheets) the user-named sheet whose header is spec's."""
        names = self.sheet_names()
        named = named_sheet(spec, names)
        if named is not None or spec.kind != "data":
            return named
        if self._by_header is None:
            self._by_header = sheets_by_header(names, self.top_rows)
        return self._by_header.get(spec.key)

    def has(self, spec: SheetSpec) -> bool:
        return self.find(spec) is not None

    def _fastexcel(self) -> fastexcel.ExcelReader:
        if self._new:
            raise SrmError("sheet_missing", sheet="?", path=str(self.path))
        if self._reader is None:
            self._reader = fastexcel.read_excel(self.path)
        return self._reader

    def raw_text(
        self, sheet: str, *, rows: int | None = None, columns: list[int] | None = None
    ) -> tuple[pl.DataFrame, list[int]]:
        """The cells of ``sheet`` as text (frame row i = Excel row i+1) and each column's sheet position.

        ``rows`` reads only the top rows; ``columns`` only those 0-based sheet positions.
        """
        part = self._part(sheet)
        return self._cells(part, sheet, self._reader_for(part), rows=rows, columns=columns)

    def _cells(
        self,
        part: str | None,
        sheet: str,
        reader: fastexcel.ExcelReader,
        *,
        rows: int | None = None,
        columns: list[int] | None = None,
    ) -> tuple[pl.DataFrame, list[int]]:
        """:meth:`raw_text` of ``sheet`` (package part ``part``) by ``reader``."""
        options: dict[str, object] = {"header_row": None, "skip_rows": 0, "dtypes": "string"}
        if rows is not None:
            options["n_rows"] = rows
        if columns is not None:
            options["use_columns"] = columns
        loaded = self._load(part, sheet, reader, **options)
        positions = [c.absolute_index for c in loaded.selected_columns]
        text = loaded.to_polars()
        del loaded  # calamine's cells let go before any column is read again for its digits

        def numbers(wanted: list[int]) -> pl.DataFrame:
            typed = {**options, "use_columns": wanted, "dtypes": dict.fromkeys(wanted, "float")}
            return self._load(part, sheet, reader, **typed).to_polars()

        return with_full_digits(text, positions, numbers), positions

    def _load(
        self, part: str | None, sheet: str, reader: fastexcel.ExcelReader, **options: object
    ) -> fastexcel.ExcelSheet:
        """``sheet`` (package part ``part``) loaded by ``reader`` once the guard passed it (calamine sizes its
        buffers from what a sheet declares and aborts the process on absurd values)."""
        self._ready(part)
        return reader.load_sheet(sheet, **options)  # type: ignore[arg-type]

    def _ready(self, part: str | None) -> None:
        """Return once the guard passed ``part`` (at once when it was checked before the book was opened; every
        part when the sheet's part is not known)."""
        if self._guard is None:
            return
        if part is None:
            self._guard.done()
        else:
            self._guard.ready(part)

    def _part(self, sheet: str) -> str | None:
        """The package part holding ``sheet``."""
        return next((s.part for s in self._package.sheets() if s.name == sheet), None)

    def top_rows(self, sheet: str) -> tuple[pl.DataFrame, list[int]]:
        """The first rows of ``sheet`` as text, streamed from the package (the whole sheet is not parsed); the
        tops of all sheets are peeked together on the first call, sharing one pass over the shared strings."""
        if self._tops is None:
            package = self._package
            parts = {s.name: s.part for s in package.sheets() if package.exists(s.part)}
            try:
                self._tops = peek_sheets(package, parts, self._linked().get("sharedStrings"), SCAN_ROWS)
            except (ValueError, KeyError, IndexError, EOFError, zlib.error, zipfile.BadZipFile):
                self._tops = {}
        if sheet in self._tops:
            return self._tops[sheet]
        return self.raw_text(sheet, rows=SCAN_ROWS)

    def sheet_marks(self, sheet: str) -> SheetMarks:
        """The merged areas and error cells of ``sheet`` (:class:`~srm_xl.io.sources.SheetMarks`)."""
        part = self._part(sheet)
        self._ready(part)
        return SheetMarks() if part is None else sheet_marks(self._package, part)

    def column_formats(self, sheet: str) -> dict[int, str]:
        """The number formats the cells of ``sheet``'s first rows show their numbers with, by 0-based column
        (:mod:`~srm_xl.io.cell_formats`); none that cannot be read."""
        part, styles = self._part(sheet), self._linked().get("styles")
        if part is None or styles is None or not self._package.exists(styles):
            return {}
        self._ready(part)
        try:
            found = cell_styles(self._package, part, SCAN_ROWS)
            return column_codes(found, read_cache.number_formats(self._package.read(styles)))
        except (ValueError, KeyError, IndexError, EOFError, zlib.error, zipfile.BadZipFile):
            return {}

    def read(self, spec: SheetSpec, sheet: str | None = None, columns: Collection[str] | None = None) -> Table:
        plan = self._plan(spec, sheet, columns)
        return self._seen(plan if isinstance(plan, Table) else self._parse(plan, None), columns)

    def read_all(self, requests: Sequence[tuple[SheetSpec, Collection[str] | None]]) -> list[Table]:
        """Several sheets, each read as :meth:`read` reads it; those not in the read cache parsed as :meth:`_each`
        parses them (a year's inspection log and delivery log side by side in about half the time)."""
        plans = [self._plan(spec, None, columns) for spec, columns in requests]
        parsed = self._each([p for p in plans if isinstance(p, _Plan)], self._parse)
        tables = [p if isinstance(p, Table) else parsed[id(p)] for p in plans]
        return [self._seen(t, columns) for t, (_, columns) in zip(tables, requests, strict=True)]

    def _seen(self, table: Table, columns: Collection[str] | None) -> Table:
        """``table`` as read; a whole read remembers the notes and totals rows below its data, which a rewrite of
        the sheet keeps (:meth:`_rows_below`)."""
        last = int(table.frame[ROW].max()) if table.frame.height else table.header_row  # type: ignore[arg-type]
        notes = [i.row for i in table.issues if i.code == "row_skipped_note" and i.row is not None and i.row > last]
        if columns is None and notes:
            self._below[table.sheet.casefold()] = (table.header_row, last, notes, dict(table.columns))
        return table

    def _each(
        self, plans: list[_Plan], work: Callable[[_Plan, fastexcel.ExcelReader | None], _Done]
    ) -> dict[int, _Done]:
        """``work`` done on each of ``plans`` (by ``id``): two at a time, largest first, each thread with a
        fastexcel reader of its own (calamine parses without holding Python's lock); one plan, or one reader
        asked for (:data:`READERS_ENV`), with the book's reader."""
        pending = sorted(plans, key=lambda p: -p.size)
        readers_at_once = _readers()
        if len(pending) < 2 or readers_at_once == 1 or self._new:
            return {id(p): work(p, None) for p in pending}
        readers: queue.SimpleQueue[fastexcel.ExcelReader] = queue.SimpleQueue()
        if self._reader is not None:
            readers.put(self._reader)

        def run(plan: _Plan) -> _Done:
            try:
                reader = readers.get_nowait()
            except queue.Empty:
                reader = fastexcel.read_excel(self.path)
            try:
                return work(plan, reader)
            finally:
                readers.put(reader)

        with ThreadPoolExecutor(max_workers=readers_at_once) as pool:
            futures = {id(p): pool.submit(run, p) for p in pending}
            done = {key: future.result() for key, future in futures.items()}
        self._reader = self._reader or readers.get_nowait()
        return done

    def _plan(self, spec: SheetSpec, sheet: str | None, columns: Collection[str] | None) -> Table | _Plan:
        """The table from the read cache, else what parsing the sheet needs from the package (gathered here, on
        the calling thread: the package is one file handle)."""
        name = sheet or self.find(spec)
        if name is None:
            raise SrmError("sheet_missing", sheet=spec.name(self.lang), path=str(self.path))
        hints = self._hints(spec)
        part, size = self._where(name)
        entry = self._cache_key(name, part, spec, columns, hints)
        if entry is not None and columns is not None and spec.kind == "data":
            read_cache.remember_asked(spec, columns)
        cached = read_cache.load(entry, spec) if entry is not None else None
        if cached is not None:
            return cached
        wanted = None
        if columns is not None:
            head, positions = self.top_rows(name)
            header = find_header([list(r) for r in head.iter_rows()], spec, hints.headers)
            if header is not None:
                wanted = sorted(positions[i] for key, i in header.columns.items() if key in columns) or None
        return _Plan(spec, name, part, columns, hints, entry, wanted, self._typed(name, part, spec), size)

    def typed_bodies(
        self, requests: Sequence[tuple[SheetSpec, str, tuple[pl.DataFrame, list[int]], ReadHints]]
    ) -> list[tuple[HeaderMap, pl.DataFrame, list[int]] | None]:
        """For each (spec, sheet, its top rows as text, hints): the sheet's header and the rows below it with
        number and date columns typed, as a read of the spec makes them (the hints' headers known beyond the
        book's), or ``None`` when only the text read is exact (:mod:`srm_xl.io.typed_read`) — the sheets of a file
        being imported, read with its user's headers, several at once (:meth:`_each`)."""
        plans: list[_Plan | None] = []
        for spec, sheet, head, hints in requests:
            part, size = self._where(sheet)
            typed = self._typed(sheet, part, spec)
            plans.append(
                None if typed is None else _Plan(spec, sheet, part, None, hints, None, None, (typed[0], head), size)
            )
        done = self._each([p for p in plans if p is not None], self._typed_read)
        return [None if p is None else done[id(p)] for p in plans]

    def _where(self, sheet: str) -> tuple[str | None, int]:
        """The package part holding ``sheet`` and its unpacked size (0 when not stored yet)."""
        part = self._part(sheet)
        if part is None or self._new or not self._package.stored(part):
            return part, 0
        return part, self._package.member(part).file_size

    def _parse(self, plan: _Plan, reader: fastexcel.ExcelReader | None) -> Table:
        """The planned sheet parsed (typed where exact, else as text) by ``reader`` (default: the book's) and
        stored in the read cache."""
        spec, name, columns, hints = plan.spec, plan.sheet, plan.columns, plan.hints
        typed = self._typed_read(plan, reader)
        if typed is not None:
            table = table_from_body(spec, name, *typed, columns, hints)
        else:
            table = table_from_text(spec, name, *self._text(plan, reader), columns, hints)
        self._error_cells(plan, table)
        if plan.entry is not None:
            read_cache.store(plan.entry, table)
        return table

    def _error_cells(self, plan: _Plan, table: Table) -> None:
        """The error values in ``table``'s cells reported (:mod:`srm_xl.io.error_cells`), looked for only in a
        sheet where the guard (or the typed read's search) saw one, or that no search has seen."""
        if plan.typed is None or plan.part is None:
            return
        path, member, _ = plan.typed[0]
        found = guard_findings.lookup(path, member)
        if found is None or ERRORS in found:
            table.issues += error_issues(table, sheet_marks(self._package, plan.part).errors)

    def _typed_read(
        self, plan: _Plan, reader: fastexcel.ExcelReader | None
    ) -> tuple[HeaderMap, pl.DataFrame, list[int]] | None:
        """The planned sheet's header and rows below it with number and date columns typed, when that reads
        exactly what the text read would; else ``None``. The guard is waited for first: what it finds in the
        sheet as it streams it spares the typed read searching the sheet again."""
        if plan.typed is None:
            return None
        self._ready(plan.part)
        load = partial(self._load, plan.part, plan.sheet, reader or self._reader_for(plan.part))
        book, head = plan.typed
        return read_typed(load, book, plan.spec, head, plan.wanted, plan.hints)

    def _text(self, plan: _Plan, reader: fastexcel.ExcelReader | None) -> tuple[pl.DataFrame, list[int]]:
        """The planned sheet's cells (its wanted columns) as text, with each column's sheet position."""
        return self._cells(plan.part, plan.sheet, reader or self._reader_for(plan.part), columns=plan.wanted)

    def _reader_for(self, part: str | None) -> fastexcel.ExcelReader:
        """The book's reader, or (before it is opened) one of sheet ``part`` alone when that spares parsing a
        large shared-strings part (:mod:`srm_xl.io.lean_read`)."""
        if self._reader is None and not self._new:
            linked = self._linked()
            lean = lean_package(self._package, part, linked.get("sharedStrings"), linked.get("styles"))
            if lean is not None:
                with contextlib.suppress(fastexcel.FastExcelError):
                    return fastexcel.read_excel(lean)
        return self._fastexcel()

    def _typed(
        self, sheet: str, part: str | None, spec: SheetSpec
    ) -> tuple[tuple[Path, zipfile.ZipInfo, zipfile.ZipInfo | None], tuple[pl.DataFrame, list[int]]] | None:
        """What a typed read of ``sheet`` (package part ``part``) needs (the package's path with the sheet's and
        the shared strings' members; the sheet's top rows), or ``None`` when only the text read applies (see
        :mod:`srm_xl.io.typed_read`)."""
        if self._new or part is None or not self._package.stored(part) or spec.kind != "data":
            return None
        strings = self._linked().get("sharedStrings")
        shared = self._package.member(strings) if strings and self._package.stored(strings) else None
        return (self.path, self._package.member(part), shared), self.top_rows(sheet)

    @cached_property
    def epoch(self) -> datetime:
        """The day the book's date serials count from (its date system: 1900, or 1904)."""
        return book_epoch(self._package.read(self._package.workbook_part))

    def maps(self) -> BookMaps:
        """The workbook's value map and column map (read once)."""
        if self._maps is None:
            self._maps = read_maps(self)
        return self._maps

    def _cache_key(
        self, sheet: str, part: str | None, spec: SheetSpec, columns: Collection[str] | None, hints: ReadHints
    ) -> read_cache.Entry | None:
        """The read cache's entry for ``sheet`` (package part ``part``) as stored now and read with ``hints``, or
        ``None`` when the cache does not apply (a new book, the cache turned off)."""
        if self._new or read_cache.cache_folder() is None:
            return None
        package = self._package
        if part is None or not package.exists(part):
            return None
        linked = {kind: linked_part for kind, linked_part in self._linked().items() if package.exists(linked_part)}
        strings = [linked["sharedStrings"]] if "sharedStrings" in linked else []
        styles = package.read(linked["styles"]) if "styles" in linked else None
        key = read_cache.entry_key(
            [*map(package.digest, [part, *strings]), read_cache.hints_text(hints)], spec, sheet, columns
        )
        return read_cache.Entry(key, read_cache.number_formats(styles))

    def _linked(self) -> dict[str, str]:
        """The workbook's shared-strings and styles parts, by kind (``sharedStrings``, ``styles``), as declared
        (the first relationship of a kind wins)."""
        package = self._package
        linked: dict[str, str] = {}
        for r in package.relationships(package.workbook_part):
            if r["Type"].endswith(("/sharedStrings", "/styles")) and "Part" in r:
                linked.setdefault(r["Type"].rsplit("/", 1)[-1], r["Part"])
        return linked

    def read_rows(self, sheet: str) -> list[list[str | None]]:
        frame, positions = self.raw_text(sheet)
        width = (max(positions) + 1) if positions else 0
        rows: list[list[str | None]] = []
        for values in frame.iter_rows():
            row: list[str | None] = [None] * width
            for position, value in zip(positions, values, strict=True):
                row[position] = value
            rows.append(row)
        return rows

    def stage(self, draft: SheetDraft) -> None:
        self._drafts[sheet_title(draft.name).casefold()] = draft

    def mark(self, sheet: str, cells: list[str]) -> None:
        """Highlight ``cells`` (e.g. ``["C5", "D7"]``) of an existing sheet at the next commit; [] clears."""
        self._marks[sheet] = cells

    def custom_property(self, name: str) -> str | None:
        """A custom document property as text, staged values included."""
        return self._properties.get(name, custom_properties(self._package).get(name))

    def set_custom_property(self, name: str, value: str) -> None:
        """Set a custom document property (text) at the next commit."""
        self._properties[name] = value

    def commit(self) -> None:
        """Write the staged sheets and properties; the book as it was is kept as ``<name>.backup.xlsx`` (older
        ones rotate)."""
        if not self._drafts and not self._marks and not self._properties:
            return
        try:
            if self._guard is not None:
                self._guard.done()
            drafts = list(self._drafts.values())
            seen = None if self._snapshot is None else Snapshot.taken(self.path)  # hashed while the sheets render
            try:
                marked = self._marked_reads()
                with ThreadPoolExecutor(max_workers=1) as checker, ThreadPoolExecutor(max_workers=1) as reckoner:
                    ahead = self._tables_ahead(drafts, reckoner)
                    checking, parse = self._render(checker), self._parse_next
                    self._save(checking, seen)
                    self._hand_over([d for d in drafts if sheet_title(d.name).casefold() not in parse], ahead)
                self._carry_marked(marked)
            except SrmError:
                raise
            except Exception:
                if self._snapshot is not None and not self._snapshot.matches(self.path):
                    raise SrmError("book_rewritten", file=self.path.name) from None
                raise
        except SrmError as error:
            error.lang = error.lang or self.lang
            raise

    def _render(self, checker: ThreadPoolExecutor) -> dict[str, Future[frozenset[str] | None]]:
        """The staged properties, sheets, marks and styles into the package's changed parts. Each sheet rendered
        is checked on ``checker`` as the guard would check it (while the next one renders) when the read cache
        is on: its part → the check's verdict (:func:`~srm_xl.io.guard_zip.sheet_verdict`)."""
        for name, value in self._properties.items():
            set_custom_property(self._package, name, value)
        styles_part = "xl/styles.xml"
        styles = StyleBook(self._package.read(styles_part))
        refs = {s.name: s for s in self._package.sheets()}
        for sheet, cells in self._marks.items():
            if sheet in refs and sheet_title(sheet).casefold() not in self._drafts:
                part, xml = refs[sheet].part, self._package.read(refs[sheet].part)
                marked = mark_cells(xml, cells, styles.dxf(PROBLEM) if cells else 0)
                if marked is not xml:
                    self._package.write(part, marked)
        printing = Printing(self.lang, self.paper, self.print_date)
        checking: dict[str, Future[frozenset[str] | None]] = {}
        remember = read_cache.cache_folder() is not None
        for draft in self._drafts.values():
            rendered = render_sheet(self._keeping(draft, refs), styles, printing, self.epoch)
            part = place_sheet(self._package, draft.name, rendered, draft.charts, hidden=draft.hidden).part
            if remember:
                checking[part] = checker.submit(sheet_verdict, self.path.name, part, self._package.changed[part])
        if styles.changed():
            self._package.write(styles_part, styles.render())
        return checking

    def _keeping(self, draft: SheetDraft, refs: dict[str, SheetRef]) -> SheetDraft:
        """``draft`` with the formulas and error values of the sheet it replaces that stay in place
        (:mod:`srm_xl.io.kept_cells`) and the notes and totals rows below its data (:mod:`srm_xl.io.kept_rows`),
        when its rows were read from that sheet."""
        old = next((r for name, r in refs.items() if name.casefold() == sheet_title(draft.name).casefold()), None)
        if draft.block is None or old is None:
            return draft
        draft = self._own_formats(draft, old.name)
        block = draft.block
        if block is None or block.origin is None:
            return draft
        xml = self._package.read(old.part)
        kept = {}
        if has_kept_cells(xml):
            top, positions = self.top_rows(old.name)
            above = top.row(block.start_row - 1) if top.height >= block.start_row else ()
            header = {column_letter(p): str(v) for p, v in zip(positions, above, strict=False) if v is not None}
            kept = kept_cells(xml, block, block.origin, header, self.epoch)
        below = None if draft.cells else self._rows_below(old.name, xml, block)
        if kept or (below is not None and below.formulas):
            calculate_on_load(self._package)
        errors = any(cells.str.contains(' t="e"', literal=True).any() for cells in kept.values())
        if below is not None or errors:  # not handed over: the next read finds (and reports) them
            self._parse_next.add(sheet_title(draft.name).casefold())
        if below is not None:
            draft = replace(draft, merges=[*draft.merges, *below.merges])
        return replace(draft, block=replace(block, kept=kept, below=below))

    def _own_formats(self, draft: SheetDraft, sheet: str) -> SheetDraft:
        """``draft`` with the number formats (``0.0%``) the user gave the number columns the product does not know
        (written General) in ``sheet``, the sheet it replaces: found by header in the same header row."""
        block = draft.block
        if block is None:
            return draft
        general = [
            i
            for i, (style, dtype) in enumerate(zip(block.styles, block.frame.dtypes, strict=False))
            if style == Style() and dtype.is_numeric()
        ]
        formats = self.column_formats(sheet) if general else {}
        if not formats:
            return draft
        top, positions = self.top_rows(sheet)
        if top.height < block.start_row:
            return draft
        shown = {str(v): formats[p] for p, v in zip(positions, top.row(block.start_row - 1)) if p in formats}
        styles = list(block.styles)
        for i in general:
            if block.headers[i] in shown:
                styles[i] = Style(shown[block.headers[i]])
        return replace(draft, block=replace(block, styles=styles))

    def _rows_below(self, sheet: str, xml: bytes, block: TableBlock) -> KeptRows | None:
        """The notes and totals rows the last whole read of ``sheet`` found below its data, placed below
        ``block`` (:mod:`srm_xl.io.kept_rows`)."""
        if sheet.casefold() not in self._below:
            return None
        header, last, notes, columns = self._below[sheet.casefold()]
        rows, merges = rows_below(xml, notes)
        top, positions = self.top_rows(sheet)
        labels = top.row(header - 1) if top.height >= header else ()
        names = block.frame.columns
        placed = {position: names.index(key) for key, position in columns.items() if key in names}
        for position, label in zip(positions, labels, strict=False):
            if position not in placed and label in names and names.index(label) not in placed.values():
                placed[position] = names.index(label)
        end = block.start_row + block.frame.height
        return kept_rows(rows, merges, Moves((header, block.start_row), (last, end), placed, len(block.headers)))

    def _save(self, checking: dict[str, Future[frozenset[str] | None]], seen: Snapshot | None) -> None:
        """The package with its changes into a temporary file, then over the book (``seen``: the book as the commit
        began), into a copy or aside. The sheets whose checks are ``checking`` (as the guard would check them) are
        remembered once they pass (:mod:`srm_xl.io.guard_memo`), so the next job does not stream them again."""
        owner = None if self._snapshot is None else office_owner(self.path)
        if owner is not None and self.if_open == "refuse":
            raise SrmError("book_open_elsewhere", file=self.path.name, **owner.fields())
        if self._snapshot is not None and owner is None:
            refuse_read_only(self.path)
        clean_debris(self.path)
        temp = write_temp(self.path, self._package.write_to)
        snapshot = Snapshot.of(temp)
        keys = guard_memo.written_keys(temp, list(checking), Limits())
        passed = {part: verdict.result() for part, verdict in checking.items()}
        if os.name == "nt":
            snapshot = snapshot.settled()  # Windows renames no open file; elsewhere it is hashed on meanwhile
        self._package.close()
        if owner is not None:
            target = keep_aside(temp, self.path)
        elif self._snapshot is not None and not (
            self._snapshot.matches(self.path, seen) and (self.lock is None or self.lock.held())
        ):
            side = keep_aside(temp, self.path)
            raise SrmError("book_changed", file=self.path.name, side=side.name)
        else:
            target = self.path
            replace_book(temp, target, backups=self.backups if self._snapshot is not None else 0)
        for part, found in passed.items():
            if found is not None:
                guard_memo.remember(keys.get(part), found)
        self.path, self._snapshot = target, snapshot
        self._start(Package(target), new=False)

    def _marked_reads(self) -> list[_Kept]:
        """The read-cache entries (full and of the column sets jobs read) of the data sheets this commit only marks,
        as they are keyed before it: their cells stay as they are, so each is kept for the sheet as marked
        (:meth:`_carry_marked`)."""
        if read_cache.cache_folder() is None or self._new:
            return []
        kept: list[_Kept] = []
        with contextlib.suppress(*_NOT_HANDED_OVER):
            for sheet in self._marks:
                spec = None if sheet_title(sheet).casefold() in self._drafts else self._data_spec_of(sheet)
                if spec is not None:
                    hints = self._hints(spec)
                    for columns in [None, *read_cache.asked(spec)]:
                        entry = self._cache_key(sheet, self._part(sheet), spec, columns, hints)
                        if entry is not None:
                            kept.append((spec, sheet, columns, hints, entry))
        return kept

    def _carry_marked(self, kept: list[_Kept]) -> None:
        """Each entry of :meth:`_marked_reads` kept under its sheet's key as saved, the workbook's hints unchanged."""
        with contextlib.suppress(*_NOT_HANDED_OVER):
            for spec, sheet, columns, hints, entry in kept:
                if self._hints(spec) == hints:
                    saved = self._cache_key(sheet, self._part(sheet), spec, columns, hints)
                    if saved is not None:
                        read_cache.carry(entry, saved)

    def _tables_ahead(self, drafts: list[SheetDraft], pool: ThreadPoolExecutor) -> dict[str, _Ahead]:
        """Each data sheet named after its spec, as the next read will get it, worked out on ``pool`` while the
        book is written (:func:`~srm_xl.io.handover.table_ahead`), with the hints it was read with."""
        if read_cache.cache_folder() is None or self._new:
            return {}
        ahead: dict[str, _Ahead] = {}
        for draft in drafts:
            name = sheet_title(draft.name)
            spec = _named_spec(name)
            with contextlib.suppress(*_NOT_HANDED_OVER):
                if spec is not None and spec.kind == "data":
                    hints = self._hints(spec)
                    ahead[name] = (hints, pool.submit(table_ahead, draft, spec, hints))
        return ahead

    def _hints(self, spec: SheetSpec) -> ReadHints:
        """What a read of ``spec``'s sheet knows beyond its cells: the workbook's maps (data sheets) and date system."""
        if spec.key not in self._hinted:
            hints = self.maps().hints(spec) if spec.kind == "data" else NO_HINTS
            self._hinted[spec.key] = replace(hints, epoch=self.epoch.date())
        return self._hinted[spec.key]

    def _hand_over(self, drafts: list[SheetDraft], ahead: dict[str, _Ahead]) -> None:
        """Each data sheet just written, as the next read of it will get it, into the read cache (see
        :mod:`srm_xl.io.handover`): validating or grading a year of lots just imported needs no parse of them.
        ``ahead`` holds the tables worked out while the book was written."""
        if read_cache.cache_folder() is None:
            return
        for draft in drafts:
            spec = self._data_spec_of(sheet_title(draft.name))
            if spec is None:
                continue
            with contextlib.suppress(*_NOT_HANDED_OVER):  # a sheet not handed over is parsed by the next read
                self._hand_over_sheet(draft, spec, ahead.get(sheet_title(draft.name)))

    def _data_spec_of(self, sheet: str) -> SheetSpec | None:
        """The data spec ``sheet`` holds: the one it is named after, else (a sheet named after no spec) the one
        whose header it has (only then are the other sheets' headers peeked at)."""
        named = _named_spec(sheet)
        candidates = [named] if named is not None else registry().values()
        return next((s for s in candidates if s.kind == "data" and self.find(s) == sheet), None)

    def _hand_over_sheet(self, draft: SheetDraft, spec: SheetSpec, ahead: _Ahead | None) -> None:
        """:meth:`_hand_over` of one sheet, drafted as ``spec``'s (``ahead``: its table worked out before)."""
        name = sheet_title(draft.name)
        plan = self._plan(spec, name, None)
        if not isinstance(plan, _Plan) or plan.entry is None or plan.typed is None:
            return
        top, positions = plan.typed[1]
        header = find_header([list(r) for r in top.iter_rows()], spec, plan.hints.headers)
        if header is None or draft.block is None or positions != list(range(len(draft.block.headers))):
            return
        found = None
        if ahead is not None and ahead[0] == plan.hints:
            found = ahead[1].result()
            if found is None:
                return
        if found is not None and found[0] == header:
            table, cells = found[1], found[2]
        else:
            cells = cells_read_back(draft, spec)
            if cells is None:
                return
            table = table_from_body(spec, name, header, cells, positions, None, plan.hints)
        read_cache.store(plan.entry, table)
        for columns in read_cache.asked(spec):
            self._hand_over_part(spec, name, cells, columns)

    def _hand_over_part(self, spec: SheetSpec, name: str, cells: pl.DataFrame, columns: list[str]) -> None:
        """The read of ``columns`` only of sheet ``name`` just written (its ``cells`` as read back), made as a
        typed read makes it (the header found among the columns read), into the read cache."""
        plan = self._plan(spec, name, columns)
        if not isinstance(plan, _Plan) or plan.entry is None or plan.typed is None or plan.wanted is None:
            return
        top, _ = narrowed(plan.typed[1], plan.wanted)
        header = find_header([list(r) for r in top.iter_rows()], spec, plan.hints.headers)
        if header is not None and top.width == len(plan.wanted):
            below = cells.select(cells.columns[p] for p in plan.wanted)
            read_cache.store(plan.entry, table_from_body(spec, name, header, below, plan.wanted, columns, plan.hints))

    def checksum(self) -> str:
        """The first 16 hex digits of the SHA-256 of the book as read ("" for a new one)."""
        return "" if self._snapshot is None else self._snapshot.digest[:16]

    def saved_digest(self) -> str | None:
        return None if self._snapshot is None else self._snapshot.digest
