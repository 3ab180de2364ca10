"""The Import button: bring a user's own workbook or CSV into the product's sheets, as they keep it.

Each source sheet is matched to the spec whose headers it fits best (sheets of the same shape, such as one per
month, are merged). Import maps, it does not judge: a cell problem never costs a row — the row is kept, the cell
flagged. Only a row that cannot be identified (no key and nothing to derive one from) is set aside, onto the
*Rows not imported* sheet with every original value. Suppliers and customers named instead of coded resolve to
the master's code; lots without a number get derived keys; rows are upserted by key, so importing the same file
twice changes nothing. Unknown words of closed columns go to the *Value map*, unknown headers to the *Column map*.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SrmError
from srm_xl.io import read_cache
from srm_xl.io.draft import RAW, draft_from_spec, own_columns
from srm_xl.io.headers import known_column, suggest
from srm_xl.io.own_columns import aligned, stacked
from srm_xl.io.table import Table
from srm_xl.io.vocabulary import BookMaps, column_named, read_maps
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue, column_letter
from srm_xl.jobs.audit import finish
from srm_xl.jobs.import_keys import (
    DERIVED_PREFIX,
    completed_keys,
    derivable_key,
    derived_codes,
    derived_key,
    resolve_names,
    row_keys,
)
from srm_xl.jobs.import_memory import recall, remember, stamp
from srm_xl.jobs.import_read import read_source
from srm_xl.jobs.import_sheets import column_map_frame, set_aside_frame, value_map_frame
from srm_xl.jobs.report import Report
from srm_xl.jobs.validate import stage_validation
from srm_xl.messages import LANGS, Lang, render
from srm_xl.schema import SheetSpec, normalise_label, registry, spec
from srm_xl.schema.convert import UNREAD
from srm_xl.schema.frames import ROW
from srm_xl.schema.numbers import number_text
from srm_xl.scoring.inputs import USED
from srm_xl.sharing.ledger import book_id
from srm_xl.validation.validate import validate_tables

SOURCE = "_source"
"""Where an imported row came from (``sheet!row``), carried until its book row is known."""
_REFERRED = ("suppliers", "customers")
"""Master sheets whose codes other sheets' references may give by name instead."""
_MASTERS = {"suppliers": ("code", "name"), "customers": ("code", "name")}
"""Master sheets whose missing code is taken from an existing row of the same name, else derived from the name
(:func:`~srm_xl.jobs.import_keys.derived_codes`); a row without either is set aside."""


@dataclass
class SheetOutcome:
    """What importing into one sheet did."""

    spec: SheetSpec
    frame: pl.DataFrame
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    set_aside: pl.DataFrame | None = None
    issues: list[Issue] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class MapOption:
    """One ``--map``: the user's header, the field it names and, when given (``客户投诉!客户编号=customer``), the
    key of the only sheet it is for."""

    header: str
    column: str
    sheet: str | None = None

    def target(self, sheet: SheetSpec) -> str | None:
        """The key of the column of ``sheet`` this mapping gives the header: none where it is limited to another
        sheet, or, not limited, where the sheet already knows the header as another column."""
        column = column_named(sheet, self.column) or column_named(sheet, self.column.replace("_defects", ""))
        if column is None or self.sheet not in (None, sheet.key):
            return None
        known = known_column(sheet, self.header)
        return column.key if self.sheet or known in (None, column.key) else None


def parse_column_map(pairs: list[str]) -> list[MapOption]:
    """``--map "不良数=major"`` and ``--map "客户投诉!客户编号=customer"`` options."""
    found: list[MapOption] = []
    for pair in pairs:
        named, sep, column = pair.partition("=")
        sheet, bang, header = named.replace("！", "!").rpartition("!")
        if not sep or not header.strip() or not column.strip() or (bang and not sheet.strip()):
            raise SrmError("import_map_option", value=pair)
        found.append(MapOption(header.strip(), column.strip(), _sheet_key(sheet, pair) if bang else None))
    return found


def _sheet_key(name: str, pair: str) -> str:
    """The key of the data sheet ``name`` names (its name in either language or a synonym)."""
    wanted = normalise_label(name)
    sheets = [s for s in registry().values() if s.kind == "data"]
    found = next((s.key for s in sheets if wanted in {normalise_label(a) for a in s.aliases()}), None)
    if found is None:
        raise SrmError("import_map_sheet", value=pair, sheet=name.strip())
    return found


def _given(sheet: SheetSpec, given: list[MapOption]) -> dict[str, str]:
    """Folded header → column key of ``sheet`` from ``--map``; one limited to this sheet wins over one for all."""
    return {
        normalise_label(option.header): key
        for option in sorted(given, key=lambda o: o.sheet is not None)
        if (key := option.target(sheet)) is not None
    }


def _learned(maps: BookMaps, given: list[MapOption], candidates: list[SheetSpec]) -> dict[str, dict[str, str]]:
    """Per spec: folded header → column key, from the workbook's column map and ``--map`` (which wins)."""
    return {sheet.key: {**maps.hints(sheet).headers, **_given(sheet, given)} for sheet in candidates}


def with_raw_text(table: Table) -> pl.DataFrame:
    """The table's frame with, for each column holding cells that could not be read, a ``RAW`` column of what the
    user typed there, so the cell keeps it when written."""
    key_of = {col: key for key, col in table.columns.items()}
    found: dict[str, dict[int, str]] = {}
    for issue in table.issues:
        if issue.code in UNREAD and issue.col in key_of and issue.row is not None:
            found.setdefault(key_of[issue.col], {})[issue.row] = str(issue.value)
    frame = table.frame
    for key, cells in found.items():
        patch = pl.DataFrame(
            {ROW: list(cells), RAW + key: list(cells.values())}, schema={ROW: pl.Int64, RAW + key: pl.String}
        )
        frame = frame.join(patch, on=ROW, how="left", maintain_order="left")
    return frame


def _merged(tables: list[Table]) -> pl.DataFrame:
    frames = [
        with_raw_text(t).with_columns(pl.concat_str([pl.lit(t.sheet + "!"), pl.col(ROW).cast(pl.String)]).alias(SOURCE))
        for t in tables
    ]
    return stacked(frames)


def _master(book: Workbook, key: str, incoming: dict[str, list[Table]]) -> pl.DataFrame:
    """The ``key`` master (suppliers, customers) known to this import: the workbook's rows and those imported now."""
    sheet = spec(key)
    columns = ["code", "name", "short_name"]
    frames = [book.read(sheet).frame] if book.has(sheet) else []
    if key in incoming:
        frames.append(
            _coded(
                key,
                _merged(incoming[key]),
                frames[0].select(c for c in columns if c in frames[0].columns) if frames else None,
            )
        )
    return (
        pl.concat(
            [
                f.select([pl.col(c) if c in f.columns else pl.lit(None, pl.String).alias(c) for c in columns])
                for f in frames
            ]
        )
        if frames
        else pl.DataFrame(schema={c: pl.String for c in columns})
    )


def _coded(key: str, rows: pl.DataFrame, known: pl.DataFrame | None) -> pl.DataFrame:
    """Incoming master rows each with a code: as listed, else the ``known`` row's of the same name, else — in a
    list kept without codes — one derived from the name (a code left blank in a list that has codes is a code to
    fill in: that row is set aside). Masters that derive no codes are returned as they are."""
    if key not in _MASTERS or _MASTERS[key][1] not in rows.columns:
        return rows
    code, name = _MASTERS[key]
    listed = rows[code] if code in rows.columns else pl.Series(code, [None] * rows.height, pl.String)
    uncoded = listed.null_count() == rows.height
    known = known.filter(pl.col(code).is_not_null()) if known is not None else None
    if known is not None and known.height:
        listed = listed.fill_null(resolve_names(rows[name], known, loose=False))
    if uncoded:
        listed = listed.fill_null(derived_codes(rows[name]))
    return rows.with_columns(listed.alias(code))


def _resolve(
    sheet: SheetSpec, frame: pl.DataFrame, masters: dict[str, pl.DataFrame], lang: str
) -> tuple[pl.DataFrame, list[Issue]]:
    """References written as names turned into their master's codes (a contract's party by its party type); the
    names no row of the master matches, with their rows."""
    issues: list[Issue] = []
    for column in sheet.columns:
        if column.key not in frame.columns:
            continue
        for other, choice, ref in column.references():
            master = masters.get(ref)
            if master is None or master.height == 0 or (other is not None and other not in frame.columns):
                continue
            rows = frame[other] == choice if other is not None else pl.Series([True] * frame.height)
            written = frame[column.key]
            codes = resolve_names(written, master)
            unresolved = frame.filter(rows & written.is_not_null() & codes.is_null())
            target = registry()[ref.split(".")[0]]
            for value, found in unresolved.group_by(column.key, maintain_order=True).agg(pl.col(SOURCE)).iter_rows():
                issues.append(
                    Issue(
                        sheet.name(lang),
                        None,
                        column.header(lang),
                        "import_unresolved_name",
                        f"references({ref})",
                        value,
                        severity="warning",
                        fields={
                            "rows": ", ".join(found[:20]) + (" …" if len(found) > 20 else ""),
                            "count": len(found),
                            "target": target.zh,
                            "target_en": target.en,
                        },
                    )
                )
            resolved = pl.select(pl.when(rows).then(codes.fill_null(written)).otherwise(written)).to_series()
            frame = frame.with_columns(resolved.alias(column.key))
    return frame, issues


def _identify(
    sheet: SheetSpec, frame: pl.DataFrame, masters: dict[str, pl.DataFrame]
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Rows that can be identified (lot keys derived, master codes taken from a known name), the rows set aside
    (a single-column key blank with nothing to derive it from), and how many keys were derived."""
    derived = 0
    key = derivable_key(sheet)
    if key is not None:
        missing = frame[key].is_null()
        derived = int(missing.sum())
        if derived:
            inputs = [c.key for c in sheet.columns if not c.computed and c.key != key]
            frame = frame.with_columns(
                pl.when(missing).then(derived_key(sheet, frame, inputs, missing)).otherwise(pl.col(key)).alias(key)
            )
    if sheet.key in _MASTERS:
        code = _MASTERS[sheet.key][0]
        missing = frame[code].is_null()
        frame = _coded(sheet.key, frame, masters[f"{sheet.key}.{code}"])  # as the master was: rows and references agree
        derived = int((missing & frame[code].str.starts_with(DERIVED_PREFIX).fill_null(False)).sum())
    if len(sheet.key_columns) != 1:
        return frame, frame.clear(), derived
    blank = pl.col(sheet.key_columns[0]).is_null()
    return frame.filter(~blank), frame.filter(blank), derived


class _Upserted(NamedTuple):
    combined: pl.DataFrame
    inserted: int
    updated: int
    unchanged: int
    duplicates: pl.DataFrame
    replaced: pl.DataFrame
    read: pl.DataFrame
    """The source's rows as keyed (``_key``), duplicates left out: what the import remembers."""


def _own(sheet: SheetSpec, frame: pl.DataFrame) -> list[str]:
    """The user's own columns of ``frame`` (:func:`~srm_xl.io.draft.own_columns`), the import's working ones left
    out."""
    return own_columns(sheet, frame.columns, (SOURCE, "_key"))


def _upsert(
    sheet: SheetSpec,
    existing: pl.DataFrame | None,
    incoming: pl.DataFrame,
    sourced: list[str],
    last: pl.DataFrame | None = None,
) -> _Upserted:
    """Existing rows with incoming ones merged by key (:class:`_Upserted`). Each existing row keeps the sheet row it
    was read from (``ROW``); an inserted one has none. The user's own columns (:func:`_own`) merge as the
    ``sourced`` ones do.

    Keys are the key columns, or the row's identity when they are incomplete (:func:`row_keys`). A later source
    row with the key of an earlier one is a duplicate, left out for the caller to report. An incoming row whose
    key exists updates that row in place where the source's values differ; columns the source lacks keep theirs,
    and so do its key columns (a lot known by its identity keeps the key the book has for it) and the cells the
    source leaves blank (a reply date typed in the book outlives the file that never had one). With ``last``, what
    the imports last read (:mod:`~srm_xl.jobs.import_memory`), a cell the source still says the same as then keeps
    the book's value (an edit made in the book since); where the source changed a cell the book had changed too,
    the source's value is taken and the book's listed in ``replaced`` (``ROW``, column, book's value, source's).
    """
    incoming = incoming.with_columns(row_keys(sheet, incoming, sourced), pl.lit(None, pl.Int64).alias(ROW))
    first = pl.col("_key").is_first_distinct()
    duplicates = incoming.filter(~first)
    incoming = incoming.filter(first)
    if existing is None or existing.height == 0:
        return _Upserted(
            incoming.drop("_key"), incoming.height, 0, 0, duplicates, pl.DataFrame(schema=REPLACED), incoming
        )
    existing, filled = completed_keys(sheet, existing, incoming)
    existing = existing.with_columns(row_keys(sheet, existing, sourced))
    own = _own(sheet, incoming)
    blank = [pl.lit(None, incoming.schema[c]).alias(c) for c in own if c not in existing.columns]
    existing, incoming = aligned([existing.with_columns(blank), incoming])
    values = [c for c in sourced if c not in sheet.key_columns] + own
    news = incoming.select("_key", SOURCE, *(pl.col(c).alias(f"{c}__new") for c in values))
    joined = existing.join(news, on="_key", how="left", maintain_order="left")
    matched = pl.col("_key").is_in(incoming["_key"].implode())
    joined, replaced = _recalled(joined, last, values)
    joined = joined.with_columns(pl.coalesce(f"{c}__new", c).alias(f"{c}__new") for c in values)
    changed = matched & (pl.lit(filled) | pl.any_horizontal(pl.col(f"{c}__new").ne_missing(pl.col(c)) for c in values))
    joined = joined.with_columns(changed.alias("_changed"))
    merged = joined.with_columns(
        pl.when("_changed").then(pl.col(f"{c}__new")).otherwise(pl.col(c)).alias(c) for c in values
    )
    merged = merged.select([c for c in existing.columns if c != "_key"] + [SOURCE])
    inserted = incoming.join(existing.select("_key"), on="_key", how="anti").drop("_key")
    updated = int(joined["_changed"].sum())
    unchanged = int(joined.select(matched.sum()).item()) - updated
    combined = stacked([merged, inserted])
    return _Upserted(combined, inserted.height, updated, unchanged, duplicates, replaced, incoming)


REPLACED = {ROW: pl.Int64, "column": pl.String, "old": pl.String, "new": pl.String, "code": pl.String}


def _shown(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A value as a message shows it: a float as a number is written (260, not 260.0)."""
    return number_text(value) if dtype.is_float() else value.cast(pl.String)


def _recalled(joined: pl.DataFrame, last: pl.DataFrame | None, values: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``joined`` (the book's rows beside the source's ``__new`` values) with each value the source still says as
    the imports last read it (``last``) replaced by the book's; and the book's values the source's replace
    (``REPLACED``): where the book had changed the cell too (``import_book_edit_replaced``), or where no import
    into this book remembers the cell (a backup restored, a copy imported into, another computer), so that the
    book's value may be an edit (``import_book_value_replaced``)."""
    remembered = [c for c in values if last is not None and c in last.columns]
    if remembered:
        assert last is not None
        was = last.select(
            "_key",
            pl.lit(True).alias("_known"),
            *(pl.col(c).cast(joined.schema[c]).alias(f"{c}__was") for c in remembered),
        )
        joined = joined.join(was.unique("_key"), on="_key", how="left", maintain_order="left")
    known = pl.col("_known").fill_null(False) if remembered else pl.lit(False)

    def replaced_where(c: str, condition: pl.Expr, code: str) -> pl.DataFrame:
        return joined.filter(
            condition & pl.col(f"{c}__new").is_not_null() & pl.col(c).ne_missing(pl.col(f"{c}__new"))
        ).select(
            ROW,
            pl.lit(c).alias("column"),
            _shown(pl.col(c), joined.schema[c]).alias("old"),
            _shown(pl.col(f"{c}__new"), joined.schema[c]).alias("new"),
            pl.lit(code).alias("code"),
        )

    edited = (
        known & pl.col(f"{c}__new").ne_missing(pl.col(f"{c}__was")) & pl.col(c).ne_missing(pl.col(f"{c}__was"))
        for c in remembered
    )
    replaced = pl.concat(
        [
            pl.DataFrame(schema=REPLACED),
            *(replaced_where(c, e, "import_book_edit_replaced") for c, e in zip(remembered, edited, strict=True)),
            *(
                replaced_where(
                    c, pl.col(c).is_not_null() & ~(known & pl.lit(c in remembered)), "import_book_value_replaced"
                )
                for c in values
            ),
        ]
    )
    kept = (
        pl.when(known & pl.col(f"{c}__new").eq_missing(pl.col(f"{c}__was")))
        .then(pl.col(c))
        .otherwise(pl.col(f"{c}__new"))
        .alias(f"{c}__new")
        for c in remembered
    )
    return joined.with_columns(kept).drop(
        *(["_known"] if remembered else []), *(f"{c}__was" for c in remembered)
    ), replaced


def _values_text(row: dict[str, object], headers: dict[str, str], labels: dict[str, dict[str, str]]) -> str:
    """A set-aside row's values as ``header=value; …``: what the user typed where it could not be read, a choice
    by its label in the book's language (状态=合格, not ``approved``); blank cells left out."""
    shown = {
        k: row.get(RAW + k) if v is None else labels.get(k, {}).get(str(v), v)
        for k, v in row.items()
        if k not in (ROW, SOURCE, "_key") and not k.startswith(RAW)
    }
    return "; ".join(f"{headers.get(k, k)}={v}" for k, v in shown.items() if v is not None)


@dataclass
class _Context:
    """What every target sheet of one import shares."""

    book: Workbook
    source: Path
    masters: dict[str, pl.DataFrame]
    """Each master (suppliers, customers) known to this import, by the ``sheet.column`` references name."""
    identity: str | None = None
    """The workbook's id, under which what imports read is remembered (:mod:`~srm_xl.jobs.import_memory`)."""
    read: dict[str, tuple[pl.DataFrame, pl.DataFrame | None]] = field(default_factory=dict)
    """Per target sheet, the rows this import read (``_key`` and the source's cells) and what was remembered for the
    book before: remembered together once written."""
    set_aside: list[dict[str, object]] = field(default_factory=list)
    aside_issues: list[Issue] = field(default_factory=list)


def _set_aside(context: _Context, sheet: SheetSpec, rows: pl.DataFrame, reason: str, fields: dict[str, object]) -> None:
    lang = context.book.lang
    headers = {c.key: c.header(lang) for c in sheet.columns}
    labels = {c.key: {choice.key: choice.label(lang) for choice in c.choices} for c in sheet.columns if c.choices}
    text = render(reason, lang, **fields)
    for row in rows.iter_rows(named=True):
        where, _, number = str(row[SOURCE]).rpartition("!")
        context.set_aside.append(
            {
                "source": context.source.name,
                "sheet": where,
                "row": int(number),
                "target": sheet.name(lang),
                "reason": text,
                "values": _values_text(row, headers, labels),
                "time": None,
            }
        )


def _import_sheet(context: _Context, sheet: SheetSpec, tables: list[Table]) -> SheetOutcome:
    """Resolve, identify and upsert the rows of ``tables`` into ``sheet``."""
    lang = context.book.lang
    if (key := derivable_key(sheet) or _MASTERS.get(sheet.key, (None,))[0]) is not None:
        derivable = sheet.column(key).en
        for table in tables:
            table.issues = [
                i for i in table.issues if i.code != "column_missing" or i.fields.get("column_en") != derivable
            ]
    frame, issues = _resolve(sheet, _merged(tables), context.masters, lang)
    identified, aside, derived = _identify(sheet, frame, context.masters)
    key = sheet.key_columns[0] if sheet.key_columns else sheet.columns[0].key
    if aside.height:
        _set_aside(context, sheet, aside, "import_reason_no_key", {"column": sheet.column(key).header(lang)})
    existing = context.book.read(sheet) if context.book.has(sheet) else None
    sourced = sorted({k for t in tables for k in t.columns} | set(sheet.key_columns))
    sourced = [c for c in sourced if c in identified.columns]
    before = with_raw_text(existing) if existing else None  # its rows keep the sheet row they were read from
    last = recall(context.book, context.identity, sheet.key) if context.identity else None

    def labelled(column: str, value: str | None) -> str:
        choices = sheet.column(column).choices if column in sheet.by_key else ()
        return {c.key: c.label(lang) for c in choices}.get(value or "", value or "")

    combined, inserted, updated, unchanged, duplicates, replaced, read = _upsert(
        sheet, before, identified, sourced, last
    )
    context.read[sheet.key] = (read.select("_key", *sourced, *_own(sheet, read)), last)
    placed = [*sheet.keys(), *_own(sheet, combined)]
    issues += [
        Issue(
            sheet.name(lang),
            row,
            sheet.column(column).header(lang) if column in sheet.by_key else column,
            code,
            "unchanged_since_import",
            labelled(column, old),
            col=placed.index(column),
            severity="warning",
            fields={"old": labelled(column, old), "new": labelled(column, new)},
        )
        for row, column, old, new, code in replaced.iter_rows()
    ]
    if duplicates.height:
        _set_aside(context, sheet, duplicates, "import_reason_duplicate", {"column": sheet.column(key).header(lang)})
    if derived:
        issues.append(
            Issue(
                sheet.name(lang),
                None,
                sheet.column(key).header(lang),
                "import_codes_derived" if sheet.key in _MASTERS else "import_keys_derived",
                "has_key",
                None,
                severity="info",
                fields={"count": derived, "sheet": sheet.zh, "sheet_en": sheet.en},
            )
        )
    outcome = SheetOutcome(sheet, combined, inserted, updated, unchanged, issues=issues, tables=tables)
    if existing is not None:
        outcome.issues += [i for i in existing.issues if i.code != "row_skipped_note"]
    return outcome


def _book_issues(outcome: SheetOutcome, name: str, source: str) -> list[Issue]:
    """Reading problems of the source moved onto the cells the rows now occupy in the book; rows no longer
    imported (notes, set aside) keep their source location, without a link."""
    sheet = outcome.spec
    asked = [f"{table.sheet}!{issue.row}" for table in outcome.tables for issue in table.issues]
    at = dict(
        outcome.frame.select(SOURCE, pl.int_range(2, outcome.frame.height + 2).alias("r"))
        .filter(pl.col(SOURCE).is_in(asked))
        .iter_rows()
    )
    index = {c.key: i for i, c in enumerate(sheet.columns)}
    extras = _own(sheet, outcome.frame)
    moved: list[Issue] = []
    reported: set[str] = set()
    for table in outcome.tables:
        keys = {position: key for key, position in table.columns.items()}
        for issue in table.issues:
            origin = f"{source} › {table.sheet}" + (f"!{issue.cell}" if issue.cell else "")
            row = at.get(f"{table.sheet}!{issue.row}")
            key = keys.get(issue.col) if issue.col is not None else None
            if row is None or key is None:
                moved.append(
                    replace(
                        issue, sheet=f"{source} › {table.sheet}", col=None, fields={**issue.fields, "origin": origin}
                    )
                )
            else:
                moved.append(
                    replace(issue, sheet=name, row=row, col=index[key], fields={**issue.fields, "origin": origin})
                )
        for extra in table.extras:
            if extra in reported:
                continue
            reported.add(extra)
            column = sheet.column(hint) if (hint := suggest(extra, sheet, list(table.columns))) else None
            col = len(sheet.columns) + extras.index(extra) if extra in extras else None
            moved.append(
                Issue(
                    name,
                    1 if col is not None else None,
                    extra,
                    "import_extra_suggested" if column else "import_extra_column",
                    "mapped",
                    None,
                    col=col,
                    severity="warning" if column else "info",
                    fields={
                        "suggestion": column.header("zh") if column else "",
                        "suggestion_en": column.en if column else "",
                        "key": column.key if column else "",
                        "origin": f"{source} › {table.sheet}",
                    },
                )
            )
    return moved


def _unknown_words(outcomes: list[SheetOutcome], lang: str) -> pl.DataFrame:
    """Every unknown word of a closed column met now: sheet, column, word, rows, choices."""
    rows: dict[tuple[str, str, str], list[object]] = {}
    for outcome in outcomes:
        for table in outcome.tables:
            keys = {position: key for key, position in table.columns.items()}
            for issue in table.issues:
                if issue.code != "not_in_choices" or issue.col not in keys:
                    continue
                column = outcome.spec.column(keys[issue.col])
                word = str(issue.value).strip()
                entry = rows.setdefault(
                    (outcome.spec.name(lang), column.header(lang), word),
                    [0, " / ".join(c.label(lang) for c in column.choices)],
                )  # type: ignore[arg-type]
                entry[0] = int(entry[0]) + 1  # type: ignore[call-overload]
    return pl.DataFrame(
        [(s, c, w, n, ch) for (s, c, w), (n, ch) in rows.items()],
        schema={"sheet": pl.String, "column": pl.String, "word": pl.String, "rows": pl.Int64, "choices": pl.String},
        orient="row",
    )


def _headers_met(outcomes: list[SheetOutcome], given: list[MapOption], lang: str) -> pl.DataFrame:
    """Headers to remember: those ``--map`` mapped in a sheet (with their column) and every extra kept (with a
    suggestion)."""
    rows: list[tuple[str, str, str | None, str | None]] = []
    for outcome in outcomes:
        sheet = outcome.spec
        mapped = _given(sheet, given)
        for table in outcome.tables:
            for key, header in table.headers.items():
                if mapped.get(normalise_label(header)) == key:
                    rows.append((sheet.name(lang), header, sheet.column(key).header(lang), None))
            for extra in table.extras:
                hint = suggest(extra, sheet, list(table.columns))
                rows.append((sheet.name(lang), extra, None, sheet.column(hint).header(lang) if hint else None))
    return pl.DataFrame(
        rows,
        schema={"sheet": pl.String, "header": pl.String, "column": pl.String, "suggestion": pl.String},
        orient="row",
    )


def _check(outcomes: list[SheetOutcome], names: dict[str, str], source: str, lang: Lang) -> list[Issue]:
    """Reading problems moved into the book, and the schema's row rules over each sheet as it will be written,
    each with the cell it came from in the source."""
    tables, origins = [], {}
    for outcome in outcomes:
        sheet, name = outcome.spec, names[outcome.spec.key]
        frame = outcome.frame.with_columns(pl.int_range(2, outcome.frame.height + 2).alias(ROW))
        columns = {c.key: i for i, c in enumerate(sheet.columns)}
        headers = {c.key: c.header(lang) for c in sheet.columns}
        extras = _own(sheet, frame)
        tables.append(
            Table(sheet, name, frame.drop(SOURCE), 1, columns, headers, extras, _book_issues(outcome, name, source))
        )
        origins[name] = (sheet, {t.sheet: t for t in outcome.tables}, frame.select(ROW, SOURCE).drop_nulls())
    issues = validate_tables(tables)
    asked: dict[str, list[int]] = {}
    for issue in issues:
        if "origin" not in issue.fields and issue.sheet in origins and issue.row is not None:
            asked.setdefault(issue.sheet, []).append(issue.row)
    wheres = {
        (name, row): where
        for name, rows in asked.items()
        for row, where in origins[name][2].filter(pl.col(ROW).is_in(rows)).iter_rows()
    }
    found = []
    for issue in issues:
        where = None if "origin" in issue.fields else wheres.get((issue.sheet, issue.row))
        if where is None:
            found.append(issue)
            continue
        sheet, sources, _ = origins[issue.sheet]
        part, _, number = where.rpartition("!")
        key = sheet.columns[issue.col].key if issue.col is not None and issue.col < len(sheet.columns) else None
        position = sources[part].columns.get(key) if key else None
        cell = f"{column_letter(position)}{number}" if position is not None else number
        found.append(replace(issue, fields={**issue.fields, "origin": f"{source} › {part}!{cell}"}))
    return found


def _summary(
    outcomes: list[SheetOutcome],
    set_aside: int,
    unknown: pl.DataFrame,
    source: str,
    dry_run: bool,
    headers: pl.DataFrame,
) -> dict[str, str]:
    lines: dict[str, str] = {}
    for lang in LANGS:
        detail = ", ".join(
            render(
                "import_sheet_counts",
                lang,
                sheet=o.spec.name(lang),
                inserted=o.inserted,
                updated=o.updated,
                unchanged=o.unchanged,
            )
            for o in outcomes
        )
        text = render(
            "import_summary_dry" if dry_run else "import_summary",
            lang,
            source=source,
            detail=detail,
            set_aside=set_aside,
            unknown=unknown.height,
            rows=int(unknown["rows"].sum()) if unknown.height else 0,
        )
        if dry_run:
            maps = [
                f"  {o.spec.name(lang)}: "
                + ", ".join(
                    dict.fromkeys(  # monthly sheets map their headers alike: each pair once
                        f"{h} → {o.spec.column(k).header(lang)}" for t in o.tables for k, h in t.headers.items()
                    )
                )
                for o in outcomes
            ]
            extras = [
                f"  {s}: {h} → ({render('import_kept_extra', lang)})" + (f" ? {g}" if g else "")
                for s, h, c, g in headers.filter(pl.col("column").is_null()).iter_rows()
            ]
            words = [f"  {s} · {c}: {w} ({n})" for s, c, w, n, _ in unknown.iter_rows()]
            text = "\n".join(
                [text, render("import_dry_columns", lang), *maps, *extras, render("import_dry_values", lang), *words]
            )
        elif set_aside or unknown.height:
            text += "; " + render("import_next_steps", lang)
        lines[lang] = text
    return lines


def import_candidates(target: str | None) -> list[SheetSpec]:
    """The specs an import matches a source's sheets to: the ``target`` sheet key's, else every data sheet's."""
    return [spec(target)] if target else [s for s in registry().values() if s.kind == "data"]


def import_source(
    book: Workbook, source: Path, *, target: str | None = None, mapping: list[str] | None = None, dry_run: bool = False
) -> Report:
    """Import ``source`` into ``book``: into the ``target`` sheet key, or each sheet into the spec it matches.

    ``mapping`` holds ``header=column`` pairs (``不良数=major``), each for every sheet that does not know the header
    as another column, or for one sheet (``客户投诉!客户编号=customer``), remembered in the Column map;
    ``dry_run`` reports what would happen and writes nothing."""
    checksum = book.checksum()
    lang = book.lang
    candidates = import_candidates(target)
    maps = read_maps(book)
    given = parse_column_map(mapping or [])
    read = read_source(source, candidates, maps, _learned(maps, given, candidates))
    matched = read.tables
    order = sorted(matched, key=lambda k: k not in _REFERRED)
    context = _Context(
        book,
        source,
        {f"{key}.code": _master(book, key, matched) for key in _REFERRED},
        book_id(book, assign=not dry_run),
    )
    outcomes = [_import_sheet(context, spec(key), matched[key]) for key in order]
    names = {o.spec.key: book.find(o.spec) or o.spec.name(lang) for o in outcomes}
    issues = _check(outcomes, names, source.name, lang) + [i for o in outcomes for i in o.issues]
    issues += [Issue(name, None, None, "import_hidden_list", "readable", None, severity="info") for name in read.lists]
    issues += [_lacking(name, kind) for name, kind in read.lacking]
    unknown = _unknown_words(outcomes, lang)
    headers = _headers_met(outcomes, given, lang)
    aside_name = book.find(spec("rows_not_imported")) or spec("rows_not_imported").name(lang)
    previous = book.read(spec("rows_not_imported")).frame if book.has(spec("rows_not_imported")) else None
    aside = set_aside_frame(previous, context.set_aside)
    listed = {
        (r["sheet"], r["row"]): n + 2 for n, r in enumerate(aside.iter_rows(named=True)) if r["source"] == source.name
    }
    for row in context.set_aside:
        issues.append(
            Issue(
                aside_name,
                listed.get((row["sheet"], row["row"])),
                None,
                "import_set_aside",
                "identified",
                row["values"],
                col=0,
                fields={"origin": f"{source.name} › {row['sheet']}!{row['row']}", "reason": row["reason"]},
            )
        )
    summary = _summary(outcomes, len(context.set_aside), unknown, source.name, dry_run, headers)
    counts = {
        "inserted": sum(o.inserted for o in outcomes),
        "updated": sum(o.updated for o in outcomes),
        "unchanged": sum(o.unchanged for o in outcomes),
        "set_aside": len(context.set_aside),
        "unmapped": unknown.height,
        "unmapped_rows": int(unknown["rows"].sum()) if unknown.height else 0,
    }
    report = Report(
        "import",
        summary["zh"],
        summary["en"],
        rows_read=sum(o.inserted + o.updated + o.unchanged for o in outcomes) + len(context.set_aside),
        rows_written=counts["inserted"] + counts["updated"],
        issues=issues,
        sheets=list(names.values()),
        counts=counts,
    )
    if dry_run:
        return report
    for outcome in outcomes:
        frame, key = outcome.frame.drop(SOURCE, strict=False), outcome.spec.key
        book.stage(draft_from_spec(outcome.spec, frame, lang, name=names[key], formats=read.formats.get(key, {})))
    if context.set_aside or previous is not None:
        book.stage(draft_from_spec(spec("rows_not_imported"), aside, lang, name=aside_name))
    for key, rows in (("value_map", value_map_frame), ("column_map", column_map_frame)):
        sheet = spec(key)
        found = unknown if key == "value_map" else headers
        if found.height or book.has(sheet):
            before = book.read(sheet).frame if book.has(sheet) else None
            book.stage(draft_from_spec(sheet, rows(before, found), lang, name=book.find(sheet) or sheet.name(lang)))
    stage_validation(book, issues, read_config(book).general.max_report_rows, job="import")
    for key, columns in USED.items():  # what is imported is graded next: handed over for the grade's read too
        read_cache.remember_asked(spec(key), columns)
    tokens = {key: stamp(book, key) for key in context.read}
    finish(book, report, checksum)
    if context.identity and not all(
        remember(context.identity, key, rows, last, tokens[key]) for key, (rows, last) in context.read.items()
    ):
        report.issues.append(Issue("", None, None, "import_memory_unwritten", severity="info"))
    return report


def _lacking(name: str, kind: SheetSpec) -> Issue:
    """The warning that sheet ``name`` of the source, looking like ``kind`` but naming none of its required
    columns, was not imported."""
    required = [c for c in kind.columns if c.required]
    return Issue(
        name,
        None,
        None,
        "import_sheet_lacking_required",
        "mapped",
        None,
        severity="warning",
        fields={
            "kind": kind.name("zh"),
            "kind_en": kind.name("en"),
            "columns": "、".join(c.header("zh") for c in required),
            "columns_en": ", ".join(c.en for c in required),
            "key_column": required[0].key,
        },
    )
