"""The Grade button: score and grade every supplier for a period in one pass.

Writes the Scorecard (one row per supplier, best first, grade colours), replaces the period's rows in the
Scorecard history, writes the Score explanation (each metric's raw figures → points → weight → contribution),
the Corrective action list (grades C and D) and the Score charts. A wrong setting in the Config sheet stops the
job with a message naming its cell; values that cannot be read are left out and listed on the Validation sheet.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from srm_xl.config import Config, read_config
from srm_xl.io.workbook import Workbook, read_all_optional
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.grade_checks import check_rating_scale, input_notes
from srm_xl.jobs.report import Report
from srm_xl.jobs.up_to_date import run_once
from srm_xl.jobs.validate import stage_validation
from srm_xl.messages import LANGS, Lang, render
from srm_xl.schema import spec
from srm_xl.schema.common import GRADES
from srm_xl.schema.frames import ROW
from srm_xl.scoring import Period, ScoreResult, ScoringInputs, grade_suppliers, latest_complete_period, parse_period
from srm_xl.scoring.inputs import USED
from srm_xl.scoring.periods import PeriodKind
from srm_xl.sheets.scorecard import history_frame, table_drafts
from srm_xl.sheets.scorecard_charts import chart_draft, grade_counts

NOTE_CODES = ("scoring_absent_column", "scoring_no_target_price")
"""Warnings the summary repeats: what was not graded or not compared, and why."""
_EVENTS = {"inspections": "received", "deliveries": "delivered_date", "complaints": "received"}
"""Dates that record something that happened; the latest of them decides the default period."""


def read_inputs(book: Workbook) -> tuple[ScoringInputs, list[Issue]]:
    """The sheets scoring reads (a missing sheet is empty) and the problems found reading them."""
    tables = read_all_optional(book, [(spec(key), columns) for key, columns in USED.items()])
    issues = [issue for table in tables for issue in table.issues]
    return ScoringInputs(**{key: table.frame for key, table in zip(USED, tables, strict=True)}), issues


def default_period(inputs: ScoringInputs, kind: PeriodKind, today: date) -> Period:
    """The latest ``kind`` period complete in the data: the one holding the latest event date when that date
    ends it, else the one before (never later than the last period complete ``today``)."""
    columns = [inputs.frame(key).get_column(column) for key, column in _EVENTS.items()]
    found = [d for c in columns if (d := c.filter(c <= today).max()) is not None]
    latest = max(found) if found else today - timedelta(days=1)
    return latest_complete_period(min(latest + timedelta(days=1), today), kind)


def read_history(book: Workbook) -> pl.DataFrame | None:
    """The Scorecard history rows already in the workbook, if it has that sheet."""
    sheet = spec("score_history")
    return book.read(sheet).frame.drop(ROW) if book.has(sheet) else None


def _distribution(counts: dict[str, int], lang: Lang) -> str:
    """ "A 40, B 80, C 50, D 20, Not graded 10"."""
    return ", ".join(f"{g.label(lang)} {counts[g.key]}" for g in GRADES)


def _why_not_graded(card: pl.DataFrame, shown: int = 3) -> str:
    """The commonest reasons suppliers were not graded, each with how many (``期内应交货少于3次 (5)``), in the
    scorecard's language; empty when every supplier was graded."""
    reasons = (
        card.filter(pl.col("grade") == "not_graded", pl.col("reason").is_not_null())
        .group_by("reason")
        .len()
        .sort(["len", "reason"], descending=[True, False])
    )
    return ", ".join(f"{reason} ({count})" for reason, count in reasons.head(shown).iter_rows())


def stage_results(
    book: Workbook,
    result: ScoreResult,
    earlier: pl.DataFrame | None,
    issues: list[Issue],
    config: Config,
    period: Period,
    rows_read: int,
) -> Report:
    """Stage the Scorecard, history, explanation, action list and charts (and the Validation sheet when
    reading found errors); the report the job finishes with."""
    lang = book.lang
    history = history_frame(result, earlier)
    keys = ("scorecard", "score_history", "score_explanation", "score_actions")
    names = {k: name for k in keys if (name := book.find(spec(k)))}
    drafts = [
        *table_drafts(result, history, config.scoring, period.label, lang, names),
        chart_draft(result.scorecard, history, period, lang),
    ]
    for draft in drafts:
        book.stage(draft)
    errors = sum(1 for i in issues if i.severity == "error")
    if errors:
        stage_validation(book, issues, config.general.max_report_rows, job="grade")
    counts = grade_counts(result.scorecard)
    notes = [i for i in issues if i.code in NOTE_CODES]
    why = _why_not_graded(result.scorecard)
    summary = {
        lg: render(
            "grade_summary",
            lg,
            period=period.label,
            suppliers=result.scorecard.height,
            distribution=_distribution(counts, lg),
            actions=result.actions.height,
        )
        + ("; " + render("grade_not_graded_why", lg, reasons=why) if why else "")
        + ("; " + render("grade_data_problems", lg, errors=errors) if errors else "")
        + "".join(f"; {note.message(lg)}" for note in notes)
        for lg in LANGS
    }
    return Report(
        "grade",
        summary["zh"],
        summary["en"],
        rows_read=rows_read,
        rows_written=sum(d.block.frame.height for d in drafts if d.block is not None),
        issues=issues,
        sheets=[d.name for d in drafts],
        counts=counts,
    )


def grade(book: Workbook, period: str | None = None, *, today: date | None = None, again: bool = False) -> Report:
    """Grade every supplier for ``period`` ("2026-Q3", "2026-07", "2026"; default: the latest complete period
    in the data, by ``scoring.period``) and write the scorecard sheets; re-running a period replaces it. Asked
    again of the book it wrote, unchanged since, it recalls its report and writes nothing (unless ``again``)."""
    day = today or date.today()
    asked = period or f"latest {day.isoformat()}"
    return run_once(book, "grade", asked, lambda: _grade(book, period, day), again=again)


def _grade(book: Workbook, period: str | None, today: date) -> Report:
    checksum = book.checksum()
    config = read_config(book)
    check_rating_scale(book, config.scoring)
    inputs, issues = read_inputs(book)
    chosen = parse_period(period) if period else default_period(inputs, config.scoring.period, today)
    issues = issues + input_notes(book, inputs, chosen)
    earlier = read_history(book)
    result = grade_suppliers(inputs, chosen, config.scoring, earlier, lang=book.lang)
    rows_read = sum(inputs.frame(k).height for k in USED)
    return finish(book, stage_results(book, result, earlier, issues, config, chosen, rows_read), checksum)
