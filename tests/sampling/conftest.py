"""Shared readers of the independent reference transcriptions in ``reference/``."""

from __future__ import annotations

import csv
from pathlib import Path

REFERENCE = Path(__file__).parent / "reference"


def reference_rows(name: str) -> list[dict[str, str]]:
    """Rows of a reference file: CSV, or tab-separated with ``#`` provenance lines (``.tsv``)."""
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        if name.endswith(".tsv"):
            return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
        return list(csv.DictReader(handle))


GB_TABLES = ("gbt2828-1-2012-tables-2abc-full16.tsv", "gbt2828-1-2012-tables-2abc-aql15-1000.tsv")
"""The GB/T 2828.1-2012 transcription of Tables 2-A/2-B/2-C, AQL 0.010-10 and 15-1000 (see reference/README.md)."""


def gb_cells(state: str) -> dict[tuple[str, str], str]:
    """``(code letter, AQL text) -> "final letter/n/Ac/Re"`` (or ``-``) for one state of the GB transcription."""
    cells = {}
    for name in GB_TABLES:
        for row in reference_rows(name):
            if row["state"] == state:
                cells.update(
                    {(row["initial_code"], key[4:]): value for key, value in row.items() if key.startswith("aql_")}
                )
    return cells
