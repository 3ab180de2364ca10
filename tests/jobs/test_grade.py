"""The Grade job end to end on real workbooks: scorecard, history, explanation, action list and charts."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from defusedxml import ElementTree

from srm_xl.config import config_rows
from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import ConfigError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.grade import default_period, grade, read_inputs
from tests.books import graded_scorecard, sheet_rows, write_book
from tests.libreoffice import convert
from tests.scoring.handworked import PERIOD, inputs
from tests.scoring.test_handworked import S1_TOTAL, S2_TOTAL, S3_TOTAL, S5_TOTAL

SHEETS = ("inspections", "deliveries", "corrective_actions", "complaints", "manual_ratings", "suppliers", "parts")
C_NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
# A Q2 row the user's history already holds for S1 (its Q2 PPM and on-time feed the trend charts)
Q2_HISTORY = pl.DataFrame(
    {
        "period": ["2026-Q2"],
        "supplier": ["S1"],
        "name": ["Alpha"],
        "importance": ["I"],
        "total": [80.0],
        "grade": ["B"],
        "ppm": [500.0],
        "on_time": [0.9],
    }
)


LEGACY = {"scoring.early_days": "3", "scoring.min_lots": "1", "scoring.min_deliveries": "1"}
"""The settings the hand arithmetic of tests/scoring/test_handworked.py assumes."""


def handworked_book(path: Path, lang: str = "en", **extra: pl.DataFrame) -> Path:
    given = inputs()
    settings = config_rows("en").with_columns(
        pl.col("setting").replace_strict(LEGACY, default=None, return_dtype=pl.String).alias("value")
    )
    return write_book(path, {**{k: getattr(given, k) for k in SHEETS}, "config": settings, **extra}, lang)  # type: ignore[arg-type]


def records(path: Path, sheet: str, header_row: int = 1) -> list[dict[str, object]]:
    """A sheet's rows below ``header_row`` as dicts keyed by header, read with openpyxl."""
    rows = sheet_rows(path, sheet, min_row=header_row)
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = handworked_book(tmp_path_factory.mktemp("grade") / "book.xlsx", score_history=Q2_HISTORY)
    with FileWorkbook(path) as book:
        report = grade(book, PERIOD)
    return path, report


def test_scorecard_totals_grades_and_order_match_the_hand_arithmetic(graded) -> None:
    path, report = graded
    card = records(path, "Scorecard", header_row=3)
    assert [r["Supplier code"] for r in card] == ["S3", "S5", "S1", "S2", "S4"], "best total first, not graded last"
    totals = {r["Supplier code"]: r["Total"] for r in card}
    assert totals["S1"] == pytest.approx(S1_TOTAL) and totals["S2"] == pytest.approx(S2_TOTAL)
    assert totals["S3"] == pytest.approx(S3_TOTAL) and totals["S5"] == pytest.approx(S5_TOTAL)
    grades = {r["Supplier code"]: r["Grade"] for r in card}
    assert grades == {"S3": "A", "S5": "B", "S1": "D", "S2": "D", "S4": "Not graded"}
    s1 = card[2]
    assert s1["PPM"] == pytest.approx(1 / 300 * 1e6) and s1["On-time delivery"] == pytest.approx(0.8)
    assert s1["Consequence"] == "Suspend new orders and review the supplier"
    assert s1["Rank in category"] == 2 and card[1]["Rank in category"] == 1, "S5 beats S1 among components"
    assert card[1]["Criteria without data (weight shared out)"] == "price"
    assert report.counts == {"A": 1, "B": 1, "C": 0, "D": 2, "not_graded": 1}
    assert "A 1, B 1, C 0, D 2, Not graded 1" in report.summary_en and "未评级 1" in report.summary_zh


def test_not_graded_supplier_is_shown_with_the_reason(graded) -> None:
    path, report = graded
    s4 = next(r for r in records(path, "Scorecard", header_row=3) if r["Supplier code"] == "S4")
    assert s4["Total"] is None and s4["Grade"] == "Not graded"
    because = "fewer than 1 lots in the period; fewer than 1 deliveries due in the period"
    assert s4["Not graded because"] == because
    assert f"not graded: {because} (1)" in report.summary_en, "the report says why, not only how many"


def test_change_against_the_last_period_comes_from_the_history(graded) -> None:
    path, _ = graded
    s1 = next(r for r in records(path, "Scorecard", header_row=3) if r["Supplier code"] == "S1")
    assert s1["Last period's grade"] == "B"
    assert s1["Change vs last period"] == pytest.approx(S1_TOTAL - 80.0)
    s3 = next(r for r in records(path, "Scorecard", header_row=3) if r["Supplier code"] == "S3")
    assert s3["Change vs last period"] is None, "no Q2 row for S3"


def test_grade_cells_carry_the_configured_colours(graded) -> None:
    path, _ = graded
    sheet = openpyxl.load_workbook(path)["Scorecard"]
    fills = {}
    for area in sheet.conditional_formatting:
        for rule in area.rules:
            if str(area.sqref).startswith("L4:"):
                fills[rule.formula[0]] = (
                    rule.dxf.fill.fgColor.rgb[-6:] if rule.dxf.fill.fgColor.rgb else rule.dxf.fill.bgColor.rgb[-6:]
                )
    assert fills == {'"A"': "00B050", '"B"': "92D050", '"C"': "FFC000", '"D"': "FF0000", '"Not graded"': "BFBFBF"}
    assert list(sheet.tables) == ["tblScorecard"]


def test_explanation_contributions_add_up_to_the_totals_read_back(graded) -> None:
    path, _ = graded
    rows = records(path, "Score explanation")
    totals = {r["Supplier code"]: r["Total"] for r in records(path, "Scorecard", header_row=3)}
    summed: dict[str, float] = {}
    for r in rows:
        if r["Contribution to total"] is not None:
            summed[r["Supplier code"]] = summed.get(r["Supplier code"], 0.0) + r["Contribution to total"]
    assert summed.keys() == {"S1", "S2", "S3", "S5"}
    for supplier, total in summed.items():
        assert total == pytest.approx(totals[supplier], abs=1e-9)
    assert all(r["Contribution to total"] is None for r in rows if r["Supplier code"] == "S4")
    ppm = next(r for r in rows if r["Supplier code"] == "S1" and r["Metric"] == "PPM")
    assert (ppm["Numerator"], ppm["Denominator"], ppm["Points"]) == (1, 300, 60)
    assert ppm["Criterion"] == "Quality" and ppm["How it is computed"] == "defects ÷ units inspected × 1,000,000"
    assert ppm["Effective weight %"] == pytest.approx(16.0) and ppm["Contribution to total"] == pytest.approx(60 * 0.16)


def test_c_and_d_suppliers_are_listed_for_corrective_action(graded) -> None:
    path, _ = graded
    listed = records(path, "Corrective action list")
    assert [(r["Supplier code"], r["Grade"]) for r in listed] == [("S2", "D"), ("S1", "D")]
    assert listed[1]["Change vs last period"] == pytest.approx(S1_TOTAL - 80.0)


def test_rerunning_a_period_replaces_its_history_rows(tmp_path: Path) -> None:
    path = handworked_book(tmp_path / "book.xlsx", score_history=Q2_HISTORY)
    for again in (False, True):
        with FileWorkbook(path) as book:
            grade(book, PERIOD, again=again)
    history = records(path, "Scorecard history")
    assert [(r["Period"], r["Supplier code"]) for r in history] == [
        ("2026-Q2", "S1"),
        *(("2026-Q3", s) for s in ("S1", "S2", "S3", "S4", "S5")),
    ]
    assert next(r for r in history if r["Period"] == "2026-Q3" and r["Supplier code"] == "S1")[
        "Total"
    ] == pytest.approx(S1_TOTAL)
    audit = records(path, "Audit log")
    assert [r["Job"] for r in audit] == ["grade", "grade"]


def chart_parts(path: Path) -> list[dict[str, object]]:
    """Each chart's kind, title, and per series its name, reference and cached values."""
    charts = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = ElementTree.fromstring(archive.read(name))
            plot = root.find(".//c:plotArea", C_NS)
            kind = next(child.tag.split("}")[1] for child in plot if child.tag.endswith("Chart"))
            series = [
                {
                    "name": s.findtext("c:tx/c:v", namespaces=C_NS),
                    "ref": s.findtext("c:val/c:numRef/c:f", namespaces=C_NS),
                    "categories": [p.findtext("c:v", namespaces=C_NS) for p in s.findall("c:cat//c:pt", C_NS)],
                    "values": {
                        int(p.get("idx")): float(p.findtext("c:v", namespaces=C_NS))
                        for p in s.findall("c:val//c:pt", C_NS)
                    },
                }
                for s in plot.iter(f"{{{C_NS['c']}}}ser")
            ]
            title = "".join(t.text or "" for t in root.find("c:chart/c:title", C_NS).iter(f"{{{C_NS['a']}}}t"))
            charts.append({"kind": kind, "title": title, "series": series})
    return charts


def test_charts_plot_the_cells_beside_them(graded) -> None:
    path, _ = graded
    charts = chart_parts(path)
    assert [(c["kind"], c["title"]) for c in charts] == [
        ("barChart", "Grade distribution 2026-Q3"),
        ("barChart", "Top 10 by total 2026-Q3"),
        ("barChart", "Bottom 10 by total 2026-Q3"),
        ("lineChart", "PPM trend of class I suppliers"),
        ("lineChart", "On-time delivery trend of class I suppliers"),
    ]
    distribution = charts[0]["series"][0]
    assert distribution["categories"] == ["A", "B", "C", "D", "Not graded"] and distribution["values"] == {
        0: 1.0,
        1: 1.0,
        2: 0.0,
        3: 2.0,
        4: 1.0,
    }
    # bar charts draw the first row at the bottom: the best (top chart) and the worst (bottom chart) come last
    assert charts[1]["series"][0]["categories"] == ["4. S2 Beta", "3. S1 Alpha", "2. S5 Epsilon", "1. S3 Gamma"]
    assert charts[2]["series"][0]["categories"] == ["1. S3 Gamma", "2. S5 Epsilon", "3. S1 Alpha", "4. S2 Beta"]
    assert charts[1]["series"][0]["values"][3] == pytest.approx(S3_TOTAL)
    ppm = {s["name"]: s for s in charts[3]["series"]}
    assert set(ppm) == {"S1", "S2", "S3"}, "the class I suppliers"
    assert ppm["S1"]["categories"] == ["2026-Q2", "2026-Q3"]
    assert ppm["S1"]["values"] == {0: 500.0, 1: pytest.approx(1 / 300 * 1e6)}
    assert {s["name"]: s["values"] for s in charts[4]["series"]}["S1"] == {0: 0.9, 1: 0.8}
    workbook = openpyxl.load_workbook(path)
    for chart in charts:
        for series in chart["series"]:
            sheet_name, cells = series["ref"].split("!")
            cached = series["values"]
            column = workbook[sheet_name.strip("'")][cells.replace("$", "")]
            assert {i: c[0].value for i, c in enumerate(column) if c[0].value is not None} == pytest.approx(cached)


@pytest.mark.libreoffice
def test_charts_survive_a_real_spreadsheet_engine(graded, tmp_path: Path) -> None:
    path, _ = graded
    reopened = chart_parts(convert(path, tmp_path))

    written = chart_parts(path)

    def plotted(charts: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(c["kind"], c["title"], [s["ref"] for s in c["series"]]) for c in charts]

    assert plotted(reopened) == plotted(written)
    for got, expected in zip(reopened, written):
        assert [s["values"] for s in got["series"]] == [pytest.approx(s["values"]) for s in expected["series"]]


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("scoring.criteria_weights", "quality:40; delivery:30; price:15; service:10", "add up to 95"),
        ("scoring.rule_ppm", "0..100:100; 50..500:90; 500..:0", "bands overlap between 50 and 100"),
        ("scoring.quality_metrics", "ppm:40; lot_acceptance:40; scrap_rate:20", "unknown name 'scrap_rate'"),
    ],
)
def test_a_wrong_setting_in_the_config_sheet_stops_the_job_naming_its_cell(
    tmp_path: Path, setting: str, value: str, says: str
) -> None:
    settings = config_rows("en").with_columns(
        pl.when(pl.col("setting") == setting).then(pl.lit(value)).otherwise(pl.col("value")).alias("value")
    )
    row = settings.get_column("setting").to_list().index(setting) + 2
    path = handworked_book(tmp_path / "book.xlsx", config=settings)
    before = path.read_bytes()
    with FileWorkbook(path) as book, pytest.raises(ConfigError) as caught:
        grade(book, PERIOD)
    assert caught.value.message("en").startswith(f"Config!B{row}: ")
    assert says in caught.value.message("en") and caught.value.message("zh").startswith(f"Config!B{row}: ")
    assert path.read_bytes() == before, "nothing written"


def test_default_period_is_the_latest_complete_one_in_the_data(tmp_path: Path) -> None:
    given = inputs()
    # latest event: a delivery on 2026-10-05, so 2026-Q4 is not complete
    assert default_period(given, "quarter", date(2026, 11, 23)).label == "2026-Q3"
    assert default_period(given, "month", date(2026, 11, 23)).label == "2026-09"
    assert default_period(given, "month", date(2026, 10, 3)).label == "2026-09", "never past today"
    path = handworked_book(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        report = grade(book, today=date(2026, 11, 23))
    assert report.summary_en.startswith("graded 2026-Q3")


def test_unreadable_values_are_left_out_and_listed(tmp_path: Path) -> None:
    lots = inputs().inspections.with_columns(pl.col("received").cast(pl.String))
    lots = lots.with_columns(
        pl.when(pl.col("lot") == "L4").then(pl.lit("next week")).otherwise(pl.col("received")).alias("received")
    )
    path = write_book(tmp_path / "bad.xlsx", {**{k: getattr(inputs(), k) for k in SHEETS}, "inspections": lots}, "en")
    with FileWorkbook(path) as book:
        _, issues = read_inputs(book)
        report = grade(book, PERIOD)
    assert [(i.sheet, i.row) for i in issues if i.severity == "error"] == [("Inspection log", 6)]
    assert report.errors == 1 and "1 data errors" in report.summary_en
    s2 = next(r for r in records(path, "Scorecard", header_row=3) if r["Supplier code"] == "S2")
    assert s2["Lots"] == 2, "the lot with an unreadable date is left out"
    assert any(r["Row"] == 6 for r in records(path, "Validation", header_row=4))


def test_every_demo_supplier_gets_a_row(tmp_path: Path) -> None:
    frames = sample_frames()
    path = build_book(tmp_path / "demo.xlsx", frames, "zh")
    with FileWorkbook(path) as book:
        report = grade(book)
    card = records(path, "供应商评分", header_row=3)
    codes = set(frames["suppliers"].get_column("code").to_list())
    assert codes <= {r["供应商代码"] for r in card}
    assert sum(report.counts.values()) == len(card)
    assert report.counts["A"] and report.counts["D"], "the demo plants both good and bad suppliers"
    assert report.summary_zh.startswith("2026-Q3 评分完成")
    assert len(chart_parts(path)) == 5


def test_a_supplier_list_alone_grades_nobody_and_says_why(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", {"suppliers": inputs().suppliers}, "zh")
    with FileWorkbook(path) as book:
        report = grade(book, PERIOD)
    assert report.counts == {"A": 0, "B": 0, "C": 0, "D": 0, "not_graded": 5}
    card = records(path, "供应商评分", header_row=3)
    assert {r["等级"] for r in card} == {"未评级"} and all(r["未评级原因"] for r in card)
    assert records(path, "整改供应商") == []
    assert [c["kind"] for c in chart_parts(path)] == ["barChart"], "only the grade distribution has anything to plot"


def test_weights_written_with_chinese_names_and_percent_signs_grade_as_the_keys_do(tmp_path: Path) -> None:
    """An engineer types the criteria weights as they say them: 质量:50%; 交付:30%; 价格:10%; 服务:10%."""

    def graded(weights: str, name: str) -> pl.DataFrame:
        settings = config_rows("en").with_columns(
            pl.col("setting").replace_strict(LEGACY, default=None, return_dtype=pl.String).alias("value")
        )
        settings = settings.with_columns(
            pl.when(pl.col("setting") == "scoring.criteria_weights")
            .then(pl.lit(weights))
            .otherwise(pl.col("value"))
            .alias("value")
        )
        return graded_scorecard(handworked_book(tmp_path / name, config=settings), PERIOD)

    typed = graded("质量:50%； 交付：30%; 价格:10%; 服务:10%", "typed.xlsx")
    keyed = graded("quality:50; delivery:30; price:10; service:10", "keyed.xlsx")
    assert typed.select("supplier", "total", "grade").equals(keyed.select("supplier", "total", "grade"))
    assert typed["total"].drop_nulls().len() > 0
