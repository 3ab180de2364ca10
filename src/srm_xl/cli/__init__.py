"""``srm-xl``: every job from a command line, for people without Excel, schedulers and tests.

Each module of this package registers the commands of one area; they are imported here in the order the
commands are listed in ``srm-xl --help``.
"""

from srm_xl.cli import data  # noqa: F401 - registers commands
from srm_xl.cli import suppliers  # noqa: F401
from srm_xl.cli import qualification  # noqa: F401
from srm_xl.cli import sharing  # noqa: F401
from srm_xl.cli import customers  # noqa: F401
from srm_xl.cli import addin  # noqa: F401
from srm_xl.cli.common import app
from srm_xl.cli.lang import localise, user_lang

__all__ = ["app", "main"]


def main() -> None:
    """``srm-xl``: the commands with their help in the user's language."""
    import typer

    command = typer.main.get_command(app)
    localise(command, user_lang())
    command()
