"""The SCARs button: raise corrective action requests from rejected lots, grades and complaints, track them, and
write the register and one 8D form per open SCAR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.capa.register import Raised, Triggers, raise_in_register
from srm_xl.capa.triggers import rejected_before, since
from srm_xl.config import read_config
from srm_xl.io.draft import Link, draft_from_spec
from srm_xl.io.workbook import Workbook, read_all_optional, read_optional
from srm_xl.issues import Issue, column_letter
from srm_xl.jobs.audit import finish
from srm_xl.jobs.inputs_present import absent_inputs
from srm_xl.jobs.report import Report
from srm_xl.messages import LANGS, Lang, render
from srm_xl.schema import SheetSpec, registry, spec
from srm_xl.schema.frames import ROW
from srm_xl.sheets.eightd_form import eight_d_draft, form_name, form_scar, read_eight_d
from srm_xl.sheets.eightd_responses import merge_forms

_EDITABLE = frozenset(
    {
        "defect_type",
        "problem",
        "status",
        "effectiveness",
        "effectiveness_date",
        "closed",
        "owner",
        "containment",
        "root_cause",
        "actions",
        "prevention",
        "response_date",
    }
)
_HELPERS = ("_due_soon", "_soon_date", "_refused")


@dataclass(frozen=True)
class Forms:
    """The 8D forms of some SCARs, each found by the SCAR id its header holds, whatever its sheet is called."""

    responses: dict[str, dict[str, str | None]]
    sheets: dict[str, str]
    """SCAR id → the sheet its form was read from."""
    issues: list[Issue]
    """Further sheets holding the form of a SCAR already read, each left aside."""


def _form_sheets(book: Workbook) -> dict[str, list[str]]:
    """The sheets that are 8D forms (no register sheet; the header names a SCAR), by that SCAR, in tab order."""
    claimed = {book.find(s) for s in registry().values()}
    found: dict[str, list[str]] = {}
    for name in book.sheet_names():
        scar = None if name in claimed else form_scar(*book.top_rows(name))
        if scar is not None:
            found.setdefault(scar, []).append(name)
    return found


def read_forms(book: Workbook, scar_ids: list[str], linked: dict[str, str] | None = None) -> Forms:
    """The 8D forms in ``book`` of ``scar_ids``. Where several sheets hold one SCAR's form, the one the register
    links to (``linked``), else the one of the usual name, else the first, is read; each other one is reported."""
    wanted, linked = set(scar_ids), linked or {}
    responses, sheets, issues = {}, {}, []
    for scar, names in _form_sheets(book).items():
        if scar not in wanted:
            continue
        used = next((n for n in (linked.get(scar), form_name(scar, book.lang)) if n in names), names[0])
        sheets[scar], responses[scar] = used, read_eight_d(book.read_rows(used))
        issues += [
            Issue(
                other,
                None,
                None,
                "capa_form_duplicate",
                "one_form",
                scar,
                severity="warning",
                fields={"scar_id": scar, "used": used},
            )
            for other in names
            if other != used
        ]
    return Forms(responses, sheets, issues)


def _issues(raised: Raised, sheet: SheetSpec, name: str, lang: Lang) -> list[Issue]:
    """Refused closures, reopened, overdue and due-soon SCARs, each pointing at its register row."""
    frame = raised.register.with_row_index("_at", offset=2)
    status_col = sheet.keys().index("status")
    issues = []
    labels = {c.key: c.label(lang) for c in sheet.column("effectiveness").choices}
    for row in frame.filter(pl.col("_refused").list.len() > 0).iter_rows(named=True):
        check = row["effectiveness"]
        missing = [sheet.column(k) for k in row["_refused"] if k != "effectiveness" or check is None]
        refusals = (
            [
                (
                    "capa_close_refused",
                    {"missing_zh": "、".join(c.zh for c in missing), "missing_en": ", ".join(c.en for c in missing)},
                )
            ]
            if missing
            else []
        )
        if check is not None and "effectiveness" in row["_refused"]:
            refusals.append(("capa_close_not_effective", {"check": labels.get(check, check)}))
        issues += [
            Issue(
                name,
                row["_at"],
                sheet.column("status").header(lang),
                code,
                "closable",
                row["status"],
                col=status_col,
                severity="warning",
                fields={"scar_id": row["scar_id"], **fields},
            )
            for code, fields in refusals
        ]
    at = dict(frame.select("scar_id", "_at").iter_rows())
    for scar, lots, closed in raised.reopened.iter_rows():
        issues.append(
            Issue(
                name,
                at[scar],
                None,
                "capa_reopened",
                "effective",
                scar,
                severity="info",
                fields={"scar_id": scar, "lots": lots, "closed": closed},
            )
        )
    for code, steps, due in (
        ("capa_overdue", "overdue_steps", "due_date"),
        ("capa_due_soon", "_due_soon", "_soon_date"),
    ):
        listed = frame.filter(pl.col(steps).fill_null("") != "").select("_at", "scar_id", "supplier", steps, due)
        issues += [
            Issue(
                name,
                r,
                None,
                code,
                "on_time",
                s,
                severity="info",
                fields={"scar_id": s, "supplier": sup, "steps": st, "due": d},
            )
            for r, s, sup, st, d in listed.iter_rows()
        ]
    return issues


def _forms_lots(register: pl.DataFrame, inspections: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Each SCAR's inspection rows, from its linked lots."""
    links = (
        register.select("scar_id", pl.coalesce("lots", "trigger").str.split(";").alias("lot"))
        .explode("lot")
        .with_columns(pl.col("lot").str.strip_chars())
    )
    rows = links.join(inspections.drop(ROW, strict=False), on="lot")
    return {key[0]: part for key, part in rows.partition_by("scar_id", as_dict=True).items()}


def _with_received(register: pl.DataFrame, complaints: pl.DataFrame) -> pl.DataFrame:
    """``register`` with ``received``: when a complaint SCAR's complaint came in (its 8D form's "when")."""
    received = complaints.select(pl.col("complaint_id").alias("trigger"), "received").drop_nulls().unique("trigger")
    joined = register.join(received, on="trigger", how="left")
    return joined.with_columns(pl.when(pl.col("source") == "complaint").then(pl.col("received")).alias("received"))


def raise_scars(book: Workbook, *, today: date | None = None) -> Report:
    """Raise, link or reopen SCARs from the inspection log, scorecard and complaints; track their state; write the
    Corrective actions register and an 8D form for every SCAR not closed. Responses already typed are kept."""
    checksum = book.checksum()
    config = read_config(book).capa
    today = today or date.today()
    lang = book.lang
    sheet = spec("corrective_actions")
    register = read_optional(book, sheet).frame
    name = book.find(sheet) or sheet.name(lang)
    linked = dict(register.select("scar_id", "form").drop_nulls().iter_rows())
    found = read_forms(book, register["scar_id"].drop_nulls().to_list(), linked)
    forms = found.responses
    merged = merge_forms(register, forms, found.sheets, lang)
    register, issues = merged.register, found.issues + merged.issues
    keys = ("inspections", "scorecard", "complaints")
    inspections, scorecard, complaints = (t.frame for t in read_all_optional(book, [(spec(k), None) for k in keys]))
    triggers = Triggers(inspections, scorecard, complaints)
    raised = raise_in_register(register, triggers, config, today, lang)
    result = raised.register
    open_rows = result.filter(pl.col("state") != "closed")
    lots = _forms_lots(open_rows, inspections)
    existing = set(book.sheet_names())
    names = [found.sheets.get(s, form_name(s, lang)) for s in result["scar_id"]]
    sheet_of = dict(zip(result["scar_id"], names, strict=True))
    for row in _with_received(open_rows.drop(ROW, *_HELPERS), complaints).iter_rows(named=True):
        scar = row["scar_id"]
        given = merged.shown(scar, forms.get(scar, {}))
        book.stage(eight_d_draft({**row, **given}, lots.get(scar, inspections.clear()), lang, name=sheet_of[scar]))
    has_form = [state != "closed" or n in existing for n, state in zip(names, result["state"], strict=True)]
    result = result.with_columns(
        pl.Series("form", [n if f else None for n, f in zip(names, has_form, strict=True)], pl.String)
    )
    draft = draft_from_spec(sheet, result.drop(ROW, *_HELPERS), lang, name=name, editable=_EDITABLE)
    letter = column_letter(sheet.keys().index("form"))
    draft.links = [Link(f"{letter}{i + 2}", f"'{form}'!A1") for i, form in enumerate(result["form"]) if form]
    book.stage(draft)
    issues += _issues(raised, sheet, name, lang)
    issues = (
        absent_inputs(
            "scars",
            {"inspections": inspections},
            {"inspections": book.find(spec("inspections")) or spec("inspections").name(lang)},
            lang,
        )
        + issues
    )
    counts = {
        "new": len(raised.new),
        "reopened": raised.reopened.height,
        "linked": raised.linked,
        "overdue": int((result["state"] == "overdue").sum()),
        "due_soon": int((result["state"] == "due_soon").sum()),
        "refused": int((result["_refused"].list.len() > 0).sum()),
        "forms": open_rows.height,
    }
    before = rejected_before(inspections, since(config, today))
    summary = {
        lg: render("report_scars", lg, **counts)
        + (f"; {render('scars_outside_lookback', lg, lots=before, days=config.lookback_days)}" if before else "")
        for lg in LANGS
    }
    report = Report(
        "scars",
        summary["zh"],
        summary["en"],
        rows_read=register.height + inspections.height,
        rows_written=result.height,
        issues=issues,
        sheets=[name, *(sheet_of[s] for s in open_rows["scar_id"])],
        counts=counts,
    )
    return finish(book, report, checksum)
