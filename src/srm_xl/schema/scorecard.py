"""Supplier scorecard results (scorecard, history, explanation, corrective-action list) and the manual ratings
users enter for them."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import GRADES, IMPORTANCE, PART, SUPPLIER_REF
from srm_xl.schema.suppliers import SUPPLIER_CATEGORY

_POINTS = {"dtype": "float", "number_format": "0.0", "min_value": 0, "max_value": 100}
_RATE = {"dtype": "percent", "number_format": "0.0%", "computed": True}
_FIGURE = {"dtype": "float", "computed": True}

CRITERIA = choices(
    ("quality", "质量", "Quality"),
    ("delivery", "交付", "Delivery"),
    ("price", "价格", "Price"),
    ("service", "服务", "Service"),
)
METRIC_COLUMNS = (
    Column("lot_acceptance", "批合格率", "Lot acceptance", **_RATE),
    Column("ppm", "PPM", "PPM", number_format="#,##0", **_FIGURE),
    Column("defect_score", "缺陷分", "Defect score", number_format="0.00", **_FIGURE),
    Column("on_time", "准时交货率", "On-time delivery", **_RATE),
    Column("fill_rate", "数量满足率", "Fill rate", **_RATE),
    Column("days_late", "平均延误天数", "Average days late", number_format="0.0", **_FIGURE),
    Column("price_index", "价格指数", "Price index", number_format="0.000", **_FIGURE),
    Column("capa_response", "纠正措施按期回复率", "CAPA answered on time", **_RATE),
    Column("capa_closure", "纠正措施按期关闭率", "CAPA closed on time", **_RATE),
    Column("complaints", "客户投诉数", "Customer complaints", number_format="0", **_FIGURE),
    Column("audit_score", "审核得分", "Audit score", number_format="0.0", **_FIGURE),
    Column("service_rating", "服务评分", "Service rating", number_format="0.0", **_FIGURE),
    Column("cooperation", "配合度", "Cooperation", number_format="0.0", **_FIGURE),
)
"""One column per scoring metric (keys as in ``srm_xl.config.scoring.METRIC_RANGES``)."""
METRICS = choices(*((c.key, c.zh, c.en) for c in METRIC_COLUMNS))

_PERIOD = Column("period", "期间", "Period", required=True, synonyms=("评价期间", "月份", "季度"))
_NAME = Column("name", "供应商名称", "Supplier name", width=28)
_IMPORTANCE = Column("importance", "重要度", "Importance class", choices=IMPORTANCE)
_TOTAL = Column("total", "总分", "Total", **_POINTS)
_GRADE = Column("grade", "等级", "Grade", choices=GRADES)
_CHANGE = Column("change", "较上期变化", "Change vs last period", dtype="float", number_format="+0.0;-0.0;0.0")
_ACTION = Column("action", "处理措施", "Consequence", width=36)
_REASON = Column("reason", "未评级原因", "Not graded because", width=36)
_STANDING = Column(
    "standing",
    "等级名称",
    "Standing",
    width=14,
    help_zh="Config 中 scoring.grade_names 给各等级起的名称",
    help_en="The grade's name from Config scoring.grade_names",
)
GRADE_FILLS = {"A": "C6EFCE", "B": "DDEBF7", "C": "FFEB9C", "D": "FFC7CE", "not_graded": "D9D9D9"}
"""Default fill of each grade's cell; the grading job uses the Config sheet's ``scoring.grade_colours``."""

SCORECARD = SheetSpec(
    "scorecard",
    "供应商评分",
    "Scorecard",
    table="tblScorecard",
    kind="result",
    key_columns=("period", "supplier"),
    synonyms=("评分表", "绩效评价", "供应商绩效", "supplier scorecard", "performance"),
    highlights=tuple(Highlight("grade", fill, equals=g) for g, fill in GRADE_FILLS.items()),
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        _NAME,
        Column("category", "类别", "Category", choices=SUPPLIER_CATEGORY, vocabulary="open"),
        _IMPORTANCE,
        Column("rank_in_category", "类别内排名", "Rank in category", dtype="int"),
        Column("quality_points", "质量得分", "Quality points", **_POINTS),
        Column("delivery_points", "交付得分", "Delivery points", **_POINTS),
        Column("price_points", "价格得分", "Price points", **_POINTS),
        Column("service_points", "服务得分", "Service points", **_POINTS),
        _TOTAL,
        _GRADE,
        _STANDING,
        Column("previous_grade", "上期等级", "Last period's grade", choices=GRADES),
        _CHANGE,
        _ACTION,
        Column("reweighted", "权重重分配的维度", "Criteria without data (weight shared out)", width=24),
        _REASON,
        Column(
            "note",
            "说明",
            "Note",
            width=36,
            help_zh="如“数据偏少”: 批数或交货次数不足最低要求的两倍",
            help_en="e.g. 'graded on thin data': fewer than twice the minimum lots or deliveries",
        ),
        Column(
            "criteria_results",
            "各项得分",
            "Criteria results",
            width=40,
            help_zh="公式评价项: 名称 得分/满分",
            help_en="Formula criteria: name result/maximum",
        ),
        Column("lots", "来料批数", "Lots", dtype="int"),
        Column("lots_rejected", "拒收批数", "Lots rejected", dtype="int"),
        Column("deliveries", "交货次数", "Deliveries", dtype="int"),
        *METRIC_COLUMNS,
    ),
)

SCORE_HISTORY = SheetSpec(
    "score_history",
    "评分历史",
    "Scorecard history",
    table="tblScoreHistory",
    kind="result",
    key_columns=("period", "supplier"),
    synonyms=("历史评分", "score history"),
    highlights=SCORECARD.highlights,
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        _NAME,
        _IMPORTANCE,
        _TOTAL,
        _GRADE,
        METRIC_COLUMNS[1],
        METRIC_COLUMNS[3],
    ),
)

SCORE_EXPLANATION = SheetSpec(
    "score_explanation",
    "评分说明",
    "Score explanation",
    table="tblScoreExplanation",
    kind="result",
    key_columns=("period", "supplier", "metric"),
    synonyms=("得分明细", "score details"),
    help_zh="每个指标: 原始数据 → 指标值 → 得分 → 权重 → 对总分的贡献; 同一供应商各行贡献之和即总分",
    help_en="Each metric: raw figures → value → points → weight → contribution; a supplier's contributions add up to its total",
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        _NAME,
        Column(
            "month",
            "所属月份",
            "Month of the period",
            help_zh="按月合成时: 该行所属月份",
            help_en="When months are rolled up: the row's month",
        ),
        Column("criterion", "评价维度", "Criterion", choices=CRITERIA),
        Column("metric", "指标", "Metric", choices=METRICS, width=20),
        Column("definition", "计算方法", "How it is computed", width=40),
        Column("numerator", "分子", "Numerator", dtype="float", number_format="#,##0.###"),
        Column("denominator", "分母", "Denominator", dtype="float", number_format="#,##0.###"),
        Column("value", "指标值", "Value", dtype="float", number_format="#,##0.0###"),
        Column("rule", "计分规则/公式", "Points rule or formula", width=40),
        Column("variables", "变量取值", "Variable values", width=48),
        Column("points", "得分", "Points", dtype="float", number_format="0.00", min_value=0),
        Column("max_score", "满分", "Maximum", dtype="float", number_format="0.##"),
        Column("metric_weight", "指标权重%", "Metric weight %", dtype="float", number_format="0.##"),
        Column("criterion_weight", "维度权重%", "Criterion weight %", dtype="float", number_format="0.##"),
        Column("effective_weight", "实际权重%", "Effective weight %", dtype="float", number_format="0.00"),
        Column(
            "month_weight",
            "月份权重",
            "Month weight",
            dtype="float",
            number_format="0.0000",
            help_zh="该月在本期总分中的占比",
            help_en="The month's share of the period's total",
        ),
        Column("contribution", "对总分的贡献", "Contribution to total", dtype="float", number_format="0.000"),
        _TOTAL,
    ),
)

SCORE_ACTIONS = SheetSpec(
    "score_actions",
    "整改供应商",
    "Corrective action list",
    table="tblScoreActions",
    kind="result",
    key_columns=("period", "supplier"),
    synonyms=("待整改供应商", "c/d suppliers"),
    highlights=SCORECARD.highlights,
    columns=(_PERIOD, SUPPLIER_REF, _NAME, _IMPORTANCE, _TOTAL, _GRADE, _CHANGE, _ACTION),
)

MANUAL_RATINGS = SheetSpec(
    "manual_ratings",
    "人工评分",
    "Manual ratings",
    table="tblManualRatings",
    key_columns=("period", "supplier"),
    synonyms=("主观评分", "服务评分", "manual scores", "ratings"),
    columns=(
        Column(
            "period",
            "期间",
            "Period",
            required=True,
            help_zh="如 2026-Q3 或 2026-07",
            help_en="e.g. 2026-Q3 or 2026-07",
        ),
        SUPPLIER_REF,
        Column("audit_score", "审核得分", "Audit score", **_POINTS),
        Column("service_rating", "服务评分", "Service rating", **_POINTS),
        Column("cooperation", "配合度", "Cooperation", **_POINTS),
        Column(
            "line_stoppages",
            "停线次数",
            "Line stoppages",
            dtype="int",
            min_value=0,
            synonyms=("停工待料次数", "停线", "停工待料", "line stops", "stoppages"),
            help_zh="该期间因该供应商造成的停线(停工待料)次数",
            help_en="Line stoppages the supplier caused in the period",
        ),
        Column("rated_by", "评分人", "Rated by"),
    ),
)

STOPPAGES = SheetSpec(
    "stoppages",
    "停线记录",
    "Line stoppages",
    table="tblStoppages",
    synonyms=("停工待料", "停线", "停工记录", "line stoppage log", "line stops"),
    columns=(
        Column(
            "date", "日期", "Date", dtype="date", required=True, synonyms=("停线日期", "发生日期", "date of stoppage")
        ),
        SUPPLIER_REF,
        PART,
        Column(
            "hours",
            "停线时长(小时)",
            "Hours stopped",
            dtype="float",
            min_value=0,
            number_format="0.0",
            synonyms=("停线时长", "时长", "duration", "hours"),
        ),
        Column("description", "说明", "Description", width=40, synonyms=("原因", "情况说明", "reason")),
    ),
)

SHEETS = (SCORECARD, SCORE_HISTORY, SCORE_EXPLANATION, SCORE_ACTIONS, MANUAL_RATINGS, STOPPAGES)
