"""The Config sheet: settings flattened to ``section.field`` rows, and read back into a ``Config``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ValidationError

from srm_xl.errors import ConfigError
from srm_xl.messages import Lang

if TYPE_CHECKING:
    from srm_xl.config import Config
    from srm_xl.io.workbook import Workbook

_TRUE = {"是", "对", "启用", "√", "y", "yes", "true", "1"}
_FALSE = {"否", "不", "停用", "×", "n", "no", "false", "0"}


def _flatten(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows.extend(_flatten(annotation, f"{prefix}{name}."))
        else:
            rows.append((f"{prefix}{name}", field))
    return rows


def _display(value: object) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None if value is None or value == "" else str(value)


def config_rows(lang: Lang, config: Config | None = None) -> pl.DataFrame:
    """Every setting as a Config-sheet row: key, current value, default and explanation."""
    from srm_xl.config import Config

    current = (config or Config()).model_dump()
    rows = []
    for key, field in _flatten(Config):
        extra = field.json_schema_extra or {}
        section, name = key.split(".", 1)
        text = extra.get("zh", "") if lang == "zh" else field.description or ""
        unit = extra.get("unit", "")
        value = current[section][name]
        rows.append(
            {
                "setting": key,
                "value": _display(value) if config is not None else None,
                "default": _display(field.default),
                "description": f"{text} [{unit}]" if unit else text,
            }
        )
    return pl.DataFrame(
        rows, schema={"setting": pl.String, "value": pl.String, "default": pl.String, "description": pl.String}
    )


def parse_config(frame: pl.DataFrame, sheet: str) -> Config:
    """A ``Config`` from Config-sheet rows (columns ``setting``, ``value``, ``_row``); blank values keep defaults."""
    from srm_xl.config import Config

    known = dict(_flatten(Config))
    tree: dict[str, dict[str, Any]] = {}
    cells: dict[str, int] = {}
    for key, value, row in frame.select("setting", "value", "_row").iter_rows():
        if key is None or value is None or str(value).strip() == "":
            continue
        key = str(key).strip()
        if key not in known:
            raise ConfigError("config_unknown_setting", sheet=sheet, row=row, setting=key)
        section, name = key.split(".", 1)
        tree.setdefault(section, {})[name] = _coerce(known[key].annotation, str(value).strip())
        cells[key] = row
    try:
        return Config.model_validate(tree)
    except ConfigError as error:
        setting = str(error.fields.get("setting", ""))
        raise ConfigError(error.code, **{**error.fields, "sheet": sheet, "row": cells.get(setting)}) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"][:2])
        raise ConfigError(
            "config_bad_value",
            sheet=sheet,
            row=cells.get(key, "?"),
            setting=key,
            value=error.get("input"),
            reason=error["msg"],
        ) from None


def read_config(book: Workbook) -> Config:
    """The workbook's settings; defaults for everything when it has no Config sheet."""
    from srm_xl.config import Config
    from srm_xl.schema import spec

    sheet_spec = spec("config")
    if not book.has(sheet_spec):
        return Config()
    table = book.read(sheet_spec)
    return parse_config(table.frame, table.sheet)


def _coerce(annotation: object, text: str) -> object:
    if annotation is bool:
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    return text
