"""Reading a supplier's reply: refuse hostile files, match it to its package, and find every sign of tampering.

A reply is accepted only when its identity block names a package this workbook sent, its signature matches
the locked cells, no locked cell, row or sheet changed and every protection is still on. Cells holding a
formula count as the formula's text: a supplier's answer is data, never a formula.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import fastexcel
from defusedxml import ElementTree

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.guard_limits import MB, Limits
from srm_xl.io.package import NS, Package, parse
from srm_xl.sharing.cells import Cells, cell_map, diff_sheet, locked, same_signature, sign, split_ref
from srm_xl.sheets.package_cover import SIGNATURE_REF, read_identity
from srm_xl.sharing.ledger import Manifest, Response, load_manifest
from srm_xl.issues import Issue

LISTED_EDITS = 20
"""Locked-cell changes named one by one per sheet; beyond that only their number is reported."""
_CORE_MODIFIED = "{http://purl.org/dc/terms/}modified"


def reply_limits(max_mb: int) -> Limits:
    """The guard's limits for supplier replies: small files, few parts, sheets of modest size."""
    return Limits(max_file_bytes=max_mb * MB, max_members=500, max_total_bytes=20 * max_mb * MB,
                  max_member_bytes=10 * max_mb * MB, max_rows=200_000, max_cols=1_000, max_cells=20_000_000,
                  sparse_cells=2_000_000)


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

    def problem(self, code: str, sheet: str = "", ref: str | None = None, **fields: object) -> None:
        row, col = split_ref(ref) if ref else (None, None)
        self.issues.append(Issue(f"[{self.file}]{sheet}", row, None, code, "untampered", None, col, "error",
                                 {"file": self.file, **fields}))


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
        stamp = parse(package.read("docProps/core.xml")).find(_CORE_MODIFIED) if package.exists("docProps/core.xml") else None
    modified = None
    if stamp is not None and stamp.text:
        try:
            modified = datetime.fromisoformat(stamp.text.strip().replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            modified = None
    return Structure({name: s[0] for name, s in sheets.items()}, {name: s[1] for name, s in sheets.items()},
                     lock is not None and lock.get("lockStructure") in ("1", "true"), modified)


def _read_cells(path: Path) -> tuple[list[str], Cells]:
    with FileWorkbook(path, lang="en") as book:
        names = book.sheet_names()
        return names, {name: cell_map(book.read_rows(name)) for name in names}


def read_reply(path: Path, book_path: Path, key: bytes | None, limits: Limits) -> Reply:
    """``path`` read and checked against the package it claims to answer."""
    path = Path(path)
    reply = Reply(path.name)
    try:
        kind = check_file(path, limits=limits)
        if kind != "xlsx":
            reply.problem("share_not_xlsx", kind=kind)
            return reply
        names, cells = _read_cells(path)
        structure = _scan(path)
    except UnsafeFileError as refused:
        reply.issues.append(Issue(f"[{path.name}]", None, None, refused.code, "safe_file", None, None, "error", refused.fields))
        return reply
    except (SrmError, fastexcel.FastExcelError, zipfile.BadZipFile, KeyError, ValueError, StopIteration) as exc:
        reply.problem("share_unreadable", reason=str(exc) or type(exc).__name__)
        return reply
    identity = read_identity(_rows_of(cells[names[0]]) if names else [])
    reply.manifest = load_manifest(book_path, identity.package_id) if key is not None else None
    if reply.manifest is None:
        reply.problem("share_unknown_package", names[0] if names else "", None, package=identity.package_id or "—")
        return reply
    reply.version = structure.modified or datetime.fromtimestamp(path.stat().st_mtime)
    _check(reply, reply.manifest, names, cells, structure)
    editable = reply.manifest.editable()
    cover = reply.manifest.sheets[0]
    if not identity.signature:
        reply.problem("share_signature_missing", cover, SIGNATURE_REF)
    else:
        expected = sign(key, reply.manifest.package_id, identity.supplier, identity.period,  # type: ignore[arg-type]
                        locked(cells, editable, (cover, SIGNATURE_REF)))
        if not (same_signature(expected, identity.signature) and same_signature(expected, reply.manifest.signature)):
            reply.problem("share_signature_mismatch", cover, SIGNATURE_REF)
    reply.answers = [(r, structure.formulas.get(r.sheet, {}).get(r.ref) or cells.get(r.sheet, {}).get(r.ref))
                     for r in reply.manifest.responses]
    return reply


def _rows_of(cells: dict[str, str]) -> list[list[str | None]]:
    """A cell map back as rows, for readers of fixed cells such as the identity block."""
    width = max((split_ref(r)[1] for r in cells), default=-1) + 1
    rows: list[list[str | None]] = [[None] * width for _ in range(max((split_ref(r)[0] for r in cells), default=0))]
    for ref, value in cells.items():
        row, col = split_ref(ref)
        rows[row - 1][col] = value
    return rows


def _check(reply: Reply, manifest: Manifest, names: list[str], cells: Cells, structure: Structure) -> None:
    """Every difference from the package as sent, outside the answer cells."""
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
    if not structure.structure_locked:
        reply.problem("share_workbook_unprotected")
    editable = manifest.editable()
    for sheet in (s for s in manifest.sheets if s in names):
        answer_cells = editable.get(sheet, set())
        if not structure.protected.get(sheet):
            reply.problem("share_sheet_unprotected", sheet)
        for ref in structure.formulas.get(sheet, {}):
            if ref not in answer_cells:
                reply.problem("share_formula_locked", sheet, ref or None)
        diff = diff_sheet(manifest.cells.get(sheet, {}), cells.get(sheet, {}), answer_cells)
        for ref, old, new in diff.edited[:LISTED_EDITS]:
            reply.problem("share_locked_edited", sheet, ref, old=old, new=new)
        if len(diff.edited) > LISTED_EDITS:
            reply.problem("share_more_edits", sheet, count=len(diff.edited) - LISTED_EDITS)
        if diff.rows_added:
            reply.problem("share_rows_added", sheet, count=diff.rows_added)
        if diff.rows_deleted:
            reply.problem("share_rows_deleted", sheet, count=diff.rows_deleted)
