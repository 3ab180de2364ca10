"""The Claims button: charge a period's late deliveries, rejected and concession lots and passed-on complaints
to the suppliers that caused them, and write what the grades bring.

Writes the Claims sheet (索赔明细; the period's lines replaced, people's decisions kept), Claim totals, Rewards and
penalties, Suggested shares and the Cost of poor quality. Events a charge cannot be computed for are listed as
warnings naming their row; a wrong rule in the Config sheet stops the job with a message naming its cell.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.claims import (
    ClaimInputs,
    charged_before,
    claim_totals,
    cost_of_poor_quality,
    merge_claims,
    merge_periods,
    period_charges,
    share_plan,
    unexplained_waivers,
)
from srm_xl.claims import rewards as reward_rows
from srm_xl.claims.terms import TERMS
from srm_xl.config import read_config
from srm_xl.contracts.amendments import effective_contracts, term_changes
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.customers import read_tables
from srm_xl.jobs.grade import default_period
from srm_xl.jobs.inputs_present import absent_inputs
from srm_xl.jobs.qualification_io import stage_frame
from srm_xl.jobs.report import Report
from srm_xl.messages import LANGS, render
from srm_xl.schema import spec
from srm_xl.schema.convert import UNREAD
from srm_xl.schema.frames import ROW, project
from srm_xl.scoring import Period, ScoringInputs, parse_period

_READ = (
    "deliveries",
    "inspections",
    "complaints",
    "contracts",
    "contract_changes",
    "parts",
    "suppliers",
    "scorecard",
    "claims",
    "copq",
    "rewards",
)
EDITABLE = frozenset({"status", "note", "response", "response_reason"})
"""Claims columns people fill in on the sheet."""
_CHARGED = {
    "deliveries": ("delivered_date", ("qty_ordered", "qty_delivered", "unit_price", "due_date", "delivered_date")),
    "inspections": ("received", ("received", "lot_size", "sorting_cost", "rework_cost", "scrap_cost")),
    "complaints": ("received", ("received", "claimed_amount")),
}
"""Per event sheet: its event date, and the number and date columns a charge is computed from."""


def _typed(frames: dict[str, pl.DataFrame], key: str) -> pl.DataFrame:
    """The ``key`` sheet with every spec column typed (absent ones null) and its ``_row``."""
    sheet = spec(key)
    frame = frames.get(key)
    typed = project(frame, sheet, tuple(sheet.keys()))
    rows = (
        frame.get_column(ROW)
        if frame is not None and ROW in frame.columns
        else pl.repeat(None, typed.height, dtype=pl.Int64, eager=True)
    )
    return typed.with_columns(rows.alias(ROW))


def _issues(book: Workbook, problems: pl.DataFrame, names: dict[str, str]) -> list[Issue]:
    """Each event no charge could be computed for, as a warning on its row (``names``: sheet key → name)."""
    return [
        Issue(
            names[sheet],
            row,
            spec(sheet).column(column).header(book.lang),
            code,
            "priced",
            source,
            severity="warning",
            fields={"source": source},
        )
        for sheet, row, column, code, source in problems.iter_rows()
    ]


def _money(totals: pl.DataFrame) -> str:
    """ "CNY 1,234.50; USD 20.00"."""
    sums = totals.group_by("currency").agg(pl.col("charged").sum()).sort("currency", nulls_last=True)
    return "; ".join(f"{c or ''} {v:,.2f}".strip() for c, v in sums.iter_rows()) or "0.00"


def compute_claims(book: Workbook, period: str | None = None, *, today: date | None = None) -> Report:
    """Charge ``period`` ("2026-Q3", "2026-07", "2026"; default: the latest complete period in the data, by
    ``scoring.period``) and write the claims, their totals, rewards and penalties, suggested shares and cost of poor
    quality; re-running a period changes nothing and keeps waived and answered lines."""
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    tables, issues = read_tables(book, _READ)
    frames = {key: table.frame for key, table in tables.items()}
    typed = {key: _typed(frames, key) for key in _READ}
    contracts, amended = effective_contracts(
        typed["contracts"], frames.get("contract_changes"), book.find(spec("contract_changes")) or "", dated=TERMS
    )
    chosen = (
        parse_period(period)
        if period
        else default_period(
            ScoringInputs(
                inspections=typed["inspections"], deliveries=typed["deliveries"], complaints=typed["complaints"]
            ),
            config.scoring.period,
            today or date.today(),
        )
    )
    inputs = ClaimInputs(
        typed["deliveries"],
        typed["inspections"],
        typed["complaints"],
        contracts,
        typed["parts"],
        term_changes(frames.get("contract_changes"), TERMS),
    )
    charges = period_charges(inputs, config.claims, chosen)
    sources = {key: book.find(spec(key)) or spec(key).name(lang) for key in ("deliveries", "inspections", "complaints")}
    lines = charges.lines.with_columns(pl.col("source_sheet").replace(sources))
    claims_sheet = spec("claims")
    previous = typed["claims"].drop(ROW).select(claims_sheet.keys())
    claims = merge_claims(previous, lines, chosen.label)
    repeated = charged_before(previous, lines, chosen.label)
    names = typed["suppliers"].select(pl.col("code").alias("supplier"), "name")
    totals = claim_totals(claims, names)
    consequences = reward_rows(
        typed["scorecard"], config.claims, chosen.label, totals.filter(pl.col("period") == chosen.label)
    )
    plan = share_plan(typed["parts"], consequences)
    copq = merge_periods(
        typed["copq"].drop(ROW),
        cost_of_poor_quality(claims, typed["inspections"], chosen, config.claims.currency),
        chosen.label,
    )
    written = {
        "claims": stage_frame(book, "claims", claims, editable=EDITABLE),
        "claim_totals": stage_frame(book, "claim_totals", totals),
        "rewards": stage_frame(book, "rewards", merge_periods(typed["rewards"].drop(ROW), consequences, chosen.label)),
        "share_plan": stage_frame(book, "share_plan", plan),
        "copq": stage_frame(book, "copq", copq),
    }
    present = {key: frames[key] for key in ("deliveries", "inspections", "complaints") if key in frames}
    issues += (
        absent_inputs("claims", present, sources, lang)
        + amended
        + _issues(book, charges.problems, sources)
        + _waiver_issues(book, claims, written["claims"])
        + _repeat_issues(repeated, chosen, written["claims"])
        + _unreadable(tables, chosen)
    )
    report = _report(claims, totals, consequences, chosen, issues, written, sum(f.height for f in frames.values()))
    report.counts["charged_before"] = repeated.height
    return finish(book, report, checksum)


def _unreadable(tables: dict[str, Table], period: Period) -> list[Issue]:
    """Cells a charge is computed from that could not be read, on rows of ``period`` (or whose date is the cell):
    those rows are not charged, so each is a warning naming the cell and the fix."""
    found = []
    for key, (on, columns) in _CHARGED.items():
        table = tables.get(key)
        if table is None:
            continue
        headers = {table.headers[c] for c in columns if c in table.headers}
        bad = [i for i in table.issues if i.code in UNREAD and i.column in headers]
        outside = ~pl.col(on).is_between(period.start, period.end).fill_null(False)
        skipped = set(table.frame.filter(pl.col(ROW).is_in([i.row for i in bad]) & outside)[ROW])
        found += [
            Issue(i.sheet, i.row, i.column, "claims_unreadable", i.check, i.value, col=i.col, severity="warning")
            for i in bad
            if i.row not in skipped
        ]
    return found


def _repeat_issues(repeated: pl.DataFrame, period: Period, sheet: str) -> list[Issue]:
    """One note per earlier period whose lines already charge some of ``period``'s events (not charged again)."""
    per_period = repeated.group_by("charged_in").len().sort("charged_in")
    return [
        Issue(
            sheet,
            None,
            None,
            "claims_charged_before",
            severity="info",
            fields={"count": count, "period": period.label, "earlier": earlier},
        )
        for earlier, count in per_period.iter_rows()
    ]


def _waiver_issues(book: Workbook, claims: pl.DataFrame, sheet: str) -> list[Issue]:
    header = spec("claims").column("note").header(book.lang)
    at = {claim_id: index + 2 for index, claim_id in enumerate(claims.get_column("claim_id"))}
    return [
        Issue(
            sheet,
            at[claim_id],
            header,
            "claims_waive_no_reason",
            "reason",
            None,
            severity="warning",
            fields={"claim": claim_id, "column": header},
        )
        for claim_id in unexplained_waivers(claims).get_column("claim_id")
    ]


def _report(
    claims: pl.DataFrame,
    totals: pl.DataFrame,
    consequences: pl.DataFrame,
    period: Period,
    issues: list[Issue],
    written: dict[str, str],
    rows_read: int,
) -> Report:
    current = claims.filter(pl.col("period") == period.label)
    counts = {
        "lines": current.height,
        "suppliers": current.get_column("supplier").n_unique(),
        "waived": current.filter(pl.col("status") == "waived").height,
        "disputed": current.filter(pl.col("status") == "disputed").height,
        "rewarded": consequences.height,
    }
    charged = _money(totals.filter(pl.col("period") == period.label))
    summary = {lg: render("claims_summary", lg, period=period.label, charged=charged, **counts) for lg in LANGS}
    return Report(
        "claims",
        summary["zh"],
        summary["en"],
        rows_read=rows_read,
        rows_written=claims.height,
        issues=issues,
        sheets=list(written.values()),
        counts=counts,
    )
