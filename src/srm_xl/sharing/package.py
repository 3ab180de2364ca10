"""One supplier's package, built fresh: a cover, its result, its lots and its open SCARs, every sheet protected.

Only the answer cells (the register's supplier-editable columns) are unlocked and highlighted. The file is
written once, read back to sign exactly what a reader will find in it, then written again with the signature
on the cover; the manifest of every cell is kept beside the master workbook.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import polars as pl

from srm_xl.io.draft import SheetDraft, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.sharing.cells import Cells, cell_map, locked, sign
from srm_xl.sharing.content import ANSWER_SHEET
from srm_xl.sharing.cover import SIGNATURE_REF, Identity, cover_draft, cover_name
from srm_xl.sharing.ledger import Manifest, Response, new_package_id
from srm_xl.validation.issue import column_letter


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


def answer_keys() -> frozenset[str]:
    return frozenset(c.key for c in spec(ANSWER_SHEET).columns if c.supplier_editable)


def _facts(supplier: dict[str, object], code: str, parts: dict[str, pl.DataFrame], request: Request,
           consequence: dict[str, str]) -> dict[str, str]:
    """The cover's facts for one supplier, in the package's language."""
    facts = {"supplier": f"{code} {supplier.get('name') or ''}".strip(), "period": request.period,
             "buyer": str(supplier.get("buyer") or ""), "contact": request.contact,
             "reply_by": request.reply_by.isoformat()}
    card = parts.get("scorecard")
    if card is not None and card.height:
        row = card.row(0, named=True)
        grade = row.get("grade")
        if grade:
            facts["grade"] = spec("scorecard").column("grade").choice_for(grade).label(request.lang)
            facts["consequence"] = str(row.get("action") or consequence.get(grade, ""))
        if row.get("total") is not None:
            facts["total"] = f"{row['total']:.1f}"
    return facts


def _responses(frame: pl.DataFrame, sheet: str) -> list[Response]:
    """The answer cells of the register sheet as written (header in row 1, spec column order)."""
    keys = spec(ANSWER_SHEET).keys()
    cells = []
    for offset, record in enumerate(frame["scar_id"].to_list()):
        for key in sorted(answer_keys(), key=keys.index):
            cells.append(Response(sheet, f"{column_letter(keys.index(key))}{offset + 2}", str(record), key))
    return cells


def sheet_drafts(parts: dict[str, pl.DataFrame], request: Request, password: str) -> tuple[list[SheetDraft], list[Response]]:
    """The protected sheets after the cover, and the answer cells among them."""
    drafts, responses = [], []
    for key, frame in parts.items():
        editable = answer_keys() if key == ANSWER_SHEET else frozenset()
        draft = draft_from_spec(spec(key), frame, request.lang, editable=editable)
        draft.protect, draft.password = True, password
        drafts.append(draft)
        if key == ANSWER_SHEET:
            responses = _responses(frame, draft.name)
    return drafts, responses


def _write(path: Path, drafts: list[SheetDraft], lang: Lang, title: str) -> Cells:
    book = FileWorkbook.create(path, lang, title=title, lock_structure=True)
    for draft in drafts:
        book.stage(draft)
    book.commit()
    book.close()
    with FileWorkbook(path, lang=lang) as written:
        return {name: cell_map(written.read_rows(name)) for name in written.sheet_names()}


def package_name(supplier: str, period: str, package_id: str) -> str:
    return f"{re.sub(r'[^0-9A-Za-z_.-]', '_', supplier)}_{period}_{package_id[-6:]}.xlsx"


def build_package(out_dir: Path, key: bytes, code: str, supplier: dict[str, object],
                  parts: dict[str, pl.DataFrame], request: Request, consequence: dict[str, str]) -> Manifest:
    """Write ``code``'s package into ``out_dir`` and return its manifest (not yet saved)."""
    package_id = new_package_id()
    password = request.password or secrets.token_urlsafe(12)
    identity = Identity(package_id, code, request.period, request.exported.isoformat(timespec="seconds"))
    drafts, responses = sheet_drafts(parts, request, password)
    answer_sheet = spec(ANSWER_SHEET).name(request.lang) if ANSWER_SHEET in parts else render("share_no_scars", request.lang)
    facts = _facts(supplier, code, parts, request, consequence)

    def cover(signature: str) -> SheetDraft:
        draft = cover_draft(replace(identity, signature=signature), facts, answer_sheet, request.company, request.lang)
        draft.protect, draft.password = True, password
        return draft

    path = out_dir / package_name(code, request.period, package_id)
    title = f"{code} {request.period}"
    manifest = Manifest(package_id, code, request.period, request.lang, identity.exported, path.name, password, [], {}, responses)
    cells = _write(path, [cover(""), *drafts], request.lang, title)
    sheet = cover_name(request.lang)
    signature = sign(key, package_id, code, request.period, locked(cells, manifest.editable(), (sheet, SIGNATURE_REF)))
    cells = _write(path, [cover(signature), *drafts], request.lang, title)
    return Manifest(package_id, code, request.period, request.lang, identity.exported, path.name, password,
                    list(cells), cells, responses, signature)
