"""A supplier-quality engineer's quarter as they keep it, and the same quarter hand-cleaned.

``write_as_kept`` writes what the engineer has: a supplier list with their own categories (电子料/结构件/包材/化工)
and statuses (合格/试用/暂停), one phone cell holding two numbers and a totals row; the IQC log on monthly sheets
(7月, 8-9月) naming suppliers by full name, short name, name without 有限公司 or with full-width brackets, dates
typed as 7月3日, no lot numbers, their headers (不良数, 实际到货, 币别) and a totals row; and a delivery log.
``write_cleaned`` writes the same facts directly in the product's template vocabulary (codes, choice keys, real
dates, lot numbers), the way a person would after a day of hand-cleaning. Both come from one seeded truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from openpyxl import Workbook

from tests.books import write_book

CITIES = ("东莞", "深圳", "苏州", "宁波", "昆山", "佛山", "无锡", "常州")
WORDS = (
    "华信",
    "立讯",
    "鼎泰",
    "金瑞",
    "宏达",
    "永盛",
    "恒通",
    "正业",
    "天成",
    "联創",
    "博远",
    "汇川",
    "安捷",
    "力拓",
    "新亚",
    "德昌",
    "富顺",
    "凯美",
    "明阳",
    "中科",
    "嘉禾",
    "瑞丰",
    "精诚",
    "兆丰",
    "信元",
    "创维",
    "中信",
    "泰和",
    "万向",
    "东方",
    "协鑫",
    "国巨",
    "风华",
    "顺络",
    "三环",
    "长盈",
    "领益",
    "欣旺",
    "德赛",
    "亿纬",
)
TRADES = {"电子料": "电子科技", "结构件": "精密五金", "包材": "包装制品", "化工": "化工材料"}
STATUS = {"合格": "approved", "试用": "conditional", "暂停": "suspended"}
DECISION = {"合格": ("accept", None), "不合格": ("reject", "return"), "特采": ("accept", "concession")}
SUPPLIERS = 40
LOTS = 577


@dataclass(frozen=True)
class Quarter:
    """The truth both workbooks are written from."""

    suppliers: pl.DataFrame
    lots: pl.DataFrame
    deliveries: pl.DataFrame


def quarter(seed: int = 13) -> Quarter:
    rng = np.random.default_rng(seed)
    categories = list(TRADES)
    rows = []
    for i in range(SUPPLIERS):
        category = categories[i % 4]
        word = WORDS[i]
        city = CITIES[i % len(CITIES)]
        name = f"{city}{word}{TRADES[category]}有限公司" if i % 7 else f"{word}（{city}）{TRADES[category]}有限公司"
        status = "暂停" if i % 13 == 5 else "试用" if i % 5 == 3 else "合格"
        phone = "0769-81434921 / 0755-26661234" if i == 7 else f"13{rng.integers(100000000, 999999999)}"
        rows.append(
            {
                "code": f"GYS{i + 1:03d}",
                "name": name,
                "short_name": f"{word}{TRADES[category][:2]}",
                "category": category,
                "status": status,
                "phone": phone,
                "contact": f"联系人{i + 1}",
            }
        )
    suppliers = pl.DataFrame(rows)
    start = date(2026, 7, 1)
    lot_rows = []
    for n in range(LOTS):
        s = int(rng.integers(0, SUPPLIERS))
        received = start + timedelta(days=int(rng.integers(0, 92)))
        lot_size = int(rng.choice([200, 500, 800, 1200, 3000, 5000]))
        sample = {200: 32, 500: 50, 800: 80, 1200: 80, 3000: 125, 5000: 200}[lot_size]
        defects = (
            int(rng.choice([0, 1, 2, 3, 5], p=[0.9, 0.04, 0.03, 0.02, 0.01]))
            if s % 6
            else int(rng.choice([0, 2, 4, 6, 9]))
        )
        verdict = "合格" if defects <= 2 else ("特采" if defects <= 4 else "不合格")
        lot_rows.append(
            {
                "supplier": suppliers["code"][s],
                "s": s,
                "part": f"P{(s * 3 + n % 3):04d}",
                "received": received,
                "lot_size": lot_size,
                "sample_size": sample,
                "defects": defects,
                "verdict": verdict,
                "n": n,
            }
        )
    lots = pl.DataFrame(lot_rows).sort("received", "n")
    delivery_rows = []
    for n in range(LOTS):
        s = int(rng.integers(0, SUPPLIERS))
        due = start + timedelta(days=int(rng.integers(0, 92)))
        late = int(rng.choice([-1, 0, 1, 2, 5])) if s % 4 == 0 else int(rng.choice([0, 0, 0, 0, 0, 0, 0, 0, -1, 3]))
        ordered = float(rng.choice([100, 500, 1000, 2000]))
        delivered = ordered if rng.random() > 0.15 else ordered - float(rng.choice([10, 50, 100]))
        delivery_rows.append(
            {
                "po": f"PO26{n + 1:05d}",
                "supplier": suppliers["code"][s],
                "s": s,
                "part": f"P{(s * 3 + n % 3):04d}",
                "qty_ordered": ordered,
                "qty_delivered": delivered,
                "due_date": due,
                "delivered_date": due + timedelta(days=late),
                "unit_price": round(float(rng.uniform(0.5, 30)), 4),
            }
        )
    return Quarter(suppliers, lots, pl.DataFrame(delivery_rows))


def _as_written(q: Quarter, s: int, n: int) -> str:
    """How the engineer wrote supplier ``s`` on the ``n``-th row: full name, short name, without 有限公司, half-width
    brackets, or with stray spaces."""
    name = q.suppliers["name"][s]
    forms = (
        name,
        q.suppliers["short_name"][s],
        name.removesuffix("有限公司"),
        name.replace("（", "(").replace("）", ")"),
        f" {name} ",
    )
    return forms[n % len(forms)]


def _day(day: date, n: int) -> object:
    """Mostly typed as 7月3日, sometimes a real date cell."""
    return datetime(day.year, day.month, day.day) if n % 9 == 0 else f"{day.month}月{day.day}日"


def write_as_kept(path: Path, q: Quarter | None = None) -> Path:
    q = q or quarter()
    book = Workbook()
    sheet = book.active
    sheet.title = "供应商清单"
    sheet.append(["2026年供应商清单(质量部)"])
    sheet.append([])
    sheet.append(["序号", "供应商编号", "供应商名称", "简称", "类别", "联系人", "联系电话", "状态", "备注"])
    for i, row in enumerate(q.suppliers.iter_rows(named=True), start=1):
        sheet.append(
            [
                i,
                row["code"],
                row["name"],
                row["short_name"],
                row["category"],
                row["contact"],
                row["phone"],
                row["status"],
                None,
            ]
        )
    sheet.append(["合计", None, f"共{SUPPLIERS}家"])
    headers = ["日期", "供应商", "物料编码", "品名", "来料数量", "抽检数", "不良数", "判定", "检验员", "备注"]
    for title, months, name in (("2026年7月来料检验记录", (7,), "7月"), ("来料检验记录 8-9月", (8, 9), "8-9月")):
        log = book.create_sheet(name)
        log.append([title])
        log.append(headers)
        chosen = q.lots.filter(pl.col("received").dt.month().is_in(list(months)))
        for row in chosen.iter_rows(named=True):
            log.append(
                [
                    _day(row["received"], row["n"]),
                    _as_written(q, row["s"], row["n"]),
                    row["part"],
                    "物料",
                    row["lot_size"],
                    row["sample_size"],
                    row["defects"],
                    row["verdict"],
                    "张工",
                    None,
                ]
            )
        log.append(
            [
                "合计",
                None,
                None,
                None,
                int(chosen["lot_size"].sum()),
                int(chosen["sample_size"].sum()),
                int(chosen["defects"].sum()),
            ]
        )
    delivery = book.create_sheet("交货记录")
    delivery.append(["2026年第三季度交货记录"])
    delivery.append(
        ["订单号", "供应商", "物料编码", "订单数量", "实收数量", "计划到货日期", "实际到货", "单价", "币别"]
    )
    for row in q.deliveries.iter_rows(named=True):
        delivery.append(
            [
                row["po"],
                _as_written(q, row["s"], row["s"] + 1),
                row["part"],
                row["qty_ordered"],
                row["qty_delivered"],
                _day(row["due_date"], row["s"]),
                datetime.combine(row["delivered_date"], datetime.min.time()),
                row["unit_price"],
                "RMB",
            ]
        )
    book.save(path)
    return path


def write_cleaned(path: Path, q: Quarter | None = None) -> Path:
    q = q or quarter()
    suppliers = q.suppliers.with_columns(pl.col("status").replace_strict(STATUS)).select(
        "code", "name", "short_name", "category", "contact", "phone", "status"
    )
    decision = {k: v[0] for k, v in DECISION.items()}
    disposition = {k: v[1] for k, v in DECISION.items()}
    lots = q.lots.select(
        pl.format("IQC-{}", pl.col("n")).alias("lot"),
        "supplier",
        "part",
        "received",
        "lot_size",
        "sample_size",
        pl.col("defects").alias("major"),
        pl.col("verdict").replace_strict(decision).alias("decision"),
        pl.col("verdict").replace_strict(disposition, default=None).alias("disposition"),
    )
    deliveries = q.deliveries.drop("s").with_columns(pl.lit("CNY").alias("currency"))
    return write_book(path, {"suppliers": suppliers, "inspections": lots, "deliveries": deliveries})
