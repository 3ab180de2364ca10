"""Customers, their complaints (some traced to a supplier and part) and half-yearly satisfaction surveys."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from srm_xl.demo.dates import Window, as_date, uniform_days
from srm_xl.demo.identity import emails, mobiles, person_names
from srm_xl.demo.masters import code_width, exact_choice
from srm_xl.demo.vocab import BRANDS, CITIES, CUSTOMER_WORDS, FOREIGN_CUSTOMERS, INDUSTRIES, SERVICE_OWNERS, SQES

_COMPLAINTS = {
    "quality": "客户产线发现{part}{defect}, 不良{k}件",
    "delivery": "订单延迟{k}天交付, 影响客户排产",
    "service": "技术问题{k}天未回复, 客户要求升级处理",
    "documentation": "出货检验报告缺失, 共{k}批",
}
_ASPECTS = {"quality": 0.5, "delivery": 0.6, "price": 0.7, "service": 0.5, "communication": 0.5}
_COMMENTS = (
    "希望缩短交货周期",
    "质量稳定, 继续保持",
    "技术支持响应及时",
    "包装需改进, 运输中有破损",
    "价格偏高",
    "希望提供更完整的出货报告",
)


def customers(rng: np.random.Generator, n: int, window: Window) -> pl.DataFrame:
    """Customers with a long-tailed revenue: a few strategic accounts carry most of the sales."""
    city = rng.choice(len(CITIES), n)
    brand = rng.permutation(np.resize(np.arange(len(BRANDS)), n))
    industry = rng.choice(INDUSTRIES, n, p=[0.3, 0.15, 0.12, 0.15, 0.12, 0.1, 0.06])
    names = [
        f"{CITIES[c].short}{BRANDS[b][0]}{CUSTOMER_WORDS[i]}有限公司"
        for c, b, i in zip(city, brand, industry, strict=True)
    ]
    domains = [f"{BRANDS[b][1]}.com" for b in brand]
    for row, (name, sector, domain) in zip(
        rng.choice(n, min(n, len(FOREIGN_CUSTOMERS)), replace=False), FOREIGN_CUSTOMERS, strict=False
    ):
        names[row], industry[row], domains[row] = name, sector, domain
    revenue = np.round((rng.pareto(1.3, n) + 1) * 8e5, -3)
    rank = np.argsort(np.argsort(-revenue))
    strategic = (rank < max(1, round(n * 0.08))) | (rng.random(n) < 0.03)
    contact, surname_py, given_py = person_names(rng, n)
    klass = np.select([strategic | (rank < n * 0.1), rank < n * 0.4], ["strategic", "important"], "ordinary")
    return pl.DataFrame(
        {
            "code": np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 3)),
            "name": names,
            "industry": industry,
            "region": [CITIES[c].region for c in city],
            "contact": contact,
            "phone": mobiles(rng, n),
            "email": emails(rng, surname_py, given_py, pl.Series(domains)),
            "annual_revenue": revenue,
            "margin": np.round(np.clip(rng.normal(0.18, 0.06, n), 0.02, 0.45), 3),
            "since": as_date(uniform_days(rng, date(2008, 1, 1), window.end - timedelta(days=90), n)),
            "strategic": np.where(strategic, "yes", "no"),
            "customer_class": klass,
            "service_owner": rng.choice(SERVICE_OWNERS, n),
        }
    )


def complaints(
    rng: np.random.Generator, custs: pl.DataFrame, lots: pl.DataFrame, window: Window, n: int
) -> pl.DataFrame:
    """Complaints weighted to big customers; most quality ones traced to a rejected-prone supplier and part."""
    weight = np.sqrt(custs["annual_revenue"].to_numpy())
    customer = custs["code"].gather(rng.choice(custs.height, n, p=weight / weight.sum()))
    kind = exact_choice(rng, list(_COMPLAINTS), [0.6, 0.2, 0.12, 0.08], n)
    defective = lots.filter(pl.col("defect_type").is_not_null())
    traced = defective[rng.choice(defective.height, n)]
    is_traced = (kind == "quality") & (rng.random(n) < 0.75)
    received = uniform_days(rng, window.start, window.end, n)
    end = np.datetime64(window.end, "D")
    first = received + rng.integers(0, 5, n).astype("timedelta64[D]")
    resolved = first + rng.integers(3, 40, n).astype("timedelta64[D]")
    has_first, has_resolved = first <= end, resolved <= end
    nat = np.datetime64("NaT")
    status = np.select(
        [has_resolved & (rng.random(n) < 0.75), has_resolved, has_first],
        ["confirmed", "resolved", "responded"],
        rng.choice(["received", "classified", "assigned"], n),
    )
    counts = rng.integers(1, 30, n)
    descriptions = [
        _COMPLAINTS[k].format(
            part=traced["part"][i] if t else "产品", defect=traced["defect_type"][i] or "不良", k=counts[i]
        )
        for i, (k, t) in enumerate(zip(kind, is_traced, strict=True))
    ]
    order = np.argsort(received, kind="stable")
    frame = pl.DataFrame(
        {
            "customer": customer,
            "received": as_date(received),
            "complaint_type": kind,
            "description": descriptions,
            "part": traced["part"].zip_with(pl.Series(is_traced), pl.Series([None] * n, dtype=pl.String)),
            "supplier": traced["supplier"].zip_with(pl.Series(is_traced), pl.Series([None] * n, dtype=pl.String)),
            "assigned_to": rng.choice(SQES + ("马俊", "朱婷"), n),
            "first_response": as_date(np.where(has_first, first, nat)),
            "resolved": as_date(np.where(has_resolved, resolved, nat)),
            "status": status,
            "claimed_amount": pl.Series(np.where(is_traced, counts * 150.0, np.nan)).fill_nan(None),
        }
    )[order]
    year = pl.col("received").dt.year()
    return frame.with_columns(
        complaint_id=pl.concat_str(
            pl.lit("CC-"),
            year.cast(pl.String),
            pl.lit("-"),
            pl.int_range(1, pl.len() + 1).over(year).cast(pl.String).str.zfill(code_width(n)),
        ),
    )


def _score(rng: np.random.Generator, mood: np.ndarray, spread: float) -> np.ndarray:
    return np.clip(np.round(mood + rng.normal(0, spread, len(mood))), 1, 5)


def surveys(rng: np.random.Generator, custs: pl.DataFrame, window: Window) -> pl.DataFrame:
    """Half-yearly satisfaction surveys answered by about 80% of customers, scores 1–5 and 0–10."""
    periods = [label for label, _, _ in window.periods(6)]
    grid = custs.select("code").join(pl.DataFrame({"period": periods}, schema={"period": pl.String}), how="cross")
    grid = grid.filter(pl.Series(rng.random(grid.height) < 0.8))
    n = grid.height
    mood = rng.normal(4.0, 0.5, n)
    return grid.select(
        survey_id=pl.concat_str(pl.lit("SV-"), pl.col("period").str.replace("-", "")),
        customer="code",
        period="period",
        **{aspect: pl.Series(_score(rng, mood, spread)) for aspect, spread in _ASPECTS.items()},
        recommend=pl.Series(np.clip(np.round((mood - 1) * 2.5 + rng.normal(0, 1, n)), 0, 10).astype(np.int64)),
        comments=pl.when(pl.Series(rng.random(n) < 0.3)).then(pl.Series(rng.choice(_COMMENTS, n))),
    )
