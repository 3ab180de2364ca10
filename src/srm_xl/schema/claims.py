"""Claims charged back to suppliers (索赔明细), their totals, the rewards and penalties of each grade, and the cost
of poor quality per supplier and part."""

from __future__ import annotations

import polars as pl

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import CURRENCY, GRADES, PART, SUPPLIER_REF, YES_NO

CLAIM_RULES = choices(
    ("late", "逾期交货违约金", "Late delivery"),
    ("rejected", "拒收处理费", "Rejected lot fee"),
    ("recorded_cost", "挑选/返工/报废费用", "Sorting, rework, scrap cost"),
    ("concession", "让步接收扣款", "Concession discount", ("特采扣款",)),
    ("complaint", "客户投诉索赔转嫁", "Customer claim passed on"),
)
CLAIM_STATUS = choices(
    ("open", "待确认", "Open", ("未确认", "新", "pending", "new", "submitted")),
    ("accepted", "供应商已接受", "Accepted", ("已接受", "接受", "agreed")),
    ("disputed", "供应商有异议", "Disputed", ("有异议", "异议", "申诉", "contested")),
    ("waived", "已豁免", "Waived", ("豁免", "免除", "免责", "forgiven")),
    ("resolved", "已处理", "Resolved", ("已解决", "已结案", "settled", "paid", "closed", "credited", "deducted")),
)
RESPONSES = choices(
    ("accept", "接受", "Accept", ("同意", "确认", "ok")), ("dispute", "有异议", "Dispute", ("异议", "不同意", "申诉"))
)
REWARD_STATUS = choices(
    ("preferred", "优选", "Preferred", ("优先",)),
    ("approved", "合格", "Approved"),
    ("conditional", "有条件", "Conditional"),
    ("blocked", "冻结", "Blocked", ("停用", "暂停")),
)
WAIVED = (pl.col("status") == "waived") & pl.col("note").is_not_null()
"""A Claims line is waived only with its reason in the note."""
_MONEY = {"dtype": "float", "number_format": "#,##0.00"}
_PERIOD = Column(
    "period", "期间", "Period", required=True, help_zh="如 2026-Q3 或 2026-07", help_en="e.g. 2026-Q3 or 2026-07"
)
_NAME = Column("name", "供应商名称", "Supplier name", width=24)

CLAIMS = SheetSpec(
    "claims",
    "索赔明细",
    "Claims",
    table="tblClaims",
    key_columns=("claim_id",),
    synonyms=("索赔单", "扣款明细", "扣款通知", "claim lines", "chargebacks"),
    help_zh="每行一笔索赔, 可追溯到交货行、批次或投诉; 重算某期间只替换该期间的行, 已豁免和已回复的行保留",
    help_en="One line per charge, traced to its delivery line, lot or complaint; re-running a period replaces its lines, keeping waived and answered ones",
    highlights=(
        Highlight("status", "FFC7CE", equals="disputed", color="9C0006"),
        Highlight("status", "D9D9D9", equals="waived"),
        Highlight("status", "C6EFCE", equals="accepted", color="006100"),
    ),
    columns=(
        Column("claim_id", "索赔编号", "Claim ID", required=True, unique=True, width=30, computed=True),
        _PERIOD,
        SUPPLIER_REF,
        PART,
        Column("rule", "索赔类型", "Rule", choices=CLAIM_RULES, computed=True, width=20),
        Column("source_sheet", "来源表", "Source sheet", computed=True),
        Column(
            "source",
            "来源单据",
            "Source",
            width=22,
            computed=True,
            help_zh="订单号/行号、批号或投诉编号",
            help_en="PO/line, lot or complaint ID",
        ),
        Column("source_row", "来源行", "Source row", dtype="int", computed=True),
        Column("event_date", "发生日期", "Date", dtype="date", computed=True),
        Column(
            "contract_no",
            "合同编号",
            "Contract no",
            computed=True,
            help_zh="条款取自该合同; 空白为参数设置的默认值",
            help_en="Terms taken from this contract; blank: the Config defaults",
        ),
        Column(
            "base_value",
            "计算基数",
            "Base value",
            computed=True,
            help_zh="交货金额或批金额",
            help_en="Delivery or lot value",
            **_MONEY,
        ),
        Column("rate", "比例", "Rate", dtype="percent", number_format="0.0##%", computed=True),
        Column("days", "逾期天数", "Days late", dtype="int", computed=True),
        Column("cap", "上限金额", "Cap", computed=True, **_MONEY),
        Column("capped", "按上限计", "Cap applied", choices=YES_NO, computed=True),
        Column("amount", "索赔金额", "Amount", computed=True, **_MONEY),
        Column("currency", "币种", "Currency", choices=CURRENCY, computed=True),
        Column(
            "status", "状态", "Status", choices=CLAIM_STATUS, help_zh="豁免须填写原因", help_en="Waiving needs a reason"
        ),
        Column(
            "note",
            "处理说明",
            "Note",
            width=30,
            synonyms=("豁免原因", "原因", "reason"),
            help_zh="豁免原因或处理结果",
            help_en="Why waived, or how resolved",
        ),
        Column("response", "供应商回复", "Supplier response", choices=RESPONSES, supplier_editable=True),
        Column("response_reason", "异议理由", "Reason given", width=30, supplier_editable=True, max_length=2000),
        Column("responded", "回复日期", "Responded", dtype="date", computed=True),
    ),
)

CLAIM_TOTALS = SheetSpec(
    "claim_totals",
    "索赔汇总",
    "Claim totals",
    table="tblClaimTotals",
    kind="result",
    key_columns=("period", "supplier", "currency"),
    help_zh="每个供应商每期间的索赔合计(已豁免的不计入应收)",
    help_en="Claims per supplier and period (waived lines are not charged)",
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        _NAME,
        Column("currency", "币种", "Currency", choices=CURRENCY),
        Column("lines", "笔数", "Lines", dtype="int"),
        Column("late", "逾期违约金", "Late delivery", **_MONEY),
        Column("rejected", "拒收处理费及费用", "Rejected lots", **_MONEY),
        Column("concession", "让步接收扣款", "Concessions", **_MONEY),
        Column("complaint", "投诉索赔转嫁", "Complaints passed on", **_MONEY),
        Column("charged", "应收合计", "Charged", **_MONEY),
        Column("accepted", "供应商已接受", "Accepted", **_MONEY),
        Column("disputed", "有异议", "Disputed", **_MONEY),
        Column("waived", "已豁免", "Waived", **_MONEY),
    ),
)

REWARDS = SheetSpec(
    "rewards",
    "奖惩措施",
    "Rewards and penalties",
    table="tblRewards",
    kind="result",
    key_columns=("period", "supplier"),
    synonyms=("奖惩", "奖惩表", "rewards"),
    help_zh="按参数设置中的奖惩规则, 每个供应商本期等级(及等级变化)带来的份额、付款期、复审周期和状态",
    help_en="Per supplier, what its grade (and grade change) brings under the Config's rules: share, payment term, re-audit interval, status",
    highlights=(
        Highlight("status", "FFC7CE", equals="blocked", color="9C0006"),
        Highlight("status", "C6EFCE", equals="preferred", color="006100"),
        Highlight("status", "FFEB9C", equals="conditional"),
    ),
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        _NAME,
        Column("grade", "等级", "Grade", choices=GRADES),
        Column("previous_grade", "上期等级", "Last period's grade", choices=GRADES),
        Column(
            "change",
            "等级变化",
            "Grade change",
            choices=choices(("up", "提高", "Up"), ("down", "下降", "Down"), ("same", "不变", "Same")),
        ),
        Column("share_change", "份额变化", "Share change", dtype="percent", number_format="+0.0%;-0.0%;0.0%"),
        Column(
            "payment_days_change",
            "付款期变化(天)",
            "Payment term change (days)",
            dtype="float",
            number_format="+0;-0;0",
        ),
        Column("audit_months", "复审周期(月)", "Re-audit every (months)", dtype="int"),
        Column("status", "奖惩状态", "Status", choices=REWARD_STATUS),
        Column("claims", "本期索赔", "Claims this period", **_MONEY),
        Column("rule", "依据", "Rule applied", width=40),
    ),
)

SHARE_PLAN = SheetSpec(
    "share_plan",
    "下期份额建议",
    "Suggested shares",
    table="tblSharePlan",
    kind="result",
    key_columns=("part", "supplier"),
    help_zh="按奖惩规则调整各货源份额, 并按物料重新归一(冻结货源为0)",
    help_en="Each source's share moved by the reward rules, rescaled per part (blocked sources get 0)",
    columns=(
        PART,
        SUPPLIER_REF,
        Column("grade", "等级", "Grade", choices=GRADES),
        Column("share", "现有份额", "Current share", dtype="percent"),
        Column("share_change", "份额变化", "Share change", dtype="percent", number_format="+0.0%;-0.0%;0.0%"),
        Column("suggested_share", "建议份额", "Suggested share", dtype="percent"),
        Column("status", "奖惩状态", "Status", choices=REWARD_STATUS),
    ),
)

COPQ = SheetSpec(
    "copq",
    "质量损失成本",
    "Cost of poor quality",
    table="tblCopq",
    kind="result",
    key_columns=("period", "supplier", "part", "currency"),
    synonyms=("不良质量成本", "质量成本", "copq"),
    help_zh="索赔(不含豁免)加上检验记录中登记、尚未计入索赔的内部费用",
    help_en="Claims (waived excluded) plus internal costs recorded on the inspection log and not already claimed",
    columns=(
        _PERIOD,
        SUPPLIER_REF,
        PART,
        Column("currency", "币种", "Currency", choices=CURRENCY),
        Column("claims", "索赔金额", "Claims", **_MONEY),
        Column("internal_cost", "内部损失(未索赔)", "Internal cost not claimed", **_MONEY),
        Column("copq", "质量损失成本", "Cost of poor quality", **_MONEY),
    ),
)

CLAIM_STATEMENT = SheetSpec(
    "claim_statement",
    "索赔确认单",
    "Claim statement",
    table="tblClaimStatement",
    kind="result",
    key_columns=("claim_id",),
    help_zh="请在“贵司回复”列选择接受或有异议; 有异议请写明理由",
    help_en="Choose Accept or Dispute in 'Your response'; give the reason for a dispute",
    columns=(
        *(
            CLAIMS.column(k)
            for k in (
                "claim_id",
                "period",
                "part",
                "rule",
                "source",
                "event_date",
                "base_value",
                "rate",
                "days",
                "cap",
                "capped",
                "amount",
                "currency",
                "status",
            )
        ),
        Column("claim_response", "贵司回复", "Your response", choices=RESPONSES, supplier_editable=True),
        Column("claim_reason", "异议理由", "Reason if disputed", width=36, supplier_editable=True, max_length=2000),
    ),
)
"""A supplier's own claim lines in its package (not a sheet of the master workbook)."""

SHEETS = (CLAIMS, CLAIM_TOTALS, REWARDS, SHARE_PLAN, COPQ)
