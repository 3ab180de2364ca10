"""Columns and choice lists that several sheets share, so each is described once."""

from __future__ import annotations

from dataclasses import replace

from srm_xl.schema.column import Column, choices

SUPPLIER_REF = Column(
    "supplier",
    "供应商代码",
    "Supplier code",
    required=True,
    ref="suppliers.code",
    synonyms=(
        "供应商编码",
        "供应商编号",
        "供方代码",
        "供应商",
        "供方",
        "vendor",
        "vendor code",
        "vendor no",
        "vendor id",
        "vendor number",
        "supplier",
        "supplier id",
        "supplier no",
        "supplier number",
        "厂商",
        "厂家",
        "来料厂商",
        "供货商",
        "供货单位",
    ),
    help_zh="供应商名录中的供应商代码",
    help_en="Code from the Suppliers sheet",
)
SUPPLIER_BY_NAME = replace(
    SUPPLIER_REF,
    synonyms=(
        *SUPPLIER_REF.synonyms,
        "供应商名称",
        "供方名称",
        "供应商简称",
        "厂商名称",
        "厂家名称",
        "supplier name",
        "vendor name",
    ),
    help_zh="供应商名录中的供应商代码(写名称或简称也可, 导入时换成代码)",
    help_en="Code from the Suppliers sheet (a name or short name is turned into the code on import)",
)
"""The supplier reference of logs users keep by name (inspections, deliveries): a name header maps here too."""
PART = Column(
    "part",
    "物料编码",
    "Part number",
    synonyms=(
        "零件号",
        "料号",
        "物料号",
        "物料代码",
        "零件编号",
        "品号",
        "part",
        "part no",
        "item",
        "item code",
        "material",
        "material no",
        "物料编号",
        "材料编码",
        "存货编码",
        "商品编码",
        "p/n",
        "pn",
        "part number",
    ),
)
YES_NO = choices(
    ("yes", "是", "Yes", ("y", "true", "1", "√", "✓", "有", "对", "ok")),
    ("no", "否", "No", ("n", "false", "0", "×", "✗", "无", "不是", "-")),
)
IMPORTANCE = choices(
    ("I", "I", "I", ("1", "Ⅰ", "一类", "Ⅰ类", "I类", "关键", "关键供应商", "a", "a类", "critical")),
    ("II", "II", "II", ("2", "Ⅱ", "二类", "Ⅱ类", "II类", "重要", "重要供应商", "b", "b类", "important", "major")),
    ("III", "III", "III", ("3", "Ⅲ", "三类", "Ⅲ类", "III类", "一般", "一般供应商", "c", "c类", "general", "minor")),
)
GRADES = choices(
    ("A", "A", "A"), ("B", "B", "B"), ("C", "C", "C"), ("D", "D", "D"), ("not_graded", "未评级", "Not graded")
)
CURRENCY = choices(
    ("CNY", "人民币", "CNY", ("rmb", "元", "¥", "￥", "人民币元")),
    ("USD", "美元", "USD", ("$", "美金", "us$")),
    ("EUR", "欧元", "EUR", ("€",)),
    ("JPY", "日元", "JPY", ("円",)),
    ("other", "其他", "Other"),
)
