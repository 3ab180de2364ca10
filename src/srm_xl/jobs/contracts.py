"""The Check contracts button: expiring and expired contracts, suppliers without a valid contract or quality
agreement, deliveries after a contract's end — as the Contract checks sheet the risk scan reads."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import read_config
from srm_xl.contracts.amendments import effective_contracts
from srm_xl.contracts.checks import contract_findings
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.customers import read_frames
from srm_xl.jobs.report import Report
from srm_xl.schema import spec


def check_contracts(book: Workbook, *, today: date | None = None) -> Report:
    """Run every contract check (amendments applied first) and write the Contract checks sheet."""
    today = today or date.today()
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    frames, issues = read_frames(book, ["contracts", "contract_changes", "deliveries", "suppliers"])
    if "contracts" in frames and "contract_changes" in frames:
        issues += effective_contracts(
            frames["contracts"], frames["contract_changes"], book.find(spec("contract_changes")) or ""
        )[1]
    findings = contract_findings(frames, config, today, lang=lang)
    book.stage(draft_from_spec(spec("contract_findings"), findings, lang))
    counts = {
        key: findings.filter(pl.col("finding") == key).height
        for key in ("expiring", "expired", "no_contract", "no_quality_agreement", "delivery_after_end")
    }
    report = Report.of(
        "check_contracts",
        "report_contracts",
        counts,
        rows_read=sum(f.height for f in frames.values()),
        rows_written=findings.height,
        issues=issues,
        sheets=[spec("contract_findings").name(lang)],
        counts=counts,
    )
    return finish(book, report, checksum)
