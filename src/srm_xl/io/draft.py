"""A sheet to be written, described as data: a table block, free cells, formats, rules, links, charts, page setup.

Jobs describe what they want on a sheet with a ``SheetDraft``; the renderer turns it into worksheet XML the
same way for a user's workbook, a template or a supplier package. ``draft_from_spec`` builds the common case:
a frame written as an Excel Table with the spec's headers, formats, dropdowns and input help.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import polars as pl

from srm_xl.io.own_columns import number_format
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import Dxf, Style
from srm_xl.issues import column_letter
from srm_xl.messages import Lang, render
from srm_xl.schema import Column, Highlight, SheetSpec
from srm_xl.schema.convert import OPEN_END
from srm_xl.schema.frames import ROW

CellValue = str | int | float | bool | date | datetime | None
RAW = "__raw__"
"""Prefix of a frame column holding the text a cell shows where its typed value is blank."""
LIST_LIMIT = 255
"""Excel's limit on the characters of an inline dropdown list."""
DROPDOWN_ROWS = 1000
"""Dropdowns and input help reach this many rows below the header even in an empty table."""


@dataclass(frozen=True)
class Cell:
    """A free cell: 1-based row, 0-based column."""

    row: int
    col: int
    value: CellValue
    style: Style = Style()


@dataclass(frozen=True)
class Rule:
    """A conditional format over ``ref``: ``kind`` "equal" compares with a value, "expression" is a formula."""

    ref: str
    kind: Literal["equal", "expression"]
    formula: str
    dxf: Dxf


@dataclass(frozen=True)
class Validation:
    """A dropdown list (``options``) or, with no options, only an input message, over ``ref``. A list that is not
    ``strict`` offers its options and accepts any other value (an open vocabulary)."""

    ref: str
    options: tuple[str, ...] = ()
    title: str = ""
    prompt: str = ""
    strict: bool = True


@dataclass(frozen=True)
class Link:
    """An internal hyperlink from ``cell`` to ``location`` (e.g. ``'Suppliers'!C5``)."""

    cell: str
    location: str


@dataclass(frozen=True)
class Series:
    name: str
    ref: str
    values: tuple[float | None, ...]


ChartKind = Literal["column", "bar", "line", "pie"]


@dataclass(frozen=True)
class Chart:
    """A native chart: categories and series refer to sheet ranges and carry cached values."""

    kind: ChartKind
    title: str
    categories_ref: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    anchor: tuple[int, int, int, int]
    """(first column, first row, last column, last row), 0-based."""


@dataclass(frozen=True)
class KeptRows:
    """Rows kept from the sheet as it was, written below the table (totals and notes, :mod:`srm_xl.io.kept_rows`):
    their XML, numbered where they go, the last of them, the merged areas among them, whether any holds a
    formula."""

    xml: str
    last_row: int
    merges: list[str]
    formulas: bool


@dataclass
class TableBlock:
    """A frame written as rows under one header row, optionally as an Excel Table."""

    frame: pl.DataFrame
    headers: list[str]
    styles: list[Style]
    widths: list[float]
    table: str | None = None
    start_row: int = 1
    validations: dict[int, Validation] = field(default_factory=dict)
    texts: dict[int, pl.Series] = field(default_factory=dict)
    """Column index → text shown where that column's value is blank (a cell that could not be read keeps what the
    user typed); same height as ``frame``."""
    origin: pl.Series | None = None
    """The sheet row each row was read from (null: a new row), when the frame came from the sheet it replaces."""
    kept: dict[int, pl.Series] = field(default_factory=dict)
    """Column index → a cell kept from the sheet as it was (its XML after the reference and style: a formula or an
    error value, :mod:`srm_xl.io.kept_cells`), null where the value is written; same height as ``frame``."""
    below: KeptRows | None = None
    """Rows kept from the sheet as it was, written below the table."""


@dataclass
class SheetDraft:
    name: str
    block: TableBlock | None = None
    cells: list[Cell] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    """Rows (1-based) held at a fixed height in points, so drawings anchored below them stay where they are."""
    freeze_row: int = 0
    rules: list[Rule] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    protect: bool = False
    password: str | None = None
    tab_color: str | None = None
    hidden: bool = False
    page: PageSetup = PageSetup()
    """How the sheet prints (paper and footer language come from the workbook)."""


def column_style(column: Column, editable: bool = False) -> Style:
    base = Style(column.excel_format, wrap=column.dtype == "text" and column.excel_width >= 30, vertical="top")
    return base.unlocked() if editable else base


def display_frame(spec: SheetSpec, frame: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """The frame as cells show it: choice keys replaced by labels in ``lang``, ``_row`` dropped."""
    exprs = []
    for name in frame.columns:
        if name == ROW:
            continue
        column = spec.by_key.get(name)
        if column is not None and column.choices:
            labels = {c.key: c.label(lang) for c in column.choices}
            exprs.append(pl.col(name).cast(pl.String).replace(labels).alias(name))
        else:
            exprs.append(pl.col(name))
    return frame.select(exprs)


def _open_ends(spec: SheetSpec, shown: pl.DataFrame, texts: dict[int, pl.Series], lang: Lang) -> pl.DataFrame:
    """``shown`` with each end that never comes (:data:`~srm_xl.schema.convert.OPEN_END`) blank, and the word
    长期有效 (No expiry) in ``texts`` to show there."""
    for index, column in enumerate(spec.columns):
        if column.open_ended and shown.schema[column.key] == pl.Date:
            ended = (shown[column.key] == OPEN_END).fill_null(False)
            if ended.any():
                word = pl.repeat(render("open_ended_word", lang), shown.height, eager=True)
                texts[index] = word.zip_with(
                    ended, texts.get(index, pl.repeat(None, shown.height, dtype=pl.String, eager=True))
                )
                shown = shown.with_columns(shown[column.key].set(ended, None))
    return shown


def open_options(labels: tuple[str, ...], values: pl.Series) -> tuple[str, ...]:
    """An open column's dropdown: its choices, then the values in use, as many as fit Excel's inline list."""
    found = [v for v in values.drop_nulls().cast(pl.String).unique(maintain_order=True).to_list() if v and "," not in v]
    options: list[str] = []
    for option in (*labels, *found):
        if option not in options and len(",".join([*options, option])) <= LIST_LIMIT:
            options.append(option)
    return tuple(options)


def own_columns(spec: SheetSpec, columns: Sequence[str], also: Collection[str] = ()) -> list[str]:
    """The ``columns`` of a frame that ``spec`` does not know (the user's own), in order: not its ``_row``, the
    text kept beside a value (``RAW`` + key), or the working columns ``also`` names."""
    return [c for c in columns if c not in spec.by_key and c != ROW and not c.startswith(RAW) and c not in also]


def draft_from_spec(
    spec: SheetSpec,
    frame: pl.DataFrame,
    lang: Lang,
    *,
    name: str | None = None,
    start_row: int = 1,
    editable: frozenset[str] = frozenset(),
    as_table: bool = True,
    formats: Mapping[str, str] | None = None,
) -> SheetDraft:
    """A sheet holding ``frame`` as the spec's Excel Table, with headers, formats, dropdowns and input help.

    Spec columns missing from ``frame`` are written empty; frame columns the spec does not know are kept after
    them under their own names (numbers as numbers, in the number format ``formats`` gives by name where it
    gives one; dates in a date format). ``editable`` columns are unlocked
    input cells. A column ``RAW + key`` holds the text to show where ``key`` is blank. An open column's dropdown
    offers its choices and the values in ``frame`` and accepts any other.
    """
    missing = [pl.lit(None).alias(c.key) for c in spec.columns if c.key not in frame.columns]
    frame = frame.with_columns(missing) if missing else frame
    raw = {c.removeprefix(RAW): c for c in frame.columns if c.startswith(RAW) and c.removeprefix(RAW) in spec.by_key}
    extras = own_columns(spec, frame.columns)
    shown = display_frame(spec, frame.select([*spec.keys(), *extras]), lang)
    headers, styles, widths = [], [], []
    validations: dict[int, Validation] = {}
    for index, column in enumerate(spec.columns):
        headers.append(column.header(lang))
        styles.append(column_style(column, column.key in editable))
        widths.append(column.excel_width)
        options = tuple(c.label(lang) for c in column.choices)
        if column.vocabulary == "open":
            options = open_options(options, shown[column.key])
        if options or column.help(lang):
            validations[index] = Validation(
                "", options, column.header(lang), column.help(lang), strict=column.vocabulary != "open"
            )
    for extra in extras:
        headers.append(str(extra))
        dtype = shown.schema[extra]
        own = (formats or {}).get(str(extra)) if dtype.is_numeric() else None
        styles.append(Style(own or number_format(dtype)))
        widths.append(16)
    texts = {spec.keys().index(key): frame[name].cast(pl.String) for key, name in raw.items()}
    shown = _open_ends(spec, shown, texts, lang)
    origin = frame[ROW] if ROW in frame.columns else None
    block = TableBlock(
        shown, headers, styles, widths, spec.table if as_table else None, start_row, validations, texts, origin
    )
    end = start_row + max(frame.height, DROPDOWN_ROWS)
    rules = [_rule(spec, h, lang, start_row + 1, end, len(headers)) for h in spec.highlights]
    return SheetDraft(name or spec.name(lang), block=block, freeze_row=start_row, rules=rules)


def _rule(spec: SheetSpec, highlight: Highlight, lang: Lang, first: int, last: int, width: int) -> Rule:
    """A spec's highlight as a conditional-format rule over its data rows."""
    letters = {c.key: column_letter(i) for i, c in enumerate(spec.columns)}
    dxf = Dxf(fill=highlight.fill, color=highlight.color)
    if highlight.column == "*":
        ref = f"A{first}:{column_letter(width - 1)}{last}"
    else:
        ref = f"{letters[highlight.column]}{first}:{letters[highlight.column]}{last}"
    if highlight.equals is not None:
        column = spec.column(highlight.column)
        label = column.choice_for(highlight.equals).label(lang) if column.choices else highlight.equals
        return Rule(ref, "equal", '"' + label.replace('"', '""') + '"', dxf)
    formula = re.sub(r"{(\w+)}", lambda m: f"${letters[m.group(1)]}{first}", highlight.formula or "")
    return Rule(ref, "expression", formula, dxf)
