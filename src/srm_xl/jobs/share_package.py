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
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.sharing.cells import Cells, cell_map, locked, sign
from srm_xl.sharing.content import ANSWER_SHEET
from srm_xl.sheets.package_cover import SIGNATURE_REF, Identity, cover_draft, cover_name
from srm_xl.sheets.package_forms import form_names, supplier_forms
from srm_xl.sharing.ledger import Manifest, Response, new_package_id


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


@dataclass(frozen=True)
class Contents:
    """Everything one supplier's package is made of, all of it that supplier's own."""

    code: str
    supplier: dict[str, object]
    parts: dict[str, pl.DataFrame]
    scar_lots: dict[str, pl.DataFrame]
    answers: dict[str, dict[str, str | None]]
    """Answers already given on the master's 8D forms, by SCAR id and field."""


def _facts(contents: Contents, request: Request, consequence: dict[str, str]) -> dict[str, str]:
    """The cover's facts for one supplier, in the package's language."""
    supplier = contents.supplier
    facts = {"supplier": f"{contents.code} {supplier.get('name') or ''}".strip(), "period": request.period,
             "buyer": str(supplier.get("buyer") or ""), "contact": request.contact,
             "reply_by": request.reply_by.isoformat()}
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
    if ANSWER_SHEET not in contents.parts:
        return drafts, []
    forms, responses = supplier_forms(contents.parts[ANSWER_SHEET], contents.scar_lots, contents.answers, lang, password)
    return drafts + forms, responses


def _write(path: Path, drafts: list[SheetDraft], lang: Lang, title: str) -> Cells:
    book = FileWorkbook.create(path, lang, title=title, lock_structure=True)
    for draft in drafts:
        book.stage(draft)
    book.commit()
    book.close()
    with FileWorkbook(path, lang=lang) as written:
        return {name: cell_map(written.read_rows(name)) for name in written.sheet_names()}


def package_name(supplier: str, period: str, package_id: str) -> str:
    """``<supplier>_<period>_<end of id>.xlsx``, with anything unsafe in a file name replaced."""
    return re.sub(r"[^0-9A-Za-z_.-]", "_", f"{supplier}_{period}_{package_id[-6:]}") + ".xlsx"


def build_package(out_dir: Path, key: bytes, contents: Contents, request: Request, consequence: dict[str, str]) -> Manifest:
    """Write the supplier's package into ``out_dir`` and return its manifest (not yet saved)."""
    code, lang = contents.code, request.lang
    package_id = new_package_id()
    password = request.password or secrets.token_urlsafe(12)
    identity = Identity(package_id, code, request.period, request.exported.isoformat(timespec="seconds"))
    drafts, responses = sheet_drafts(contents, lang, password)
    scars = contents.parts.get(ANSWER_SHEET)
    answer_sheets = ", ".join(form_names(scars, lang)) if scars is not None else render("share_no_scars", lang)
    facts = _facts(contents, request, consequence)

    def cover(signature: str) -> SheetDraft:
        draft = cover_draft(replace(identity, signature=signature), facts, answer_sheets, request.company, lang)
        draft.protect, draft.password = True, password
        return draft

    path = out_dir / package_name(code, request.period, package_id)
    title = f"{code} {request.period}"
    unsigned = Manifest(package_id, code, request.period, lang, identity.exported, path.name, password, [], {}, responses)
    cells = _write(path, [cover(""), *drafts], lang, title)
    signature = sign(key, package_id, code, request.period, locked(cells, unsigned.editable(), (cover_name(lang), SIGNATURE_REF)))
    with FileWorkbook(path, lang=lang) as book:
        book.stage(cover(signature))
        book.commit()
    backup_path(path).unlink()
    cells[cover_name(lang)][SIGNATURE_REF] = signature
    return replace(unsigned, sheets=list(cells), cells=cells, signature=signature)
