"""The handful of data problems planted in the sample data, so the validation demo has something to find."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from srm_xl.demo.identity import corrupt_uscc
from srm_xl.demo.masters import code_width


@dataclass(frozen=True)
class Problem:
    """One kind of planted problem: where it is, how many rows carry it, and what it is in both languages."""

    sheet: str
    column: str
    rows: int
    check: str
    zh: str
    en: str


DELIBERATE_PROBLEMS: tuple[Problem, ...] = (
    Problem(
        "suppliers",
        "uscc",
        3,
        "uscc",
        "统一社会信用代码校验位错误",
        "Unified social credit code with a wrong check character",
    ),
    Problem(
        "inspections",
        "supplier",
        2,
        "reference",
        "供应商代码不在供应商名录中 (一个未登记代码, 一个把0录成字母O)",
        "Supplier code not in the supplier list (one unregistered code, one with letter O typed for zero)",
    ),
    Problem("inspections", "lot", 2, "unique", "两行使用同一批号", "Two rows share one lot number"),
    Problem("inspections", "sample_size", 1, "ordered", "样本量大于批量", "Sample size larger than the lot size"),
    Problem(
        "deliveries",
        "delivered_date",
        1,
        "required",
        "已填交货数量但实际交货日期为空",
        "Quantity delivered but the delivered date is blank",
    ),
)
"""What ``sample_frames`` plants, per sheet and column; every other row is consistent."""


def plant(rng: np.random.Generator, frames: dict[str, pl.DataFrame], suppliers: int) -> dict[str, pl.DataFrame]:
    """``frames`` with the problems of ``DELIBERATE_PROBLEMS`` written into randomly chosen rows."""
    sups, lots, dels = frames["suppliers"], frames["inspections"], frames["deliveries"]
    bad_uscc = rng.choice(np.flatnonzero(sups["uscc"].is_not_null().to_numpy()), 3, replace=False)
    uscc = sups["uscc"].clone().scatter(bad_uscc, [corrupt_uscc(sups["uscc"][int(r)]) for r in bad_uscc])
    unknown, typo, dup_from, dup_to, oversampled = (int(r) for r in rng.choice(lots.height, 5, replace=False))
    unregistered = "S" + str(suppliers + 1).zfill(code_width(suppliers))
    supplier = lots["supplier"].clone().scatter([unknown, typo], [unregistered, "SO" + lots["supplier"][typo][2:]])
    lot = lots["lot"].clone().scatter(dup_to, lots["lot"][dup_from])
    sample = lots["sample_size"].clone().scatter(oversampled, lots["lot_size"][oversampled] + 30)
    blank = pl.Series(np.arange(dels.height) == rng.integers(0, dels.height))
    return {
        **frames,
        "suppliers": sups.with_columns(uscc=uscc),
        "inspections": lots.with_columns(supplier=supplier, lot=lot, sample_size=sample),
        "deliveries": dels.with_columns(delivered_date=pl.when(~blank).then(pl.col("delivered_date"))),
    }
