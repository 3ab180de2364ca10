"""The supplier survey: send a protected, signed questionnaire to a candidate or supplier, and import the reply
into the master (answers, certificates, capability with the Cpk flag)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from pathlib import Path

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.qualification_io import frame_of, name_of, stage_frame
from srm_xl.jobs.report import Report
from srm_xl.messages import Lang
from srm_xl.qualification.capability import flag_cpk
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW
from srm_xl.schema.survey import ITEMS
from srm_xl.sharing.ledger import load_key
from srm_xl.sheets.supplier_survey import Survey, questionnaire, table_drafts
from srm_xl.sheets.supplier_survey_reply import read_reply, survey_cells, survey_signature


def _party(book: Workbook, code: str) -> str:
    """The name of candidate or supplier ``code``; ``SrmError`` when it is neither."""
    for key, column in (("candidates", "candidate"), ("suppliers", "code")):
        found = frame_of(book, key).filter(pl.col(column) == code)
        if not found.is_empty():
            return str(found["name"][0] or code)
    raise SrmError(
        "qualification_candidate_unknown",
        candidate=code,
        sheet=f"{name_of(book, 'candidates')} / {name_of(book, 'suppliers')}",
    )


def _key(book: Workbook, file: str, *, create: bool) -> bytes:
    """The master workbook's signing key (made on first export when ``create``)."""
    key = load_key(book.path, create=create) if book.path is not None else None
    if key is None:
        raise SrmError("qualification_survey_no_key", file=file)
    return key


def export_survey(
    book: Workbook, candidate: str, out_dir: Path, *, lang: Lang | None = None, today: date | None = None
) -> Report:
    """Write ``survey_<code>_<date>.xlsx`` into ``out_dir`` (in ``lang``, default the workbook's): a protected
    questionnaire signed with the master workbook's sharing key, so only its answer cells may change."""
    checksum = book.checksum()
    today = today or date.today()
    lang = lang or book.lang
    config = read_config(book).qualification
    key = _key(book, candidate, create=True)
    survey = Survey(
        f"SRV-{today:%Y%m%d}-{secrets.token_hex(3).upper()}", candidate, _party(book, candidate), today, lang
    )
    password = secrets.token_urlsafe(12)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"survey_{re.sub(r'[^0-9A-Za-z_.-]', '_', candidate)}_{today:%Y%m%d}.xlsx"
    tables = table_drafts(lang, config.survey_rows, password)

    def write(signature: str) -> None:
        written = FileWorkbook.create(path, lang, title=survey.survey_id, lock_structure=True)
        for draft in (questionnaire(survey, signature, password), *tables):
            written.stage(draft)
        written.commit()
        written.close()

    write("")
    with FileWorkbook(path, lang=lang) as unsigned:
        signature = survey_signature(key, survey.survey_id, candidate, survey_cells(unsigned, lang), lang)
    write(signature)
    report = Report.of(
        "export_survey",
        "report_export_survey",
        {"candidate": candidate, "file": path.name},
        rows_written=len(ITEMS),
        sheets=[path.name],
        counts={"surveys": 1},
    )
    return finish(book, report, checksum)


def _replace_rows(old: pl.DataFrame, new: pl.DataFrame, same: pl.Expr) -> pl.DataFrame:
    """``old`` without the rows matching ``same`` (an earlier import of the same survey), then ``new``."""
    kept = old.drop(ROW).filter(~same.fill_null(False))
    return pl.concat([kept, new], how="diagonal_relaxed").select(kept.columns)


def import_survey(book: Workbook, file: Path, *, today: date | None = None) -> Report:
    """Check the reply's signature, then store its answers on Supplier survey answers, its certificates on
    Certificates and its processes on Capability (flagging key characteristics under the Cpk minimum). Re-importing
    the same survey replaces what it brought before; a reply from a code no longer on Candidates or Suppliers is
    refused."""
    checksum = book.checksum()
    today = today or date.today()
    config = read_config(book).qualification
    key = _key(book, file.name, create=False)
    with FileWorkbook(file) as replied:
        reply = read_reply(replied, key, file.name)
    code, survey_id = reply.candidate, reply.survey_id
    _party(book, code)
    labels = {item.key: item.header(book.lang) for item in ITEMS}
    answers = reply.answers.select(
        pl.lit(code).alias("supplier"),
        pl.lit(survey_id).alias("survey_id"),
        pl.col("item").replace_strict(labels).alias("item"),
        "answer",
        pl.lit(today).alias("received"),
    )
    stored = frame_of(book, "survey_answers")
    answers_all = _replace_rows(stored, answers, (pl.col("supplier") == code) & (pl.col("survey_id") == survey_id))
    certificates = frame_of(book, "certificates")
    new_certs = reply.certificates.drop(ROW).with_columns(pl.lit(code).alias("supplier"))
    new_certs = new_certs.join(
        certificates.select("supplier", "cert_type", "number"),
        on=["supplier", "cert_type", "number"],
        how="anti",
        nulls_equal=True,
    )
    certs_all = pl.concat([certificates.drop(ROW), new_certs], how="diagonal_relaxed").select(
        certificates.drop(ROW).columns
    )
    capability = frame_of(book, "capability")
    processes = reply.processes.drop(ROW).with_columns(
        pl.lit(code).alias("supplier"), pl.lit(survey_id).alias("source"), pl.lit(today).alias("reported")
    )
    capability_all = flag_cpk(
        _replace_rows(capability, processes, (pl.col("supplier") == code) & (pl.col("source") == survey_id)),
        config.cpk_min,
    )
    sheets = [
        stage_frame(book, "survey_answers", answers_all),
        stage_frame(book, "certificates", certs_all),
        stage_frame(book, "capability", capability_all),
    ]
    issues = reply.issues + _cpk_issues(capability_all, code, sheets[2], config.cpk_min)
    low = int(((capability_all["supplier"] == code) & (capability_all["below_min"] == "yes")).sum())
    report = Report.of(
        "import_survey",
        "report_import_survey",
        {
            "supplier": code,
            "survey_id": survey_id,
            "answers": answers.height,
            "certificates": new_certs.height,
            "processes": processes.height,
            "cpk_low": low,
        },
        rows_read=answers.height + reply.certificates.height + processes.height,
        rows_written=answers.height + new_certs.height + processes.height,
        issues=issues,
        sheets=sheets,
        counts={
            "answers": answers.height,
            "certificates": new_certs.height,
            "processes": processes.height,
            "cpk_low": low,
        },
    )
    return finish(book, report, checksum)


def _cpk_issues(capability: pl.DataFrame, code: str, sheet: str, minimum: float) -> list[Issue]:
    """A warning per key characteristic of ``code`` under the Cpk minimum, pointing at its Cpk cell."""
    col = spec("capability").keys().index("cpk")
    low = capability.with_row_index("_at", offset=2).filter(
        (pl.col("supplier") == code) & (pl.col("below_min") == "yes")
    )
    return [
        Issue(
            sheet,
            at,
            "Cpk",
            "qualification_cpk_low",
            "cpk_min",
            cpk,
            col,
            "warning",
            {
                "supplier": code,
                "process": process,
                "characteristic": characteristic or "—",
                "cpk": f"{cpk:.2f}",
                "minimum": f"{minimum:g}",
            },
        )
        for at, process, characteristic, cpk in low.select("_at", "process", "characteristic", "cpk").iter_rows()
    ]
