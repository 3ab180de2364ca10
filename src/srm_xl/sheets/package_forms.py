"""The 8D forms a package carries, one per open SCAR, and what their answer cells mean.

Forms are drawn by ``capa.form`` (the supplier's copy); the answer of each response area is its top-left cell.
Form fields that are register columns are typed and checked as the register's columns; the others are text
(dates where the field is a date) of bounded length.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from srm_xl.io.draft import SheetDraft
from srm_xl.issues import column_letter
from srm_xl.messages import Lang
from srm_xl.schema import Column, spec
from srm_xl.sharing.ledger import Response
from srm_xl.sheets.claim_statement import ANSWERS as CLAIM_ANSWERS
from srm_xl.sheets.claim_statement import answer_column as claim_answer_column
from srm_xl.sheets.eightd_form import eight_d_draft, form_name
from srm_xl.sheets.eightd_layout import REGISTER_FIELDS, RESPONSES, STEPS, Field, IsRow

FORM_TEXT_LIMIT = 4000
"""Longest answer accepted in a form field that is not a register column."""


@cache
def answer_column(key: str) -> Column:
    """How the answer to form field ``key`` (or to a claim statement's column) is typed and checked."""
    if key in CLAIM_ANSWERS:
        return claim_answer_column(key)
    if key in REGISTER_FIELDS:
        return spec("corrective_actions").column(key)
    labels = {
        (f"is_not_{i.key}" if isinstance(i, IsRow) else i.key): i.label
        for step in STEPS
        for i in step.items
        if isinstance(i, Field | IsRow)
    }
    label = labels[key]
    dtype = "date" if key.endswith("_date") else "text"
    return Column(key, label.zh, label.en, dtype=dtype, max_length=None if dtype == "date" else FORM_TEXT_LIMIT)  # type: ignore[arg-type]


def answer_ref(key: str) -> str:
    """The cell that holds the answer of form field ``key``."""
    area = RESPONSES[key]
    return f"{column_letter(area.first_col)}{area.row}"


def supplier_forms(
    scars: pl.DataFrame,
    lots: dict[str, pl.DataFrame],
    given: dict[str, dict[str, str | None]],
    lang: Lang,
    password: str,
) -> tuple[list[SheetDraft], list[Response]]:
    """A protected 8D form per SCAR (answers already given filled in) and the answer cells of them all."""
    drafts, responses = [], []
    empty = pl.DataFrame(schema=spec("inspections").keys())
    for scar in scars.iter_rows(named=True):
        scar_id = str(scar["scar_id"])
        answered = {k: v for k, v in given.get(scar_id, {}).items() if v is not None and k != "scar_id"}
        draft = eight_d_draft({**scar, **answered}, lots.get(scar_id, empty), lang, for_supplier=True)
        draft.protect, draft.password = True, password
        drafts.append(draft)
        responses += [Response(draft.name, answer_ref(key), scar_id, key) for key in RESPONSES]
    return drafts, responses


def form_names(scars: pl.DataFrame, lang: Lang) -> list[str]:
    return [form_name(str(s), lang) for s in scars["scar_id"]]
