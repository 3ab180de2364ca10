"""Customer buttons: classify customers, track complaints against service standards, send and read back
satisfaction surveys, and compute the satisfaction index."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

from srm_xl.config import Config, read_config
from srm_xl.customers.classify import class_lookup, updated_history
from srm_xl.customers.classify import classify_customers as classify_frame
from srm_xl.customers.complaints import BEFORE_RECEIVED, OVERDUE, RESOLVED, RESPONDED, complaint_sla
from srm_xl.customers.satisfaction import out_of_scale
from srm_xl.customers.satisfaction import satisfaction as satisfaction_frame
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook, read_optional
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.importer import with_raw_text
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW, empty_frame
from srm_xl.sharing.cells import same_signature, sign
from srm_xl.sharing.ledger import load_key
from srm_xl.sheets.satisfaction_survey import FIRST_META_ROW, form_title, read_survey, survey_draft

COMPLETENESS = ("industry", "region", "contact", "annual_revenue", "service_owner")
"""Customer columns a complete record fills (beyond the required code and name)."""


def read_frames(book: Workbook, keys: Iterable[str]) -> tuple[dict[str, pl.DataFrame], list[Issue]]:
    """The typed frames of the sheets among ``keys`` the workbook has; a sheet that cannot be read is an issue."""
    tables, issues = read_tables(book, keys)
    return {key: table.frame for key, table in tables.items()}, issues


def read_tables(book: Workbook, keys: Iterable[str]) -> tuple[dict[str, Table], list[Issue]]:
    """The sheets among ``keys`` the workbook has, read (with the cells that could not be read); a sheet that
    cannot be read at all is an issue."""
    tables, issues = {}, []
    for key in keys:
        sheet = spec(key)
        if not book.has(sheet):
            continue
        try:
            tables[key] = book.read(sheet)
        except SrmError as error:
            issues.append(
                Issue(
                    book.find(sheet) or sheet.name(book.lang), None, None, error.code, "readable", fields=error.fields
                )
            )
    return tables, issues


def customer_classes(frames: dict[str, pl.DataFrame], config: Config, today: date, lang: Lang) -> pl.DataFrame:
    """Every customer's class under the current Config (empty without a Customers sheet)."""
    if "customers" not in frames:
        return empty_frame(spec("customer_classes")).drop(ROW)
    history = frames.get("customer_class_history")
    return classify_frame(frames["customers"], config.customers, history=history, year=today.year, lang=lang)


def completeness(table_frame: pl.DataFrame, sheet: str, columns: dict[str, int], lang: Lang) -> list[Issue]:
    """A warning per customer and empty column of ``COMPLETENESS``."""
    customers = spec("customers")
    issues = []
    for key in COMPLETENESS:
        column = customers.column(key)
        rows = table_frame.filter(pl.col(key).is_null())[ROW].to_list()
        issues += [
            Issue(
                sheet,
                row,
                column.header(lang),
                "customer_incomplete",
                "filled",
                col=columns.get(key),
                severity="warning",
            )
            for row in rows
        ]
    return issues


def classify_customers(book: Workbook, *, today: date | None = None) -> Report:
    """Classify every customer; write Customer classes and this year's rows of the class history."""
    today = today or date.today()
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    table = book.read(spec("customers"))
    frames, issues = read_frames(book, ["customer_class_history"])
    frames["customers"] = table.frame
    issues += completeness(table.frame, table.sheet, table.columns, lang)
    classes = customer_classes(frames, config, today, lang)
    history = updated_history(frames.get("customer_class_history"), classes, today.year)
    book.stage(draft_from_spec(spec("customer_classes"), classes, lang))
    book.stage(draft_from_spec(spec("customer_class_history"), history, lang))
    counts = {
        k: int(classes.filter(pl.col("customer_class") == k).height) for k in ("strategic", "important", "ordinary")
    }
    report = Report.of(
        "classify_customers",
        "report_classify_customers",
        {**counts, "customers": classes.height, "incomplete": len(issues)},
        rows_read=table.frame.height,
        rows_written=classes.height,
        issues=issues,
        sheets=[spec(k).name(lang) for k in ("customer_classes", "customer_class_history")],
        counts=counts,
    )
    return finish(book, report, checksum)


def complaint_date_issues(table: Table, today: date, lang: Lang) -> list[Issue]:
    """A warning per complaint date to check: a first response or resolution the status says happened but whose
    date is empty, or that is before the complaint was received, and a received date after ``today``."""
    checks = (
        ("first_response", RESPONDED & pl.col("first_response").is_null(), "complaint_done_no_date"),
        ("resolved", RESOLVED & pl.col("resolved").is_null(), "complaint_done_no_date"),
        ("received", pl.col("received") > today, "complaint_received_future"),
        *((key, pl.col(key) < pl.col("received"), "complaint_before_received") for key in BEFORE_RECEIVED),
    )
    checked = {"complaint_done_no_date": "filled", "complaint_received_future": "not_future"}
    complaints = spec("complaints")
    return [
        Issue(
            table.sheet,
            row,
            table.headers.get(key, complaints.column(key).header(lang)),
            code,
            checked.get(code, "after_received"),
            value,
            col=table.columns.get(key),
            severity="warning",
        )
        for key, when, code in checks
        for value, row in table.frame.filter(when).select(key, ROW).iter_rows()
    ]


def track_complaints(book: Workbook, *, today: date | None = None) -> Report:
    """Due dates and overdue flags for every complaint from its customer's class; which need a SCAR."""
    today = today or date.today()
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    table = book.read(spec("complaints"))
    frames, issues = read_frames(book, ["customers", "customer_class_history", "corrective_actions"])
    classes = class_lookup(customer_classes(frames, config, today, lang))
    known = set(classes["customer"].to_list())
    column = table.columns.get("customer")
    issues += [
        Issue(
            table.sheet,
            row,
            spec("complaints").column("customer").header(lang),
            "complaint_customer_unknown",
            "in_register",
            value,
            col=column,
            severity="warning",
        )
        for value, row in table.frame.filter(~pl.col("customer").is_in(list(known))).select("customer", ROW).iter_rows()
    ]
    issues += complaint_date_issues(table, today, lang)
    sla = complaint_sla(table.frame.drop(ROW), classes, config.customers, today, frames.get("corrective_actions"))
    book.stage(draft_from_spec(spec("complaint_sla"), sla, lang))
    overdue = sla.filter(OVERDUE).height
    raise_ids = sla.filter(pl.col("scar_action") == "raise")["complaint_id"].to_list()
    join_ids = sla.filter(pl.col("scar_action") == "join")["complaint_id"].to_list()
    report = Report.of(
        "track_complaints",
        "report_complaints",
        {"complaints": sla.height, "overdue": overdue, "scar_raise": len(raise_ids), "scar_join": len(join_ids)},
        rows_read=table.frame.height,
        rows_written=sla.height,
        issues=issues,
        sheets=[spec("complaint_sla").name(lang)],
        counts={"overdue": overdue, "scar_raise": len(raise_ids), "scar_join": len(join_ids)},
    )
    return finish(book, report, checksum)


def satisfaction(book: Workbook, *, today: date | None = None) -> Report:
    """The satisfaction index per customer, class, dimension and period, NPS and change against the last period."""
    today = today or date.today()
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    table = book.read(spec("surveys"))
    frames, issues = read_frames(book, ["customers", "customer_class_history"])
    classes = class_lookup(customer_classes(frames, config, today, lang))
    weights = config.customers.weights()
    summary = satisfaction_frame(table.frame, classes, weights)
    book.stage(draft_from_spec(spec("satisfaction"), summary, lang))
    issues += _out_of_scale(table, [*weights, "recommend"], lang)
    overall = summary.filter(pl.col("level") == "overall")
    latest = overall.row(-1, named=True) if overall.height else {"period": "-", "index": None, "nps": None}
    index = "-" if latest["index"] is None else f"{latest['index']:.1f}"
    nps = "-" if latest["nps"] is None else f"{latest['nps']:.1f}"
    report = Report.of(
        "satisfaction",
        "report_satisfaction",
        {"responses": table.frame.height, "period": latest["period"] or "-", "index": index, "nps": nps},
        rows_read=table.frame.height,
        rows_written=summary.height,
        issues=issues,
        sheets=[spec("satisfaction").name(lang)],
    )
    return finish(book, report, checksum)


def _out_of_scale(table: Table, columns: list[str], lang: Lang) -> list[Issue]:
    """A warning per survey answer outside its scale, left out of the index (named by its cell)."""
    surveys = table.frame
    return [
        Issue(
            table.sheet,
            row,
            table.headers.get(column, table.spec.column(column).header(lang)),
            "satisfaction_out_of_scale",
            "max_value",
            f"{value:g}",
            col=table.columns.get(column),
            severity="warning",
        )
        for column in columns
        if column in table.columns
        for row, value in surveys.filter(out_of_scale(column) & pl.col(column).is_not_null())
        .select(ROW, column)
        .iter_rows()
    ]


def survey_period(today: date) -> str:
    """The half-year a survey sent on ``today`` asks about (``2026-H2``)."""
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def _file_name(survey_id: str, code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{survey_id}_{code}") + ".xlsx"


def export_surveys(
    book: Workbook,
    out_dir: Path | str,
    customers: Iterable[str] | None = None,
    *,
    period: str | None = None,
    today: date | None = None,
) -> Report:
    """One protected survey workbook per customer (all, or the codes in ``customers``) in ``out_dir``."""
    today = today or date.today()
    checksum, config, lang = book.checksum(), read_config(book), book.lang
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    register = book.read(spec("customers")).frame
    if customers is not None:
        register = register.filter(pl.col("code").is_in(list(customers)))
    period = period or survey_period(today)
    survey_id = "SV-" + period.replace("-", "")
    key = load_key(book.path, create=True) if book.path else None
    written = []
    for code, name in register.select("code", "name").drop_nulls("code").iter_rows():
        path = out / _file_name(survey_id, code)
        form = FileWorkbook.create(path, lang, title=form_title(lang), lock_structure=True)
        signature = sign(key, survey_id, code, period, []) if key else ""
        form.stage(survey_draft(code, name or "", survey_id, period, config.general.company, lang, signature))
        form.commit()
        written.append(path)
    report = Report.of(
        "export_surveys",
        "report_export_surveys",
        {"files": len(written), "folder": out},
        rows_read=register.height,
        rows_written=len(written),
        counts={"files": len(written)},
    )
    return finish(book, report, checksum)


def import_surveys(book: Workbook, files: Iterable[Path | str]) -> Report:
    """Read returned survey forms into the Surveys sheet (a form replaces an earlier answer of the same survey
    and customer; cells of other rows that could not be read keep what the user typed). Every file passes the
    guard; a form whose identity does not match the signature made at export (with the workbook's sharing key)
    is refused; scores are checked numbers, text stays text."""
    checksum, lang = book.checksum(), book.lang
    surveys = spec("surveys")
    existing = with_raw_text(read_optional(book, surveys)).drop(ROW)
    frames, issues = read_frames(book, ["customers"])
    known = set(frames["customers"]["code"].to_list()) if "customers" in frames else None
    key = load_key(book.path) if book.path else None
    records, read = [], 0
    for file in map(Path, files):
        read += 1
        try:
            check_file(file)
            with FileWorkbook(file) as form:
                sheet = form.sheet_names()[0]
                answers = read_survey(form.read_rows(sheet), f"{file.name}:{sheet}", lang)
        except SrmError as error:
            issues.append(Issue(file.name, None, None, error.code, "readable", severity="error", fields=error.fields))
            continue
        values = answers.values
        issues += answers.issues
        if not values.get("customer") or not values.get("survey_id"):
            issues.append(Issue(file.name, None, None, "survey_not_a_form", "is_survey", fields={"file": file.name}))
        elif key and not same_signature(
            str(values.get("signature") or ""),
            sign(key, str(values["survey_id"]), str(values["customer"]), str(values.get("period") or ""), []),
        ):
            issues.append(
                Issue(file.name, None, None, "survey_signature_mismatch", "signed", fields={"file": file.name})
            )
        elif known is not None and values["customer"] not in known:
            issues.append(
                Issue(
                    file.name, FIRST_META_ROW, None, "survey_unknown_customer", "in_register", values["customer"], col=2
                )
            )
        elif all(
            values.get(k) is None for k in ("quality", "delivery", "price", "service", "communication", "recommend")
        ):
            issues.append(
                Issue(
                    file.name,
                    None,
                    None,
                    "survey_no_answers",
                    "has_answers",
                    severity="warning",
                    fields={"file": file.name},
                )
            )
        else:
            records.append({k: values.get(k) for k in surveys.keys()})
    if records:
        imported = pl.DataFrame(records, schema={k: existing.schema[k] for k in surveys.keys()}, orient="row").unique(
            ["survey_id", "customer"], keep="last", maintain_order=True
        )
        replaced = existing.join(imported.select("survey_id", "customer"), on=["survey_id", "customer"], how="anti")
        book.stage(draft_from_spec(surveys, pl.concat([replaced, imported], how="diagonal_relaxed"), lang))
    report = Report.of(
        "import_surveys",
        "report_import_surveys",
        {"forms": len(records), "issues": len(issues)},
        rows_read=read,
        rows_written=len(records),
        issues=issues,
        sheets=[surveys.name(lang)] if records else [],
    )
    return finish(book, report, checksum)
