"""Both scoring presets against a hand computation written apart from the product.

A quarter of data for 23 suppliers is kept the way a buyer keeps it (their own Chinese headers, supplier names
instead of codes, an IQC log, a delivery log, a parts list with target prices, quarterly service ratings on
0–10), imported with ``srm-xl import``, graded with each preset, and every supplier's total and grade is
compared with plain arithmetic over the rows generated here, following the scheme's own text: the
供应商考核表 (``cn-assessment``) and ERPNext's default supplier scorecard (``erpnext-default``: its standings
and its default weighting function ``{total_score} * max(0, min(1, (12 - {period_number}) / 12))``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app

runner = CliRunner()
QUARTER = "2026-Q1"
Q_START, Q_END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
MONTHS = (1, 2, 3)
EMPTY_MONTH = ("S13", 2)
"""S13 has neither a lot nor a delivery in February."""
NO_TARGET_PART = "P-S05-3"
"""A part bought without a target price: left out of the price comparison."""

_NAMES = (
    "苏州恒达精密五金有限公司",
    "宁波永盛塑胶制品有限公司",
    "东莞宏信电子科技有限公司",
    "昆山华美包装材料有限公司",
    "无锡金桥机械配件厂",
    "常州新亚电机有限公司",
    "深圳创辉线缆有限公司",
    "佛山伟业铝材有限公司",
    "杭州天成橡胶制品有限公司",
    "温州正泰紧固件有限公司",
    "青岛海顺铸造有限公司",
    "天津津达弹簧有限公司",
    "嘉兴美达印刷有限公司",
    "合肥科瑞电子有限公司",
    "厦门鑫源模具有限公司",
    "中山荣华五金制品厂",
    "台州双环阀门有限公司",
    "南通通达纸箱厂",
    "绍兴飞扬纺织辅料有限公司",
    "惠州德赛电池配件有限公司",
    "江门明辉照明配件有限公司",
    "扬州远航密封件有限公司",
    "泉州信诚标签有限公司",
)


@dataclass(frozen=True)
class Lot:
    lot: str
    supplier: str
    part: str
    received: dt.date
    size: int
    sample: int
    defects: int
    decision: str  # the user's word: 合格 / 特采 / 不合格
    qty_accepted: int | None
    qty_rejected: int | None


@dataclass(frozen=True)
class Line:
    po: str
    line: int
    supplier: str
    part: str
    ordered: int
    delivered: int | None
    due: dt.date
    delivered_on: dt.date | None
    price: float


@dataclass(frozen=True)
class Quarter:
    suppliers: dict[str, str]  # code -> name
    parts: list[tuple[str, str, float | None]]  # part, supplier, target price
    lots: list[Lot]
    lines: list[Line]
    service: dict[str, float | None]  # supplier -> 0–10 rating (None: row kept, rating blank)


def build_quarter() -> Quarter:
    """The generated quarter: every edge the schemes care about, on purpose, and the rest at random."""
    rng = random.Random(14)
    suppliers = {f"S{i:02d}": name for i, name in enumerate(_NAMES, start=1)}
    parts: list[tuple[str, str, float | None]] = []
    factor: dict[str, float] = {}
    for code in suppliers:
        for k in (1, 2, 3) if code == "S05" else (1, 2):
            part = f"P-{code}-{k}"
            parts.append((part, code, None if part == NO_TARGET_PART else round(rng.uniform(1.0, 60.0), 2)))
            factor[part] = rng.choice((0.85, 0.9, 0.95, 0.97, 0.98, 1.0, 1.0, 1.02, 1.03, 1.05, 1.1, 1.2))
    target = {p: t if t is not None else 10.0 for p, _, t in parts}
    reject_p = {c: rng.choice((0.0, 0.0, 0.05, 0.1, 0.2, 0.4)) for c in suppliers}
    late_p = {c: rng.choice((0.0, 0.05, 0.1, 0.15, 0.3, 0.6)) for c in suppliers}
    reject_p |= {"S22": 0.9, "S23": 0.6}  # ERPNext's Very Poor and Poor need suppliers this bad
    late_p |= {"S22": 0.9, "S23": 0.6}
    lots: list[Lot] = []
    lines: list[Line] = []
    for code in suppliers:
        sup_parts = [p for p, s, _ in parts if s == code]
        for month in MONTHS:
            if (code, month) == EMPTY_MONTH:
                continue
            for n in range(rng.randint(2, 4)):
                part = rng.choice(sup_parts)
                size = rng.choice((200, 500, 800, 1200, 2000, 3000, 5000))
                sample = {200: 32, 500: 50, 800: 80, 1200: 80, 2000: 125, 3000: 125, 5000: 200}[size]
                rejected = rng.random() < reject_p[code]
                if rejected:
                    defects = rng.randint(3, 9)
                    style = rng.choice(("whole", "sorted", "blank"))
                    qty_rej = size if style == "whole" else (rng.randint(20, size // 3) if style == "sorted" else None)
                    qty_acc = None if style != "sorted" else size - qty_rej
                    decision = "不合格"
                else:
                    defects = rng.choice((0, 0, 0, 1))
                    concession = defects and rng.random() < 0.5
                    qty_rej = rng.randint(1, 30) if concession else None
                    qty_acc = size if (not concession and rng.random() < 0.5) else None
                    decision = "特采" if concession else "合格"
                received = dt.date(2026, month, rng.randint(1, 28))
                lots.append(
                    Lot(
                        f"L{code}{month:02d}{n}",
                        code,
                        part,
                        received,
                        size,
                        sample,
                        defects,
                        decision,
                        qty_acc,
                        qty_rej,
                    )
                )
            for n in range(rng.randint(2, 4)):
                part = rng.choice(sup_parts)
                ordered = rng.choice((100, 300, 500, 1000, 2000))
                due = dt.date(2026, month, rng.randint(1, 28))
                roll = rng.random()
                offset = rng.randint(1, 3) if roll < late_p[code] else rng.choice((0, 0, -1, -3, -5, -7))
                short = rng.random() < 0.15
                price = round(
                    target[part] * factor[part] * (rng.choice((0.96, 1.04)) if code in ("S07", "S08") else 1.0), 4
                )
                lines.append(
                    Line(
                        f"PO{month:02d}{code[1:]}{n}",
                        1 + n % 2,
                        code,
                        part,
                        ordered,
                        int(ordered * 0.8) if short else ordered,
                        due,
                        due + dt.timedelta(days=offset),
                        price,
                    )
                )
    # Deliberate edges: an undelivered line, lots and lines just outside the quarter.
    lines.append(
        Line(
            "PO0320X",
            1,
            "S20",
            "P-S20-1",
            400,
            None,
            dt.date(2026, 3, 20),
            None,
            round(target["P-S20-1"] * factor["P-S20-1"], 4),
        )
    )
    lots.append(Lot("LS01-DEC", "S01", "P-S01-1", dt.date(2025, 12, 30), 500, 50, 9, "不合格", None, 500))
    lots.append(Lot("LS01-APR", "S01", "P-S01-1", dt.date(2026, 4, 1), 500, 50, 9, "不合格", None, 500))
    lines.append(
        Line(
            "PO0401X",
            1,
            "S02",
            "P-S02-1",
            500,
            500,
            dt.date(2026, 4, 2),
            dt.date(2026, 4, 20),
            round(target["P-S02-1"] * 3, 4),
        )
    )
    service: dict[str, float | None] = {c: round(rng.uniform(4.0, 10.0) * 2) / 2 for c in suppliers}
    del service["S04"], service["S17"]
    service["S09"] = None
    service["S13"] = 4.0  # price (16 + 26) / 2 + quality 15 + delivery 20 + 4 = exactly 60, the C bound
    return Quarter(suppliers, parts, lots, lines, service)


def write_user_workbook(path: Path, q: Quarter) -> None:
    """The buyer's own workbook: their sheet names and headers, supplier names instead of codes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "供应商名录"
    ws.append(["供应商代码", "供应商名称", "状态"])
    for code, name in q.suppliers.items():
        ws.append([code, name, "合格供应商"])
    ws = wb.create_sheet("物料清单")
    ws.append(["料号", "品名", "供应商名称", "目标价"])
    for part, code, price in q.parts:
        ws.append([part, f"零件{part[-4:]}", q.suppliers[code], price])
    ws = wb.create_sheet("IQC记录")
    ws.append(
        ["批次号", "供应商名称", "料号", "来料日期", "来料数量", "抽样数", "不良数", "检验结果", "合格数", "不合格数"]
    )
    for lot in q.lots:
        ws.append(
            [
                lot.lot,
                q.suppliers[lot.supplier],
                lot.part,
                lot.received,
                lot.size,
                lot.sample,
                lot.defects,
                lot.decision,
                lot.qty_accepted,
                lot.qty_rejected,
            ]
        )
    ws = wb.create_sheet("送货记录")
    ws.append(["订单号", "行号", "供应商名称", "料号", "订单数量", "实收数量", "交期", "实际到货日期", "含税单价"])
    for line in q.lines:
        ws.append(
            [
                line.po,
                line.line,
                q.suppliers[line.supplier],
                line.part,
                line.ordered,
                line.delivered,
                line.due,
                line.delivered_on,
                line.price,
            ]
        )
    ws = wb.create_sheet("人工评分")
    ws.append(["期间", "供应商代码", "服务评分"])
    for code, rating in q.service.items():
        ws.append([QUARTER, code, rating])
    wb.save(path)


# --- the hand computation -------------------------------------------------------------------------------------


def _x(value: float) -> Fraction:
    """The number exactly as the user typed it (prices have four decimals, ratings one)."""
    return Fraction(str(value))


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _month_end(month: int) -> dt.date:
    return dt.date(2026, month + 1, 1) - dt.timedelta(days=1)


def _cn_grade(total: Fraction) -> str:
    return "A" if total >= 85 else "B" if total >= 70 else "C" if total >= 60 else "D"


def cn_assessment(q: Quarter) -> dict[str, Fraction]:
    """供应商考核表: price 40 + quality 30 + delivery 20 + service 10, in exact arithmetic."""
    target = {p: t for p, _, t in q.parts}
    totals = {}
    for code in q.suppliers:
        lines = [x for x in q.lines if x.supplier == code and _in(x.due, Q_START, Q_END)]
        lots = [x for x in q.lots if x.supplier == code and _in(x.received, Q_START, Q_END)]
        # price: per part bought in the quarter (quantity-weighted average price), 20 at target, ±2 per 1 %
        qty: dict[str, Fraction] = defaultdict(Fraction)
        spend: dict[str, Fraction] = defaultdict(Fraction)
        for x in lines:
            units = x.delivered if x.delivered is not None else x.ordered
            qty[x.part] += units
            spend[x.part] += units * _x(x.price)
        points = [
            min(Fraction(40), max(Fraction(0), 20 + 2 * (1 - spend[p] / qty[p] / _x(target[p])) * 100))
            for p in qty
            if target[p] is not None
        ]
        price = sum(points, Fraction(0)) / len(points)
        quality = 30 * (1 - Fraction(sum(x.decision == "不合格" for x in lots), len(lots)))
        late = [x for x in lines if x.delivered_on is None or x.delivered_on > x.due]
        days = sum(((x.delivered_on or Q_END) - x.due).days for x in late)
        delivery = max(Fraction(0), 20 * (1 - Fraction(len(late), len(lines))) - days)
        rating = q.service.get(code)
        service = _x(rating) if rating is not None else Fraction(0)
        totals[code] = price + quality + delivery + service
    return totals


def _erp_grade(total: Fraction) -> str:
    return "A" if total >= 80 else "B" if total >= 50 else "C" if total >= 30 else "D"


def _accepted(lot: Lot) -> int:
    if lot.qty_accepted is not None:
        return lot.qty_accepted
    if lot.qty_rejected is not None:
        return lot.size - lot.qty_rejected
    return 0 if lot.decision == "不合格" else lot.size


def erpnext_month(q: Quarter, code: str, month: int) -> Fraction | None:
    """One month's ERPNext score (quality 50, on-time shipments 30, delivery value 20), None without activity."""
    start, end = dt.date(2026, month, 1), _month_end(month)
    lots = [x for x in q.lots if x.supplier == code and _in(x.received, start, end)]
    lines = [x for x in q.lines if x.supplier == code and _in(x.due, start, end)]
    if not lots and not lines:
        return None
    quality = 100 * Fraction(sum(_accepted(x) for x in lots), sum(x.size for x in lots))
    on_time = [x for x in lines if x.delivered_on is not None and x.delivered_on <= x.due]
    shipments = 100 * Fraction(len(on_time), len(lines))
    # ERPNext: Σ received amount of on-time receipts / Σ ordered amount of the lines due
    received_on_time = sum((_x(x.price) * x.delivered for x in on_time if x.delivered is not None), Fraction(0))
    delivery = 100 * received_on_time / sum((_x(x.price) * x.ordered for x in lines), Fraction(0))
    return quality / 2 + shipments * 3 / 10 + delivery / 5


def erpnext_default(q: Quarter) -> dict[str, Fraction]:
    """The quarter as ERPNext combines its monthly scorecards: Σ w·score / Σ w·100 × 100, w = clip((12 − p) / 12)."""
    totals = {}
    for code in q.suppliers:
        num = den = Fraction(0)
        for month in MONTHS:
            score = erpnext_month(q, code, month)
            if score is None:
                continue
            weight = max(Fraction(0), min(Fraction(1), Fraction(12 - (MONTHS[-1] - month), 12)))
            num += score * weight
            den += 100 * weight
        totals[code] = 100 * num / den
    return totals


# --- the product ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quarter() -> Quarter:
    return build_quarter()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, quarter: Quarter) -> Path:
    folder = tmp_path_factory.mktemp("presets")
    source = folder / "采购质量台账.xlsx"
    write_user_workbook(source, quarter)
    book = folder / "quality.xlsx"
    result = runner.invoke(app, ["import", str(source), "--into", str(book)])
    assert result.exit_code in (0, 1), result.output
    return book


def grade_with(preset: str, imported: Path, folder: Path) -> tuple[dict[str, tuple[float, str, str]], str]:
    book = folder / f"{preset}.xlsx"
    book.write_bytes(imported.read_bytes())
    result = runner.invoke(app, ["config", "preset", str(book), preset])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["grade", str(book), "--period", QUARTER])
    assert result.exit_code in (0, 1), result.output
    sheet = openpyxl.load_workbook(book, data_only=True)["供应商评分"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "总分" in r and "等级" in r)
    col = {name: rows[head].index(name) for name in ("期间", "供应商代码", "总分", "等级", "等级名称")}
    out = {
        r[col["供应商代码"]]: (r[col["总分"]], r[col["等级"]], r[col["等级名称"]])
        for r in rows[head + 1 :]
        if r[col["期间"]] == QUARTER and r[col["供应商代码"]]
    }
    return out, result.output


def _compare(product: dict[str, tuple[float, str, str]], expected: dict[str, Fraction], grade) -> list[str]:
    wrong = []
    for code, total in sorted(expected.items()):
        got = product.get(code)
        if got is None or got[0] is None or abs(got[0] - total) > 0.01 or got[1] != grade(total):
            wrong.append(f"{code}: product {got}, hand {float(total):.4f} {grade(total)}")
    return wrong


def test_the_quarter_has_every_edge(quarter: Quarter) -> None:
    expected = cn_assessment(quarter)
    assert len(expected) == 23
    grades = {_cn_grade(t) for t in expected.values()}
    assert grades == {"A", "B", "C", "D"}, sorted(expected.values())
    erp = erpnext_default(quarter)
    assert {_erp_grade(t) for t in erp.values()} == {"A", "B", "C", "D"}, sorted(erp.values())
    assert expected["S13"] == 60, "a total of exactly 60 (price 21, quality 15, delivery 20, service 4) is a C"
    assert any(x.delivered_on and x.delivered_on < x.due for x in quarter.lines)
    assert any(x.delivered is not None and x.delivered < x.ordered for x in quarter.lines)
    assert sum(x.decision == "不合格" for x in quarter.lots) >= 5


def test_cn_assessment_matches_the_hand_computation(quarter: Quarter, imported: Path, tmp_path: Path) -> None:
    product, output = grade_with("cn-assessment", imported, tmp_path)
    assert _compare(product, cn_assessment(quarter), _cn_grade) == [], output


def test_erpnext_default_matches_the_hand_computation(quarter: Quarter, imported: Path, tmp_path: Path) -> None:
    product, output = grade_with("erpnext-default", imported, tmp_path)
    expected = erpnext_default(quarter)
    assert _compare(product, expected, _erp_grade) == [], output
    standing = {"A": "Excellent", "B": "Average", "C": "Poor", "D": "Very Poor"}
    assert all(product[c][2] == standing[_erp_grade(t)] for c, t in expected.items())


@pytest.mark.parametrize(
    ("cell", "value", "named"),
    [
        ("B20", "quality | qty_acepted / qty_received * 100 | max=100 | weight=50", "qty_acepted"),
        (
            "B21",
            "on_time_shipments | deliveries_on_time / * deliveries 100 | max=100 | weight=30",
            "deliveries_on_time / *",
        ),
        ("B22", "delivery | value_on_time / value_due * 100 | max=100 | weight=25", "105"),
    ],
)
def test_a_broken_criterion_stops_the_job_before_anything_is_written(
    imported: Path, tmp_path: Path, cell: str, value: str, named: str
) -> None:
    book = tmp_path / "quality.xlsx"
    book.write_bytes(imported.read_bytes())
    assert runner.invoke(app, ["config", "preset", str(book), "erpnext-default"]).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    config = workbook["参数设置"]
    assert [config[f"A{r}"].value for r in (20, 21, 22)] == [f"scoring.criterion_{i}" for i in (1, 2, 3)]
    config[cell] = value
    workbook.save(book)
    before = book.read_bytes()
    result = runner.invoke(app, ["grade", str(book), "--period", QUARTER])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert named in output and ("参数设置!B20" if named == "105" else f"参数设置!{cell}") in output
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quality.backup.xlsx", "quality.xlsx"]
