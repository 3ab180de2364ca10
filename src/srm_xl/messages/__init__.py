"""The one text catalogue: every message, label, note, report line and console header has a code and zh/en templates.

Templates live in one TOML file per domain beside this module (``core.toml``, ``sampling.toml`` …) and are
filled from the fields with :meth:`str.format`. ``render`` (or a ``Text`` rendered later) is the only way text
reaches a user; headers and sheet names come from the schema.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Text:
    """A catalogue text named now and rendered later in the workbook's language: ``Text.of("eightd_why", n=1)("zh")``."""

    code: str
    fields: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, /, **fields: object) -> Text:
        return cls(code, tuple(fields.items()))

    def __call__(self, lang: Lang) -> str:
        return render(self.code, lang, **dict(self.fields))

    @property
    def zh(self) -> str:
        return self("zh")

    @property
    def en(self) -> str:
        return self("en")


class _Fields(dict[str, object]):
    """Leaves a placeholder visible instead of raising when a field was not given."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def catalogue_markdown() -> str:
    """The catalogue as the documentation's table of codes (``docs/error-codes.md``)."""
    lines = [
        "# Message codes",
        "",
        "Every problem srm_xl reports has one of these codes; `{…}` are filled from the problem.",
        "",
        "| code | English | 中文 |",
        "| --- | --- | --- |",
    ]
    for code, texts in sorted(catalogue().items()):
        cells = [texts["en"], texts["zh"]]
        lines.append(f"| `{code}` | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
