"""The supplier survey workbook: a questionnaire sheet (identity, then one answer cell per item), a certificates
table and a key-processes table. Every sheet is protected; only answer cells are unlocked. The layout is fixed, so
which cells are answers is known again when the reply comes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.io.draft import Cell, SheetDraft, column_style, draft_from_spec
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import HEADER, LABEL, NOTE, TITLE, Style
from srm_xl.messages import Lang, render
from srm_xl.schema.survey import ITEMS, QUESTIONNAIRE, TABLES
from srm_xl.sharing.cells import split_ref

FIRST_ITEM_ROW = 10
"""Row of the first item on the questionnaire sheet (rows above hold the title and the survey's identity)."""
IDENTITY_ROWS = {"survey_id": 4, "candidate": 5, "sent": 6, "signature": 7}
ANSWER_COL = 2
SIGNATURE_REF = f"C{IDENTITY_ROWS['signature']}"


@dataclass(frozen=True)
class Survey:
    survey_id: str
    candidate: str
    name: str
    sent: date
    lang: Lang


def survey_sheet(lang: Lang) -> str:
    return QUESTIONNAIRE.name(lang)


def sheet_names(lang: Lang) -> tuple[str, ...]:
    return (survey_sheet(lang), *(t.name(lang) for t in TABLES))


def questionnaire(survey: Survey, signature: str, password: str) -> SheetDraft:
    """The questionnaire sheet: title, instructions, identity (locked) and one unlocked answer cell per item."""
    lang = survey.lang
    title = render("survey_form_title", lang, name=survey.name)
    note = render("survey_form_help", lang)
    values = {
        "survey_id": survey.survey_id,
        "candidate": survey.candidate,
        "sent": survey.sent.isoformat(),
        "signature": signature,
    }
    cells = [Cell(1, 0, title, TITLE), Cell(2, 0, note, NOTE)]
    for key, row in IDENTITY_ROWS.items():
        cells += [
            Cell(row, 1, QUESTIONNAIRE.column(key).header(lang), LABEL),
            Cell(row, ANSWER_COL, values[key] or None, Style("@")),
        ]
    header = FIRST_ITEM_ROW - 1
    cells += [
        Cell(header, 0, "key", HEADER),
        Cell(header, 1, render("survey_form_item", lang), HEADER),
        Cell(header, 2, render("survey_form_answer", lang), HEADER),
    ]
    for offset, item in enumerate(ITEMS):
        row = FIRST_ITEM_ROW + offset
        cells += [
            Cell(row, 0, item.key, NOTE),
            Cell(row, 1, item.header(lang), LABEL),
            Cell(row, ANSWER_COL, None, column_style(item, True)),
        ]
    return SheetDraft(
        survey_sheet(lang),
        cells=cells,
        widths={0: 14, 1: 28, 2: 60},
        merges=["A2:C2"],
        protect=True,
        password=password,
        page=PageSetup(orientation="portrait"),
    )


def table_drafts(lang: Lang, rows: int, password: str) -> list[SheetDraft]:
    """The certificates and key-processes tables, ``rows`` blank unlocked rows each."""
    drafts = []
    for table in TABLES:
        blank = pl.DataFrame({c.key: pl.Series([None] * rows, dtype=pl.String) for c in table.columns})
        draft = draft_from_spec(table, blank, lang, editable=frozenset(table.keys()))
        draft.protect, draft.password = True, password
        drafts.append(draft)
    return drafts


def answer_refs(cells: dict[str, dict[str, str]], lang: Lang) -> dict[str, set[str]]:
    """Per sheet, the cells a supplier may fill: answer cells of the items and every row below a table's header."""
    items = {f"C{FIRST_ITEM_ROW + i}" for i in range(len(ITEMS))}
    editable = {survey_sheet(lang): items}
    for table in TABLES:
        editable[table.name(lang)] = {ref for ref in cells.get(table.name(lang), {}) if split_ref(ref)[0] > 1}
    return editable
