"""Identifying imported rows: references by name resolved to codes, derived keys for rows without one, and the
row key every re-import upserts by.

A supplier written as 宁波华通塑胶原料有限公司, 华通塑胶 or ＨＵＡＴＯＮＧ resolves to the master's code when exactly one
supplier matches; a lot without a number gets a key derived from its content (stable across re-imports); a
delivery without a PO line is matched by its content.
"""

from __future__ import annotations

import hashlib
import re

import polars as pl

from srm_xl.schema import SheetSpec
from srm_xl.schema.convert import fold

_COMPANY = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|总厂|分厂|工厂|厂"
    r"|co\.?,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|corp\.?|corporation|co\.?)$"
)
DERIVED_PREFIX = "~"
"""Derived keys start with this mark so a reader sees at once that the source had none."""
_SEP = "\x1f"
_CONTENT = "\x00#"
"""Starts a key made of a row's content (no cell holds a NUL, so it never equals a key typed in the sheet)."""


def name_key(text: pl.Expr) -> pl.Expr:
    """A company name folded for matching: case, width, spaces and punctuation, and legal-form endings
    (有限公司, 股份有限公司, Co., Ltd.) removed."""
    folded = fold(text)
    for _ in range(2):
        folded = folded.str.replace(_COMPANY.pattern, "")
    return folded


def _unique_lookup(keys: pl.DataFrame) -> dict[str, str]:
    """``key`` → ``code`` for keys that name exactly one code."""
    single = keys.drop_nulls().filter(pl.col("key") != "").unique().filter(pl.col("key").is_unique())
    return dict(single.select("key", "code").iter_rows())


def resolve_names(values: pl.Series, master: pl.DataFrame) -> pl.Series:
    """Each value as the master's code: itself when it is a code, else the one supplier whose name or short name
    it equals (folded), else the one whose name contains it or is contained in it, else (three characters or
    more) the one whose name holds its characters in order; null when none or several."""
    codes = master.select(pl.col("code")).drop_nulls()
    by_code = dict(codes.select(fold(pl.col("code")).alias("f"), pl.col("code")).iter_rows())
    names = pl.concat(
        [
            master.select(name_key(pl.col(c)).alias("key"), pl.col("code"))
            for c in ("name", "short_name")
            if c in master.columns
        ]
    )
    exact = _unique_lookup(names)
    distinct = values.drop_nulls().unique()
    folded = distinct.to_frame("v").select(pl.col("v"), fold(pl.col("v")).alias("f"), name_key(pl.col("v")).alias("n"))
    found: dict[str, str] = {}
    long_names = [(k, c) for k, c in names.drop_nulls().iter_rows() if len(k) >= 2]
    for value, f, n in folded.iter_rows():
        code = by_code.get(f) or exact.get(n)
        if code is None and len(n) >= 2:
            hits = {c for k, c in long_names if n in k or k in n}
            if not hits and len(n) >= 3:
                hits = {c for k, c in long_names if _in_order(n, k)}
            code = hits.pop() if len(hits) == 1 else None
        if code is not None:
            found[value] = code
    return values.replace_strict(found, default=None, return_dtype=pl.String)


def _in_order(short: str, name: str) -> bool:
    """Whether every character of ``short`` appears in ``name`` in the same order (东莞华信 in 东莞市华信电子)."""
    rest = iter(name)
    return all(char in rest for char in short)


def _digest(text: pl.Series, length: int) -> pl.Series:
    return text.map_elements(lambda t: hashlib.sha1(t.encode()).hexdigest()[:length], return_dtype=pl.String)


def content_text(frame: pl.DataFrame, columns: list[str]) -> pl.Expr:
    """The row's values in ``columns`` joined as text (nulls empty): what a content key is made of."""
    return pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in columns if c in frame.columns], separator=_SEP
    )


def with_occurrence(frame: pl.DataFrame, text: pl.Expr) -> pl.Expr:
    """``text`` with the count of earlier identical rows appended, so identical rows keep distinct keys."""
    return pl.concat_str([text, (pl.int_range(pl.len()).over(text)).cast(pl.String)], separator=_SEP)


def derived_key(sheet: SheetSpec, frame: pl.DataFrame, columns: list[str], wanted: pl.Series) -> pl.Series:
    """A stable key for each ``wanted`` row (null for the others): ``~S001-20260703-3fa2c1`` from the row's first
    reference (the supplier), its first date and a digest of its content (with the number of identical rows
    before it, counted over the whole frame)."""
    text = frame.select(with_occurrence(frame, content_text(frame, columns)).alias("t"))["t"]
    rows = wanted.arg_true()
    digests = pl.Series("_d", [None] * frame.height, dtype=pl.String).scatter(rows, _digest(text.gather(rows), 6))
    ref = next((c.key for c in sheet.columns if c.ref and c.key in frame.columns), None)
    day = next((c.key for c in sheet.columns if c.dtype == "date" and c.key in frame.columns), None)
    parts = [
        pl.col(ref).cast(pl.String).fill_null("X") if ref else pl.lit("X"),
        pl.col(day).dt.strftime("%Y%m%d").fill_null("0") if day else pl.lit("0"),
    ]
    return frame.with_columns(digests).select(
        (pl.lit(DERIVED_PREFIX) + pl.concat_str([*parts, pl.col("_d")], separator="-")).alias("key")
    )["key"]


def row_keys(sheet: SheetSpec, frame: pl.DataFrame, sourced: list[str]) -> pl.Series:
    """The key each row is upserted by: its key columns when all are filled, else the text of the ``sourced``
    columns (those the imported file has, with the number of identical rows before it) — the whole text, not a
    digest of it, so two different rows can never share a key."""
    keys = [k for k in sheet.key_columns if k in frame.columns]
    whole = pl.all_horizontal(pl.col(k).is_not_null() for k in keys) if keys else pl.lit(False)
    joined = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=_SEP) if keys else pl.lit(None)
    if keys and frame.select(whole.all()).item():  # the usual log: every row has its key, no content is joined
        return frame.select(joined.alias("_key"))["_key"]
    content = frame.select(with_occurrence(frame, content_text(frame, sourced)).alias("t"))["t"]
    by_content = (pl.lit(_CONTENT) + content).alias("_key")
    return frame.select(pl.when(whole).then(joined).otherwise(by_content).alias("_key"))["_key"]
