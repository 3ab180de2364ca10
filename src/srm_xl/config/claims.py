"""Claims and rewards settings: the company-wide penalty terms a contract may override, and the consequences of
each grade and grade change.

A consequence rule is one Config cell, ``"share:+10%; payment_days:-15; audit_months:24; status:preferred"``:
``share`` is the change of the supplier's share of each part in percentage points, ``payment_days`` the change of
its payment term in days (negative: paid earlier), ``audit_months`` the re-audit interval, ``status`` one of
preferred, approved, conditional or blocked. Every name may be left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import ValidationInfo, field_validator

from srm_xl.config.base import Section, setting
from srm_xl.errors import ConfigError

REWARD_STATUS = ("preferred", "approved", "conditional", "blocked")
REWARD_KEYS = ("a", "b", "c", "d", "up", "down")
_ITEM = re.compile(r"^(share|payment_days|audit_months|status):(.+)$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?%?$")


@dataclass(frozen=True)
class Consequence:
    """What a grade or a grade change brings; ``None`` where the rule says nothing."""

    share: float | None = None
    payment_days: float | None = None
    audit_months: int | None = None
    status: str | None = None


@cache
def parse_consequence(text: str, setting_key: str) -> Consequence:
    """``"share:+10%; payment_days:-15; audit_months:24; status:preferred"`` → a ``Consequence``."""
    fields: dict[str, object] = {}
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()
    for item in (i for i in folded.split(";") if i):
        match = _ITEM.match(item)
        if match is None:
            raise ConfigError("claims_rule_syntax", setting=setting_key, text=item)
        name, value = match.groups()
        if name in fields:
            raise ConfigError("claims_rule_twice", setting=setting_key, name=name)
        if name == "status":
            if value not in REWARD_STATUS:
                raise ConfigError(
                    "claims_rule_status", setting=setting_key, value=value, known=", ".join(REWARD_STATUS)
                )
            fields[name] = value
            continue
        if not _NUMBER.match(value):
            raise ConfigError("claims_rule_number", setting=setting_key, name=name, value=value)
        number = float(value.rstrip("%")) / (100 if value.endswith("%") or name == "share" else 1)
        if name == "audit_months":
            if number <= 0 or number != int(number):
                raise ConfigError("claims_rule_number", setting=setting_key, name=name, value=value)
            number = int(number)
        fields[name] = number
    return Consequence(**fields)  # type: ignore[arg-type]


class ClaimsConfig(Section):
    """Penalty terms (a contract's own terms win) and the consequences of grades."""

    currency: Literal["CNY", "USD", "EUR", "JPY", "other"] = setting(
        "CNY",
        "Currency of fixed fees and of claims whose source and contract name none",
        "固定费用及来源和合同都未注明币种的索赔所用币种",
    )
    late_rate_per_day: float = setting(
        0.005,
        "Late delivery: share of the delivery's value (quantity × unit price) charged per day late (0.005 = 0.5 %)",
        "逾期交货: 每逾期一天按该批交货金额(数量×单价)的比例计违约金(0.005 = 0.5%)",
        ge=0,
        le=1,
    )
    late_cap: float = setting(
        0.10,
        "Late delivery: the charge never exceeds this share of the delivery's value (0.10 = 10 %)",
        "逾期交货: 违约金上限为该批交货金额的比例(0.10 = 10%)",
        ge=0,
        le=1,
    )
    reject_fee: float = setting(
        500.0,
        "Rejected lot: fixed handling fee per lot (in the contract's currency, else the currency above)",
        "拒收批: 每批固定处理费(合同币种, 否则为上面的币种)",
        ge=0,
    )
    charge_recorded_costs: bool = setting(
        True,
        "Rejected or concession lot: also charge the sorting, rework and scrap costs recorded on the inspection log",
        "拒收或让步接收批: 同时索赔检验记录中登记的挑选、返工和报废费用",
    )
    concession_discount: float = setting(
        0.05,
        "Concession (deviation) lot: price discount on the lot's value (lot size × unit price; 0.05 = 5 %)",
        "让步接收(特采)批: 按批金额(批量×单价)扣款的比例(0.05 = 5%)",
        ge=0,
        le=1,
    )
    pass_complaints: bool = setting(
        True,
        "Customer complaint caused by a supplier: pass the amount the customer claimed on to that supplier",
        "由供应商造成的客户投诉: 将客户索赔金额转嫁给该供应商",
    )
    reward_a: str = setting(
        "share:+10%; payment_days:-15; audit_months:24; status:preferred",
        "Consequence of grade A — share change (points), payment term change (days), re-audit interval (months), status",
        "A级的奖惩——份额变化(百分点)、付款期变化(天)、复审周期(月)、状态",
    )
    reward_b: str = setting(
        "share:0%; payment_days:0; audit_months:12; status:approved", "Consequence of grade B", "B级的奖惩"
    )
    reward_c: str = setting(
        "share:-10%; payment_days:0; audit_months:6; status:conditional", "Consequence of grade C", "C级的奖惩"
    )
    reward_d: str = setting(
        "share:-100%; payment_days:+30; audit_months:3; status:blocked", "Consequence of grade D", "D级的奖惩"
    )
    reward_up: str = setting(
        "share:+5%",
        "Added when the grade is better than last period's (share and payment days add up; months and status replace the grade's)",
        "等级比上期提高时追加(份额和付款天数相加; 复审周期和状态取代等级的规定)",
    )
    reward_down: str = setting(
        "share:-5%; audit_months:3",
        "Added when the grade is worse than last period's (as above)",
        "等级比上期下降时追加(同上)",
    )

    @field_validator(*(f"reward_{k}" for k in REWARD_KEYS))
    @classmethod
    def _rule(cls, value: str, info: ValidationInfo) -> str:
        parse_consequence(value, f"claims.{info.field_name}")
        return value

    def consequence(self, key: str) -> Consequence:
        """The rule of grade ``a``–``d`` or of a grade change ``up``/``down``."""
        return parse_consequence(getattr(self, f"reward_{key.lower()}"), f"claims.reward_{key.lower()}")
