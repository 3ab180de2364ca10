"""The one small protocol every front-end works through: a file on disk or a live Excel workbook."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol

import polars as pl

from srm_xl.io.draft import SheetDraft
from srm_xl.io.page import Paper
from srm_xl.io.table import Table
from srm_xl.messages import Lang
from srm_xl.schema import SheetSpec
from srm_xl.schema.frames import empty_frame


class Workbook(Protocol):
    """Read sheets through their specs, stage whole sheets to write, and commit them in one step."""

    lang: Lang
    path: Path | None
    paper: Paper
    """The paper sheets written at the next commit print on."""

    def sheet_names(self) -> list[str]:
        """Sheet names in tab order."""
        ...

    def find(self, spec: SheetSpec) -> str | None:
        """The name of the sheet holding ``spec`` (by its zh/en name or a synonym), if present."""
        ...

    def has(self, spec: SheetSpec) -> bool: ...

    def read(self, spec: SheetSpec, sheet: str | None = None, columns: Collection[str] | None = None) -> Table:
        """The sheet read through ``spec``: header found, columns mapped and typed, problems listed.

        With ``columns`` (spec keys) only those are read (faster on big sheets; the others come back empty and
        unknown columns are not kept), for jobs that only read the sheet.
        """
        ...

    def read_all(self, requests: Sequence[tuple[SheetSpec, Collection[str] | None]]) -> list[Table]:
        """Several sheets (spec and ``columns`` each), each read as :meth:`read` reads it."""
        ...

    def read_rows(self, sheet: str) -> list[list[str | None]]:
        """A sheet's cells as text, row by row from row 1 (for free-form sheets such as 8D forms)."""
        ...

    def top_rows(self, sheet: str) -> tuple[pl.DataFrame, list[int]]:
        """The first rows of ``sheet`` as text (frame row i = Excel row i+1) and each column's sheet position."""
        ...

    def stage(self, draft: SheetDraft) -> None:
        """Queue a whole sheet to be written (replacing one of the same name) at the next commit."""
        ...

    def mark(self, sheet: str, cells: list[str]) -> None:
        """Highlight ``cells`` of an existing sheet at the next commit, replacing earlier marks; [] clears."""
        ...

    def custom_property(self, name: str) -> str | None:
        """A custom document property of the workbook as text (``None`` if it has none of that name)."""
        ...

    def set_custom_property(self, name: str, value: str) -> None:
        """Set a custom document property (text) at the next commit; it stays with the workbook when renamed."""
        ...

    def commit(self) -> None:
        """Write everything staged at once; on failure nothing is changed."""
        ...

    def checksum(self) -> str:
        """A short digest of the workbook's content as read, for the audit log."""
        ...

    def saved_digest(self) -> str | None:
        """The SHA-256 of the book's file when what a job reads is exactly that file, else ``None`` (a live
        workbook, whose cells may differ from its file; a book not yet written)."""
        ...


def read_optional(book: Workbook, spec: SheetSpec, columns: Collection[str] | None = None) -> Table:
    """``spec``'s sheet read through ``book``, or an empty table (typed frame, no rows, no issues) when it has none."""
    return read_all_optional(book, [(spec, columns)])[0]


def read_all_optional(book: Workbook, requests: Sequence[tuple[SheetSpec, Collection[str] | None]]) -> list[Table]:
    """Several sheets as :func:`read_optional` reads each, those present read together (:meth:`Workbook.read_all`)."""
    present = [book.has(spec) for spec, _ in requests]
    read = iter(book.read_all([request for request, has in zip(requests, present, strict=True) if has]))
    return [
        next(read) if has else Table(spec, spec.name(book.lang), empty_frame(spec))
        for (spec, _), has in zip(requests, present, strict=True)
    ]
