"""The corrective-action (SCAR / 8D) register.

``status`` is what a person decides (e.g. "verified", "closed"); ``state`` is what the SCAR job derives from the
dates and responses (open / responded / verified / closed / overdue / due soon) and is the column the dashboard,
the scorecard's responsiveness metric and the risk scan read. ``overdue_steps`` lists the 8D steps past due.
"""

from __future__ import annotations

from srm_xl.schema.column import Choice, Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import PART, SUPPLIER_REF

CAPA_STATUS = choices(
    (
        "open",
        "待回复",
        "Open",
        ("打开", "新建", "未回复", "open", "未关闭", "处理中", "进行中", "待处理", "new", "in progress"),
    ),
    ("responded", "已回复", "Responded", ("回复", "replied", "answered")),
    ("verified", "已验证", "Verified", ("验证", "待关闭")),
    ("closed", "已关闭", "Closed", ("关闭", "结案", "已结案", "完成", "已完成", "done", "completed")),
    ("overdue", "已逾期", "Overdue", ("逾期", "超期", "late")),
)
CAPA_STATE = (*CAPA_STATUS, Choice("due_soon", "即将到期", "Due soon", ("临期",)))
CAPA_SOURCES = choices(
    ("lot", "来料拒收", "Rejected lot", ("拒收批",)),
    ("grade", "评分C/D", "Grade C/D"),
    ("complaint", "客户投诉", "Customer complaint"),
    ("audit", "审核发现", "Audit finding"),
    ("manual", "手工", "Manual"),
)
EFFECTIVENESS = choices(
    ("effective", "有效", "Effective", ("已验证有效", "ok")),
    ("not_effective", "无效", "Not effective", ("未见效", "ng")),
)
_DATE = {"dtype": "date"}

CORRECTIVE_ACTIONS = SheetSpec(
    "corrective_actions",
    "纠正措施",
    "Corrective actions",
    table="tblCorrectiveActions",
    key_columns=("scar_id",),
    synonyms=("纠正预防措施", "8D台账", "SCAR", "SCAR登记", "capa", "scar register", "8d"),
    ordered=(("issued", "due_date"), ("d3_due", "d4_due"), ("d4_due", "due_date")),
    highlights=(
        Highlight("due_date", "FFC7CE", formula='AND({due_date}<>"",{due_date}<TODAY(),{closed}="")', color="9C0006"),
        Highlight("state", "FFC7CE", equals="overdue", color="9C0006"),
        Highlight("overdue_steps", "FFC7CE", formula='{overdue_steps}<>""', color="9C0006"),
        Highlight("state", "FFEB9C", equals="due_soon", color="9C5700"),
        Highlight("state", "C6EFCE", equals="closed"),
    ),
    columns=(
        Column(
            "scar_id",
            "SCAR编号",
            "SCAR ID",
            required=True,
            unique=True,
            synonyms=(
                "编号",
                "8D编号",
                "id",
                "scar no",
                "scar number",
                "scar #",
                "car no",
                "car #",
                "8d no",
                "8d number",
                "8d #",
                "capa no",
                "capa #",
            ),
        ),
        SUPPLIER_REF,
        PART,
        Column("source", "来源", "Source", choices=CAPA_SOURCES, computed=True),
        Column(
            "trigger",
            "触发依据",
            "Trigger",
            computed=True,
            help_zh="批号/期间/投诉号",
            help_en="Lot, period or complaint",
        ),
        Column(
            "lots",
            "关联批号",
            "Linked lots",
            width=30,
            computed=True,
            help_zh="同一问题的所有拒收批, 以“; ”分隔",
            help_en="Every rejected lot of this problem, separated by '; '",
        ),
        Column("defect_type", "缺陷类型", "Defect type", synonyms=("defect", "defect code", "failure mode")),
        Column(
            "problem",
            "问题描述",
            "Problem description",
            width=40,
            synonyms=("问题", "描述", "problem statement", "issue description", "d2", "nonconformance description"),
        ),
        Column(
            "issued",
            "发出日期",
            "Issued",
            synonyms=(
                "开立日期",
                "issue date",
                "date issued",
                "date opened",
                "opened",
            ),
            **_DATE,
        ),
        Column("d3_due", "D3围堵期限", "D3 containment due", synonyms=("围堵期限",), **_DATE),
        Column("d4_due", "D4根因期限", "D4 root cause due", synonyms=("根因期限",), **_DATE),
        Column("due_date", "要求完成日期", "Due date", synonyms=("D8期限", "d8 due", "target date", "due"), **_DATE),
        Column(
            "status",
            "状态",
            "Status",
            choices=CAPA_STATUS,
            help_zh="由跟进人填写, 如“已验证”“已关闭”",
            help_en="Set by the owner, e.g. Verified or Closed",
            synonyms=("scar status", "car status", "8d status"),
        ),
        Column(
            "state",
            "计算状态",
            "Computed state",
            choices=CAPA_STATE,
            computed=True,
            help_zh="由程序按日期与回复计算",
            help_en="Derived by the program from dates and responses",
        ),
        Column("overdue_steps", "逾期步骤", "Overdue steps", computed=True),
        Column(
            "containment",
            "围堵措施",
            "Containment",
            width=30,
            supplier_editable=True,
            max_length=2000,
            synonyms=("d3", "containment action", "interim containment"),
        ),
        Column(
            "root_cause",
            "根本原因",
            "Root cause",
            width=36,
            supplier_editable=True,
            max_length=4000,
            synonyms=("d4", "root cause analysis", "cause"),
        ),
        Column(
            "actions",
            "纠正措施",
            "Corrective actions",
            width=36,
            supplier_editable=True,
            max_length=4000,
            synonyms=("d5", "permanent corrective action", "pca", "corrective action"),
        ),
        Column(
            "prevention",
            "预防措施",
            "Preventive actions",
            width=36,
            supplier_editable=True,
            max_length=4000,
            synonyms=(
                "D7",
                "preventive action",
                "preventative action",
                "preventative actions",
            ),
        ),
        Column(
            "response_date",
            "回复日期",
            "Response date",
            supplier_editable=True,
            **_DATE,
            synonyms=("supplier response date", "date responded", "response received"),
        ),
        Column(
            "effectiveness",
            "有效性验证",
            "Effectiveness check",
            choices=EFFECTIVENESS,
            vocabulary="open",
            help_zh="关闭前须验证措施有效: 选“有效”“无效”, 或写明验证结果(如“后续3批外观合格”)",
            help_en="Required before closing: Effective, Not effective, or the result itself (e.g. next 3 lots OK)",
            synonyms=("verification", "effectiveness verification", "verification of effectiveness"),
        ),
        Column(
            "effectiveness_date",
            "验证日期",
            "Effectiveness checked",
            **_DATE,
            synonyms=("verified date", "verification date"),
        ),
        Column(
            "closed",
            "关闭日期",
            "Closed",
            **_DATE,
            synonyms=("date closed", "closed date", "closure date", "close date", "d8 date"),
        ),
        Column("reopened", "重开次数", "Times reopened", dtype="int", min_value=0, computed=True),
        Column("reopened_on", "最近重开日期", "Last reopened", computed=True, **_DATE),
        Column(
            "history",
            "关闭记录",
            "Closure history",
            width=40,
            computed=True,
            help_zh="每次重开前的关闭: 关闭日期、回复日期、有效性验证及其日期, 和重开的批",
            help_en="Each closure before a reopening: closed, response, effectiveness check and its date, and the lots",
        ),
        Column("owner", "跟进人", "Owner", synonyms=("sqe", "responsible", "assigned to")),
        Column(
            "form",
            "8D报告",
            "8D form",
            computed=True,
            help_zh="点击打开该SCAR的8D报告表",
            help_en="Click to open this SCAR's 8D form",
        ),
    ),
)

SHEETS = (CORRECTIVE_ACTIONS,)
