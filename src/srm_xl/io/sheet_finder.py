"""Which sheet holds which table when the user named the sheets themselves (``Sheet1``, ``IQC 2026``…).

A sheet named after a spec (in either language, or a synonym) is that spec's. Any other sheet is matched by its
header row, peeked cheaply: it goes to the data spec whose columns it maps best, when the match is clear — the
spec's key column found and at least three columns mapped, and no other spec scoring as high.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from srm_xl.io.headers import find_header
from srm_xl.schema import SheetSpec, normalise_label, registry

MIN_COLUMNS = 3


def named_sheet(spec: SheetSpec, names: list[str]) -> str | None:
    """The sheet whose name is the spec's zh/en name or a synonym."""
    aliases = {normalise_label(a) for a in spec.aliases()}
    return next((name for name in names if normalise_label(name) in aliases), None)


def sheets_by_header(names: list[str], top_rows: Callable[[str], tuple[pl.DataFrame, list[int]]]) -> dict[str, str]:
    """Data-spec key → the sheet (not named after any spec) whose header clearly is that spec's."""
    specs = list(registry().values())
    claimed = {name for spec in specs if (name := named_sheet(spec, names))}
    open_specs = [s for s in specs if s.kind == "data" and named_sheet(s, names) is None]
    best: dict[str, tuple[int, str]] = {}
    for name in names:
        if name in claimed:
            continue
        head, _ = top_rows(name)
        rows = [list(r) for r in head.iter_rows()]
        scores = []
        for spec in open_specs:
            header = find_header(rows, spec)
            key = (spec.key_columns or (spec.columns[0].key,))[0]
            if header is not None and header.score >= MIN_COLUMNS and key in header.columns:
                scores.append((header.score, spec.key))
        scores.sort(reverse=True)
        if scores and (len(scores) == 1 or scores[0][0] > scores[1][0]):
            score, key = scores[0]
            if score > best.get(key, (0, ""))[0]:
                best[key] = (score, name)
    return {key: name for key, (_, name) in best.items()}
