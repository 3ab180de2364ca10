"""Nonconformity classes (critical, major, minor), each with its own AQL, and the lot decision they give."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.sampling.plans import aql_index, filled, index_of, letter_rows, lookup, lot_sizes
from srm_xl.sampling.tables import LEVELS, SEVERITIES, family

CLASSES = ("critical", "major", "minor")


def class_aqls(frame: pl.DataFrame, config: SamplingConfig) -> dict[str, pl.Series]:
    """The AQL of each class per lot: the Config sheet's, except that a lot's own ``aql`` overrides the major one."""
    aqls = {
        name: pl.repeat(getattr(config, f"aql_{name}"), frame.height, dtype=pl.Float64, eager=True) for name in CLASSES
    }
    aqls["major"] = filled(frame, "aql", config.aql_major, pl.Float64)
    return aqls


@dataclass(frozen=True)
class ClassPlans:
    """Per lot, for one severity: Ac and Re of each class, the sample size and usability.

    The sample size is the largest over the classes' plans; with zero acceptance for critical nonconformities
    the critical class is judged on that sample (Ac 0, Re 1) and does not enlarge it.
    """

    ac: dict[str, np.ndarray]
    re: dict[str, np.ndarray]
    sample_size: np.ndarray
    ok: np.ndarray

    def rejected(self, counts: dict[str, np.ndarray]) -> np.ndarray:
        """A lot is rejected when the count of any class reaches that class's Re."""
        return np.logical_or.reduce([counts[name] >= self.re[name] for name in CLASSES])


def class_plans(
    frame: pl.DataFrame, config: SamplingConfig, severities: tuple[str, ...] = SEVERITIES, *, tighter: bool = False
) -> dict[str, ClassPlans]:
    """Plans of every class for all lots under each of ``severities``; ``tighter`` uses each class's AQL one
    step tighter in the series (the smallest AQL stays as it is)."""
    lot, lot_ok = lot_sizes(frame["lot_size"])
    level = index_of(filled(frame, "level", config.level, pl.Utf8), LEVELS, dtype=pl.Utf8)
    ok = lot_ok & (level >= 0)
    row = letter_rows(lot, np.where(ok, level, 0))
    aqls = {}
    for name, values in class_aqls(frame, config).items():
        aql = aql_index(values)
        ok &= aql >= 0
        aqls[name] = np.where(aql >= 0, np.maximum(aql - tighter, 0), 0)
    fam, plans = family(config.standard), {}
    for severity in severities:
        sev = np.full(frame.height, SEVERITIES.index(severity))
        acs, res, sizes = {}, {}, []
        for name, aql in aqls.items():
            _, n, ac, re = lookup(fam, sev, row, aql)
            if name == "critical" and config.critical_zero_acceptance:
                ac, re = np.zeros_like(ac), np.ones_like(re)
            else:
                sizes.append(n)
            acs[name], res[name] = ac, re
        plans[severity] = ClassPlans(acs, res, np.minimum(np.maximum.reduce(sizes), lot), ok)
    return plans


def class_counts(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """Nonconforming counts per class (a missing column or blank cell counts as none found)."""
    return {name: filled(frame, name, 0, pl.Int64).to_numpy() for name in CLASSES}


def lot_decision(frame: pl.DataFrame, config: SamplingConfig | None = None) -> pl.DataFrame:
    """``frame`` with ``sample_size``, each class's ``<class>_ac``/``<class>_re`` and ``decision`` (accept/reject).

    Uses each lot's ``severity`` (normal when blank); lots that cannot be planned or are discontinued get a
    null decision.
    """
    cfg = config or SamplingConfig()
    severity = index_of(filled(frame, "severity", "normal", pl.Utf8), SEVERITIES, dtype=pl.Utf8)
    counts = class_counts(frame)
    plans = list(class_plans(frame, cfg).values())
    pick = np.where(severity >= 0, severity, 0)

    def chosen(values: list[np.ndarray]) -> np.ndarray:
        return np.choose(pick, values)

    ok = chosen([p.ok for p in plans]) & (severity >= 0)
    rejected = chosen([p.rejected(counts) for p in plans])
    columns = [pl.Series("sample_size", chosen([p.sample_size for p in plans]))]
    for name in CLASSES:
        columns += [
            pl.Series(f"{name}_ac", chosen([p.ac[name] for p in plans])),
            pl.Series(f"{name}_re", chosen([p.re[name] for p in plans])),
        ]
    columns.append(pl.Series("decision", np.where(rejected, "reject", "accept")))
    return frame.with_columns(columns).with_columns(
        pl.when(pl.Series(ok)).then(pl.col(c.name)).otherwise(None) for c in columns
    )
