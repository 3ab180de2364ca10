"""Sheets the product itself keeps: settings, the audit log and the validation report."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec, choices

CONFIG = SheetSpec(
    "config",
    "参数设置",
    "Config",
    table="tblConfig",
    kind="config",
    key_columns=("setting",),
    synonyms=("配置", "设置", "参数", "settings", "configuration"),
    help_zh="修改“值”列即可改变计算方式; 清空则使用默认值",
    help_en="Change the Value column to change behaviour; leave it blank for the default",
    columns=(
        Column(
            "setting",
            "参数",
            "Setting",
            required=True,
            unique=True,
            width=30,
            synonyms=("参数名", "设置项", "key", "name"),
        ),
        Column("value", "值", "Value", width=16, supplier_editable=False, synonyms=("取值", "设定值", "当前值")),
        Column("default", "默认值", "Default", width=16, computed=True, synonyms=("缺省值",)),
        Column("description", "说明", "Description", width=60, computed=True, synonyms=("描述", "备注", "explanation")),
    ),
)

AUDIT_LOG = SheetSpec(
    "audit_log",
    "操作日志",
    "Audit log",
    table="tblAuditLog",
    kind="log",
    synonyms=("审计日志", "日志", "log"),
    columns=(
        Column("time", "时间", "Time", dtype="datetime", required=True),
        Column("user", "用户", "User"),
        Column("job", "操作", "Job", required=True),
        Column("checksum", "输入校验和", "Input checksum", width=20),
        Column("rows_read", "读取行数", "Rows read", dtype="int"),
        Column("rows_written", "写入行数", "Rows written", dtype="int"),
        Column("result", "结果", "Result", width=60),
    ),
)

SEVERITY = choices(("error", "错误", "Error"), ("warning", "警告", "Warning"), ("info", "提示", "Info"))

VALIDATION = SheetSpec(
    "validation",
    "数据校验",
    "Validation",
    table="tblValidation",
    kind="result",
    synonyms=("校验结果", "validation report"),
    columns=(
        Column("sheet", "工作表", "Sheet", width=18),
        Column("row", "行", "Row", dtype="int"),
        Column("column", "列", "Column", width=18),
        Column("value", "值", "Value", width=18),
        Column("check", "检查", "Check", width=22),
        Column("code", "代码", "Code", width=16),
        Column("severity", "级别", "Severity", choices=SEVERITY),
        Column("message", "说明", "Message", width=70),
        Column("link", "位置", "Go to", width=12),
        Column(
            "origin",
            "来源",
            "Source",
            width=24,
            help_zh="导入发现的问题: 原文件中的位置",
            help_en="Found by import: where it was in your file",
        ),
        Column(
            "job",
            "功能",
            "Job",
            width=10,
            help_zh="发现该问题的功能; 每个功能只替换自己的部分",
            help_en="The job that found it; each job replaces only its own part",
        ),
    ),
)

SHEETS = (
    CONFIG,
    AUDIT_LOG,
    VALIDATION,
)
