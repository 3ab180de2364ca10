"""The claim statement a supplier package carries: the supplier's own claim lines, locked, with its response and
reason per line in unlocked cells."""

from __future__ import annotations

import polars as pl

from srm_xl.io.draft import SheetDraft, draft_from_spec
from srm_xl.issues import column_letter
from srm_xl.messages import Lang
from srm_xl.schema import Column
from srm_xl.schema.claims import CLAIM_STATEMENT
from srm_xl.sharing.ledger import Response

ANSWERS = ("claim_response", "claim_reason")
"""The statement's answer columns (keys of ``CLAIM_STATEMENT``)."""


def statement_name(lang: Lang) -> str:
    return CLAIM_STATEMENT.name(lang)


def answer_column(key: str) -> Column:
    """How an answer on the statement is typed and checked."""
    return CLAIM_STATEMENT.column(key)


def statement_draft(lines: pl.DataFrame, lang: Lang, password: str) -> tuple[SheetDraft, list[Response]]:
    """The protected statement of ``lines`` (Claims sheet rows; earlier answers filled in) and its answer cells."""
    frame = lines.select(
        *(c for c in CLAIM_STATEMENT.keys() if c not in ANSWERS),
        pl.col("response").alias("claim_response"),
        pl.col("response_reason").alias("claim_reason"),
    )
    draft = draft_from_spec(CLAIM_STATEMENT, frame, lang, editable=frozenset(ANSWERS))
    draft.protect, draft.password = True, password
    letters = {key: column_letter(CLAIM_STATEMENT.keys().index(key)) for key in ANSWERS}
    responses = [
        Response(draft.name, f"{letters[key]}{row}", claim_id, key)
        for row, claim_id in enumerate(frame.get_column("claim_id").to_list(), start=2)
        for key in ANSWERS
    ]
    return draft, responses
