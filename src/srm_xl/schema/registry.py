"""The one registry of every sheet the product knows.

Each module of this package that describes sheets exports ``SHEETS``; the registry collects them in the
order users see them (``_MODULE_ORDER`` first, any other module after, alphabetically).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from srm_xl.schema.column import SheetSpec, normalise_label

_MODULE_ORDER = (
    "suppliers",
    "inspection",
    "deliveries",
    "scorecard",
    "risk",
    "capa",
    "customers",
    "contracts",
    "system",
    "imports",
)


@cache
def registry() -> dict[str, SheetSpec]:
    """Every sheet spec by key, in display order."""
    import srm_xl.schema as package

    found = [m.name for m in pkgutil.iter_modules(package.__path__)]
    ordered = [m for m in _MODULE_ORDER if m in found] + sorted(m for m in found if m not in _MODULE_ORDER)
    specs: dict[str, SheetSpec] = {}
    for name in ordered:
        for spec in getattr(importlib.import_module(f"srm_xl.schema.{name}"), "SHEETS", ()):
            if spec.key in specs:
                raise ValueError(f"sheet key {spec.key!r} is registered twice")
            specs[spec.key] = spec
    _check_references(specs)
    return specs


def spec(key: str) -> SheetSpec:
    """The spec registered under ``key`` (``"suppliers"``, ``"inspections"`` …)."""
    try:
        return registry()[key]
    except KeyError:
        raise KeyError(f"no sheet {key!r}; known: {', '.join(registry())}") from None


def match_sheet(name: str) -> SheetSpec | None:
    """The spec whose zh/en name or synonym matches a workbook sheet name, if any."""
    wanted = normalise_label(name)
    for candidate in registry().values():
        if wanted in {normalise_label(a) for a in candidate.aliases()}:
            return candidate
    return None


def _check_references(specs: dict[str, SheetSpec]) -> None:
    for sheet in specs.values():
        for column in sheet.columns:
            for other, choice, ref in column.references():
                target, key = ref.split(".")
                if target not in specs or key not in specs[target].by_key:
                    raise ValueError(f"{sheet.key}.{column.key} refers to unknown {ref!r}")
                if other is not None and choice not in {c.key for c in sheet.column(other).choices}:
                    raise ValueError(f"{sheet.key}.{column.key} refers by unknown choice {other}={choice!r}")
