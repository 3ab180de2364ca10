"""Scoring settings are validated when loaded; each problem has a catalogue code naming the setting."""

from __future__ import annotations

import pytest

from srm_xl.config import Config
from srm_xl.config.scoring import METRIC_RANGES, LinearRule, ScoringConfig
from srm_xl.errors import ConfigError
from srm_xl.messages import catalogue
from srm_xl.scoring import METRICS


def error(**settings: object) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        ScoringConfig(**settings)
    return caught.value


@pytest.mark.parametrize(
    ("settings", "code", "setting"),
    [
        (
            {"criteria_weights": "quality:40; delivery:30; price:15; service:10"},
            "scoring_weights_sum",
            "scoring.criteria_weights",
        ),
        ({"service_metrics": "complaints:50; audit_score:45"}, "scoring_weights_sum", "scoring.service_metrics"),
        ({"quality_metrics": "ppmm:100"}, "scoring_unknown_name", "scoring.quality_metrics"),
        ({"criteria_weights": "quality:50; cost:50"}, "scoring_unknown_name", "scoring.criteria_weights"),
        ({"quality_metrics": "ppm:50; ppm:50"}, "scoring_name_twice", "scoring.quality_metrics"),
        ({"quality_metrics": "ppm:100; lot_acceptance:0"}, "scoring_weight_zero", "scoring.quality_metrics"),
        ({"quality_metrics": "ppm=100"}, "scoring_weight_syntax", "scoring.quality_metrics"),
        ({"rule_ppm": "0..100:100; 50..500:90; 500..:0"}, "scoring_band_overlap", "scoring.rule_ppm"),
        ({"rule_ppm": "0..100:100; 200..500:90; 500..:0"}, "scoring_band_gap", "scoring.rule_ppm"),
        ({"rule_ppm": "100..500:90; 500..:0"}, "scoring_band_uncovered", "scoring.rule_ppm"),
        ({"rule_ppm": "0..100:100; 100..500:90"}, "scoring_band_uncovered", "scoring.rule_ppm"),
        ({"rule_on_time": "0..80%:0; 80%..95%:90; 95%..100%:60"}, "scoring_band_not_monotonic", "scoring.rule_on_time"),
        ({"rule_ppm": "0..100:120; 100..:0"}, "scoring_points_range", "scoring.rule_ppm"),
        ({"rule_ppm": "0..100:100; 500..100:90; 500..:0"}, "scoring_band_reversed", "scoring.rule_ppm"),
        ({"rule_ppm": "below 100 gets 100"}, "scoring_rule_syntax", "scoring.rule_ppm"),
        ({"rule_fill_rate": "linear: full=90%; zero=0.9"}, "scoring_linear_flat", "scoring.rule_fill_rate"),
        ({"service_metrics": "ppm:100"}, "scoring_metric_twice", "scoring.service_metrics"),
        ({"grade_b": 95}, "scoring_grade_order", "scoring.grade_a"),
        (
            {"grade_colours": "A:#00B050; B:#92D050; C:#FFC000; D:#FF0000"},
            "scoring_colour_missing",
            "scoring.grade_colours",
        ),
        ({"grade_colours": "A:green"}, "scoring_colour_syntax", "scoring.grade_colours"),
        ({"class_ii_share": 0.5}, "scoring_class_order", "scoring.class_ii_share"),
    ],
)
def test_bad_settings_raise_a_coded_error_naming_the_setting(settings: dict, code: str, setting: str) -> None:
    caught = error(**settings)
    assert caught.code == code
    assert caught.fields["setting"] == setting
    for lang in ("zh", "en"):
        assert setting in caught.message(lang) and "{" not in caught.message(lang)


def test_weights_message_says_the_sum_and_the_fix() -> None:
    caught = error(criteria_weights="quality:40; delivery:30; price:15; service:10")
    assert caught.message("en") == (
        "Setting 'scoring.criteria_weights': the weights add up to 95, they must add up to 100 — adjust the weights"
    )


def test_errors_surface_through_the_root_config() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.model_validate({"scoring": {"rule_ppm": "0..100:100; 50..:0"}})
    assert caught.value.code == "scoring_band_overlap"


def test_users_may_write_full_width_punctuation_and_percent() -> None:
    config = ScoringConfig(
        rule_lot_acceptance="Linear： full = 100% ； zero = 0.8", criteria_weights="quality：60；delivery：40"
    )
    assert config.rule("lot_acceptance") == LinearRule(1.0, 0.8)
    assert config.criteria() == {"quality": 60.0, "delivery": 40.0}


def test_defaults_are_documented_and_valid() -> None:
    config = ScoringConfig()
    assert config.criteria() == {"quality": 40, "delivery": 30, "price": 15, "service": 15}
    assert (config.grade_a, config.grade_b, config.grade_c) == (90, 80, 70)
    for name, field in ScoringConfig.model_fields.items():
        assert field.description and field.json_schema_extra["zh"], name


def test_every_metric_has_a_rule_setting_and_an_engine_definition() -> None:
    assert {m.key for m in METRICS} == set(METRIC_RANGES)
    assert {f"rule_{m}" for m in METRIC_RANGES} <= set(ScoringConfig.model_fields)


def test_scoring_messages_have_both_languages() -> None:
    for code, texts in catalogue().items():
        if code.startswith("scoring_"):
            assert texts.get("zh") and texts.get("en"), code
