"""The risk settings are validated when loaded: the 5×5 matrix and the rule names, each error naming its setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_xl.config import Config
from srm_xl.config.risk import LEVEL_KEYS, RULES, RiskConfig, parse_matrix
from srm_xl.errors import ConfigError
from srm_xl.messages import catalogue, render
from srm_xl.risk.detect import DETECTORS
from tests.risk.cases import base_frames, build, scan

_GOOD = "1: L L L L M; 2: L L M M H; 3: L M M H H; 4: L M H H C; 5: M H H C C"


def test_default_matrix_has_25_known_levels_rising_with_likelihood_and_impact() -> None:
    levels = RiskConfig().levels()
    assert len(levels) == 5 and all(len(row) == 5 for row in levels)
    assert levels[0][0] == "low" and levels[4][4] == "critical" and levels[2][2] == "medium"
    assert {cell for row in levels for cell in row} == set(LEVEL_KEYS)


def test_every_setting_is_documented_in_both_languages() -> None:
    for name, field in RiskConfig.model_fields.items():
        assert field.description and field.json_schema_extra["zh"], name


def test_levels_may_be_abbreviated_or_written_in_chinese() -> None:
    chinese = "低 低 低 低 中; 低 低 中 中 高; 低 中 中 高 高; 低 中 高 高 极高; 中 高 高 极高 极高"
    assert parse_matrix(_GOOD) == parse_matrix(chinese) == RiskConfig().levels()


@pytest.mark.parametrize(
    ("matrix", "code"),
    [
        ("1: L L L L M; 2: L L M M H; 3: L M M H H; 4: L M H H C", "risk_matrix_rows"),
        ("1: L L L L; 2: L L M M H; 3: L M M H H; 4: L M H H C; 5: M H H C C", "risk_matrix_cells"),
        ("1: L L L L M; 2: L L M M H; 3: L M M H H; 4: L M H H severe; 5: M H H C C", "risk_matrix_level"),
        ("1: L L L L M; 2: L L M M H; 3: L M M H L; 4: L M H H C; 5: M H H C C", "risk_matrix_monotone"),
        ("1: L L L L M; 2: L L M M H; 3: L M M H H; 4: L M H H C; 5: M H M C C", "risk_matrix_monotone"),
        ("1: L L L L M; 3: L L M M H; 2: L M M H H; 4: L M H H C; 5: M H H C C", "risk_matrix_order"),
    ],
)
def test_a_bad_matrix_is_refused_naming_the_setting(matrix: str, code: str) -> None:
    with pytest.raises(ConfigError) as caught:
        RiskConfig(matrix=matrix)
    assert caught.value.code == code and caught.value.fields["setting"] == "risk.matrix"
    assert "risk.matrix" in caught.value.message("en") and "{" not in caught.value.message("zh")


def test_an_unknown_rule_name_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        RiskConfig(disabled_rules="spend, sole_source")
    assert caught.value.code == "risk_unknown_rule" and "sole_source" in caught.value.message("en")
    assert RiskConfig(disabled_rules="spend， grade").enabled() == tuple(
        r for r in RULES if r not in {"spend", "grade"}
    )


def test_a_bad_matrix_in_the_workbook_stops_the_scan_and_names_the_config_cell(tmp_path: Path) -> None:
    path = build(tmp_path / "book.xlsx", base_frames(), settings={"risk.matrix": "1: L L L L M"})
    with pytest.raises(ConfigError) as caught:
        scan(path)
    assert caught.value.code == "risk_matrix_rows"
    assert caught.value.message("zh").startswith("参数设置!B2:")


def test_every_rule_has_a_detector_and_ratings_within_1_to_5() -> None:
    assert tuple(DETECTORS) == RULES
    codes = [code for code, _ in DETECTORS.values()]
    assert len(set(codes)) == len(codes)
    config = Config().risk
    for rule in RULES:
        assert all(1 <= value <= 5 for value in config.rating(rule))


def test_risk_messages_have_both_languages() -> None:
    codes = [code for code in catalogue() if code.startswith("risk_")]
    assert len(codes) > 20
    for code in codes:
        assert catalogue()[code].get("zh") and catalogue()[code].get("en"), code
    assert "risk.matrix" in render("risk_matrix_cells", "zh", setting="risk.matrix", row=2, count=4)
