"""A job asked again of a workbook it has just written, unchanged since, writes nothing and says so.

After a job commits, what it was asked and the SHA-256 of the book it wrote are remembered with its report, in
the read cache's folder (:mod:`srm_xl.io.read_cache`: the same ``SRM_XL_CACHE`` setting turns both off). The
same job asked the same of a book with exactly those bytes would read the same sheets, compute the same results
and write what the book already holds: its report is recalled instead, and the book, its backups and its Audit log
stay as they are (the log already has the run that wrote the results). Any change to the book — a cell, a
sheet, the Config — changes its digest, and new product code never recalls old reports. A live workbook in
Excel may differ from its file, so there the job always runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from srm_xl.io.read_cache import cache_folder, code_fingerprint, issue_fields, issue_from_fields, plain, write_entry
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.report import Report
from srm_xl.messages import LANGS, render

_SUFFIX = ".srmjob"
_KEEP_BYTES = 64 * 1024**2
"""Above this total the oldest remembered reports are removed."""
_MAX_ISSUES = 20_000
"""A report listing more problems than this is not remembered (the job runs again instead)."""


def run_once(book: Workbook, job: str, asked: object, run: Callable[[], Report], *, again: bool = False) -> Report:
    """``run()``'s report, or — when ``book`` is exactly what the same ``job`` asked ``asked`` last wrote, and not
    asked to run ``again`` — that run's report recalled, with nothing read or written."""
    before = book.saved_digest()
    if not again and before is not None and (recalled := _recall(_key(job, asked, before))) is not None:
        return recalled
    report = run()
    if (after := book.saved_digest()) is not None:
        _remember(_key(job, asked, after), report)
    return report


def _key(job: str, asked: object, digest: str) -> str:
    text = json.dumps([job, asked, digest, code_fingerprint()], ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _path(key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"{key}{_SUFFIX}"


def _recall(key: str) -> Report | None:
    path = _path(key)
    if path is None:
        return None
    try:
        kept = json.loads(path.read_bytes())
        issues = [issue_from_fields(item) for item in kept["issues"]]
        summaries = [render("job_up_to_date", lang, summary=kept["summary"][lang]) for lang in LANGS]
        report = Report(kept["job"], *summaries, issues=issues, counts=kept["counts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return report


def _remember(key: str, report: Report) -> None:
    """Keep ``report`` for ``key``; a folder that cannot be written is skipped (the job then simply runs again)."""
    path = _path(key)
    if path is None or len(report.issues) > _MAX_ISSUES:
        return
    kept = {
        "job": report.job,
        "summary": {lang: report.summary(lang) for lang in LANGS},
        "counts": report.counts,
        "issues": [issue_fields(issue) for issue in report.issues],
    }
    try:
        write_entry(path, [json.dumps(kept, ensure_ascii=False, default=plain).encode()], _KEEP_BYTES)
    except OSError:
        return
