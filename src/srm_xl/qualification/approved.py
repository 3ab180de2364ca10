"""The approved list per part × supplier (like SAP's quality info record): what releases, limits or blocks a source.

A source is released only after an approved sample inspected 100 % (``require_sample`` off: a source with no sample
record at all is not blocked for it). Supplier-level consequences then apply: a suspended or disqualified supplier
blocks; grade D blocks and C makes conditional (the supplier's latest graded period); an expired certificate blocks or
makes conditional per Config; a missing or expired quality agreement makes conditional; a blocked or conditional
consequence on the Rewards and penalties sheet (its latest period) blocks or makes conditional. The worst applies and every cause is named. For a customer-designated supplier the grade, certificate
and agreement consequences never block (at most conditional) and become a "report to customer" action. An override
status typed by the user wins; the date changes when the status does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.config.qualification import QualificationConfig
from srm_xl.messages import Lang
from srm_xl.qualification.text import labels, say
from srm_xl.schema.claims import REWARD_STATUS
from srm_xl.schema.qualification import APPROVED_LIST, RELEASE_STATUS
from srm_xl.schema.suppliers import SUPPLIER_STATUS
from srm_xl.scoring.periods import period_bounds

LEVELS = {1: "conditional", 2: "blocked"}
_CAUSE = {"part": pl.String, "supplier": pl.String, "level": pl.Int64, "reason": pl.String, "routed": pl.Boolean}
_ENDED = ("terminated", "expired")


@dataclass(frozen=True)
class ListInputs:
    """The sheets the approved list is computed from (choice columns as keys; any frame may be empty).

    ``suppliers`` has ``code``, ``status``, ``agreement_date``, ``designated`` ("yes"/"no"/null) and ``designated_by``.
    """

    parts: pl.DataFrame
    samples: pl.DataFrame
    suppliers: pl.DataFrame
    certificates: pl.DataFrame
    scorecard: pl.DataFrame
    contracts: pl.DataFrame
    previous: pl.DataFrame
    rewards: pl.DataFrame | None = None
    """The Rewards and penalties sheet (``period``, ``supplier``, ``status``): a blocked or conditional consequence in
    the supplier's latest period blocks or makes conditional like a grade."""


def _causes(
    frame: pl.DataFrame, level: int | pl.Expr, reason: pl.Expr, routed: bool, part: bool = False
) -> pl.DataFrame:
    return frame.select(
        pl.col("part") if part else pl.lit(None, pl.String).alias("part"),
        "supplier",
        (level if isinstance(level, pl.Expr) else pl.lit(level)).cast(pl.Int64).alias("level"),
        reason.alias("reason"),
        pl.lit(routed).alias("routed"),
    )


def sample_causes(sources: pl.DataFrame, samples: pl.DataFrame, required: bool, lang: Lang) -> pl.DataFrame:
    """Per source without an approved 100 % inspected sample: blocked (unless it has no sample record at all and
    samples are not ``required``); with only a conditional one: conditional."""
    full = (pl.col("inspected") >= pl.col("quantity")).fill_null(False)
    rank = pl.col("decision").replace_strict({"approved": 2, "conditional": 1}, default=0, return_dtype=pl.Int64)
    rated = samples.with_columns(pl.when(full).then(rank).otherwise(0).alias("_rank"), full.alias("_full"))
    best = rated.sort("_rank", "approval_date", descending=True, nulls_last=True).unique(
        ["part", "supplier"], keep="first"
    )
    joined = sources.join(best, on=["part", "supplier"], how="left")
    partial = say(
        "qualification_reason_sample_partial",
        lang,
        sample=pl.col("sample_id"),
        inspected=pl.col("inspected").fill_null(0),
        quantity=pl.col("quantity"),
    )
    missing = (
        pl.when((pl.col("decision") == "approved") & ~pl.col("_full"))
        .then(partial)
        .otherwise(say("qualification_reason_no_sample", lang))
    )
    unsampled = pl.col("sample_id").is_null() & pl.lit(not required)
    blocked = _causes(joined.filter((pl.col("_rank").fill_null(0) == 0) & ~unsampled), 2, missing, False, part=True)
    conditional = _causes(
        joined.filter(pl.col("_rank") == 1),
        1,
        say("qualification_reason_sample_conditional", lang, sample=pl.col("sample_id")),
        False,
        part=True,
    )
    return pl.concat([blocked, conditional])


def supplier_causes(inputs: ListInputs, config: QualificationConfig, today: date, lang: Lang) -> pl.DataFrame:
    """Supplier-level causes: status, latest grade, expired certificates, quality agreement (``routed`` marks those a
    designated supplier reports to its customer instead)."""
    master = inputs.suppliers.rename({"code": "supplier"}).unique("supplier", keep="first")
    stopped = master.filter(pl.col("status").is_in(("suspended", "disqualified")))
    status = pl.col("status").replace_strict(labels(SUPPLIER_STATUS, lang), default=pl.col("status"))
    graded = (
        inputs.scorecard.filter(pl.col("grade").is_in(("A", "B", "C", "D")))
        .with_columns(period_bounds(pl.col("period")).struct.field("end").alias("_end"))
        .sort("_end", nulls_last=False)
        .unique("supplier", keep="last")
        .filter(pl.col("grade").is_in(("C", "D")))
    )
    grade_level = pl.when(pl.col("grade") == "D").then(2).otherwise(1)
    rewards = (
        inputs.rewards
        if inputs.rewards is not None
        else pl.DataFrame(schema={"period": pl.String, "supplier": pl.String, "status": pl.String})
    )
    penalised = (
        rewards.with_columns(period_bounds(pl.col("period")).struct.field("end").alias("_end"))
        .sort("_end", nulls_last=False)
        .unique("supplier", keep="last")
        .filter(pl.col("status").is_in(("blocked", "conditional")))
    )
    reward_status = pl.col("status").replace_strict(labels(REWARD_STATUS, lang), default=pl.col("status"))
    expired = (
        inputs.certificates.drop_nulls(["supplier", "cert_type", "valid_to"])
        .sort("valid_to")
        .unique(["supplier", "cert_type"], keep="last")
        .filter(pl.col("valid_to") < today)
    )
    cert_level = 2 if config.expired_certificate == "blocked" else 1
    unsigned = master.join(
        agreement_valid(master, inputs.contracts, config, today).filter("agreement"), on="supplier", how="anti"
    )
    return pl.concat(
        [
            _causes(stopped, 2, say("qualification_reason_status", lang, status=status), False),
            _causes(
                graded,
                grade_level,
                say("qualification_reason_grade", lang, period=pl.col("period"), grade=pl.col("grade")),
                True,
            ),
            _causes(
                penalised,
                pl.when(pl.col("status") == "blocked").then(2).otherwise(1),
                say("claims_reason_reward", lang, period=pl.col("period"), status=reward_status),
                True,
            ),
            _causes(
                expired,
                cert_level,
                say("qualification_reason_certificate", lang, cert=pl.col("cert_type"), date=pl.col("valid_to")),
                True,
            ),
            _causes(unsigned, 1, say("qualification_reason_agreement", lang), True),
        ]
    )


def agreement_valid(
    master: pl.DataFrame, contracts: pl.DataFrame, config: QualificationConfig, today: date
) -> pl.DataFrame:
    """``supplier`` → ``agreement``: signed within ``agreement_years`` (Suppliers sheet), or a current quality
    agreement among the supplier's contracts."""
    signed = pl.col("agreement_date").dt.offset_by(f"{config.agreement_years}y") >= pl.lit(today)
    current = contracts.filter(
        (pl.col("party_type") == "supplier")
        & ~pl.col("status").is_in(_ENDED).fill_null(False)
        & (pl.col("end").is_null() | (pl.col("end") >= pl.lit(today)))
        & ((pl.col("contract_type") == "quality") | pl.col("quality_agreement").is_not_null())
    )
    covered = pl.col("supplier").is_in(current.get_column("party").implode())
    return master.select("supplier", (signed.fill_null(False) | covered).alias("agreement"))


def approved_list(
    inputs: ListInputs, config: QualificationConfig, today: date, lang: Lang
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The approved list (``APPROVED_LIST`` keys) and the status changes made (part, supplier, old, new, reason)."""
    keys = ["part", "supplier"]
    sources = (
        pl.concat([f.select(keys) for f in (inputs.parts, inputs.previous, inputs.samples)])
        .drop_nulls()
        .unique(maintain_order=True)
        .sort(keys)
    )
    master = inputs.suppliers.rename({"code": "supplier"}).unique("supplier", keep="first")
    flags = master.select(
        "supplier", (pl.col("designated") == "yes").fill_null(False).alias("_designated"), "designated_by"
    )
    by_supplier = supplier_causes(inputs, config, today, lang).drop("part")
    causes = pl.concat(
        [
            sample_causes(sources, inputs.samples, config.require_sample, lang),
            sources.join(by_supplier, on="supplier", how="inner").select(list(_CAUSE)),
        ]
    )
    causes = causes.join(flags, on="supplier", how="left").with_columns(
        (pl.col("routed") & pl.col("_designated").fill_null(False)).alias("_report")
    )
    causes = causes.with_columns(
        pl.when(pl.col("_report")).then(pl.min_horizontal("level", pl.lit(1))).otherwise(pl.col("level")).alias("level")
    )
    summary = (
        causes.sort("level", descending=True)
        .group_by(keys)
        .agg(
            pl.col("level").max().alias("_level"),
            pl.col("reason").str.join("; ").alias("_reason"),
            pl.col("reason").filter(pl.col("_report")).str.join("; ").alias("_reported"),
        )
    )
    result = (
        sources.join(summary, on=keys, how="left")
        .join(flags, on="supplier", how="left")
        .join(agreement_valid(master, inputs.contracts, config, today), on="supplier", how="left")
        .join(
            inputs.previous.select(
                *keys,
                *(
                    pl.col(c).alias(f"_prev_{c}")
                    for c in ("status", "release_date", "quantity_limit", "changed", "override", "override_reason")
                ),
            ),
            on=keys,
            how="left",
        )
    )
    return _finish(result, config, today, lang)


def _finish(
    result: pl.DataFrame, config: QualificationConfig, today: date, lang: Lang
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Status (an override wins), reason, dates kept or set today on a change, limit, agreement and the
    report-to-customer action, from the summed causes and the previous row."""
    computed = pl.col("_level").replace_strict(LEVELS, default="released", return_dtype=pl.String)
    status = pl.coalesce("_prev_override", computed)
    override_text = say("qualification_reason_override", lang, reason=pl.coalesce("_prev_override_reason", pl.lit("—")))
    reason = pl.concat_str(
        [pl.when(pl.col("_prev_override").is_not_null()).then(override_text), pl.col("_reason")],
        separator="; ",
        ignore_nulls=True,
    )
    usable = pl.col("status").is_in(("released", "conditional"))
    was_usable = pl.col("_prev_status").is_in(("released", "conditional")).fill_null(False)
    limit = pl.lit(config.conditional_limit) if config.conditional_limit > 0 else pl.lit(None, pl.Float64)
    report = say("qualification_action_report", lang, customer=pl.col("designated_by"), reasons=pl.col("_reported"))
    staged = result.with_columns(
        status.alias("status"), pl.when(reason != "").then(reason).alias("reason")
    ).with_columns(
        pl.when(usable & was_usable)
        .then(pl.coalesce("_prev_release_date", pl.lit(today)))
        .when(usable)
        .then(pl.lit(today))
        .alias("release_date"),
        pl.when(pl.col("status") == "conditional")
        .then(pl.coalesce(pl.col("_prev_quantity_limit"), limit))
        .alias("quantity_limit"),
        pl.when(pl.col("agreement")).then(pl.lit("yes")).otherwise(pl.lit("no")).alias("agreement"),
        pl.when(pl.col("_prev_status").ne_missing(pl.col("status")))
        .then(pl.lit(today))
        .otherwise(pl.col("_prev_changed"))
        .alias("changed"),
        pl.when(pl.col("_designated")).then(pl.col("designated_by")).alias("designated_by"),
        pl.when(pl.col("_designated") & (pl.col("_reported") != "")).then(report).alias("action"),
        pl.col("_prev_override").alias("override"),
        pl.col("_prev_override_reason").alias("override_reason"),
    )
    names = labels(RELEASE_STATUS, lang)
    changes = staged.filter(pl.col("_prev_status").ne_missing(pl.col("status"))).select(
        "part",
        "supplier",
        pl.col("_prev_status").replace_strict(names, default="—").alias("old"),
        pl.col("status").replace_strict(names).alias("new"),
        pl.coalesce("reason", pl.lit("—")).alias("reason"),
        "action",
    )
    return staged.select(APPROVED_LIST.keys()), changes
