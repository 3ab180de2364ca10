"""The charges a period's events give rise to, one line each, traced to the row that caused it.

- late delivery: value = quantity delivered (else ordered) × unit price; amount = value × rate per day × days late,
  never above value × cap (``capped`` says when the cap applied);
- rejected lot (not accepted under concession): the fixed handling fee;
- concession lot (让步接收/特采): lot value × discount, lot value = lot size × the part's unit price — the supplier's
  delivery of that part nearest in date that has a price, else the Parts sheet's target price;
- rejected or concession lot with sorting, rework or scrap cost recorded: their sum;
- customer complaint with a responsible supplier and an amount claimed: that amount.

Terms come from ``with_terms`` (contract first, Config default). Amounts are rounded to cents. Events a charge
cannot be computed for come back as problems (sheet key, row, column key, code, source), never as zero charges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from srm_xl.claims.terms import with_terms
from srm_xl.config.claims import ClaimsConfig
from srm_xl.contracts.amendments import TERM_CHANGE_SCHEMA
from srm_xl.schema.frames import ROW
from srm_xl.scoring.periods import Period

LINE_SCHEMA = {
    "claim_id": pl.String,
    "period": pl.String,
    "supplier": pl.String,
    "part": pl.String,
    "rule": pl.String,
    "source_sheet": pl.String,
    "source": pl.String,
    "source_row": pl.Int64,
    "event_date": pl.Date,
    "contract_no": pl.String,
    "base_value": pl.Float64,
    "rate": pl.Float64,
    "days": pl.Int64,
    "cap": pl.Float64,
    "capped": pl.String,
    "amount": pl.Float64,
    "currency": pl.String,
}
PROBLEM_SCHEMA = {"sheet": pl.String, "row": pl.Int64, "column": pl.String, "code": pl.String, "source": pl.String}
_RULE_PREFIX = {"late": "LATE", "rejected": "REJ", "recorded_cost": "COST", "concession": "CONC", "complaint": "CMPL"}


@dataclass(frozen=True)
class ClaimInputs:
    """The typed sheets charges are computed from (``_row`` on the event sheets); any may be empty. ``term_changes``
    are the contracts' penalty term changes, each in force from its date (:func:`~srm_xl.contracts.amendments.term_changes`)."""

    deliveries: pl.DataFrame
    inspections: pl.DataFrame
    complaints: pl.DataFrame
    contracts: pl.DataFrame
    parts: pl.DataFrame
    term_changes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=TERM_CHANGE_SCHEMA))


@dataclass(frozen=True)
class Charges:
    lines: pl.DataFrame
    problems: pl.DataFrame


def _money(expr: pl.Expr) -> pl.Expr:
    return expr.round(2)


def _lines(frame: pl.DataFrame, rule: str, sheet: str, period: Period) -> pl.DataFrame:
    """``frame``'s charge columns completed to ``LINE_SCHEMA``, with ids that stay the same when re-run: charges of
    one source (partial deliveries of a PO line) numbered ``#2``, ``#3``… by date, value, then row — never by row
    alone, so sorting the log does not move a decision to another charge."""
    filled = frame.with_columns(
        pl.lit(rule).alias("rule"),
        pl.lit(sheet).alias("source_sheet"),
        pl.lit(period.label).alias("period"),
        *(
            pl.lit(None, dtype).alias(c)
            for c, dtype in LINE_SCHEMA.items()
            if c not in frame.columns and c not in ("rule", "source_sheet", "period", "claim_id")
        ),
    )
    stem = pl.format("{}:{}", pl.lit(_RULE_PREFIX[rule]), pl.col("source"))
    nth = pl.int_range(pl.len()).over(stem, order_by=["event_date", "base_value", "amount", "source_row"])
    claim_id = pl.when(nth == 0).then(stem).otherwise(pl.format("{}#{}", stem, nth + 1))
    return filled.with_columns(claim_id.alias("claim_id")).select([pl.col(c).cast(t) for c, t in LINE_SCHEMA.items()])


def _problems(frame: pl.DataFrame, sheet: str, column: str, code: str) -> pl.DataFrame:
    return frame.select(
        pl.lit(sheet).alias("sheet"),
        pl.col(ROW).alias("row"),
        pl.lit(column).alias("column"),
        pl.lit(code).alias("code"),
        pl.col("source"),
    ).cast(PROBLEM_SCHEMA)  # type: ignore[arg-type]


def _unnumbered(*names: str, day: str) -> pl.Expr:
    """What an event without its number is known by, the way its log knows such a row: ``~a/b/date``
    (``~V2/P2/2026-08-10``), so a re-run finds the decision taken on its charge."""
    return pl.format(
        "~" + "/".join(["{}"] * (len(names) + 1)),
        *(pl.col(n).cast(pl.String).fill_null("") for n in names),
        pl.col(day).dt.strftime("%Y-%m-%d"),
    )


def _delivery() -> pl.Expr:
    """What a delivery is known by: ``PO/line`` (the part when no line), else ``~supplier/part/due date``."""
    line = pl.coalesce("po_line", "part", pl.lit(""))
    return pl.coalesce(pl.format("{}/{}", pl.col("po"), line), _unnumbered("supplier", "part", day="due_date"))


def late_charges(inputs: ClaimInputs, config: ClaimsConfig, period: Period) -> Charges:
    """One line per delivery of the period that came after its due date."""
    late = inputs.deliveries.filter(
        pl.col("delivered_date").is_between(period.start, period.end)
        & (pl.col("delivered_date") > pl.col("due_date"))
        & pl.col("supplier").is_not_null()
    ).with_columns(
        _delivery().alias("source"),
        (pl.coalesce("qty_delivered", "qty_ordered") * pl.col("unit_price")).alias("base_value"),
        (pl.col("delivered_date") - pl.col("due_date")).dt.total_days().alias("days"),
    )
    priced = with_terms(
        late.filter(pl.col("base_value").is_not_null()), inputs.contracts, inputs.term_changes, config, "delivered_date"
    )
    uncapped = pl.col("base_value") * pl.col("late_rate_per_day") * pl.col("days")
    cap = pl.col("base_value") * pl.col("late_cap")
    charged = priced.with_columns(
        pl.col("late_rate_per_day").alias("rate"),
        _money(cap).alias("cap"),
        pl.when(uncapped > cap).then(pl.lit("yes")).otherwise(pl.lit("no")).alias("capped"),
        _money(pl.min_horizontal(uncapped, cap)).alias("amount"),
        pl.col("delivered_date").alias("event_date"),
        pl.col(ROW).alias("source_row"),
        pl.coalesce("currency", "contract_currency", pl.lit(config.currency)).alias("currency"),
    ).filter(pl.col("amount") > 0)
    unpriced = late.filter(pl.col("base_value").is_null())
    return Charges(
        _lines(charged, "late", "deliveries", period),
        _problems(unpriced, "deliveries", "unit_price", "claims_no_price"),
    )


def _lot_prices(lots: pl.DataFrame, inputs: ClaimInputs) -> pl.DataFrame:
    """``lots`` with ``unit_price`` and ``price_currency``: the nearest priced delivery of the part, else its target price."""
    priced = (
        inputs.deliveries.filter(pl.col("unit_price").is_not_null() & pl.col("part").is_not_null())
        .select(
            "supplier",
            "part",
            pl.coalesce("delivered_date", "due_date").alias("received"),
            "unit_price",
            pl.col("currency").alias("price_currency"),
        )
        .drop_nulls("received")
        .sort("received")
    )
    nearest = (
        lots.select("_lot", "supplier", "part", "received")
        .drop_nulls()
        .sort("received")
        .join_asof(priced, on="received", by=["supplier", "part"], strategy="nearest", check_sortedness=False)
        .select("_lot", "unit_price", "price_currency")
    )
    target = (
        inputs.parts.select("part", "supplier", pl.col("target_price").alias("_target"))
        .drop_nulls()
        .unique(["part", "supplier"], keep="first")
    )
    return (
        lots.join(nearest, on="_lot", how="left")
        .join(target, on=["part", "supplier"], how="left")
        .with_columns(
            pl.coalesce("unit_price", "_target").alias("unit_price"),
            pl.when(pl.col("unit_price").is_not_null()).then(pl.col("price_currency")).alias("price_currency"),
        )
        .drop("_target")
    )


def lot_charges(inputs: ClaimInputs, config: ClaimsConfig, period: Period) -> Charges:
    """Handling fees of rejected lots, discounts of concession lots and the costs recorded on either."""
    decision = pl.coalesce("decision", "decision_due")
    concession = (pl.col("disposition") == "concession").fill_null(False)
    lots = inputs.inspections.filter(
        pl.col("received").is_between(period.start, period.end)
        & pl.col("supplier").is_not_null()
        & ((decision == "reject").fill_null(False) | concession)
    ).with_columns(
        pl.coalesce("lot", _unnumbered("supplier", "part", day="received")).alias("source"),
        concession.alias("_concession"),
        pl.int_range(pl.len()).alias("_lot"),
    )
    lots = with_terms(
        _lot_prices(lots, inputs), inputs.contracts, inputs.term_changes, config, "received"
    ).with_columns(
        (pl.col("lot_size") * pl.col("unit_price")).alias("base_value"),
        pl.col("received").alias("event_date"),
        pl.col(ROW).alias("source_row"),
    )
    fee_currency = pl.coalesce("contract_currency", pl.lit(config.currency)).alias("currency")
    rejected = lots.filter(~pl.col("_concession")).with_columns(
        _money(pl.col("reject_fee")).alias("amount"), fee_currency
    )
    discounted = lots.filter(pl.col("_concession") & pl.col("base_value").is_not_null()).with_columns(
        pl.col("concession_discount").alias("rate"),
        _money(pl.col("base_value") * pl.col("concession_discount")).alias("amount"),
        pl.coalesce("price_currency", "contract_currency", pl.lit(config.currency)).alias("currency"),
    )
    recorded = pl.sum_horizontal(
        pl.col("sorting_cost").fill_null(0), pl.col("rework_cost").fill_null(0), pl.col("scrap_cost").fill_null(0)
    )
    costs = lots.filter(pl.lit(config.charge_recorded_costs) & (recorded > 0)).with_columns(
        _money(recorded).alias("base_value"),
        _money(recorded).alias("amount"),
        pl.lit(config.currency).alias("currency"),
    )
    lines = pl.concat(
        [
            _lines(rejected.filter(pl.col("amount") > 0), "rejected", "inspections", period),
            _lines(discounted.filter(pl.col("amount") > 0), "concession", "inspections", period),
            _lines(costs, "recorded_cost", "inspections", period),
        ]
    )
    unpriced = lots.filter(pl.col("_concession") & pl.col("base_value").is_null())
    return Charges(lines, _problems(unpriced, "inspections", "part", "claims_no_lot_price"))


def complaint_charges(inputs: ClaimInputs, config: ClaimsConfig, period: Period) -> Charges:
    """The amount each customer claimed, passed on to the supplier the complaint names."""
    passed = inputs.complaints.filter(
        pl.lit(config.pass_complaints)
        & pl.col("received").is_between(period.start, period.end)
        & pl.col("supplier").is_not_null()
        & (pl.col("claimed_amount") > 0).fill_null(False)
    ).with_columns(
        pl.coalesce("complaint_id", _unnumbered("customer", "supplier", day="received")).alias("source"),
        _money(pl.col("claimed_amount")).alias("base_value"),
        _money(pl.col("claimed_amount")).alias("amount"),
        pl.col("received").alias("event_date"),
        pl.col(ROW).alias("source_row"),
        pl.lit(config.currency).alias("currency"),
    )
    return Charges(_lines(passed, "complaint", "complaints", period), pl.DataFrame(schema=PROBLEM_SCHEMA))


def period_charges(inputs: ClaimInputs, config: ClaimsConfig, period: Period) -> Charges:
    """Every charge of ``period``, in rule then source order, and the events that could not be charged."""
    parts = [
        late_charges(inputs, config, period),
        lot_charges(inputs, config, period),
        complaint_charges(inputs, config, period),
    ]
    order = {rule: i for i, rule in enumerate(_RULE_PREFIX)}
    lines = pl.concat([p.lines for p in parts]).sort(
        pl.col("rule").replace_strict(order), "supplier", "event_date", "source", "claim_id"
    )
    return Charges(lines, pl.concat([p.problems for p in parts]))
