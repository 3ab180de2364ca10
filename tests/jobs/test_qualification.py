"""The qualification jobs end to end on real workbooks: candidate ranking and promotion, the survey round trip,
audit scoring, the approved list and re-evaluation, read back with openpyxl."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import sample_frames
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.qualification import promote_candidate, rank_candidates
from srm_xl.jobs.qualification_asl import reevaluation_due, update_approved_list
from srm_xl.jobs.qualification_audit import score_audits
from srm_xl.jobs.qualification_survey import export_survey, import_survey
from srm_xl.qualification.excel import srm_approved
from srm_xl.risk.reevaluation import reevaluation_findings
from srm_xl.schema import spec
from tests.books import write_book
from tests.qualification.books import (
    A1_SCORE,
    C1_SCORE,
    C2_SCORE,
    C3_SCORE,
    asl_book,
    audit_book,
    candidate_book,
    records,
    typed,
)

HOSTILE = {"C10": "=cmd|'/C calc'!A0", "C12": "+1", "C16": "@SUM(1)", "C20": "x" * 100_000, "C14": "many", "C11": "123"}
"""Survey answers by cell: name, address, contact (formula-like), main customers (100k characters), employees
(not a number) and USCC (wrong shape)."""
CERTS = [["ISO 9001", "@SUM(1)", "-2+3", "2024-01-01", "2027-01-01"], ["Made-up cert", "X-1", "Body", "", "soon"]]
PROCESSES = [
    ["Stamping", "Hole diameter", "yes", "1.1", "10000", "pcs", "80%"],
    ["Painting", "Film thickness", "no", "0.9", "5000", "pcs", "50%"],
]


def run(path: Path, job, *args, **kwargs):  # type: ignore[no-untyped-def]
    with FileWorkbook(path) as book:
        return job(book, *args, **kwargs)


def by(rows: list[dict[str, object]], **match: object) -> dict[str, object]:
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


# --- selection ---------------------------------------------------------------------------------------------------


def test_candidates_are_ranked_by_hand_worked_weights_with_reasons(tmp_path: Path) -> None:
    path = candidate_book(tmp_path / "book.xlsx")
    report = run(path, rank_candidates)
    rows = records(path, "Candidate ranking")
    assert [r["Candidate code"] for r in rows] == ["C1", "C3", "C2", "C4"]
    c1, c3, c2, c4 = rows
    assert c1["Weighted score"] == pytest.approx(C1_SCORE) and c3["Weighted score"] == pytest.approx(C3_SCORE)
    assert c2["Weighted score"] == pytest.approx(C2_SCORE) and c4["Weighted score"] is None
    assert (c1["Rank"], c3["Rank"], c2["Rank"], c4["Rank"]) == (1, 2, 3, None)
    assert [r["Shortlisted"] for r in rows] == ["Yes", "Yes", "No", "No"]
    assert c1["Evaluators"] == 2 and c1["Qualifications"] == pytest.approx(85.0)
    assert c1["Reason"] == "rank 1 of 3, weighted 75.8 points; strongest: Qualifications 85.0, weakest: Capacity 60.0"
    assert c3["Reason"].endswith("criteria not scored (their weight is shared out): Reputation")
    assert c2["Reason"] == "weighted 50.0 points, below the shortlist minimum of 60"
    assert c4["Reason"].startswith("not scored yet")
    assert report.counts == {"candidates": 4, "shortlisted": 2, "needs": 2}


def test_ranking_reasons_are_chinese_in_a_chinese_workbook(tmp_path: Path) -> None:
    path = candidate_book(tmp_path / "book.xlsx", "zh")
    run(path, rank_candidates)
    first = records(path, "候选排名")[0]
    assert first["候选供应商代码"] == "C1" and first["入围"] == "是"
    assert first["理由"].startswith("第1名(共3家), 加权75.8分")


def test_promoted_candidate_becomes_a_supplier_with_status_candidate_once(tmp_path: Path) -> None:
    path = candidate_book(tmp_path / "book.xlsx")
    run(path, promote_candidate, "C1")
    suppliers = records(path, "Suppliers")
    assert [s["Supplier code"] for s in suppliers] == ["S1", "C1"], "appended after the existing supplier"
    c1 = suppliers[1]
    assert (c1["Supplier name"], c1["Status"], c1["Contact"], c1["Materials supplied"]) == (
        "Acme Precision",
        "Candidate",
        "Zhang",
        "P-100",
    )
    assert by(records(path, "Candidates"), **{"Candidate code": "C1"})["Supplier code given"] == "C1"
    before = path.read_bytes()
    with pytest.raises(SrmError) as refused:
        run(path, promote_candidate, "C1")
    assert refused.value.code == "qualification_candidate_exists" and path.read_bytes() == before
    with pytest.raises(SrmError, match="no candidate 'C9' on the 'Candidates' sheet"):
        run(path, promote_candidate, "C9")


# --- supplier survey ---------------------------------------------------------------------------------------------


def _put(cell: openpyxl.cell.Cell, value: str) -> None:
    """Type ``value`` into a cell as text, as a supplier would (openpyxl would otherwise store '=…' as a formula)."""
    cell._value = value
    cell.data_type = "s"


def _answer(survey: Path) -> None:
    workbook = openpyxl.load_workbook(survey)
    for ref, value in HOSTILE.items():
        _put(workbook["Survey"][ref], value)
    for row, values in enumerate(CERTS, start=2):
        for col, value in zip("ABCDE", values):
            if value:
                _put(workbook["Certificates"][f"{col}{row}"], value)
    for row, values in enumerate(PROCESSES, start=2):
        for col, value in zip("ABCDEFG", values):
            _put(workbook["Key processes"][f"{col}{row}"], value)
    workbook.save(survey)


@pytest.fixture()
def surveyed(tmp_path: Path) -> tuple[Path, Path]:
    path = candidate_book(tmp_path / "book.xlsx")
    run(path, export_survey, "C1", tmp_path / "out", today=date(2026, 6, 1))
    survey = next((tmp_path / "out").glob("survey_C1_*.xlsx"))
    return path, survey


def test_survey_is_protected_with_only_answer_cells_unlocked(surveyed: tuple[Path, Path]) -> None:
    _, survey = surveyed
    workbook = openpyxl.load_workbook(survey)
    assert workbook.sheetnames == ["Survey", "Certificates", "Key processes"]
    assert workbook.security.lockStructure
    sheet = workbook["Survey"]
    assert all(workbook[name].protection.sheet for name in workbook.sheetnames)
    assert sheet["C5"].value == "C1" and sheet["B10"].value == "Company name" and sheet["A10"].value == "name"
    assert not sheet["C10"].protection.locked and sheet["B10"].protection.locked and sheet["C5"].protection.locked
    assert not workbook["Key processes"]["D2"].protection.locked and workbook["Key processes"]["D1"].protection.locked
    assert [c.value for c in workbook["Certificates"][1]] == [
        "Certificate type",
        "Certificate number",
        "Issuer",
        "Valid from",
        "Valid to",
    ]


def test_survey_reply_is_imported_as_text_validated_and_flagged(surveyed: tuple[Path, Path]) -> None:
    path, survey = surveyed
    _answer(survey)
    report = run(path, import_survey, survey, today=date(2026, 6, 5))
    master = openpyxl.load_workbook(path)
    answers = {r[2].value: r for r in master["Supplier survey answers"].iter_rows(min_row=2)}
    for item, value in (("Company name", "=cmd|'/C calc'!A0"), ("Address", "+1"), ("Contact", "@SUM(1)")):
        cell = answers[item][3]
        assert cell.value == value and cell.data_type == "s", f"{item} must be stored as text, never a formula"
    assert "Main customers" not in answers, "an answer over the length limit is not imported"
    assert answers["Employees"][3].value == "many", "an answer that is no number is kept as typed, with a warning"
    assert answers["Unified social credit code"][3].value == "123", "a failing USCC is kept with a warning"
    codes = {(i.code, i.cell): i.severity for i in report.issues}
    assert (
        codes[("qualification_answer_too_long", "C20")] == "error"
        and codes[("qualification_answer_bad", "C14")] == "warning"
    )
    assert (
        codes[("qualification_answer_formula", "C10")] == "warning"
        and codes[("qualification_answer_uscc", "C11")] == "warning"
    )
    assert all(len(i.message()) < 400 for i in report.issues), "a 100k-character value is never echoed whole"
    assert {i.code for i in report.issues if i.sheet.endswith("]Certificates") and i.row == 3} == {
        "not_in_choices",
        "not_date",
        "qualification_row_incomplete",
    }, "an unknown type and a text expiry leave the row out"
    cert = by(records(path, "Certificates"), **{"Supplier code": "C1"})
    assert (cert["Certificate type"], cert["Certificate number"], cert["Issuer"]) == ("ISO 9001", "@SUM(1)", "-2+3")
    assert master["Certificates"]["C2"].data_type == "s"
    capability = records(path, "Capability")
    stamping, painting = by(capability, Process="Stamping"), by(capability, Process="Painting")
    assert stamping["Cpk"] == pytest.approx(1.1) and stamping["Cpk below minimum"] == "Yes", (
        "key characteristic under 1.33"
    )
    assert painting["Cpk below minimum"] == "No", "not a key characteristic"
    assert stamping["Utilisation"] == pytest.approx(0.8) and stamping["Source"].startswith("SRV-")
    assert report.counts == {"answers": 5, "certificates": 1, "processes": 2, "cpk_low": 1}


def test_importing_the_same_survey_again_duplicates_nothing(surveyed: tuple[Path, Path]) -> None:
    path, survey = surveyed
    _answer(survey)
    run(path, import_survey, survey, today=date(2026, 6, 5))
    first = {s: records(path, s) for s in ("Supplier survey answers", "Certificates", "Capability")}
    report = run(path, import_survey, survey, today=date(2026, 6, 5))
    assert {s: records(path, s) for s in first} == first
    assert report.counts["certificates"] == 0


@pytest.mark.parametrize("ref", ["C5", "B12", "A1"])
def test_a_reply_with_changed_locked_cells_is_refused_whole(surveyed: tuple[Path, Path], ref: str) -> None:
    path, survey = surveyed
    _answer(survey)
    workbook = openpyxl.load_workbook(survey)
    _put(workbook["Survey"][ref], "S1")
    workbook.save(survey)
    before = path.read_bytes()
    with pytest.raises(SrmError) as refused:
        run(path, import_survey, survey)
    assert refused.value.code == "qualification_survey_tampered" and path.read_bytes() == before


def test_a_chinese_survey_from_an_english_master_round_trips_for_a_listed_supplier(tmp_path: Path) -> None:
    path = candidate_book(tmp_path / "book.xlsx", "en")
    run(path, export_survey, "S1", tmp_path / "out", lang="zh", today=date(2026, 6, 1))
    survey = next((tmp_path / "out").glob("survey_S1_*.xlsx"))
    workbook = openpyxl.load_workbook(survey)
    assert workbook.sheetnames == ["调查表", "资质证书", "关键过程"] and workbook["调查表"]["B10"].value == "公司名称"
    _put(workbook["调查表"]["C10"], "某某精密有限公司")
    _put(workbook["调查表"]["C13"], "2010年3月5日")
    workbook.save(survey)
    report = run(path, import_survey, survey, today=date(2026, 6, 2))
    answers = {r["Item"]: r["Answer"] for r in records(path, "Supplier survey answers")}
    assert answers == {"Company name": "某某精密有限公司", "Founded": "2010-03-05"} and report.ok, (
        "stored in the master's language"
    )
    with pytest.raises(SrmError) as unknown:
        run(path, export_survey, "X9", tmp_path / "out")
    assert unknown.value.code == "qualification_candidate_unknown"


def test_a_reply_from_a_candidate_no_longer_listed_is_refused(surveyed: tuple[Path, Path]) -> None:
    path, survey = surveyed
    with FileWorkbook(path) as book:
        remaining = book.read(spec("candidates")).frame.filter(pl.col("candidate") != "C1")
        book.stage(draft_from_spec(spec("candidates"), remaining, "en", name="Candidates"))
        book.commit()
    with pytest.raises(SrmError) as refused:
        run(path, import_survey, survey)
    assert refused.value.code == "qualification_candidate_unknown"


# --- audits ------------------------------------------------------------------------------------------------------


def test_audit_scores_grade_feed_manual_ratings_and_raise_actions_once(tmp_path: Path) -> None:
    path = audit_book(tmp_path / "book.xlsx")
    first = run(path, score_audits)
    audits = records(path, "Supplier audits")
    a1 = by(audits, **{"Audit ID": "A1"})
    assert (a1["Points"], a1["Maximum points"], a1["Score"], a1["Audit grade"], a1["Findings"]) == (
        27.0,
        30.0,
        A1_SCORE,
        "A",
        2,
    )
    assert a1["Scoring period"] == "2026-Q2"
    assert by(audits, **{"Audit ID": "A2"})["Audit grade"] is None
    assert {i.code for i in first.issues} == {
        "qualification_points_over",
        "qualification_audit_unscored",
        "qualification_checklist_added",
    }
    ratings = records(path, "Manual ratings")
    assert ratings == [
        {
            "Period": "2026-Q2",
            "Supplier code": "S1",
            "Audit score": A1_SCORE,
            "Service rating": 80.0,
            "Cooperation": None,
            "Line stoppages": None,
            "Rated by": "Buyer",
        }
    ], "the audit score is set and the user's other ratings kept"
    actions = records(path, "Corrective actions")
    assert [(a["Source"], a["Trigger"], a["Supplier code"]) for a in actions] == [("Audit finding", "A1", "S1")] * 2
    due = {a["Defect type"]: a["Due date"].date() for a in actions}
    assert due == {"Manufacturing": date(2026, 6, 9), "Transport": date(2026, 7, 9)}, "major +30 days, minor +60 days"
    assert actions[0]["Problem description"] == "Audit A1 question 2 (Manufacturing): Station 3 has no work instruction"
    linked = {r["Question no"]: r["SCAR ID"] for r in records(path, "Audit checklist") if r["Audit ID"] == "A1"}
    assert linked["2"] == actions[0]["SCAR ID"] and linked["1"] is None
    checklist = records(path, "Audit checklist")
    again = run(path, score_audits)
    assert records(path, "Corrective actions") == actions and records(path, "Manual ratings") == ratings
    assert records(path, "Audit checklist") == checklist
    assert again.counts["new_actions"] == 0 and again.counts["ratings"] == 0 and again.counts["questions_added"] == 0


def test_an_audit_without_questions_gets_the_standard_checklist_of_its_type(tmp_path: Path) -> None:
    path = audit_book(tmp_path / "book.xlsx")
    report = run(path, score_audits)
    a2 = [r for r in records(path, "Audit checklist") if r["Audit ID"] == "A2"]
    assert len(a2) == 15 and report.counts["questions_added"] == 15, (
        "a system audit asks every standard question but one"
    )
    assert [r["Question no"] for r in a2] == [str(n) for n in range(1, 16)]
    assert {r["Dimension"] for r in a2} == {
        "Quality awareness",
        "Technical capability",
        "Replication capability",
        "Problem-solving",
        "System stability",
        "Materials",
        "Manufacturing",
        "Transport",
    }
    assert a2[0]["Question"] == "Has management set quality targets and made them known at every level?"
    assert all(r["Maximum points"] == 10 and r["Points"] is None for r in a2)
    added = [i for i in report.issues if i.code == "qualification_checklist_added"]
    assert len(added) == 1 and "15 standard questions" in added[0].message()


def test_audit_score_adds_a_manual_rating_row_when_the_period_has_none(tmp_path: Path) -> None:
    path = audit_book(tmp_path / "book.xlsx", "zh", ratings=False)
    run(path, score_audits)
    assert records(path, "人工评分") == [
        {
            "期间": "2026-Q2",
            "供应商代码": "S1",
            "审核得分": A1_SCORE,
            "服务评分": None,
            "配合度": None,
            "停线次数": None,
            "评分人": "审核",
        }
    ]


# --- approved list -----------------------------------------------------------------------------------------------

TODAY = date(2026, 6, 1)


def test_samples_grades_certificates_and_agreements_set_release_status_with_reasons(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx")
    report = run(path, update_approved_list, today=TODAY)
    rows = {r["Part number"]: r for r in records(path, "Approved list")}
    expected = {
        "P1": ("Conditional", "graded C for 2026-Q2"),
        "P2": ("Blocked", "sample T2 not inspected 100 % (5 of 10)"),
        "P3": ("Blocked", "graded D for 2026-Q2"),
        "P4": ("Conditional", "graded D for 2026-Q2"),
        "P5": ("Blocked", "certificate ISO 9001 expired on 2026-01-01"),
        "P6": ("Conditional", "quality agreement missing or expired"),
    }
    assert {p: (r["Release status"], r["Reason"]) for p, r in rows.items()} == expected
    assert all(r["Status changed"].date() == TODAY for r in rows.values())
    assert rows["P1"]["Release date"].date() == TODAY and rows["P2"]["Release date"] is None
    assert rows["P6"]["Quality agreement valid"] == "No" and rows["P1"]["Quality agreement valid"] == "Yes"
    assert report.counts == {"released": 0, "conditional": 3, "blocked": 3, "changed": 6, "report_to_customer": 1}


def test_designated_supplier_is_reported_to_its_customer_not_blocked(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx")
    report = run(path, update_approved_list, today=TODAY)
    p4 = by(records(path, "Approved list"), **{"Part number": "P4"})
    assert p4["Release status"] == "Conditional", "grade D blocks S3 but only limits the customer-designated S4"
    assert (
        p4["Designated by customer"] == "K1" and "report to customer K1" in p4["Action"] and "graded D" in p4["Action"]
    )
    routed = [i for i in report.issues if i.code == "qualification_asl_report"]
    assert len(routed) == 1 and "K1" in routed[0].message() and routed[0].cell == "5:5"


def test_only_an_approved_sample_releases_a_source(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx")
    run(path, update_approved_list, today=TODAY)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Sample approvals"]
    header = [c.value for c in sheet[1]]
    sheet.cell(3, header.index("Inspected") + 1, 10)  # T2 now inspected 100 %
    workbook.save(path)
    report = run(path, update_approved_list, today=TODAY + timedelta(days=7))
    p2 = by(records(path, "Approved list"), **{"Part number": "P2"})
    assert (p2["Release status"], p2["Reason"], p2["Release date"].date()) == (
        "Released",
        None,
        TODAY + timedelta(days=7),
    )
    changed = [
        (i.fields["part"], i.fields["old"], i.fields["new"])
        for i in report.issues
        if i.code == "qualification_asl_changed"
    ]
    assert changed == [("P2", "Blocked", "Released")], "only the status that changed is listed"


def test_changes_keep_dates_limits_and_overrides(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx", conditional_limit=500)
    run(path, update_approved_list, today=TODAY)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Approved list"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["P3"], header.index("Override status") + 1, "Released")
    sheet.cell(rows["P3"], header.index("Override reason") + 1, "Customer waiver 2026-06")
    sheet.cell(rows["P6"], header.index("Quantity limit") + 1, 200)
    workbook.save(path)
    later = TODAY + timedelta(days=30)
    run(path, update_approved_list, today=later)
    rows2 = {r["Part number"]: r for r in records(path, "Approved list")}
    assert rows2["P3"]["Release status"] == "Released" and rows2["P3"]["Override status"] == "Released"
    assert rows2["P3"]["Reason"] == "set by hand: Customer waiver 2026-06; graded D for 2026-Q2"
    assert rows2["P3"]["Status changed"].date() == later and rows2["P3"]["Release date"].date() == later
    assert rows2["P1"]["Status changed"].date() == TODAY and rows2["P1"]["Release date"].date() == TODAY, (
        "no change, dates kept"
    )
    assert rows2["P6"]["Quantity limit"] == 200, "the user's limit is kept"
    assert rows2["P1"]["Quantity limit"] == 500, "the Config default for a conditional source"


def test_expired_certificate_makes_conditional_when_config_says_so(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx", expired_certificate="conditional")
    run(path, update_approved_list, today=TODAY)
    assert by(records(path, "Approved list"), **{"Part number": "P5"})["Release status"] == "Conditional"


def test_srm_approved_answers_from_the_list(tmp_path: Path) -> None:
    path = asl_book(tmp_path / "book.xlsx", conditional_limit=500)
    run(path, update_approved_list, today=TODAY)
    with FileWorkbook(path) as book:
        listed = book.read(spec("approved_list")).frame
    answers = srm_approved(["S1", "S3", "S9", None], ["P1", "P3", "P1", "P1"], listed)
    assert answers == [
        [True, "conditional, limited to 500; graded C for 2026-Q2"],
        [False, "graded D for 2026-Q2"],
        [False, "not on the approved list"],
        [False, "not on the approved list"],
    ]
    assert srm_approved(["S1"], ["P1"], listed, "zh") == [[True, "有条件放行, 限量500; graded C for 2026-Q2"]], (
        "reasons as the list holds them"
    )


# --- re-evaluation -----------------------------------------------------------------------------------------------


def reevaluation_book(path: Path) -> Path:
    suppliers = typed(
        "suppliers",
        [
            {
                "code": "S1",
                "name": "Alpha",
                "importance": "I",
                "status": "approved",
                "admission_date": date(2025, 1, 1),
            },
            {
                "code": "S2",
                "name": "Beta",
                "importance": "III",
                "status": "approved",
                "admission_date": date(2024, 1, 1),
            },
            {"code": "S3", "name": "Gamma", "importance": "II", "status": "conditional"},
            {
                "code": "S4",
                "name": "Delta",
                "importance": "I",
                "status": "approved",
                "admission_date": date(2024, 3, 1),
            },
            {"code": "S5", "name": "Epsilon", "importance": "I", "status": "suspended"},
        ],
    )
    audits = typed(
        "audits",
        [
            {"audit_id": "A1", "supplier": "S1", "audit_type": "system", "audit_date": date(2025, 6, 1)},
            {"audit_id": "A4", "supplier": "S4", "audit_type": "process", "audit_date": date(2025, 5, 15)},
        ],
    )
    return write_book(path, {"suppliers": suppliers, "audits": audits}, "en")


def test_reevaluation_due_and_overdue_follow_class_intervals(tmp_path: Path) -> None:
    path = reevaluation_book(tmp_path / "book.xlsx")
    run(path, reevaluation_due, today=date(2026, 5, 1))
    rows = {r["Supplier code"]: r for r in records(path, "Re-evaluation due")}
    assert set(rows) == {"S1", "S3", "S4"}, "S2 (class III, due 2027-01-01) is not due yet; S5 is suspended"
    assert (rows["S1"]["Due date"].date(), rows["S1"]["Days left"], rows["S1"]["State"]) == (
        date(2026, 6, 1),
        31,
        "Due",
    )
    assert (rows["S4"]["Due date"].date(), rows["S4"]["Days left"], rows["S4"]["Interval (months)"]) == (
        date(2026, 5, 15),
        14,
        12,
    )
    assert rows["S3"]["State"] == "Overdue" and rows["S3"]["Due date"] is None, "never audited nor admitted"
    report = run(path, reevaluation_due, today=date(2026, 6, 10))
    rows = {r["Supplier code"]: r for r in records(path, "Re-evaluation due")}
    assert rows["S1"]["State"] == "Overdue" and rows["S1"]["Days left"] == -9
    assert report.counts == {"due": 0, "overdue": 3}


def test_overdue_reevaluations_are_risk_findings(tmp_path: Path) -> None:
    path = reevaluation_book(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        frames = {k: book.read(spec(k)).frame for k in ("suppliers", "audits")}
    found = reevaluation_findings(frames, Config(), date(2026, 6, 10))
    assert found["supplier"].to_list() == ["S3", "S4", "S1"], "never evaluated first, then most overdue"
    s1 = found.row(2, named=True)
    assert (s1["rule"], s1["category"], s1["trigger"], s1["likelihood"], s1["impact"]) == (
        "reevaluation",
        "compliance",
        "9",
        3,
        3,
    )
    assert (
        s1["description_en"]
        == "supplier S1 Alpha is overdue for re-audit / re-evaluation (due 2026-06-01) — schedule the audit"
    )
    assert "复审" in s1["description_zh"]


# --- demo data ---------------------------------------------------------------------------------------------------


def test_every_qualification_job_runs_on_the_demo_workbook(tmp_path: Path) -> None:
    frames = sample_frames()
    path = build_book(tmp_path / "demo.xlsx", frames, "zh")
    reports = {job.__name__: run(path, job) for job in (rank_candidates, score_audits)}
    reports["update_approved_list"] = run(path, update_approved_list, today=date(2026, 10, 31))
    reports["reevaluation_due"] = run(path, reevaluation_due, today=date(2026, 10, 31))
    sources = frames["parts"].select("part", "supplier").drop_nulls().unique().height
    listed = records(path, "合格货源清单")
    counts = reports["update_approved_list"].counts
    assert len(listed) == sources and min(counts["released"], counts["conditional"], counts["blocked"]) > 0
    assert counts["released"] + counts["conditional"] + counts["blocked"] == sources
    blocked = [r for r in listed if r["放行状态"] == "冻结"]
    assert all(r["原因"] for r in blocked), "every blocked source says why"
    active = frames["suppliers"].filter(pl.col("status").is_in(("approved", "conditional"))).height
    assert 0 < reports["reevaluation_due"].counts["overdue"] <= active
