"""Identifying imported rows: references by name resolved to codes, derived keys for rows without one, and the
row key every re-import upserts by.

A supplier written as 宁波华通塑胶原料有限公司, 华通塑胶 or ＨＵＡＴＯＮＧ resolves to the master's code when exactly one
supplier matches. A row without a key (a lot without a number, a delivery without its PO line) is known by its
identity: what a later version of the same file keeps when it corrects a count, fills in a delivery date or a
result — its references, the key columns it has and its first date — and how many rows of that identity came
before it. A lot so identified gets a key derived from its identity, stable across re-imports.
"""

from __future__ import annotations

import hashlib
import re

import polars as pl

from srm_xl.schema import SheetSpec, registry
from srm_xl.schema.convert import fold

_COMPANY = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|总厂|分厂|工厂|厂"
    r"|co\.?,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|corp\.?|corporation|co\.?)$"
)
DERIVED_PREFIX = "~"
"""Derived keys start with this mark so a reader sees at once that the source had none."""
_SEP = "\x1f"
_CONTENT = "\x00#"
"""Starts a key made of a row's identity (no cell holds a NUL, so it never equals a key typed in the sheet)."""


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


def resolve_names(values: pl.Series, master: pl.DataFrame, *, loose: bool = True) -> pl.Series:
    """Each value as the master's code: itself when it is a code, else the one supplier whose name or short name
    it equals (folded), else (``loose``) the one whose name contains it or is contained in it, else (three
    characters or more) the one whose name holds its characters in order; null when none or several."""
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
        if code is None and loose and len(n) >= 2:
            hits = {c for k, c in long_names if n in k or k in n}
            if not hits and len(n) >= 3:
                hits = {c for k, c in long_names if _in_order(n, k)}
            code = hits.pop() if len(hits) == 1 else None
        if code is not None:
            found[value] = code
    return values.replace_strict(found, default=None, return_dtype=pl.String)


def derived_codes(names: pl.Series) -> pl.Series:
    """Codes for suppliers (customers) listed without one: ``~`` and the name as folded for matching (``~东莞市华强电子``,
    ``~totalplastics``), stable across re-imports; null without a name."""
    folded = names.to_frame("n").select(name_key(pl.col("n")).alias("n"))["n"]
    return pl.select(pl.when(folded != "").then(pl.lit(DERIVED_PREFIX) + folded)).to_series().alias(names.name)


def _in_order(short: str, name: str) -> bool:
    """Whether every character of ``short`` appears in ``name`` in the same order (东莞华信 in 东莞市华信电子)."""
    rest = iter(name)
    return all(char in rest for char in short)


def _digest(text: pl.Series, length: int) -> pl.Series:
    return text.map_elements(lambda t: hashlib.sha1(t.encode()).hexdigest()[:length], return_dtype=pl.String)


def derivable_key(sheet: SheetSpec) -> str | None:
    """The key column a record sheet (a log, not a master other sheets refer to) derives when a row lacks it."""
    referred = {c.ref.split(".")[0] for s in registry().values() for c in s.columns if c.ref}
    if len(sheet.key_columns) != 1 or sheet.key in referred or sheet.kind != "data":
        return None
    return sheet.key_columns[0]


def _identity(sheet: SheetSpec, frame: pl.DataFrame, columns: list[str], among: pl.Expr) -> pl.Expr:
    """What a row without a key is known by (see the module), of ``columns``, joined as text with the count of
    earlier rows of the same identity that ``among`` also holds (three trucks of one part on one day stay three
    rows); a sheet with none of those columns is known by its whole content."""
    columns = [c for c in columns if c in frame.columns]
    derived = derivable_key(sheet)
    first_date = next((c.key for c in sheet.columns if c.dtype == "date" and c.key in columns), None)
    known_by = [
        c.key
        for c in sheet.columns
        if c.key in columns and c.key != derived and (c.key in sheet.key_columns or c.ref or c.key == first_date)
    ]
    text = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in known_by or columns], separator=_SEP)
    return pl.concat_str([text, pl.int_range(pl.len()).over(text, among).cast(pl.String)], separator=_SEP)


def derived_key(sheet: SheetSpec, frame: pl.DataFrame, columns: list[str], wanted: pl.Series) -> pl.Series:
    """A stable key for each ``wanted`` row (null for the others): ``~S001-20260703-3fa2c1`` from the row's first
    reference (the supplier), its first date and a digest of its identity among the ``wanted`` rows."""
    text = frame.select(_identity(sheet, frame, columns, pl.lit(wanted)).alias("t"))["t"]
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
    """The key each row is upserted by: its key columns when all are filled (and not derived), else its identity
    among the ``sourced`` columns (those the imported file has; see the module) — the whole text, not a digest of
    it, and marked so that it never equals a key typed in the sheet."""
    keys = [k for k in sheet.key_columns if k in frame.columns]
    whole = pl.all_horizontal(pl.col(k).is_not_null() for k in keys) if keys else pl.lit(False)
    derived = derivable_key(sheet)
    if derived in keys:
        whole = whole & ~pl.col(derived).cast(pl.String).str.starts_with(DERIVED_PREFIX)
    joined = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=_SEP) if keys else pl.lit(None)
    if keys and frame.select(whole.all()).item():  # the usual log: every row has its key, no identity is joined
        return frame.select(joined.alias("_key"))["_key"]
    by_identity = pl.lit(_CONTENT) + _identity(sheet, frame, sourced, ~whole)
    return frame.select(pl.when(whole).then(joined).otherwise(by_identity).alias("_key"))["_key"]


def completed_keys(sheet: SheetSpec, existing: pl.DataFrame, incoming: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """``existing`` with a key column left blank (a survey imported before its customer column was mapped) filled
    from the incoming row that shares its other key columns, where those identify a single row in the sheet and a
    single incoming row (the survey ID of a response); and which rows were so filled."""
    keys = [k for k in sheet.key_columns if k in existing.columns and k in incoming.columns]
    completed = existing
    for blank in keys if len(keys) > 1 else []:
        others = [k for k in keys if k != blank]
        alone = pl.all_horizontal(pl.col(k).is_not_null() for k in others) & (pl.len().over(others) == 1)
        found = incoming.filter(alone & pl.col(blank).is_not_null()).select(*others, pl.col(blank).alias("_found"))
        completed = (
            completed.with_columns(alone.alias("_alone"))
            .join(found, on=others, how="left", maintain_order="left")
            .with_columns(
                pl.when(pl.col(blank).is_null() & pl.col("_alone")).then("_found").otherwise(blank).alias(blank)
            )
            .drop("_alone", "_found")
        )
    filled = pl.repeat(False, existing.height, eager=True)
    for key in keys:
        filled = filled | (existing[key].is_null() & completed[key].is_not_null())
    return completed, filled
