"""What reading a sheet returns: a typed frame plus everything found wrong while reading it."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from srm_xl.issues import Issue
from srm_xl.schema import SheetSpec


@dataclass
class Table:
    """A sheet read through its spec.

    ``frame`` has one column per spec column (named by key, typed by dtype; choice columns hold choice keys),
    then the sheet's unknown columns under their own headers (kept, never dropped; numbers, dates or text as the
    user typed them: :mod:`srm_xl.io.own_columns`), then ``_row``.
    ``columns`` maps each spec key found in the sheet to its 0-based column index there, ``headers`` to the
    header text the sheet uses for it.
    """

    spec: SheetSpec
    sheet: str
    frame: pl.DataFrame
    header_row: int = 1
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
