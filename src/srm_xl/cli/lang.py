"""The command line in the user's language: chosen by ``SRM_XL_LANG`` (zh or en), else by the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: zh… is Chinese), else English; help texts come from the catalogue."""

from __future__ import annotations

import os
from typing import Any

from typer import Context, rich_utils

from srm_xl.messages import Lang, catalogue, render

LANG_VARIABLE = "SRM_XL_LANG"
"""The setting that chooses the command line's language regardless of the locale."""


def user_lang(environ: dict[str, str] | None = None) -> Lang:
    """The language of the person at the command line."""
    environ = dict(os.environ) if environ is None else environ
    chosen = environ.get(LANG_VARIABLE, "").strip().lower()
    if chosen in ("zh", "en"):
        return "zh" if chosen == "zh" else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def localise(command: Any, lang: Lang, path: str = "cli") -> None:  # noqa: ANN401 - a click command of typer's own click
    """Set the help of ``command``, its parameters and its subcommands from the catalogue codes ``cli_<path>``,
    ``cli_<path>__<parameter>`` or ``cli_param_<parameter>``; the help panels are titled in ``lang`` too."""
    texts = catalogue()
    if path in texts:
        command.help = render(path, lang)
    for param in command.params:
        code = next((c for c in (f"{path}__{param.name}", f"cli_param_{param.name}") if c in texts), None)
        if code is not None and getattr(param, "help", None) is not None:
            param.help = render(code, lang)
    help_option = command.get_help_option(Context(command))
    if help_option is not None:
        help_option.help = render("cli_help_option", lang)
    for name, sub in getattr(command, "commands", {}).items():
        localise(sub, lang, f"{path}_{name.replace('-', '_')}")
    if path == "cli":
        rich_utils.ARGUMENTS_PANEL_TITLE = render("cli_arguments", lang)
        rich_utils.OPTIONS_PANEL_TITLE = render("cli_options", lang)
        rich_utils.COMMANDS_PANEL_TITLE = render("cli_commands", lang)
        rich_utils.REQUIRED_LONG_STRING = render("cli_required", lang)
        rich_utils.DEFAULT_STRING = render("cli_default", lang, value="{}")
