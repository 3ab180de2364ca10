"""Settings for the workbooks shared with suppliers: language, who sent them, reply deadline, protection and limits."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from srm_xl.config.base import Section, setting


class SharingConfig(Section):
    language: Literal["auto", "zh", "en"] = setting(
        "auto", "Language of supplier packages (auto: as this workbook)", "供应商文件的语言(auto: 与本工作簿一致)"
    )
    english_suppliers: str = setting(
        "",
        "Supplier codes that receive English packages whatever the language above, separated by commas",
        "无论上述语言设置, 均发送英文文件的供应商代码, 以逗号分隔",
    )
    buyer: str = setting(
        "",
        "Buyer named on packages of suppliers whose Buyer on the Suppliers sheet is blank",
        "供应商名录中“采购员”为空时, 供应商文件上显示的采购员",
    )
    contact: str = setting(
        "", "Contact details shown on every package (phone, email)", "每个供应商文件上显示的联系方式(电话、邮箱)"
    )
    reply_days: int = setting(
        14, "Days the supplier has to send the reply back", "供应商回复期限", unit="days", ge=1, le=365
    )
    password: str = setting(
        "",
        "Sheet-protection password of supplier packages (blank: a new random password per package)",
        "供应商文件的工作表保护密码(留空: 每个文件随机生成)",
    )
    max_reply_mb: int = setting(
        20, "Largest supplier reply file accepted", "可接受的供应商回复文件最大大小", unit="MB", ge=1, le=500
    )

    @field_validator("english_suppliers")
    @classmethod
    def _codes(cls, value: str) -> str:
        return ",".join(code.strip() for code in value.replace("，", ",").split(",") if code.strip())

    def english(self) -> frozenset[str]:
        """Codes of the suppliers that always get English packages."""
        return frozenset(filter(None, self.english_suppliers.split(",")))
