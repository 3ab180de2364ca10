"""A compact GB/T 2828.1 single-sampling lookup, good enough to make demo lots look like real IQC records.

The sampling engine recomputes plans from the standard's full tables; the demo only needs sample sizes and
acceptance numbers that an inspector would plausibly have used. Code letters are indices 0 (A) … 15 (R).
"""

from __future__ import annotations

import numpy as np

LOT_BOUNDS = np.array([8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000])
"""Upper lot-size bound of each row of the code-letter table (GB/T 2828.1 table 1); beyond: the last row."""
CODE_LETTERS = {
    "S-3": (0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7),
    "S-4": (0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9),
    "I": (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    "II": (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
    "III": (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
}
SAMPLE_SIZES = np.array([2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000])
FIRST_PLAN = {0.4: 6, 0.65: 5, 1.0: 4, 1.5: 3, 2.5: 2, 4.0: 1}
"""Code letter whose normal plan is Ac 0 / Re 1 for each AQL (the diagonal of table 2-A)."""
_STEPS = {
    # per letter offset from the Ac-0 letter: (offset of the letter whose plan applies after the arrows, Ac)
    "normal": np.array([(0, 0), (0, 0), (3, 1), (3, 1), (4, 2), (5, 3), (6, 5), (7, 7), (8, 10), (9, 14), (10, 21)]),
    "tightened": np.array([(0, 0), (2, 1), (2, 1), (3, 2), (4, 3), (5, 5), (6, 8), (7, 12), (8, 18)]),
}


def code_letters(lot_size: np.ndarray, level: np.ndarray) -> np.ndarray:
    """The code letter index for each lot from its size and inspection level."""
    row = np.minimum(np.searchsorted(LOT_BOUNDS, lot_size), len(LOT_BOUNDS))
    out = np.zeros(len(lot_size), dtype=np.int64)
    for name, letters in CODE_LETTERS.items():
        mask = level == name
        out[mask] = np.asarray(letters)[row[mask]]
    return out


def plans(
    lot_size: np.ndarray, level: np.ndarray, aql: np.ndarray, severity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sample size and acceptance number per lot (reduced inspection: two letters smaller, normal Ac)."""
    letter = code_letters(lot_size, level) - np.where(severity == "reduced", 2, 0)
    known = np.array(sorted(FIRST_PLAN))
    position = np.searchsorted(known, aql)
    if not np.array_equal(known[np.minimum(position, len(known) - 1)], aql):
        raise ValueError(f"demo plans cover AQL {', '.join(map(str, known))} only")
    first = np.array([FIRST_PLAN[k] for k in known])[position]
    n = np.empty(len(lot_size), dtype=np.int64)
    ac = np.empty(len(lot_size), dtype=np.int64)
    for name, steps in _STEPS.items():
        mask = (severity == "tightened") == (name == "tightened")
        start = first[mask] + (1 if name == "tightened" else 0)
        step = steps[np.clip(letter[mask] - start, 0, len(steps) - 1)]
        n[mask] = SAMPLE_SIZES[np.clip(start + step[:, 0], 0, len(SAMPLE_SIZES) - 1)]
        ac[mask] = step[:, 1]
    return np.minimum(n, lot_size), ac
