"""Plain functions for Excel worksheet functions (UDFs): one call per column, pure, no Excel objects.

xlwings hands a column as a list of rows (``[[v], [v], …]``) or a list, and a single cell as a scalar; both are
accepted. A row that cannot be planned returns ``#<message code>`` in its first cell, so one bad cell never
hides the rest of the column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from srm_xl.config.sampling import SamplingConfig
from srm_xl.sampling.oc import oc_curve
from srm_xl.sampling.plans import plan_frame


def _column(values: object) -> list:
    if isinstance(values, str) or not isinstance(values, Sequence):
        return [values]
    return [v[0] if isinstance(v, Sequence) and not isinstance(v, str) else v for v in values]


def _broadcast(*columns: list) -> list[list]:
    height = max(len(c) for c in columns)
    return [c * height if len(c) == 1 else c + [None] * (height - len(c)) for c in columns]


def srm_plan(
    lot_sizes: object,
    levels: object = None,
    aqls: object = None,
    severities: object = None,
    config: SamplingConfig | None = None,
) -> list[list]:
    """``[code letter, n, Ac, Re]`` for each lot; blanks take the Config defaults (level, major AQL, normal)."""
    lots, level, aql, severity = _broadcast(*(_column(v) for v in (lot_sizes, levels, aqls, severities)))
    frame = pl.DataFrame(
        {
            "lot_size": pl.Series(lots, dtype=pl.Float64, strict=False),
            "level": pl.Series([None if v in (None, "") else str(v) for v in level], dtype=pl.Utf8),
            "aql": pl.Series([None if v in (None, "") else v for v in aql], dtype=pl.Float64, strict=False),
            "severity": pl.Series([None if v in (None, "") else str(v) for v in severity], dtype=pl.Utf8),
        }
    )
    planned = plan_frame(frame, config)
    return [
        [f"#{error}", "", "", ""] if error else [code, n, ac, re]
        for code, n, ac, re, error in planned.select("code_letter", "sample_size", "ac", "re", "plan_error").iter_rows()
    ]


def srm_oc(
    n: object, ac: object, p: object, aql: object = None, config: SamplingConfig | None = None
) -> float | list[list[float]]:
    """Probability of acceptance of plan (n, Ac) at each ``p`` (fraction nonconforming, or nonconformities per
    unit); the model is the Config sheet's ``oc_method`` (auto: Poisson above AQL 10). A scalar for one ``p``."""
    ps = _column(p)
    given_aql = _column(aql)[0]
    values = oc_curve(
        int(_column(n)[0]),
        int(_column(ac)[0]),
        np.asarray(ps, dtype=float),
        (config or SamplingConfig()).oc_method,
        None if given_aql in (None, "") else float(given_aql),
    )
    if len(ps) == 1 and not isinstance(p, Sequence):
        return float(values[0])
    return [[float(v)] for v in values]
