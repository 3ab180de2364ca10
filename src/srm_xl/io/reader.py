"""Turning a sheet's raw text cells into a ``Table``: header found, columns mapped, typed, problems listed."""

from __future__ import annotations

import re
from collections.abc import Collection

import polars as pl

from srm_xl.errors import SheetError
from srm_xl.schema.convert import clean_text, convert_cleaned
from srm_xl.io.headers import SCAN_ROWS, find_header
from srm_xl.io.table import Table
from srm_xl.schema.frames import ROW
from srm_xl.schema import SheetSpec
from srm_xl.schema.frames import POLARS_TYPES
from srm_xl.issues import Issue

NOTE_ROW = re.compile(r"^(备注|注[:：]|说明|合计|总计|小计|汇总|制表|审核|批准|note|notes|total|subtotal|sum)", re.IGNORECASE)
"""A row whose first filled cell starts like this, with the spec's key columns empty, is a note or total."""


def table_from_text(spec: SheetSpec, sheet: str, raw: pl.DataFrame, columns: list[int] | None = None,
                    only: Collection[str] | None = None) -> Table:
    """Read ``raw`` (every cell as text, row i of the frame = Excel row i+1) through ``spec``.

    ``columns`` gives each raw column's 0-based position in the sheet (default: 0, 1, 2 …); ``only`` names the
    spec keys a partial read asked for, so the others are not reported missing.
    """
    positions = columns or list(range(raw.width))
    head = [list(r) for r in raw.head(SCAN_ROWS).iter_rows()]
    header = find_header(head, spec)
    if header is None:
        raise SheetError("header_not_found", sheet=sheet, expected=", ".join(spec.headers("zh")[:4]), expected_en=", ".join(spec.headers("en")[:4]))
    names = raw.columns
    body = raw.slice(header.row + 1).with_columns(pl.int_range(header.row + 2, header.row + 2 + raw.height - header.row - 1, dtype=pl.Int64).alias(ROW))
    cleaned = body.with_columns(clean_text(body[n]).alias(n) for n in names)
    blank = cleaned.select(pl.all_horizontal(pl.col(n).is_null() for n in names).alias("blank"))["blank"]
    body, cleaned = body.filter(~blank), cleaned.filter(~blank)
    issues: list[Issue] = []
    key_names = [names[header.columns[k]] for k in (spec.key_columns or [spec.columns[0].key]) if k in header.columns]
    if key_names:
        keyless = pl.all_horizontal(pl.col(n).is_null() for n in key_names)
        first_filled = pl.when(keyless).then(pl.coalesce([pl.col(n) for n in names]))
        note = cleaned.select(
            (keyless & first_filled.str.contains(NOTE_ROW.pattern)).fill_null(False).alias("note"), first_filled.alias("text"), pl.col(ROW))
        notes = note.filter("note")
        issues += [Issue(sheet, row, None, "row_skipped_note", "is_data_row", text, severity="info") for text, row in notes.select("text", ROW).iter_rows()]
        body, cleaned = body.filter(~note["note"]), cleaned.filter(~note["note"])
    data: dict[str, pl.Series] = {}
    for column in spec.columns:
        if column.key not in header.columns:
            data[column.key] = pl.Series(column.key, [None] * body.height, dtype=POLARS_TYPES[column.dtype])
            if column.required and (only is None or column.key in only):
                issues.append(Issue(sheet, header.row + 1, column.header("zh"), "column_missing", "has_column",
                                    fields={"column_en": column.en, "column_zh": column.zh}))
            continue
        index = header.columns[column.key]
        raw_column = body[names[index]]
        value, failure = convert_cleaned(cleaned[names[index]], column)
        data[column.key] = value.cast(POLARS_TYPES[column.dtype])
        if failure is not None:
            bad = body.select(raw_column.alias("v"), pl.col(ROW)).filter(failure.mask)
            header_text = header.headers[index]
            issues += [
                Issue(sheet, row, header_text, failure.code, failure.check, value_text, col=positions[index])
                for value_text, row in bad.iter_rows()
            ]
    extras = []
    taken = set(data)
    for index, label in {**header.extras, **header.duplicates}.items():
        name = label
        while name in taken:
            name += "_"
        taken.add(name)
        extras.append(name)
        data[name] = body[names[index]]
    data[ROW] = body[ROW]
    frame = pl.DataFrame(data)
    mapped = {key: positions[i] for key, i in header.columns.items()}
    headers = {key: header.headers[i] for key, i in header.columns.items()}
    return Table(spec, sheet, frame, header.row + 1, mapped, headers, extras, issues)
