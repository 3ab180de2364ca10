"""Single sampling plans: one lot with ``plan``, a whole column of lots at once with ``plan_frame``."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from srm_xl.config.sampling import AQL_KEYS, SamplingConfig, aql_key
from srm_xl.errors import SrmError
from srm_xl.sampling.tables import LEVELS, SEVERITIES, STANDARDS, code_letters, family, master_table

CODES = "ABCDEFGHJKLMNPQRS"
PLAN_COLUMNS = ("code_letter", "sample_size", "ac", "re", "full_inspection", "plan_error")


@dataclass(frozen=True)
class Plan:
    """What to inspect: draw ``sample_size`` units; accept with ``ac`` or fewer nonconforming, reject at ``re``.

    ``code_letter`` is the letter of the plan actually used (after following the table's arrows);
    ``full_inspection`` means the sample would be the whole lot, so every unit is inspected.
    """

    code_letter: str
    sample_size: int
    ac: int
    re: int
    full_inspection: bool


def _letter_row(lot_size: int, level: int) -> int:
    table = code_letters()
    band = bisect.bisect_right(table.lot_min.tolist(), max(lot_size, 2)) - 1
    return CODES.index(table.letters[band, level])


def plan(
    lot_size: int, level: str = "II", aql: float = 1.0, severity: str = "normal", standard: str = "GB/T 2828.1"
) -> Plan:
    """The single sampling plan for one lot; raises ``SrmError`` naming the bad argument."""
    where = f"plan(lot_size={lot_size!r}, level={level!r}, aql={aql!r}, severity={severity!r})"
    if (
        isinstance(lot_size, bool)
        or not isinstance(lot_size, int | float)
        or lot_size != lot_size
        or lot_size < 1
        or int(lot_size) != lot_size
    ):
        raise SrmError("sampling_lot_size_invalid", where=where, value=lot_size)
    if level not in LEVELS:
        raise SrmError("sampling_level_unknown", where=where, value=level)
    if isinstance(aql, bool) or not isinstance(aql, int | float) or aql != aql or aql_key(aql) not in AQL_KEYS:
        raise SrmError("sampling_aql_not_in_series", where=where, value=aql)
    if severity not in SEVERITIES:
        raise SrmError("sampling_severity_unknown", where=where, value=severity)
    if standard not in STANDARDS:
        raise SrmError("sampling_standard_unknown", where=where, value=standard)
    table = master_table(severity, family(standard))
    row, col = _letter_row(int(lot_size), LEVELS.index(level)), AQL_KEYS.index(aql_key(aql))
    n = int(table.n[row, col])
    full = n >= lot_size
    return Plan(
        str(table.code[row, col]), int(lot_size) if full else n, int(table.ac[row, col]), int(table.re[row, col]), full
    )


@cache
def _stacked(fam: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Resolved Tables 2-A/2-B/2-C stacked as ``[severity, letter row, aql]`` arrays: code index, n, Ac, Re."""
    shape = (len(SEVERITIES), len(CODES), len(AQL_KEYS))
    code, n, ac, re = (np.zeros(shape, dtype=np.int64) for _ in range(4))
    for s, severity in enumerate(SEVERITIES):
        table = master_table(severity, fam)
        rows = len(table.codes)
        code[s, :rows] = np.vectorize(CODES.index)(table.code)
        n[s, :rows], ac[s, :rows], re[s, :rows] = table.n, table.ac, table.re
    return code, n, ac, re


@cache
def _letter_grid() -> tuple[np.ndarray, np.ndarray]:
    table = code_letters()
    return table.lot_min, np.vectorize(CODES.index)(table.letters)


def letter_rows(lot: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Table 1 for arrays: the code-letter row (index into ``CODES``) of each lot size and level index."""
    lot_min, letters = _letter_grid()
    band = np.searchsorted(lot_min, np.maximum(lot, 2), side="right") - 1
    return letters[band, level]


def lookup(fam: str, severity: np.ndarray, row: np.ndarray, aql: np.ndarray) -> tuple[np.ndarray, ...]:
    """Tables 2-A/2-B/2-C for arrays of indices: code index, sample size (before 100 % inspection), Ac, Re."""
    tables = _stacked(fam)
    flat = np.ravel_multi_index((severity, row, aql), tables[0].shape)
    return tuple(table.ravel().take(flat) for table in tables)


def index_of(values: pl.Series, keys: tuple, *, dtype: pl.DataType = pl.Int64) -> np.ndarray:
    """Position of each value in ``keys``; -1 where it is not one of them (or null)."""
    return (
        values.cast(dtype, strict=False)
        .replace_strict(list(keys), list(range(len(keys))), default=-1, return_dtype=pl.Int64)
        .fill_null(-1)
        .to_numpy()
    )


def aql_index(values: pl.Series) -> np.ndarray:
    """Position of each AQL in the series; -1 where it is not in it."""
    return index_of((values.cast(pl.Float64, strict=False) * 1000).round().fill_nan(None), AQL_KEYS)


def lot_sizes(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Lot sizes as int64 (2 where invalid) and whether each is a whole number of at least 1."""
    raw = values.cast(pl.Float64, strict=False).fill_nan(None)
    ok = ((raw >= 1) & (raw == raw.floor())).fill_null(False).to_numpy()
    return np.where(ok, raw.fill_null(2).to_numpy(), 2).astype(np.int64), ok


def filled(frame: pl.DataFrame, name: str, default: object, dtype: pl.DataType) -> pl.Series:
    """Column ``name`` of ``frame`` with nulls as ``default``, or ``default`` throughout when it is absent."""
    if name in frame.columns:
        return frame[name].cast(dtype, strict=False).fill_null(default)
    return pl.repeat(default, frame.height, dtype=dtype, eager=True)


_ERRORS = (
    None,
    "sampling_lot_size_invalid",
    "sampling_level_unknown",
    "sampling_aql_not_in_series",
    "sampling_severity_unknown",
    "sampling_discontinued",
)


def plan_frame(frame: pl.DataFrame, config: SamplingConfig | None = None) -> pl.DataFrame:
    """``frame`` with the plan of every lot added (see ``PLAN_COLUMNS``), computed for all rows at once.

    Reads ``lot_size`` and, when present, ``level``, ``aql`` and ``severity``; nulls take the defaults from
    ``config`` (level, ``aql_major``, normal). A row that cannot be planned gets a message code in
    ``plan_error`` and nulls in the plan columns; the other rows are unaffected.
    """
    cfg = config or SamplingConfig()
    lot, lot_ok = lot_sizes(frame["lot_size"])
    level = index_of(filled(frame, "level", cfg.level, pl.Utf8), LEVELS, dtype=pl.Utf8)
    aql = aql_index(filled(frame, "aql", cfg.aql_major, pl.Float64))
    severity_text = filled(frame, "severity", "normal", pl.Utf8)
    severity = index_of(severity_text, SEVERITIES, dtype=pl.Utf8)

    error = np.zeros(frame.height, dtype=np.int8)  # the first problem found in a row, as an index into _ERRORS
    for code, bad in reversed(((1, ~lot_ok), (2, level < 0), (3, aql < 0), (4, severity < 0))):
        error[bad] = code
    error[(severity_text == "discontinued").to_numpy()] = 5
    ok = error == 0

    row = letter_rows(lot, np.where(ok, level, 0))
    code, n, ac, re = lookup(family(cfg.standard), np.where(ok, severity, 0), row, np.where(ok, aql, 0))
    full = n >= lot
    planned = frame.with_columns(
        pl.Series("code_letter", np.array(list(CODES))[code]),
        pl.Series("sample_size", np.where(full, lot, n)),
        pl.Series("ac", ac),
        pl.Series("re", re),
        pl.Series("full_inspection", full),
        pl.Series("plan_error", error).replace_strict(dict(enumerate(_ERRORS)), return_dtype=pl.Utf8),
    )
    return planned.with_columns(
        pl.when(pl.col("plan_error").is_null()).then(pl.col(c)).otherwise(None).alias(c) for c in PLAN_COLUMNS[:-1]
    )
