"""Contract checks: expiring and expired contracts, suppliers delivering without a valid contract or quality
agreement, and deliveries after a contract's end. ``contract_findings`` is what the risk scan calls."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from srm_xl.config import Config
from srm_xl.contracts.amendments import effective_contracts
from srm_xl.customers.text import message_expr
from srm_xl.messages import Lang
from srm_xl.schema import spec

INACTIVE = ("draft", "terminated")
"""Statuses under which a contract is never in force, whatever its dates."""
AGREEMENTS = ("quality",)
NOT_SUPPLY = ("quality", "nda", "sales")
"""Contract types that do not cover buying from a supplier."""


def in_force(day: pl.Expr) -> pl.Expr:
    """A contract row in force on ``day``: signed and not terminated, started, and not yet ended."""
    return (
        ~pl.col("status").is_in(INACTIVE).fill_null(False)
        & (pl.col("start") <= day)
        & (pl.col("end").is_null() | (pl.col("end") >= day))
    )


def _empty() -> pl.DataFrame:
    keys = spec("contract_findings")
    return pl.DataFrame(
        schema={
            c.key: pl.Date if c.dtype == "date" else pl.Int64 if c.dtype == "int" else pl.String for c in keys.columns
        }
    )


def _ending(contracts: pl.DataFrame, notice_days: int, today: date, lang: Lang) -> pl.DataFrame:
    """Expiring (in force, end within the notice) and expired contracts no newer one of the same party and type follows."""
    days = (pl.col("end") - pl.lit(today)).dt.total_days()
    notice = pl.col("renewal_notice_days").fill_null(notice_days)
    dated = contracts.filter(pl.col("end").is_not_null() & ~pl.col("status").is_in(INACTIVE).fill_null(False))
    successors = dated.group_by("party_type", "party", "contract_type").agg(pl.col("end").max().alias("latest_end"))
    dated = dated.join(successors, on=["party_type", "party", "contract_type"], how="left", nulls_equal=True)
    expiring = dated.filter(
        in_force(pl.lit(today)) & (days <= notice) & (pl.col("end") == pl.col("latest_end"))
    ).with_columns(
        finding=pl.lit("expiring"), days=days, detail=message_expr("contract_expiring", lang, days=days, notice=notice)
    )
    expired = dated.filter((days < 0) & (pl.col("end") == pl.col("latest_end"))).with_columns(
        finding=pl.lit("expired"), days=days, detail=message_expr("contract_expired", lang, days=-days)
    )
    return pl.concat([expiring, expired], how="diagonal_relaxed")


def _dated_agreements(suppliers: pl.DataFrame | None, today: date) -> pl.Series:
    """Suppliers whose quality agreement the Suppliers sheet dates (质量协议日期) on or before ``today``."""
    if suppliers is None or "agreement_date" not in suppliers.columns:
        return pl.Series("supplier", [], pl.String)
    return suppliers.filter(pl.col("agreement_date") <= today)["code"].alias("supplier")


def _supply(
    deliveries: pl.DataFrame,
    contracts: pl.DataFrame,
    suppliers: pl.DataFrame | None,
    config: Config,
    today: date,
    lang: Lang,
) -> pl.DataFrame:
    """Suppliers with recent deliveries but no contract / quality agreement in force (a quality agreement dated
    on the Suppliers sheet counts, as it does for the risk scan and the approved list), and deliveries after the
    end."""
    lookback = config.contracts.delivery_lookback_days
    delivered = deliveries.select("supplier", day=pl.coalesce("delivered_date", "due_date")).drop_nulls()
    recent = (
        delivered.filter((pl.col("day") <= today) & (pl.col("day") > today - timedelta(days=lookback)))
        .group_by("supplier")
        .agg(pl.len().alias("deliveries"), pl.col("day").max().alias("last_delivery"))
    )
    supplier_side = contracts.filter(pl.col("party_type") == "supplier").rename({"party": "supplier"})
    supply = supplier_side.filter(~pl.col("contract_type").is_in(NOT_SUPPLY).fill_null(False))
    agreements = supplier_side.filter(
        pl.col("contract_type").is_in(AGREEMENTS).fill_null(False) | pl.col("quality_agreement").is_not_null()
    )
    found = []
    covered = supply.filter(in_force(pl.lit(today)))["supplier"].unique()
    found.append(
        recent.filter(~pl.col("supplier").is_in(covered.implode())).with_columns(
            finding=pl.lit("no_contract"),
            detail=message_expr("contract_no_contract", lang, lookback=lookback, deliveries=pl.col("deliveries")),
        )
    )
    if config.contracts.require_quality_agreement:
        agreed = pl.concat(
            [agreements.filter(in_force(pl.lit(today)))["supplier"], _dated_agreements(suppliers, today)]
        )
        found.append(
            recent.filter(~pl.col("supplier").is_in(agreed.implode())).with_columns(
                finding=pl.lit("no_quality_agreement"),
                detail=message_expr(
                    "contract_no_quality_agreement", lang, lookback=lookback, deliveries=pl.col("deliveries")
                ),
            )
        )
    pairs = delivered.with_row_index("delivery").join(
        supply.select("supplier", "contract_no", "start", "end", "status"), on="supplier"
    )
    in_cover = pairs.filter(in_force(pl.col("day")))["delivery"].unique()
    late = (
        pairs.filter(
            ~pl.col("delivery").is_in(in_cover.implode())
            & pl.col("end").is_not_null()
            & (pl.col("end") < pl.col("day"))
        )
        .sort("end")
        .group_by("delivery")
        .agg(pl.all().last())
        .group_by("supplier", "contract_no", "end")
        .agg(pl.len().alias("deliveries"), pl.col("day").max().alias("last_delivery"))
    )
    days = (pl.col("last_delivery") - pl.col("end")).dt.total_days()
    found.append(
        late.with_columns(
            finding=pl.lit("delivery_after_end"),
            days=days,
            detail=message_expr(
                "contract_delivery_after_end",
                lang,
                contract=pl.col("contract_no"),
                deliveries=pl.col("deliveries"),
                days=days,
            ),
        )
    )
    return (
        pl.concat(found, how="diagonal_relaxed")
        .rename({"supplier": "party"})
        .with_columns(party_type=pl.lit("supplier"))
    )


def contract_findings(
    frames: dict[str, pl.DataFrame], config: Config, today: date, *, lang: Lang = "en"
) -> pl.DataFrame:
    """Every contract finding as ``contract_findings`` rows (finding key, party, contract, end, days, detail).

    ``frames`` holds typed frames by sheet key: ``contracts`` (needed; none → no findings), and where present
    ``contract_changes`` (amendments applied first), ``deliveries`` and ``suppliers``.
    """
    contracts = frames.get("contracts")
    if contracts is None:
        return _empty()
    contracts, _ = effective_contracts(contracts, frames.get("contract_changes"))
    parts = [_ending(contracts, config.contracts.notice_days, today, lang)]
    if frames.get("deliveries") is not None:
        parts.append(_supply(frames["deliveries"], contracts, frames.get("suppliers"), config, today, lang))
    empty = _empty()
    merged = pl.concat(
        [empty, *(p.select([c for c in empty.columns if c in p.columns]) for p in parts)], how="diagonal_relaxed"
    )
    order = {key: i for i, key in enumerate(c.key for c in spec("contract_findings").column("finding").choices)}
    return (
        merged.select(empty.columns)
        .cast(empty.schema)
        .sort(pl.col("finding").replace_strict(order, return_dtype=pl.Int64), "party", "contract_no", nulls_last=True)
    )
