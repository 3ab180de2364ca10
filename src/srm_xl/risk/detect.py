"""Run every enabled detection rule and rate what they find: stable id, score = likelihood × impact, level."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

import polars as pl

from srm_xl.config import Config
from srm_xl.risk import compliance, performance, sources
from srm_xl.risk.found import RULE_COLUMNS, RULE_SCHEMA
from srm_xl.risk.inputs import RiskInputs
from srm_xl.risk.matrix import level_expr, score_expr
from srm_xl.risk.reevaluation import reevaluation_findings

Rule = Callable[[RiskInputs, Config, date], pl.DataFrame]


def _reevaluation(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Overdue re-audits, where the workbook keeps audits at all: a book without them is no evidence of one."""
    if "audits" not in inputs.frames:
        return pl.DataFrame(schema=RULE_SCHEMA)
    return reevaluation_findings(inputs.frames, config, today)


DETECTORS: dict[str, tuple[str, Rule]] = {
    "single_source": ("SRC", sources.single_source),
    "no_backup": ("BAK", sources.no_backup),
    "certificate": ("CRT", compliance.certificate),
    "agreement": ("QAG", compliance.agreement),
    "grade": ("GRD", performance.grade),
    "ppm_spike": ("PPM", performance.ppm_spike),
    "on_time": ("OTD", performance.on_time),
    "contract": ("CON", compliance.contract),
    "spend": ("SPD", sources.spend),
    "discontinued": ("INS", performance.discontinued),
    "capa_overdue": ("CAR", performance.capa_overdue),
    "reevaluation": ("REV", _reevaluation),
}
"""Rule id → (short code in risk ids, detector), for every rule in ``srm_xl.config.risk.RULES``."""


def risk_id(rule: str, subject: str) -> str:
    """``R-<code>-<8 hex digits of the subject's SHA-1>``: the same rule and subject give the same id on every run."""
    return f"R-{DETECTORS[rule][0]}-{hashlib.sha1(subject.encode('utf-8')).hexdigest()[:8].upper()}"


def detect_risks(inputs: RiskInputs, config: Config, today: date) -> pl.DataFrame:
    """Every risk the enabled rules find today: ``risk_id``, ``RULE_COLUMNS``, ``score`` and ``level``."""
    frames = [DETECTORS[rule][1](inputs, config, today) for rule in config.risk.enabled()]
    found = pl.concat(frames) if frames else pl.DataFrame(schema=RULE_SCHEMA)
    found = found.unique(["rule", "subject"], keep="first", maintain_order=True)
    ids = pl.struct("rule", "subject").map_elements(lambda r: risk_id(r["rule"], r["subject"]), return_dtype=pl.String)
    likelihood, impact = pl.col("likelihood"), pl.col("impact")
    return found.select(
        ids.alias("risk_id"),
        *RULE_COLUMNS,
        score_expr(likelihood, impact),
        level_expr(likelihood, impact, config.risk.levels()).alias("level"),
    ).sort("rule", "subject")
