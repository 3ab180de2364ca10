"""The Config preset command: write a shipped scoring scheme into the workbook's Config sheet as editable rows.

Every setting keeps the workbook's own value except those the preset sets; the result is validated before
anything is written, and the Config sheet keeps its name.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config import config_rows
from srm_xl.config.presets import PRESETS
from srm_xl.config.sheet import parse_config
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.report import Report
from srm_xl.messages import render
from srm_xl.schema import spec


def apply_preset(book: Workbook, name: str) -> Report:
    """Set the Config rows of preset ``name`` (``cn-assessment``, ``erpnext-default``) in ``book``."""
    checksum = book.checksum()
    key = name.strip().casefold()
    if key not in PRESETS:
        raise SrmError("preset_unknown", name=name, known=", ".join(PRESETS))
    sheet = spec("config")
    lang = book.lang
    rows = config_rows(lang)
    existing = book.find(sheet)
    values: dict[str, str | None] = {}
    if existing:
        current = book.read(sheet).frame.select("setting", "value").drop_nulls("setting")
        values = {str(s).strip(): v for s, v in current.iter_rows()}
    values.update(PRESETS[key])
    frame = rows.with_columns(
        pl.col("setting").replace_strict(values, default=None, return_dtype=pl.String).replace("", None).alias("value")
    )
    parse_config(
        frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64)), existing or sheet.name(lang)
    )
    book.stage(draft_from_spec(sheet, frame, lang, name=existing, editable=frozenset({"value"})))
    changed = len(PRESETS[key])
    report = Report(
        "config_preset",
        render("preset_applied", "zh", name=key, rows=changed),
        render("preset_applied", "en", name=key, rows=changed),
        rows_written=frame.height,
        sheets=[existing or sheet.name(lang)],
    )
    return finish(book, report, checksum)
