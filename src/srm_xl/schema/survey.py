"""The supplier survey workbook a candidate fills in: its questionnaire (identity, then one answer per item) and
its two tables. Form specs, not registered sheets: they never appear in the master workbook."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec
from srm_xl.schema.qualification import CAPABILITY
from srm_xl.schema.suppliers import CERTIFICATES

TEXT_LIMIT = 2000
"""Longest answer accepted in any text cell of a survey."""
ITEMS = (
    Column("name", "公司名称", "Company name", max_length=TEXT_LIMIT),
    Column("uscc", "统一社会信用代码", "Unified social credit code", fmt="uscc", max_length=TEXT_LIMIT),
    Column("address", "地址", "Address", max_length=TEXT_LIMIT),
    Column("founded", "成立日期", "Founded", dtype="date"),
    Column("employees", "员工人数", "Employees", dtype="int", min_value=0),
    Column("revenue", "年营业额(万元)", "Annual revenue (10k CNY)", dtype="float", min_value=0, unit=1e4),
    Column("contact", "联系人", "Contact", max_length=TEXT_LIMIT),
    Column("phone", "电话", "Phone", max_length=TEXT_LIMIT),
    Column("email", "邮箱", "Email", max_length=TEXT_LIMIT),
    Column("tax_status", "纳税信用等级", "Tax credit rating", max_length=TEXT_LIMIT),
    Column("main_customers", "主要客户", "Main customers", max_length=TEXT_LIMIT),
    Column("materials", "主要原材料", "Main materials", max_length=TEXT_LIMIT),
    Column("sub_suppliers", "主要分供方", "Main sub-suppliers", max_length=TEXT_LIMIT),
    Column("transport_mode", "运输方式", "Transport mode", max_length=TEXT_LIMIT),
    Column("transport_days", "运输周期(天)", "Transport time (days)", dtype="float", min_value=0),
    Column("distance_km", "距离(公里)", "Distance (km)", dtype="float", min_value=0),
)
"""The questionnaire's items, typed and checked like sheet columns."""
IDENTITY = (
    Column("survey_id", "调查表编号", "Survey ID"),
    Column("candidate", "供应商代码", "Supplier code"),
    Column("sent", "发出日期", "Sent"),
    Column("signature", "签名(请勿修改)", "Signature (do not change)"),
)
"""The survey's identity block, above the items (locked)."""
QUESTIONNAIRE = SheetSpec("survey", "调查表", "Survey", table="tblSurvey", columns=(*IDENTITY, *ITEMS))
"""The questionnaire sheet: its name, then identity and items as label/answer rows (not an Excel Table)."""
SURVEY_CERTIFICATES = SheetSpec(
    "survey_certificates",
    CERTIFICATES.zh,
    CERTIFICATES.en,
    table="tblSurveyCertificates",
    columns=tuple(c for c in CERTIFICATES.columns if c.key != "supplier"),
)
SURVEY_PROCESSES = SheetSpec(
    "survey_processes",
    "关键过程",
    "Key processes",
    table="tblSurveyProcesses",
    columns=tuple(
        CAPABILITY.column(k)
        for k in ("process", "characteristic", "key_characteristic", "cpk", "monthly_capacity", "unit", "utilisation")
    ),
)
TABLES = (SURVEY_CERTIFICATES, SURVEY_PROCESSES)
