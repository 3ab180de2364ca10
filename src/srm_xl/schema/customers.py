"""Customers, their complaints and satisfaction surveys."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import YES_NO

CUSTOMER_CLASSES = choices(
    ("strategic", "战略客户", "Strategic", ("战略", "a类")),
    ("important", "重要客户", "Important", ("重要", "b类")),
    ("ordinary", "一般客户", "Ordinary", ("一般", "普通", "c类")),
)
COMPLAINT_TYPES = choices(
    ("quality", "质量", "Quality", ("品质",)),
    ("delivery", "交付", "Delivery"),
    ("service", "服务", "Service"),
    ("documentation", "文件资料", "Documentation", ("单据", "文件")),
)
COMPLAINT_STATUS = choices(
    (
        "received",
        "已接收",
        "Received",
        (
            "open",
            "opened",
            "new",
            "待处理",
            "未处理",
            "新建",
            "未关闭",
            "未结案",
            "未解决",
            "待回复",
            "打开",
            "接收",
            "已受理",
            "受理",
        ),
    ),
    ("classified", "已分类", "Classified"),
    ("assigned", "已分派", "Assigned", ("处理中", "进行中", "跟进中", "in progress", "ongoing", "working", "已分配")),
    ("responded", "已首次回复", "Responded", ("已回复", "回复", "replied", "answered")),
    ("resolved", "已解决", "Resolved", ("解决", "solved", "fixed", "已处理", "待确认")),
    (
        "confirmed",
        "客户已确认",
        "Confirmed",
        ("已关闭", "closed", "关闭", "结案", "已结案", "完成", "已完成", "done", "complete", "completed"),
    ),
)

CUSTOMERS = SheetSpec(
    "customers",
    "客户名录",
    "Customers",
    table="tblCustomers",
    key_columns=("code",),
    synonyms=("客户清单", "客户档案", "客户信息", "customer list", "clients"),
    columns=(
        Column(
            "code",
            "客户代码",
            "Customer code",
            required=True,
            unique=True,
            synonyms=(
                "客户编码",
                "客户编号",
                "customer id",
                "code",
                "customer no",
                "customer number",
                "account no",
                "account number",
                "client id",
                "customer code",
            ),
        ),
        Column(
            "name",
            "客户名称",
            "Customer name",
            required=True,
            width=28,
            synonyms=("名称", "客户", "customer", "name", "client name", "account name", "company", "company name"),
        ),
        Column(
            "industry",
            "行业",
            "Industry",
            vocabulary="open",
            synonyms=(
                "所属行业",
                "sector",
                "market",
                "segment",
            ),
        ),
        Column(
            "region", "地区", "Region", vocabulary="open", synonyms=("区域", "省份", "country", "territory", "area")
        ),
        Column("contact", "联系人", "Contact", synonyms=("contact name", "primary contact")),
        Column(
            "phone",
            "电话",
            "Phone",
            fmt="phone",
            synonyms=(
                "联系电话",
                "phone number",
                "tel",
            ),
        ),
        Column("email", "邮箱", "Email", fmt="email", synonyms=("email address", "e-mail")),
        Column(
            "annual_revenue",
            "年销售额",
            "Annual revenue",
            dtype="float",
            min_value=0,
            number_format="#,##0",
            synonyms=("销售额", "年营收", "revenue", "annual sales", "turnover", "annual revenue"),
        ),
        Column(
            "margin",
            "毛利率",
            "Margin",
            dtype="percent",
            synonyms=("利润率", "gross margin", "gm", "gm %", "profit margin", "margin %"),
        ),
        Column(
            "since",
            "合作起始日期",
            "Customer since",
            dtype="date",
            synonyms=("合作日期", "开始合作", "start date", "first order", "first order date"),
        ),
        Column("strategic", "战略标记", "Strategic flag", choices=YES_NO, synonyms=("是否战略客户", "战略客户")),
        Column(
            "customer_class",
            "客户等级",
            "Class",
            choices=CUSTOMER_CLASSES,
            computed=True,
            synonyms=("客户分类", "分类", "class"),
        ),
        Column(
            "service_owner",
            "服务负责人",
            "Service owner",
            synonyms=(
                "客户经理",
                "负责人",
                "account manager",
                "sales rep",
                "key account manager",
                "kam",
                "csr",
                "owner",
            ),
        ),
    ),
)

COMPLAINTS = SheetSpec(
    "complaints",
    "客户投诉",
    "Complaints",
    table="tblComplaints",
    key_columns=("complaint_id",),
    synonyms=("投诉记录", "客诉", "客诉记录", "customer complaints"),
    ordered=(("received", "first_response"), ("received", "resolved")),
    columns=(
        Column(
            "complaint_id",
            "投诉编号",
            "Complaint ID",
            required=True,
            unique=True,
            synonyms=(
                "编号",
                "客诉编号",
                "id",
                "complaint no",
                "complaint number",
                "complaint #",
                "ccr no",
                "ccr #",
                "case no",
                "case number",
                "case #",
                "ticket no",
                "ticket #",
                "customer complaint no",
            ),
        ),
        Column(
            "customer",
            "客户代码",
            "Customer code",
            required=True,
            ref="customers.code",
            synonyms=("客户编号", "客户", "customer", "客户名称", "customer name", "client", "account", "customer no"),
        ),
        Column(
            "received",
            "接收日期",
            "Received",
            dtype="date",
            required=True,
            synonyms=(
                "投诉日期",
                "日期",
                "date",
                "date received",
                "received date",
                "complaint date",
                "date opened",
                "open date",
                "opened",
                "report date",
                "date reported",
                "reported on",
            ),
        ),
        Column(
            "complaint_type",
            "投诉类型",
            "Type",
            choices=COMPLAINT_TYPES,
            vocabulary="open",
            synonyms=("类型", "类别", "complaint type", "category", "issue type", "type of complaint"),
        ),
        Column(
            "description",
            "投诉内容",
            "Description",
            width=40,
            synonyms=(
                "描述",
                "问题描述",
                "客诉内容",
                "complaint description",
                "issue",
                "problem",
                "problem description",
                "details",
            ),
        ),
        Column(
            "part",
            "物料编码",
            "Part number",
            synonyms=("零件号", "料号", "产品", "part no", "p/n", "pn", "part #", "item", "part"),
        ),
        Column(
            "supplier",
            "责任供应商",
            "Responsible supplier",
            ref="suppliers.code",
            synonyms=("供应商", "供应商代码", "supplier", "vendor", "supplier name", "vendor name", "supplier code"),
        ),
        Column(
            "assigned_to",
            "处理人",
            "Assigned to",
            synonyms=(
                "负责人",
                "owner",
                "responsible",
                "assignee",
                "handled by",
            ),
        ),
        Column(
            "first_response",
            "首次回复日期",
            "First response",
            dtype="date",
            synonyms=(
                "回复日期",
                "first response date",
                "response date",
                "date responded",
                "initial response",
                "acknowledged",
                "ack date",
            ),
        ),
        Column(
            "resolved",
            "解决日期",
            "Resolved",
            dtype="date",
            synonyms=(
                "结案日期",
                "date closed",
                "closed date",
                "close date",
                "closure date",
                "resolution date",
                "date resolved",
                "closed",
            ),
        ),
        Column(
            "status",
            "状态",
            "Status",
            choices=COMPLAINT_STATUS,
            synonyms=(
                "处理状态",
                "complaint status",
                "state",
            ),
        ),
        Column(
            "claimed_amount",
            "客户索赔金额",
            "Amount claimed",
            dtype="float",
            min_value=0,
            number_format="#,##0.00",
            synonyms=(
                "索赔金额",
                "客户索赔",
                "赔偿金额",
                "claim amount",
                "claim",
                "claim value",
                "cost claimed",
                "chargeback",
            ),
            help_zh="客户向本公司索赔的金额; 有责任供应商时转嫁给该供应商",
            help_en="What the customer claimed from us; passed on to the responsible supplier",
        ),
    ),
)

SURVEYS = SheetSpec(
    "surveys",
    "满意度调查",
    "Satisfaction surveys",
    table="tblSurveys",
    key_columns=("survey_id", "customer"),
    synonyms=("顾客满意度", "客户满意度", "满意度", "satisfaction", "surveys"),
    columns=(
        Column("survey_id", "调查编号", "Survey ID", required=True, synonyms=("编号",)),
        Column(
            "customer", "客户代码", "Customer code", required=True, ref="customers.code", synonyms=("客户编号", "客户")
        ),
        Column("period", "期间", "Period", required=True),
        Column("quality", "质量", "Quality", dtype="float", min_value=1, max_value=5),
        Column("delivery", "交付", "Delivery", dtype="float", min_value=1, max_value=5),
        Column("price", "价格", "Price", dtype="float", min_value=1, max_value=5),
        Column("service", "服务", "Service", dtype="float", min_value=1, max_value=5),
        Column("communication", "沟通", "Communication", dtype="float", min_value=1, max_value=5),
        Column(
            "recommend",
            "推荐意愿(0-10)",
            "Likelihood to recommend (0-10)",
            dtype="int",
            min_value=0,
            max_value=10,
            synonyms=("推荐意愿", "nps"),
        ),
        Column("comments", "意见建议", "Comments", width=40, max_length=2000, synonyms=("意见", "建议", "备注")),
    ),
)

SLA_STATES = choices(
    ("on_time", "按期", "On time"),
    ("late", "逾期完成", "Late"),
    ("pending", "未到期", "Pending"),
    ("overdue", "已逾期", "Overdue"),
)
SCAR_ACTIONS = choices(
    ("raise", "需发出SCAR", "Raise a SCAR"),
    ("join", "并入已有SCAR", "Join open SCAR"),
    ("linked", "已有SCAR", "SCAR exists"),
)
SUMMARY_LEVELS = choices(
    ("overall", "全部", "Overall"),
    ("class", "客户等级", "Class"),
    ("customer", "客户", "Customer"),
    ("dimension", "维度", "Dimension"),
)
SATISFACTION_GROUPS = (
    *choices(("all", "全部", "All")),
    *CUSTOMER_CLASSES,
    *choices(
        *(
            (k, SURVEYS.column(k).zh, SURVEYS.column(k).en)
            for k in ("quality", "delivery", "price", "service", "communication")
        )
    ),
)
"""What a Satisfaction-index row is about besides a customer (kept as its code): all, a class or a dimension."""
_SHARE = {"dtype": "percent", "computed": True}
_INDEX = {"dtype": "float", "number_format": "0.0"}

CUSTOMER_CLASS_RESULT = SheetSpec(
    "customer_classes",
    "客户分类",
    "Customer classes",
    table="tblCustomerClasses",
    kind="result",
    key_columns=("code",),
    help_zh="客户分类按钮的结果: 每个客户的等级及理由",
    help_en="Result of Classify customers: each customer's class and why",
    highlights=(
        Highlight("customer_class", "C6EFCE", equals="strategic", color="006100"),
        Highlight("customer_class", "DDEBF7", equals="important"),
    ),
    columns=(
        Column("code", "客户代码", "Customer code", required=True),
        Column("name", "客户名称", "Customer name", width=28),
        Column("annual_revenue", "年销售额", "Annual revenue", dtype="float", number_format="#,##0"),
        Column("revenue_share", "销售额占比", "Revenue share", **_SHARE),
        Column("cumulative_share", "累计占比", "Cumulative share", **_SHARE),
        Column("margin", "毛利率", "Margin", dtype="percent"),
        Column("growth", "销售额增长", "Revenue growth", **_SHARE),
        Column("strategic", "战略标记", "Strategic flag", choices=YES_NO),
        Column("abc_class", "ABC分类", "Revenue class", choices=CUSTOMER_CLASSES),
        Column("customer_class", "客户等级", "Class", choices=CUSTOMER_CLASSES),
        Column("previous_class", "上次等级", "Previous class", choices=CUSTOMER_CLASSES),
        Column("reason", "分类理由", "Reason", width=60),
    ),
)

CLASS_HISTORY = SheetSpec(
    "customer_class_history",
    "客户分类历史",
    "Customer class history",
    table="tblCustomerClassHistory",
    kind="result",
    key_columns=("year", "code"),
    help_zh="每年的客户分类, 重新分类只替换当年的行",
    help_en="Customer classes per year; reclassifying replaces only that year's rows",
    columns=(
        Column("year", "年度", "Year", dtype="int", required=True),
        Column("code", "客户代码", "Customer code", required=True),
        Column("annual_revenue", "年销售额", "Annual revenue", dtype="float", number_format="#,##0"),
        Column("customer_class", "客户等级", "Class", choices=CUSTOMER_CLASSES),
        Column("reason", "分类理由", "Reason", width=60),
    ),
)

COMPLAINT_SLA = SheetSpec(
    "complaint_sla",
    "投诉时效",
    "Complaint SLA",
    table="tblComplaintSla",
    kind="result",
    key_columns=("complaint_id",),
    help_zh="按客户等级的服务标准计算每条投诉的回复与解决期限",
    help_en="First-response and resolution due dates per complaint, from the customer's class",
    highlights=(
        Highlight("response_state", "FFC7CE", equals="overdue", color="9C0006"),
        Highlight("resolution_state", "FFC7CE", equals="overdue", color="9C0006"),
        Highlight("scar_action", "FFEB9C", equals="raise", color="9C5700"),
    ),
    columns=(
        Column("complaint_id", "投诉编号", "Complaint ID", required=True),
        Column("customer", "客户代码", "Customer code"),
        Column("customer_class", "客户等级", "Class", choices=CUSTOMER_CLASSES),
        Column("complaint_type", "投诉类型", "Type", choices=COMPLAINT_TYPES),
        Column("status", "状态", "Status", choices=COMPLAINT_STATUS),
        Column("received", "接收日期", "Received", dtype="date"),
        Column("response_due", "回复期限", "Response due", dtype="date"),
        Column("first_response", "首次回复日期", "First response", dtype="date"),
        Column("response_state", "回复时效", "Response", choices=SLA_STATES),
        Column("resolution_due", "解决期限", "Resolution due", dtype="date"),
        Column("resolved", "解决日期", "Resolved", dtype="date"),
        Column("resolution_state", "解决时效", "Resolution", choices=SLA_STATES),
        Column("days_open", "处理天数", "Days open", dtype="int"),
        Column("supplier", "责任供应商", "Responsible supplier"),
        Column("part", "物料编码", "Part number"),
        Column("scar_action", "SCAR处理", "SCAR", choices=SCAR_ACTIONS),
        Column("scar_id", "SCAR编号", "SCAR ID"),
    ),
)

SATISFACTION = SheetSpec(
    "satisfaction",
    "满意度指数",
    "Satisfaction index",
    table="tblSatisfaction",
    kind="result",
    key_columns=("level", "period", "group"),
    help_zh="满意度指数(0–100, 按参数权重)与NPS, 按客户、等级、维度和期间",
    help_en="Satisfaction index (0–100, weighted by Config) and NPS per customer, class, dimension and period",
    columns=(
        Column("level", "层级", "Level", choices=SUMMARY_LEVELS),
        Column("period", "期间", "Period"),
        Column(
            "group",
            "对象",
            "Group",
            choices=SATISFACTION_GROUPS,
            vocabulary="open",
            help_zh="客户代码、客户等级或维度",
            help_en="Customer code, class or dimension",
        ),
        Column("responses", "答卷数", "Responses", dtype="int"),
        Column("index", "满意度指数", "Index", **_INDEX),
        Column("change", "较上期变化", "Change", **_INDEX),
        Column("nps", "NPS", "NPS", **_INDEX),
        Column("promoters", "推荐者", "Promoters", dtype="int"),
        Column("detractors", "贬损者", "Detractors", dtype="int"),
    ),
)

SHEETS = (CUSTOMERS, COMPLAINTS, SURVEYS, CUSTOMER_CLASS_RESULT, CLASS_HISTORY, COMPLAINT_SLA, SATISFACTION)
