"""Numbers are spelt as a spreadsheet keeps them: what the writer puts in a cell is what any office suite saves back."""

from __future__ import annotations

import math

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from srm_xl.schema.numbers import float_text, number_text

FINITE = st.floats(allow_nan=False, allow_infinity=False)


@given(FINITE)
def test_one_value_and_a_column_are_spelt_alike_and_never_as_negative_zero(value: float) -> None:
    text = float_text(value)
    column = pl.select(number_text(pl.lit(value, pl.Float64))).item()
    assert text == column and math.isclose(float(text), value, rel_tol=1e-14)
    assert text != "-0" and column != "-0" and not column.endswith(".0")


@given(FINITE)
def test_spelling_is_stable_under_a_save_at_15_digits(value: float) -> None:
    """A suite that re-saves the value at 15 significant digits (LibreOffice does) reads back the same number."""
    once = float(float_text(value))
    assert float(float_text(once)) == once
    assert math.copysign(1, once) == 1 or once != 0


def test_the_values_the_issue_names() -> None:
    assert [float_text(v) for v in (-0.0, 1.0, 0.1 + 0.2, 58.5, 1 / 3)] == [
        "0",
        "1",
        "0.3",
        "58.5",
        "0.333333333333333",
    ]
    column = pl.Series([-0.0, 1.0, 0.1 + 0.2, 2 / 3 * 100, 1e20])
    assert pl.select(number_text(pl.lit(column))).to_series().to_list() == [
        "0",
        "1",
        "0.3",
        "66.6666666666667",
        "1e+20",
    ]
