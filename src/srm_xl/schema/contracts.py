"""The contract register for suppliers and customers."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import CURRENCY

PARTY_TYPES = choices(("supplier", "供应商", "Supplier"), ("customer", "客户", "Customer"))
CONTRACT_TYPES = choices(
    ("purchase", "采购合同", "Purchase", ("采购",)),
    ("framework", "框架协议", "Framework agreement", ("框架",)),
    ("quality", "质量协议", "Quality agreement", ("质量保证协议",)),
    ("sales", "销售合同", "Sales", ("销售",)),
    ("service", "服务合同", "Service"),
    ("nda", "保密协议", "NDA"),
)
CONTRACT_STATUS = choices(
    ("draft", "草拟", "Draft", ("pending signature", "under negotiation")),
    ("signed", "已签订", "Signed", ("签订", "executed")),
    ("active", "执行中", "Active", ("生效", "有效", "in force", "current", "valid", "effective")),
    ("amended", "已变更", "Amended"),
    ("expired", "已到期", "Expired", ("lapsed",)),
    ("terminated", "已终止", "Terminated", ("终止", "解除", "cancelled", "canceled")),
)

CONTRACTS = SheetSpec(
    "contracts",
    "合同台账",
    "Contracts",
    table="tblContracts",
    key_columns=("contract_no",),
    synonyms=("合同管理", "合同登记", "合同", "contract register"),
    ordered=(("start", "end"),),
    columns=(
        Column(
            "contract_no",
            "合同编号",
            "Contract no",
            required=True,
            unique=True,
            synonyms=("合同号", "编号", "contract number", "agreement no", "contract #", "contract id", "agreement #"),
        ),
        Column("party_type", "对方类型", "Party type", required=True, choices=PARTY_TYPES),
        Column(
            "party",
            "对方代码",
            "Party code",
            required=True,
            synonyms=("供应商/客户代码", "对方", "party", "supplier", "vendor", "customer", "counterparty"),
            ref_when=(("party_type", "supplier", "suppliers.code"), ("party_type", "customer", "customers.code")),
        ),
        Column(
            "contract_type",
            "合同类型",
            "Type",
            choices=CONTRACT_TYPES,
            synonyms=(
                "类型",
                "contract type",
                "agreement type",
            ),
        ),
        Column(
            "start",
            "生效日期",
            "Start",
            dtype="date",
            required=True,
            synonyms=("开始日期", "签订日期", "start date", "effective date", "commencement date"),
        ),
        Column(
            "end",
            "到期日期",
            "End",
            dtype="date",
            open_ended=True,
            synonyms=(
                "终止日期",
                "结束日期",
                "合同到期日",
                "end date",
                "expiry",
                "expiration date",
                "expiry date",
                "valid until",
                "termination date",
            ),
        ),
        Column(
            "value",
            "合同金额",
            "Value",
            dtype="float",
            min_value=0,
            number_format="#,##0.00",
            synonyms=("金额", "amount", "contract value", "total value"),
        ),
        Column("currency", "币种", "Currency", choices=CURRENCY),
        Column("spec_ref", "技术规格", "Specification ref", synonyms=("规格", "技术要求")),
        Column("delivery_terms", "交付条款", "Delivery terms", width=24),
        Column("payment_terms", "付款条件", "Payment terms", width=24, synonyms=("付款方式",)),
        Column(
            "penalty_clause",
            "违约赔偿条款",
            "Penalty / compensation",
            width=30,
            synonyms=("违约条款", "赔偿条款", "penalty"),
        ),
        Column(
            "late_rate_per_day",
            "逾期违约金率/天",
            "Late charge per day",
            dtype="percent",
            min_value=0,
            max_value=1,
            number_format="0.0##%",
            synonyms=("逾期违约金比例", "延期交货违约金", "late penalty rate"),
            help_zh="每逾期一天按交货金额计的比例; 空白用参数设置的默认值",
            help_en="Share of the delivery's value per day late; blank: the Config default",
        ),
        Column(
            "late_cap",
            "逾期违约金上限",
            "Late charge cap",
            dtype="percent",
            min_value=0,
            max_value=1,
            synonyms=("违约金上限", "late penalty cap"),
            help_zh="占交货金额的比例",
            help_en="Share of the delivery's value",
        ),
        Column(
            "reject_fee",
            "拒收处理费/批",
            "Rejected lot fee",
            dtype="float",
            min_value=0,
            number_format="#,##0.00",
            synonyms=("退货处理费", "拒收费", "rejection fee"),
        ),
        Column(
            "concession_discount",
            "让步接收扣款率",
            "Concession discount",
            dtype="percent",
            min_value=0,
            max_value=1,
            synonyms=("特采扣款率", "让步扣款", "deviation discount"),
            help_zh="占批金额的比例",
            help_en="Share of the lot's value",
        ),
        Column("quality_agreement", "质量协议编号", "Quality agreement ref", synonyms=("质量协议",)),
        Column("status", "状态", "Status", choices=CONTRACT_STATUS),
        Column("renewal_notice_days", "续签提前天数", "Renewal notice (days)", dtype="int", min_value=0),
    ),
)

AMENDABLE = choices(
    ("end", "到期日期", "End", ("终止日期", "结束日期")),
    ("value", "合同金额", "Value", ("金额",)),
    ("status", "状态", "Status"),
    ("spec_ref", "技术规格", "Specification ref", ("规格",)),
    ("delivery_terms", "交付条款", "Delivery terms"),
    ("payment_terms", "付款条件", "Payment terms"),
    ("penalty_clause", "违约赔偿条款", "Penalty / compensation", ("违约条款", "赔偿条款")),
    ("quality_agreement", "质量协议编号", "Quality agreement ref", ("质量协议",)),
    ("renewal_notice_days", "续签提前天数", "Renewal notice (days)"),
    ("late_rate_per_day", "逾期违约金率/天", "Late charge per day"),
    ("late_cap", "逾期违约金上限", "Late charge cap"),
    ("reject_fee", "拒收处理费/批", "Rejected lot fee"),
    ("concession_discount", "让步接收扣款率", "Concession discount"),
)
FINDINGS = choices(
    ("expiring", "即将到期", "Expiring"),
    ("expired", "已到期", "Expired"),
    ("no_contract", "有交货无有效合同", "Deliveries, no valid contract"),
    ("no_quality_agreement", "有交货无质量协议", "Deliveries, no quality agreement"),
    ("delivery_after_end", "合同到期后交货", "Delivery after contract end"),
)

CONTRACT_CHANGES = SheetSpec(
    "contract_changes",
    "合同变更",
    "Contract changes",
    table="tblContractChanges",
    key_columns=("contract_no", "change_no"),
    synonyms=("合同变更记录", "变更记录", "amendments", "contract amendments"),
    help_zh="合同变更逐行追加, 不改写原合同行; 检查时以最新变更为准",
    help_en="Amendments are added as rows, never overwriting the contract; checks use the latest one",
    columns=(
        Column(
            "contract_no", "合同编号", "Contract no", required=True, ref="contracts.contract_no", synonyms=("合同号",)
        ),
        Column(
            "change_no", "变更序号", "Change no", dtype="int", required=True, min_value=1, synonyms=("序号", "变更号")
        ),
        Column("changed", "变更日期", "Date", dtype="date", required=True, synonyms=("日期",)),
        Column("field", "变更条款", "Term changed", required=True, choices=AMENDABLE, synonyms=("变更项", "条款")),
        Column("old_value", "原内容", "Old value", width=24),
        Column("new_value", "新内容", "New value", required=True, width=24),
        Column("reason", "变更原因", "Reason", width=30),
        Column("approved_by", "批准人", "Approved by"),
    ),
)

CONTRACT_FINDINGS = SheetSpec(
    "contract_findings",
    "合同检查",
    "Contract checks",
    table="tblContractFindings",
    kind="result",
    help_zh="即将到期/已到期合同、有交货无有效合同或质量协议、合同到期后交货; 风险扫描读取此结果",
    help_en="Expiring and expired contracts, suppliers delivering without a valid contract or quality agreement, deliveries after the end; read by the risk scan",
    highlights=(
        Highlight("finding", "FFC7CE", equals="expired", color="9C0006"),
        Highlight("finding", "FFEB9C", equals="expiring", color="9C5700"),
    ),
    columns=(
        Column("finding", "检查项", "Finding", choices=FINDINGS),
        Column("party_type", "对方类型", "Party type", choices=PARTY_TYPES),
        Column("party", "对方代码", "Party code"),
        Column("contract_no", "合同编号", "Contract no"),
        Column("end", "到期日期", "End", dtype="date"),
        Column(
            "days",
            "天数",
            "Days",
            dtype="int",
            help_zh="距到期天数(负数为已过期)或到期后交货天数",
            help_en="Days to the end (negative: past it), or days a delivery came after it",
        ),
        Column("deliveries", "交货次数", "Deliveries", dtype="int"),
        Column("last_delivery", "最近交货", "Last delivery", dtype="date"),
        Column("detail", "说明", "Detail", width=60),
    ),
)

SHEETS = (CONTRACTS, CONTRACT_CHANGES, CONTRACT_FINDINGS)
