"""The approved-list and re-evaluation buttons: release, limit or block each part × supplier source with the reason
and date of every change, and list suppliers due or overdue for re-audit."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import read_config
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.qualification_io import frame_of, stage_frame
from srm_xl.jobs.report import Report
from srm_xl.qualification.approved import ListInputs, approved_list
from srm_xl.risk.reevaluation import due_list
from srm_xl.schema.frames import ROW

_LIST_INPUTS = frozenset({"part", "supplier", "quantity_limit", "override", "override_reason"})


def update_approved_list(book: Workbook, *, today: date | None = None) -> Report:
    """Recompute the Approved list from sample approvals, supplier status, the latest grades, certificates and
    quality agreements; customer-designated suppliers get a report-to-customer action instead of a block. Overrides,
    quantity limits and release dates already on the sheet are kept; every status change is listed."""
    checksum = book.checksum()
    today = today or date.today()
    config = read_config(book).qualification
    keys = (
        "parts",
        "sample_approvals",
        "suppliers",
        "certificates",
        "scorecard",
        "contracts",
        "approved_list",
        "rewards",
    )
    frames = {k: frame_of(book, k) for k in keys}
    inputs = ListInputs(*(frames[k] for k in keys))
    listed, changes = approved_list(inputs, config, today, book.lang)
    name = stage_frame(book, "approved_list", listed, editable=_LIST_INPUTS)
    at = {(p, s): i + 2 for i, (p, s) in enumerate(listed.select("part", "supplier").iter_rows())}
    issues = [
        Issue(
            name,
            at[(part, supplier)],
            None,
            "qualification_asl_changed",
            "status",
            new,
            severity="info",
            fields={"part": part, "supplier": supplier, "old": old, "new": new, "reason": reason},
        )
        for part, supplier, old, new, reason, _ in changes.iter_rows()
    ]
    issues += [
        Issue(
            name,
            at[(r["part"], r["supplier"])],
            None,
            "qualification_asl_report",
            "designated",
            r["designated_by"],
            severity="warning",
            fields={
                "part": r["part"],
                "supplier": r["supplier"],
                "customer": r["designated_by"],
                "reasons": r["reason"],
            },
        )
        for r in listed.filter(pl.col("action").is_not_null()).iter_rows(named=True)
    ]
    counts = {status: int((listed["status"] == status).sum()) for status in ("released", "conditional", "blocked")}
    counts |= {"changed": changes.height, "report_to_customer": int(listed["action"].is_not_null().sum())}
    report = Report.of(
        "update_approved_list",
        "report_approved_list",
        {**counts, "sources": listed.height, "changes": changes.height},
        rows_read=sum(f.height for f in frames.values()),
        rows_written=listed.height,
        issues=issues,
        sheets=[name],
        counts=counts,
    )
    return finish(book, report, checksum)


def reevaluation_due(book: Workbook, *, today: date | None = None) -> Report:
    """List approved and conditional suppliers due (within the notice days) or overdue for re-audit, by the interval
    of their importance class; the sheet is what the risk scan's ``reevaluation_findings`` rule reports from."""
    checksum = book.checksum()
    today = today or date.today()
    config = read_config(book)
    suppliers, audits = frame_of(book, "suppliers"), frame_of(book, "audits")
    due = due_list(suppliers.drop(ROW), audits.drop(ROW), config, today)
    name = stage_frame(book, "reevaluation", due)
    overdue = int((due["state"] == "overdue").sum())
    report = Report.of(
        "reevaluation_due",
        "report_reevaluation_due",
        {"due": due.height, "overdue": overdue},
        rows_read=suppliers.height + audits.height,
        rows_written=due.height,
        sheets=[name],
        counts={"due": due.height - overdue, "overdue": overdue},
    )
    return finish(book, report, checksum)
