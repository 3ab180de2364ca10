"""Supplier scorecard results and the manual ratings users enter for them."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec
from srm_xl.schema.common import GRADES, IMPORTANCE, SUPPLIER_REF

_POINTS = {"dtype": "float", "number_format": "0.0", "min_value": 0, "max_value": 100}

SCORECARD = SheetSpec(
    "scorecard", "供应商评分", "Scorecard", table="tblScorecard", kind="result", key_columns=("period", "supplier"),
    synonyms=("评分表", "绩效评价", "供应商绩效", "supplier scorecard", "performance"),
    highlights=tuple(Highlight("grade", fill, equals=g) for g, fill in (("A", "C6EFCE"), ("B", "DDEBF7"), ("C", "FFEB9C"), ("D", "FFC7CE"))),
    columns=(
        Column("period", "期间", "Period", required=True, synonyms=("评价期间", "月份", "季度")),
        SUPPLIER_REF,
        Column("name", "供应商名称", "Supplier name", width=28),
        Column("importance", "重要度", "Importance class", choices=IMPORTANCE),
        Column("quality_points", "质量得分", "Quality points", **_POINTS),
        Column("delivery_points", "交付得分", "Delivery points", **_POINTS),
        Column("price_points", "价格得分", "Price points", **_POINTS),
        Column("service_points", "服务得分", "Service points", **_POINTS),
        Column("total", "总分", "Total", **_POINTS),
        Column("grade", "等级", "Grade", choices=GRADES),
    ),
)

MANUAL_RATINGS = SheetSpec(
    "manual_ratings", "人工评分", "Manual ratings", table="tblManualRatings", key_columns=("period", "supplier"),
    synonyms=("主观评分", "服务评分", "manual scores", "ratings"),
    columns=(
        Column("period", "期间", "Period", required=True, help_zh="如 2026-Q3 或 2026-07", help_en="e.g. 2026-Q3 or 2026-07"),
        SUPPLIER_REF,
        Column("audit_score", "审核得分", "Audit score", **_POINTS),
        Column("service_rating", "服务评分", "Service rating", **_POINTS),
        Column("cooperation", "配合度", "Cooperation", **_POINTS),
        Column("rated_by", "评分人", "Rated by"),
    ),
)

SHEETS = (SCORECARD, MANUAL_RATINGS,)
