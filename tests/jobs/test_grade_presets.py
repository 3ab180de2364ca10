"""Both shipped presets on a quarter of generated records, checked supplier by supplier against a hand
computation written from the issue's definitions in plain Python over the raw rows (never the product's code)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.config import config_rows
from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import ConfigError, SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.grade import grade
from srm_xl.jobs.grade_explain import TABLE_ROW, explain_grade
from srm_xl.jobs.grade_preset import apply_preset
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template
from tests.books import sheet_rows, write_book

QUARTER = (date(2026, 1, 1), date(2026, 3, 31))
MONTHS = ((1, date(2026, 1, 31)), (2, date(2026, 2, 28)), (3, date(2026, 3, 31)))
SUPPLIERS = [f"S{i:02d}" for i in range(1, 24)]


def records_raw(seed: int = 14) -> dict[str, list[tuple]]:
    """Lots, delivery lines, target prices and 0–10 service ratings for 23 suppliers in 2026-Q1."""
    rng = random.Random(seed)
    lots, lines, targets, ratings = [], [], [], []
    for n, code in enumerate(SUPPLIERS):
        thin = n == 22  # two lots only: below the minimum of 3
        for i in range(2 if thin else rng.randint(3, 9)):
            size = rng.randint(100, 2000)
            decision = "reject" if rng.random() < 0.15 * (n % 4) else "accept"
            partial = rng.randint(1, size) if decision == "reject" and rng.random() < 0.5 else None
            lots.append(
                (f"L{code}{i}", code, date(2026, 1, 1) + timedelta(days=rng.randint(0, 89)), size, decision, partial)
            )
        parts = [f"P{n}A", f"P{n}B"] + ([f"P{n}C"] if n % 5 == 0 else [])
        for part in parts[:2]:
            targets.append((part, code, round(rng.uniform(5, 50), 2)))
        for i in range(rng.randint(3, 10)):
            due = date(2026, 1, 1) + timedelta(days=rng.randint(0, 89))
            offset = rng.choice([-7, -5, -1, 0, 0, 0, 1, 2, 4]) if n % 3 else rng.choice([-6, 0, 0])
            delivered = None if rng.random() < 0.05 else due + timedelta(days=offset)
            ordered = float(rng.randint(10, 500))
            got = ordered if rng.random() < 0.8 else float(rng.randint(1, int(ordered)))
            part = rng.choice(parts)
            target = next((t for p, s, t in targets if p == part and s == code), 20.0)
            lines.append(
                (
                    f"PO{code}{i}",
                    code,
                    part,
                    ordered,
                    None if delivered is None else got,
                    due,
                    delivered,
                    round(target * rng.uniform(0.8, 1.25), 2),
                )
            )
        if n % 6 != 5:  # some suppliers were never rated: counts as 0
            ratings.append(("2026-Q1", code, rng.randint(0, 10)))
    return {"lots": lots, "lines": lines, "targets": targets, "ratings": ratings}


def book_of(path: Path, raw: dict[str, list[tuple]]) -> Path:
    """The records as a user keeps them: Chinese headers, an inspection log with a partial-reject column."""
    frames = {
        "suppliers": pl.DataFrame({"code": SUPPLIERS, "name": [f"供应商{c}" for c in SUPPLIERS]}),
        "inspections": pl.DataFrame(
            raw["lots"], schema=["lot", "supplier", "received", "lot_size", "decision", "qty_rejected"], orient="row"
        ),
        "deliveries": pl.DataFrame(
            raw["lines"],
            schema=[
                "po",
                "supplier",
                "part",
                "qty_ordered",
                "qty_delivered",
                "due_date",
                "delivered_date",
                "unit_price",
            ],
            orient="row",
        ),
        "parts": pl.DataFrame(raw["targets"], schema=["part", "supplier", "target_price"], orient="row"),
        "manual_ratings": pl.DataFrame(raw["ratings"], schema=["period", "supplier", "service_rating"], orient="row"),
    }
    frames["inspections"] = frames["inspections"].with_columns(
        pl.col("decision").cast(pl.String).replace({"accept": "合格", "reject": "判退"})
    )
    return write_book(path, frames, "zh")


def _quantity(line: tuple) -> float:
    return line[4] if line[4] is not None else line[3]


def cn_by_hand(raw: dict[str, list[tuple]]) -> dict[str, tuple[float | None, str]]:
    """cn-assessment: price 40 (20 at target, ±2 per 1 %, clamped 0–40, mean over parts with a target),
    quality 30 × (1 − rejected lots / lots), delivery 20 × (1 − late rate) − days late, floored at 0,
    service = the 0–10 rating (missing 0); A ≥ 85, B ≥ 70, C ≥ 60, else D; fewer than 3 lots or 3 lines: not graded."""
    start, end = QUARTER
    out: dict[str, tuple[float | None, str]] = {}
    targets = {(p, s): t for p, s, t in raw["targets"]}
    for code in SUPPLIERS:
        lots = [x for x in raw["lots"] if x[1] == code and start <= x[2] <= end]
        lines = [x for x in raw["lines"] if x[1] == code and start <= x[5] <= end]
        if len(lots) < 3 or len(lines) < 3:
            out[code] = (None, "not_graded")
            continue
        quality = 30 * (1 - sum(1 for x in lots if x[4] == "reject") / len(lots))
        late = [x for x in lines if x[6] is None or x[6] > x[5]]
        days = sum(max(0, ((x[6] or end) - x[5]).days) for x in lines)
        delivery = min(20.0, max(0.0, 20 * (1 - len(late) / len(lines)) - days))
        points = []
        for part in sorted({x[2] for x in lines}):
            if (part, code) not in targets:
                continue
            bought = [x for x in lines if x[2] == part]
            price = sum(x[7] * _quantity(x) for x in bought) / sum(_quantity(x) for x in bought)
            points.append(min(40.0, max(0.0, 20 + 2 * (1 - price / targets[(part, code)]) * 100)))
        price_points = sum(points) / len(points)
        service = next((float(r[2]) for r in raw["ratings"] if r[1] == code), 0.0)
        total = price_points + quality + delivery + service
        out[code] = (total, "A" if total >= 85 else "B" if total >= 70 else "C" if total >= 60 else "D")
    return out


def erpnext_by_hand(raw: dict[str, list[tuple]]) -> dict[str, tuple[float | None, str]]:
    """erpnext-default per month: quality 50 % = accepted / received × 100, on time 30 % = on-time lines / lines
    × 100, delivery 20 % = value received on time / value ordered × 100 (a criterion without data drops out, the others share its
    weight); months without activity are not scored; the quarter = Σ w·score / Σ w with w = (12 − n) / 12,
    n = 0 for March; Excellent (A) ≥ 80, Average (B) ≥ 50, Poor (C) ≥ 30, Very Poor (D) below."""
    out: dict[str, tuple[float | None, str]] = {}
    start, end = QUARTER
    for code in SUPPLIERS:
        lots_q = [x for x in raw["lots"] if x[1] == code and start <= x[2] <= end]
        lines_q = [x for x in raw["lines"] if x[1] == code and start <= x[5] <= end]
        if len(lots_q) < 3 or len(lines_q) < 3:
            out[code] = (None, "not_graded")
            continue
        weighted = weights = 0.0
        for month, _ in MONTHS:
            lots = [x for x in lots_q if x[2].month == month]
            lines = [x for x in lines_q if x[5].month == month]
            if not lots and not lines:
                continue
            scores = []
            if lots:
                rejected = sum(x[5] if x[5] is not None else (x[3] if x[4] == "reject" else 0) for x in lots)
                received = sum(x[3] for x in lots)
                scores.append((100 * (received - rejected) / received, 50))
            if lines:
                on_time = [x for x in lines if x[6] is not None and x[6] <= x[5]]
                scores.append((100 * len(on_time) / len(lines), 30))
                value = sum(x[7] * x[3] for x in lines)  # the amount ordered
                scores.append((100 * sum(x[7] * _quantity(x) for x in on_time) / value, 20))
            month_score = sum(s * w for s, w in scores) / sum(w for _, w in scores)
            w = max(0.0, min(1.0, (12 - (3 - month)) / 12))
            weighted += w * month_score
            weights += w
        total = weighted / weights
        out[code] = (total, "A" if total >= 80 else "B" if total >= 50 else "C" if total >= 30 else "D")
    return out


def graded_card(path: Path) -> dict[str, tuple[float | None, str, str | None]]:
    rows = sheet_rows(path, "供应商评分", min_row=3)
    header = rows[0]
    at = {h: header.index(h) for h in ("供应商代码", "总分", "等级", "等级名称")}
    grades = {"A": "A", "B": "B", "C": "C", "D": "D", "未评级": "not_graded"}
    return {
        r[at["供应商代码"]]: (r[at["总分"]], grades[r[at["等级"]]], r[at["等级名称"]])
        for r in rows[1:]
        if r[at["供应商代码"]]
    }


@pytest.mark.parametrize(("preset", "by_hand"), [("cn-assessment", cn_by_hand), ("erpnext-default", erpnext_by_hand)])
def test_a_preset_reproduces_the_hand_computation_supplier_by_supplier(tmp_path: Path, preset: str, by_hand) -> None:
    raw = records_raw()
    path = book_of(tmp_path / "book.xlsx", raw)
    with FileWorkbook(path) as book:
        apply_preset(book, preset)
    with FileWorkbook(path) as book:
        report = grade(book, "2026-Q1")
    got, expected = graded_card(path), by_hand(raw)
    unpriced = {(x[1], x[2]) for x in raw["lines"] if x[2].endswith("C")}
    assert f"{len(unpriced)} parts bought have no target price" in report.summary_en, "reported, never guessed"
    assert set(got) == set(expected) and len(got) == 23
    for code, (total, grade_key) in expected.items():
        assert got[code][1] == grade_key, code
        if total is None:
            assert got[code][0] is None, code
        else:
            assert got[code][0] == pytest.approx(total, abs=0.01), code
    grades = {g for _, g, _ in got.values()}
    assert len(grades) >= 3, f"the data exercises several grades, got {grades}"
    if preset == "erpnext-default":
        names = {g: n for _, g, n in got.values() if g != "not_graded"}
        assert {
            names.get(k, v) for k, v in {"A": "Excellent", "B": "Average", "C": "Poor", "D": "Very Poor"}.items()
        } <= {"Excellent", "Average", "Poor", "Very Poor"}
        assert all(names[g] == {"A": "Excellent", "B": "Average", "C": "Poor", "D": "Very Poor"}[g] for g in names)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("quality | 30 * (1 - scrap_rate) | max=30 | weight=100", "unknown variable 'scrap_rate'"),
        ("quality | 30 * (1 - lot_reject_rate | max=30 | weight=100", "cannot be computed"),
        ("quality | 30 * (1 - lot_reject_rate) | max=30 | weight=90", "add up to 90"),
    ],
)
def test_a_wrong_formula_stops_grading_naming_its_cell_and_writes_nothing(
    tmp_path: Path, value: str, says: str
) -> None:
    settings = config_rows("zh").with_columns(
        pl.when(pl.col("setting") == "scoring.criterion_1")
        .then(pl.lit(value))
        .otherwise(pl.col("value"))
        .alias("value")
    )
    row = settings.get_column("setting").to_list().index("scoring.criterion_1") + 2
    path = write_book(tmp_path / "book.xlsx", {"config": settings, "suppliers": pl.DataFrame({"code": ["S1"]})}, "zh")
    before = path.read_bytes()
    with FileWorkbook(path) as book, pytest.raises(ConfigError) as caught:
        grade(book, "2026-Q1")
    assert caught.value.message("en").startswith(f"参数设置!B{row}: ") and says in caught.value.message("en")
    assert path.read_bytes() == before, "nothing written"


def test_a_rating_outside_the_declared_scale_stops_grading_naming_its_cell(tmp_path: Path) -> None:
    raw = records_raw()
    raw["ratings"][3] = (raw["ratings"][3][0], raw["ratings"][3][1], 85)  # a 0–100 rating in a 0–10 scheme
    path = book_of(tmp_path / "book.xlsx", raw)
    with FileWorkbook(path) as book:
        apply_preset(book, "cn-assessment")
    before = path.read_bytes()
    with FileWorkbook(path) as book, pytest.raises(SrmError) as caught:
        grade(book, "2026-Q1")
    assert caught.value.message("en").startswith("人工评分!D5: '服务评分' is 85, outside the declared scale 0–10")
    assert path.read_bytes() == before, "nothing written"


def test_a_blank_decision_column_is_said_and_never_graded_as_zero_rejects(tmp_path: Path) -> None:
    raw = records_raw()
    raw["lots"] = [(lot, code, day, size, None, None) for lot, code, day, size, _, _ in raw["lots"]]
    path = book_of(tmp_path / "book.xlsx", raw)
    with FileWorkbook(path) as book:
        apply_preset(book, "cn-assessment")
    with FileWorkbook(path) as book:
        report = grade(book, "2026-Q1")
    assert "'判定' is blank in every row" in report.summary_en
    rows = sheet_rows(path, "评分说明")
    header = rows[0]
    quality = [r for r in rows[1:] if r[header.index("评价维度")] == "质量"]
    assert quality and all(r[header.index("得分")] is None for r in quality), "quality not graded, not 30 points"
    card = graded_card(path)
    expected = cn_by_hand({**raw, "lots": raw["lots"]})
    for code, (total, _) in expected.items():
        if total is not None:  # quality drops out; the other 70 points are scaled to 100
            assert card[code][0] == pytest.approx((total - 30) * 100 / 70, abs=0.01), code


def test_the_explanation_shows_each_formula_its_variables_and_its_result(tmp_path: Path) -> None:
    raw = records_raw()
    path = book_of(tmp_path / "book.xlsx", raw)
    with FileWorkbook(path) as book:
        apply_preset(book, "cn-assessment")
    with FileWorkbook(path) as book:
        grade(book, "2026-Q1")
    with FileWorkbook(path) as book:
        explain_grade(book, "S02")
    rows = sheet_rows(path, "解释-S02")
    header = rows[TABLE_ROW - 1]
    body = {r[header.index("评价维度")]: r for r in rows[TABLE_ROW:] if r[header.index("供应商代码")] == "S02"}
    quality = body["质量"]
    assert quality[header.index("计分规则/公式")] == "30 * (1 - lot_reject_rate)"
    lots = [x for x in raw["lots"] if x[1] == "S02"]
    rate = sum(1 for x in lots if x[4] == "reject") / len(lots)
    name, value = quality[header.index("变量取值")].split(" = ")
    assert name == "lot_reject_rate" and float(value) == pytest.approx(rate, rel=1e-14)
    assert quality[header.index("得分")] == pytest.approx(30 * (1 - rate)) and quality[header.index("满分")] == 30
    price = body["价格"][header.index("变量取值")]
    assert price.startswith("P1A: part_price_index = ") and " → " in price, "per part: each part's index and points"
    expected = cn_by_hand(raw)["S02"][0]
    assert sum(r[header.index("对总分的贡献")] for r in body.values()) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("preset", ["erpnext-default", None])
def test_grading_the_same_book_twice_writes_identical_values(tmp_path: Path, preset: str | None) -> None:
    frames = sample_frames(suppliers=20, lots=1000)
    books = [build_book(tmp_path / f"{n}.xlsx", frames, "zh") for n in ("a", "b")]
    for path in books:
        if preset:
            with FileWorkbook(path) as book:
                apply_preset(book, preset)
        with FileWorkbook(path) as book:
            grade(book, "2026-Q3")
    for sheet in ("供应商评分", "评分说明", "评分历史"):
        first, second = (sheet_rows(path, sheet) for path in books)
        assert first == second, sheet


def users_own_workbook(path: Path, raw: dict[str, list[tuple]]) -> Path:
    """The same records as a buyer keeps them: own sheet names and headers, text dates, words for decisions."""
    book = openpyxl.Workbook()
    sheets = {
        "供应商清单": (["供应商代码", "供应商名称", "状态"], [(c, f"供应商{c}", "正常供货") for c in SUPPLIERS]),
        "IQC 2026Q1": (
            ["批次号", "供应商代码", "到货日期", "来料数量", "检验结果", "不合格数量"],
            [
                (lot, s, f"{d.year}/{d.month}/{d.day}", n, {"accept": "合格", "reject": "判退"}[dec], r)
                for lot, s, d, n, dec, r in raw["lots"]
            ],
        ),
        "送货记录": (
            ["订单号", "供应商代码", "物料编码", "订单数量", "实收数量", "交期", "实际到货日期", "单价"],
            [
                (po, s, p, o, g, due.isoformat(), got.isoformat() if got else None, price)
                for po, s, p, o, g, due, got, price in raw["lines"]
            ],
        ),
        "目标价": (["物料编码", "供应商代码", "目标价"], raw["targets"]),
        "服务评分": (["期间", "供应商代码", "服务评分"], raw["ratings"]),
    }
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_cn_assessment_on_records_imported_from_the_users_own_workbook(tmp_path: Path) -> None:
    raw = records_raw(seed=41)
    source = users_own_workbook(tmp_path / "我的考核数据.xlsx", raw)
    path = tmp_path / "quality.xlsx"
    build_template(path, "zh")
    with FileWorkbook(path) as book:
        imported = import_source(book, source)
    assert imported.errors == 0, [i.message("en") for i in imported.issues if i.severity == "error"][:3]
    with FileWorkbook(path) as book:
        apply_preset(book, "cn-assessment")
    with FileWorkbook(path) as book:
        grade(book, "2026-Q1")
    got, expected = graded_card(path), cn_by_hand(raw)
    for code, (total, grade_key) in expected.items():
        assert got[code][1] == grade_key, code
        assert got[code][0] == (None if total is None else pytest.approx(total, abs=0.01)), code
