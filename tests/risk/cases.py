"""Small real workbooks for the risk scan: a quiet base where no rule fires, and a helper that scans a book."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.jobs.risks import scan_risks
from srm_xl.messages import Lang
from srm_xl.schema import spec
from tests.books import write_book

TODAY = date(2026, 6, 30)
RISKS = spec("risks")


def days(n: int) -> date:
    """``TODAY`` plus ``n`` days."""
    return TODAY + timedelta(days=n)


def base_frames() -> dict[str, pl.DataFrame]:
    """Three approved class II suppliers with agreements, valid certificates and contracts, two parts with two
    approved sources each, no logs: no rule fires."""
    codes = ["S001", "S002", "S003"]
    return {
        "suppliers": pl.DataFrame(
            {
                "code": codes,
                "name": ["甲公司", "乙公司", "丙公司"],
                "status": ["approved"] * 3,
                "importance": ["II"] * 3,
                "agreement_date": [date(2026, 1, 1)] * 3,
            }
        ),
        "certificates": pl.DataFrame(
            {
                "supplier": codes,
                "cert_type": ["ISO 9001"] * 3,
                "number": ["C1", "C2", "C3"],
                "valid_to": [date(2028, 1, 1)] * 3,
            }
        ),
        "parts": pl.DataFrame(
            {
                "part": ["P1", "P1", "P2", "P2"],
                "supplier": ["S001", "S002", "S002", "S003"],
                "share": [0.5, 0.5, 0.6, 0.4],
                "critical": ["no"] * 4,
            }
        ),
        "contracts": pl.DataFrame(
            {
                "contract_no": ["K1", "K2", "K3"],
                "party_type": ["supplier"] * 3,
                "party": codes,
                "contract_type": ["framework"] * 3,
                "start": [date(2025, 1, 1)] * 3,
                "end": [date(2028, 12, 31)] * 3,
            }
        ),
    }


def with_frames(**changes: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The base with some sheets replaced or added."""
    return {**base_frames(), **changes}


def build(
    path: Path, frames: dict[str, pl.DataFrame], lang: Lang = "zh", settings: dict[str, str] | None = None
) -> Path:
    """A workbook of ``frames`` plus, when given, a Config sheet holding ``settings``."""
    sheets = dict(frames)
    if settings:
        sheets["config"] = pl.DataFrame({"setting": list(settings), "value": list(settings.values())})
    return write_book(path, sheets, lang)


def scan(path: Path, today: date = TODAY) -> Report:
    with FileWorkbook(path) as book:
        return scan_risks(book, today=today)


def register(path: Path) -> pl.DataFrame:
    """The Risks sheet as the product reads it (choice keys)."""
    with FileWorkbook(path) as book:
        return book.read(RISKS).frame


def found(path: Path, rule: str) -> pl.DataFrame:
    """Register rows the scan wrote for ``rule``."""
    return register(path).filter(pl.col("source") == rule)
