"""The sheet schema: every sheet described once as a typed table."""

from srm_xl.schema.column import Choice, Column, Highlight, SheetSpec, choices, normalise_label
from srm_xl.schema.registry import match_sheet, registry, spec

__all__ = [
    "Choice",
    "Column",
    "Highlight",
    "SheetSpec",
    "choices",
    "match_sheet",
    "normalise_label",
    "registry",
    "spec",
]
