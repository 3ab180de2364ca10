"""The corrective-action (SCAR / 8D) register."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import PART, SUPPLIER_REF

CAPA_STATUS = choices(
    ("open", "待回复", "Open", ("打开", "新建", "未回复")), ("responded", "已回复", "Responded"),
    ("verified", "已验证", "Verified"), ("closed", "已关闭", "Closed", ("关闭", "结案")), ("overdue", "已逾期", "Overdue", ("逾期",)),
)
CAPA_SOURCES = choices(
    ("lot", "来料拒收", "Rejected lot", ("拒收批",)), ("grade", "评分C/D", "Grade C/D"),
    ("complaint", "客户投诉", "Customer complaint"), ("audit", "审核发现", "Audit finding"), ("manual", "手工", "Manual"),
)

CORRECTIVE_ACTIONS = SheetSpec(
    "corrective_actions", "纠正措施", "Corrective actions", table="tblCorrectiveActions", key_columns=("scar_id",),
    synonyms=("纠正预防措施", "8D台账", "SCAR", "SCAR登记", "capa", "scar register", "8d"),
    ordered=(("issued", "due_date"),),
    highlights=(Highlight("due_date", "FFC7CE", formula='AND({due_date}<>"",{due_date}<TODAY(),{closed}="")', color="9C0006"),
                Highlight("status", "FFC7CE", equals="overdue", color="9C0006"), Highlight("status", "C6EFCE", equals="closed")),
    columns=(
        Column("scar_id", "SCAR编号", "SCAR ID", required=True, unique=True, synonyms=("编号", "8D编号", "id")),
        SUPPLIER_REF,
        PART,
        Column("source", "来源", "Source", choices=CAPA_SOURCES, computed=True),
        Column("trigger", "触发依据", "Trigger", computed=True, help_zh="批号/期间/投诉号", help_en="Lot, period or complaint"),
        Column("defect_type", "缺陷类型", "Defect type"),
        Column("problem", "问题描述", "Problem description", width=40, synonyms=("问题", "描述")),
        Column("issued", "发出日期", "Issued", dtype="date", synonyms=("开立日期",)),
        Column("due_date", "要求完成日期", "Due date", dtype="date"),
        Column("status", "状态", "Status", choices=CAPA_STATUS),
        Column("containment", "围堵措施", "Containment", width=30, supplier_editable=True, max_length=2000),
        Column("root_cause", "根本原因", "Root cause", width=36, supplier_editable=True, max_length=4000),
        Column("actions", "纠正措施", "Corrective actions", width=36, supplier_editable=True, max_length=4000),
        Column("response_date", "回复日期", "Response date", dtype="date", supplier_editable=True),
        Column("closed", "关闭日期", "Closed", dtype="date"),
        Column("owner", "跟进人", "Owner"),
    ),
)

SHEETS = (CORRECTIVE_ACTIONS,)
