"""The supplier risk register."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import PART

RISK_CATEGORIES = choices(
    ("quality", "质量", "Quality"),
    ("delivery", "交付", "Delivery"),
    ("price", "价格", "Price"),
    ("compliance", "法律合规", "Legal/compliance", ("法律", "合规", "legal")),
    ("financial", "财务", "Financial"),
    ("reputation", "声誉", "Reputation"),
    ("continuity", "供应连续性", "Supply continuity", ("供应中断", "continuity")),
    ("infosec", "信息安全", "Information security", ("information security",)),
)
RISK_LEVELS = choices(
    ("low", "低", "Low"),
    ("medium", "中", "Medium"),
    ("high", "高", "High"),
    ("critical", "极高", "Critical", ("严重",)),
)
RISK_STATUS = choices(
    ("open", "未处理", "Open", ("打开", "新建", "未关闭", "待处理", "new", "identified", "active")),
    ("in_progress", "处理中", "In progress", ("进行中", "跟进中", "ongoing", "mitigating", "in work")),
    ("mitigated", "已缓解", "Mitigated", ("缓解", "controlled", "monitoring", "monitored")),
    (
        "resolved",
        "已解除",
        "Resolved",
        ("已关闭", "关闭", "closed", "结案", "完成", "已完成", "done", "retired", "eliminated"),
    ),
    ("accepted", "已接受", "Accepted", ("risk accepted", "tolerated")),
)
_SCALE = {"dtype": "int", "min_value": 1, "max_value": 5}

RISKS = SheetSpec(
    "risks",
    "风险登记册",
    "Risks",
    table="tblRisks",
    key_columns=("risk_id",),
    synonyms=("风险清单", "风险识别", "风险台账", "risk register", "risk"),
    highlights=(
        Highlight("level", "C00000", equals="critical", color="FFFFFF"),
        Highlight("level", "FFC7CE", equals="high", color="9C0006"),
        Highlight("level", "FFEB9C", equals="medium", color="9C5700"),
        Highlight("level", "C6EFCE", equals="low", color="006100"),
    ),
    columns=(
        Column(
            "risk_id",
            "风险编号",
            "Risk ID",
            required=True,
            unique=True,
            synonyms=("编号", "id", "risk no", "risk #", "risk number"),
        ),
        Column("supplier", "供应商代码", "Supplier code", ref="suppliers.code", synonyms=("供应商", "supplier")),
        PART,
        Column(
            "category",
            "风险类别",
            "Category",
            required=True,
            choices=RISK_CATEGORIES,
            synonyms=("类别", "类型", "risk category", "risk type"),
        ),
        Column(
            "description",
            "风险描述",
            "Description",
            required=True,
            width=40,
            synonyms=("描述", "风险", "risk description", "hazard", "risk item"),
        ),
        Column(
            "likelihood",
            "可能性",
            "Likelihood",
            required=True,
            synonyms=("发生可能性", "概率", "probability", "occurrence", "prob"),
            **_SCALE,
        ),
        Column(
            "impact",
            "影响程度",
            "Impact",
            required=True,
            synonyms=("影响", "严重度", "severity", "consequence"),
            **_SCALE,
        ),
        Column("score", "风险值", "Score", dtype="int", computed=True, synonyms=("风险分值", "rpn")),
        Column("level", "风险等级", "Level", choices=RISK_LEVELS, computed=True, synonyms=("等级",)),
        Column(
            "owner",
            "负责人",
            "Owner",
            synonyms=(
                "责任人",
                "risk owner",
                "responsible",
            ),
        ),
        Column(
            "controls",
            "现有控制",
            "Controls",
            width=30,
            synonyms=(
                "控制措施",
                "current controls",
                "existing controls",
            ),
        ),
        Column(
            "plan",
            "应对/应急计划",
            "Mitigation / contingency plan",
            width=36,
            synonyms=(
                "应对措施",
                "应急计划",
                "mitigation",
                "contingency",
                "action plan",
                "mitigation plan",
                "response plan",
                "actions",
            ),
        ),
        Column("due_date", "完成期限", "Due date", dtype="date", synonyms=("期限", "due", "target date")),
        Column("status", "状态", "Status", choices=RISK_STATUS, synonyms=("risk status",)),
        Column("residual_likelihood", "剩余可能性", "Residual likelihood", **_SCALE),
        Column("residual_impact", "剩余影响", "Residual impact", **_SCALE),
        Column(
            "source", "来源", "Source", computed=True, help_zh="manual 或规则编号", help_en="manual, or the rule id"
        ),
        Column(
            "trigger",
            "触发值",
            "Trigger value",
            computed=True,
            width=24,
            help_zh="规则发现风险时的数据(如剩余天数、PPM、准时率)",
            help_en="What the rule found (days left, PPM, on-time rate …)",
        ),
        Column(
            "scan_rating",
            "扫描评定",
            "Scan rating",
            computed=True,
            width=12,
            help_zh="风险扫描按数据评定的 可能性×影响(如 4×4); 你改过的可能性、影响程度不会被扫描改回",
            help_en="Likelihood × impact as the scan rates them from the data (4×4); a likelihood or impact you "
            "changed is never set back by the scan",
        ),
        Column("first_seen", "首次发现", "First seen", dtype="date", computed=True),
        Column("last_seen", "最近发现", "Last seen", dtype="date", computed=True),
        Column(
            "resolved",
            "解除日期",
            "Resolved on",
            dtype="date",
            computed=True,
            synonyms=("关闭日期", "resolved date"),
            help_zh="规则条件消失时由风险扫描填写",
            help_en="Filled by the risk scan when the rule's condition has cleared",
        ),
        Column("notes", "备注", "Notes", width=30, synonyms=("说明", "remarks", "comments")),
    ),
)

_LEVEL_FILLS = {h.equals: (h.fill, h.color) for h in RISKS.highlights}
LEVEL_COLOURS: dict[str, tuple[str, str | None]] = {c.key: _LEVEL_FILLS[c.key] for c in RISK_LEVELS}
"""Each level's (fill, font colour), the same on the register and the heat map."""

RISK_HEATMAP = SheetSpec(
    "risk_heatmap",
    "风险热力图",
    "Risk heat map",
    table="tblRiskHeatMap",
    kind="result",
    key_columns=("risk_id",),
    help_zh="由风险扫描整表重写: 未关闭风险的 5×5 矩阵(可能性 × 影响)、按类别统计, 及按等级列出的清单",
    help_en="Rewritten whole by the risk scan: open risks as a 5×5 grid (likelihood × impact), counts by category, and a list by level",
    highlights=RISKS.highlights,
    columns=tuple(
        RISKS.column(k)
        for k in (
            "level",
            "risk_id",
            "supplier",
            "part",
            "category",
            "score",
            "likelihood",
            "impact",
            "description",
            "owner",
            "status",
            "due_date",
        )
    ),
)

SHEETS = (
    RISKS,
    RISK_HEATMAP,
)
