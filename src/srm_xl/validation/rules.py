"""The schema's rules checked over whole columns at once: each returns the failing rows as ``Issue`` values."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.schema import Column, registry
from srm_xl.schema.column import CELL_CHARACTERS
from srm_xl.schema.frames import ROW
from srm_xl.validation.uscc import uscc_problems

EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
_ONE_PHONE = r"\+?[0-9][0-9 ()\-]{5,22}([ ]?(ext|转|x)[ .]?[0-9]{1,6})?"
PHONE = rf"^{_ONE_PHONE}(\s*[/,;、]\s*{_ONE_PHONE})*$"
"""One number, or several in one cell (``0769-81434921 / 0755-26661234``)."""


def _issues(
    table: Table, column: Column, failing: pl.DataFrame, code: str, check: str, **fields: object
) -> Iterator[Issue]:
    header = table.headers.get(column.key, column.en)
    col = table.columns.get(column.key)
    for value, row in failing.select(pl.col(column.key), pl.col(ROW)).iter_rows():
        yield Issue(table.sheet, row, header, code, check, value, col, fields=dict(fields))


def check_required(table: Table) -> Iterator[Issue]:
    for column in table.spec.columns:
        if column.required and not column.computed and column.key in table.columns:
            failing = table.frame.filter(pl.col(column.key).is_null())
            yield from _issues(table, column, failing, "required", "not_null")


def check_ranges(table: Table) -> Iterator[Issue]:
    for column in table.spec.columns:
        value = pl.col(column.key)
        if column.min_value is not None:
            yield from _issues(
                table,
                column,
                table.frame.filter(value < column.min_value),
                "below_minimum",
                f"greater_or_equal({column.min_value:g})",
                minimum=f"{column.min_value:g}",
            )
        if column.max_value is not None:
            yield from _issues(
                table,
                column,
                table.frame.filter(value > column.max_value),
                "above_maximum",
                f"less_or_equal({column.max_value:g})",
                maximum=f"{column.max_value:g}",
            )
        if column.max_length is not None:
            yield from _issues(
                table,
                column,
                table.frame.filter(value.str.len_chars() > column.max_length),
                "too_long",
                f"max_length({column.max_length})",
                limit=column.max_length,
            )


def check_cell_size(table: Table) -> Iterator[Issue]:
    """Text longer than a spreadsheet cell holds (:data:`CELL_CHARACTERS`): it is cut when written, and said so,
    in any column, the sheet's own extra ones included (shown by how it starts)."""
    headers = {**table.headers, **{name: name for name in table.extras}}
    texts = [
        name
        for name in [c.key for c in table.spec.columns if c.dtype == "text"] + table.extras
        if name in table.frame.columns and table.frame[name].dtype == pl.String
    ]
    bytes_over = table.frame.select(pl.col(n).str.len_bytes().max() > CELL_CHARACTERS for n in texts)
    for name in [n for n in texts if bytes_over[n].item()]:  # fewer bytes than the limit: fewer characters
        cut = table.frame.filter(pl.col(name).str.len_chars() > CELL_CHARACTERS)
        shown = cut.select(pl.col(name).str.slice(0, 40) + "…", pl.col(name).str.len_chars().alias("_length"), ROW)
        for start, length, row in shown.iter_rows():
            yield Issue(
                table.sheet,
                row,
                headers.get(name, name),
                "cell_text_cut",
                f"max_length({CELL_CHARACTERS})",
                start,
                table.columns.get(name),
                severity="warning",
                fields={"length": length, "limit": CELL_CHARACTERS},
            )


def check_formats(table: Table) -> Iterator[Issue]:
    for column in table.spec.columns:
        value = pl.col(column.key)
        if column.fmt == "uscc":
            problems = table.frame.with_columns(uscc_problems(value).alias("_problem")).filter(
                pl.col("_problem").is_not_null()
            )
            for code in ("uscc_shape", "uscc_check_digit"):
                yield from _issues(table, column, problems.filter(pl.col("_problem") == code), code, "uscc_gb32100")
        elif column.fmt == "email":
            yield from _issues(
                table, column, table.frame.filter(~value.str.contains(EMAIL)), "email_invalid", "is_email"
            )
        elif column.fmt == "phone":
            yield from _issues(
                table, column, table.frame.filter(~value.str.contains(PHONE)), "phone_invalid", "is_phone"
            )


def check_unique(table: Table) -> Iterator[Issue]:
    frame = table.frame
    for column in table.spec.columns:
        if column.unique and column.key in table.columns:
            dup = frame.filter(pl.col(column.key).is_not_null() & pl.col(column.key).is_duplicated())
            first = dup.group_by(column.key).agg(pl.col(ROW).min().alias("first"))
            failing = dup.join(first, on=column.key).filter(pl.col(ROW) != pl.col("first"))
            for value, row, first_row in failing.select(column.key, ROW, "first").iter_rows():
                yield from _issues(
                    table,
                    column,
                    pl.DataFrame({column.key: [value], ROW: [row]}),
                    "duplicate_key",
                    "unique",
                    first_row=first_row,
                )
    keys = list(table.spec.key_columns)
    if len(keys) > 1 and all(k in table.columns for k in keys):
        complete = frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in keys))
        dup = complete.filter(pl.struct(keys).is_duplicated()).with_columns(pl.col(ROW).min().over(keys).alias("first"))
        column = table.spec.column(keys[-1])
        failing = dup.filter(pl.col(ROW) != pl.col("first"))
        for row in failing.iter_rows(named=True):
            yield from _issues(
                table,
                column,
                pl.DataFrame({column.key: [row[column.key]], ROW: [row[ROW]]}),
                "duplicate_key",
                f"unique({', '.join(keys)})",
                first_row=row["first"],
            )


def check_order(table: Table) -> Iterator[Issue]:
    for earlier, later in table.spec.ordered:
        if earlier not in table.columns or later not in table.columns:
            continue
        failing = table.frame.filter(pl.col(earlier) > pl.col(later))
        a, b = table.spec.column(earlier), table.spec.column(later)
        for value, limit, row in failing.select(earlier, later, ROW).iter_rows():
            yield from _issues(
                table,
                a,
                pl.DataFrame({earlier: [value], ROW: [row]}),
                "order_violation",
                f"{earlier} <= {later}",
                other_zh=b.zh,
                other_en=b.en,
                limit=limit,
            )


def check_references(table: Table, keys: dict[str, pl.Series]) -> Iterator[Issue]:
    """``keys`` holds each referenced ``sheet.column``'s values as read from the workbook; a cell that refers by
    another column's choice (a contract's party) is checked in the rows holding that choice."""
    for column in table.spec.columns:
        if column.key not in table.columns:
            continue
        for other, choice, ref in column.references():
            if ref not in keys or (other is not None and other not in table.columns):
                continue
            rows = pl.col(other) == choice if other is not None else pl.lit(True)
            failing = table.frame.filter(
                rows & pl.col(column.key).is_not_null() & ~pl.col(column.key).is_in(keys[ref].implode())
            )
            target = registry()[ref.split(".")[0]]
            yield from _issues(
                table,
                column,
                failing,
                "unknown_reference",
                f"references({ref})",
                target=target.zh,
                target_en=target.en,
            )


ROW_CHECKS = (check_required, check_ranges, check_cell_size, check_formats, check_unique, check_order)
