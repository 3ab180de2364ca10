"""Reading a supplier's reply: refuse hostile files, match it to its package, and find every sign of tampering.

A reply is read with the product's reader whatever office suite saved it, and its cells are compared with the
package as sent as normalised values (``values``), never as XML. It is accepted only when its identity block
names a package this workbook sent, its signature matches the locked values, no locked value, row or sheet
changed and no locked cell, empty or not, holds a formula; a formula in an answer cell counts as its text (a
supplier's answer is data, never a formula). Protection dropped by the supplier's software is reported as a
warning: the locked values are checked one by one all the same.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import fastexcel
import polars as pl
from defusedxml import ElementTree

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.guard_limits import MB, Limits
from srm_xl.io.package import NS, Package, parse
from srm_xl.issues import Issue
from srm_xl.sharing.cells import same_signature, sign, split_ref
from srm_xl.sharing.compare import (
    FOUND,
    compare,
    from_cells,
    refs,
    sheet_cells,
    signed,
    with_values,
)
from srm_xl.sharing.ledger import Ledger, Manifest, Response
from srm_xl.sheets.package_cover import SIGNATURE_REF, cover_name, read_identity

LISTED_EDITS = 20
"""Locked-cell changes named one by one per sheet; beyond that only their number is reported."""
_CORE_MODIFIED = "{http://purl.org/dc/terms/}modified"


def reply_limits(max_mb: int) -> Limits:
    """The guard's limits for supplier replies: small files, few parts, sheets of modest size."""
    return Limits(
        max_file_bytes=max_mb * MB,
        max_members=500,
        max_total_bytes=20 * max_mb * MB,
        max_member_bytes=10 * max_mb * MB,
        max_rows=200_000,
        max_cols=1_000,
        max_cells=20_000_000,
        sparse_cells=2_000_000,
    )


@dataclass
class Reply:
    """One reply file as read: its package, its answers (raw text) and what is wrong with it."""

    file: str
    manifest: Manifest | None = None
    answers: list[tuple[Response, str | None]] = field(default_factory=list)
    version: datetime | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.manifest is not None and not any(i.severity == "error" for i in self.issues)

    def problem(
        self, code: str, sheet: str = "", ref: str | None = None, severity: str = "error", **fields: object
    ) -> None:
        row, col = split_ref(ref) if ref else (None, None)
        self.issues.append(
            Issue(
                f"[{self.file}]{sheet}",
                row,
                None,
                code,
                "untampered",
                None,
                col,
                severity,  # type: ignore[arg-type]
                {"file": self.file, **fields},
            )
        )


@dataclass(frozen=True)
class Structure:
    """What the reply's XML says beyond cell values: protection and formulas."""

    protected: dict[str, bool]
    formulas: dict[str, dict[str, str]]
    structure_locked: bool
    modified: datetime | None


def _sheet_xml(data: bytes) -> tuple[bool, dict[str, str]]:
    """Whether a sheet's XML protects it, and its formula cells (reference → ``=formula``)."""
    protected, formulas, cell = False, {}, ""
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "c":
                cell = element.get("r", "")
            continue
        if tag == "f":
            formulas[cell] = "=" + (element.text or "")
        elif tag == "c":
            element.clear()
        elif tag == "sheetProtection":
            protected = element.get("sheet") in ("1", "true")
    return protected, formulas


def _scan(path: Path) -> Structure:
    """Sheet protection and formula cells per sheet, workbook-structure protection and the save time."""
    with Package(path) as package:
        sheets = {ref.name: _sheet_xml(package.read(ref.part)) for ref in package.sheets()}
        lock = parse(package.read(package.workbook_part)).find("main:workbookProtection", NS)
        stamp = (
            parse(package.read("docProps/core.xml")).find(_CORE_MODIFIED)
            if package.exists("docProps/core.xml")
            else None
        )
    modified = None
    if stamp is not None and stamp.text:
        try:
            modified = datetime.fromisoformat(stamp.text.strip().replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            modified = None
    return Structure(
        {name: s[0] for name, s in sheets.items()},
        {name: s[1] for name, s in sheets.items()},
        lock is not None and lock.get("lockStructure") in ("1", "true"),
        modified,
    )


def book_cells(book: FileWorkbook) -> pl.DataFrame:
    """Every non-empty cell of every sheet of ``book`` as text (``compare.FOUND``)."""
    return pl.concat(
        [pl.DataFrame(schema=FOUND), *(sheet_cells(name, *book.raw_text(name)) for name in book.sheet_names())]
    )


def _read_cells(path: Path) -> tuple[list[str], pl.DataFrame]:
    """The reply's sheet names and every non-empty cell as text (``compare.FOUND``)."""
    with FileWorkbook(path, lang="en", checked=True) as book:
        return book.sheet_names(), book_cells(book)


def _cover(names: list[str]) -> str:
    """The cover sheet: the one named as a cover in either language, else the first."""
    return next((n for n in names if n in (cover_name("zh"), cover_name("en"))), names[0] if names else "")


def read_reply(path: Path, ledger: Ledger, limits: Limits) -> Reply:
    """``path`` read and checked against the package it claims to answer."""
    path = Path(path)
    reply = Reply(path.name)
    try:
        kind = check_file(path, limits=limits)
        if kind != "xlsx":
            reply.problem("share_not_xlsx", kind=kind)
            return reply
        names, found = _read_cells(path)
        structure = _scan(path)
    except UnsafeFileError as refused:
        reply.issues.append(
            Issue(f"[{path.name}]", None, None, refused.code, "safe_file", None, None, "error", refused.fields)
        )
        return reply
    except (SrmError, fastexcel.FastExcelError, zipfile.BadZipFile, KeyError, ValueError, StopIteration) as exc:
        reply.problem("share_unreadable", reason=str(exc) or type(exc).__name__)
        return reply
    cover = _cover(names)
    on_cover = found.filter(pl.col("sheet") == cover)
    identity = read_identity(_rows_of(dict(zip(on_cover["ref"], on_cover["text"], strict=True))))
    key = ledger.key()
    reply.manifest = ledger.manifest(identity.package_id) if key is not None else None
    if reply.manifest is None or key is None:
        reply.problem(
            "share_unknown_package",
            cover,
            None,
            package=identity.package_id or "—",
            master=ledger.master_id or "—",
            places="; ".join(map(str, ledger.folders)),
        )
        return reply
    manifest = reply.manifest
    reply.version = structure.modified or datetime.fromtimestamp(path.stat().st_mtime)
    values = with_values(found, manifest.kinds)
    _check(reply, manifest, names, values, structure)
    sent_cover = manifest.sheets[0]
    if not identity.signature:
        reply.problem("share_signature_missing", sent_cover, SIGNATURE_REF)
    else:
        unsigned = refs([*((r.sheet, r.ref) for r in manifest.responses), (sent_cover, SIGNATURE_REF)])
        expected = sign(
            key, manifest.package_id, identity.supplier, identity.period, signed(values, manifest.sheets, unsigned)
        )
        if not (same_signature(expected, identity.signature) and same_signature(expected, manifest.signature)):
            reply.problem("share_signature_mismatch", sent_cover, SIGNATURE_REF)
    texts = dict(zip(zip(found["sheet"], found["ref"], strict=True), found["text"], strict=True))
    now = dict(zip(zip(values["sheet"], values["ref"], strict=True), values["value"], strict=True))
    answered = [(r, structure.formulas.get(r.sheet, {}).get(r.ref)) for r in manifest.responses]
    reply.answers = [  # an answer left as it was sent is no answer: the book may have moved on since
        (r, formula or texts.get((r.sheet, r.ref)))
        for r, formula in answered
        if formula or now.get((r.sheet, r.ref)) != manifest.cells.get(r.sheet, {}).get(r.ref)
    ]
    return reply


def _rows_of(cells: dict[str, str]) -> list[list[str | None]]:
    """A cell map back as rows, for readers of fixed cells such as the identity block."""
    width = max((split_ref(r)[1] for r in cells), default=-1) + 1
    rows: list[list[str | None]] = [[None] * width for _ in range(max((split_ref(r)[0] for r in cells), default=0))]
    for ref, value in cells.items():
        row, col = split_ref(ref)
        rows[row - 1][col] = value
    return rows


def _check_sheets(reply: Reply, manifest: Manifest, names: list[str]) -> None:
    missing = [s for s in manifest.sheets if s not in names]
    added = [s for s in names if s not in manifest.sheets]
    if len(missing) == len(added):
        for old, new in zip(missing, added, strict=True):
            reply.problem("share_sheet_renamed", new, None, old=old, new=new)
    else:
        for sheet in missing:
            reply.problem("share_sheet_deleted", sheet)
        for sheet in added:
            reply.problem("share_sheet_added", sheet)


def _check(reply: Reply, manifest: Manifest, names: list[str], values: pl.DataFrame, structure: Structure) -> None:
    """Every difference from the package as sent, outside the answer cells."""
    _check_sheets(reply, manifest, names)
    editable = manifest.editable()
    for sheet in names:
        for ref, formula in structure.formulas.get(sheet, {}).items():
            if ref not in editable.get(sheet, set()):
                reply.problem("share_formula_locked", sheet, ref or None, formula=formula)
    answer_cells = refs([(r.sheet, r.ref) for r in manifest.responses])
    present = [s for s in manifest.sheets if s in names]
    for diff in compare(from_cells(manifest.cells), values, present, answer_cells):
        for ref, old, new in diff.edited[:LISTED_EDITS]:
            reply.problem("share_locked_edited", diff.sheet, ref, old=old, new=new)
        if len(diff.edited) > LISTED_EDITS:
            reply.problem("share_more_edits", diff.sheet, count=len(diff.edited) - LISTED_EDITS)
        if diff.rows_added:
            reply.problem("share_rows_added", diff.sheet, count=diff.rows_added)
        if diff.rows_deleted:
            reply.problem("share_rows_deleted", diff.sheet, count=diff.rows_deleted)
    if not structure.structure_locked:
        reply.problem("share_workbook_unprotected", severity="warning")
    for sheet in (s for s in present if not structure.protected.get(s)):
        reply.problem("share_sheet_unprotected", sheet, severity="warning")
