"""The Inspect job end to end: plans, decisions and switching written into a real log, bad rows reported
with their cells, the user's entries kept, and the Sampling plan sheet with its native charts."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.inspect import inspect_lots
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import sheet_rows, write_book
from tests.libreoffice import convert

LOG = spec("inspections")
MAJORS = [0, 3, 0, 3, 3, 3, 3, 3, 3, 0, 0, 0]
"""Lot 2 and 4 rejected on normal (2 of 3) → tightened from lot 5; lots 5-9 rejected on tightened → discontinued."""


def lots(majors: list[int], **columns: list) -> pl.DataFrame:
    n = len(majors)
    base = {
        "lot": [f"L{i + 1:02d}" for i in range(n)],
        "supplier": ["S1"] * n,
        "part": ["P1"] * n,
        "received": [date(2026, 1, 5) + timedelta(days=i) for i in range(n)],
        "lot_size": [1000] * n,
        "level": ["II"] * n,
        "aql": [1.0] * n,
        "major": majors,
    }
    return pl.DataFrame({**base, **columns})


def run(path: Path, lot: str | None = None) -> Report:
    with FileWorkbook(path) as book:
        return inspect_lots(book, lot)


def log_rows(path: Path, lang: str = "en") -> list[dict]:
    rows = sheet_rows(path, LOG.name(lang))  # type: ignore[arg-type]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def add_corrective_action(path: Path, response: date, part: str | None = "P1") -> None:
    actions = pl.DataFrame({"scar_id": ["SCAR-1"], "supplier": ["S1"], "part": [part], "response_date": [response]})
    with FileWorkbook(path) as book:
        book.stage(draft_from_spec(spec("corrective_actions"), actions, book.lang))
        book.commit()


def test_known_lots_get_the_standards_plan(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "lot": ["A", "B", "C"],
            "supplier": ["S1", "S2", "S3"],
            "part": ["P"] * 3,
            "received": [date(2026, 3, 2)] * 3,
            "lot_size": [1000, 3000, 100],
            "level": ["II", "II", "S-3"],
            "aql": [1.0, 0.65, 4.0],
            "major": [0, 1, 0],
        }
    )
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "en")
    report = run(path)
    rows = log_rows(path)
    plans = [(r["Code letter"], r["Ac"], r["Re"], r["Severity due"], r["Computed decision"]) for r in rows]
    assert plans == [("J", 2, 3, "Normal", "Accept"), ("K", 2, 3, "Normal", "Accept"), ("B", 0, 1, "Normal", "Accept")]
    # the sample is the largest of the major and minor plans (A: J 80 / J 80; B: K 125 / K 125; C: B 3 / minor 2.5
    # at B follows its arrow to C, n=5); critical is judged with Ac 0 on that sample and does not enlarge it
    assert [r["Plan sample size"] for r in rows] == [80, 125, 5] == [r["Sample size"] for r in rows]
    assert report.counts["lots"] == 3 and report.counts["rejected"] == 0 and report.ok


def test_switching_to_tightened_and_discontinuation_are_visible(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    report = run(path)
    rows = log_rows(path)
    assert [r["Severity due"] for r in rows] == ["Normal"] * 4 + ["Tightened"] * 5 + ["Discontinued"] * 3
    assert [r["Ac"] for r in rows[3:5]] == [2, 1]  # J normal 2/3, J tightened 1/2
    assert "tightened" in rows[3]["Switching note"] and rows[3]["Next lot severity"] == "Tightened"
    assert "discontinued" in rows[8]["Switching note"]
    assert [r["Decision"] for r in rows[9:]] == [None] * 3 and [r["Severity"] for r in rows[9:]] == ["Discontinued"] * 3
    assert [r["SCAR needed"] for r in rows] == [
        "No",
        "Yes",
        "No",
        "Yes",
        "Yes",
        "Yes",
        "Yes",
        "Yes",
        "Yes",
        None,
        None,
        None,
    ]
    assert report.counts == {**report.counts, "tightened": 1, "discontinued_pairs": 1, "rejected": 7, "scar_needed": 7}
    recorded = sum(r["Decision"] == "Reject" for r in rows)
    assert (report.counts["recorded_rejected"], report.counts["not_judged"]) == (recorded, 3)
    assert f"({recorded} recorded as rejected; 3 not judged by a plan" in " ".join(report.summary_en.split())
    states = sheet_rows(path, "Sampling plan")
    header = next(i for i, r in enumerate(states) if r[:2] == ("Supplier code", "Part number"))
    assert states[header + 1][:8] == ("S1", "P1", 12, states[header + 1][3], "Discontinued", None, 5, "Yes")


def test_a_corrective_action_resumes_inspection_at_tightened(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    run(path)
    add_corrective_action(path, date(2026, 1, 15))  # after lot 9 (Jan 13), before lot 11 (Jan 15)
    report = run(path)
    rows = log_rows(path)
    assert [r["Severity due"] for r in rows[8:]] == ["Tightened", "Discontinued", "Tightened", "Tightened"]
    assert "2026-01-15" in rows[10]["Switching note"]
    # the severities the first run filled in are the job's, so they follow the new replay
    assert [r["Severity"] for r in rows[8:]] == ["Tightened", "Discontinued", "Tightened", "Tightened"]
    assert [r["Decision"] for r in rows[9:]] == [None, "Accept", "Accept"]
    assert report.counts["discontinued_pairs"] == 0 and report.counts["ever_discontinued_pairs"] == 1


def test_a_supplier_wide_corrective_action_applies_to_each_part(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    add_corrective_action(path, date(2026, 1, 15), part=None)
    run(path)
    assert log_rows(path)[10]["Severity due"] == "Tightened"


def test_bad_rows_are_reported_by_cell_and_the_others_still_processed(tmp_path: Path) -> None:
    frame = lots(
        [0] * 7,
        lot_size=["1000", "0", "abc", "1000", "1000", "1000", "1000"],
        level=["II", "II", "II", "IV", "II", "II", "II"],
        aql=[1.0, 1.0, 1.0, 1.0, 0.3, 1.0, 1.0],
        major=[0, 0, 0, 0, 0, 250, 1],
    )
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "en")
    report = run(path)
    found = {(i.sheet, i.cell, i.column, i.code) for i in report.issues if i.severity == "error"}
    assert found == {
        ("Inspection log", "E3", "Lot size", "below_minimum"),
        ("Inspection log", "E4", "Lot size", "not_integer"),
        ("Inspection log", "F5", "Inspection level", "sampling_level_unknown"),
        ("Inspection log", "G6", "AQL", "sampling_aql_not_in_series"),
        ("Inspection log", "K7", "Major defects", "inspection_defects_exceed_sample"),
    }
    assert report.counts["error_rows"] == 5 and report.counts["lots"] == 2
    rows = log_rows(path)
    assert [r["Code letter"] for r in rows] == ["J", None, None, None, None, None, "J"]
    assert rows[2]["Lot size"] == "abc" and rows[3]["Inspection level"] == "IV"  # what the user typed is kept
    workbook = openpyxl.load_workbook(path)
    marked = {
        str(rng)
        for cf in workbook["Inspection log"].conditional_formatting
        for rng in cf.sqref.ranges
        if any("srm-xl" in (rule.formula or [""])[0] for rule in cf.rules)
    }
    assert marked == {"E3", "E4", "F5", "G6", "K7"}
    validation = [r for r in sheet_rows(path, "Validation") if r and r[0] == "Inspection log"]
    assert {(r[1], r[5]) for r in validation} >= {
        (6, "sampling_aql_not_in_series"),
        (7, "inspection_defects_exceed_sample"),
    }
    assert any("0.010, 0.015" in str(r[7]) for r in validation)


def test_the_inspectors_entries_and_extra_columns_are_kept(tmp_path: Path) -> None:
    frame = lots(
        [3, 0, 0],
        decision=["accept", None, None],
        sample_size=[200, 50, None],
        severity=[None, "tightened", None],
        inspector=["张三", "李四", "王五"],
        Remarks=["first", "second", "third"],
    )
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "en")
    report = run(path)
    rows = log_rows(path)
    assert [r["Decision"] for r in rows] == ["Accept", "Accept", "Accept"]
    assert rows[0]["Computed decision"] == "Reject" and rows[0]["SCAR needed"] == "Yes", "the plan rejects it"
    assert [r["Sample size"] for r in rows] == [200, 50, 80]
    assert rows[1]["Severity"] == "Tightened" and rows[1]["Severity due"] == "Normal"
    assert [r["Inspector"] for r in rows] == ["张三", "李四", "王五"] and [r["Remarks"] for r in rows] == [
        "first",
        "second",
        "third",
    ]
    assert list(rows[0])[-1] == "Remarks"
    warnings = {(i.cell, i.code) for i in report.issues if i.severity == "warning"}
    assert warnings == {
        ("N2", "inspection_decision_differs"),
        ("H3", "inspection_severity_differs"),
        ("I3", "inspection_sample_below_plan"),
    }
    assert report.ok


def test_the_sampling_plan_sheet_shows_the_lookup_oc_curve_and_charts(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    run(path)
    cells = [r for r in sheet_rows(path, "Sampling plan") if any(v is not None for v in r)]
    assert cells[0][0] == "Sampling plan — L09" and cells[1][0] == "the latest rejected lot"
    lookup = {r[0]: r[1] for r in cells if r[0] in {"Lot size", "Severity", "Sample size", "AOQL (%)"}}
    assert lookup["Lot size"] == 1000 and lookup["Severity"] == "Tightened"
    assert 0.5 < lookup["AOQL (%)"] < 2
    assert ("Major", 1.0, "J", 80, 1, 2, 3) in [r[:7] for r in cells]
    head = next(i for i, r in enumerate(cells) if r[0] == "Lot quality p (%)")
    curve = [r[:3] for r in cells[head + 1 : head + 22]]
    assert curve[0][:2] == (0, 1) and curve[-1][1] < 0.01
    assert all(a[1] >= b[1] for a, b in zip(curve, curve[1:], strict=False))
    workbook = openpyxl.load_workbook(path)
    assert len(workbook["Sampling plan"]._charts) == 2
    with zipfile.ZipFile(path) as package:
        charts = [package.read(n).decode() for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    oc = next(c for c in charts if "OC curve" in c)
    assert "<c:lineChart>" in oc and "'Sampling plan'!$B$" in oc
    cached = [
        float(v)
        for v in re.findall(r"<c:numCache>.*?</c:numCache>", oc, re.S)[0].split("<c:v>")[1:]
        for v in [v.split("<")[0]]
    ]
    assert cached == pytest.approx([r[1] for r in curve])


def test_the_sheet_prefers_a_sampled_lot_to_one_inspected_100_percent(tmp_path: Path) -> None:
    # L03 is the latest rejected lot but has only 10 pieces (the sample is the whole lot, its AOQ curve flat at 0);
    # L02, rejected on 80 of 1000, is the informative plan to show.
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots([0, 3, 3], lot_size=[1000, 1000, 10])}, "en")
    run(path)
    cells = [r for r in sheet_rows(path, "Sampling plan") if any(v is not None for v in r)]
    assert cells[0][0] == "Sampling plan — L02"
    assert cells[1][0] == "the latest rejected lot inspected by sampling (later ones were inspected 100 %)"
    head = next(i for i, r in enumerate(cells) if r[0] == "Lot quality p (%)")
    assert max(r[2] for r in cells[head + 1 : head + 22]) > 0.5  # AOQ (%) rises and falls: an informative curve
    notes = [r[0] for r in cells if isinstance(r[0], str) and r[0].startswith("Switching score (GB/T 2828.1")]
    assert notes == [render("sampling_score_per_class", "en")]


def test_a_lot_can_be_chosen_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    run(path, lot="L02")
    assert sheet_rows(path, "Sampling plan")[0][0] == "Sampling plan — L02"
    run(path, lot="L11")  # discontinued: no plan to show, said on the sheet
    assert "no sampling plan" in sheet_rows(path, "Sampling plan")[1][0]
    with pytest.raises(SrmError) as error:
        run(path, lot="NOPE")
    assert error.value.code == "inspection_lot_unknown"


def test_a_decision_the_inspector_typed_is_never_rewritten_when_counts_change(tmp_path: Path) -> None:
    """接收 typed where the plan also accepted is the inspector's: a later correction of the defects (0 → 3, above
    Ac) leaves it as typed and reports the disagreement; it does not become 拒收 behind their back."""
    typed = ["accept", None, "accept", "accept"]  # the second lot's decision left for the job to fill
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots([0] * 4, decision=typed)}, "en")
    run(path)
    assert [r["Filled from the plan"] for r in log_rows(path)][:2] == [
        "Sample size、Severity",
        "Sample size、Severity、Decision",
    ]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[LOG.name("en")]
    header = [c.value for c in sheet[1]]
    for row in (2, 3):
        sheet.cell(row, header.index("Major defects") + 1, 3)
    workbook.save(path)
    report = run(path)
    first, second = log_rows(path)[:2]
    assert (first["Decision"], first["Computed decision"]) == ("Accept", "Reject")
    assert first["SCAR needed"] == "Yes", "the plan rejects it: a corrective action is asked for all the same"
    assert [i.code for i in report.issues if i.row == 2] == ["inspection_decision_differs"]
    assert (second["Decision"], second["SCAR needed"]) == ("Reject", "Yes"), "what the job filled follows the plan"


def test_running_twice_gives_the_same_log(tmp_path: Path) -> None:
    frame = lots(MAJORS, decision=["accept"] * 2 + [None] * 10)
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "zh")
    first = run(path)
    once = sheet_rows(path, "来料检验记录"), sheet_rows(path, "抽样方案")
    second = run(path)
    assert (sheet_rows(path, "来料检验记录"), sheet_rows(path, "抽样方案")) == once
    assert first.counts == second.counts and first.summary_zh.startswith("检验批 12 批")


def test_the_demo_data_has_tightened_and_discontinued_suppliers(tmp_path: Path) -> None:
    path = build_book(tmp_path / "demo.xlsx", sample_frames(), "zh")
    report = run(path)
    assert report.counts["lots"] > 19_000
    assert report.counts["tightened"] > 10 and report.counts["ever_discontinued_pairs"] >= 1
    with FileWorkbook(path) as book:
        log = book.read(LOG).frame
        listed = book.read(spec("validation")).frame
    assert log.filter(pl.col("severity_due") == "tightened").height > 100
    assert log.filter(pl.col("scar_needed") == "yes").height == report.counts["scar_needed"] > 0
    assert set(listed["sheet"].unique()) == {"来料检验记录"}


JOB_SOURCE = "\n".join(
    p.read_text(encoding="utf-8") for p in Path(inspect_lots.__code__.co_filename).parent.glob("inspect*.py")
)


@pytest.mark.parametrize("code", sorted(set(re.findall(r'"(inspection_[a-z_]+)"', JOB_SOURCE))))
def test_the_jobs_codes_are_catalogued_in_zh_and_en(code: str) -> None:
    fields = {
        "sheet": "来料检验记录",
        "column": "判定",
        "value": "接收",
        "computed": "拒收",
        "sample": 80,
        "plan": "Ac 2 / Re 3",
        "letter": "J",
        "lot": "L1",
    }
    for lang in ("zh", "en"):
        assert "{" not in render(code, lang, **fields)


def line_series(path: Path) -> list[tuple[str, list[float]]]:
    """Each line chart series of a workbook: its value range and cached values."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            xml = package.read(name).decode()
            if "lineChart" not in xml:
                continue
            for val in re.findall(r"<c:val>(.*?)</c:val>", xml, re.S):
                ref = re.search(r"<c:f>(.*?)</c:f>", val).group(1).replace("&apos;", "'")  # type: ignore[union-attr]
                found.append((ref, [float(v) for v in re.findall(r"<c:v>(.*?)</c:v>", val)]))
    return sorted(found)


@pytest.mark.libreoffice
def test_the_oc_chart_survives_a_real_spreadsheet_engine(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots(MAJORS)}, "en")
    run(path)
    written = line_series(path)
    reopened = line_series(convert(path, tmp_path / "lo"))
    assert [ref for ref, _ in reopened] == [ref for ref, _ in written] and len(written) == 2
    for (_, got), (_, expected) in zip(reopened, written, strict=True):
        assert got == pytest.approx(expected, abs=1e-9)


def test_a_log_without_lot_numbers_is_reported_not_a_traceback(tmp_path: Path) -> None:
    frame = lots([0, 3], lot=[None, None]).with_columns(pl.col("lot").cast(pl.String))
    path = write_book(tmp_path / "book.xlsx", {"inspections": frame})
    with FileWorkbook(path) as book:
        report = inspect_lots(book)
    assert report.counts["lots"] == 0 and report.counts["error_rows"] == 2
    assert {i.code for i in report.issues if i.severity == "error"} == {"required"}


def test_a_log_without_defect_counts_says_so_before_the_decisions(tmp_path: Path) -> None:
    frame = lots([0, 0, 0]).with_columns(pl.lit(None, pl.Int64).alias("major"))
    path = write_book(tmp_path / "book.xlsx", {"inspections": frame}, "en")
    with FileWorkbook(path) as book:
        report = inspect_lots(book)
    first = report.issues[0]
    assert first.code == "input_absent" and first.severity == "warning"
    assert "Major defects" in first.message("en") and "not judged by the plan" in first.message("en")
    assert [r["Computed decision"] for r in log_rows(path)] == [None] * 3


def with_formulas(path: Path, lang: Lang = "en") -> dict[str, str]:
    """Type formulas and an error value into the log as a user would (openpyxl, so saved without values): a
    defect-rate column of their own, a formula in Lot size, ``=1/0`` in Remarks. Returns the formulas by cell."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[LOG.name(lang)]
    header = [c.value for c in sheet[1]]
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(header)}
    major, sample, size = (letter[LOG.column(k).header(lang)] for k in ("major", "sample_size", "lot_size"))
    rate = openpyxl.utils.get_column_letter(len(header) + 1)
    sheet[f"{rate}1"] = "Defect rate"
    typed = {f"{rate}{r}": f"={major}{r}/{sample}{r}" for r in range(2, 6)}
    typed |= {f"{size}4": "=500*2", f"{letter['Remarks']}3": "=1/0"}
    for ref, formula in typed.items():
        sheet[ref] = formula
    workbook.save(path)
    return typed


@pytest.mark.libreoffice
def test_formulas_and_error_values_the_user_typed_in_the_log_are_kept(tmp_path: Path) -> None:
    """A user's own formula column, a formula in an input column and an error value survive inspect, in a book
    saved by openpyxl (formulas without values) and one re-saved by LibreOffice (with values): the job's
    columns are filled as before, and running again changes nothing."""
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots([3, 0, 0, 1], Remarks=list("abcd"))}, "en")
    run(path)
    typed = with_formulas(path)
    saved = convert(path, tmp_path / "lo")
    for book, lot_3 in ((path, None), (saved, "Accept")):  # openpyxl saved no value for lot 3's size
        run(book)
        sheet = openpyxl.load_workbook(book)[LOG.name("en")]
        assert {ref: sheet[ref].value for ref in typed} == typed
        assert [r["Computed decision"] for r in log_rows(book)] == ["Reject", "Accept", lot_3, "Accept"]
    values = openpyxl.load_workbook(saved, data_only=True)[LOG.name("en")]
    rate = next(ref for ref, formula in typed.items() if formula.endswith("/I2"))
    assert values[rate].value == pytest.approx(3 / 80) and values["E4"].value == 1000
    assert values[next(r for r, f in typed.items() if f == "=1/0")].value == "#DIV/0!"
    before = zipfile.ZipFile(saved).read("xl/worksheets/sheet1.xml")
    run(saved)
    assert zipfile.ZipFile(saved).read("xl/worksheets/sheet1.xml") == before


def test_a_chinese_log_saved_by_openpyxl_keeps_its_formulas(tmp_path: Path) -> None:
    """openpyxl writes the Chinese headers of the product's log as character references (&#25209;&#21495; for 批号);
    the sheet is still known for what it was, and every formula stays."""
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots([3, 0, 0, 1], Remarks=list("abcd"))}, "zh")
    run(path)
    typed = with_formulas(path, "zh")
    with zipfile.ZipFile(path) as package:
        assert b"&#" in package.read("xl/worksheets/sheet1.xml"), "headers as openpyxl writes them"
    run(path)
    sheet = openpyxl.load_workbook(path)[LOG.name("zh")]
    assert {ref: sheet[ref].value for ref in typed} == typed


def test_an_aql_typed_with_a_percent_sign_or_its_name_is_that_aql(tmp_path: Path) -> None:
    typed = ["1.0%", "2.5%", "0.65%", "AQL1.0", "AQL 2.5", "1.0"]
    frame = lots([0] * 6, aql=typed, supplier=[f"S{i}" for i in range(6)])
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "en")
    report = run(path)
    rows = log_rows(path)
    assert [r["AQL"] for r in rows] == [1.0, 2.5, 0.65, 1.0, 2.5, 1.0]
    assert [(r["Code letter"], r["Ac"], r["Re"]) for r in rows] == [
        ("J", 2, 3),
        ("J", 5, 6),
        ("J", 1, 2),
        ("J", 2, 3),
        ("J", 5, 6),
        ("J", 2, 3),
    ]
    assert report.counts["error_rows"] == 0


def test_an_aql_kept_as_a_percent_cell_is_flagged_with_how_to_write_it(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", {"inspections": lots([1, 0], aql=[1.0, 1.0])}, "en")
    workbook = openpyxl.load_workbook(path)
    cell = workbook["Inspection log"]["G2"]
    cell.value, cell.number_format = 0.01, "0.0%"  # what Excel keeps when 1.0% is typed
    workbook.save(path)
    report = run(path)
    warned = [i for i in report.issues if i.code == "sampling_aql_looks_percent"]
    assert [(i.cell, i.severity) for i in warned] == [("G2", "warning")]
    assert "AQL 0.01 looks like 1% typed" in warned[0].message("en") and "type 1" in warned[0].message("en")
    assert "0.01" in warned[0].message("zh") and "请把单元格格式改为“常规”并输入 1" in warned[0].message("zh")


def test_lots_recorded_without_defect_counts_switch_by_the_inspectors_decision(tmp_path: Path) -> None:
    said = ["合格", "不合格", "合格", "不合格", "合格", "合格"]
    frame = lots([0] * 6, decision=said, sample_size=[80] * 6).with_columns(pl.lit(None, pl.Int64).alias("major"))
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "zh")
    report = run(path)
    rows = log_rows(path, "zh")
    assert [r["应用严格度"] for r in rows] == ["正常"] * 4 + ["加严"] * 2  # 2 rejects of 4 → tightened
    assert [r["计算判定"] for r in rows] == [None] * 6  # nothing judged from zeros
    assert [r["判定"] for r in rows] == ["接收", "拒收", "接收", "拒收", "接收", "接收"]
    assert [(r["方案样本量"], r["接收数Ac"], r["拒收数Re"]) for r in rows[4:]] == [(80, 1, 2)] * 2
    assert [r["需纠正措施"] for r in rows] == ["否", "是", "否", "是", "否", "否"]
    assert report.counts["not_judged"] == 6 and report.counts["tightened"] == 1


def test_a_lot_with_an_unreadable_cell_keeps_its_recorded_decision_in_the_switching_history(tmp_path: Path) -> None:
    frame = lots([3, 0, 3, 0], aql=["1.0", "1.0", "abc", "1.0"], decision=["不合格", "合格", "不合格", "合格"])
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "zh")
    report = run(path)
    rows = log_rows(path, "zh")
    assert [r["应用严格度"] for r in rows] == ["正常", "正常", None, "加严"]
    assert rows[2]["下批严格度"] == "加严" and "未计算抽样方案" in rows[2]["转移说明"]
    assert (rows[2]["样本量字码"], rows[2]["计算判定"], rows[2]["需纠正措施"]) == (None, None, "是")
    assert {(i.cell, i.code) for i in report.issues if i.severity == "error"} == {("G4", "not_number")}
    assert report.counts["lots"] == 3


def test_levels_and_aql_headers_written_the_way_inspectors_write_them_are_planned(tmp_path: Path) -> None:
    """一般II级, Ⅱ级 and 特殊S-2 under 检验水平, the AQL under "AQL值": read, and each lot planned by the standard."""
    source = tmp_path / "来料检验.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验"
    sheet.append(["批号", "供应商代码", "物料编码", "到货日期", "批量", "检验水平", "AQL值", "严重缺陷数"])
    for lot, level in (("L1", "一般II级"), ("L2", "Ⅱ级"), ("L3", "特殊S-2")):
        sheet.append([lot, "S1", "P1", "2026/3/5", 1000, level, 1.0, 0])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as target:
        imported = import_source(target, source)
    assert imported.counts["inserted"] == 3 and not [i for i in imported.issues if i.code == "not_in_choices"]
    run(book)
    rows = log_rows(book, "zh")
    assert [r["检验水平"] for r in rows] == ["II", "II", "S-2"]
    plans = [(r["样本量字码"], r["方案样本量"], r["接收数Ac"], r["拒收数Re"]) for r in rows[:2]]
    assert plans == [("J", 80, 2, 3)] * 2


def test_a_lot_the_plan_rejects_needs_a_scar_even_when_it_was_let_through(tmp_path: Path) -> None:
    """3 major defects in 80 at AQL 1.0 (Ac 2, Re 3): rejected by the plan, whether the inspector typed 不合格, let
    it through under concession (让步接收 / 特采) or typed 合格; a lot within Ac needs none."""
    frame = lots([3, 3, 3, 1], decision=["reject", "accept", "accept", "accept"])  # tightened from lot 3: Ac 1
    frame = frame.with_columns(pl.Series("disposition", ["return", "concession", "concession", None]))
    path = write_book(tmp_path / "log.xlsx", {"inspections": frame}, "zh")
    run(path)
    rows = log_rows(path, "zh")
    assert [r["计算判定"] for r in rows] == ["拒收", "拒收", "拒收", "接收"]
    assert [r["需纠正措施"] for r in rows] == ["是", "是", "是", "否"]
