"""Identities for demo records: credit codes, people, phones and mail addresses, generated as arrays."""

from __future__ import annotations

import numpy as np
import polars as pl

from srm_xl.demo.vocab import GIVEN, MAIL_HOSTS, SURNAMES

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])
_CHARS = np.array(list(USCC_CHARSET))
_ORG_VALUES = np.array([int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10 for ch in USCC_CHARSET])


def uscc_check_char(body: str) -> str:
    """The 18th character of a unified social credit code from its first 17 (GB 32100-2015, clause 5)."""
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def make_usccs(rng: np.random.Generator, adcodes: np.ndarray) -> np.ndarray:
    """Valid enterprise credit codes (``91`` + division code + GB 11714 organisation code + check), one per adcode."""
    n = len(adcodes)
    division = np.frombuffer("".join(adcodes).encode("ascii"), dtype=np.uint8).reshape(n, 6) - ord("0")
    org = rng.integers(0, 10, size=(n, 8))
    new_style = rng.random(n) < 0.45  # registered after 2015: "MA" + six charset characters
    org[new_style] = np.concatenate(
        [
            np.tile([USCC_CHARSET.index("M"), USCC_CHARSET.index("A")], (int(new_style.sum()), 1)),
            rng.integers(0, 31, size=(int(new_style.sum()), 6)),
        ],
        axis=1,
    )
    remainder = 11 - (_ORG_VALUES[org] @ _ORG_WEIGHTS) % 11
    org_check = np.where(remainder == 10, USCC_CHARSET.index("X"), np.where(remainder == 11, 0, remainder))
    codes = np.concatenate([np.tile([9, 1], (n, 1)), division, org, org_check[:, None]], axis=1)
    check = (31 - (codes @ USCC_WEIGHTS) % 31) % 31
    chars = _CHARS[np.concatenate([codes, check[:, None]], axis=1)]
    return np.ascontiguousarray(chars).view("<U18").ravel()


def corrupt_uscc(code: str) -> str:
    """The same code with a different (therefore wrong) check character."""
    wrong = USCC_CHARSET[(USCC_CHARSET.index(code[-1]) + 7) % 31]
    return code[:-1] + wrong


def person_names(rng: np.random.Generator, n: int) -> tuple[pl.Series, pl.Series, pl.Series]:
    """Chinese names with their surname and given-name pinyin."""
    s = rng.integers(0, len(SURNAMES), n)
    g = rng.integers(0, len(GIVEN), n)
    surnames, surname_py = zip(*SURNAMES, strict=True)
    given, given_py = zip(*GIVEN, strict=True)
    names = pl.Series(surnames).gather(s) + pl.Series(given).gather(g)
    return names, pl.Series(surname_py).gather(s), pl.Series(given_py).gather(g)


def mobiles(rng: np.random.Generator, n: int) -> pl.Series:
    """Mainland mobile numbers, ``1[3-9]`` followed by nine digits."""
    numbers = 10**10 + rng.integers(3, 10, n) * 10**9 + rng.integers(0, 10**9, n)
    return pl.Series(numbers).cast(pl.String)


def emails(rng: np.random.Generator, surname_py: pl.Series, given_py: pl.Series, domains: pl.Series) -> pl.Series:
    """Work addresses at ``domains``, a quarter of them personal mailboxes as small suppliers use."""
    n = len(domains)
    personal = pl.Series(rng.random(n) < 0.25)
    host = pl.Series(MAIL_HOSTS).gather(rng.integers(0, len(MAIL_HOSTS), n))
    digits = pl.Series(rng.integers(10, 100, n)).cast(pl.String)
    frame = pl.DataFrame({"s": surname_py, "g": given_py, "d": domains, "p": personal, "h": host, "n": digits})
    return frame.select(
        pl.when(pl.col("p"))
        .then(pl.concat_str("s", "g", "n", pl.lit("@"), "h"))
        .otherwise(pl.concat_str("g", pl.lit("."), "s", pl.lit("@"), "d"))
    ).to_series()
