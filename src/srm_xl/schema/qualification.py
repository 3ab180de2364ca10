"""Supplier selection and qualification: candidates and their evaluation, survey answers, capability, audits and
their checklist, sample approvals, the approved list per part × supplier, and suppliers due for re-evaluation."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import IMPORTANCE, PART, SUPPLIER_REF, YES_NO
from srm_xl.schema.suppliers import SUPPLIER_CATEGORY

_SCORE = {"dtype": "float", "number_format": "0.0", "min_value": 0, "max_value": 100}
_DATE = {"dtype": "date"}
CANDIDATE_CRITERIA = choices(
    ("qualifications", "资质", "Qualifications"),
    ("reputation", "信誉", "Reputation"),
    ("technical", "技术能力", "Technical capability"),
    ("capacity", "产能", "Capacity"),
    ("delivery", "交付", "Delivery"),
    ("after_sales", "售后服务", "After-sales service"),
    ("price", "价格", "Price"),
    ("financial", "财务状况", "Financial health"),
)
"""The selection criteria, each scored 0–100 by every evaluator; their weights are in Config."""
AUDIT_TYPES = choices(
    ("system", "体系审核", "System audit", ("体系",)),
    ("process", "过程审核", "Process audit", ("过程",)),
    ("product", "产品审核", "Product audit", ("产品",)),
)
AUDIT_DIMENSIONS = choices(
    ("quality_awareness", "质量意识", "Quality awareness"),
    ("technical", "技术能力", "Technical capability"),
    ("replication", "复制能力", "Replication capability", ("量产复制能力",)),
    ("problem_solving", "问题解决能力", "Problem-solving"),
    ("system", "体系稳定性", "System stability", ("体系稳定",)),
    ("materials", "物料供应能力", "Materials", ("物料",)),
    ("manufacturing", "制造能力", "Manufacturing", ("制造",)),
    ("transport", "运输能力", "Transport", ("运输",)),
)
FINDING_LEVELS = choices(("major", "严重", "Major", ("主要",)), ("minor", "一般", "Minor", ("轻微", "次要")))
AUDIT_GRADES = choices(("A", "A", "A"), ("B", "B", "B"), ("C", "C", "C"), ("D", "D", "D"))
SAMPLE_KINDS = choices(
    ("trial", "试样", "Trial lot", ("试产", "样品")), ("first_article", "首件", "First article", ("首批", "fai"))
)
SAMPLE_DECISIONS = choices(
    ("approved", "承认", "Approved", ("合格", "批准")),
    ("conditional", "有条件承认", "Conditional", ("让步",)),
    ("rejected", "不承认", "Rejected", ("不合格", "拒绝")),
)
RELEASE_STATUS = choices(
    ("released", "放行", "Released", ("批准", "合格")),
    ("conditional", "有条件放行", "Conditional", ("条件放行",)),
    ("blocked", "冻结", "Blocked", ("禁止", "暂停")),
)
DUE_STATES = choices(("due", "即将到期", "Due"), ("overdue", "已逾期", "Overdue"))
_RELEASE_HIGHLIGHTS = (
    Highlight("status", "FFC7CE", equals="blocked", color="9C0006"),
    Highlight("status", "FFEB9C", equals="conditional", color="9C5700"),
    Highlight("status", "C6EFCE", equals="released", color="006100"),
)
_CANDIDATE = Column(
    "candidate",
    "候选供应商代码",
    "Candidate code",
    required=True,
    ref="candidates.candidate",
    synonyms=("候选代码", "候选供应商", "candidate"),
)
_NEED = Column(
    "need", "需求(物料/类别)", "Need (part / category)", required=True, synonyms=("采购需求", "需求", "need")
)
_SUBJECT = Column(
    "supplier",
    "供应商/候选代码",
    "Supplier or candidate code",
    required=True,
    synonyms=("供应商代码", "候选代码", "供应商", "supplier"),
    help_zh="供应商名录或候选供应商中的代码",
    help_en="A code from Suppliers or Candidates",
)

CANDIDATES = SheetSpec(
    "candidates",
    "候选供应商",
    "Candidates",
    table="tblCandidates",
    key_columns=("candidate",),
    synonyms=("潜在供应商", "供应商候选", "candidate suppliers"),
    help_zh="每个采购需求(物料或类别)的候选供应商; 评价后可转入供应商名录",
    help_en="Candidates per need (part or category); the chosen one becomes a supplier",
    columns=(
        Column(
            "candidate",
            "候选供应商代码",
            "Candidate code",
            required=True,
            unique=True,
            synonyms=("候选代码", "代码", "code"),
        ),
        Column("name", "名称", "Name", required=True, width=28, synonyms=("候选供应商名称", "公司名称", "company")),
        _NEED,
        Column("category", "类别", "Category", choices=SUPPLIER_CATEGORY, vocabulary="open"),
        Column(
            "uscc",
            "统一社会信用代码",
            "Unified social credit code",
            fmt="uscc",
            width=22,
            synonyms=("信用代码", "uscc"),
        ),
        Column("contact", "联系人", "Contact"),
        Column("phone", "电话", "Phone", fmt="phone"),
        Column("email", "邮箱", "Email", fmt="email", width=24),
        Column("address", "地址", "Address", width=30),
        Column(
            "source",
            "来源渠道",
            "Found through",
            synonyms=("市场调研", "渠道"),
            help_zh="市场调研、展会、推荐等",
            help_en="Market research, trade fair, referral …",
        ),
        Column(
            "supplier_code",
            "转入供应商代码",
            "Supplier code given",
            computed=True,
            help_zh="转入供应商名录后的代码",
            help_en="Its code once promoted to Suppliers",
        ),
    ),
)

CANDIDATE_SCORES = SheetSpec(
    "candidate_scores",
    "候选评价",
    "Candidate evaluation",
    table="tblCandidateScores",
    key_columns=("candidate", "evaluator"),
    synonyms=("候选供应商评价", "供应商评价打分", "candidate scores"),
    help_zh="每位评价人对每个候选供应商按各准则打分(0–100)",
    help_en="Each evaluator's 0–100 score of each candidate on each criterion",
    columns=(
        _CANDIDATE,
        Column("evaluator", "评价人", "Evaluator", required=True, synonyms=("评分人", "rated by")),
        *(Column(c.key, c.zh, c.en, **_SCORE) for c in CANDIDATE_CRITERIA),
        Column("comment", "评语", "Comment", width=30),
    ),
)

CANDIDATE_RANKING = SheetSpec(
    "candidate_ranking",
    "候选排名",
    "Candidate ranking",
    table="tblCandidateRanking",
    kind="result",
    key_columns=("need", "candidate"),
    highlights=(Highlight("shortlisted", "C6EFCE", equals="yes", color="006100"),),
    columns=(
        _NEED,
        Column("rank", "排名", "Rank", dtype="int"),
        Column("candidate", "候选供应商代码", "Candidate code"),
        Column("name", "名称", "Name", width=28),
        Column("score", "加权得分", "Weighted score", **_SCORE),
        *(Column(c.key, c.zh, c.en, **_SCORE) for c in CANDIDATE_CRITERIA),
        Column("evaluators", "评价人数", "Evaluators", dtype="int"),
        Column("shortlisted", "入围", "Shortlisted", choices=YES_NO),
        Column("reason", "理由", "Reason", width=60),
    ),
)

SURVEY_ANSWERS = SheetSpec(
    "survey_answers",
    "供应商调查答复",
    "Supplier survey answers",
    table="tblSurveyAnswers",
    key_columns=("supplier", "item"),
    help_zh="供应商调查表导入的答复(公司概况、主要客户、原材料与分供方、运输), 一律存为文本",
    help_en="Answers imported from supplier surveys (company, main customers, materials and sub-suppliers, transport), kept as text",
    columns=(
        _SUBJECT,
        Column("survey_id", "调查表编号", "Survey ID"),
        Column("item", "项目", "Item", required=True, width=24),
        Column("answer", "答复", "Answer", width=50),
        Column("received", "导入日期", "Imported", **_DATE),
    ),
)

CAPABILITY = SheetSpec(
    "capability",
    "过程能力",
    "Capability",
    table="tblCapability",
    key_columns=("supplier", "process", "characteristic"),
    synonyms=("供应能力", "过程能力分析", "cpk", "process capability"),
    highlights=(Highlight("below_min", "FFC7CE", equals="yes", color="9C0006"),),
    help_zh="供应商关键过程的 Cpk 与产能; 关键特性的 Cpk 低于参数设置中的下限时标红",
    help_en="Cpk and capacity of a supplier's key processes; a key characteristic's Cpk under the Config minimum is flagged",
    columns=(
        _SUBJECT,
        Column("process", "过程", "Process", required=True, synonyms=("关键过程", "工序")),
        Column("characteristic", "特性", "Characteristic", synonyms=("质量特性",)),
        Column("key_characteristic", "关键特性", "Key characteristic", choices=YES_NO, synonyms=("是否关键特性",)),
        Column("cpk", "Cpk", "Cpk", dtype="float", number_format="0.00", min_value=0, synonyms=("过程能力指数",)),
        Column(
            "monthly_capacity",
            "月产能",
            "Monthly capacity",
            dtype="float",
            number_format="#,##0",
            min_value=0,
            synonyms=("产能", "capacity"),
        ),
        Column("unit", "单位", "Unit"),
        Column("utilisation", "产能利用率", "Utilisation", dtype="percent", min_value=0, max_value=1.5),
        Column("source", "来源", "Source", help_zh="调查表编号或手工", help_en="Survey ID, or manual"),
        Column("reported", "日期", "Reported", **_DATE),
        Column("below_min", "Cpk不足", "Cpk below minimum", choices=YES_NO, computed=True),
    ),
)

AUDITS = SheetSpec(
    "audits",
    "供应商审核",
    "Supplier audits",
    table="tblAudits",
    key_columns=("audit_id",),
    synonyms=("审核记录", "二方审核", "supplier audit", "audits"),
    highlights=(
        Highlight("grade", "FFC7CE", equals="D", color="9C0006"),
        Highlight("grade", "FFEB9C", equals="C", color="9C5700"),
    ),
    help_zh="体系、过程和产品审核; 得分、等级、发现项数由“审核评分”计算",
    help_en="System, process and product audits; score, grade and findings are computed by Score audits",
    columns=(
        Column("audit_id", "审核编号", "Audit ID", required=True, unique=True, synonyms=("编号", "id")),
        SUPPLIER_REF,
        Column("audit_type", "审核类型", "Audit type", required=True, choices=AUDIT_TYPES, synonyms=("类型", "type")),
        Column("audit_date", "审核日期", "Audit date", required=True, synonyms=("日期", "date"), **_DATE),
        Column("auditor", "审核员", "Auditor", synonyms=("审核人",)),
        Column("points", "得分", "Points", dtype="float", number_format="0.0", computed=True),
        Column("max_points", "满分", "Maximum points", dtype="float", number_format="0.0", computed=True),
        Column("score", "得分率", "Score", computed=True, **_SCORE),
        Column("grade", "审核等级", "Audit grade", choices=AUDIT_GRADES, computed=True),
        Column("findings", "发现项数", "Findings", dtype="int", computed=True),
        Column(
            "period",
            "评分期间",
            "Scoring period",
            computed=True,
            help_zh="审核得分写入人工评分表的期间",
            help_en="Period whose Manual ratings get the audit score",
        ),
    ),
)

AUDIT_CHECKLIST = SheetSpec(
    "audit_checklist",
    "审核检查表",
    "Audit checklist",
    table="tblAuditChecklist",
    key_columns=("audit_id", "question_no"),
    synonyms=("审核清单", "检查表", "checklist"),
    help_zh="每次审核的问题, 按维度分组; 每题满分与得分, 有发现项时填写发现与等级",
    help_en="Each audit's questions by dimension, with maximum and given points; a finding text raises a corrective action",
    columns=(
        Column("audit_id", "审核编号", "Audit ID", required=True, ref="audits.audit_id"),
        Column("question_no", "题号", "Question no", required=True, synonyms=("序号", "no")),
        Column("dimension", "维度", "Dimension", required=True, choices=AUDIT_DIMENSIONS, vocabulary="open"),
        Column("question", "检查问题", "Question", width=40, synonyms=("问题", "检查内容")),
        Column("max_points", "满分", "Maximum points", dtype="float", number_format="0.0", min_value=0, required=True),
        Column("points", "得分", "Points", dtype="float", number_format="0.0", min_value=0),
        Column("finding", "发现项", "Finding", width=40, synonyms=("不符合项", "问题点", "nonconformity")),
        Column("finding_level", "发现等级", "Finding level", choices=FINDING_LEVELS),
        Column("scar_id", "SCAR编号", "SCAR ID", computed=True),
    ),
)

SAMPLE_APPROVALS = SheetSpec(
    "sample_approvals",
    "样品承认",
    "Sample approvals",
    table="tblSampleApprovals",
    key_columns=("sample_id",),
    synonyms=("样品承认书", "首件检验", "试样检验", "first article", "ppap"),
    ordered=(("received", "approval_date"), ("inspected", "quantity")),
    highlights=(
        Highlight("decision", "C6EFCE", equals="approved", color="006100"),
        Highlight("decision", "FFC7CE", equals="rejected", color="9C0006"),
    ),
    help_zh="试样或首件批全数检验(不抽样)的结果与承认决定; 物料×供应商须有承认的样品才能放行",
    help_en="Trial or first-article lots inspected 100 % (not sampled), result and decision; a source is released only after an approved sample",
    columns=(
        Column("sample_id", "样品编号", "Sample ID", required=True, unique=True, synonyms=("编号", "id")),
        SUPPLIER_REF,
        Column("part", PART.zh, PART.en, required=True, synonyms=PART.synonyms),
        Column("kind", "类型", "Kind", choices=SAMPLE_KINDS, vocabulary="open"),
        Column("received", "收样日期", "Received", **_DATE),
        Column("quantity", "数量", "Quantity", dtype="int", min_value=1, required=True),
        Column(
            "inspected",
            "检验数",
            "Inspected",
            dtype="int",
            min_value=0,
            help_zh="必须全数检验: 等于数量",
            help_en="Must equal the quantity: 100 % inspection",
        ),
        Column("defects", "不合格数", "Defective", dtype="int", min_value=0),
        Column("result", "检验结果", "Result", width=30, computed=True),
        Column("decision", "承认决定", "Decision", choices=SAMPLE_DECISIONS),
        Column("approval_date", "承认日期", "Approval date", **_DATE),
        Column("approver", "承认人", "Approved by"),
    ),
)

APPROVED_LIST = SheetSpec(
    "approved_list",
    "合格货源清单",
    "Approved list",
    table="tblApprovedList",
    key_columns=("part", "supplier"),
    synonyms=("质量信息记录", "货源放行", "quality info record", "source approval"),
    highlights=_RELEASE_HIGHLIGHTS,
    help_zh="每个物料×供应商的放行状态(类似SAP质量信息记录); 由“更新合格货源”计算, “人工指定”列优先",
    help_en="Release status per part × supplier (like SAP's quality info record); computed by Update approved list, an override wins",
    columns=(
        Column("part", PART.zh, PART.en, required=True, synonyms=PART.synonyms),
        SUPPLIER_REF,
        Column("status", "放行状态", "Release status", choices=RELEASE_STATUS, computed=True),
        Column("release_date", "放行日期", "Release date", computed=True, **_DATE),
        Column(
            "quantity_limit",
            "限量",
            "Quantity limit",
            dtype="float",
            number_format="#,##0",
            min_value=0,
            help_zh="有条件放行时每批(或每单)最大数量",
            help_en="For conditional sources: the most that may be ordered",
        ),
        Column("agreement", "质量协议有效", "Quality agreement valid", choices=YES_NO, computed=True),
        Column("reason", "原因", "Reason", width=50, computed=True),
        Column("changed", "状态变更日期", "Status changed", computed=True, **_DATE),
        Column("designated_by", "指定客户", "Designated by customer", computed=True),
        Column("action", "处理", "Action", width=40, computed=True),
        Column(
            "override",
            "人工指定状态",
            "Override status",
            choices=RELEASE_STATUS,
            help_zh="填写后以此为准",
            help_en="When filled, this status applies",
        ),
        Column("override_reason", "人工指定原因", "Override reason", width=30),
    ),
)

REEVALUATION = SheetSpec(
    "reevaluation",
    "复评计划",
    "Re-evaluation due",
    table="tblReevaluation",
    kind="result",
    key_columns=("supplier",),
    highlights=(
        Highlight("state", "FFC7CE", equals="overdue", color="9C0006"),
        Highlight("state", "FFEB9C", equals="due", color="9C5700"),
    ),
    columns=(
        SUPPLIER_REF,
        Column("name", "供应商名称", "Supplier name", width=28),
        Column("importance", "重要度", "Importance class", choices=IMPORTANCE),
        Column("last_evaluated", "上次审核/准入", "Last audit or admission", **_DATE),
        Column("interval_months", "复评周期(月)", "Interval (months)", dtype="int"),
        Column("due_date", "应复评日期", "Due date", **_DATE),
        Column("days_left", "剩余天数", "Days left", dtype="int"),
        Column("state", "状态", "State", choices=DUE_STATES),
    ),
)

SHEETS = (
    CANDIDATES,
    CANDIDATE_SCORES,
    CANDIDATE_RANKING,
    SURVEY_ANSWERS,
    CAPABILITY,
    AUDITS,
    AUDIT_CHECKLIST,
    SAMPLE_APPROVALS,
    APPROVED_LIST,
    REEVALUATION,
)
