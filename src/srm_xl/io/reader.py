"""Turning a sheet's raw text cells into a ``Table``: header found, columns mapped, typed, problems listed.

Reading runs in named phases: :func:`locate_header` finds the header row and maps its cells to the spec's
columns; :func:`body_rows` numbers the rows below it and drops blank ones; :func:`drop_notes` sets aside note
and totals rows; :func:`typed_columns` converts each mapped column (value map, dates without a year) and
lists what could not be read; :func:`fill_implied` lets one cell fill a blank neighbour (特采 → concession);
:func:`extra_columns` keeps every unknown column under its own header, typed as read.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from srm_xl.errors import SheetError
from srm_xl.io.headers import SCAN_ROWS, HeaderMap, find_header
from srm_xl.io.own_columns import as_kept
from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.schema import Column, SheetSpec, normalise_label
from srm_xl.schema.convert import (
    EXCEL_EPOCH,
    MARKED_TYPES,
    OPEN_END,
    clean_text,
    convert_cleaned,
    convert_typed,
    fold,
    is_free_text,
    is_month_day,
    none_mark,
    open_ended,
    per_word,
    text_as_read,
)
from srm_xl.schema.frames import POLARS_TYPES, ROW

_ZH_TOTALS = r"(?:本页|本月|本期|本季度?|全年|总)?(?:合\s*计|总\s*计|小\s*计|汇\s*总)"
"""合计, 合　计 (spaced to line up, as forms do), 本月小计, 总合计 …"""
_ZH_SUMMARY = r"(?:平均(?:分|值)?|均值|总分|得分率)"
"""A survey's or score sheet's summary row (平均, 平均分, 均值, 总分, 得分率), never a prefix: 平均交期 is data."""
_ZH_NOTES = r"(?:备\s*注|说\s*明|制\s*表|填\s*表|审\s*核|批\s*准)(?:人|者)?"
_ZH_END = r"(?:\s|[:：(（]|\d|$)"
"""What follows a Chinese note word in a note (``说明：``, ``制表人：张三``, ``审　核``), never another character:
说明书印刷厂 is a supplier."""
_ZH_NOTE = r"注[:：]"
_EN_TOTALS = r"(?:total|totals|subtotal|grand total|sum|average|mean)"
_EN_NOTES = r"(?:notes?|remarks?|(?:prepared|checked|reviewed|approved) by)"
_EN_END = r"(?:\s*[:：(（]|\s+\d|\s*$)"
"""What follows an English word in a note or total (``Total:``, ``Total 1,700``, ``TOTAL``), never another word:
a supplier named Total Plastics or Sum Kee is no total."""
NOTE_ROW = (
    "(?i)^(?:"
    + "|".join(
        [_ZH_TOTALS, _ZH_SUMMARY + _ZH_END, _ZH_NOTES + _ZH_END, _ZH_NOTE, f"(?:{_EN_TOTALS}|{_EN_NOTES}){_EN_END}"]
    )
    + ")"
)
"""A row whose first filled cell starts like this, with the spec's key columns empty, is a note or total."""
_TOTAL_END = r"\s*[:：]?$"
_NOTE_END = r"\s*(?:[:：]|$)"
_TOTALS_ALONE = f"(?:{_ZH_TOTALS}|{_ZH_SUMMARY}|{_EN_TOTALS})" + _TOTAL_END
_NOTE_ALONE = f"(?:{_ZH_NOTES}|{_EN_NOTES})" + _NOTE_END
TOTAL_KEY = "(?i)^(?:" + "|".join([_TOTALS_ALONE, _NOTE_ALONE, _ZH_NOTE]) + ")"
"""A key cell holding only a totals word (a totals row written down the lot-number column), or a note word alone
or before a colon (``备注：以上由 IQC 填写``), also marks a note or total: no lot number is written like that."""
TEXTUAL = (pl.String, pl.Null)
"""Column dtypes of a read as text (a column with no value at all reads as ``Null``)."""
_YEAR = r"((?:19|20)\d{2})\s*(?:年|[-/.]\s*\d{1,2}\b)"


@dataclass(frozen=True)
class ReadHints:
    """What a read knows beyond the sheet's own cells.

    ``words``: column key → folded word → choice key (the workbook's value map); ``headers``: folded header →
    column key (the workbook's column map and ``--map``); ``year``: the year the sheet names (its name or title)
    for dates typed without one; ``fallback_year``: the source file's, used when neither the sheet nor the
    column's other dates say; ``epoch``: the day the book's date serials count from (its date system).
    """

    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    year: int | None = None
    fallback_year: int | None = None
    epoch: date = EXCEL_EPOCH


NO_HINTS = ReadHints()


def year_in(text: str) -> int | None:
    """A year written in a sheet name, title or file name (``2026年7月``, ``IQC 2026-07``, ``2026.7``)."""
    found = re.search(_YEAR, text) or re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    return int(found.group(1)) if found else None


def locate_header(spec: SheetSpec, sheet: str, raw: pl.DataFrame, hints: ReadHints) -> HeaderMap:
    """The header row among the top rows, mapped to the spec's columns; none found stops the read."""
    head = [list(r) for r in raw.head(SCAN_ROWS).iter_rows()]
    header = find_header(head, spec, hints.headers)
    if header is None:
        raise SheetError(
            "header_not_found",
            sheet=sheet,
            expected=", ".join(spec.headers("zh")[:4]),
            expected_en=", ".join(spec.headers("en")[:4]),
        )
    return header


def body_rows(below: pl.DataFrame, first: int, free: Collection[str] = ()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows below the header (the first is Excel row ``first``) numbered, as read and cleaned; blank rows
    dropped. Text columns are cleaned (those named in ``free`` as free text); columns read typed (numbers, dates)
    pass as they are."""
    names = below.columns
    body = below.with_columns(pl.int_range(first, first + below.height, dtype=pl.Int64).alias(ROW))
    cleaned = body.with_columns(clean_text(body[n], free=n in free).alias(n) for n in names if _is_text(body[n]))
    blank = cleaned.select(pl.all_horizontal(pl.col(n).is_null() for n in names).alias("blank"))["blank"]
    return (body.filter(~blank), cleaned.filter(~blank)) if blank.any() else (body, cleaned)


def _is_text(series: pl.Series) -> bool:
    return series.dtype in TEXTUAL


def drop_notes(
    spec: SheetSpec, sheet: str, header: HeaderMap, body: pl.DataFrame, cleaned: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, list[Issue]]:
    """Note and totals rows (key columns empty, or a key cell holding only 合计/Total… or a note before a colon;
    first cell 备注/合计/Total/Notes…, any capitals) left out and reported, and so is every row under the sheet's
    last data row that follows one (不良率 =K8/E8 under 合计, 审核&批准 under it), with nothing in a required column
    but the key. A sheet without its key column (a log without lot numbers) is judged by the first cell alone."""
    names = [n for n in body.columns if n != ROW]
    key_names = [names[header.columns[k]] for k in (spec.key_columns or [spec.columns[0].key]) if k in header.columns]
    keyless = pl.all_horizontal(pl.col(n).is_null() for n in key_names) if key_names else pl.lit(True)
    key_texts = [n for n in key_names if _is_text(body[n])]  # a key read as dates or numbers holds no word
    total = pl.any_horizontal(pl.col(n).str.contains(TOTAL_KEY) for n in key_texts) if key_texts else pl.lit(False)
    first_filled = pl.coalesce([pl.col(n).cast(pl.String) for n in names]).alias("text")
    noted = pl.col("text").str.contains(NOTE_ROW).fill_null(False)
    notes = cleaned.filter(keyless | total).select(first_filled, pl.col(ROW)).filter(noted)
    required = [names[header.columns[c.key]] for c in spec.columns if c.required and c.key in header.columns]
    data = [pl.col(n).is_not_null() for n in required if n not in key_names]
    last = cleaned.select(pl.arg_where(pl.any_horizontal(data) & ~(keyless | total)).max()).item() if data else None
    if data and (last is None or last + 1 < cleaned.height):  # rows under the last data row: nothing but keys
        under = cleaned.slice(0 if last is None else last + 1)
        under = under.select(first_filled, pl.col(ROW), pl.any_horizontal(data).alias("data"))
        note = pl.col(ROW).is_in(notes[ROW].implode())
        below = (pl.col("data") & ~note).cast(pl.Int32).cum_sum(reverse=True) == 0
        after = under.filter(below & note.cum_max() & ~note & pl.col("text").is_not_null()).select("text", ROW)
        notes = pl.concat([notes, after]).sort(ROW)
    issues = [
        Issue(sheet, row, None, "row_skipped_note", "is_data_row", text, severity="info")
        for text, row in notes.iter_rows()
    ]
    if notes.is_empty():
        return body, cleaned, issues
    kept = ~pl.col(ROW).is_in(notes[ROW].implode())
    return body.filter(kept), cleaned.filter(kept), issues


def _date_year(text: pl.Series, hints: ReadHints) -> int | None:
    """The year for this column's dates typed without one: the sheet's, else the most common year of the
    column's full dates, else the file's."""
    if hints.year is not None:
        return hints.year
    years = text.str.extract(r"^((?:19|20)\d{2})[-/.年]", 1).drop_nulls()
    return int(years.mode().sort()[-1]) if years.len() else hints.fallback_year


def typed_columns(
    spec: SheetSpec,
    sheet: str,
    header: HeaderMap,
    body: pl.DataFrame,
    cleaned: pl.DataFrame,
    positions: list[int],
    only: Collection[str] | None,
    hints: ReadHints,
) -> tuple[dict[str, pl.Series], list[Issue]]:
    """Each spec column typed (absent ones null), and the cells that could not be read."""
    names = [n for n in body.columns if n != ROW]
    data: dict[str, pl.Series] = {}
    issues: list[Issue] = []
    for column in spec.columns:
        if column.key not in header.columns:
            data[column.key] = _blank(column, body.height)
            if column.required and (only is None or column.key in only):
                issues.append(
                    Issue(
                        sheet,
                        header.row + 1,
                        column.header("zh"),
                        "column_missing",
                        "has_column",
                        fields={"column_en": column.en, "column_zh": column.zh},
                    )
                )
            continue
        index = header.columns[column.key]
        text = cleaned[names[index]]
        if text.null_count() == text.len():  # its header with nothing under it: nothing to read or report
            data[column.key] = _blank(column, body.height)
            continue
        where = {"column": header.headers[index], "col": positions[index]}
        if not _is_text(text):
            value, failure = convert_typed(text, column)
        else:
            if column.open_ended:
                ended = pl.DataFrame({"t": text}).select(open_ended(pl.col("t")).fill_null(False))["t"]
                text = text.set(ended, OPEN_END.isoformat())
            if column.dtype in MARKED_TYPES:
                text, note = _none_marks(sheet, text, body[ROW], where)
                issues += note
            year = _date_year(text, hints) if column.dtype in ("date", "datetime") else None
            value, failure = convert_cleaned(
                text, column, words=hints.words.get(column.key), year=year, epoch=hints.epoch
            )
            if year is not None:
                issues += _year_note(sheet, text, body[ROW], year, where)
        data[column.key] = value.cast(POLARS_TYPES[column.dtype])
        if failure is not None:
            bad = pl.DataFrame({"v": body[names[index]], ROW: body[ROW]}).filter(failure.mask)
            if not _is_text(bad["v"]):
                bad = bad.with_columns(text_as_read(bad["v"]).alias("v"))
            severity = "warning" if failure.kept else "error"
            issues += [
                Issue(
                    sheet,
                    row,
                    where["column"],
                    failure.code,
                    failure.check,
                    value_text,
                    col=where["col"],
                    severity=severity,
                )
                for value_text, row in bad.iter_rows()
            ]
    return data, issues


def _blank(column: Column, height: int) -> pl.Series:
    return pl.repeat(None, height, dtype=POLARS_TYPES[column.dtype], eager=True).alias(column.key)


def _none_marks(sheet: str, text: pl.Series, rows: pl.Series, where: dict) -> tuple[pl.Series, list[Issue]]:
    """The column with its marks for "none" (``/``, ``-``, ``无`` …) made blank, and one note saying how many."""
    marked = pl.DataFrame({"t": text}).select(none_mark(pl.col("t")).fill_null(False))["t"]
    if not marked.any():
        return text, []
    first = int(marked.arg_true()[0])
    note = Issue(
        sheet,
        rows[first],
        where["column"],
        "value_none_mark",
        "has_value",
        text[first],
        col=where["col"],
        severity="info",
        fields={"count": int(marked.sum())},
    )
    return text.set(marked, None), [note]


def _year_note(sheet: str, text: pl.Series, rows: pl.Series, year: int, where: dict) -> list[Issue]:
    """One note per column: how many dates were typed without a year, and the year they were given."""
    short = pl.DataFrame({"t": text, ROW: rows}).filter(is_month_day(pl.col("t")).fill_null(False))
    if short.height == 0:
        return []
    return [
        Issue(
            sheet,
            short[ROW][0],
            where["column"],
            "date_year_assumed",
            "has_year",
            short["t"][0],
            col=where["col"],
            severity="info",
            fields={"year": year, "count": short.height},
        )
    ]


def fill_implied(spec: SheetSpec, data: dict[str, pl.Series], cleaned: pl.DataFrame, header: HeaderMap) -> None:
    """A cell whose word also says another column's value (特采 → disposition concession) fills it when blank."""
    names = [n for n in cleaned.columns if n != ROW]
    for column in spec.columns:
        if not column.implies or column.key not in header.columns:
            continue
        folded = per_word(cleaned[names[header.columns[column.key]]], _folded)
        for other in {target for _, target, _ in column.implies}:
            table = {normalise_label(word): key for word, target, key in column.implies if target == other}
            implied = folded.replace_strict(table, default=None, return_dtype=pl.String)
            data[other] = data[other].fill_null(implied.cast(data[other].dtype))


def _folded(text: pl.Series) -> pl.Series:
    return text.to_frame("w").select(fold(pl.col("w")))["w"]


def extra_columns(header: HeaderMap, body: pl.DataFrame, taken: Collection[str]) -> dict[str, pl.Series]:
    """Every column the spec does not know (and each second header of one column), under its own header, as the
    reader typed it (:func:`~srm_xl.io.own_columns.as_kept`: numbers, dates or text)."""
    names = [n for n in body.columns if n != ROW]
    used = set(taken)
    extras: dict[str, pl.Series] = {}
    for index, label in sorted({**header.extras, **header.duplicates}.items()):
        name = label
        while name in used:
            name += "_"
        used.add(name)
        extras[name] = as_kept(body[names[index]])
    return extras


def table_from_text(
    spec: SheetSpec,
    sheet: str,
    raw: pl.DataFrame,
    columns: list[int] | None = None,
    only: Collection[str] | None = None,
    hints: ReadHints = NO_HINTS,
) -> Table:
    """Read ``raw`` (every cell as text, row i of the frame = Excel row i+1) through ``spec``.

    ``columns`` gives each raw column's 0-based position in the sheet (default: 0, 1, 2 …); ``only`` names the
    spec keys a partial read asked for, so the others are not reported missing; ``hints`` carry the workbook's
    value and column maps and the year for dates typed without one.
    """
    header = locate_header(spec, sheet, raw, hints)
    return table_from_body(
        spec, sheet, header, raw.slice(header.row + 1), columns or list(range(raw.width)), only, hints
    )


def table_from_body(
    spec: SheetSpec,
    sheet: str,
    header: HeaderMap,
    below: pl.DataFrame,
    positions: list[int],
    only: Collection[str] | None = None,
    hints: ReadHints = NO_HINTS,
) -> Table:
    """The rows ``below`` the ``header`` row through ``spec``: each column text, or (a number or date column of
    the spec) already typed by the reader; ``positions`` gives each column's 0-based position in the sheet."""
    free = {below.columns[i] for key, i in header.columns.items() if is_free_text(spec.column(key))}
    body, cleaned = body_rows(below, header.row + 2, free)
    body, cleaned, issues = drop_notes(spec, sheet, header, body, cleaned)
    data, problems = typed_columns(spec, sheet, header, body, cleaned, positions, only, hints)
    fill_implied(spec, data, cleaned, header)
    extras = extra_columns(header, body, data)
    frame = pl.DataFrame({**data, **extras, ROW: body[ROW]})
    mapped = {key: positions[i] for key, i in header.columns.items()}
    headers = {key: header.headers[i] for key, i in header.columns.items()}
    return Table(spec, sheet, frame, header.row + 1, mapped, headers, list(extras), issues + problems)


def column_words(column: Column, value_map: pl.DataFrame) -> dict[str, str]:
    """This column's rows of a value map (``word``, ``meaning`` as label or key) as folded word → choice key."""
    keys = {normalise_label(alias): choice.key for choice in reversed(column.choices) for alias in choice.aliases()}
    found: dict[str, str] = {}
    for word, meaning in value_map.select("word", "meaning").iter_rows():
        key = keys.get(normalise_label(meaning or ""))
        if word and key:
            found[normalise_label(word)] = key
    return found
