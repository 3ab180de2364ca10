"""The Share buttons: send each supplier its own protected workbook, and merge the replies back safely.

``export_for_suppliers`` builds one package per supplier from nothing but that supplier's rows (its result,
lots and open SCARs with their 8D forms) and lists the packages on the "Supplier packages" sheet.
``import_replies`` refuses hostile files, rejects any reply with signs of tampering, and merges the rest per
file, all or nothing, into the corrective-action register and the master's 8D forms with one audit-log row per
change. A run that changes nothing does not write the workbook at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from srm_xl.claims.ledger import apply_responses, statement_lines
from srm_xl.config import Config, read_config
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.workbook import Workbook, read_optional
from srm_xl.issues import Issue, Severity
from srm_xl.jobs.audit import finish, stage_audit
from srm_xl.jobs.claims import EDITABLE as CLAIMS_EDITABLE
from srm_xl.jobs.qualification_io import stage_frame
from srm_xl.jobs.report import Report
from srm_xl.jobs.scars import _forms_lots, read_forms
from srm_xl.jobs.share_package import Contents, Request, build_package
from srm_xl.jobs.share_reply import Reply, read_reply, reply_limits
from srm_xl.messages import LANGS, Lang, render
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW, empty_frame
from srm_xl.sharing.content import (
    ANSWER_SHEET,
    SHARED,
    Sources,
    choose_period,
    default_suppliers,
    split_sources,
    supplier_parts,
)
from srm_xl.sharing.history import answers_digest, placement, record
from srm_xl.sharing.ledger import MASTER_PROPERTY, Ledger, Manifest, book_id
from srm_xl.sheets.claim_statement import ANSWERS as CLAIM_ANSWERS
from srm_xl.sheets.eightd_form import eight_d_draft
from srm_xl.sheets.package_answers import (
    answered_values,
    answers_frame,
    check_answers,
    form_changes,
    form_kept,
    merge_register,
    missing_claims,
    missing_records,
    settle,
)
from srm_xl.sheets.package_forms import answer_column


def _read_sources(book: Workbook) -> Sources:
    """Every sheet a package may carry, read once from the master and split by supplier."""
    suppliers = book.read(spec("suppliers")).frame if book.has(spec("suppliers")) else None
    return split_sources(suppliers, {key: book.read(spec(key)).frame for key in SHARED if book.has(spec(key))})


def _book_path(book: Workbook) -> Path:
    if book.path is None:
        raise SrmError("share_needs_file")
    return Path(book.path)


def _previous(book: Workbook, key: str) -> pl.DataFrame:
    sheet = spec(key)
    return read_optional(book, sheet).frame.drop(ROW).select(sheet.keys())


def _language(config: Config, book: Workbook, code: str) -> Lang:
    if code in config.sharing.english():
        return "en"
    return book.lang if config.sharing.language == "auto" else config.sharing.language


def _sender_unset(config: Config, sources: Sources, codes: list[str], book: Workbook) -> list[Issue]:
    """A warning naming the Config settings a package's cover needs to say who sent it, if any is blank."""
    missing = [
        name
        for name, value in (("general.company", config.general.company), ("sharing.contact", config.sharing.contact))
        if not value
    ]
    if not config.sharing.buyer and any(not sources.suppliers.get(code, {}).get("buyer") for code in codes):
        missing.insert(1, "sharing.buyer")
    if not missing or not codes:
        return []
    return [
        Issue(
            spec("config").name(book.lang),
            None,
            None,
            "share_sender_unset",
            "sender_named",
            severity="warning",
            fields={"settings": ", ".join(missing)},
        )
    ]


def export_for_suppliers(
    book: Workbook, out_dir: Path, suppliers: Iterable[str] | None = None, *, period: str | None = None
) -> Report:
    """One package per supplier (default: every supplier graded in ``period``, with an open SCAR or with claims
    of ``period``) in ``out_dir``."""
    checksum = book.checksum()
    path = _book_path(book)
    config = read_config(book)
    sources = _read_sources(book)
    today = date.today()
    chosen = choose_period(sources, period, config.scoring.period, today)
    claims = _previous(book, "claims")
    charged = claims.filter(pl.col("period") == chosen).get_column("supplier").drop_nulls().unique().to_list()
    codes = list(suppliers) if suppliers is not None else sorted({*default_suppliers(sources, chosen), *charged})
    issues = [
        Issue(
            spec("suppliers").name(book.lang),
            None,
            None,
            "share_unknown_supplier",
            "known_supplier",
            code,
            fields={"code": code},
        )
        for code in codes
        if sources.suppliers and code not in sources.suppliers
    ]
    codes = [code for code in codes if not sources.suppliers or code in sources.suppliers]
    issues += _sender_unset(config, sources, codes, book)
    master = book_id(book, assign=True)
    ledger = Ledger.of(path, master)
    key = ledger.prepare()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exported = datetime.now().replace(microsecond=0)
    reply_by = today + timedelta(days=config.sharing.reply_days)
    consequences = {lang: {g: config.scoring.action(g, lang) for g in ("A", "B", "C", "D")} for lang in LANGS}
    rows = []
    for code in codes:
        lang = _language(config, book, code)
        request = Request(
            chosen,
            lang,
            config.general.company,
            config.sharing.contact,
            reply_by,
            exported,
            config.sharing.password,
            master=master,
            buyer=config.sharing.buyer,
        )
        parts = supplier_parts(sources, code, chosen)
        scars = parts.get(
            ANSWER_SHEET, pl.DataFrame(schema={"scar_id": pl.String, "lots": pl.String, "trigger": pl.String})
        )
        lots = _forms_lots(scars, sources.parts.get("inspections", {}).get(code, empty_frame(spec("inspections"))))
        contents = Contents(
            code,
            sources.suppliers.get(code, {}),
            parts,
            lots,
            read_forms(book, scars["scar_id"].to_list()).responses,
            statement_lines(claims, code, chosen),
        )
        manifest = build_package(out_dir, key, contents, request, consequences[lang])
        ledger.save(manifest)
        rows.append(
            {
                "package_id": manifest.package_id,
                "supplier": code,
                "period": chosen,
                "language": lang,
                "exported": exported,
                "reply_by": reply_by,
                "file": manifest.file,
                "scars": parts[ANSWER_SHEET].height if ANSWER_SHEET in parts else 0,
                "lots": parts["inspections"].height if "inspections" in parts else 0,
            }
        )
    packages = _previous(book, "shared_packages")
    if rows:
        packages = pl.concat([packages, pl.DataFrame(rows, schema=packages.schema)])
        book.stage(draft_from_spec(spec("shared_packages"), packages, book.lang))
    fields = {"count": len(rows), "period": chosen, "out_dir": str(out_dir)}
    report = Report.of(
        "share_export",
        "share_export_summary",
        fields,
        rows_written=len(rows),
        issues=issues,
        sheets=[spec("shared_packages").name(book.lang)] if rows else [],
        counts={"packages": len(rows)},
    )
    return finish(book, report, checksum)


def _audit_row(supplier: str, checksum: str, now: datetime, result: str, written: int = 1) -> dict[str, object]:
    """The audit-log row of one answer a reply brought: who (the supplier), when, and what (``result``)."""
    return {
        "time": now,
        "user": supplier,
        "job": "share_import",
        "checksum": checksum,
        "rows_read": 1,
        "rows_written": written,
        "result": result,
    }


def _audit_rows(
    changes: pl.DataFrame, reply: Reply, checksum: str, lang: Lang, code: str = "share_audit_change"
) -> list[dict[str, object]]:
    """One audit-log row per change (``code``: or per answer held back): who (the supplier), when, and what
    changed from what to what."""
    manifest = reply.manifest
    assert manifest is not None
    now = datetime.now().replace(microsecond=0)
    return [
        _audit_row(
            manifest.supplier,
            checksum,
            now,
            render(
                code,
                lang,
                file=reply.file,
                package=manifest.package_id,
                scar=row["record"],
                column=answer_column(row["column"]).header(lang),
                old=row["old"] or "",
                new=row["new"] or "",
            ),
            int(code == "share_audit_change"),
        )
        for row in changes.iter_rows(named=True)
    ]


def _about(reply: Reply, code: str, severity: Severity = "warning", **fields: object) -> Issue:
    """An issue about a whole reply file (its file and package named)."""
    package = reply.manifest.package_id if reply.manifest is not None else ""
    return Issue(
        f"[{reply.file}]",
        None,
        None,
        code,
        severity=severity,
        fields={"file": reply.file, "package": package, **fields},
    )


def reply_files(files: Path | str | Iterable[Path | str]) -> list[Path]:
    """The reply files named, each folder among them as its .xlsx files (a folder is what the ribbon passes), in
    name order."""
    named = [Path(files)] if isinstance(files, str | Path) else [Path(f) for f in files]
    return [
        found
        for path in named
        for found in (
            sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm")) if path.is_dir() else [path]
        )
    ]


@dataclass
class Merge:
    """The state an import builds up, one accepted reply after another."""

    register: pl.DataFrame
    history: pl.DataFrame
    claims: pl.DataFrame
    forms: dict[str, dict[str, object]] = field(default_factory=dict)
    """The 8D forms to redraw in the master: SCAR id → the reply's typed answers."""
    audit: list[dict[str, object]] = field(default_factory=list)
    shown: dict[str, Manifest] = field(default_factory=dict)
    """Package id → its manifest with the answers merged so far (kept in the ledger once the book is written)."""
    register_changed: bool = False
    claims_changed: bool = False


def _open_only(typed: dict[str, pl.DataFrame], register: pl.DataFrame) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """The answers without those to SCARs closed in the book since the package went out (what the engineer wrote
    in a closed SCAR is not overwritten), and those SCARs."""
    answered = {r for frame in typed.values() for r in frame["record"].to_list()}
    closed = sorted(answered & set(register.filter(pl.col("status") == "closed")["scar_id"].to_list()))
    if not closed:
        return typed, []
    return {key: frame.filter(~pl.col("record").is_in(closed)) for key, frame in typed.items()}, closed


def _merge_reply(
    state: Merge, reply: Reply, typed: dict[str, pl.DataFrame], book: Workbook, checksum: str
) -> tuple[int, pl.DataFrame]:
    """Apply one sound, newer reply: register columns, 8D form fields, audit rows; the number of changes and the
    answers held back (:func:`~srm_xl.sheets.package_answers.settle`)."""
    manifest = reply.manifest
    assert manifest is not None
    shown = state.shown.get(manifest.package_id, manifest)
    last = answers_frame([(r, shown.shown(r)) for r, _ in reply.answers])
    sent = answers_frame([(r, shown.sent(r)) for r, _ in reply.answers])
    records = {r.record for r in manifest.responses if r.column not in CLAIM_ANSWERS}
    forms = {**read_forms(book, sorted(records)).responses, **state.forms}
    scar_typed, held, kept = settle(
        {k: v for k, v in typed.items() if k not in CLAIM_ANSWERS},
        check_answers(last, reply.file, book.lang)[0],
        check_answers(sent, reply.file, book.lang)[0],
        state.register,
        forms,
    )
    state.shown[manifest.package_id] = shown.with_answers(reply.answers)
    state.register, register_changes = merge_register(state.register, scar_typed)
    changes = pl.concat([register_changes, form_changes(forms, scar_typed)])
    state.register_changed |= register_changes.height > 0
    answered, engineers = answered_values(scar_typed), answered_values(kept)
    state.forms.update(  # a redrawn form shows what the engineer kept, not the register's older value
        (record, {**form_kept(forms.get(record, {})), **engineers.get(record, {}), **answered.get(record, {})})
        for record in set(changes["record"].to_list())
    )
    state.audit += _audit_rows(changes, reply, checksum, book.lang)
    state.audit += _audit_rows(held, reply, checksum, book.lang, "share_audit_kept")
    return changes.height + _merge_claims(state, reply, typed, checksum, book.lang), held


def _merge_claims(state: Merge, reply: Reply, typed: dict[str, pl.DataFrame], checksum: str, lang: Lang) -> int:
    """Apply the reply's claim-statement answers to the Claims sheet, one audit row per change; the number of changes."""
    if "claim_response" not in typed and "claim_reason" not in typed:
        return 0
    manifest = reply.manifest
    assert manifest is not None
    none = pl.DataFrame(schema={"record": pl.String, "value": pl.String})  # a column no line answered
    answers = (
        typed.get("claim_response", none)
        .rename({"value": "response"})
        .join(typed.get("claim_reason", none).rename({"value": "reason"}), on="record", how="full", coalesce=True)
    )
    state.claims, changes = apply_responses(state.claims, answers, date.today())
    state.claims_changed |= changes.height > 0
    claims = spec("claims")
    shown = {c: {ch.key: ch.label(lang) for ch in claims.column(c).choices} for c in ("response", "status")}
    now = datetime.now().replace(microsecond=0)
    state.audit += [
        _audit_row(
            manifest.supplier,
            checksum,
            now,
            render(
                "claims_response_merged",
                lang,
                file=reply.file,
                package=manifest.package_id,
                claim=record,
                column=claims.column(column).header(lang),
                old=shown.get(column, {}).get(old, old or ""),
                new=shown.get(column, {}).get(new, new or ""),
            ),
        )
        for record, column, old, new in changes.iter_rows()
    ]
    return changes.height


def _stage_merge(book: Workbook, state: Merge) -> list[str]:
    """Stage the register, the redrawn 8D forms and the reply history; the names of the sheets written."""
    register_spec = spec(ANSWER_SHEET)
    written = []
    if state.register_changed:
        name = book.find(register_spec) or register_spec.name(book.lang)
        book.stage(draft_from_spec(register_spec, state.register, book.lang, name=name))
        written.append(name)
    if state.forms:
        rows = state.register.filter(pl.col("scar_id").is_in(list(state.forms))).drop(ROW, strict=False)
        inspections = _previous(book, "inspections")
        lots = _forms_lots(rows, inspections)
        linked = dict(rows.select("scar_id", "form").drop_nulls().iter_rows())
        sheets = read_forms(book, list(state.forms), linked).sheets
        for row in rows.iter_rows(named=True):
            scar = row["scar_id"]
            draft = eight_d_draft(
                {**row, **state.forms[scar]}, lots.get(scar, inspections.clear()), book.lang, name=sheets.get(scar)
            )
            book.stage(draft)
            written.append(draft.name)
    if state.claims_changed:
        written.append(stage_frame(book, "claims", state.claims, editable=CLAIMS_EDITABLE))
    book.stage(draft_from_spec(spec("supplier_replies"), state.history, book.lang))
    return [*written, spec("supplier_replies").name(book.lang)]


def import_replies(book: Workbook, files: Path | str | Iterable[Path | str]) -> Report:
    """Check every reply file (or every .xlsx of a folder) and merge the sound ones, oldest first, into the
    corrective-action register and the 8D forms; nothing is written if nothing changes."""
    checksum = book.checksum()
    path = _book_path(book)
    config = read_config(book)
    ledger = Ledger.of(path, book.custom_property(MASTER_PROPERTY))
    limits = reply_limits(config.sharing.max_reply_mb)
    replies = [read_reply(f, ledger, limits) for f in reply_files(files)]
    register_spec = spec(ANSWER_SHEET)
    register = book.read(register_spec).frame if book.has(register_spec) else None
    state = Merge(
        register if register is not None else empty_frame(register_spec),
        _previous(book, "supplier_replies"),
        _previous(book, "claims"),
    )
    issues = [i for r in replies for i in r.issues]
    counts = {
        "files": len(replies),
        "merged": 0,
        "changes": 0,
        "rejected": sum(not r.accepted for r in replies),
        "repeats": 0,
        "stale": 0,
    }
    for reply in sorted((r for r in replies if r.accepted), key=lambda r: r.version):  # type: ignore[arg-type, return-value]
        manifest = reply.manifest
        assert manifest is not None and reply.version is not None
        frame = answers_frame(reply.answers)
        typed, found = check_answers(frame, reply.file, book.lang)
        on_statement = pl.col("column").is_in(CLAIM_ANSWERS)
        scar_answers = frame.filter(~on_statement)
        if register is None and scar_answers.height:
            found.append(_about(reply, "share_register_missing", "error"))
        elif scar_answers.height:
            found += missing_records(scar_answers, state.register, reply.file, book.lang)
        found += missing_claims(frame.filter(on_statement), state.claims, reply.file, book.lang)
        issues += found
        if any(i.severity == "error" for i in found):
            counts["rejected"] += 1
            continue
        digest = answers_digest(manifest.package_id, reply.answers)
        where = placement(state.history, manifest.package_id, digest, reply.version)
        if where == "repeat":
            counts["repeats"] += 1
            issues.append(_about(reply, "share_already_imported", "info"))
            continue
        changed = 0
        if where == "stale":
            counts["stale"] += 1
            issues.append(_about(reply, "share_superseded"))
        else:
            typed, closed = _open_only(typed, state.register)
            issues += [_about(reply, "share_scar_closed", scar=s) for s in closed]
            changed, held = _merge_reply(state, reply, typed, book, checksum)
            issues += [
                _about(
                    reply,
                    "share_answer_kept",
                    scar=row["record"],
                    column=answer_column(row["column"]).header(book.lang),
                    mine=row["old"] or "",
                    theirs=row["new"] or "",
                )
                for row in held.iter_rows(named=True)
            ]
            counts["merged"] += 1
            counts["changes"] += changed
        state.history = record(
            state.history,
            {
                "received": datetime.now().replace(microsecond=0),
                "package_id": manifest.package_id,
                "supplier": manifest.supplier,
                "period": manifest.period,
                "file": reply.file,
                "version": reply.version,
                "digest": digest,
                "status": "merged" if where == "newer" else "superseded",
                "changes": changed,
            },
        )
    report = Report.of(
        "share_import",
        "share_import_summary",
        counts,
        rows_read=len(replies),
        rows_written=counts["changes"],
        issues=issues,
        counts=counts,
    )
    if counts["merged"] + counts["stale"] == 0:
        return report
    report.sheets = _stage_merge(book, state)
    extra = pl.DataFrame(state.audit, schema=empty_frame(spec("audit_log")).drop(ROW).schema) if state.audit else None
    stage_audit(book, report, checksum, extra=extra)
    book.commit()
    try:  # unsaved, a later reply's new answers to fields merged now are held back and reported: nothing lost
        for manifest in state.shown.values():
            ledger.save(manifest)
    except SrmError as error:
        report.issues.append(Issue("", None, None, error.code, severity="warning", fields=error.fields))
    return report
