"""Catalogue messages filled column-wise, in one language."""

from __future__ import annotations

import polars as pl

from srm_xl.messages import LANGS, Lang, render
from srm_xl.risk.text import describe
from srm_xl.schema import Choice


def say(code: str, lang: Lang, **fields: pl.Expr) -> pl.Expr:
    """The ``code`` template in ``lang`` with each ``{field}`` taken from the expression of that name."""
    if not fields:
        return pl.lit(render(code, lang))
    return describe(code, **fields)[LANGS.index(lang)]


def labels(choices: tuple[Choice, ...], lang: Lang) -> dict[str, str]:
    """Choice key → its label in ``lang``."""
    return {c.key: c.label(lang) for c in choices}
