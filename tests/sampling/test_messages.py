"""Every message code the sampling engine emits is in the catalogue, in both languages, with its fields filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import srm_xl.sampling as sampling
from srm_xl.messages import catalogue, render

SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in Path(sampling.__file__).parent.glob("*.py"))
CODES = sorted(set(re.findall(r'"(sampling_[a-z_]+)"', SOURCE)))


def test_the_engine_emits_codes() -> None:
    assert len(CODES) >= 12


@pytest.mark.parametrize("code", CODES)
def test_code_is_catalogued_in_zh_and_en(code: str) -> None:
    fields = {
        "where": "来料检验记录!B7",
        "value": "x",
        "columns": "lot",
        "lots": 5,
        "score": 30,
        "days": 40,
        "limit": 30,
        "date": "2026-01-10",
    }
    for lang in ("zh", "en"):
        text = render(code, lang, **fields)
        assert code in catalogue() and "{" not in text
