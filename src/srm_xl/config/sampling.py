"""Settings of acceptance sampling (GB/T 2828.1-2012 = ISO 2859-1:1999; ANSI/ASQ Z1.4-2008 on request)."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from srm_xl.config.base import Section, setting

AQL_SERIES: tuple[float, ...] = (
    0.010,
    0.015,
    0.025,
    0.040,
    0.065,
    0.10,
    0.15,
    0.25,
    0.40,
    0.65,
    1.0,
    1.5,
    2.5,
    4.0,
    6.5,
    10,
    15,
    25,
    40,
    65,
    100,
    150,
    250,
    400,
    650,
    1000,
)
"""The preferred AQL series of GB/T 2828.1 / ISO 2859-1 (percent nonconforming or nonconformities per 100 units)."""


def aql_key(aql: float) -> int:
    """An AQL as an exact integer key (thousandths), so 0.65 and 0.6500000001 match the series alike."""
    return round(aql * 1000)


AQL_KEYS: tuple[int, ...] = tuple(aql_key(a) for a in AQL_SERIES)


class SamplingConfig(Section):
    standard: Literal["GB/T 2828.1", "ISO 2859-1", "ANSI Z1.4"] = setting(
        "GB/T 2828.1",
        "Sampling standard: GB/T 2828.1 and ISO 2859-1 share their tables; ANSI Z1.4 differs in reduced plans",
        "抽样标准: GB/T 2828.1 与 ISO 2859-1 表相同; ANSI Z1.4 的放宽方案不同",
    )
    level: Literal["S-1", "S-2", "S-3", "S-4", "I", "II", "III"] = setting(
        "II",
        "Inspection level used when a lot gives none (II is the usual general level)",
        "批未注明时使用的检验水平(一般检验水平 II 最常用)",
    )
    aql_critical: float = setting(
        0.065,
        "AQL for critical nonconformities (percent nonconforming or per 100 units)",
        "致命不合格的接收质量限 AQL(不合格品百分数或每百单位不合格数)",
    )
    aql_major: float = setting(
        1.0,
        "AQL for major nonconformities; also the AQL of a lot that gives none",
        "严重不合格的 AQL; 批未注明 AQL 时也使用此值",
    )
    aql_minor: float = setting(2.5, "AQL for minor nonconformities", "轻微不合格的 AQL")
    critical_zero_acceptance: bool = setting(
        True,
        "Accept no critical nonconformity at all (Ac 0, Re 1 on the plan's sample), as many firms require",
        "致命不合格零接收(按方案样本量 Ac=0, Re=1), 多数企业如此要求",
    )
    switching_score: Literal["per_class", "per_lot"] = setting(
        "per_class",
        "Switching score with several classes: per_class = each class with an AQL keeps its own score and reduced "
        "inspection needs all of them at 30 (clause 9.2: rules apply to each class); per_lot = one score, each lot "
        "earns the smallest of its classes' points",
        "多个不合格类别时的转移得分: per_class = 每个有 AQL 的类别各自计分, 全部达到 30 才可放宽(9.2: 转移规则分别用于各类); "
        "per_lot = 只计一个得分, 每批取各类别得分中最小者",
    )
    reduced_approved: bool = setting(
        False,
        "The responsible authority approves reduced inspection once the switching score reaches 30",
        "负责部门批准: 转移得分达到 30 后可转为放宽检验",
    )
    irregular_gap_days: int = setting(
        30,
        "More days than this between two lots of a supplier's part count as irregular production (ends reduced inspection)",
        "同一供应商同一零件两批到货间隔超过此天数视为生产不稳定(结束放宽检验)",
        unit="days",
        gt=0,
    )
    discontinue_after: int = setting(
        5,
        "Rejected lots on tightened inspection (cumulative) after which inspection is discontinued",
        "加严检验累计拒收达到此批数即暂停检验",
        gt=0,
    )
    oc_method: Literal["auto", "binomial", "poisson"] = setting(
        "auto",
        "OC-curve model: auto = Poisson for AQL above 10 (per 100 units), binomial otherwise, as the standard's curves",
        "OC 曲线模型: auto = AQL 大于 10 时用泊松分布, 否则用二项分布(与标准的曲线一致)",
    )

    @field_validator("aql_critical", "aql_major", "aql_minor")
    @classmethod
    def _in_series(cls, value: float) -> float:
        if aql_key(value) not in AQL_KEYS:
            raise ValueError("not an AQL of the preferred series 0.010, 0.015, 0.025 … 650, 1000")
        return value
