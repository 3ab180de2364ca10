from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from srm_xl.demo import sample_frames

START, END = date(2025, 11, 1), date(2026, 10, 31)


@pytest.fixture(scope="session")
def frames() -> dict[str, pl.DataFrame]:
    return sample_frames()
