"""Rules on paperwork: certificates expiring or expired, no quality agreement, supplier contracts ending."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import Config
from srm_xl.risk.found import SUPPLIER, found
from srm_xl.risk.inputs import RiskInputs
from srm_xl.risk.text import describe, pick

_ENDED = ("terminated", "expired")


def _days_left(column: str, today: date) -> pl.Expr:
    return (pl.col(column) - pl.lit(today)).dt.total_days().alias("days")


def _either(code_ahead: str, code_past: str, **fields: pl.Expr) -> list[pl.Expr]:
    """The ``code_past`` description where ``days`` is negative, else ``code_ahead``."""
    return pick(pl.col("days") < 0, describe(code_past, **fields), describe(code_ahead, **fields))


def certificate(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers in use whose latest certificate of a type expires within ``cert_days`` or has expired."""
    settings = config.risk
    active = inputs.active_suppliers().select(pl.col("code").alias("supplier"))
    latest = (
        inputs.frame("certificates")
        .drop_nulls(["supplier", "cert_type", "valid_to"])
        .join(active, on="supplier", how="semi")
        .sort("valid_to")
        .unique(["supplier", "cert_type"], keep="last")
        .with_columns(_days_left("valid_to", today))
    )
    due = latest.filter(pl.col("days") <= settings.cert_days)
    likelihood = (
        pl.when(pl.col("days") < 0).then(settings.cert_expired_likelihood).otherwise(settings.certificate_likelihood)
    )
    fields = {
        "supplier": SUPPLIER,
        "cert": pl.col("cert_type"),
        "number": pl.col("number"),
        "date": pl.col("valid_to"),
        "days": pl.col("days"),
    }
    return found(
        inputs,
        due,
        "certificate",
        "compliance",
        subject=pl.concat_str("supplier", "cert_type", separator="|"),
        description=_either("risk_certificate_expiring", "risk_certificate_expired", **fields),
        rating=(likelihood, settings.certificate_impact),
        trigger=pl.col("days"),
    )


def _valid_contracts(inputs: RiskInputs, today: date) -> pl.DataFrame:
    """Supplier contracts not ended by status or date, with the supplier in ``supplier``."""
    contracts = inputs.frame("contracts").filter(
        (pl.col("party_type") == "supplier") & ~pl.col("status").is_in(_ENDED).fill_null(False)
    )
    return contracts.filter(pl.col("end").is_null() | (pl.col("end") >= pl.lit(today))).rename({"party": "supplier"})


def agreement(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers in use with no quality-agreement date and no valid quality agreement among their contracts."""
    valid = _valid_contracts(inputs, today)
    covered = valid.filter((pl.col("contract_type") == "quality") | pl.col("quality_agreement").is_not_null()).select(
        "supplier"
    )
    missing = (
        inputs.active_suppliers()
        .filter(pl.col("agreement_date").is_null())
        .rename({"code": "supplier"})
        .join(covered, on="supplier", how="anti")
    )
    return found(
        inputs,
        missing,
        "agreement",
        "compliance",
        subject=pl.col("supplier"),
        description=describe("risk_agreement", supplier=SUPPLIER),
        rating=config.risk.rating("agreement"),
        trigger=pl.lit("—"),
    )


def contract(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Suppliers in use whose latest-ending contract ends within its notice period (the row's renewal notice or
    the contract checks' ``contracts.notice_days``, whichever is longer) or has ended; an open-ended contract never does."""
    settings = config.risk
    active = inputs.active_suppliers().select(pl.col("code").alias("supplier"))
    contracts = (
        inputs.frame("contracts")
        .filter((pl.col("party_type") == "supplier") & (pl.col("status") != "terminated").fill_null(True))
        .rename({"party": "supplier"})
        .join(active, on="supplier", how="semi")
    )
    latest = (
        contracts.sort("end", nulls_last=True)
        .group_by("supplier", maintain_order=True)
        .last()
        .filter(pl.col("end").is_not_null())
        .with_columns(_days_left("end", today))
    )
    notice = pl.max_horizontal(pl.col("renewal_notice_days").fill_null(0), pl.lit(config.contracts.notice_days))
    ending = latest.filter(pl.col("days") <= notice)
    fields = {"supplier": SUPPLIER, "contract": pl.col("contract_no"), "date": pl.col("end"), "days": pl.col("days")}
    return found(
        inputs,
        ending,
        "contract",
        "compliance",
        subject=pl.col("supplier"),
        description=_either("risk_contract_expiring", "risk_contract_expired", **fields),
        rating=settings.rating("contract"),
        trigger=pl.col("days"),
    )
