"""Catalogue messages built per row by polars: a template's ``{field}`` placeholders filled from expressions."""

from __future__ import annotations

import re

import polars as pl

from srm_xl.messages import Lang, catalogue

_FIELD = re.compile(r"{(\w+)}")


def message_expr(code: str, lang: Lang, **fields: pl.Expr | str | float) -> pl.Expr:
    """The message ``code`` in ``lang`` for each row, each ``{name}`` replaced by ``fields[name]`` as text."""
    template = catalogue()[code][lang]
    parts: list[pl.Expr] = []
    last = 0
    for match in _FIELD.finditer(template):
        parts.append(pl.lit(template[last : match.start()]))
        value = fields[match.group(1)]
        parts.append(value.cast(pl.String) if isinstance(value, pl.Expr) else pl.lit(str(value)))
        last = match.end()
    parts.append(pl.lit(template[last:]))
    return pl.concat_str(parts)


def percent_text(expr: pl.Expr, decimals: int = 1) -> pl.Expr:
    """``0.1234`` → ``"12.3%"``."""
    return pl.concat_str((expr * 100).round(decimals).cast(pl.String), pl.lit("%"))
