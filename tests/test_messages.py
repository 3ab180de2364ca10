"""The message catalogue: complete in both languages, documented, and every template renders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from srm_xl.messages import catalogue, catalogue_markdown, render

DOCS = Path(__file__).resolve().parents[1] / "docs" / "error-codes.md"
CODES = sorted(catalogue())


def test_documentation_lists_exactly_the_catalogue() -> None:
    """Regenerate with `make docs` after adding a code."""
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert documented == set(CODES)
    assert DOCS.read_text(encoding="utf-8") == catalogue_markdown()


@pytest.mark.parametrize("code", CODES)
def test_every_code_renders_in_both_languages(code: str) -> None:
    texts = catalogue()[code]
    assert set(texts) >= {"zh", "en"}
    fields = {name for text in texts.values() for _, name, _, _ in string.Formatter().parse(text) if name}
    values = {name: f"<{name}>" for name in fields}
    zh, en = render(code, "zh", **values), render(code, "en", **values)
    assert re.search(r"[\u4e00-\u9fff]", zh), f"{code}: zh text is not Chinese"
    assert not re.search(r"[\u4e00-\u9fff]", en.replace("<", "").replace(">", "")) or "{" in texts["en"], (
        f"{code}: en text has Chinese"
    )
    assert "{" not in zh and "{" not in en
