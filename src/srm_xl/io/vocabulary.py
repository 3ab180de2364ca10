"""The workbook's own words: its value map (word → choice) and column map (header → column), as read hints.

Both sheets are optional and edited by the user; import extends them. Every read of a data sheet goes through
them, so a word resolved once is understood by every job.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.io.reader import ReadHints, column_words
from srm_xl.schema import Column, SheetSpec, normalise_label, spec


@dataclass(frozen=True)
class BookMaps:
    """The value map and column map rows of a workbook (empty frames when it has neither sheet)."""

    values: pl.DataFrame
    columns: pl.DataFrame

    @classmethod
    def empty(cls) -> BookMaps:
        return cls(
            pl.DataFrame(schema={"sheet": pl.String, "column": pl.String, "word": pl.String, "meaning": pl.String}),
            pl.DataFrame(schema={"sheet": pl.String, "header": pl.String, "column": pl.String}),
        )

    def hints(
        self,
        sheet: SheetSpec,
        *,
        year: int | None = None,
        fallback_year: int | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> ReadHints:
        """What these maps say about reading ``sheet``, plus a year and headers the caller knows."""
        words = {
            c.key: w
            for c in sheet.columns
            if c.closed and self.values.height and (w := column_words(c, self.rows_for(self.values, sheet, c)))
        }
        headers: dict[str, str] = {}
        for header, target in self.columns.filter(_is_sheet(sheet)).select("header", "column").iter_rows():
            column = column_named(sheet, target)
            if header and column is not None:
                headers[normalise_label(header)] = column.key
        return ReadHints(
            words=words, headers={**headers, **(extra_headers or {})}, year=year, fallback_year=fallback_year
        )

    @staticmethod
    def rows_for(frame: pl.DataFrame, sheet: SheetSpec, column: Column) -> pl.DataFrame:
        named = {normalise_label(a) for a in column.aliases()}
        folded = pl.col("column").map_elements(normalise_label, return_dtype=pl.String)
        return frame.filter(_is_sheet(sheet) & folded.is_in(list(named)))


def _is_sheet(sheet: SheetSpec) -> pl.Expr:
    names = [normalise_label(a) for a in sheet.aliases()]
    return pl.col("sheet").map_elements(normalise_label, return_dtype=pl.String).is_in(names)


def column_named(sheet: SheetSpec, text: str | None) -> Column | None:
    """The column of ``sheet`` that ``text`` names (key, header in either language or a synonym)."""
    wanted = normalise_label(text or "")
    return next((c for c in sheet.columns if wanted in {normalise_label(a) for a in c.aliases()}), None)


def read_maps(book: object) -> BookMaps:
    """The maps of ``book`` (a Workbook); problems reading them are left to validate."""
    maps = BookMaps.empty()
    values, columns = spec("value_map"), spec("column_map")
    found_values = book.read(values).frame if book.has(values) else maps.values  # type: ignore[attr-defined]
    found_columns = book.read(columns).frame if book.has(columns) else maps.columns  # type: ignore[attr-defined]
    return BookMaps(
        found_values.select("sheet", "column", "word", "meaning"), found_columns.select("sheet", "header", "column")
    )
