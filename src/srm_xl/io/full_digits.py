"""Numbers a text read gives back with every digit the cell holds.

fastexcel, reading a sheet as text, spells a number cell rounded to nine decimal places (``1/3`` as
``0.333333333``, ``12.3456789012`` as ``12.345678901``). A column holding such a spelling is read once more as
numbers, and each cell whose number rounds to its text takes the number's own digits. Only the columns that need
it are read again, so a log of quantities and whole-cent costs costs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

_NINE_PLACES = r"^-?\d+\.\d{9}$"


def with_full_digits(
    frame: pl.DataFrame, positions: list[int], load_numbers: Callable[[list[int]], pl.DataFrame]
) -> pl.DataFrame:
    """``frame`` (cells as text, one column per sheet position in ``positions``) with numbers spelt at nine
    places given all their digits; ``load_numbers`` reads the given sheet positions as numbers, row for row."""
    schema, at = frame.schema, dict(zip(frame.columns, positions, strict=True))  # each asked once: 16,384 columns
    cut = [n for n in frame.columns if schema[n] == pl.String and frame[n].str.contains(_NINE_PLACES).any()]
    if not cut:
        return frame
    numbers = load_numbers([at[n] for n in cut])
    if numbers.height != frame.height or numbers.width != len(cut):
        return frame
    restored = []
    for name, number_name in zip(cut, numbers.columns, strict=True):
        text, number = pl.col(name), numbers[number_name].cast(pl.Float64, strict=False)
        spelt = text.cast(pl.Float64, strict=False)
        rounds_to_text = (pl.lit(number) - spelt).abs() <= 1e-9 * pl.max_horizontal(pl.lit(1.0), spelt.abs())
        same = text.str.contains(_NINE_PLACES) & pl.lit(number).is_not_null() & rounds_to_text
        restored.append(pl.when(same).then(pl.lit(number).cast(pl.String)).otherwise(text).alias(name))
    return frame.with_columns(restored)
