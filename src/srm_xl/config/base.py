"""How settings are declared: a pydantic field with a default, a unit and a one-line zh/en explanation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Section(BaseModel):
    """A group of settings; every field is one row of the Config sheet (``section.field``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def setting(default: Any, en: str, zh: str, *, unit: str = "", **constraints: Any) -> Any:
    """A setting with its documented default; ``en``/``zh`` explain it on the Config sheet."""
    return Field(default, description=en, json_schema_extra={"zh": zh, "unit": unit}, **constraints)
