"""``srm-xl``: every job from a command line, for people without Excel, schedulers and tests.

Each module of this package registers the commands of one area; they are imported here in the order the
commands are listed in ``srm-xl --help``.
"""

from srm_xl.cli import (
    addin,  # noqa: F401
    customers,  # noqa: F401
    data,  # noqa: F401 - registers commands
    qualification,  # noqa: F401
    sharing,  # noqa: F401
    suppliers,  # noqa: F401
)
from srm_xl.cli.common import app

__all__ = ["app"]
