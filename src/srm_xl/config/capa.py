"""Settings of supplier corrective action requests (SCAR / 8D): what raises one and the deadline of each step."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from srm_xl.config.base import Section, setting
from srm_xl.errors import ConfigError


class CapaConfig(Section):
    grouping: Literal["per_lot", "grouped"] = setting(
        "grouped",
        "per_lot: one SCAR per rejected lot; grouped: one SCAR per supplier × part × defect type within group_days",
        "per_lot: 每个拒收批一份SCAR; grouped: 同一供应商×物料×缺陷类型在 group_days 天内合并为一份",
    )
    group_days: int = setting(
        30,
        "Rejected lots of one supplier, part and defect type within this many days share one SCAR (grouped mode)",
        "grouped 模式下, 同一供应商、物料、缺陷类型在此天数内的拒收批合并为一份SCAR",
        unit="days",
        gt=0,
    )
    lookback_days: int = setting(
        90,
        "Only triggers (rejected lots, complaints) from the last this many days raise a SCAR; 0 = all history",
        "只对最近此天数内的触发事件(拒收批、客户投诉)开立SCAR; 0 = 全部历史",
        unit="days",
        ge=0,
    )
    trigger_grade: Literal["C", "D", "none"] = setting(
        "C",
        "Suppliers graded this or worse on the Scorecard get a SCAR (none: grades raise no SCAR)",
        "评分等级为此等级或更差的供应商开立SCAR(none: 不因评分开立)",
    )
    complaints: bool = setting(
        True, "Customer complaints traced to a supplier raise a SCAR", "追溯到供应商的客户投诉开立SCAR"
    )
    d3_days: int = setting(
        1, "Days after issue by which containment (D3) is due", "发出后须在此天数内完成围堵(D3)", unit="days", ge=0
    )
    d4_days: int = setting(
        7,
        "Days after issue by which the root cause (D4) is due",
        "发出后须在此天数内提交根本原因(D4)",
        unit="days",
        ge=0,
    )
    d8_days: int = setting(
        30, "Days after issue by which the SCAR is to be closed (D8)", "发出后须在此天数内关闭(D8)", unit="days", gt=0
    )
    remind_days: int = setting(
        3,
        "A step due within this many days is listed as due soon, to remind its owner",
        "步骤在此天数内到期时列为“即将到期”, 提醒跟进人",
        unit="days",
        ge=0,
    )
    reopen_days: int = setting(
        90,
        "After closure, the same defect type from the same supplier and part within this many days reopens the SCAR",
        "关闭后此天数内同一供应商、物料再次出现相同缺陷类型时重开该SCAR",
        unit="days",
        gt=0,
    )

    @model_validator(mode="after")
    def _steps_in_order(self) -> CapaConfig:
        if not self.d3_days <= self.d4_days <= self.d8_days:
            raise ConfigError(
                "capa_step_order", setting="capa.d4_days", d3=self.d3_days, d4=self.d4_days, d8=self.d8_days
            )
        return self
