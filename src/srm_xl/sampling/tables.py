"""The GB/T 2828.1-2012 (= ISO 2859-1:1999) tables, loaded once from the CSV files in ``data/``.

Table 1 maps a lot size and inspection level to a sample-size code letter; Tables 2-A/2-B/2-C give, per code
letter and AQL, an Ac/Re pair or an arrow. ``master_table`` follows every arrow once, as the standard says (use the
first plan below ↓ / above ↑, *with that plan's sample size*), so a lookup is a plain array index.
ANSI/ASQ Z1.4-2008 shares Tables 1, 2-A and 2-B; only its reduced table (with the Ac/Re gap) differs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from srm_xl.config.sampling import AQL_SERIES

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
SEVERITIES: tuple[str, ...] = ("normal", "tightened", "reduced")
STANDARDS: tuple[str, ...] = ("GB/T 2828.1", "ISO 2859-1", "ANSI Z1.4")
_FILES = {
    ("normal", "iso"): "normal.csv",
    ("tightened", "iso"): "tightened.csv",
    ("reduced", "iso"): "reduced_iso.csv",
    ("normal", "z14"): "normal.csv",
    ("tightened", "z14"): "tightened.csv",
    ("reduced", "z14"): "reduced_z14.csv",
}


def family(standard: str) -> str:
    """Which table set a standard uses: ``iso`` (GB/T 2828.1, ISO 2859-1:1999) or ``z14`` (ANSI/ASQ Z1.4)."""
    return "z14" if standard == "ANSI Z1.4" else "iso"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class CodeLetters:
    """Table 1: ``letters[range, level]`` for lot sizes from ``lot_min[range]`` up."""

    lot_min: np.ndarray
    letters: np.ndarray


@cache
def code_letters() -> CodeLetters:
    rows = _rows("code_letters.csv")
    return CodeLetters(
        np.array([int(r["lot_min"]) for r in rows], dtype=np.int64),
        np.array([[r[level] for level in LEVELS] for r in rows], dtype="<U1"),
    )


@dataclass(frozen=True)
class MasterTable:
    """One of Tables 2-A/2-B/2-C as printed (``cells``) and with its arrows followed (``code/n/ac/re``)."""

    codes: tuple[str, ...]
    sample_sizes: np.ndarray
    cells: tuple[tuple[str, ...], ...]
    code: np.ndarray
    n: np.ndarray
    ac: np.ndarray
    re: np.ndarray

    def row(self, letter: str) -> int:
        return self.codes.index(letter)


@cache
def master_table(severity: str, fam: str = "iso") -> MasterTable:
    rows = _rows(_FILES[severity, fam])
    codes = tuple(r["code"] for r in rows)
    sizes = np.array([int(r["sample_size"]) for r in rows], dtype=np.int64)
    cells = tuple(tuple(r[key] for key in list(r)[2:]) for r in rows)
    shape = (len(codes), len(AQL_SERIES))
    code, n, ac, re = (np.zeros(shape, dtype=dt) for dt in ("<U1", np.int64, np.int64, np.int64))
    for i in range(len(codes)):
        for j in range(len(AQL_SERIES)):
            if not cells[i][j]:  # code letter S of Table 2-B is only ever reached by an arrow
                continue
            k = i
            while cells[k][j] in ("up", "down"):
                k += 1 if cells[k][j] == "down" else -1
                if not 0 <= k < len(codes):
                    raise ValueError(
                        f"{_FILES[severity, fam]}: arrow at {codes[i]}/{AQL_SERIES[j]} leads off the table"
                    )
            if not cells[k][j]:
                raise ValueError(f"{_FILES[severity, fam]}: arrow at {codes[i]}/{AQL_SERIES[j]} leads to an empty cell")
            a, r = cells[k][j].split("/")
            code[i, j], n[i, j], ac[i, j], re[i, j] = codes[k], sizes[k], int(a), int(r)
    return MasterTable(codes, sizes, cells, code, n, ac, re)
