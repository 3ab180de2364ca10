"""Supplier selection and approval: candidates, surveys, audits, the approved list and re-evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_xl.cli.common import BookArg, TodayOpt, day, group, run_on_book

candidates_app = group("candidates", "Supplier candidates: ranking and promotion.")
survey_app = group("survey", "Supplier survey questionnaires sent to candidates.")


@candidates_app.command("rank")
def rank(book: BookArg) -> None:
    """Rank candidates per need by the weighted criteria in Config, with the reason, and shortlist them."""
    from srm_xl.jobs.qualification import rank_candidates

    run_on_book(book, rank_candidates)


@candidates_app.command("promote")
def promote(book: BookArg, candidate: Annotated[str, typer.Argument(help="The candidate code.")]) -> None:
    """Add the chosen candidate to the Suppliers sheet with status candidate."""
    from srm_xl.jobs.qualification import promote_candidate

    run_on_book(book, lambda workbook: promote_candidate(workbook, candidate))


@survey_app.command("export")
def survey_export(
    book: BookArg,
    candidate: Annotated[str, typer.Argument(help="The candidate or supplier code.")],
    out: Annotated[Path, typer.Option(help="Folder for the questionnaire.")] = Path("supplier_surveys"),
) -> None:
    """A protected, signed questionnaire for a candidate: company data, certificates, capacity, Cpk."""
    from srm_xl.jobs.qualification_survey import export_survey

    run_on_book(book, lambda workbook: export_survey(workbook, candidate, out))


@survey_app.command("import")
def survey_import(book: BookArg, file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Read a returned questionnaire: checked, validated, never as formulas; certificates and capability merged."""
    from srm_xl.jobs.qualification_survey import import_survey

    run_on_book(book, lambda workbook: import_survey(workbook, file), fail_on_errors=True)


@group("audits", "Supplier audits (system, process, product).").command("score")
def audits(book: BookArg) -> None:
    """Score audit checklists, grade the audits, raise corrective actions for findings, feed the scorecard."""
    from srm_xl.jobs.qualification_audit import score_audits

    run_on_book(book, score_audits)


@group("approved", "The approved supplier list per part and supplier.").command("update")
def approved(book: BookArg, today: TodayOpt = None) -> None:
    """Update release status per part × supplier from samples, grades, certificates and quality agreements."""
    from srm_xl.jobs.qualification_asl import update_approved_list

    run_on_book(book, lambda workbook: update_approved_list(workbook, today=day(today)))


@group("reevaluation", "Periodic re-audit and re-qualification.").command("due")
def reevaluation(book: BookArg, today: TodayOpt = None) -> None:
    """List suppliers due or overdue for re-audit or re-qualification (interval per importance class)."""
    from srm_xl.jobs.qualification_asl import reevaluation_due

    run_on_book(book, lambda workbook: reevaluation_due(workbook, today=day(today)))
