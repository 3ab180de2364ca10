"""Risk-register settings: the 5×5 level matrix, and each detection rule's threshold and likelihood × impact.

The matrix is one Config-sheet cell, one row per likelihood from 1 to 5, each row the levels for impact 1 to 5:
``"1: low low low low medium; 2: low low medium medium high; …"`` (levels low / medium / high / critical, their
initials L / M / H / C, or 低 / 中 / 高 / 极高; the ``n:`` labels are optional). On load it must have 25 cells of known levels that never fall as likelihood or impact rises;
otherwise ``ConfigError`` names the setting (``risk.matrix``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

from pydantic import ValidationInfo, field_validator

from srm_xl.config.base import Section, setting
from srm_xl.errors import ConfigError
from srm_xl.schema.risk import RISK_LEVELS

LEVEL_KEYS: tuple[str, ...] = tuple(c.key for c in RISK_LEVELS)
"""Levels from least to most severe."""
RULES: tuple[str, ...] = (
    "single_source",
    "no_backup",
    "certificate",
    "agreement",
    "grade",
    "ppm_spike",
    "on_time",
    "contract",
    "spend",
    "discontinued",
    "capa_overdue",
    "reevaluation",
)
"""Every detection rule, by the id written in the register's Source column."""
_ROW = re.compile(r"^(?:([1-5])\s*[:：])?\s*(.*)$")
_MATRIX_KEY = "risk.matrix"


def _level_aliases() -> dict[str, str]:
    return {alias.casefold(): c.key for c in RISK_LEVELS for alias in (*c.aliases(), c.key[0])}


@cache
def parse_matrix(text: str) -> tuple[tuple[str, ...], ...]:
    """``matrix[likelihood - 1][impact - 1]`` → level key, checked as the module doc says."""
    rows = [r.strip() for r in unicodedata.normalize("NFKC", text).split(";") if r.strip()]
    if len(rows) != 5:
        raise ConfigError("risk_matrix_rows", setting=_MATRIX_KEY, count=len(rows))
    aliases = _level_aliases()
    matrix: list[tuple[str, ...]] = []
    for number, row in enumerate(rows, start=1):
        match = _ROW.match(row)
        label, body = (match.group(1), match.group(2)) if match else (None, row)
        if label is not None and int(label) != number:
            raise ConfigError("risk_matrix_order", setting=_MATRIX_KEY, row=number, label=label)
        cells = [c for c in re.split(r"[\s,，、]+", body) if c]
        if len(cells) != 5:
            raise ConfigError("risk_matrix_cells", setting=_MATRIX_KEY, row=number, count=len(cells))
        unknown = [c for c in cells if c.casefold() not in aliases]
        if unknown:
            raise ConfigError(
                "risk_matrix_level", setting=_MATRIX_KEY, row=number, level=unknown[0], known=", ".join(LEVEL_KEYS)
            )
        matrix.append(tuple(aliases[c.casefold()] for c in cells))
    _check_monotone(matrix)
    return tuple(matrix)


def _check_monotone(matrix: list[tuple[str, ...]]) -> None:
    rank = {key: i for i, key in enumerate(LEVEL_KEYS)}
    for likelihood in range(5):
        for impact in range(5):
            here = rank[matrix[likelihood][impact]]
            left = rank[matrix[likelihood][impact - 1]] if impact else 0
            below = rank[matrix[likelihood - 1][impact]] if likelihood else 0
            if here < max(left, below):
                raise ConfigError(
                    "risk_matrix_monotone",
                    setting=_MATRIX_KEY,
                    likelihood=likelihood + 1,
                    impact=impact + 1,
                    level=matrix[likelihood][impact],
                )


def _rating(default: int, en: str, zh: str) -> int:
    return setting(default, en, zh, ge=1, le=5)  # type: ignore[no-any-return]


def _likelihood(default: int, what_en: str, what_zh: str) -> int:
    return _rating(
        default, f"Likelihood (1–5) of a risk found by rule {what_en}", f"规则“{what_zh}”发现的风险的可能性(1–5)"
    )


def _impact(default: int, what_en: str, what_zh: str) -> int:
    return _rating(
        default, f"Impact (1–5) of a risk found by rule {what_en}", f"规则“{what_zh}”发现的风险的影响程度(1–5)"
    )


class RiskConfig(Section):
    """How risks are rated and which conditions the risk scan reports."""

    matrix: str = setting(
        "1: low low low low medium; 2: low low medium medium high; 3: low medium medium high high; "
        "4: low medium high high critical; 5: medium high high critical critical",
        "Risk level by likelihood (rows 1–5) and impact (5 levels per row, impact 1–5): low, medium, high or critical",
        "风险等级矩阵: 每行一个可能性(1–5), 行内依次为影响1–5的等级 low 低 / medium 中 / high 高 / critical 极高",
    )
    disabled_rules: str = setting(
        "",
        "Detection rules not to run, comma-separated (" + ", ".join(RULES) + ")",
        "不运行的识别规则, 逗号分隔(" + ", ".join(RULES) + ")",
    )
    single_source_scope: Literal["critical", "all"] = setting(
        "critical",
        "Single-source parts to report: critical (critical parts, or parts from a class I supplier) or all",
        "报告哪些单一货源物料: critical 关键件或I类供应商供应的物料 / all 全部物料",
    )
    single_source_likelihood: int = _likelihood(3, "single_source (a part with one source)", "单一货源")
    single_source_impact: int = _impact(4, "single_source", "单一货源")
    no_backup_likelihood: int = _likelihood(
        2, "no_backup (critical part or class I supplier, no approved second source)", "无合格备用供应商"
    )
    no_backup_impact: int = _impact(4, "no_backup", "无合格备用供应商")
    cert_days: int = setting(
        60, "A certificate expiring within this many days is a risk", "证书在该天数内到期即为风险", unit="days", ge=0
    )
    certificate_likelihood: int = _likelihood(3, "certificate (expiring soon)", "证书即将到期")
    certificate_impact: int = _impact(3, "certificate", "证书到期")
    cert_expired_likelihood: int = _likelihood(5, "certificate (already expired)", "证书已过期")
    agreement_likelihood: int = _likelihood(
        3, "agreement (approved supplier without a quality agreement)", "缺少质量协议"
    )
    agreement_impact: int = _impact(3, "agreement", "缺少质量协议")
    grade_likelihood: int = _likelihood(
        4, "grade (grade C/D, or total falling two periods in a row)", "评分C/D或连续两期下降"
    )
    grade_impact: int = _impact(3, "grade", "评分C/D或连续两期下降")
    ppm_recent_days: int = setting(
        90, "PPM spike: the recent window, in days up to today", "PPM突增: 近期窗口(截至今天的天数)", unit="days", gt=0
    )
    ppm_baseline_days: int = setting(
        365,
        "PPM spike: the supplier's own baseline window, in days before the recent window",
        "PPM突增: 近期窗口之前作为供应商自身基线的天数",
        unit="days",
        gt=0,
    )
    ppm_factor: float = setting(
        2.0,
        "PPM spike: recent PPM at least this many times the baseline PPM",
        "PPM突增: 近期PPM达到基线PPM的倍数",
        gt=1,
    )
    ppm_min: float = setting(
        1000.0,
        "PPM spike: recent PPM must also reach this (ignores noise on tiny figures)",
        "PPM突增: 近期PPM还须达到该值(避免小数值噪声)",
        ge=0,
    )
    ppm_spike_likelihood: int = _likelihood(4, "ppm_spike", "PPM突增")
    ppm_spike_impact: int = _impact(3, "ppm_spike", "PPM突增")
    on_time_days: int = setting(
        90,
        "On-time delivery: deliveries due in this many days up to today",
        "准时交货: 统计截至今天该天数内应交的货",
        unit="days",
        gt=0,
    )
    on_time_min: float = setting(
        0.9,
        "On-time delivery below this rate (0.9 = 90%) is a risk",
        "准时交货率低于该值(0.9 = 90%)即为风险",
        ge=0,
        le=1,
    )
    on_time_min_deliveries: int = setting(
        5,
        "On-time delivery: fewest deliveries due in the window to judge a supplier",
        "准时交货: 窗口内至少应交货次数",
        ge=1,
    )
    on_time_likelihood: int = _likelihood(4, "on_time", "准时交货率低")
    on_time_impact: int = _impact(3, "on_time", "准时交货率低")
    contract_likelihood: int = _likelihood(3, "contract (latest contract expiring or expired)", "合同即将到期")
    contract_impact: int = _impact(3, "contract", "合同即将到期")
    spend_days: int = setting(
        365,
        "Spend concentration: spend on deliveries due in this many days up to today",
        "采购额集中: 统计截至今天该天数内应交货的采购额",
        unit="days",
        gt=0,
    )
    spend_share_max: float = setting(
        0.25,
        "Spend concentration: one supplier's share of spend above this (0.25 = 25%) is a risk",
        "采购额集中: 单一供应商占比超过该值(0.25 = 25%)即为风险",
        gt=0,
        le=1,
    )
    spend_likelihood: int = _likelihood(2, "spend (spend concentrated on one supplier)", "采购额集中")
    spend_impact: int = _impact(4, "spend", "采购额集中")
    discontinued_likelihood: int = _likelihood(
        5, "discontinued (inspection discontinued on the latest lot)", "暂停检验"
    )
    discontinued_impact: int = _impact(4, "discontinued", "暂停检验")
    capa_overdue_likelihood: int = _likelihood(
        3, "capa_overdue (corrective actions past their due date)", "纠正措施逾期"
    )
    capa_overdue_impact: int = _impact(3, "capa_overdue", "纠正措施逾期")
    reevaluation_likelihood: int = _likelihood(3, "reevaluation (re-audit or re-qualification overdue)", "复评逾期")
    reevaluation_impact: int = _impact(3, "reevaluation", "复评逾期")

    @field_validator("matrix")
    @classmethod
    def _matrix(cls, value: str) -> str:
        parse_matrix(value)
        return value

    @field_validator("disabled_rules")
    @classmethod
    def _disabled(cls, value: str, info: ValidationInfo) -> str:
        for name in _names(value):
            if name not in RULES:
                raise ConfigError(
                    "risk_unknown_rule", setting=f"risk.{info.field_name}", name=name, known=", ".join(RULES)
                )
        return value

    def levels(self) -> tuple[tuple[str, ...], ...]:
        """``levels()[likelihood - 1][impact - 1]`` → level key."""
        return parse_matrix(self.matrix)

    def enabled(self) -> tuple[str, ...]:
        """The rules to run, in ``RULES`` order."""
        off = set(_names(self.disabled_rules))
        return tuple(r for r in RULES if r not in off)

    def rating(self, rule: str) -> tuple[int, int]:
        """A rule's likelihood and impact."""
        return getattr(self, f"{rule}_likelihood"), getattr(self, f"{rule}_impact")


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s,，;；、]+", unicodedata.normalize("NFKC", text).casefold()) if n]
