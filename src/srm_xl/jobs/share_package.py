"""One supplier's package, built fresh: a cover, its result, its lots, its open SCARs and their 8D forms, every
sheet protected. Only the 8D forms' response areas are unlocked and highlighted. The file is
written once, read back to sign exactly what a reader will find in it, then only its cover is written again
with the signature; the manifest of every cell is kept beside the master workbook.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import polars as pl

from srm_xl.io.draft import SheetDraft, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook, backup_path
from srm_xl.io.placement import sheet_title
from srm_xl.issues import column_letter
from srm_xl.jobs.share_reply import book_cells
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.sharing.cells import sign
from srm_xl.sharing.compare import refs, signed, to_cells, with_values
from srm_xl.sharing.content import ANSWER_SHEET
from srm_xl.sharing.ledger import Manifest, Response, new_package_id
from srm_xl.sharing.values import Kinds, column_kind, value_kind
from srm_xl.sheets.claim_statement import statement_draft, statement_name
from srm_xl.sheets.package_cover import SIGNATURE_REF, Identity, cover_draft
from srm_xl.sheets.package_forms import form_names, supplier_forms


@dataclass(frozen=True)
class Request:
    """What is the same for every package of one export, plus the supplier's language."""

    period: str
    lang: Lang
    company: str
    contact: str
    reply_by: date
    exported: datetime
    password: str = ""
    master: str = ""
    """The id of the master workbook the package is sent from."""
    buyer: str = ""
    """The buyer named where the supplier's own buyer is blank."""


@dataclass(frozen=True)
class Contents:
    """Everything one supplier's package is made of, all of it that supplier's own."""

    code: str
    supplier: dict[str, object]
    parts: dict[str, pl.DataFrame]
    scar_lots: dict[str, pl.DataFrame]
    answers: dict[str, dict[str, str | None]]
    """Answers already given on the master's 8D forms, by SCAR id and field."""
    claims: pl.DataFrame | None = None
    """The supplier's claim lines for its claim statement (none: no statement)."""


def _facts(contents: Contents, request: Request, consequence: dict[str, str]) -> dict[str, str]:
    """The cover's facts for one supplier, in the package's language."""
    supplier = contents.supplier
    facts = {
        "company": request.company,
        "buyer": str(supplier.get("buyer") or request.buyer),
        "contact": request.contact,
        "supplier": f"{contents.code} {supplier.get('name') or ''}".strip(),
        "period": request.period,
        "reply_by": request.reply_by.isoformat(),
    }
    card = contents.parts.get("scorecard")
    if card is not None and card.height:
        row = card.row(0, named=True)
        grade = row.get("grade")
        if grade:
            facts["grade"] = spec("scorecard").column("grade").choice_for(grade).label(request.lang)
            facts["consequence"] = str(row.get("action") or consequence.get(grade, ""))
        if row.get("total") is not None:
            facts["total"] = f"{row['total']:.1f}"
    return facts


def sheet_drafts(contents: Contents, lang: Lang, password: str) -> tuple[list[SheetDraft], list[Response]]:
    """The protected sheets after the cover (the SCAR register as a locked overview, then one 8D form per open
    SCAR), and the answer cells among them."""
    drafts = []
    for key, frame in contents.parts.items():
        draft = draft_from_spec(spec(key), frame, lang)
        draft.protect, draft.password = True, password
        drafts.append(draft)
    responses: list[Response] = []
    if contents.claims is not None and contents.claims.height:
        statement, responses = statement_draft(contents.claims, lang, password)
        drafts.append(statement)
    if ANSWER_SHEET not in contents.parts:
        return drafts, responses
    forms, form_responses = supplier_forms(
        contents.parts[ANSWER_SHEET], contents.scar_lots, contents.answers, lang, password
    )
    return drafts + forms, responses + form_responses


def draft_kinds(draft: SheetDraft) -> Kinds:
    """The kind of every non-text cell ``draft`` writes, as the renderer writes it: the column dtypes and formats
    of its table block, the Python types and formats of its free cells."""
    kinds: Kinds = {}
    block = draft.block
    if block is not None and block.frame.height:
        rows = pl.int_range(block.start_row + 1, block.start_row + 1 + block.frame.height, eager=True).cast(pl.String)
        for index, (name, dtype) in enumerate(block.frame.schema.items()):
            kind = column_kind(dtype, block.styles[index].num_fmt)
            if kind is not None:
                cells = (column_letter(index) + rows).filter(block.frame[name].is_not_null())
                kinds.update(dict.fromkeys(cells.to_list(), kind))
    for cell in draft.cells:
        kind = value_kind(cell.value, cell.style.num_fmt)
        if kind is not None:
            kinds[f"{column_letter(cell.col)}{cell.row}"] = kind
    return kinds


def sheet_kinds(drafts: list[SheetDraft]) -> dict[str, Kinds]:
    """Kinds by sheet, named as the sheets are titled in the written file."""
    return {sheet_title(d.name): draft_kinds(d) for d in drafts}


def _write(path: Path, drafts: list[SheetDraft], lang: Lang, title: str) -> tuple[list[str], pl.DataFrame]:
    """Write the package and read it back: its sheet names and every non-empty cell as a reader finds it,
    normalised (``VALUES``)."""
    book = FileWorkbook.create(path, lang, title=title, lock_structure=True)
    for draft in drafts:
        book.stage(draft)
    book.commit()
    book.close()
    with FileWorkbook(path, lang=lang) as written:
        return written.sheet_names(), with_values(book_cells(written), sheet_kinds(drafts))


def package_name(supplier: str, period: str, package_id: str) -> str:
    """``<supplier>_<period>_<end of id>.xlsx``, with anything unsafe in a file name replaced."""
    return re.sub(r"[^0-9A-Za-z_.-]", "_", f"{supplier}_{period}_{package_id[-6:]}") + ".xlsx"


def build_package(
    out_dir: Path, key: bytes, contents: Contents, request: Request, consequence: dict[str, str]
) -> Manifest:
    """Write the supplier's package into ``out_dir`` and return its manifest (not yet saved)."""
    code, lang = contents.code, request.lang
    package_id = new_package_id()
    password = request.password or secrets.token_urlsafe(12)
    identity = Identity(package_id, code, request.period, request.exported.isoformat(timespec="seconds"))
    drafts, responses = sheet_drafts(contents, lang, password)
    scars = contents.parts.get(ANSWER_SHEET)
    answered = ([statement_name(lang)] if contents.claims is not None and contents.claims.height else []) + (
        form_names(scars, lang) if scars is not None else []
    )
    answer_sheets = ", ".join(answered) if answered else render("share_no_scars", lang)
    facts = _facts(contents, request, consequence)

    def cover(signature: str) -> SheetDraft:
        draft = cover_draft(replace(identity, signature=signature), facts, answer_sheets, request.company, lang)
        draft.protect, draft.password = True, password
        return draft

    path = out_dir / package_name(code, request.period, package_id)
    title = f"{code} {request.period}"
    drafts = [cover(""), *drafts]
    sheets, values = _write(path, drafts, lang, title)
    unsigned = Manifest(
        package_id,
        code,
        request.period,
        lang,
        identity.exported,
        path.name,
        password,
        sheets,
        {},
        responses,
        kinds=sheet_kinds(drafts),
        master=request.master,
    )
    payload = signed(values, sheets, refs([(r.sheet, r.ref) for r in responses] + [(sheets[0], SIGNATURE_REF)]))
    signature = sign(key, package_id, code, request.period, payload)
    with FileWorkbook(path, lang=lang) as book:
        book.stage(cover(signature))
        book.commit()
    backup_path(path).unlink()
    cells = to_cells(values, sheets)
    cells[sheets[0]][SIGNATURE_REF] = signature
    return replace(unsigned, cells=cells, signature=signature)
