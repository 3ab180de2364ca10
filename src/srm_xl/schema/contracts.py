"""The contract register for suppliers and customers."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec, choices
from srm_xl.schema.common import CURRENCY

PARTY_TYPES = choices(("supplier", "供应商", "Supplier"), ("customer", "客户", "Customer"))
CONTRACT_TYPES = choices(
    ("purchase", "采购合同", "Purchase", ("采购",)), ("framework", "框架协议", "Framework agreement", ("框架",)),
    ("quality", "质量协议", "Quality agreement", ("质量保证协议",)), ("sales", "销售合同", "Sales", ("销售",)),
    ("service", "服务合同", "Service"), ("nda", "保密协议", "NDA"),
)
CONTRACT_STATUS = choices(
    ("draft", "草拟", "Draft"), ("signed", "已签订", "Signed", ("签订",)), ("active", "执行中", "Active", ("生效", "有效")),
    ("amended", "已变更", "Amended"), ("expired", "已到期", "Expired"), ("terminated", "已终止", "Terminated", ("终止", "解除")),
)

CONTRACTS = SheetSpec(
    "contracts", "合同台账", "Contracts", table="tblContracts", key_columns=("contract_no",),
    synonyms=("合同管理", "合同登记", "合同", "contract register"),
    ordered=(("start", "end"),),
    columns=(
        Column("contract_no", "合同编号", "Contract no", required=True, unique=True, synonyms=("合同号", "编号", "contract number")),
        Column("party_type", "对方类型", "Party type", required=True, choices=PARTY_TYPES),
        Column("party", "对方代码", "Party code", required=True, synonyms=("供应商/客户代码", "对方", "party")),
        Column("contract_type", "合同类型", "Type", choices=CONTRACT_TYPES, synonyms=("类型",)),
        Column("start", "生效日期", "Start", dtype="date", required=True, synonyms=("开始日期", "签订日期", "start date")),
        Column("end", "到期日期", "End", dtype="date", synonyms=("终止日期", "结束日期", "end date", "expiry")),
        Column("value", "合同金额", "Value", dtype="float", min_value=0, number_format="#,##0.00", synonyms=("金额", "amount")),
        Column("currency", "币种", "Currency", choices=CURRENCY),
        Column("spec_ref", "技术规格", "Specification ref", synonyms=("规格", "技术要求")),
        Column("delivery_terms", "交付条款", "Delivery terms", width=24),
        Column("payment_terms", "付款条件", "Payment terms", width=24, synonyms=("付款方式",)),
        Column("penalty_clause", "违约赔偿条款", "Penalty / compensation", width=30, synonyms=("违约条款", "赔偿条款", "penalty")),
        Column("quality_agreement", "质量协议编号", "Quality agreement ref", synonyms=("质量协议",)),
        Column("status", "状态", "Status", choices=CONTRACT_STATUS),
        Column("renewal_notice_days", "续签提前天数", "Renewal notice (days)", dtype="int", min_value=0),
    ),
)

SHEETS = (CONTRACTS,)
