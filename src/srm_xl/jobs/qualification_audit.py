"""The Score audits button: checklist totals and audit grades, findings raised as corrective actions, and the audit
score written to the scorecard's manual ratings."""

from __future__ import annotations

import polars as pl

from srm_xl.config import read_config
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.qualification_io import frame_of, name_of, stage_frame
from srm_xl.jobs.report import Report
from srm_xl.messages import render
from srm_xl.qualification.audits import add_actions, finding_actions, over_maximum, rate_audits
from srm_xl.qualification.audits import score_audits as score_frame
from srm_xl.qualification.checklist import standard_rows
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW

_AUDIT_INPUTS = frozenset({"audit_id", "supplier", "audit_type", "audit_date", "auditor"})
_CHECKLIST_INPUTS = frozenset(
    {"audit_id", "question_no", "dimension", "question", "max_points", "points", "finding", "finding_level"}
)


def _issues(book: Workbook, checklist: pl.DataFrame, scored: pl.DataFrame) -> list[Issue]:
    sheet, column = name_of(book, "audit_checklist"), spec("audit_checklist").column("points")
    points_col, header = spec("audit_checklist").keys().index("points"), column.header(book.lang)
    issues = [
        Issue(
            sheet,
            row,
            header,
            "qualification_points_over",
            "at_most_max",
            points,
            points_col,
            "warning",
            {"audit": audit, "question": question, "points": f"{points:g}", "maximum": f"{maximum:g}"},
        )
        for audit, question, points, maximum, row in over_maximum(checklist)
        .select("audit_id", "question_no", "points", "max_points", ROW)
        .iter_rows()
    ]
    audits_sheet = name_of(book, "audits")
    issues += [
        Issue(
            audits_sheet,
            row,
            None,
            "qualification_audit_unscored",
            "scored",
            audit,
            severity="warning",
            fields={"audit": audit},
        )
        for audit, row in scored.filter(pl.col("score").is_null()).select("audit_id", ROW).iter_rows()
    ]
    return issues


def _added(book: Workbook, added: pl.DataFrame) -> list[Issue]:
    """One note per audit that was given the standard questions."""
    sheet = name_of(book, "audit_checklist")
    return [
        Issue(
            sheet,
            None,
            None,
            "qualification_checklist_added",
            "has_questions",
            audit,
            severity="info",
            fields={"audit": audit, "count": count},
        )
        for audit, count in added.group_by("audit_id", maintain_order=True).len().iter_rows()
    ]


def score_audits(book: Workbook) -> Report:
    """Give audits without checklist rows the standard questions of their type, total each audit's checklist,
    grade it, raise a corrective action per finding (never twice), and set the audit score of each supplier × period
    on Manual ratings (the mean when several audits fall in one period)."""
    checksum = book.checksum()
    config = read_config(book)
    lang = book.lang
    audits, given = frame_of(book, "audits"), frame_of(book, "audit_checklist")
    added = standard_rows(audits, given, lang)
    checklist = pl.concat([given, added], how="diagonal_relaxed")
    scored = score_frame(audits, checklist, config.qualification, config.scoring.period)
    actions = finding_actions(scored, checklist, config.qualification, lang)
    register, new = add_actions(frame_of(book, "corrective_actions").drop(ROW), actions)
    ids = actions.select("audit_id", "question_no", pl.col("scar_id").alias("_scar"))
    linked = (
        checklist.join(ids, on=["audit_id", "question_no"], how="left")
        .with_columns(pl.coalesce("_scar", "scar_id").alias("scar_id"))
        .drop("_scar")
    )
    rated_by = render("audit_rated_by", lang)
    ratings, changed = rate_audits(frame_of(book, "manual_ratings").drop(ROW), scored, rated_by)
    sheets = [
        stage_frame(book, "audits", scored, editable=_AUDIT_INPUTS),
        stage_frame(book, "audit_checklist", linked, editable=_CHECKLIST_INPUTS),
        stage_frame(book, "corrective_actions", register),
        stage_frame(book, "manual_ratings", ratings),
    ]
    graded = scored.filter(pl.col("grade").is_not_null())
    counts = {
        "audits": scored.height,
        "graded": graded.height,
        "findings": actions.height,
        "new_actions": new.height,
        "ratings": changed,
        "questions_added": added.height,
    }
    report = Report.of(
        "score_audits",
        "report_score_audits",
        {
            "graded": graded.height,
            "scored": scored.height,
            "findings": actions.height,
            "new": new.height,
            "changed": changed,
        },
        rows_read=audits.height + given.height,
        rows_written=scored.height + new.height + changed,
        issues=_added(book, added) + _issues(book, checklist, scored),
        sheets=sheets,
        counts=counts,
    )
    return finish(book, report, checksum)
