"""``assert_workbook_equal``: compare two workbooks by what a user sees and Excel keeps, naming the difference.

The normalised view covers sheets and their state, cell values and number formats, data validations,
conditional formats, tables, merged cells, freeze panes, protection and defined names. Volatile parts
(document dates, author, window sizes) are never compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def workbook_view(path: Path) -> dict[str, Any]:
    """A comparable description of a workbook, read with openpyxl."""
    workbook = openpyxl.load_workbook(path)
    view: dict[str, Any] = {
        "sheets": [(ws.title, ws.sheet_state) for ws in workbook.worksheets],
        "defined_names": sorted(workbook.defined_names),
    }
    for ws in workbook.worksheets:
        cells = {
            c.coordinate: (c.value, c.number_format, c.data_type)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
        view[ws.title] = {
            "cells": cells,
            "validations": sorted(
                (str(v.sqref), v.type, v.formula1, v.prompt) for v in ws.data_validations.dataValidation
            ),
            "conditional": sorted(
                (str(cf.sqref), tuple((r.type, tuple(r.formula or ()), r.operator) for r in cf.rules))
                for cf in ws.conditional_formatting
            ),
            "tables": sorted((t.name, t.ref, tuple(c.name for c in t.tableColumns)) for t in ws.tables.values()),
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "protected": ws.protection.sheet,
            "widths": {k: round(d.width, 2) for k, d in ws.column_dimensions.items() if d.width},
        }
    return view


def assert_workbook_equal(got: Path, expected: Path) -> None:
    """Fail with the sheet and cell (or feature) where ``got`` differs from ``expected``."""
    a, b = workbook_view(got), workbook_view(expected)
    assert a["sheets"] == b["sheets"], f"sheets differ: {a['sheets']} != {b['sheets']}"
    assert a["defined_names"] == b["defined_names"], "defined names differ"
    for title, _state in a["sheets"]:
        for feature in ("validations", "conditional", "tables", "merged", "freeze", "protected", "widths"):
            assert a[title][feature] == b[title][feature], f"{title}: {feature} differ"
        cells_a, cells_b = a[title]["cells"], b[title]["cells"]
        for ref in sorted(set(cells_a) | set(cells_b)):
            assert cells_a.get(ref) == cells_b.get(ref), f"{title}!{ref}: {cells_a.get(ref)} != {cells_b.get(ref)}"
