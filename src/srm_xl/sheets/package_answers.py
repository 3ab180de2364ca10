"""A reply's answers checked per the schema, and the changes they make to the register and the 8D forms.

Answers are text from outside: typed at the read boundary, lengths checked, and anything that starts like a
formula (``= + - @``, tab or carriage return) kept as plain text with a warning. Register columns are changed
only for the SCARs the package carried; every change is listed as (SCAR, field, old, new).
"""

from __future__ import annotations

import polars as pl

from srm_xl.issues import Issue
from srm_xl.messages import Lang
from srm_xl.qualification.screen import FORMULA_START
from srm_xl.schema.convert import convert_column
from srm_xl.sharing.cells import split_ref
from srm_xl.sharing.ledger import Response
from srm_xl.sheets.eightd_layout import REGISTER_FIELDS, RESPONSES
from srm_xl.sheets.package_forms import answer_column

CHANGE_SCHEMA = {"record": pl.String, "column": pl.String, "old": pl.String, "new": pl.String}
Typed = dict[str, pl.DataFrame]
"""Field key → its answers typed, as (``record``, ``value``)."""


def answers_frame(answers: list[tuple[Response, str | None]]) -> pl.DataFrame:
    """One row per answer cell: where it is, which SCAR and field it answers, and its raw text."""
    return pl.DataFrame(
        [(r.sheet, r.ref, r.record, r.column, value) for r, value in answers],
        schema={"sheet": pl.String, "ref": pl.String, "record": pl.String, "column": pl.String, "value": pl.String},
        orient="row",
    )


def _issue(file: str, row: dict[str, object], code: str, severity: str = "error", **fields: object) -> Issue:
    line, col = split_ref(str(row["ref"]))
    return Issue(
        f"[{file}]{row['sheet']}",
        line,
        str(row["header"]),
        code,
        code,
        row["value"],
        col,
        severity,  # type: ignore[arg-type]
        {"file": file, **fields},
    )


def check_answers(frame: pl.DataFrame, file: str, lang: Lang) -> tuple[Typed, list[Issue]]:
    """Each answered field's values typed, and every problem found (fields named in ``lang``)."""
    headers = {k: answer_column(k).header(lang) for k in frame["column"].unique().to_list()}
    frame = frame.with_columns(header=pl.col("column").replace_strict(headers, return_dtype=pl.String))
    issues = [
        _issue(file, row, "share_formula_as_text", "warning")
        for row in frame.filter(pl.col("value").str.contains(FORMULA_START)).iter_rows(named=True)
    ]
    typed: Typed = {}
    for key, part in frame.partition_by("column", as_dict=True).items():
        column = answer_column(str(key[0]))
        values, failure = convert_column(part["value"], column)
        if failure is not None:
            issues += [
                _issue(file, row, "share_bad_value", expected=column.dtype)
                for row in part.filter(failure.mask).iter_rows(named=True)
            ]
        if column.max_length:
            too_long = values.cast(pl.String).str.len_chars() > column.max_length
            issues += [
                _issue(file, row, "share_too_long", limit=column.max_length)
                for row in part.filter(too_long.fill_null(False)).iter_rows(named=True)
            ]
        typed[column.key] = pl.DataFrame({"record": part["record"], "value": values})
    return typed, issues


def missing_records(frame: pl.DataFrame, register: pl.DataFrame, file: str, lang: Lang) -> list[Issue]:
    """Answers to SCARs no longer in the register."""
    gone = frame.join(register.select(pl.col("scar_id").alias("record")), on="record", how="anti").unique("record")
    return [
        _issue(
            file,
            {**row, "header": answer_column(str(row["column"])).header(lang)},
            "share_scar_missing",
            scar=row["record"],
        )
        for row in gone.iter_rows(named=True)
    ]


def missing_claims(frame: pl.DataFrame, claims: pl.DataFrame, file: str, lang: Lang) -> list[Issue]:
    """Answers to claim lines no longer on the Claims sheet."""
    gone = frame.join(claims.select(pl.col("claim_id").alias("record")), on="record", how="anti").unique(
        "record", maintain_order=True
    )
    return [
        _issue(
            file,
            {**row, "header": answer_column(str(row["column"])).header(lang)},
            "claims_claim_missing",
            claim=row["record"],
        )
        for row in gone.iter_rows(named=True)
    ]


def _changed(current: pl.DataFrame, key: str, answers: pl.DataFrame) -> pl.DataFrame:
    """(``scar_id``, current value, ``_new``) where the answer differs from ``current[key]``."""
    new = answers.select(pl.col("record").alias("scar_id"), pl.col("value").cast(current.schema[key]).alias("_new"))
    return (
        current.select("scar_id", key)
        .join(new, on="scar_id", how="inner")
        .filter(pl.col(key).ne_missing(pl.col("_new")))
    )


def _listed(changed: pl.DataFrame, key: str) -> pl.DataFrame:
    return changed.select(
        pl.col("scar_id").alias("record"),
        pl.lit(key).alias("column"),
        pl.col(key).cast(pl.String).alias("old"),
        pl.col("_new").cast(pl.String).alias("new"),
    )


def merge_register(register: pl.DataFrame, typed: Typed) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The register with the answers to its own columns applied, and the changes made (``CHANGE_SCHEMA``)."""
    changes = [pl.DataFrame(schema=CHANGE_SCHEMA)]
    for key in (k for k in typed if k in REGISTER_FIELDS):
        changed = _changed(register, key, typed[key])
        if changed.height:
            register = register.update(
                changed.select("scar_id", pl.col("_new").alias(key)), on="scar_id", include_nulls=True
            )
            changes.append(_listed(changed, key))
    return register, pl.concat(changes)


def _form_values(forms: dict[str, dict[str, object]], key: str, records: list[str]) -> pl.DataFrame:
    """(``scar_id``, ``key``): the 8D forms' field ``key`` of ``records``, typed as an answer to it is."""
    frame = pl.DataFrame(
        {"scar_id": records, key: [_text(forms.get(r, {}).get(key)) for r in records]},
        schema={"scar_id": pl.String, key: pl.String},
    )
    return frame.with_columns(convert_column(frame[key], answer_column(key))[0].alias(key))


def form_changes(forms: dict[str, dict[str, object]], typed: Typed) -> pl.DataFrame:
    """How the answers to the other 8D fields differ from the master's forms (``forms``: values by SCAR and field)."""
    keys = [k for k in typed if k not in REGISTER_FIELDS]
    return pl.concat(
        [
            pl.DataFrame(schema=CHANGE_SCHEMA),
            *(_listed(_changed(_form_values(forms, k, typed[k]["record"].to_list()), k, typed[k]), k) for k in keys),
        ]
    )


def settle(
    typed: Typed, shown: Typed, sent: Typed, register: pl.DataFrame, forms: dict[str, dict[str, object]]
) -> tuple[Typed, pl.DataFrame, Typed]:
    """The answers to merge, and those held back: an answer the supplier left as they last had it (``shown``) is
    no answer, and one to a field the book changed since then — in the register or on the master's 8D form — is
    held back so the engineer's edit is kept, listed as (SCAR, field, the book's value, the answer)
    (``CHANGE_SCHEMA``); and the values so kept, typed (what a redrawn form shows for those fields).
    Where the book still holds what the package ``sent`` (a backup restored or a copy taken before the supplier's
    earlier answers were merged), those answers never reached it: the reply is compared with what was sent."""
    merged: Typed = {}
    kept: Typed = {}
    held = [pl.DataFrame(schema=CHANGE_SCHEMA)]
    for key, answers in typed.items():
        records = answers["record"].to_list()
        form = _form_values(forms, key, records)
        book = register.select("scar_id", key) if key in REGISTER_FIELDS else form
        dtype = book.schema[key]
        joined = answers.with_columns(pl.col("value").cast(dtype)).join(
            book.select(pl.col("scar_id").alias("record"), pl.col(key).alias("_book")), on="record", how="left"
        )
        for name, frames in (("_shown", shown), ("_sent", sent)):
            if key in frames:
                base = frames[key].select("record", pl.col("value").cast(dtype).alias(name))
                joined = joined.join(base, on="record", how="left")
            else:
                joined = joined.with_columns(pl.lit(None, dtype).alias(name))
        if key in REGISTER_FIELDS:  # the form holds it too: an edit there, not yet in the register, counts
            on_form = form.select(pl.col("scar_id").alias("record"), pl.col(key).cast(dtype).alias("_form"))
            joined = joined.join(on_form, on="record", how="left").with_columns(
                pl.when(pl.col("_form").is_not_null() & pl.col("_form").ne_missing(pl.col("_shown")))
                .then(pl.col("_form"))
                .otherwise(pl.col("_book"))
                .alias("_book")
            )
        joined = joined.with_columns(
            pl.when(pl.col("_book").eq_missing(pl.col("_sent")))
            .then(pl.col("_sent"))
            .otherwise(pl.col("_shown"))
            .alias("_shown")
        )
        answered = pl.col("value").ne_missing(pl.col("_shown"))
        edited = pl.col("_book").ne_missing(pl.col("_shown")) & pl.col("value").ne_missing(pl.col("_book"))
        merged[key] = joined.filter(answered & ~edited).select("record", pl.col("value").cast(answers.schema["value"]))
        kept[key] = joined.filter(answered & edited).select("record", pl.col("_book").alias("value"))
        held.append(
            joined.filter(answered & edited).select(
                "record",
                pl.lit(key).alias("column"),
                pl.col("_book").cast(pl.String).alias("old"),
                pl.col("value").cast(pl.String).alias("new"),
            )
        )
    return merged, pl.concat(held), kept


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def form_kept(form: dict[str, object]) -> dict[str, object]:
    """The fields of a master's 8D form the register does not hold, typed as answers to them are (text read
    from the form, or values already typed): what a redrawn form keeps beside the answers merged."""
    kept: dict[str, object] = {}
    for key, value in form.items():
        if key in RESPONSES and key not in REGISTER_FIELDS and value is not None:
            kept[key] = (
                convert_column(pl.Series([value]), answer_column(key))[0][0] if isinstance(value, str) else value
            )
    return kept


def answered_values(typed: Typed) -> dict[str, dict[str, object]]:
    """The reply's typed answers by SCAR and field, as an 8D form is drawn from them."""
    values: dict[str, dict[str, object]] = {}
    for key, frame in typed.items():
        for record, value in frame.iter_rows():
            values.setdefault(record, {})[key] = value
    return values
