"""The SCARs button: raise corrective action requests from rejected lots, grades and complaints, track them, and
write the register and one 8D form per open SCAR."""

from __future__ import annotations

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
from srm_xl.schema import SheetSpec, spec
from srm_xl.schema.frames import ROW
from srm_xl.sheets.eightd_form import eight_d_draft, form_name, read_eight_d
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


def read_forms(book: Workbook, scar_ids: list[str]) -> dict[str, dict[str, str | None]]:
    """The responses of every 8D form in ``book`` that belongs to one of ``scar_ids``, by SCAR id."""
    names = set(book.sheet_names())
    forms = {}
    for scar in scar_ids:
        if form_name(scar, book.lang) in names:
            responses = read_eight_d(book.read_rows(form_name(scar, book.lang)))
            if responses["scar_id"] == scar:
                forms[scar] = responses
    return forms


def _issues(raised: Raised, sheet: SheetSpec, name: str, lang: Lang) -> list[Issue]:
    """Refused closures, reopened, overdue and due-soon SCARs, each pointing at its register row."""
    frame = raised.register.with_row_index("_at", offset=2)
    status_col = sheet.keys().index("status")
    issues = []
    for row in frame.filter(pl.col("_refused").list.len() > 0).iter_rows(named=True):
        missing = [sheet.column(k) for k in row["_refused"]]
        issues.append(
            Issue(
                name,
                row["_at"],
                sheet.column("status").header(lang),
                "capa_close_refused",
                "closable",
                row["status"],
                col=status_col,
                severity="warning",
                fields={
                    "scar_id": row["scar_id"],
                    "missing_zh": "、".join(c.zh for c in missing),
                    "missing_en": ", ".join(c.en for c in missing),
                },
            )
        )
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
    forms = read_forms(book, register["scar_id"].drop_nulls().to_list())
    merged = merge_forms(register, forms, lang)
    register, issues = merged.register, merged.issues
    keys = ("inspections", "scorecard", "complaints")
    inspections, scorecard, complaints = (t.frame for t in read_all_optional(book, [(spec(k), None) for k in keys]))
    triggers = Triggers(inspections, scorecard, complaints)
    raised = raise_in_register(register, triggers, config, today, lang)
    result = raised.register
    open_rows = result.filter(pl.col("state") != "closed")
    lots = _forms_lots(open_rows, inspections)
    existing = set(book.sheet_names())
    for row in open_rows.drop(ROW, *_HELPERS).iter_rows(named=True):
        given = merged.shown(row["scar_id"], forms.get(row["scar_id"], {}))
        book.stage(eight_d_draft({**row, **given}, lots.get(row["scar_id"], inspections.clear()), lang))
    names = [form_name(s, lang) for s in result["scar_id"]]
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
        sheets=[name, *(form_name(s, lang) for s in open_rows["scar_id"])],
        counts=counts,
    )
    return finish(book, report, checksum)
