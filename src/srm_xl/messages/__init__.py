"""The catalogue of message codes: every problem the product reports has a code and zh/en templates.

Templates live in one TOML file per domain beside this module (``core.toml``, ``sampling.toml`` …) and are
filled from the problem's fields with :meth:`str.format`. ``render`` is the only way text reaches a user.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All codes with their templates, keyed by code (``{"required": {"zh": …, "en": …}}``)."""
    merged: dict[str, dict[str, str]] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for code, texts in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            if code in merged:
                raise ValueError(f"message code {code!r} is defined twice (again in {entry.name})")
            merged[code] = texts
    return merged


def render(code: str, lang: Lang = "en", /, **fields: object) -> str:
    """The message for ``code`` in ``lang``, its template filled from ``fields``."""
    try:
        template = catalogue()[code][lang]
    except KeyError:
        raise KeyError(f"unknown message code {code!r} or language {lang!r}") from None
    return template.format_map(_Fields(fields))


class _Fields(dict[str, object]):
    """Leaves a placeholder visible instead of raising when a field was not given."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def catalogue_markdown() -> str:
    """The catalogue as the documentation's table of codes (``docs/error-codes.md``)."""
    lines = ["# Message codes", "", "Every problem srm_xl reports has one of these codes; `{…}` are filled from the problem.", "",
             "| code | English | 中文 |", "| --- | --- | --- |"]
    for code, texts in sorted(catalogue().items()):
        cells = [texts["en"], texts["zh"]]
        lines.append(f"| `{code}` | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
