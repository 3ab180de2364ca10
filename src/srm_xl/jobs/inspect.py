"""The Inspect button: GB/T 2828.1 / ISO 2859-1 plans, decisions and switching for every lot of the log.

Fills each lot's plan (code letter, sample size, Ac/Re), the severity the switching rules call for (replayed per
supplier × part in received-date order, discontinuation lifted by a corrective action on the Corrective
actions sheet), the computed decision and ``scar_needed`` for rejected lots; writes the Sampling plan sheet for
one lot with its OC and AOQ curves; lists every problem on the Validation sheet and highlights its cell.
"""

from __future__ import annotations

import polars as pl

from srm_xl.config import read_config
from srm_xl.config.sampling import SamplingConfig
from srm_xl.errors import SrmError
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.table import Table
from srm_xl.io.workbook import Workbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.inputs_present import absent_inputs
from srm_xl.jobs.inspect_checks import disagreements, error_rows, excess_defects, input_issues
from srm_xl.jobs.inspect_compute import compute, merged, switching_states
from srm_xl.jobs.inspect_write import highlight_errors, keep_unreadable, relocate
from srm_xl.jobs.report import Report
from srm_xl.jobs.validate import stage_validation
from srm_xl.messages import Lang, render
from srm_xl.sampling import CLASSES
from srm_xl.schema import spec
from srm_xl.schema.frames import ROW
from srm_xl.sheets.sampling_plan import Lot, plan_sheet

_NEEDED = ("supplier", "received", "lot_size")


def _planned(
    table: Table, config: SamplingConfig, actions: pl.DataFrame | None, lang: Lang
) -> tuple[pl.DataFrame, pl.DataFrame, list]:
    """Computed rows, the merged log and all row issues; rows whose defects exceed the sample are taken out
    of the replay (which may change later lots' samples, so until none is left)."""
    issues = input_issues(table, config)
    errors = error_rows(issues)
    while True:
        computed = compute(table.frame, errors, config, actions, lang)
        result = merged(table.frame, computed, lang)
        planned = computed.filter(pl.col("severity_due").is_not_null())
        excess = excess_defects(table, result.filter(pl.col(ROW).is_in(planned[ROW].implode())))
        if not excess:
            return computed, result, issues + disagreements(table, result, lang)
        issues += excess
        errors |= error_rows(excess)


def _lot(row: dict, config: SamplingConfig, why: str) -> Lot:
    return Lot(
        str(row["lot"]),
        str(row["supplier"]),
        row["part"],
        row["received"],
        row["lot_size"],
        row["level"] or config.level,
        row["aql"] if row["aql"] is not None else config.aql_major,
        row["severity_due"],
        row["sample_due"],
        row["decision_due"],
        {c: row[c] for c in CLASSES},
        why,
    )


def chosen_lot(
    result: pl.DataFrame, sheet: str, lot: str | None, config: SamplingConfig, lang: Lang
) -> tuple[Lot | None, str | None]:
    """The lot the Sampling plan sheet shows — ``lot`` if given, else the latest rejected lot, else the latest
    lot, a sampled lot before one inspected 100 % (whose OC and AOQ curves say nothing) — or none, with the
    note saying why."""
    planned = result.filter(pl.col("severity_due").is_not_null() & (pl.col("severity_due") != "discontinued"))
    planned = planned.sort("received", ROW)
    if lot is not None:
        asked = result.filter(pl.col("lot").cast(pl.String) == lot)
        if asked.height == 0:
            raise SrmError("inspection_lot_unknown", sheet=sheet, lot=lot)
        found = planned.filter(pl.col("lot").cast(pl.String) == lot)
        if found.height == 0:
            return None, render("inspection_plan_unavailable", lang, lot=lot)
        return _lot(found.row(0, named=True), config, "chosen"), None
    sampled = (pl.col("sample_due") < pl.col("lot_size")).fill_null(False)
    rejected = pl.col("scar_needed") == "yes"
    for kind, why in ((rejected, "latest_rejected"), (pl.lit(True), "latest")):
        of_kind = planned.filter(kind)
        found = of_kind.filter(sampled)
        if found.height:  # a later lot of this kind inspected 100 % is passed over, and the note says so
            later = found.row(-1, named=True)[ROW] != of_kind.row(-1, named=True)[ROW]
            return _lot(found.row(-1, named=True), config, f"{why}_sampled" if later else why), None
    for kind, why in ((rejected, "latest_rejected"), (pl.lit(True), "latest")):
        found = planned.filter(kind)
        if found.height:
            return _lot(found.row(-1, named=True), config, why), None
    return None, render("inspection_no_lots", lang)


def inspect_lots(book: Workbook, lot: str | None = None) -> Report:
    """Plan, judge and switch every lot of the Inspection log; show ``lot``'s plan (default: the latest
    rejected lot) on the Sampling plan sheet."""
    checksum = book.checksum()
    config = read_config(book)
    lang = book.lang
    log = spec("inspections")
    table = book.read(log)
    missing = [log.column(k).header(lang) for k in _NEEDED if k not in table.columns]
    if missing:
        raise SrmError("sampling_columns_missing", where=table.sheet, columns=", ".join(missing))
    actions_spec = spec("corrective_actions")
    actions = book.read(actions_spec).frame if book.has(actions_spec) else None
    computed, result, issues = _planned(table, config.sampling, actions, lang)
    issues = absent_inputs("inspect", {"inspections": table.frame}, {"inspections": table.sheet}, lang) + issues

    written = keep_unreadable(result.select(table.frame.columns), table)
    draft = draft_from_spec(log, written, lang, name=table.sheet)
    issues = relocate(issues, table, written[ROW], lang)
    highlight_errors(draft, issues)
    book.stage(draft)
    states = switching_states(computed)
    shown, note = chosen_lot(result, table.sheet, lot, config.sampling, lang)
    plan = plan_sheet(shown, states, config.sampling, lang, note)
    book.stage(plan)
    stage_validation(book, issues, config.general.max_report_rows, job="inspect")

    counts = {
        "lots": int(computed["severity_due"].is_not_null().sum()),
        "rejected": int((computed["decision_due"] == "reject").sum()),
        "recorded_rejected": int((result["decision"] == "reject").sum()),
        "not_judged": int((computed["severity_due"].is_not_null() & computed["decision_due"].is_null()).sum()),
        "scar_needed": int((result["scar_needed"] == "yes").sum()),
        "tightened": int((computed["switch_reason"] == "sampling_switch_to_tightened").sum()),
        "discontinued_pairs": int((states["discontinued"] == "yes").sum()),
        "ever_discontinued_pairs": computed.filter(pl.col("switch_reason") == "sampling_switch_discontinued")
        .select("supplier", "part")
        .n_unique(),
        "error_rows": len({i.row for i in issues if i.severity == "error" and i.row}),
        "warnings": sum(1 for i in issues if i.severity == "warning"),
    }
    c = counts
    report = Report.of(
        "inspect",
        "report_inspect",
        c,
        rows_read=table.frame.height,
        rows_written=written.height,
        issues=issues,
        sheets=[table.sheet, plan.name, spec("validation").name(lang)],
        counts=counts,
    )
    return finish(book, report, checksum)
