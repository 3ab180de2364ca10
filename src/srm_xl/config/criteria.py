"""Criteria written as formulas over named variables: the variable catalogue, the criterion cell's syntax and
the formula compiler.

A criterion is one Config cell (``scoring.criterion_1`` … ``scoring.criterion_10``)::

    price | GREATEST(0, LEAST(40, 20 + 2 * (1 - part_price_index) * 100)) | max=40 | weight=40 | per=part
    service | service_rating | max=10 | weight=10 | missing=zero
    quality | lot_reject_rate by linear: full=0; zero=20%  | max=30 | weight=30

- the name, then the formula, then ``key=value`` parts: ``max`` (maximum score, > 0), ``weight`` (% of the
  total; the criteria's weights add up to 100), ``missing`` (``reweight`` — default: the criterion drops out and
  the others share its weight; ``zero`` — it scores 0; ``not_graded`` — the supplier is not graded) and ``per``
  (``supplier`` — default; ``part`` — the formula is scored per part the supplier sold and the scores are
  averaged over those parts);
- the formula is a SQL expression (numbers, ``+ - * /``, comparisons, ``CASE WHEN … THEN … ELSE … END``,
  ``IF(cond, a, b)``, ``LEAST``/``GREATEST`` (``min``/``max`` are read as these), ``ROUND``, ``ABS``,
  ``COALESCE``, ``NULLIF``) whose only identifiers are the variables of ``VARIABLES``; ``{name}`` is read as
  ``name``. Or a shorthand ``VARIABLE by RULE`` with a banded or linear rule (0–100 points scaled to ``max``);
- a criterion's result is its formula clipped to 0 … ``max``; its contribution to the total is
  ``result / max × weight``. A variable without data (null) triggers the missing-data policy *before* the
  formula runs, as does a formula that divides by zero.

Compiled with ``pl.sql_expr`` — never Python ``eval`` — and checked by a dry run when the Config is loaded, so
an unknown variable or a syntax error stops a job before anything is written, naming the cell.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import polars as pl

from srm_xl.errors import ConfigError

Missing = Literal["reweight", "zero", "not_graded"]
Per = Literal["supplier", "part"]
CRITERION_SLOTS = 10
_INF = math.inf


@dataclass(frozen=True)
class Variable:
    """A figure a formula may use: its unit and its range (for banded-rule coverage)."""

    name: str
    unit: str
    en: str
    zh: str
    low: float = 0.0
    high: float = _INF


def _rate(name: str, en: str, zh: str) -> Variable:
    return Variable(name, "0–1", en, zh, 0.0, 1.0)


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "lots", "lots", "Lots received (inspection log, received date in the period)", "期内到货批数(来料检验记录)"
    ),
    Variable("lots_accepted", "lots", "Lots accepted", "接收批数"),
    Variable("lots_rejected", "lots", "Lots rejected", "拒收批数"),
    _rate("lot_reject_rate", "Lots rejected / lots received", "批退率 = 拒收批数 / 到货批数"),
    _rate("lot_acceptance", "Lots accepted / lots with a decision", "批合格率 = 接收批数 / 已判定批数"),
    Variable("qty_received", "units", "Quantity received (Σ lot size)", "到货数量(批量合计)"),
    Variable(
        "qty_accepted",
        "units",
        "Quantity accepted (column, else lot size − rejected, else by decision)",
        "合格数量(取该列, 否则批量−不合格数, 否则按判定)",
    ),
    Variable(
        "qty_rejected",
        "units",
        "Quantity rejected (column, else lot size − accepted, else by decision)",
        "不合格数量(取该列, 否则批量−合格数, 否则按判定)",
    ),
    _rate("qty_acceptance", "Quantity accepted / quantity received", "数量合格率 = 合格数量 / 到货数量"),
    Variable("inspected", "units", "Units inspected (Σ sample size)", "检验数量(样本量合计)"),
    Variable("defects", "defects", "Defects found (critical + major + minor)", "缺陷数(致命+严重+轻微)"),
    Variable("ppm", "ppm", "Defects per million units inspected", "每百万检验件缺陷数"),
    Variable(
        "defect_score", "points/100 units", "Weighted defects per 100 units inspected", "每百件检验品的加权缺陷分"
    ),
    Variable("deliveries", "lines", "Delivery lines due in the period", "期内应交货次数"),
    Variable("deliveries_on_time", "lines", "Lines delivered on time", "准时交货次数"),
    Variable("deliveries_late", "lines", "Lines delivered late or not delivered", "延误(含未交)次数"),
    _rate("on_time", "On-time lines / lines due", "准时交货率"),
    _rate("late_rate", "Late lines / lines due", "延误率 = 延误次数 / 应交货次数"),
    Variable(
        "days_late_sum",
        "days",
        "Days late, summed over lines (undelivered: to the period's end)",
        "延误天数合计(未交的算到期末)",
    ),
    Variable("days_late", "days", "Days late per line due (mean)", "平均每次延误天数"),
    Variable("days_late_max", "days", "Most days late of one line", "单次最长延误天数"),
    Variable("deliveries_otif", "lines", "Lines on time and in full (delivered ≥ ordered)", "准时足量交货次数"),
    _rate("otif_rate", "On-time-in-full lines / lines due", "准时足量交货率"),
    Variable(
        "value_on_time",
        "currency",
        "Value received on time (unit price × quantity delivered on on-time lines)",
        "准时交货金额(单价×准时交货数量)",
    ),
    Variable(
        "value_due", "currency", "Value of all lines due (unit price × quantity ordered)", "应交货总金额(单价×订购数量)"
    ),
    _rate("value_on_time_rate", "Value on time / value of all lines", "按金额的准时率"),
    _rate("fill_rate", "Σ min(delivered, ordered) / Σ ordered", "交货数量满足率"),
    Variable(
        "price_index", "ratio", "Average price / target price, spend-weighted over parts", "价格指数(按采购额加权)"
    ),
    Variable("price_index_mean", "ratio", "Average price / target price, mean over parts", "价格指数(各物料平均)"),
    Variable("parts_priced", "parts", "Parts bought with a target price", "有目标价的物料数"),
    Variable(
        "part_price_index",
        "ratio",
        "One part's average price / its target price (per=part criteria)",
        "单个物料的均价/目标价(按物料计分时)",
    ),
    Variable(
        "part_price",
        "currency",
        "One part's average unit price (per=part criteria)",
        "单个物料的平均单价(按物料计分时)",
    ),
    Variable(
        "target_price", "currency", "One part's target price (per=part criteria)", "单个物料的目标价(按物料计分时)"
    ),
    Variable(
        "line_stoppages",
        "events",
        "Line stoppages caused (Line stoppages sheet + Manual ratings column)",
        "造成停线(停工待料)次数",
    ),
    Variable("complaints", "complaints", "Customer complaints traced to the supplier", "追溯到该供应商的客户投诉数"),
    Variable(
        "claims_charged",
        "currency",
        "Claims charged in the period, waived lines excluded (Claims sheet as last computed)",
        "期内索赔金额(不含豁免, 取最近一次计算的索赔明细)",
    ),
    Variable(
        "internal_cost",
        "currency",
        "Sorting, rework and scrap costs recorded on lots of the period and not charged back",
        "期内批次登记的挑选、返工、报废费用中未索赔的部分",
    ),
    Variable(
        "copq",
        "currency",
        "Cost of poor quality: claims charged + internal cost not charged back",
        "质量损失成本 = 索赔金额 + 未索赔的内部损失",
    ),
    Variable("capa_due", "actions", "Corrective actions due in the period", "期内到期的纠正措施数"),
    Variable(
        "capa_answered_on_time", "actions", "Corrective actions answered by their due date", "按期回复的纠正措施数"
    ),
    Variable("capa_closed_on_time", "actions", "Corrective actions closed by their due date", "按期关闭的纠正措施数"),
    _rate("capa_response", "Answered on time / due", "纠正措施按期回复率"),
    _rate("capa_closure", "Closed on time / due", "纠正措施按期关闭率"),
    Variable("audit_score", "0–100", "Audit score (Manual ratings, mean)", "审核得分(人工评分, 平均)", 0.0, 100.0),
    Variable(
        "service_rating",
        "0–scale",
        "Service rating in the declared scale (Manual ratings, mean)",
        "服务评分(按声明的分制, 平均)",
    ),
    Variable(
        "cooperation",
        "0–scale",
        "Cooperation rating in the declared scale (Manual ratings, mean)",
        "配合度(按声明的分制, 平均)",
    ),
)
"""Every name a criterion formula may use, with its unit (documented in the README)."""
VARIABLE_BY_NAME = {v.name: v for v in VARIABLES}
PART_VARIABLES = ("part_price_index", "part_price", "target_price")
"""Variables that exist per part only: a formula using them must be scored ``per=part``."""


@dataclass(frozen=True)
class Criterion:
    """One parsed criterion cell."""

    name: str
    formula: str
    max_score: float
    weight: float
    missing: Missing
    per: Per
    setting: str

    @property
    def variables(self) -> tuple[str, ...]:
        """The variables the formula reads, in order of first use."""
        return compile_formula(self.formula, self.setting, self.per)[1]

    def expr(self) -> pl.Expr:
        """The formula as a polars expression over the variables' columns, in points (not yet clipped)."""
        expr = compile_formula(self.formula, self.setting, self.per)[0]
        return expr * self.max_score if is_shorthand(self.formula) else expr


_KEYS = {
    "max": "max",
    "满分": "max",
    "weight": "weight",
    "权重": "weight",
    "missing": "missing",
    "缺失": "missing",
    "per": "per",
    "按": "per",
}
_MISSING = {
    "reweight": "reweight",
    "重新分配": "reweight",
    "zero": "zero",
    "0": "zero",
    "零分": "zero",
    "计0分": "zero",
    "not_graded": "not_graded",
    "不评级": "not_graded",
}
_PER = {"supplier": "supplier", "供应商": "supplier", "part": "part", "物料": "part", "零件": "part"}
_FUNCTIONS = {"min": "LEAST", "max": "GREATEST"}
_BY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s+by\s+(.+)$", re.IGNORECASE | re.DOTALL)


def normalise_formula(text: str) -> str:
    """Full-width to half-width, ``×``/``÷`` to ``*``/``/``, ``{name}`` to ``name``."""
    folded = unicodedata.normalize("NFKC", text).replace("×", "*").replace("÷", "/").replace("−", "-")
    return re.sub(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}", r"\1", folded).strip()


def _number(text: str, setting: str, part: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ConfigError("criteria_bad_part", setting=setting, part=part) from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError("criteria_bad_part", setting=setting, part=part)
    return value


@cache
def parse_criterion(text: str, setting: str) -> Criterion:
    """A criterion cell (see the module doc) → ``Criterion``; a ``ConfigError`` naming ``setting`` if wrong."""
    parts = [p.strip() for p in normalise_formula(text).split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise ConfigError("criteria_syntax", setting=setting)
    name, formula = parts[0], parts[1]
    found: dict[str, str] = {}
    for part in parts[2:]:
        key, _, value = part.partition("=")
        canonical = _KEYS.get(key.strip().casefold())
        if canonical is None or not value.strip():
            raise ConfigError("criteria_bad_part", setting=setting, part=part)
        found[canonical] = value.strip()
    if "weight" not in found:
        raise ConfigError("criteria_no_weight", setting=setting, name=name)
    missing = _MISSING.get(found.get("missing", "reweight").casefold())
    per = _PER.get(found.get("per", "supplier").casefold())
    if missing is None:
        raise ConfigError("criteria_bad_part", setting=setting, part=f"missing={found['missing']}")
    if per is None:
        raise ConfigError("criteria_bad_part", setting=setting, part=f"per={found['per']}")
    criterion = Criterion(
        name,
        formula,
        _number(found.get("max", "100"), setting, "max"),
        _number(found["weight"], setting, "weight"),
        missing,
        per,
        setting,
    )  # type: ignore[arg-type]
    compile_formula(formula, setting, per)
    return criterion


@cache
def compile_formula(formula: str, setting: str, per: Per) -> tuple[pl.Expr, tuple[str, ...]]:
    """``formula`` as a polars expression and the variables it reads; refuses unknown identifiers, syntax
    errors, per-part variables outside ``per=part`` and results that are not numbers (checked by a dry run)."""
    shorthand = _BY.match(formula)
    if shorthand is not None:
        return _rule_expr(shorthand.group(1), shorthand.group(2), setting, per)
    sql = re.sub(r"\b(min|max)\s*\(", lambda m: _FUNCTIONS[m.group(1).casefold()] + "(", formula, flags=re.IGNORECASE)
    try:
        expr = pl.sql_expr(sql)
    except Exception as error:  # polars raises several SQL error types; all mean "cannot read this formula"
        raise ConfigError(
            "criteria_formula_syntax", setting=setting, formula=formula, reason=str(error).splitlines()[0]
        ) from None
    names = tuple(dict.fromkeys(expr.meta.root_names()))
    _check_names(names, setting, per)
    _dry_run(expr, names, setting, formula)
    return expr.cast(pl.Float64), names


def _check_names(names: tuple[str, ...], setting: str, per: Per) -> None:
    for name in names:
        if name not in VARIABLE_BY_NAME:
            raise ConfigError(
                "criteria_unknown_variable", setting=setting, name=name, known=", ".join(v.name for v in VARIABLES)
            )
        if name in PART_VARIABLES and per != "part":
            raise ConfigError("criteria_part_variable", setting=setting, name=name)


def _dry_run(expr: pl.Expr, names: tuple[str, ...], setting: str, formula: str) -> None:
    frame = pl.DataFrame({n: [1.0, 0.0] for n in names} or {"_": [0.0, 0.0]})
    try:
        result = frame.select(expr.alias("r")).get_column("r")
    except Exception as error:  # any failure of the dry run is a formula the user must fix
        raise ConfigError(
            "criteria_formula_syntax", setting=setting, formula=formula, reason=str(error).splitlines()[0]
        ) from None
    if not (result.dtype.is_numeric() or result.dtype == pl.Boolean):
        raise ConfigError("criteria_not_number", setting=setting, formula=formula)


def _rule_expr(name: str, rule_text: str, setting: str, per: Per) -> tuple[pl.Expr, tuple[str, ...]]:
    """``VARIABLE by RULE``: the rule's 0–100 points (scaled to the criterion's maximum by the caller)."""
    from srm_xl.config.scoring import parse_span_rule, points_expr

    _check_names((name,), setting, per)
    variable = VARIABLE_BY_NAME[name]
    rule = parse_span_rule(rule_text, setting, (variable.low, variable.high))
    return points_expr(rule, pl.col(name).cast(pl.Float64)) / 100.0, (name,)


def is_shorthand(formula: str) -> bool:
    """Whether ``formula`` is a ``VARIABLE by RULE`` shorthand (its points are 0–100, scaled to ``max``)."""
    return _BY.match(formula) is not None
