"""Sheets import keeps in the workbook so nothing it met is lost and each answer is given once: the rows it
could not identify, the user's words for closed choices (value map) and their headers (column map)."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec

ROWS_NOT_IMPORTED = SheetSpec(
    "rows_not_imported",
    "未导入行",
    "Rows not imported",
    table="tblRowsNotImported",
    kind="log",
    synonyms=("未导入", "not imported", "set aside"),
    help_zh="导入时无法识别的行(没有代码也无从推导), 原样保留; 补全后可再次导入",
    help_en="Rows import could not identify (no key and nothing to derive one from), kept as they were; complete them and import again",
    columns=(
        Column("source", "来源文件", "Source file", width=22),
        Column("sheet", "来源工作表", "Source sheet", width=14),
        Column("row", "来源行", "Source row", dtype="int"),
        Column("target", "目标表", "Target sheet", width=14),
        Column("reason", "原因", "Reason", width=40),
        Column("values", "原始内容", "Original values", width=80),
        Column("time", "导入时间", "Imported at", dtype="datetime"),
    ),
)

VALUE_MAP = SheetSpec(
    "value_map",
    "值映射",
    "Value map",
    table="tblValueMap",
    kind="config",
    key_columns=("sheet", "column", "word"),
    synonyms=("取值映射", "value mapping", "word map"),
    help_zh="您的用词 → 含义: 在“含义”列选择或填写可选项之一, 下次导入和每个功能都按此理解",
    help_en="Your word → its meaning: fill the Meaning column with one of the choices; every later import and job reads it so",
    columns=(
        Column("sheet", "工作表", "Sheet", required=True, width=16),
        Column("column", "列", "Column", required=True, width=16),
        Column("word", "您的用词", "Your word", required=True, width=18),
        Column(
            "meaning",
            "含义",
            "Meaning",
            width=18,
            help_zh="填写该列的可选项之一",
            help_en="One of the column's choices",
        ),
        Column("rows", "涉及行数", "Rows", dtype="int", computed=True),
        Column("choices", "可选项", "Choices", width=50, computed=True),
    ),
)

COLUMN_MAP = SheetSpec(
    "column_map",
    "列映射",
    "Column map",
    table="tblColumnMap",
    kind="config",
    key_columns=("sheet", "header"),
    synonyms=("列名映射", "column mapping", "header map"),
    help_zh="您的列名 → 本工作簿的列: 导入时记住, 下次同样的表头直接对应",
    help_en="Your header → this workbook's column: remembered by import for the next file of the same layout",
    columns=(
        Column("sheet", "工作表", "Sheet", required=True, width=16),
        Column("header", "您的列名", "Your header", required=True, width=20),
        Column("column", "对应列", "Maps to", width=20),
        Column("suggestion", "建议", "Suggestion", width=20, computed=True),
    ),
)

SHEETS = (ROWS_NOT_IMPORTED, VALUE_MAP, COLUMN_MAP)
