"""Master data: the supplier list, their certificates, and parts with approved sources.

Frames carry hidden columns (prefixed ``_``) with each supplier's and part's behaviour — defect rate,
lateness, price offset, inspection plan — for the logs to draw from; ``sample_frames`` drops them.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from srm_xl.demo.dates import Window, as_date, uniform_days
from srm_xl.demo.identity import emails, make_usccs, mobiles, person_names
from srm_xl.demo.vocab import (
    BRANDS,
    BUYERS,
    CATEGORY_WEIGHTS,
    CERT_ISSUERS,
    CITIES,
    INTERNATIONAL,
    PART_NAMES,
    PART_PREFIX,
    PRICE_LOG_MEDIAN,
    PRODUCTION,
    ROADS,
    TRADES,
)

ACTIVE = ("approved", "conditional", "suspended")
"""Statuses under which a supplier holds approved sources and delivers."""
_STATUS_P = {"approved": 0.80, "conditional": 0.08, "suspended": 0.04, "candidate": 0.06, "disqualified": 0.02}
_CERT_RULES = (
    ("ISO 9001", "QMS", None, 0.93),
    ("IATF 16949", "IATF", "_automotive", 1.0),
    ("ISO 14001", "EMS", None, 0.35),
    ("ISO 45001", "OHS", None, 0.15),
    ("ISO 13485", "MDQ", None, 0.03),
)
_SPLITS: dict[int, tuple[tuple[float, ...], ...]] = {
    1: ((1.0,),),
    2: ((0.7, 0.3), (0.6, 0.4), (0.5, 0.5), (0.8, 0.2)),
    3: ((0.5, 0.3, 0.2), (0.4, 0.3, 0.3), (0.6, 0.2, 0.2)),
}
"""Share splits whose float sum is exactly 1 in any order."""


def code_width(count: int) -> int:
    """Digits in supplier codes: ``S001`` for up to 999 suppliers, wider beyond."""
    return max(3, len(str(count)))


def suppliers(rng: np.random.Generator, n: int, window: Window) -> pl.DataFrame:
    """The supplier master with hidden behaviour columns."""
    categories = list(CATEGORY_WEIGHTS)
    category = rng.choice(categories, n, p=list(CATEGORY_WEIGHTS.values())).astype(object)
    city = rng.choice(len(CITIES), n, p=_normalised([c.weight for c in CITIES]))
    foreign = rng.choice(n, min(len(INTERNATIONAL), round(n * 0.06)), replace=False)
    brand, trade = _unique_names(rng, city, category)
    names = np.array(
        [
            f"{CITIES[c].short}{BRANDS[b][0]}{TRADES[k][t].word}有限公司"
            for c, b, k, t in zip(city, brand, category, trade, strict=True)
        ],
        dtype=object,
    )
    materials = np.array([TRADES[k][t].materials for k, t in zip(category, trade, strict=True)], dtype=object)
    domains = np.array([BRANDS[b][1] for b in brand], dtype=object) + rng.choice([".com", ".com.cn", "-tech.com"], n)
    for row, firm in zip(foreign, INTERNATIONAL, strict=False):
        names[row], domains[row], category[row] = firm.name, firm.domain, firm.category
        city[row] = next(i for i, c in enumerate(CITIES) if c.short == firm.city)
        materials[row] = TRADES[firm.category][0].materials
    contact, surname_py, given_py = person_names(rng, n)
    status = exact_choice(rng, list(_STATUS_P), list(_STATUS_P.values()), n)
    production = np.isin(category, PRODUCTION)
    active = np.isin(status, ACTIVE) & production
    bad = active & ((status == "suspended") | (rng.random(n) < 0.03))
    admitted = uniform_days(rng, date(2010, 1, 1), window.end - timedelta(days=60), n)
    agreement = np.minimum(admitted + rng.integers(0, 120, n).astype("timedelta64[D]"), np.datetime64(window.end, "D"))
    no_agreement = (status == "candidate") | (rng.random(n) < 0.10)
    late_chronic = active & (rng.random(n) < 0.08)
    return pl.DataFrame(
        {
            "code": _codes(n),
            "name": pl.Series(names, dtype=pl.String),
            "uscc": make_usccs(rng, np.array([CITIES[c].adcode for c in city])),
            "category": pl.Series(category, dtype=pl.String),
            "contact": contact,
            "phone": mobiles(rng, n),
            "email": emails(rng, surname_py, given_py, pl.Series(domains, dtype=pl.String)),
            "address": _addresses(rng, city),
            "materials": pl.Series(materials, dtype=pl.String),
            "importance": exact_choice(rng, ["I", "II", "III"], [0.15, 0.35, 0.50], n),
            "status": status,
            "admission_date": as_date(np.where(status == "candidate", np.datetime64("NaT"), admitted)),
            "agreement_date": as_date(np.where(no_agreement, np.datetime64("NaT"), agreement)),
            "backup": np.where(rng.random(n) < 0.15, "yes", "no"),
            "buyer": rng.choice(BUYERS, n),
            "_active": active,
            "_bad": bad,
            "_automotive": production & (category != "packaging") & (rng.random(n) < 0.35),
            "_p_defect": np.where(bad, rng.lognormal(np.log(0.02), 0.4, n), rng.lognormal(np.log(0.0015), 0.8, n)),
            "_p_late": np.where(late_chronic, rng.uniform(0.3, 0.5, n), rng.uniform(0.01, 0.07, n)),
            "_late_days": np.where(late_chronic, 6.0, 2.0),
            "_price_offset": np.clip(rng.normal(0, 0.04, n), -0.12, 0.15),
            "_region": [CITIES[c].region for c in city],
        }
    )


def exact_choice(rng: np.random.Generator, values: list[str], shares: list[float], n: int) -> np.ndarray:
    """``values`` in the proportions ``shares`` as exactly as ``n`` allows, in random order."""
    return rng.permutation(np.repeat(np.asarray(values), apportion(n, shares)))


def apportion(total: int, weights: list[float]) -> np.ndarray:
    """``total`` split in proportion to ``weights`` into whole numbers that add up to ``total`` (largest remainder)."""
    exact = np.asarray(weights, dtype=float) / sum(weights) * total
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(-(exact - counts), kind="stable")[: total - counts.sum()]] += 1
    return counts


def _normalised(weights: list[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _codes(n: int) -> pl.Series:
    return pl.Series(np.char.add("S", np.char.zfill(np.arange(1, n + 1).astype(str), code_width(n))))


def _unique_names(rng: np.random.Generator, city: np.ndarray, category: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Brand and trade indices such that no two suppliers share city, brand and trade (one company name)."""
    sizes = np.array([len(TRADES[k]) for k in category])
    brand = rng.integers(0, len(BRANDS), len(city))
    trade = (rng.random(len(city)) * sizes).astype(np.int64)
    for _ in range(200):
        keys = (city * 1000 + brand) * 100 + trade + np.array([list(TRADES).index(k) for k in category]) * 10
        _, first = np.unique(keys, return_index=True)
        again = np.ones(len(keys), dtype=bool)
        again[first] = False
        if not again.any():
            return brand, trade
        brand[again] = rng.integers(0, len(BRANDS), again.sum())
        trade[again] = (rng.random(again.sum()) * sizes[again]).astype(np.int64)
    raise ValueError(f"cannot give {len(city)} demo suppliers distinct names; use fewer suppliers")


def _addresses(rng: np.random.Generator, city: np.ndarray) -> pl.Series:
    n = len(city)
    district = [
        CITIES[c].districts[i % len(CITIES[c].districts)] for c, i in zip(city, rng.integers(0, 12, n), strict=True)
    ]
    road = rng.choice(ROADS, n)
    number = rng.integers(1, 999, n)
    return pl.Series(
        [f"{CITIES[c].prefix}{d}{r}{k}号" for c, d, r, k in zip(city, district, road, number, strict=True)],
        dtype=pl.String,
    )


def certificates(rng: np.random.Generator, sups: pl.DataFrame, window: Window) -> pl.DataFrame:
    """System certificates: ISO 9001 for most, IATF 16949 for automotive suppliers, others for some; a few lapsed."""
    eligible = (sups["status"] != "candidate").to_numpy() & (sups["category"] != "other").to_numpy()
    parts = []
    for cert_type, tag, flag, share in _CERT_RULES:
        has = eligible & (rng.random(len(sups)) < share)
        if flag is not None:
            has &= sups[flag].to_numpy()
        parts.append(
            pl.DataFrame({"supplier": sups["code"].filter(pl.Series(has)), "cert_type": cert_type, "tag": tag})
        )
    certs = pl.concat(parts).sort("supplier", "cert_type")
    n = certs.height
    end = np.datetime64(window.end, "D")
    kind = rng.choice(3, n, p=[0.86, 0.06, 0.08])  # valid, expired, expiring within 60 days
    offset = np.select(
        [kind == 1, kind == 2], [-rng.integers(1, 300, n), rng.integers(0, 60, n)], rng.integers(61, 1000, n)
    )
    valid_to = end + offset.astype("timedelta64[D]")
    return certs.with_columns(
        number=pl.concat_str(pl.col("tag"), pl.lit("-"), pl.Series(rng.integers(10**7, 10**8, n)).cast(pl.String)),
        issuer=pl.Series(rng.choice(CERT_ISSUERS, n)),
        valid_from=as_date(valid_to - np.timedelta64(1094, "D")),
        valid_to=as_date(valid_to),
    ).drop("tag")


def parts(rng: np.random.Generator, sups: pl.DataFrame, count: int) -> pl.DataFrame:
    """Parts with 1–3 approved sources each (shares summing to 1) and hidden inspection and volume attributes."""
    active = sups.with_row_index("_idx").filter(pl.col("_active"))
    pools = [active.filter(pl.col("category") == category)["_idx"].to_numpy() for category in PRODUCTION]
    counts = apportion(count, [len(pool) for pool in pools])
    frames = [
        _category_parts(rng, category, pool, int(k))
        for category, pool, k in zip(PRODUCTION, pools, counts, strict=True)
        if k
    ]
    sources = pl.concat(frames)
    return sources.with_columns(supplier=sups["code"].gather(sources["_supplier_idx"])).sort("part", "supplier")


def _category_parts(rng: np.random.Generator, category: str, pool: np.ndarray, count: int) -> pl.DataFrame:
    k = np.minimum(rng.choice([1, 2, 3], count, p=[0.45, 0.40, 0.15]), len(pool))
    first = np.resize(rng.permutation(len(pool)), count)  # every active supplier gets at least one part
    step1 = rng.integers(1, max(len(pool), 2), count)
    step2 = np.where(step1 + 1 < len(pool), step1 + 1, 1)
    slots = np.stack([first, (first + step1) % len(pool), (first + step2) % len(pool)], axis=1)
    split = np.zeros((count, 3))
    for size, options in _SPLITS.items():
        rows = np.flatnonzero(k == size)
        split[rows, :size] = np.asarray(options)[rng.integers(0, len(options), len(rows))]
    part_no = pl.Series([f"{PART_PREFIX[category]}-{i:05d}" for i in range(10001, 10001 + count)])
    level = rng.choice(["II", "I", "III", "S-3", "S-4"], count, p=[0.86, 0.04, 0.04, 0.03, 0.03])
    critical = rng.random(count) < 0.12
    aql = np.where(critical, 0.65, rng.choice([1.0, 0.65, 2.5, 1.5, 0.4], count, p=[0.5, 0.15, 0.25, 0.06, 0.04]))
    per_part = pl.DataFrame(
        {
            "part": part_no,
            "part_name": rng.choice(PART_NAMES[category], count),
            "critical": np.where(critical, "yes", "no"),
            "target_price": np.round(rng.lognormal(np.log(PRICE_LOG_MEDIAN[category]), 0.9, count), 2).clip(0.01),
            "_level": level,
            "_aql": np.where(category == "packaging", 2.5, aql),
            "_lot_base": rng.lognormal(np.log(1200), 0.9, count),
            "_volume": rng.lognormal(0, 0.7, count),
            "_difficulty": rng.lognormal(0, 0.3, count),
        }
    )
    rows = np.repeat(np.arange(count), k)
    position = np.arange(len(rows)) - np.repeat(np.cumsum(k) - k, k)
    return per_part[rows].with_columns(
        share=pl.Series(split[rows, position]),
        _supplier_idx=pl.Series(pool[slots[rows, position]]).cast(pl.Int64),
    )
