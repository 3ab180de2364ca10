"""Merging what suppliers typed into 8D forms into the corrective-action register, never overwriting either."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from srm_xl.issues import Issue
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.schema.convert import convert_column
from srm_xl.sheets.eightd_layout import DATE_FIELDS, REGISTER_FIELDS


@dataclass
class Merged:
    register: pl.DataFrame
    issues: list[Issue]
    clashes: set[tuple[str, str]]
    """(SCAR id, field) where the form and the register disagree: each keeps its own answer."""

    def shown(self, scar: str, responses: dict[str, str | None]) -> dict[str, str]:
        """The form's answers to show again on its rebuilt form: all it holds beyond the register, and its own
        answer to a register field only where that disagrees with the register (which is shown otherwise)."""
        return {
            k: v
            for k, v in responses.items()
            if v is not None and (k not in REGISTER_FIELDS or (scar, k) in self.clashes)
        }


def merge_forms(
    register: pl.DataFrame, forms: dict[str, dict[str, str | None]], sheets: dict[str, str], lang: Lang
) -> Merged:
    """Register fields filled from the forms (read from ``sheets``, by SCAR id) where the register is blank; a
    differing value is reported, never replaced."""
    if not forms:
        return Merged(register, [], set())
    sheet = spec("corrective_actions")
    given = pl.DataFrame(
        [{"scar_id": s, **{k: r[k] for k in REGISTER_FIELDS}} for s, r in forms.items()],
        schema={"scar_id": pl.String, **{k: pl.String for k in REGISTER_FIELDS}},
    )
    issues: list[Issue] = []
    clashes: set[tuple[str, str]] = set()
    for key in DATE_FIELDS:
        typed, failure = convert_column(given[key], sheet.column(key))
        if failure is not None:
            issues += [
                Issue(
                    sheets[s],
                    None,
                    sheet.column(key).header(lang),
                    "capa_form_bad_date",
                    "is_date",
                    v,
                    severity="warning",
                    fields={
                        "form": sheets[s],
                        "field_zh": sheet.column(key).zh,
                        "field_en": sheet.column(key).en,
                    },
                )
                for s, v in given.filter(failure.mask).select("scar_id", key).iter_rows()
            ]
        given = given.with_columns(typed.alias(key))
    joined = register.join(given.rename({k: f"_form_{k}" for k in REGISTER_FIELDS}), on="scar_id", how="left")
    for key in REGISTER_FIELDS:
        column = sheet.column(key)
        clash = joined.filter(
            pl.col(key).is_not_null() & pl.col(f"_form_{key}").is_not_null() & (pl.col(key) != pl.col(f"_form_{key}"))
        )
        issues += [
            Issue(
                sheets[s],
                None,
                column.header(lang),
                "capa_form_conflict",
                "form_matches_register",
                f,
                severity="warning",
                fields={
                    "form": sheets[s],
                    "field_zh": column.zh,
                    "field_en": column.en,
                    "form_value": f,
                    "register_value": v,
                },
            )
            for s, v, f in clash.select("scar_id", key, f"_form_{key}").iter_rows()
        ]
        clashes |= {(s, key) for s in clash["scar_id"]}
    merged = joined.with_columns(pl.coalesce(key, f"_form_{key}").alias(key) for key in REGISTER_FIELDS)
    return Merged(merged.drop([f"_form_{k}" for k in REGISTER_FIELDS]), issues, clashes)
