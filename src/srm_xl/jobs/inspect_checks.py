"""Problems of the inspection log's rows: what stops a lot being planned, and where the record disagrees.

Input problems (unreadable cells, the schema's rules, AQL outside the series, defects above the sample) make a
row an error row, left out of the switching replay. Disagreements between what the inspector recorded and
what the plan gives are warnings: the recorded value is kept.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.io.table import Table
from srm_xl.issues import Issue, Severity
from srm_xl.messages import Lang
from srm_xl.sampling import CLASSES, plan_frame
from srm_xl.sampling.plans import aql_index
from srm_xl.schema.frames import ROW
from srm_xl.schema.numbers import float_text
from srm_xl.validation.validate import validate_tables

PERCENT_LIKE_BELOW = 0.1
"""An AQL below this whose hundredfold is in the series looks typed as a percent (Excel keeps 1.0% as 0.01)."""
_PLAN_ERROR_COLUMN = {
    "sampling_lot_size_invalid": "lot_size",
    "sampling_level_unknown": "level",
    "sampling_aql_not_in_series": "aql",
}


def row_issue(
    table: Table,
    row: int,
    key: str,
    code: str,
    value: object,
    check: str,
    severity: Severity = "error",
    **fields: object,
) -> Issue:
    """An issue on ``key``'s cell of Excel row ``row``, named by the header the sheet uses."""
    header = table.headers.get(key, table.spec.column(key).header("en"))
    return Issue(
        table.sheet, row, header, code, check, value, table.columns.get(key), severity, {"where": header, **fields}
    )


def input_issues(table: Table, config: SamplingConfig) -> list[Issue]:
    """Everything wrong with the rows as entered: reading, the schema's rules, and the plan lookup."""
    issues = validate_tables([table])
    taken = {(i.row, i.col) for i in issues if i.severity == "error"}
    planned = plan_frame(table.frame.select("lot_size", "level", "aql", ROW), config)
    failed = planned.filter(pl.col("plan_error").is_in(list(_PLAN_ERROR_COLUMN)))
    for code, row, lot_size, level, aql in failed.select("plan_error", ROW, "lot_size", "level", "aql").iter_rows():
        key = _PLAN_ERROR_COLUMN[code]
        issue = row_issue(
            table, row, key, code, {"lot_size": lot_size, "level": level, "aql": aql}[key], "gbt2828_plan"
        )
        if (issue.row, issue.col) not in taken:
            issues.append(issue)
    return issues + percent_like(table)


def percent_like(table: Table) -> list[Issue]:
    """Warnings on AQLs that look typed in a percent-formatted cell: 0.01 shown as 1.0% is AQL 0.010, a plan a
    hundred times stricter than the AQL 1.0 meant."""
    aql = table.frame["aql"].cast(pl.Float64, strict=False)
    looks = (aql < PERCENT_LIKE_BELOW).fill_null(False).to_numpy() & (aql_index(aql * 100) >= 0)
    found = table.frame.select(ROW, aql.alias("aql")).filter(pl.Series(looks))
    return [
        row_issue(
            table,
            row,
            "aql",
            "sampling_aql_looks_percent",
            float_text(value),
            "aql not typed as percent",
            "warning",
            percent=float_text(round(value * 100, 6)),
        )
        for row, value in found.iter_rows()
    ]


def error_rows(issues: list[Issue]) -> set[int]:
    """Excel rows with at least one error."""
    return {i.row for i in issues if i.severity == "error" and i.row is not None}


def excess_defects(table: Table, result: pl.DataFrame) -> list[Issue]:
    """Rows whose defect count of a class exceeds the sample size (recorded, else the plan's)."""
    issues = []
    for name in CLASSES:
        over = result.filter(pl.col(name) > pl.col("sample_size"))
        for row, value, sample in over.select(ROW, name, "sample_size").iter_rows():
            issues.append(
                row_issue(
                    table, row, name, "inspection_defects_exceed_sample", value, f"{name} <= sample_size", sample=sample
                )
            )
    return issues


def _label(table: Table, key: str, value: str | None, lang: Lang) -> str:
    column = table.spec.column(key)
    return column.choice_for(value).label(lang) if value in {c.key for c in column.choices} else str(value)


def disagreements(table: Table, result: pl.DataFrame, lang: Lang) -> list[Issue]:
    """Where the kept record disagrees with the plan: decision, severity, a short sample, acceptance while stopped.

    ``result`` holds the written columns (``decision``, ``severity``, ``sample_size``) beside the computed ones.
    """
    issues = []
    differs = result.filter(
        pl.col("decision").is_not_null()
        & pl.col("decision_due").is_not_null()
        & (pl.col("decision") != pl.col("decision_due"))
    )
    for row, value, due, sample, ac, re in differs.select(
        ROW, "decision", "decision_due", "sample_due", "ac", "re"
    ).iter_rows():
        issues.append(
            row_issue(
                table,
                row,
                "decision",
                "inspection_decision_differs",
                _label(table, "decision", value, lang),
                "decision == plan",
                "warning",
                computed=_label(table, "decision", due, lang),
                sample=sample,
                plan=f"Ac {ac} / Re {re}",
            )
        )
    differs = result.filter(pl.col("severity").is_not_null() & (pl.col("severity") != pl.col("severity_due")))
    for row, value, due in differs.select(ROW, "severity", "severity_due").iter_rows():
        issues.append(
            row_issue(
                table,
                row,
                "severity",
                "inspection_severity_differs",
                _label(table, "severity", value, lang),
                "severity == switching rules",
                "warning",
                computed=_label(table, "severity", due, lang),
            )
        )
    short = result.filter(pl.col("sample_size") < pl.col("plan_n"))
    for row, value, n, letter in short.select(ROW, "sample_size", "plan_n", "code_letter").iter_rows():
        issues.append(
            row_issue(
                table,
                row,
                "sample_size",
                "inspection_sample_below_plan",
                value,
                "sample_size >= plan",
                "warning",
                sample=n,
                letter=letter,
            )
        )
    stopped = result.filter((pl.col("severity_due") == "discontinued") & (pl.col("decision") == "accept"))
    for row, value in stopped.select(ROW, "decision").iter_rows():
        issues.append(
            row_issue(
                table,
                row,
                "decision",
                "inspection_accepted_while_discontinued",
                _label(table, "decision", value, lang),
                "no acceptance while discontinued",
            )
        )
    return issues
