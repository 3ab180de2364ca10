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
from srm_xl.sharing.cover import SIGNATURE_REF, read_identity
from srm_xl.sharing.ledger import Manifest, Response, load_manifest
from srm_xl.validation.issue import Issue

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
