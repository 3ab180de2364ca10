"""A supplier's answer to its package, for the demo: the 8D response cells filled in as a supplier would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

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
    workbook.save(reply)
    return reply
