"""The cover sheet of a supplier package: the supplier's result, how to reply, and an "About this file" block.

The block holds the package id, supplier code, period, export time and signature at fixed cells, visible and
locked (it is the supplier's own data), so a reply is matched and checked from what it carries.
"""

from __future__ import annotations

from dataclasses import dataclass

from srm_xl.io.draft import Cell, SheetDraft
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import LABEL, SUBTITLE, TITLE, WRAP, Style
from srm_xl.messages import Lang, render

ABOUT_FIELDS = ("package_id", "supplier", "period", "exported", "signature")
ABOUT_ROW = 20
"""Row of the first "About this file" field (label in column A, value in column B)."""
SIGNATURE_REF = f"B{ABOUT_ROW + ABOUT_FIELDS.index('signature')}"
FACTS = ("company", "buyer", "contact", "supplier", "period", "grade", "total", "consequence", "reply_by")
"""Who sent the package, then the supplier's result and the reply deadline."""
INSTRUCTIONS = 4
INSTRUCTION_POINTS = 30.0
"""Each instruction wraps onto two lines across columns A–B, so the cover prints portrait with every label
beside its value."""
_INSTRUCTION = Style("@", italic=True, color="595959", wrap=True, vertical="top")


@dataclass(frozen=True)
class Identity:
    package_id: str
    supplier: str
    period: str
    exported: str
    signature: str = ""


def cover_name(lang: Lang) -> str:
    return render("share_sheet_cover", lang)


def cover_draft(identity: Identity, facts: dict[str, str], answer_sheet: str, company: str, lang: Lang) -> SheetDraft:
    """The cover: title, the supplier's facts (``FACTS`` keys), reply instructions and the identity block."""
    cells = [Cell(1, 0, render("share_cover_title", lang, company=company).strip(), TITLE)]
    for offset, key in enumerate(FACTS):
        cells.append(Cell(3 + offset, 0, render(f"share_fact_{key}", lang), LABEL))
        cells.append(Cell(3 + offset, 1, facts.get(key) or "—", WRAP))
    first = 4 + len(FACTS)
    cells.append(Cell(first, 0, render("share_how_to_reply", lang), SUBTITLE))
    for step in range(1, INSTRUCTIONS + 1):
        text = render(f"share_instruction_{step}", lang, sheet=answer_sheet, reply_by=facts.get("reply_by", ""))
        cells += [Cell(first + step, 0, text, _INSTRUCTION), Cell(first + step, 1, None, _INSTRUCTION)]
    cells.append(Cell(ABOUT_ROW - 1, 0, render("share_about", lang), SUBTITLE))
    values = {
        "package_id": identity.package_id,
        "supplier": identity.supplier,
        "period": identity.period,
        "exported": identity.exported,
        "signature": identity.signature,
    }
    for offset, key in enumerate(ABOUT_FIELDS):
        cells.append(Cell(ABOUT_ROW + offset, 0, render(f"share_about_{key}", lang), LABEL))
        if values[key]:
            cells.append(Cell(ABOUT_ROW + offset, 1, values[key], WRAP))
    merges = [f"A{first + step}:B{first + step}" for step in range(1, INSTRUCTIONS + 1)]
    heights = {first + step: INSTRUCTION_POINTS for step in range(1, INSTRUCTIONS + 1)}
    return SheetDraft(
        cover_name(lang),
        cells=cells,
        merges=merges,
        widths={0: 24, 1: 70},
        heights=heights,
        page=PageSetup(orientation="portrait"),
    )


def read_identity(rows: list[list[str | None]]) -> Identity:
    """The "About this file" block of a cover read with ``read_rows`` (empty text where a cell is blank)."""
    values = []
    for offset in range(len(ABOUT_FIELDS)):
        row = rows[ABOUT_ROW - 1 + offset] if len(rows) >= ABOUT_ROW + offset else []
        values.append((row[1] or "").strip() if len(row) > 1 else "")
    return Identity(*values)
