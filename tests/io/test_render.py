"""Sheet XML rendered column at a time: a long column repeating its words is escaped once per word, and writes
exactly the XML it writes cell by cell."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_xl.io import render
from srm_xl.io.blank import blank_parts
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.styles import StyleBook
from srm_xl.schema import spec
from srm_xl.schema.convert import PER_WORD_ROWS

INSPECTIONS = spec("inspections")
_WORDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["合格", " 特采", "A&B <x>", "tab\there ", "\x01bell", "", "=1+1", "x" * 40_000]),
        st.text(max_size=6),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(remarks=_WORDS, suppliers=_WORDS)
def test_a_long_column_repeating_its_words_renders_as_cell_by_cell(
    monkeypatch: pytest.MonkeyPatch, remarks: list[str | None], suppliers: list[str | None]
) -> None:
    rows = PER_WORD_ROWS + 3
    frame = pl.DataFrame(
        {
            "lot": [f"L{i:06d}" for i in range(rows)],
            "supplier": [suppliers[i % len(suppliers)] for i in range(rows)],
            "remarks": [remarks[i % len(remarks)] for i in range(rows)],
        },
        schema={"lot": pl.String, "supplier": pl.String, "remarks": pl.String},
    )
    draft = draft_from_spec(INSPECTIONS, frame, "zh")
    once = render.render_sheet(draft, StyleBook(blank_parts()["xl/styles.xml"])).xml
    with monkeypatch.context() as patched:
        patched.setattr(render, "repeats", lambda _: False)
        cell_by_cell = render.render_sheet(draft, StyleBook(blank_parts()["xl/styles.xml"])).xml
    assert once == cell_by_cell
