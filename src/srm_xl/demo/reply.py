"""A supplier's answer to its package, for the demo: the 8D response cells filled in as a supplier would, and its
claim statement answered (the first line disputed, the others accepted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.schema.claims import CLAIM_STATEMENT
from srm_xl.sheets.package_forms import answer_ref

ANSWERS = {
    "containment": "已隔离在库及在途产品共1,200件并100%挑选, 不良品已退回",
    "root_cause": "模具镶件磨损超出公差; 首件检验未记录关键尺寸",
    "actions": "更换镶件; 保养周期由10万模次改为5万模次; 首件检验增加关键尺寸记录",
    "prevention": "PFMEA与控制计划已更新, 同类模具横向排查完成",
}


def fill_reply(package: Path, reply: Path) -> Path:
    """``package`` answered in every 8D form it holds, saved as ``reply`` (only response cells are written)."""
    workbook = openpyxl.load_workbook(package)
    for sheet in workbook.worksheets:
        if sheet.title.startswith(("8D", "8D报告")):
            for key, text in ANSWERS.items():
                sheet[answer_ref(key)] = text
            sheet[answer_ref("response_date")] = date.today()
        elif sheet.title in (CLAIM_STATEMENT.zh, CLAIM_STATEMENT.en):
            _answer_claims(sheet)
    workbook.save(reply)
    return reply


def _answer_claims(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    """Dispute the statement's first line with a reason, accept the others (labels in the statement's language)."""
    zh = sheet.title == CLAIM_STATEMENT.zh
    keys = CLAIM_STATEMENT.keys()
    response, reason = keys.index("claim_response") + 1, keys.index("claim_reason") + 1
    labels = {c.key: c.zh if zh else c.en for c in CLAIM_STATEMENT.column("claim_response").choices}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value is None:
            continue
        sheet.cell(row, response, labels["dispute" if row == 2 else "accept"])
        if row == 2:
            sheet.cell(
                row,
                reason,
                "到货延误因承运商原因, 已提供物流签收记录"
                if zh
                else "The delay was the carrier's; proof of dispatch attached",
            )
