"""Supplier selection and qualification settings: candidate criteria weights, shortlist, Cpk minimum, audit grades,
finding deadlines, approved-list consequences and re-evaluation intervals per importance class."""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationInfo, field_validator, model_validator

from srm_xl.config.base import Section, setting
from srm_xl.config.scoring import parse_weights
from srm_xl.errors import ConfigError

CANDIDATE_CRITERIA = (
    "qualifications",
    "reputation",
    "technical",
    "capacity",
    "delivery",
    "after_sales",
    "price",
    "financial",
)
_WEIGHTS_KEY = "qualification.criteria_weights"


class QualificationConfig(Section):
    """How candidates are ranked, audits graded and sources released."""

    criteria_weights: str = setting(
        "qualifications:15; reputation:10; technical:20; capacity:15; delivery:10; after_sales:10; price:10; financial:10",
        "Candidate selection criteria and weights in % (" + ", ".join(CANDIDATE_CRITERIA) + "; must add up to 100)",
        "候选供应商评价准则及权重%(qualifications 资质、reputation 信誉、technical 技术能力、capacity 产能、delivery 交付、"
        "after_sales 售后服务、price 价格、financial 财务状况; 合计须为100)",
    )
    shortlist_size: int = setting(
        3, "Candidates shortlisted per need (best first)", "每个需求入围的候选供应商数(按得分从高到低)", ge=1
    )
    shortlist_min: float = setting(
        60.0, "Lowest weighted score (0–100) to be shortlisted", "入围的最低加权得分(0–100)", ge=0, le=100
    )
    cpk_min: float = setting(
        1.33, "A key characteristic's Cpk below this is flagged", "关键特性的 Cpk 低于此值即标记", gt=0
    )
    survey_rows: int = setting(
        15, "Blank rows in each table of a supplier survey", "供应商调查表每个表格的空白行数", ge=1, le=200
    )
    audit_grade_a: float = setting(
        90.0, "Lowest audit score (% of maximum points) for audit grade A", "审核A级的最低得分率(%)", ge=0, le=100
    )
    audit_grade_b: float = setting(
        80.0, "Lowest audit score (%) for audit grade B", "审核B级的最低得分率(%)", ge=0, le=100
    )
    audit_grade_c: float = setting(
        70.0, "Lowest audit score (%) for audit grade C (below: D)", "审核C级的最低得分率(%, 以下为D级)", ge=0, le=100
    )
    finding_days_major: int = setting(
        30,
        "Days after the audit by which a major finding's corrective action is due",
        "严重发现项的纠正措施须在审核后此天数内完成",
        unit="days",
        gt=0,
    )
    finding_days_minor: int = setting(
        60,
        "Days after the audit by which a minor finding's corrective action is due",
        "一般发现项的纠正措施须在审核后此天数内完成",
        unit="days",
        gt=0,
    )
    require_sample: bool = setting(
        True,
        "A source is released only after an approved sample (no: sources with no sample record at all are not blocked for it, "
        "e.g. long-standing sources; a rejected or partly inspected sample still blocks)",
        "货源须有承认的样品才能放行(否: 完全没有样品记录的货源不因此冻结, 如历史货源; 不承认或未全数检验的样品仍冻结)",
    )
    expired_certificate: Literal["blocked", "conditional"] = setting(
        "blocked",
        "Release status of a source whose supplier has an expired certificate: blocked or conditional",
        "供应商证书过期时货源的放行状态: blocked 冻结 / conditional 有条件放行",
    )
    agreement_years: int = setting(
        3,
        "A quality agreement is valid this many years after it was signed",
        "质量协议自签订日起有效的年数",
        unit="years",
        gt=0,
    )
    conditional_limit: float = setting(
        0.0,
        "Quantity limit written for a source newly made conditional (0: none; users may change each row)",
        "新转为有条件放行的货源默认限量(0: 不限; 可逐行修改)",
        ge=0,
    )
    reaudit_months_i: int = setting(
        12, "Re-audit interval of class I suppliers", "I类供应商的复审周期", unit="months", gt=0
    )
    reaudit_months_ii: int = setting(
        24, "Re-audit interval of class II suppliers", "II类供应商的复审周期", unit="months", gt=0
    )
    reaudit_months_iii: int = setting(
        36,
        "Re-audit interval of class III (or unclassified) suppliers",
        "III类(或未分类)供应商的复审周期",
        unit="months",
        gt=0,
    )
    reaudit_notice_days: int = setting(
        60,
        "Suppliers due for re-audit within this many days are listed",
        "在此天数内到期复审的供应商列入清单",
        unit="days",
        ge=0,
    )

    @field_validator("criteria_weights")
    @classmethod
    def _weights(cls, value: str, info: ValidationInfo) -> str:
        parse_weights(value, _WEIGHTS_KEY, CANDIDATE_CRITERIA)
        return value

    @model_validator(mode="after")
    def _grades_in_order(self) -> QualificationConfig:
        if not self.audit_grade_a > self.audit_grade_b > self.audit_grade_c:
            raise ConfigError(
                "qualification_grade_order",
                setting="qualification.audit_grade_a",
                a=f"{self.audit_grade_a:g}",
                b=f"{self.audit_grade_b:g}",
                c=f"{self.audit_grade_c:g}",
            )
        return self

    def weights(self) -> dict[str, float]:
        """Criterion → weight in %."""
        return parse_weights(self.criteria_weights, _WEIGHTS_KEY, CANDIDATE_CRITERIA)

    def reaudit_months(self) -> dict[str, int]:
        """Importance class → re-audit interval in months."""
        return {"I": self.reaudit_months_i, "II": self.reaudit_months_ii, "III": self.reaudit_months_iii}
