"""Test helpers: build real workbooks through the product, and read them back with openpyxl (independently)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import polars as pl

from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.grade import grade
from srm_xl.messages import Lang
from srm_xl.schema import spec


def write_book(path: Path, frames: dict[str, pl.DataFrame], lang: Lang = "zh") -> Path:
    """A workbook holding each frame as its spec's sheet (keyed by sheet key)."""
    book = FileWorkbook.create(path, lang)
    for key, frame in frames.items():
        book.stage(draft_from_spec(spec(key), frame, lang))
    book.commit()
    return path


def sheet_rows(path: Path, sheet: str, *, min_row: int = 1) -> list[tuple[Any, ...]]:
    """A sheet's cell values as openpyxl reads them."""
    workbook = openpyxl.load_workbook(path)
    return [tuple(r) for r in workbook[sheet].iter_rows(min_row=min_row, values_only=True)]


def graded_scorecard(book: Path, period: str) -> pl.DataFrame:
    """Grade ``book`` for ``period`` and read its Scorecard back, by supplier (position columns left out)."""
    with FileWorkbook(book) as workbook:
        grade(workbook, period)
    with FileWorkbook(book) as workbook:
        card = workbook.read(spec("scorecard")).frame
    return card.drop("_row", "category", "rank_in_category", strict=False).sort("supplier")
