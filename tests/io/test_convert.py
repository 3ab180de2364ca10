"""Cell text to typed values at the one read boundary: dates, numbers, full width, choices."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from srm_xl.io.reader import table_from_text
from srm_xl.schema import spec
from srm_xl.schema.convert import PER_WORD_ROWS, clean_text, convert_column

RECEIVED = spec("inspections").column("received")
LOT_SIZE = spec("inspections").column("lot_size")
STATUS = spec("suppliers").column("status")
SHARE = spec("parts").column("share")
CLAIMED = spec("complaints").column("claimed_amount")


def convert(values: list[str | None], column) -> tuple[list, list[bool]]:  # noqa: ANN001
    series, failure = convert_column(pl.Series(values, dtype=pl.String), column)
    failed = failure.mask.to_list() if failure else [False] * len(values)
    return series.to_list(), failed


def test_text_dates_in_every_common_form() -> None:
    values = [
        "2026/3/5",
        "2026年3月5日",
        "2026.03.05",
        "2026-03-05",
        "2026-03-05 00:00:00",
        "20260305",
        "２０２６/３/５",
        " 2026-3-5 ",
    ]
    got, failed = convert(values, RECEIVED)
    assert got == [date(2026, 3, 5)] * len(values)
    assert not any(failed)


def test_excel_serial_numbers_become_dates_and_small_numbers_do_not() -> None:
    got, failed = convert(["46086", "46086.75", "1", "480"], RECEIVED)
    assert got == [date(2026, 3, 5), date(2026, 3, 5), None, None]
    assert failed == [False, False, True, True], "a quantity typed in a date column is reported, not read as 1901"


def test_a_two_digit_year_first_is_read_as_excel_reads_it_and_no_date_lands_before_1900() -> None:
    """``26/7/3`` and ``26-07-03`` (ERP exports, the year first as users here write it) are 2026-07-03, not the
    year 26; Excel's own rule puts 00–29 in this century and 30–99 in the last. A year below 1900 is reported."""
    got, failed = convert(["26/7/3", "26-07-03", "29.12.31", "99/1/2", "0026-07-03", "1899/12/31"], RECEIVED)
    assert got == [date(2026, 7, 3), date(2026, 7, 3), date(2029, 12, 31), date(1999, 1, 2), None, None]
    assert failed == [False, False, False, False, True, True]
    stamps, failed = convert(
        ["0026-07-03 08:30:00", "0026-07-03 08:30", "2026-07-03 08:30"], spec("audit_log").column("time")
    )
    assert stamps == [None, None, datetime(2026, 7, 3, 8, 30)] and failed == [True, True, False]


def test_a_year_last_column_is_read_day_or_month_first_as_its_own_dates_show() -> None:
    """An ERP export writes 7/15/2026 (month first) or 15/7/2026 (day first); a column's dates whose first part
    exceeds 12 (and no second part does) are day first, the other way round month first. 7/3/2026 in a column
    with no such date could be either: reported, never guessed."""
    july = [date(2026, 7, 15), date(2026, 7, 3), date(2026, 12, 31)]
    assert convert(["7/15/2026", "7/3/2026", "12/31/2026"], RECEIVED) == (july, [False] * 3)
    assert convert(["15.7.2026", "3-7-2026", "31/12/2026"], RECEIVED) == (july, [False] * 3)
    assert convert(["7/3/2026", "8/4/2026"], RECEIVED) == ([None, None], [True, True])
    assert convert(["7/15/2026", "15/7/2026"], RECEIVED) == ([None, None], [True, True]), "both orders: no guess"


def test_dates_with_english_month_names() -> None:
    values = ["3-Jul-26", "03 July 2026", "Jul 3, 2026", "July 3rd 2026", "3.JUL.2026", "Sept 9 2026", "Jun-26"]
    got, failed = convert(values, RECEIVED)
    assert got == [date(2026, 7, 3)] * 5 + [date(2026, 9, 9), None]
    assert failed == [False] * 6 + [True], "a month without its day is no date"


def test_unparseable_dates_are_reported_not_dropped() -> None:
    got, failed = convert(["下周", "2026-02-30", None, ""], RECEIVED)
    assert got == [None, None, None, None]
    assert failed == [True, True, False, False]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_any_date_round_trips_through_every_format(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    forms = [
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y.%m.%d"),
        day.isoformat(),
        str(serial),
    ]
    got, failed = convert(forms, RECEIVED)
    assert got == [day] * len(forms) and not any(failed)


def test_whole_numbers_with_separators_and_full_width() -> None:
    got, failed = convert(["1,200", "５００", "  42 ", "3.0", "3.5", "abc"], LOT_SIZE)
    assert got == [1200, 500, 42, 3, None, None]
    assert failed == [False, False, False, False, True, True]
    stamps, failed = convert(
        ["0026-07-03 08:30:00", "0026-07-03 08:30", "2026-07-03 08:30"], spec("audit_log").column("time")
    )
    assert stamps == [None, None, datetime(2026, 7, 3, 8, 30)] and failed == [True, True, False]


def test_percentages_in_three_spellings() -> None:
    got, _ = convert(["95%", "0.95", "95"], SHARE)
    assert got == pytest.approx([0.95, 0.95, 0.95])


def test_choice_labels_in_either_language_become_keys_and_unknown_words_are_kept() -> None:
    got, failed = convert(["合格", "Approved", "APPROVED", "暂停供货", "有条件合格", "试用", "maybe"], STATUS)
    assert got == ["approved", "approved", "approved", "suspended", "conditional", "conditional", "maybe"]
    assert failed == [False] * 6 + [True], "an unknown word is kept as typed and reported"


def test_text_is_trimmed_and_half_width() -> None:
    code = spec("suppliers").column("code")
    got, _ = convert(["Ｓ００１　", "\u200bS002 ", "   "], code)
    assert got == ["S001", "S002", None]


def test_dates_far_apart_stay_exact() -> None:
    days = [date(2000, 1, 1) + timedelta(days=k * 97) for k in range(200)]
    got, _ = convert([d.strftime("%Y/%-m/%-d") for d in days], RECEIVED)
    assert got == days


def test_quantities_written_with_their_unit() -> None:
    got, failed = convert(["500PCS", "1,200件", "80 pcs", "12箱", "3 dozen"], LOT_SIZE)
    assert got == [500, 1200, 80, 12, None]
    assert failed == [False, False, False, False, True]


def test_amounts_written_the_way_chinese_users_write_them() -> None:
    forms = ["2.5万元", "1.2万", "8千", "人民币5000元", "RMB 3,000", "￥1.5万", "US$ 200", "USD 1,000.50", "3千元"]
    kept = ["¥1,200.00", "3000元", "12,500.50元", "￥1,200", "１２００", "1 200", "$1,000"]
    got, failed = convert(forms + kept, CLAIMED)
    assert got[: len(forms)] == [25000, 12000, 8000, 5000, 3000, 15000, 200, 1000.5, 3000]
    assert got[len(forms) :] == [1200, 3000, 12500.5, 1200, 1200, 1200, 1000] and not any(failed)
    assert convert(["0.7万", "1.2万件", "万", "2万千", "RMB"], LOT_SIZE) == (
        [7000, 12000, None, None, None],
        [False, False, True, True, True],
    )


def test_a_share_is_not_read_as_an_amount() -> None:
    got, failed = convert(["2.5万", "95%"], SHARE)
    assert got == [None, pytest.approx(0.95)] and failed == [True, False]


_WORDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["合格", "不合格 ", "　特采", "ＯＫ", "ok\u200b", "", "  ", "S001", "Ｓ００１"]),
        st.text(max_size=4),
    ),
    min_size=1,
    max_size=8,
)


@given(words=_WORDS)
def test_a_long_column_repeating_its_words_is_cleaned_as_cell_by_cell(words: list[str | None]) -> None:
    """A year of 合格 / 不合格 is cleaned once per word: the same cells as cleaning each of them."""
    rows = (words * (PER_WORD_ROWS // len(words) + 1))[: PER_WORD_ROWS + 7]
    column = pl.Series(rows, dtype=pl.String)
    expected = [clean_text(pl.Series([cell], dtype=pl.String))[0] for cell in words]
    assert clean_text(column).to_list() == [expected[i % len(words)] for i in range(column.len())]


def test_columns_with_their_header_and_nothing_under_it_read_blank_without_a_problem() -> None:
    """A log's 到货日期, 来料数量 and 判定 headed but left empty (a template filled in part): blank values of their
    types, nothing reported, the filled columns read."""
    raw = pl.DataFrame(
        {
            "c0": ["批号", "L1", "L2"],
            "c1": ["供应商", "S001", "S002"],
            "c2": ["到货日期", None, None],
            "c3": ["来料数量", None, None],
            "c4": ["判定", None, None],
        }
    )
    table = table_from_text(spec("inspections"), "来料", raw)
    frame = table.frame
    assert frame["lot"].to_list() == ["L1", "L2"] and frame["supplier"].to_list() == ["S001", "S002"]
    assert frame["received"].dtype == pl.Date and frame["received"].null_count() == 2
    assert frame["lot_size"].null_count() == 2 and frame["decision"].null_count() == 2
    assert [i.code for i in table.issues if i.col is not None] == []


def test_a_decimal_comma_is_the_decimal_point_not_a_thousands_separator() -> None:
    """An AQL typed 0,65 (a European keyboard, a file from a European plant) is 0.65 — read as 65 it named a valid
    AQL a hundred times looser; a comma grouping thousands has three digits after it."""
    got, failed = convert(["0,65", "1,0", "AQL 1,5", "2.5"], spec("inspections").column("aql"))
    assert got == [0.65, 1.0, 1.5, 2.5] and not any(failed)
    got, failed = convert(["1,200", "1.234,56", "¥0,65", "-3,5", "1,234,567.5", "1,5kg", "RMB 3,000"], CLAIMED)
    assert got == [1200.0, 1234.56, 0.65, -3.5, 1234567.5, 1.5, 3000.0] and not any(failed)
    got, failed = convert(["1,5"], LOT_SIZE)
    assert failed == [True], "a lot of 1,5 is reported, not read as 15"


def test_us_short_dates_and_dates_with_a_time_of_day() -> None:
    """7/15/26 (Excel's US short date) is July 15th where a day above 12 in the middle shows the order; a date with
    its time (15/07/2026 08:30, 3:05 PM, 下午 3:05) is read as its day."""
    got, failed = convert(["7/15/26", "7/3/26", "12/07/26"], RECEIVED)
    assert got == [date(2026, 7, 15), date(2026, 7, 3), date(2026, 12, 7)] and not any(failed)
    got, failed = convert(["12/07/26"], RECEIVED)
    assert (got, failed) == ([None], [True]), "December 7th or July 12th: reported, never read as 2012-07-26"
    got, failed = convert(
        ["15/07/2026 08:30", "3/7/2026 8:30 PM", "2026/07/15 下午 3:05", "2026-7-3 上午9:00"], RECEIVED
    )
    assert got == [date(2026, 7, 15), date(2026, 7, 3), date(2026, 7, 15), date(2026, 7, 3)] and not any(failed)
