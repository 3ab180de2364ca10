"""Customer classes: revenue ABC, margin demotion, growth promotion, the strategic-flag override, reasons, history."""

from __future__ import annotations

import polars as pl
import pytest

from srm_xl.config import Config
from srm_xl.config.customers import CustomersConfig
from srm_xl.customers.classify import classify_customers, updated_history
from srm_xl.errors import ConfigError

CUSTOMERS = pl.DataFrame(
    {
        "code": ["A", "B", "C", "D", "E", "F"],
        "name": ["a", "b", "c", "d", "e", "f"],
        "annual_revenue": [500.0, 200.0, 150.0, 100.0, 50.0, None],
        "margin": [0.20, 0.20, 0.02, 0.20, 0.20, 0.20],
        "strategic": ["no", "no", "no", "no", "yes", "no"],
    }
)
HISTORY = pl.DataFrame(
    {
        "year": [2025, 2024],
        "code": ["D", "D"],
        "annual_revenue": [60.0, 200.0],
        "customer_class": ["ordinary", "important"],
        "reason": ["", ""],
    }
)


def _classes(config: CustomersConfig = CustomersConfig(), lang: str = "en") -> dict[str, dict[str, object]]:
    frame = classify_customers(CUSTOMERS, config, history=HISTORY, year=2026, lang=lang)  # type: ignore[arg-type]
    return {row["code"]: row for row in frame.iter_rows(named=True)}


def test_each_class_and_its_reason() -> None:
    # shares: A 0.5, B 0.2, C 0.15, D 0.1, E 0.05; strategic while the share before is < 0.7, important < 0.9
    got = _classes()
    assert got["A"]["abc_class"] == "strategic" and got["A"]["customer_class"] == "strategic"
    assert got["B"]["abc_class"] == "strategic"  # 0.5 before it
    assert got["C"]["abc_class"] == "important"  # 0.7 before it
    assert got["C"]["customer_class"] == "ordinary"  # margin 2% < 5%: one class down
    assert "margin 2.0% below 5.0%" in str(got["C"]["reason"])
    assert got["A"]["reason"] == "revenue rank 1, cumulative share 50.0% → Strategic"
    assert got["F"]["customer_class"] == "ordinary" and got["F"]["reason"] == "no annual revenue"
    assert got["A"]["cumulative_share"] == pytest.approx(0.5) and got["E"]["cumulative_share"] == pytest.approx(1.0)


def test_growth_against_the_latest_history_year_promotes_one_class() -> None:
    got = _classes()
    # D: share before it 0.5 + 0.2 + 0.15 = 0.85 < 0.9 → important by ABC; grew 100/60 − 1 = 66.7% ≥ 30% → strategic
    assert got["D"]["abc_class"] == "important" and got["D"]["customer_class"] == "strategic"
    assert got["D"]["growth"] == pytest.approx(100 / 60 - 1)
    assert got["D"]["previous_class"] == "ordinary"
    assert "revenue grew 66.7%" in str(got["D"]["reason"])


def test_strategic_flag_overrides_the_figures_unless_switched_off() -> None:
    assert _classes()["E"]["customer_class"] == "strategic"
    assert _classes()["E"]["reason"].startswith("flagged strategic")  # type: ignore[union-attr]
    off = _classes(CustomersConfig(strategic_flag_override=False))
    assert off["E"]["customer_class"] == "ordinary"


def test_reasons_in_chinese() -> None:
    assert _classes(lang="zh")["A"]["reason"] == "销售额累计占比50.0%(第1名)→战略客户"


def test_history_replaces_only_this_years_rows() -> None:
    classes = classify_customers(CUSTOMERS, CustomersConfig(), history=HISTORY, year=2026)
    history = updated_history(HISTORY, classes, 2026)
    assert history.filter(pl.col("year") == 2026).height == CUSTOMERS.height
    again = updated_history(history, classes, 2026)
    assert again.height == history.height == HISTORY.height + CUSTOMERS.height


def test_rules_are_validated_when_loaded() -> None:
    with pytest.raises(ConfigError, match="important share"):
        Config.model_validate({"customers": {"strategic_revenue_share": 0.8, "important_revenue_share": 0.5}})
    with pytest.raises(ConfigError, match="add up to 110"):
        Config.model_validate({"customers": {"survey_weights": "quality:60; delivery:50"}})
