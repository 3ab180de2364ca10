"""Qualification settings: weights and grade bands checked when the Config sheet is read."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from srm_xl.config import Config, read_config
from srm_xl.config.qualification import QualificationConfig
from srm_xl.errors import ConfigError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.schema import spec
from tests.books import write_book


def test_defaults_weigh_every_criterion_to_100() -> None:
    weights = QualificationConfig().weights()
    assert set(weights) == {
        "qualifications",
        "reputation",
        "technical",
        "capacity",
        "delivery",
        "after_sales",
        "price",
        "financial",
    }
    assert sum(weights.values()) == 100
    assert QualificationConfig().reaudit_months() == {"I": 12, "II": 24, "III": 36}


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"criteria_weights": "qualifications:50; price:45"}, "scoring_weights_sum"),
        ({"criteria_weights": "quality:50; price:50"}, "scoring_unknown_name"),
        ({"audit_grade_b": 95.0}, "qualification_grade_order"),
    ],
)
def test_bad_settings_name_the_setting(settings: dict[str, object], code: str) -> None:
    with pytest.raises(ConfigError) as error:
        QualificationConfig(**settings)
    assert error.value.code == code and str(error.value.fields["setting"]).startswith("qualification.")


def test_a_bad_weight_on_the_config_sheet_points_at_its_row(tmp_path: Path) -> None:
    rows = pl.DataFrame(
        {"setting": ["qualification.shortlist_size", "qualification.criteria_weights"], "value": ["2", "price:90"]}
    )
    path = write_book(tmp_path / "book.xlsx", {"config": rows}, "en")
    with FileWorkbook(path) as book, pytest.raises(ConfigError) as error:
        read_config(book)
    assert error.value.fields["row"] == 3 and error.value.fields["setting"] == "qualification.criteria_weights"
    good = write_book(tmp_path / "good.xlsx", {"config": rows.head(1)}, "en")
    with FileWorkbook(good) as book:
        assert read_config(book).qualification.shortlist_size == 2
    assert spec("config") and Config().qualification.shortlist_size == 3
