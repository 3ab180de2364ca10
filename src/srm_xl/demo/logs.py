"""The incoming-inspection log and the delivery log: one inspected lot per delivery.

Lots are drawn from the approved sources in proportion to share × part volume. Each supplier has its own
defect rate; bad suppliers also have a 45–90-day episode of much higher rates, so rejects cluster and the
switching rules move them to tightened inspection. The recorded severity is what an inspector would have
applied: tightened after two rejects in the previous five lots of the same supplier and part, reduced on some
long clean runs of good suppliers. A lot is rejected when its defects (critical + major + minor) exceed Ac.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from srm_xl.demo.dates import Window, as_date
from srm_xl.demo.plan import plans
from srm_xl.demo.vocab import DEFECT_TYPES, DEFECT_WEIGHTS, INSPECTORS

_DISPOSITIONS = ("return", "sort", "rework", "concession", "scrap")
_DISPOSITION_P = (0.5, 0.25, 0.1, 0.1, 0.05)
_COSTS = (("sort", 0.08, "sorting_cost"), ("rework", 0.3, "rework_cost"), ("scrap", 1.5, "scrap_cost"))
"""Cost recorded per unit of a lot sorted, reworked or scrapped (CNY)."""
_EPISODE_FACTOR = 6.0


def inspections(
    rng: np.random.Generator, sups: pl.DataFrame, parts: pl.DataFrame, window: Window, lots: int
) -> pl.DataFrame:
    """The inspection log, sorted by received date, with hidden ``_supplier_idx`` and ``_price`` columns."""
    weight = (parts["share"] * parts["_volume"]).to_numpy()
    source = rng.choice(parts.height, lots, p=weight / weight.sum())
    src = parts[source]
    sup = src["_supplier_idx"].to_numpy()
    offset = _weekday_offsets(rng, window, lots)
    episode_start = rng.integers(30, max(31, window.days - 60), sups.height)
    episode_len = rng.integers(45, 91, sups.height)
    in_episode = (
        sups["_bad"].to_numpy()[sup] & (offset >= episode_start[sup]) & (offset < episode_start[sup] + episode_len[sup])
    )
    p_lot = np.clip(
        sups["_p_defect"].to_numpy()[sup] * src["_difficulty"].to_numpy() * np.where(in_episode, _EPISODE_FACTOR, 1.0),
        0,
        0.6,
    )
    lot_size = _lot_sizes(rng, src["_lot_base"].to_numpy())
    order = np.lexsort((rng.random(lots), offset))
    frame = pl.DataFrame(
        {
            "supplier": src["supplier"],
            "part": src["part"],
            "_supplier_idx": sup,
            "_offset": offset,
            "lot_size": lot_size,
            "level": src["_level"],
            "aql": src["_aql"],
            "_p": p_lot,
            "_episode": in_episode,
            "_good": sups["_p_defect"].to_numpy()[sup] < 0.001,
            "_price": src["target_price"],
            "_reduced_ok": (rng.random(parts.height) < 0.4)[source],
        }
    )[order]
    frame = _with_severity(rng, frame)
    return _with_results(rng, frame, sups.height, window)


def _weekday_offsets(rng: np.random.Generator, window: Window, n: int) -> np.ndarray:
    """Day offsets into the window; Sunday receipts move to the neighbouring Saturday or Monday."""
    offset = rng.integers(0, window.days, n)
    sunday = (window.start.weekday() + offset) % 7 == 6
    moved = np.where(offset + 1 < window.days, offset + 1, offset - 1)
    return np.where(sunday, np.maximum(moved, 0), offset)


def _lot_sizes(rng: np.random.Generator, base: np.ndarray) -> np.ndarray:
    raw = np.clip(base * rng.lognormal(0, 0.35, len(base)), 50, 20000)
    step = np.where(raw >= 1000, 100, 10)
    return np.clip(np.round(raw / step) * step, 50, 20000).astype(np.int64)


def _decide(
    rng: np.random.Generator, frame: pl.DataFrame, severity: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, ac = plans(frame["lot_size"].to_numpy(), frame["level"].to_numpy(), frame["aql"].to_numpy(), severity)
    defects = rng.binomial(n, frame["_p"].to_numpy())
    return n, defects, defects > ac


def _with_severity(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """Severity from the reject history of each supplier and part under normal inspection."""
    _, _, rejected = _decide(rng, frame, np.full(frame.height, "normal"))
    pair = ["supplier", "part"]
    history = (
        frame.select(pair)
        .with_columns(rej=pl.Series(rejected).cast(pl.Int64))
        .select(
            last5=pl.col("rej").rolling_sum(5, min_samples=1).shift(1).over(pair).fill_null(0),
            last10=pl.col("rej").rolling_sum(10, min_samples=10).shift(1).over(pair),
        )
    )
    tightened = history["last5"].to_numpy() >= 2
    clean_run = history["last10"].fill_null(1).to_numpy() == 0
    reduced = ~tightened & frame["_good"].to_numpy() & frame["_reduced_ok"].to_numpy() & clean_run
    return frame.with_columns(
        severity=_pick(("normal", "tightened", "reduced"), np.select([tightened, reduced], [1, 2], 0))
    )


def _with_results(rng: np.random.Generator, frame: pl.DataFrame, suppliers: int, window: Window) -> pl.DataFrame:
    n, defects, rejected = _decide(rng, frame, frame["severity"].to_numpy())
    critical = rng.binomial(defects, 0.03)
    major = rng.binomial(defects - critical, 0.35)
    dominant = rng.choice(len(DEFECT_TYPES), suppliers, p=DEFECT_WEIGHTS)
    random_type = rng.choice(len(DEFECT_TYPES), frame.height, p=DEFECT_WEIGHTS)
    kind = np.where(frame["_episode"].to_numpy(), dominant[frame["_supplier_idx"].to_numpy()], random_type)
    disposition = np.where(rejected, rng.choice(len(_DISPOSITIONS), frame.height, p=_DISPOSITION_P) + 1, 0)
    received = as_date(window.day(frame["_offset"].to_numpy()))
    month = received.dt.strftime("%Y%m")
    seq = frame.select(pl.int_range(1, pl.len() + 1).over(month)).to_series()
    width = max(4, len(str(seq.max() or 0)))
    return frame.with_columns(
        lot=pl.concat_str(pl.lit("IQC-"), month, pl.lit("-"), seq.cast(pl.String).str.zfill(width)),
        received=received,
        sample_size=pl.Series(n),
        critical=pl.Series(critical),
        major=pl.Series(major),
        minor=pl.Series(defects - critical - major),
        defect_type=pl.when(pl.Series(defects) > 0).then(pl.Series(DEFECT_TYPES).gather(kind)),
        decision=_pick(("accept", "reject"), rejected.astype(np.int64)),
        disposition=_pick(("accept", *_DISPOSITIONS), disposition),
        inspector=_pick(INSPECTORS, rng.choice(len(INSPECTORS), frame.height, p=[0.25, 0.2, 0.2, 0.15, 0.1, 0.1])),
    ).with_columns(
        (
            pl.when(pl.col("disposition") == kind).then(pl.col("lot_size") * rate).round(2).alias(column)
            for kind, rate, column in _COSTS
        )
    )


def _pick(pool: tuple[str, ...], index: np.ndarray) -> pl.Series:
    """Labels from ``pool`` by index, built in polars (numpy string arrays are slow to convert)."""
    return pl.Series(pool, dtype=pl.String).gather(index)


def deliveries(rng: np.random.Generator, sups: pl.DataFrame, lots: pl.DataFrame, window: Window) -> pl.DataFrame:
    """One delivery per inspected lot: due dates by each supplier's lateness, some short, prices near target."""
    sup = lots["_supplier_idx"].to_numpy()
    n = lots.height
    late = rng.random(n) < sups["_p_late"].to_numpy()[sup]
    delay = np.where(late, 1 + rng.geometric(1 / sups["_late_days"].to_numpy()[sup]), -rng.integers(0, 4, n))
    delivered = window.day(lots["_offset"].to_numpy())
    due = window.clip(delivered - delay.astype("timedelta64[D]"))
    short = rng.random(n) < np.where(sups["_p_late"].to_numpy()[sup] > 0.2, 0.12, 0.03)
    qty = lots["lot_size"].to_numpy().astype(float)
    ordered = np.where(short, np.ceil(qty / rng.uniform(0.6, 0.95, n) / 10) * 10, qty)
    price = lots["_price"].to_numpy() * (1 + sups["_price_offset"].to_numpy()[sup] + rng.normal(0, 0.01, n))
    return lots.select(
        po=pl.concat_str(
            pl.lit("PO"), pl.col("received").dt.strftime("%y%m"), pl.lit("-"), pl.col("supplier").str.slice(1)
        ),
        supplier="supplier",
        part="part",
        qty_ordered=pl.Series(ordered),
        qty_delivered=pl.Series(qty),
        due_date=as_date(due),
        delivered_date="received",
        unit_price=pl.Series(np.round(np.maximum(price, 0.01), 4)),
        currency=pl.lit("CNY"),
    )
