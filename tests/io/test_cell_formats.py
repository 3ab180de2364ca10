"""Which number formats of a user's own column are kept: those that show a number (per cent, money, grouping,
Chinese accounting formats), not dates, times or text — checked against openpyxl's table of Excel's built-in
formats, an independent spelling of them."""

from __future__ import annotations

import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS

from srm_xl.io.cell_formats import BUILTIN, column_codes, number_code


def test_built_in_formats_are_spelt_as_excel_spells_them() -> None:
    assert {int(k): v for k, v in BUILTIN.items()} == {int(k): BUILTIN_FORMATS[int(k)] for k in BUILTIN}


@pytest.mark.parametrize("number_id", [0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47, 49])
def test_general_dates_times_and_text_built_ins_are_not_kept(number_id: int) -> None:
    assert number_code(f"id:{number_id}") is None


@pytest.mark.parametrize(
    "code",
    [
        "0.0%",
        '"¥"#,##0.00',
        "[$¥-804]#,##0.00",
        '#,##0.00"元"',
        '_ ¥* #,##0.00_ ;_ ¥* -#,##0.00_ ;_ ¥* "-"??_ ;_ @_ ',
        "0.00E+00",
        "[Red]#,##0;[Blue]-#,##0",
        '0" days"',
        "#,##0.000",
    ],
)
def test_formats_showing_a_number_are_kept(code: str) -> None:
    assert number_code(f"code:{code}") == code


@pytest.mark.parametrize(
    "code",
    [
        'yyyy"年"m"月"d"日"',
        "[DBNum1][$-804]yyyy年m月d日",
        "[$-804]aaaa",
        "h:mm",
        "[h]:mm:ss",
        "mm:ss",
        "e/m/d",
        "@",
        "General",
    ],
)
def test_date_time_and_text_formats_are_not_kept(code: str) -> None:
    assert number_code(f"code:{code}") is None


def test_a_column_takes_its_first_cell_showing_a_number_not_its_header_s_text_format() -> None:
    formats = ("id:0", "id:49", "code:0.0%", "id:14", "id:4")
    styles = {(0, 0): 1, (0, 1): 1, (1, 0): 2, (2, 0): 4, (1, 1): 3, (2, 1): 4}
    assert column_codes(styles, formats) == {0: "0.0%", 1: "#,##0.00"}
