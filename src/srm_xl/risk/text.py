"""Rule descriptions from the message catalogue, filled column-wise: one ``pl.format`` per language."""

from __future__ import annotations

import re

import polars as pl

from srm_xl.messages import LANGS, catalogue

_FIELD = re.compile(r"{(\w+)}")


def describe(code: str, **fields: pl.Expr | dict[str, pl.Expr]) -> list[pl.Expr]:
    """``description_zh`` and ``description_en``: the ``code`` templates with each ``{field}`` taken from ``fields``
    (an expression, or one per language as ``{"zh": …, "en": …}``)."""
    exprs = []
    for lang in LANGS:
        template = catalogue()[code][lang]
        chosen = [fields[name] for name in _FIELD.findall(template)]
        parts = [(f[lang] if isinstance(f, dict) else f).cast(pl.String).fill_null("—") for f in chosen]
        exprs.append(pl.format(_FIELD.sub("{}", template), *parts).alias(f"description_{lang}"))
    return exprs


def percent(value: pl.Expr) -> pl.Expr:
    """0.853 → ``"85.3%"``."""
    return pl.format("{}%", (value * 100).round(1))


def label(code: str) -> dict[str, pl.Expr]:
    """A fixed catalogue text as a literal per language, for ``describe``."""
    return {lang: pl.lit(catalogue()[code][lang]) for lang in LANGS}


def pick(condition: pl.Expr, chosen: list[pl.Expr], otherwise: list[pl.Expr]) -> list[pl.Expr]:
    """Two ``describe`` results merged row by row: ``chosen`` where ``condition`` holds, else ``otherwise``."""
    return [
        pl.when(condition).then(a).otherwise(b).alias(a.meta.output_name())
        for a, b in zip(chosen, otherwise, strict=True)
    ]
