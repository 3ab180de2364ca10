"""A returned supplier survey: its signature checked, then every answer typed, screened and validated.

Nothing is imported from a reply whose locked cells differ from what was sent (the HMAC over them fails).
Answers that fail a check are left out and reported with their cell; formula-like text is kept as text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.issues import Issue
from srm_xl.messages import LANGS, Lang
from srm_xl.qualification.screen import screen_text, shown
from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import approximate, convert_column
from srm_xl.schema.survey import ITEMS, TABLES, TEXT_LIMIT
from srm_xl.sharing.cells import Cells, cell_map, locked, same_signature, sign
from srm_xl.sheets.supplier_survey import (
    ANSWER_COL,
    FIRST_ITEM_ROW,
    IDENTITY_ROWS,
    SIGNATURE_REF,
    answer_refs,
    sheet_names,
    survey_sheet,
)
from srm_xl.validation.uscc import uscc_problems

SURVEY_PERIOD = "survey"
"""What the signature binds in place of a sharing package's period."""


@dataclass
class Reply:
    survey_id: str
    candidate: str
    answers: pl.DataFrame
    """``item`` (key), ``answer`` (cleaned text) for every accepted answer."""
    certificates: pl.DataFrame
    processes: pl.DataFrame
    issues: list[Issue]


def survey_signature(key: bytes, survey_id: str, candidate: str, cells: Cells, lang: Lang) -> str:
    """The HMAC over a survey's locked cells (all but the answer cells and the signature itself)."""
    return sign(
        key,
        survey_id,
        candidate,
        SURVEY_PERIOD,
        locked(cells, answer_refs(cells, lang), (survey_sheet(lang), SIGNATURE_REF)),
    )


def survey_cells(book: FileWorkbook, lang: Lang) -> Cells:
    present = set(book.sheet_names())
    return {name: cell_map(book.read_rows(name)) for name in sheet_names(lang) if name in present}


def _lang(book: FileWorkbook, file: str) -> Lang:
    for lang in LANGS:
        if survey_sheet(lang) in book.sheet_names():
            return lang
    raise SrmError("qualification_survey_not_survey", file=file, sheet=survey_sheet("zh") + " / " + survey_sheet("en"))


def read_reply(book: FileWorkbook, key: bytes, file: str) -> Reply:
    """The reply's identity and accepted answers; ``SrmError`` when it is not a survey or its signature fails."""
    lang = _lang(book, file)
    cells = survey_cells(book, lang)
    cover = cells[survey_sheet(lang)]
    survey_id, candidate = (cover.get(f"C{IDENTITY_ROWS[k]}", "") for k in ("survey_id", "candidate"))
    if not same_signature(survey_signature(key, survey_id, candidate, cells, lang), cover.get(SIGNATURE_REF, "")):
        raise SrmError("qualification_survey_tampered", file=file)
    where = f"[{file}]{survey_sheet(lang)}"
    answers, issues = _items(cover, lang, where)
    tables = []
    for table in TABLES:
        read = book.read(table, sheet=table.name(lang))
        label = f"[{file}]{read.sheet}"
        texts = {
            c.key: (read.headers[c.key], read.columns[c.key])
            for c in table.columns
            if c.dtype == "text" and not c.choices and c.key in read.columns
        }
        frame, found = screen_text(read.frame, texts, label, TEXT_LIMIT)
        complete, dropped = _complete(frame, table, label, lang)
        tables.append(complete)
        issues += [replace(i, sheet=label) for i in read.issues] + found + dropped
    return Reply(survey_id, candidate, answers, tables[0], tables[1], issues)


def _complete(frame: pl.DataFrame, table: SheetSpec, sheet: str, lang: Lang) -> tuple[pl.DataFrame, list[Issue]]:
    """Rows with every required column filled, and an error for each row left out."""
    required = [c for c in table.columns if c.required]
    missing = pl.concat_list(
        [pl.when(pl.col(c.key).is_null()).then(pl.lit(c.header(lang))) for c in required]
    ).list.drop_nulls()
    marked = frame.with_columns(missing.alias("_missing"))
    incomplete = marked.filter(pl.col("_missing").list.len() > 0)
    issues = [
        Issue(
            sheet,
            row,
            None,
            "qualification_row_incomplete",
            "required",
            severity="error",
            fields={"missing": ", ".join(names)},
        )
        for names, row in incomplete.select("_missing", "_row").iter_rows()
    ]
    return marked.filter(pl.col("_missing").list.len() == 0).drop("_missing"), issues


def _items(cover: dict[str, str], lang: Lang, where: str) -> tuple[pl.DataFrame, list[Issue]]:
    """The questionnaire's answers by item key, screened and checked against its item's column; dates and numbers
    are kept in their canonical form (``2010-03-05``, ``120``), an approximate number (约200人) as the number it
    gives, with a note; an answer that cannot be read as its item's type is kept as typed, with a warning."""
    rows = [(item.key, cover.get(f"C{FIRST_ITEM_ROW + i}"), FIRST_ITEM_ROW + i) for i, item in enumerate(ITEMS)]
    frame = pl.DataFrame(
        rows, schema={"item": pl.String, "answer": pl.String, "_row": pl.Int64}, orient="row"
    ).drop_nulls("answer")
    frame, screened = screen_text(frame, {"answer": ("", ANSWER_COL)}, where, TEXT_LIMIT)
    header = {FIRST_ITEM_ROW + i: item.header(lang) for i, item in enumerate(ITEMS)}
    issues = [replace(i, column=header[i.row or 0]) for i in screened]
    by_key = {item.key: item for item in ITEMS}
    canonical = {}
    for key, value, row in frame.drop_nulls("answer").iter_rows():
        item = by_key[key]
        typed, failure = convert_column(pl.Series([value], dtype=pl.String), item)
        rough = pl.select(approximate(pl.lit(value, pl.String))).item() if item.dtype in ("int", "float") else value
        if failure is not None and rough != value:
            read, still = convert_column(pl.Series([rough], dtype=pl.String), item)
            if still is None:
                typed, check, failure = read, failure.check, None
                issues.append(
                    Issue(
                        where,
                        row,
                        header[row],
                        "qualification_answer_approximate",
                        check,
                        shown(value),
                        ANSWER_COL,
                        "info",
                        {"number": str(typed[0])},
                    )
                )
        if failure is None and item.dtype != "text":
            canonical[row] = str(typed[0])
        problem = pl.select(uscc_problems(pl.lit(value, pl.String))).item() if item.fmt == "uscc" else None
        if failure is not None:
            issues.append(
                Issue(
                    where,
                    row,
                    header[row],
                    "qualification_answer_bad",
                    failure.check,
                    shown(value),
                    ANSWER_COL,
                    "warning",
                    fields={"expected": item.dtype},
                )
            )
        elif problem is not None:
            issues.append(
                Issue(
                    where,
                    row,
                    header[row],
                    "qualification_answer_uscc",
                    "uscc",
                    shown(value),
                    ANSWER_COL,
                    "warning",
                    {"check": problem},
                )
            )
    accepted = frame.filter(pl.col("answer").is_not_null()).with_columns(
        pl.col("_row").replace_strict(canonical, default=pl.col("answer"), return_dtype=pl.String).alias("answer")
    )
    return accepted.drop("_row"), issues
