"""The cost of poor quality as a variable of scoring formulas: claims from the Claims sheet as last computed plus
internal costs not charged back, per supplier."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.config.sheet import parse_config
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.claims import compute_claims
from srm_xl.jobs.grade import read_inputs
from srm_xl.scoring import grade_suppliers
from tests.books import write_book
from tests.claims.test_claims_job import _frames

CRITERIA = {
    "scoring.criterion_1": "quality | lot_reject_rate by linear: full=0; zero=100% | max=50 | weight=50",
    "scoring.criterion_2": "cost | GREATEST(0, 50 - copq / 100) | max=50 | weight=50",
    "scoring.min_lots": "0",
    "scoring.min_deliveries": "0",
}


def _config() -> Config:
    return parse_config(
        pl.DataFrame(
            {"setting": list(CRITERIA), "value": list(CRITERIA.values()), "_row": range(2, 2 + len(CRITERIA))}
        ),
        "Config",
    )


def test_copq_scores_each_supplier(tmp_path: Path) -> None:
    book = write_book(tmp_path / "quality.xlsx", _frames(), "en")
    with FileWorkbook(book) as wb:
        compute_claims(wb, "2026-Q3")
        inputs, _ = read_inputs(wb)
    result = grade_suppliers(inputs, "2026-Q3", _config().scoring)
    cost = result.explanation.filter(pl.col("criterion") == "cost").select("supplier", "variables", "points").rows()
    # V1: claims 75 + 800 + 150 + 1,234.56 = 2,259.56, no internal cost left → 50 − 22.5956 = 27.4044
    # V2: claims 400 + 225 + 30 = 655 plus L5's scrap 40 never claimed → 695 → 50 − 6.95 = 43.05
    # V3 bought nothing in the period: its cost is unknown, not zero
    assert cost == [
        ("V1", "copq = 2259.56", pytest.approx(27.4044)),
        ("V2", "copq = 695.0", pytest.approx(43.05)),
        ("V3", "copq = —", None),
    ]
