"""The pure parts of sharing: the signature, the locked-cell diff, answer checks and which reply wins."""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from srm_xl.sharing.cells import locked, sign
from srm_xl.sharing.compare import SheetDiff, compare, from_cells, refs
from srm_xl.sharing.history import placement, record
from srm_xl.sharing.ledger import (
    PACKAGE_ID,
    Ledger,
    Response,
    new_master_id,
    new_package_id,
)
from srm_xl.sharing.values import normalise, shown_decimals
from srm_xl.sheets.package_answers import (
    answers_frame,
    check_answers,
    form_changes,
    merge_register,
)

KEY = bytes(range(32))


def frame(values: dict[tuple[str, str], str | None]) -> pl.DataFrame:
    return answers_frame(
        [(Response("8D-X", f"B{n + 10}", scar, key), v) for n, ((scar, key), v) in enumerate(values.items())]
    )


def test_signature_covers_every_locked_cell_and_the_identity() -> None:
    cells = {"Cover": {"A1": "Title", "B24": "sig"}, "8D-X": {"A5": "Root cause", "B5": "answer"}}
    signed = locked(cells, {"8D-X": {"B5"}}, ("Cover", "B24"))
    assert signed == [("Cover", "A1", "Title"), ("8D-X", "A5", "Root cause")]
    base = sign(KEY, "PKG-1", "S1", "2026-Q3", signed)
    assert base == sign(
        KEY,
        "PKG-1",
        "S1",
        "2026-Q3",
        locked({**cells, "8D-X": {**cells["8D-X"], "B5": "other"}}, {"8D-X": {"B5"}}, ("Cover", "B24")),
    )
    assert base != sign(KEY, "PKG-1", "S2", "2026-Q3", signed)
    assert base != sign(KEY, "PKG-1", "S1", "2026-Q3", [("Cover", "A1", "Title "), signed[1]])
    assert base != sign(bytes(32), "PKG-1", "S1", "2026-Q3", signed)


def test_diff_names_edits_and_counts_rows() -> None:
    sent = from_cells({"S": {"A1": "h", "A2": "x", "B2": "y", "A3": "z"}})

    def diff(found: dict[str, str], editable: tuple[tuple[str, str], ...] = ()) -> SheetDiff | None:
        return next(iter(compare(sent, from_cells({"S": found}), ["S"], refs(editable))), None)

    base = {"A1": "h", "A2": "x", "B2": "y", "A3": "z"}
    assert diff({**base, "B2": "Y", "C2": "new"}).edited == [("B2", "y", "Y"), ("C2", "", "new")]  # type: ignore[union-attr]
    assert diff({**base, "A4": "more", "B5": "more"}).rows_added == 2  # type: ignore[union-attr]
    shifted = diff({"A1": "h", "A2": "z"})
    assert shifted is not None and shifted.rows_deleted == 1 and shifted.edited == [("A2", "x", "z"), ("B2", "y", "")]
    assert diff({**base, "B2": "answer"}, [("S", "B2")]) is None
    assert diff(base) is None


def normalised(texts: list[str | None], kind: str | None) -> list[str | None]:
    return normalise(
        pl.DataFrame({"text": texts, "kind": [kind] * len(texts)}, schema={"text": pl.String, "kind": pl.String})
    ).to_list()


def test_numbers_compare_as_numbers_within_the_decimals_their_cell_shows() -> None:
    assert normalised(["-0", "0", "0.0", "-0.0", "0E+000"], "n") == ["0"] * 5
    assert normalised(["1", "1.0", "1.00000000000000004", "58.499999999999993", "0.30000000000000004"], "n") == [
        "1",
        "1",
        "1",
        "58.5",
        "0.3",
    ]
    assert normalised(["58.45", "58.450000000000003", "58.449999999999996", "-58.45", "58.4"], "n1") == [
        "58.5",
        "58.5",
        "58.5",
        "-58.5",
        "58.4",
    ]
    assert normalised(["0.9534", "0.95340000000001"], "n3") == ["0.953", "0.953"], (
        "0.0% shows three decimals of the fraction"
    )
    assert normalised(["1200", "1200.0000001", "1,200"], "n0") == ["1200", "1200", "1,200"], (
        "text that is no number stays text"
    )
    assert normalised(["58.5", "68.5"], "n1") == ["58.5", "68.5"]


def test_dates_compare_as_dates_whatever_their_form() -> None:
    forms = ["2026-07-03 00:00:00", "46206", "46206.0", "2026-07-03", "2026/7/3", "2026年7月3日"]
    assert normalised(forms, "d") == ["2026-07-03"] * len(forms)
    assert normalised(["2026-07-04", "next week"], "d") == ["2026-07-04", "next week"]


def test_text_is_nfc_and_empty_is_missing() -> None:
    assert normalised(["e\u0301", "é", "a\r\nb", "", None, " x "], None) == ["é", "é", "a\nb", None, None, " x "]
    assert normalised(["00123", "1.0"], None) == ["00123", "1.0"], "text cells keep their text"


def test_shown_decimals_of_number_formats() -> None:
    assert [
        shown_decimals(f) for f in ("General", "@", "0", "0.0", "#,##0.0###", "0.0%", "+0.0;-0.0;0.0", '0.00" pcs"')
    ] == [None, None, 0, 1, 4, 3, 1, 2]


def test_a_package_id_from_a_reply_never_names_a_file_outside_the_ledger(tmp_path) -> None:
    assert PACKAGE_ID.fullmatch(new_package_id())
    ledger = Ledger.of(tmp_path / "book.xlsx", new_master_id())
    ledger.prepare()
    for hostile in ("../../etc/passwd", "PKG-../../x", "PKG-0123456789ABCDEF/../key", ""):
        assert ledger.manifest(hostile) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
@example("\U0001e030")
def test_any_text_answer_is_kept_as_text_and_formula_like_text_is_flagged(text: str) -> None:
    typed, issues = check_answers(frame({("SCAR-1", "why_1"): text}), "r.xlsx", "en")
    flagged = [i.code for i in issues if i.code == "share_formula_as_text"]
    assert flagged == (["share_formula_as_text"] if text[:1] in ("=", "+", "-", "@", "\t", "\r") else [])
    value = typed["why_1"]["value"].item()
    nfkc = pl.Series([text]).str.normalize("NFKC").item()  # the reader's Unicode tables, newer than Python's
    invisible = r"[\u200b\u200c\u200d\ufeff]"
    kept = (re.sub(invisible + r"|\u00a0", " ", nfkc), re.sub(invisible, " ", text))  # Chinese text keeps its widths
    assert value is None or (isinstance(value, str) and any(value in k for k in kept)), "kept as typed, never evaluated"


def test_a_chinese_answer_keeps_its_full_width_punctuation() -> None:
    answer = "根因：模具（2号）磨损，孔径超差；ＯＫ"
    typed, _ = check_answers(frame({("SCAR-1", "why_1"): f"  {answer}"}), "r.xlsx", "zh")
    assert typed["why_1"]["value"].item() == answer


def test_dates_lengths_and_changes() -> None:
    typed, issues = check_answers(
        frame(
            {
                ("S-1", "response_date"): "2026/9/8",
                ("S-1", "containment_date"): "soon",
                ("S-1", "root_cause"): "x" * 4001,
                ("S-1", "why_1"): "Die worn",
            }
        ),
        "r.xlsx",
        "en",
    )
    assert sorted(i.code for i in issues) == ["share_bad_value", "share_too_long"]
    assert typed["response_date"]["value"].to_list() == [date(2026, 9, 8)]
    register = pl.DataFrame(
        {"scar_id": ["S-1", "S-2"], "root_cause": ["old", "keep"], "response_date": [None, None]},
        schema={"scar_id": pl.String, "root_cause": pl.String, "response_date": pl.Date},
    )
    merged, changes = merge_register(register, {k: typed[k] for k in ("response_date",)})
    assert merged["response_date"].to_list() == [date(2026, 9, 8), None] and merged["root_cause"].to_list() == [
        "old",
        "keep",
    ]
    assert changes.rows() == [("S-1", "response_date", None, "2026-09-08")]
    assert form_changes({"S-1": {"why_1": "Die worn"}}, {"why_1": typed["why_1"]}).height == 0
    assert form_changes({}, {"why_1": typed["why_1"]}).rows() == [("S-1", "why_1", None, "Die worn")]


def test_the_newest_reply_wins_and_the_same_reply_is_a_repeat() -> None:
    history = pl.DataFrame(
        schema={"package_id": pl.String, "digest": pl.String, "status": pl.String, "version": pl.Datetime("us")}
    )
    t1, t2 = datetime(2026, 10, 1), datetime(2026, 10, 2)
    assert placement(history, "P", "d1", t1) == "newer"
    history = record(history, {"package_id": "P", "digest": "d2", "status": "merged", "version": t2})
    assert placement(history, "P", "d2", t1) == "repeat"
    assert placement(history, "P", "d1", t1) == "stale"
    assert placement(history, "Q", "d1", t1) == "newer"
    history = record(history, {"package_id": "P", "digest": "d3", "status": "merged", "version": datetime(2026, 10, 3)})
    assert history["status"].to_list() == ["superseded", "merged"]
