"""Supplier-scoring settings: criteria, weights, points rules, grades and importance classes, all as data.

Weights and rules are compact text so each is one Config-sheet cell the user edits:

- weights: ``"quality:40; delivery:30; price:15; service:15"`` (names known, each > 0, sum 100);
- a banded rule: ``"0..100:100; 100..500:90; 500..:0"`` — value from..to gets points; bands must join end to
  start (no gap, no overlap), cover the metric's whole range (leave the last ``to`` open for "and above") and
  move points one way only; a value exactly on a boundary gets the better of the two bands;
- a linear rule: ``"linear: full=100%; zero=80%"`` — 100 points at ``full``, 0 at ``zero``, straight line
  between, clipped to 0–100.

Numbers may carry ``%`` (``95%`` = 0.95). A wrong setting raises ``ConfigError`` whose ``setting`` field is the
Config-sheet key (``scoring.rule_ppm``), so the caller can point at the cell.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import polars as pl
from pydantic import ValidationInfo, field_validator, model_validator

from srm_xl.config.base import Section, setting
from srm_xl.config.criteria import CRITERION_SLOTS, Criterion, normalise_formula, parse_criterion
from srm_xl.errors import ConfigError
from srm_xl.messages import LANGS, render

CriterionName = Literal["quality", "delivery", "price", "service"]
CRITERIA: tuple[CriterionName, ...] = ("quality", "delivery", "price", "service")
GRADE_KEYS = ("A", "B", "C", "D", "not_graded")
_INF = math.inf

METRIC_RANGES: dict[str, tuple[float, float]] = {
    "lot_acceptance": (0.0, 1.0),
    "ppm": (0.0, _INF),
    "defect_score": (0.0, _INF),
    "on_time": (0.0, 1.0),
    "fill_rate": (0.0, 1.0),
    "days_late": (0.0, _INF),
    "price_index": (0.0, _INF),
    "capa_response": (0.0, 1.0),
    "capa_closure": (0.0, 1.0),
    "complaints": (0.0, _INF),
    "audit_score": (0.0, 100.0),
    "service_rating": (0.0, 100.0),
    "cooperation": (0.0, 100.0),
}
"""Every metric a rule or weight may name, with the range of values it can take."""


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    points: float


@dataclass(frozen=True)
class BandRule:
    """Points by value band; on a shared boundary the better band's points apply."""

    bands: tuple[Band, ...]


@dataclass(frozen=True)
class LinearRule:
    """100 points at ``full``, 0 at ``zero``, linear between and clipped to 0–100."""

    full: float
    zero: float


Rule = BandRule | LinearRule

_NUMBER = r"-?\d+(?:\.\d+)?%?"
_BAND = re.compile(rf"^({_NUMBER})?\.\.({_NUMBER})?:({_NUMBER})$")
_LINEAR = re.compile(rf"^linear:full=({_NUMBER});zero=({_NUMBER})$")
_WEIGHT = re.compile(r"^([^:]+):(\d+(?:\.\d+)?)%?$")
"""``name:weight``; a weight written with ``%`` (``质量:40%``) is the same number."""
_COLOUR = re.compile(r"^([a-z_]+):(#[0-9a-f]{6})$")


def _fold(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: ``"Linear： full = 95%"`` → ``"linear:full=95%"``."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _number(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _items(text: str) -> list[str]:
    return [item for item in _fold(text).split(";") if item]


def _named(known: tuple[str, ...]) -> dict[str, str]:
    """Each of ``known`` by its key and, for a criterion, by its name in either language (质量 → quality)."""
    names = {name: name for name in known}
    for name in set(known) & set(CRITERIA):
        names |= {_fold(render(f"scoring_criterion_{name}", lang)): name for lang in LANGS}
    return names


@cache
def parse_weights(text: str, setting_key: str, known: tuple[str, ...]) -> dict[str, float]:
    """``"a:60; b:40"`` → ``{"a": 60.0, "b": 40.0}``; names must be in ``known`` (criteria also by their names:
    ``质量:40%``), weights > 0 adding up to 100."""
    weights: dict[str, float] = {}
    named = _named(known)
    for item in _items(text):
        match = _WEIGHT.match(item)
        if match is None:
            raise ConfigError("scoring_weight_syntax", setting=setting_key, text=item)
        name, weight = named.get(match.group(1), match.group(1)), float(match.group(2))
        if name not in known:
            raise ConfigError("scoring_unknown_name", setting=setting_key, name=name, known=", ".join(known))
        if name in weights:
            raise ConfigError("scoring_name_twice", setting=setting_key, name=name)
        if weight <= 0:
            raise ConfigError("scoring_weight_zero", setting=setting_key, name=name)
        weights[name] = weight
    total = sum(weights.values())
    if not math.isclose(total, 100.0, abs_tol=1e-9):
        raise ConfigError("scoring_weights_sum", setting=setting_key, total=f"{total:g}")
    return weights


def parse_rule(text: str, setting_key: str, metric: str) -> Rule:
    """A banded or linear rule for ``metric``, checked against the metric's range (see the module doc)."""
    return parse_span_rule(text, setting_key, METRIC_RANGES[metric])


@cache
def parse_span_rule(text: str, setting_key: str, span: tuple[float, float]) -> Rule:
    """A banded or linear rule for values in ``span`` (bands must cover it; see the module doc)."""
    folded = _fold(text)
    linear = _LINEAR.match(folded)
    if linear is not None:
        full, zero = _number(linear.group(1)), _number(linear.group(2))
        if full == zero:
            raise ConfigError("scoring_linear_flat", setting=setting_key, value=f"{full:g}")
        return LinearRule(full, zero)
    bands = []
    for item in _items(text):
        match = _BAND.match(item)
        if match is None:
            raise ConfigError("scoring_rule_syntax", setting=setting_key, text=item)
        low = _number(match.group(1)) if match.group(1) else -_INF
        high = _number(match.group(2)) if match.group(2) else _INF
        points = _number(match.group(3))
        if not 0 <= points <= 100:
            raise ConfigError("scoring_points_range", setting=setting_key, points=f"{points:g}")
        if low > high:
            raise ConfigError("scoring_band_reversed", setting=setting_key, text=item)
        bands.append(Band(low, high, points))
    if not bands:
        raise ConfigError("scoring_rule_syntax", setting=setting_key, text=text)
    _check_bands(bands, setting_key, span)
    return BandRule(tuple(bands))


def _check_bands(bands: list[Band], setting_key: str, span: tuple[float, float]) -> None:
    for before, after in zip(bands, bands[1:]):
        if after.low > before.high:
            raise ConfigError("scoring_band_gap", setting=setting_key, low=f"{before.high:g}", high=f"{after.low:g}")
        if after.low < before.high:
            raise ConfigError(
                "scoring_band_overlap", setting=setting_key, low=f"{after.low:g}", high=f"{before.high:g}"
            )
    if bands[0].low > span[0]:
        raise ConfigError(
            "scoring_band_uncovered", setting=setting_key, value=f"{span[0]:g}", bound=f"{bands[0].low:g}"
        )
    if bands[-1].high < span[1]:
        raise ConfigError(
            "scoring_band_uncovered", setting=setting_key, value=f"{span[1]:g}", bound=f"{bands[-1].high:g}"
        )
    steps = [after.points - before.points for before, after in zip(bands, bands[1:])]
    if any(s > 0 for s in steps) and any(s < 0 for s in steps):
        raise ConfigError("scoring_band_not_monotonic", setting=setting_key)


def points_expr(rule: Rule, value: pl.Expr) -> pl.Expr:
    """Points for each value (null stays null). Bands: the best points of the bands holding the value (so a
    boundary value gets the better band). Linear: 100 at ``full``, 0 at ``zero``, clipped."""
    if isinstance(rule, BandRule):
        hits = []
        for band in rule.bands:
            inside = pl.lit(True)
            if band.low > -math.inf:
                inside = inside & (value >= band.low)
            if band.high < math.inf:
                inside = inside & (value <= band.high)
            hits.append(pl.when(inside).then(pl.lit(band.points, pl.Float64)))
        return pl.max_horizontal(hits)
    return ((value - rule.zero) / (rule.full - rule.zero) * 100.0).clip(0.0, 100.0)


@cache
def parse_colours(text: str, setting_key: str) -> dict[str, str]:
    """``"A:#00B050; …"`` → ``{"A": "#00B050", …}``, one colour for every grade and ``not_graded``."""
    colours: dict[str, str] = {}
    keys = {k.casefold(): k for k in GRADE_KEYS}
    for item in _items(text):
        match = _COLOUR.match(item)
        if match is None or match.group(1) not in keys:
            raise ConfigError("scoring_colour_syntax", setting=setting_key, text=item)
        colours[keys[match.group(1)]] = match.group(2).upper()
    missing = [k for k in GRADE_KEYS if k not in colours]
    if missing:
        raise ConfigError("scoring_colour_missing", setting=setting_key, grades=", ".join(missing))
    return colours


@cache
def parse_grade_names(text: str, setting_key: str) -> dict[str, str]:
    """``"A:Excellent; B:Average; …"`` → ``{"A": "Excellent", …}``; every grade A–D named once."""
    names: dict[str, str] = {}
    for item in unicodedata.normalize("NFKC", text).split(";"):
        grade, sep, name = item.partition(":")
        key = grade.strip().upper()
        if not item.strip():
            continue
        if not sep or key not in GRADE_KEYS[:4] or not name.strip():
            raise ConfigError("scoring_grade_names", setting=setting_key, text=item.strip())
        names[key] = name.strip()
    missing = [g for g in GRADE_KEYS[:4] if g not in names]
    if missing:
        raise ConfigError("scoring_colour_missing", setting=setting_key, grades=", ".join(missing))
    return names


@cache
def parse_weighting(text: str, setting_key: str) -> pl.Expr:
    """A month-weighting formula over ``period_number`` (SQL expression), checked by a dry run."""
    try:
        expr = pl.sql_expr(normalise_formula(text))
        unknown = [n for n in expr.meta.root_names() if n != "period_number"]
        result = pl.DataFrame({"period_number": [0, 1, 11]}).select(expr.cast(pl.Float64).alias("w")).get_column("w")
    except Exception as error:  # any failure means the user must fix the formula
        raise ConfigError(
            "criteria_formula_syntax", setting=setting_key, formula=text, reason=str(error).splitlines()[0]
        ) from None
    if unknown:
        raise ConfigError("criteria_unknown_variable", setting=setting_key, name=unknown[0], known="period_number")
    if result.is_null().any():
        raise ConfigError("criteria_not_number", setting=setting_key, formula=text)
    return expr.cast(pl.Float64)


_RATE_RULE = "linear: full=100%; zero=80%"
_SCORE_RULE = "linear: full=100; zero=0"
_EXPLAIN_RULE = " — bands 'from..to:points; …' or 'linear: full=…; zero=…'"
_EXPLAIN_RULE_ZH = "——分档“下限..上限:得分; …”或“linear: full=满分值; zero=零分值”"


def _criterion(slot: int) -> str:
    return setting(  # type: ignore[no-any-return]
        "",
        f"Criterion {slot}: 'name | formula | max=… | weight=… | missing=reweight/zero/not_graded | per=supplier/part' "
        "(any filled criterion replaces criteria_weights and the metric rules; see README 'Scoring formulas')",
        f"评价项{slot}: “名称 | 公式 | max=满分 | weight=权重 | missing=reweight/zero/not_graded | per=supplier/part”"
        "(填写任一评价项即取代 criteria_weights 及各指标计分规则; 见 README“评分公式”)",
    )


def _rule(default: str, en: str, zh: str) -> str:
    return setting(default, en + _EXPLAIN_RULE, zh + _EXPLAIN_RULE_ZH)  # type: ignore[no-any-return]


class ScoringConfig(Section):
    """How suppliers are scored and graded each period."""

    period: Literal["month", "quarter", "year"] = setting(
        "quarter",
        "Scoring period: month, quarter or year (labels 2026-07, 2026-Q3, 2026)",
        "评分周期: month 月 / quarter 季 / year 年(期间写作 2026-07、2026-Q3、2026)",
    )
    monthly_rollup: bool = setting(
        False,
        "Build a quarter or year from monthly scores (months without any activity are not scored)",
        "季度或年度得分由各月得分合成(没有任何业务的月份不计分)",
    )
    period_weighting: str = setting(
        "",
        "Weight of each month when monthly_rollup is on: a formula of period_number (0 = the period's last month, "
        "1 = the month before …); blank = equal weights. ERPNext's default: GREATEST(0, LEAST(1, (12 - period_number) / 12))",
        "按月合成时各月的权重: period_number 的公式(0 = 本期最后一个月, 1 = 前一个月 …); 留空 = 等权。"
        "ERPNext 默认: GREATEST(0, LEAST(1, (12 - period_number) / 12))",
    )
    criterion_1: str = _criterion(1)
    criterion_2: str = _criterion(2)
    criterion_3: str = _criterion(3)
    criterion_4: str = _criterion(4)
    criterion_5: str = _criterion(5)
    criterion_6: str = _criterion(6)
    criterion_7: str = _criterion(7)
    criterion_8: str = _criterion(8)
    criterion_9: str = _criterion(9)
    criterion_10: str = _criterion(10)
    rating_scale: float = setting(
        100.0,
        "Scale of the service and cooperation ratings on Manual ratings (10: rated 0–10; 100: rated 0–100); "
        "a rating outside it stops grading",
        "人工评分中服务评分与配合度的分制(10: 0–10分; 100: 0–100分); 超出分制的评分会中止评级",
        gt=0,
    )
    criteria_weights: str = setting(
        "quality:40; delivery:30; price:15; service:15",
        "Criteria and their weights in % (quality, delivery, price, service; must add up to 100)",
        "评价维度及权重%(quality 质量、delivery 交付、price 价格、service 服务; 合计须为100)",
    )
    quality_metrics: str = setting(
        "ppm:40; lot_acceptance:40; defect_score:20",
        "Quality metrics and their weights in % (add up to 100)",
        "质量维度的指标及权重%(合计100)",
    )
    delivery_metrics: str = setting(
        "on_time:60; fill_rate:25; days_late:15",
        "Delivery metrics and their weights in % (add up to 100)",
        "交付维度的指标及权重%(合计100)",
    )
    price_metrics: str = setting(
        "price_index:100", "Price metrics and their weights in % (add up to 100)", "价格维度的指标及权重%(合计100)"
    )
    service_metrics: str = setting(
        "capa_response:25; capa_closure:25; complaints:20; audit_score:10; service_rating:10; cooperation:10",
        "Service metrics and their weights in % (add up to 100)",
        "服务维度的指标及权重%(合计100)",
    )
    rule_ppm: str = _rule(
        "0..100:100; 100..500:90; 500..1000:80; 1000..5000:60; 5000..10000:30; 10000..:0",
        "Points for PPM (defects per million units inspected): ≤100 → 100, ≤500 → 90, ≤1000 → 80, ≤5000 → 60, ≤10000 → 30, above → 0",
        "PPM(每百万检验件缺陷数)得分: ≤100得100, ≤500得90, ≤1000得80, ≤5000得60, ≤10000得30, 以上0分",
    )
    rule_lot_acceptance: str = _rule(
        _RATE_RULE,
        "Points for lot acceptance rate: 100% → 100, 80% or less → 0, linear between",
        "批合格率得分: 100%得100, ≤80%得0, 之间按直线",
    )
    rule_defect_score: str = _rule(
        "linear: full=0; zero=5",
        "Points for weighted defects per 100 units inspected: 0 → 100, 5 or more → 0",
        "每百件检验品的加权缺陷分得分: 0得100, ≥5得0",
    )
    rule_on_time: str = _rule(
        "0..80%:0; 80%..90%:60; 90%..95%:80; 95%..98%:90; 98%..100%:100",
        "Points for on-time delivery rate: ≥98% → 100, ≥95% → 90, ≥90% → 80, ≥80% → 60, below → 0",
        "准时交货率得分: ≥98%得100, ≥95%得90, ≥90%得80, ≥80%得60, 以下0分",
    )
    rule_fill_rate: str = _rule(
        _RATE_RULE,
        "Points for quantity fill rate: 100% → 100, 80% or less → 0",
        "交货数量满足率得分: 100%得100, ≤80%得0",
    )
    rule_days_late: str = _rule(
        "linear: full=0; zero=10",
        "Points for average days late per delivery: 0 → 100, 10 or more → 0",
        "平均每次交货延误天数得分: 0得100, ≥10天得0",
    )
    rule_price_index: str = _rule(
        "linear: full=0.9; zero=1.3",
        "Points for the price index (1 = market median or target): ≤0.9 → 100, ≥1.3 → 0, 1.0 → 75",
        "价格指数(1 = 市场中位价或目标价)得分: ≤0.9得100, ≥1.3得0, 1.0得75",
    )
    rule_capa_response: str = _rule(
        "linear: full=100%; zero=50%",
        "Points for corrective actions answered by their due date: 100% → 100, ≤50% → 0",
        "纠正措施按期回复率得分: 100%得100, ≤50%得0",
    )
    rule_capa_closure: str = _rule(
        "linear: full=100%; zero=50%",
        "Points for corrective actions closed by their due date: 100% → 100, ≤50% → 0",
        "纠正措施按期关闭率得分: 100%得100, ≤50%得0",
    )
    rule_complaints: str = _rule(
        "linear: full=0; zero=3",
        "Points for customer complaints traced to the supplier: 0 → 100, 3 or more → 0",
        "追溯到该供应商的客户投诉数得分: 0得100, ≥3得0",
    )
    rule_audit_score: str = _rule(
        _SCORE_RULE, "Points for the audit score (0–100): as entered", "审核得分(0–100)折算: 原样计分"
    )
    rule_service_rating: str = _rule(
        _SCORE_RULE, "Points for the service rating (0–100): as entered", "服务评分(0–100)折算: 原样计分"
    )
    rule_cooperation: str = _rule(
        _SCORE_RULE, "Points for cooperation (0–100): as entered", "配合度(0–100)折算: 原样计分"
    )
    defect_weight_critical: float = setting(
        10.0, "Weight of a critical defect in the defect score", "致命缺陷在缺陷分中的权重", ge=0
    )
    defect_weight_major: float = setting(
        5.0, "Weight of a major defect in the defect score", "严重缺陷在缺陷分中的权重", ge=0
    )
    defect_weight_minor: float = setting(
        1.0, "Weight of a minor defect in the defect score", "轻微缺陷在缺陷分中的权重", ge=0
    )
    early_days: int | None = setting(
        None,
        "A delivery more than this many days before the due date counts as not on time; blank: every early delivery is on time",
        "早于要求交期超过该天数即不算准时; 留空: 提前交货都算准时",
        unit="days",
        ge=0,
    )
    late_days: int = setting(
        0,
        "A delivery this many days after the due date still counts as on time",
        "晚于要求交期不超过该天数仍算准时",
        unit="days",
        ge=0,
    )
    min_lots: int = setting(
        3,
        "Fewest lots received in the period to grade a supplier (0: no minimum); below twice this the scorecard says 'graded on thin data'",
        "参与评级的期内最少来料批数(0: 不限); 不足两倍时评分表注明“数据偏少”",
        ge=0,
    )
    min_deliveries: int = setting(
        3,
        "Fewest deliveries due in the period to grade a supplier (0: no minimum); below twice this the scorecard says 'graded on thin data'",
        "参与评级的期内最少应交货次数(0: 不限); 不足两倍时评分表注明“数据偏少”",
        ge=0,
    )
    grade_a: float = setting(90.0, "Lowest total for grade A", "A级最低总分", ge=0, le=100)
    grade_b: float = setting(80.0, "Lowest total for grade B", "B级最低总分", ge=0, le=100)
    grade_c: float = setting(70.0, "Lowest total for grade C (below: D)", "C级最低总分(以下为D级)", ge=0, le=100)
    grade_names: str = setting(
        "A:A; B:B; C:C; D:D",
        "Name (standing) shown for each grade, e.g. 'A:Excellent; B:Average; C:Poor; D:Very Poor'",
        "各等级显示的名称, 如“A:优秀; B:良好; C:合格; D:不合格”",
    )
    grade_colours: str = setting(
        "A:#00B050; B:#92D050; C:#FFC000; D:#FF0000; not_graded:#BFBFBF",
        "Fill colour of each grade (hex)",
        "各等级的填充颜色(十六进制)",
    )
    action_a_en: str = setting(
        "Preferred supplier: increase share", "Consequence of grade A (English)", "A级的处理措施(英文)"
    )
    action_a_zh: str = setting("优选供应商, 增加采购份额", "Consequence of grade A (Chinese)", "A级的处理措施(中文)")
    action_b_en: str = setting("Keep current share", "Consequence of grade B (English)", "B级的处理措施(英文)")
    action_b_zh: str = setting("保持现有份额", "Consequence of grade B (Chinese)", "B级的处理措施(中文)")
    action_c_en: str = setting(
        "Improvement plan and corrective action required", "Consequence of grade C (English)", "C级的处理措施(英文)"
    )
    action_c_zh: str = setting(
        "要求提交改进计划并采取纠正措施", "Consequence of grade C (Chinese)", "C级的处理措施(中文)"
    )
    action_d_en: str = setting(
        "Suspend new orders and review the supplier", "Consequence of grade D (English)", "D级的处理措施(英文)"
    )
    action_d_zh: str = setting(
        "暂停新订单并重新评审供应商资格", "Consequence of grade D (Chinese)", "D级的处理措施(中文)"
    )
    class_i_share: float = setting(
        0.10,
        "Share of annual spend (0.10 = 10%) from which a supplier is class I",
        "年采购额占比达到该值即为I类供应商(0.10 = 10%)",
        ge=0,
        le=1,
    )
    class_ii_share: float = setting(
        0.03,
        "Share of annual spend (0.03 = 3%) from which a supplier is class II",
        "年采购额占比达到该值即为II类供应商(0.03 = 3%)",
        ge=0,
        le=1,
    )
    single_source_class: Literal["I", "II", "III"] = setting(
        "I", "Class of a supplier that is the only source of a critical part", "关键件唯一货源供应商的重要度"
    )
    critical_part_class: Literal["I", "II", "III"] = setting(
        "II", "Class (at least) of a supplier of a critical part", "关键件供应商的最低重要度"
    )

    @field_validator("criteria_weights")
    @classmethod
    def _criteria(cls, value: str, info: ValidationInfo) -> str:
        parse_weights(value, _key(info), CRITERIA)
        return value

    @field_validator("quality_metrics", "delivery_metrics", "price_metrics", "service_metrics")
    @classmethod
    def _metrics(cls, value: str, info: ValidationInfo) -> str:
        parse_weights(value, _key(info), tuple(METRIC_RANGES))
        return value

    @field_validator(*(f"rule_{m}" for m in METRIC_RANGES))
    @classmethod
    def _rules(cls, value: str, info: ValidationInfo) -> str:
        parse_rule(value, _key(info), str(info.field_name).removeprefix("rule_"))
        return value

    @field_validator(*(f"criterion_{n}" for n in range(1, CRITERION_SLOTS + 1)))
    @classmethod
    def _criterion(cls, value: str, info: ValidationInfo) -> str:
        if value.strip():
            parse_criterion(value, _key(info))
        return value

    @field_validator("period_weighting")
    @classmethod
    def _weighting(cls, value: str, info: ValidationInfo) -> str:
        if value.strip():
            parse_weighting(value, _key(info))
        return value

    @field_validator("grade_names")
    @classmethod
    def _names(cls, value: str, info: ValidationInfo) -> str:
        parse_grade_names(value, _key(info))
        return value

    @field_validator("grade_colours")
    @classmethod
    def _colours(cls, value: str, info: ValidationInfo) -> str:
        parse_colours(value, _key(info))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ScoringConfig:
        seen: dict[str, str] = {}
        for criterion in CRITERIA:
            for metric in self.metric_weights(criterion):
                if metric in seen:
                    raise ConfigError(
                        "scoring_metric_twice",
                        setting=f"scoring.{criterion}_metrics",
                        metric=metric,
                        other=f"scoring.{seen[metric]}_metrics",
                    )
                seen[metric] = criterion
        formulas = self.formula_criteria()
        if formulas:
            names = [c.name.casefold() for c in formulas]
            for criterion in formulas:
                if names.count(criterion.name.casefold()) > 1:
                    raise ConfigError("criteria_name_twice", setting=criterion.setting, name=criterion.name)
            total = sum(c.weight for c in formulas)
            if not math.isclose(total, 100.0, abs_tol=1e-9):
                raise ConfigError("scoring_weights_sum", setting=formulas[0].setting, total=f"{total:g}")
        if not self.grade_a > self.grade_b > self.grade_c:
            raise ConfigError(
                "scoring_grade_order",
                setting="scoring.grade_a",
                a=f"{self.grade_a:g}",
                b=f"{self.grade_b:g}",
                c=f"{self.grade_c:g}",
            )
        if self.class_ii_share > self.class_i_share:
            raise ConfigError(
                "scoring_class_order",
                setting="scoring.class_ii_share",
                i=f"{self.class_i_share:g}",
                ii=f"{self.class_ii_share:g}",
            )
        return self

    def criteria(self) -> dict[str, float]:
        """Weighted criteria → weight in %."""
        return parse_weights(self.criteria_weights, "scoring.criteria_weights", CRITERIA)

    def metric_weights(self, criterion: str) -> dict[str, float]:
        """The metrics of ``criterion`` → weight in % within it."""
        key = f"{criterion}_metrics"
        return parse_weights(getattr(self, key), f"scoring.{key}", tuple(METRIC_RANGES))

    def rule(self, metric: str) -> Rule:
        key = f"rule_{metric}"
        return parse_rule(getattr(self, key), f"scoring.{key}", metric)

    def formula_criteria(self) -> tuple[Criterion, ...]:
        """The filled criterion cells in slot order; empty when grading uses criteria_weights and the rules."""
        cells = ((f"criterion_{n}", getattr(self, f"criterion_{n}")) for n in range(1, CRITERION_SLOTS + 1))
        return tuple(parse_criterion(text, f"scoring.{key}") for key, text in cells if text.strip())

    def weighting(self) -> pl.Expr | None:
        """The month weight as an expression of ``period_number``; None for equal weights."""
        return (
            parse_weighting(self.period_weighting, "scoring.period_weighting")
            if self.period_weighting.strip()
            else None
        )

    def grade_name(self, grade: str) -> str:
        """The configured name of grade ``A`` … ``D``."""
        return parse_grade_names(self.grade_names, "scoring.grade_names")[grade]

    def colours(self) -> dict[str, str]:
        return parse_colours(self.grade_colours, "scoring.grade_colours")

    def action(self, grade: str, lang: Literal["zh", "en"]) -> str:
        return str(getattr(self, f"action_{grade.lower()}_{lang}"))


def _key(info: ValidationInfo) -> str:
    return f"scoring.{info.field_name}"
