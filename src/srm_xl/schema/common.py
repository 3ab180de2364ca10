"""Columns and choice lists that several sheets share, so each is described once."""

from __future__ import annotations

from srm_xl.schema.column import Column, choices

SUPPLIER_REF = Column(
    "supplier", "供应商代码", "Supplier code", required=True, ref="suppliers.code",
    synonyms=("供应商编码", "供应商编号", "供方代码", "供应商", "供方", "vendor", "vendor code", "vendor no", "supplier", "supplier id", "supplier no"),
    help_zh="供应商名录中的供应商代码", help_en="Code from the Suppliers sheet",
)
PART = Column(
    "part", "物料编码", "Part number",
    synonyms=("零件号", "料号", "物料号", "物料代码", "零件编号", "品号", "part", "part no", "item", "item code", "material", "material no"),
)
YES_NO = choices(("yes", "是", "Yes", ("y", "true", "1", "√", "✓")), ("no", "否", "No", ("n", "false", "0", "×")))
IMPORTANCE = choices(("I", "I", "I", ("1", "Ⅰ", "一类", "Ⅰ类", "I类")), ("II", "II", "II", ("2", "Ⅱ", "二类", "Ⅱ类", "II类")), ("III", "III", "III", ("3", "Ⅲ", "三类", "Ⅲ类", "III类")))
GRADES = choices(("A", "A", "A"), ("B", "B", "B"), ("C", "C", "C"), ("D", "D", "D"), ("not_graded", "未评级", "Not graded"))
CURRENCY = choices(("CNY", "人民币", "CNY", ("rmb", "元", "¥")), ("USD", "美元", "USD", ("$",)), ("EUR", "欧元", "EUR", ("€",)), ("JPY", "日元", "JPY"), ("other", "其他", "Other"))
