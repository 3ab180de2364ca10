"""The SRM ribbon's dispatcher: each button runs ``run(action, path)`` through xlwings' ``RunPython``.

The action table is data: action → ``"module:function"`` of the job it runs, and what the button asks first
(``ask``: a file, a folder or a save-as path, shown by the VBA callback; it must equal the button's tag in
``addin/customUI.xml``). A job gets the live workbook as an ``ExcelWorkbook``, exactly as the command line gives
it a ``FileWorkbook``; the summary or the error, with what to fix, is shown in a message box (anything
unexpected also goes to a log file the message names; see :mod:`srm_xl.failures`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from srm_xl.config import config_rows
from srm_xl.errors import SrmError
from srm_xl.failures import failure_message
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import detect_language
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang, render
from srm_xl.schema import spec
from srm_xl.xl.excel_workbook import ExcelWorkbook

Ask = Literal["", "file", "files", "folder", "save"]
Selection = Literal["", "optional", "required"]


@dataclass(frozen=True)
class Action:
    """A button's job (``"module:function"``), what it asks for first, and what the job is given."""

    target: str
    ask: Ask = ""
    selection: Selection = ""
    """Whether the job also gets the text of the selected cell (the lot to plan, the supplier to explain)."""
    excel: bool = False
    """The target works on the xlwings ``Book`` itself (Excel-only actions such as opening a sheet)."""


ACTIONS: dict[str, Action] = {
    "import": Action("srm_xl.jobs.importer:import_source", ask="file"),
    "validate": Action("srm_xl.jobs.validate:validate"),
    "plan": Action("srm_xl.jobs.inspect:inspect_lots", selection="optional"),
    "inspect": Action("srm_xl.jobs.inspect:inspect_lots"),
    "grade": Action("srm_xl.jobs.grade:grade"),
    "explain": Action("srm_xl.jobs.grade_explain:explain_grade", selection="required"),
    "claims": Action("srm_xl.jobs.claims:compute_claims"),
    "risks": Action("srm_xl.jobs.risks:scan_risks"),
    "scars": Action("srm_xl.jobs.scars:raise_scars"),
    "share_export": Action("srm_xl.jobs.share:export_for_suppliers", ask="folder"),
    "share_import": Action("srm_xl.jobs.share:import_replies", ask="files"),
    "customers": Action("srm_xl.jobs.customers:classify_customers"),
    "complaints": Action("srm_xl.jobs.customers:track_complaints"),
    "surveys": Action("srm_xl.jobs.customers:satisfaction"),
    "dashboard": Action("srm_xl.jobs.dashboard:build_dashboard"),
    "pdf": Action("srm_xl.xl.ribbon:export_pdf", ask="save", excel=True),
    "config": Action("srm_xl.xl.ribbon:open_config", excel=True),
    "about": Action("srm_xl.xl.ribbon:about", excel=True),
}


def resolve(target: str) -> Callable[..., Any] | None:
    """The function ``"module:function"`` names, or None when its module or function does not exist (yet)."""
    module_name, _, name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        raise
    return getattr(module, name, None)


def missing_actions() -> dict[str, str]:
    """Actions whose job cannot be found, with their targets (empty when every button works)."""
    return {name: action.target for name, action in ACTIONS.items() if resolve(action.target) is None}


def arguments(name: str, action: Action, path: str, selection: str) -> list[Any]:
    """What the button's job gets after the workbook: the path(s) asked for, then the selected cell's text."""
    args: list[Any] = []
    if action.ask == "files":
        args.append([Path(p) for p in path.split("|") if p])
    elif action.ask:
        args.append(Path(path))
    if action.selection == "required" and not selection.strip():
        raise SrmError("xl_no_selection", action=name)
    if action.selection:
        args.append(selection.strip() or None)
    return args


def perform(name: str, book: Workbook, path: str = "", selection: str = "") -> Report:
    """Run the job behind button ``name`` on ``book`` (the path the button asked for, the selected cell's text)."""
    action = ACTIONS.get(name)
    if action is None or action.excel:
        raise SrmError("xl_action_unknown", action=name)
    job = resolve(action.target)
    if job is None:
        raise SrmError("xl_action_missing", action=name, target=action.target)
    return job(book, *arguments(name, action, path, selection))


def outcome(report: Report, lang: Lang) -> str:
    """The message box text for a finished job: its summary, then where its problems are listed."""
    if not report.issues:
        return report.summary(lang)
    sheets = ", ".join(report.sheets) or "-"
    return render(
        "xl_done_issues",
        lang,
        summary=report.summary(lang),
        errors=report.errors,
        issues=len(report.issues),
        sheets=sheets,
    )


def about(book: Any) -> str:
    """Versions and the interpreter, for the About button and support requests."""
    import xlwings

    try:
        ours = version("srm-xl")
    except PackageNotFoundError:
        ours = "?"
    lang = detect_language([sheet.name for sheet in book.sheets])
    return render(
        "xl_about",
        lang,
        version=ours,
        xlwings=xlwings.__version__,
        python=sys.version.split()[0],
        executable=sys.executable,
    )


def export_pdf(book: Any, path: Path) -> str:
    """Save the Dashboard sheet as a PDF with Excel itself (build it with the Dashboard button first)."""
    from srm_xl.sheets.dashboard import dashboard_name

    names = {sheet.name: sheet for sheet in book.sheets}
    lang = detect_language(list(names))
    sheet = names.get(dashboard_name(lang)) or names.get(dashboard_name("en" if lang == "zh" else "zh"))
    if sheet is None:
        raise SrmError("xl_no_dashboard", sheet=dashboard_name(lang))
    sheet.to_pdf(str(path))
    return render("xl_pdf_saved", lang, path=str(path))


def open_config(book: Any) -> str:
    """Show the Config sheet, writing it with every default setting first if the workbook has none."""
    workbook = ExcelWorkbook(book)
    sheet_spec = spec("config")
    name = workbook.find(sheet_spec)
    if name is None:
        name = sheet_spec.name(workbook.lang)
        workbook.stage(draft_from_spec(sheet_spec, config_rows(workbook.lang), workbook.lang))
        workbook.commit()
    book.sheets[name].activate()
    return ""


def run(name: str, path: str = "") -> None:
    """Entry point of every ribbon button (called by ``SrmRibbon.OnAction`` through ``RunPython``)."""
    import xlwings as xw

    book = xw.Book.caller()
    app = book.app
    action = ACTIONS.get(name)
    lang = detect_language([sheet.name for sheet in book.sheets])
    app.status_bar = render("xl_running", lang, action=name)
    try:
        selection = str(app.selection.value or "") if action is not None and action.selection else ""
        if action is not None and action.excel:
            message = resolve(action.target)(book, *arguments(name, action, path, selection))  # type: ignore[misc]
        else:
            message = outcome(perform(name, ExcelWorkbook(book, lang=lang), path, selection), lang)
    except Exception as error:  # noqa: BLE001 - the last stop before Excel: a person must see what failed
        app.alert(failure_message(error, lang, name)[0], title="SRM", mode="critical")
    else:
        if message:
            app.alert(message, title="SRM", mode="info")
    finally:
        app.status_bar = False
