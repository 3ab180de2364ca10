"""The demo's time window and day arithmetic on numpy ``datetime64[D]`` arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Window:
    """The months the demo's activity covers: from the first day of the first month to ``end`` inclusive."""

    start: date
    end: date

    @classmethod
    def ending(cls, end: date, months: int) -> Window:
        if months < 1:
            raise ValueError(f"months must be at least 1, got {months}")
        return cls(_month(end.year * 12 + end.month - months), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def day(self, offsets: np.ndarray) -> np.ndarray:
        """Dates at whole-day ``offsets`` from the start."""
        return np.datetime64(self.start, "D") + offsets.astype("timedelta64[D]")

    def clip(self, days: np.ndarray) -> np.ndarray:
        return np.clip(days, np.datetime64(self.start, "D"), np.datetime64(self.end, "D"))

    def periods(self, months_per_period: int) -> list[tuple[str, date, date]]:
        """Calendar quarters (3) or halves (6) that end inside the window, labelled ``2026-Q1`` / ``2026-H1``."""
        found = []
        for year in range(self.start.year, self.end.year + 1):
            for index in range(12 // months_per_period):
                first, after = (_month(year * 12 + (index + k) * months_per_period) for k in (0, 1))
                last = date.fromordinal(after.toordinal() - 1)
                if self.start <= last <= self.end:
                    found.append((f"{year}-{'Q' if months_per_period == 3 else 'H'}{index + 1}", first, last))
        return found


def _month(index: int) -> date:
    """The first day of month ``index`` counted as ``year * 12 + month - 1``."""
    return date(index // 12, index % 12 + 1, 1)


def as_date(days: np.ndarray) -> pl.Series:
    """A polars Date series from ``datetime64[D]`` values (NaT becomes null)."""
    return pl.Series(days.astype("datetime64[D]")).cast(pl.Date)


def uniform_days(rng: np.random.Generator, low: date, high: date, n: int) -> np.ndarray:
    """``n`` dates drawn uniformly from ``low`` … ``high`` inclusive."""
    span = (high - low).days + 1
    return np.datetime64(low, "D") + rng.integers(0, span, n).astype("timedelta64[D]")
