"""The demo's qualification records: typed per the schema, consistent with the rest of the sample data, and enough
for every qualification job to show released, conditional and blocked sources, a shortlist, findings raised as
corrective actions and overdue re-audits on a real workbook."""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from importlib import resources

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from srm_xl.config.qualification import QualificationConfig
from srm_xl.demo import sample_frames
from srm_xl.demo.run import build_book
from srm_xl.demo.sample_data import DTYPES, SHEET_KEYS
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.qualification import rank_candidates
from srm_xl.jobs.qualification_asl import reevaluation_due, update_approved_list
from srm_xl.jobs.qualification_audit import score_audits
from srm_xl.jobs.report import Report
from srm_xl.schema import spec

from .conftest import END

KEYS = ("sample_approvals", "candidates", "candidate_scores", "audits", "audit_checklist")
SOURCE = ["part", "supplier"]


@pytest.mark.parametrize("key", [*KEYS, "suppliers"])
def test_frames_match_their_spec_and_leave_computed_columns_empty(frames: dict[str, pl.DataFrame], key: str) -> None:
    assert key in SHEET_KEYS
    sheet, frame = spec(key), frames[key]
    assert frame.columns == sheet.keys() and frame.height > 0
    for column in sheet.columns:
        assert frame.schema[column.key] == DTYPES[column.dtype], column.key
        if column.choices:
            assert set(frame[column.key].drop_nulls()) <= {c.key for c in column.choices}, column.key
        if column.required:
            assert frame[column.key].null_count() == 0, column.key
        if column.computed and key != "suppliers":
            assert frame[column.key].null_count() == frame.height, f"{key}.{column.key} is for the jobs to fill"


def test_references_resolve(frames: dict[str, pl.DataFrame]) -> None:
    suppliers = frames["suppliers"]
    samples = frames["sample_approvals"]
    assert samples.join(frames["parts"], on=SOURCE, how="anti").is_empty(), "samples only for sources in Parts"
    in_use = suppliers.filter(pl.col("status").is_in(("approved", "conditional")))
    audited = frames["audits"].join(
        in_use.select(pl.col("code").alias("supplier"), "importance"), on="supplier", how="left"
    )
    assert audited["importance"].is_in(("I", "II")).all(), "only class I and II suppliers in use are audited"
    assert frames["audit_checklist"]["audit_id"].is_in(frames["audits"]["audit_id"].implode()).all()
    assert set(frames["candidate_scores"]["candidate"]) == set(frames["candidates"]["candidate"])
    assert not frames["candidates"]["candidate"].is_in(suppliers["code"].implode()).any(), "promoting must not clash"
    assert not frames["candidates"]["name"].is_in(suppliers["name"].implode()).any()
    designated = suppliers.filter(pl.col("designated") == "yes")
    assert designated.height == 5 and designated["status"].is_in(("approved", "conditional", "suspended")).all()
    assert designated["designated_by"].is_in(frames["customers"]["code"].implode()).all()
    assert suppliers.filter(pl.col("designated") != "yes")["designated_by"].null_count() == suppliers.height - 5
    for key, column in (("sample_approvals", "sample_id"), ("audits", "audit_id"), ("candidates", "candidate")):
        assert frames[key][column].is_unique().all(), key
    assert frames["audit_checklist"].select("audit_id", "question_no").is_unique().all()


def test_same_seed_same_records_other_seed_other_records(frames: dict[str, pl.DataFrame]) -> None:
    again, other = sample_frames(7), sample_frames(8)
    for key in (*KEYS, "suppliers"):
        assert_frame_equal(frames[key], again[key])
    for key in ("sample_approvals", "audits", "audit_checklist", "candidate_scores"):
        assert not other[key].equals(frames[key]), key


def test_samples_inspected_in_full_before_each_sources_first_lot(frames: dict[str, pl.DataFrame]) -> None:
    samples = frames["sample_approvals"]
    first = frames["inspections"].group_by(SOURCE).agg(pl.col("received").min().alias("first_lot"))
    dated = samples.join(first, on=SOURCE, how="left")
    assert (dated["received"] <= dated["approval_date"]).all()
    lotted = dated.drop_nulls("first_lot")
    assert (lotted["approval_date"] < lotted["first_lot"]).all(), "approved before the first lot arrived"
    assert (samples["inspected"] < samples["quantity"]).sum() == 1, "exactly one sample not inspected 100 %"
    assert samples.filter(pl.col("decision") == "approved")["defects"].sum() == 0
    assert (samples.filter(pl.col("decision") == "rejected")["defects"] >= 3).all()
    sources = frames["parts"].select(SOURCE)
    full = pl.col("inspected") == pl.col("quantity")
    approved = samples.filter((pl.col("decision") == "approved") & full).select(SOURCE).unique()
    conditional_only = (
        samples.filter(pl.col("decision") == "conditional")
        .join(approved, on=SOURCE, how="anti")
        .select(SOURCE)
        .unique()
    )
    unapproved = sources.join(approved, on=SOURCE, how="anti").join(conditional_only, on=SOURCE, how="anti")
    assert 0.94 < approved.height / sources.height < 0.97
    assert 20 <= conditional_only.height <= 40
    assert 5 <= unapproved.height <= 20
    unsampled = sources.join(samples.select(SOURCE), on=SOURCE, how="anti")
    assert 1 <= unsampled.height < unapproved.height, "some have no sample at all, others a rejected or partial one"
    assert set(samples["kind"]) == {"trial", "first_article"}


def test_candidates_scored_by_every_evaluator_on_every_weighted_criterion(frames: dict[str, pl.DataFrame]) -> None:
    candidates, scores = frames["candidates"], frames["candidate_scores"]
    assert candidates.height == 8 and candidates["need"].n_unique() == 3
    assert scores.group_by("candidate").len()["len"].to_list() == [3] * 8
    weights = QualificationConfig().weights()
    blank = scores.select(pl.col(c).is_null().sum() for c in weights).row(0, named=True)
    assert blank == {c: (3 if c == "financial" else 0) for c in weights}, "one candidate sent no financial statements"
    assert (
        scores.select(pl.min_horizontal(*weights).min()).item() >= 0
        and scores.select(pl.max_horizontal(*weights).max()).item() <= 100
    )


def test_audits_over_two_years_with_the_standard_questions(frames: dict[str, pl.DataFrame]) -> None:
    audits, checklist = frames["audits"], frames["audit_checklist"]
    assert audits["audit_date"].min() >= END - timedelta(days=731) and audits["audit_date"].max() <= END
    assert set(audits["audit_type"]) == {"system", "process", "product"}
    bank = tomllib.loads(
        resources.files("srm_xl.qualification").joinpath("checklist.toml").read_text(encoding="utf-8")
    )["question"]
    for audit_id, audit_type in audits.select("audit_id", "audit_type").head(12).iter_rows():
        asked = checklist.filter(pl.col("audit_id") == audit_id)
        expected = [(q["dimension"], q["zh"], float(q["points"])) for q in bank if audit_type in q["types"]]
        assert list(asked.select("dimension", "question", "max_points").iter_rows()) == expected, audit_id
        assert asked["question_no"].to_list() == [str(i) for i in range(1, len(expected) + 1)]
    assert checklist["points"].null_count() == 0 and (checklist["points"] <= checklist["max_points"]).all()
    found = checklist.filter(pl.col("finding").is_not_null())
    assert 3 <= found.height <= 25 and set(found["finding_level"]) == {"major", "minor"}
    assert (found["points"] < 0.7 * found["max_points"]).all()
    recent = audits.filter(pl.col("audit_date") >= END - timedelta(days=120))["audit_id"].implode()
    assert found["audit_id"].is_in(recent).all(), "only recent audits have open findings"


Demo = tuple[dict[str, list[dict[str, object]]], dict[str, Report]]
READ_BACK = ("Approved list", "Candidate ranking", "Supplier audits", "Corrective actions", "Re-evaluation due")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo workbook after the qualification jobs: the result sheets read back with openpyxl, and the reports."""
    path = build_book(tmp_path_factory.mktemp("demo") / "demo.xlsx", sample_frames(), "en")
    reports = {}
    for job, kwargs in (
        (rank_candidates, {}),
        (score_audits, {}),
        (update_approved_list, {"today": END}),
        (reevaluation_due, {"today": END}),
    ):
        with FileWorkbook(path) as book:
            reports[job.__name__] = job(book, **kwargs)
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheets = {}
    for name in READ_BACK:
        header, *rows = workbook[name].iter_rows(values_only=True)
        sheets[name] = [dict(zip(header, row, strict=True)) for row in rows if any(v is not None for v in row)]
    workbook.close()
    return sheets, reports


def test_approved_list_releases_limits_and_blocks_with_reasons(demo: Demo, frames: dict[str, pl.DataFrame]) -> None:
    sheets, reports = demo
    listed = sheets["Approved list"]
    assert len(listed) == frames["parts"].height
    by_status = {s: [r for r in listed if r["Release status"] == s] for s in ("Released", "Conditional", "Blocked")}
    assert len(by_status["Released"]) > 0.6 * len(listed) and by_status["Conditional"] and by_status["Blocked"]
    assert reports["update_approved_list"].counts["released"] == len(by_status["Released"])
    blocked_reasons = [r["Reason"] for r in by_status["Blocked"]]
    assert sum(reason.startswith("no approved sample inspected 100 %") for reason in blocked_reasons) >= 5
    assert (
        sum(
            re.match(r"sample SA-\d{4}-\d{4} not inspected 100 % \(\d+ of \d+\)", reason) is not None
            for reason in blocked_reasons
        )
        == 1
    )
    assert (
        sum(
            re.match(r"sample SA-\d{4}-\d{4} approved only conditionally", r["Reason"]) is not None
            for r in by_status["Conditional"]
        )
        >= 20
    )
    designated = frames["suppliers"].filter(pl.col("designated") == "yes")["code"].to_list()
    reported = [r for r in listed if r["Action"]]
    assert reported and {r["Supplier code"] for r in reported} <= set(designated)
    assert all(r["Designated by customer"] for r in reported)


def test_ranking_shortlists_and_the_strong_candidate_leads(demo: Demo) -> None:
    sheets, reports = demo
    ranked = sheets["Candidate ranking"]
    assert len(ranked) == 8 and reports["rank_candidates"].counts["needs"] == 3
    shortlisted = [r for r in ranked if r["Shortlisted"] == "Yes"]
    assert 4 <= len(shortlisted) < 8
    best = max(ranked, key=lambda r: r["Weighted score"])
    assert best["Candidate code"] == "H001" and best["Rank"] == 1 and best["Weighted score"] > 80
    assert any("below" in r["Reason"] for r in ranked if r["Shortlisted"] == "No")


def test_audit_findings_raise_corrective_actions(demo: Demo, frames: dict[str, pl.DataFrame]) -> None:
    sheets, reports = demo
    findings = frames["audit_checklist"]["finding"].drop_nulls().len()
    assert reports["score_audits"].counts["new_actions"] == findings > 0
    audits = sheets["Supplier audits"]
    assert all(r["Audit grade"] in ("A", "B", "C", "D") for r in audits)
    raised = [r for r in sheets["Corrective actions"] if r["Trigger"] in {a["Audit ID"] for a in audits}]
    assert len(raised) == findings


def test_some_re_audits_overdue(demo: Demo, frames: dict[str, pl.DataFrame]) -> None:
    sheets, reports = demo
    due = sheets["Re-evaluation due"]
    overdue = [r for r in due if r["State"] == "Overdue"]
    assert overdue and reports["reevaluation_due"].counts["overdue"] == len(overdue)
    class_one = [r for r in overdue if r["Importance class"] == "I"]
    last_audit = frames["audits"].group_by("supplier").agg(pl.col("audit_date").max())
    late = last_audit.filter(pl.col("audit_date") < date(END.year - 1, END.month, END.day))["supplier"].to_list()
    assert class_one and {r["Supplier code"] for r in class_one} <= set(late), (
        "class I: overdue a year after the last audit"
    )
