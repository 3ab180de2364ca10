"""The unified social credit code (GB 32100-2015): 18 characters, the last a check digit over the first 17."""

from __future__ import annotations

import polars as pl

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a code may use (no I, O, S, V, Z)."""
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
"""Weight of each of the first 17 positions: 3^i mod 31 (1, 3, 9, 27, 19, 26 …)."""
_VALUES = {c: i for i, c in enumerate(CHARSET)}
SHAPE = rf"^[1-9A-GY][0-9A-Z]\d{{6}}[{CHARSET}]{{10}}$"


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015, 4.3)."""
    total = sum(_VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """Whether ``code`` has the right shape and check digit (case and spaces ignored)."""
    code = code.strip().upper()
    return len(code) == 18 and all(c in _VALUES for c in code) and check_digit(code[:17]) == code[17]


def uscc_problems(codes: pl.Expr) -> pl.Expr:
    """Per row: null when the code is valid or empty, else ``"uscc_shape"`` or ``"uscc_check_digit"``."""
    code = codes.str.to_uppercase().str.replace_all(r"\s", "")
    total = pl.sum_horizontal(
        code.str.slice(i, 1).replace_strict(_VALUES, default=0, return_dtype=pl.Int64) * w
        for i, w in enumerate(WEIGHTS)
    )
    expected = ((31 - total % 31) % 31).replace_strict(dict(enumerate(CHARSET)), return_dtype=pl.String)
    shape_ok = code.str.contains(SHAPE)
    return (
        pl.when(code.is_null())
        .then(None)
        .when(~shape_ok)
        .then(pl.lit("uscc_shape"))
        .when(code.str.slice(17, 1) != expected)
        .then(pl.lit("uscc_check_digit"))
        .otherwise(None)
    )
