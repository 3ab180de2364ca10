"""Settings that apply to every job."""

from __future__ import annotations

from typing import Literal

from srm_xl.config.base import Section, setting


class GeneralConfig(Section):
    language: Literal["auto", "zh", "en"] = setting(
        "auto",
        "Language of headers and messages written to the workbook (auto: as the workbook's sheets)",
        "写入工作簿的表头与提示语言(auto: 与工作簿一致)",
    )
    company: str = setting(
        "", "Your company's name, shown on reports and supplier packages", "本公司名称, 用于报告和供应商文件"
    )
    paper: Literal["A4", "Letter"] = setting(
        "A4",
        "Paper of every sheet and report srm_xl writes when printed (A4 or Letter)",
        "生成的工作表和报告打印时的纸张(A4 或 Letter)",
    )
    max_report_rows: int = setting(
        20000,
        "Most issues listed row by row on the Validation sheet (counts per code are always complete)",
        "数据校验表最多逐行列出的问题数(各代码计数始终完整)",
        gt=0,
    )
