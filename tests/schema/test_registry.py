"""The schema registry: every sheet described once, consistently, so nothing else needs a header string."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from srm_xl.schema import Column, SheetSpec, match_sheet, normalise_label, registry, spec


def test_foundation_sheets_are_registered() -> None:
    expected = {
        "suppliers",
        "certificates",
        "parts",
        "inspections",
        "deliveries",
        "scorecard",
        "config",
        "risks",
        "corrective_actions",
        "customers",
        "complaints",
        "surveys",
        "contracts",
        "audit_log",
    }
    assert expected <= set(registry())


@pytest.mark.parametrize("sheet", list(registry().values()), ids=lambda s: s.key)
def test_every_column_is_fully_described(sheet: SheetSpec) -> None:
    for column in sheet.columns:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", column.key)
        assert column.zh and column.en, f"{sheet.key}.{column.key} needs both headers"
        assert re.search(r"[\u4e00-\u9fff]", column.zh) or column.zh == column.en, (
            f"{sheet.key}.{column.key} zh header is not Chinese"
        )
        assert column.excel_width > 0 and column.excel_format


@pytest.mark.parametrize("sheet", list(registry().values()), ids=lambda s: s.key)
def test_no_alias_is_ambiguous_within_a_sheet(sheet: SheetSpec) -> None:
    """A header text must map to one column only, or import would guess."""
    owners: dict[str, set[str]] = {}
    for column in sheet.columns:
        for alias in column.aliases():
            owners.setdefault(normalise_label(alias), set()).add(column.key)
    ambiguous = {alias: keys for alias, keys in owners.items() if len(keys) > 1}
    assert not ambiguous, f"{sheet.key}: ambiguous headers {ambiguous}"


@pytest.mark.parametrize("sheet", list(registry().values()), ids=lambda s: s.key)
def test_no_choice_label_is_ambiguous(sheet: SheetSpec) -> None:
    for column in sheet.columns:
        owners = Counter(
            normalise_label(a) for choice in column.choices for a in set(map(normalise_label, choice.aliases()))
        )
        assert not [a for a, n in owners.items() if n > 1], (
            f"{sheet.key}.{column.key}: a choice label maps to two choices"
        )


def test_names_and_tables_are_unique_across_the_workbook() -> None:
    specs = list(registry().values())
    for attribute in ("zh", "en", "table"):
        values = [normalise_label(getattr(s, attribute)) for s in specs]
        assert len(values) == len(set(values)), f"duplicate sheet {attribute}"
    assert all(len(s.zh) <= 31 and len(s.en) <= 31 for s in specs), "Excel sheet names are at most 31 characters"


def test_references_point_at_keys() -> None:
    for sheet in registry().values():
        for column in sheet.columns:
            if column.ref:
                target, key = column.ref.split(".")
                assert key in spec(target).by_key


def test_sheet_names_are_matched_in_either_language_and_width() -> None:
    assert match_sheet("供应商名录") is spec("suppliers")
    assert match_sheet(" Inspection Log ") is spec("inspections")
    assert match_sheet("ＩＱＣ记录") is spec("inspections")
    assert match_sheet("something else") is None


def test_bad_declarations_are_refused_when_built() -> None:
    with pytest.raises(ValueError, match="snake_case"):
        Column("Lot No", "批号", "Lot")
    with pytest.raises(ValueError, match="unknown column"):
        SheetSpec("x", "表", "X", (Column("a", "甲", "A"),), table="tblX", key_columns=("b",))
    with pytest.raises(ValueError, match="choices need dtype"):
        Column("n", "数", "N", dtype="int", choices=spec("suppliers").column("status").choices)
