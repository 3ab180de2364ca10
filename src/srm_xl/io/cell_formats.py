"""The number formats a user gave the columns the product does not know (``0.0%``, ``¥#,##0.00``), read from the
cells of a sheet's first rows, so that those columns show as they did when a job writes the sheet again.

Only formats that show a number otherwise than General count: a date, time or text format is the reader's concern
(its cells are read as dates or text), not the writer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

BUILTIN = {
    "1": "0",
    "2": "0.00",
    "3": "#,##0",
    "4": "#,##0.00",
    "9": "0%",
    "10": "0.00%",
    "11": "0.00E+00",
    "12": "# ?/?",
    "13": "# ??/??",
    "37": "#,##0_);(#,##0)",
    "38": "#,##0_);[Red](#,##0)",
    "39": "#,##0.00_);(#,##0.00)",
    "40": "#,##0.00_);[Red](#,##0.00)",
    "41": '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    "43": '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    "48": "##0.0E+0",
}
"""The built-in number formats that show a number the same in every locale, by id, as Excel spells them (the
currency ones, 5–8, 42 and 44, show the system's currency); the rest are General, dates, times or text."""
_LITERAL = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
"""The parts of a format code that show themselves (quoted text, ``[Red]``, ``[$¥-804]``, escaped characters,
padding): a ``d`` there is no day."""
_DATE_OR_TIME = re.compile(r"[ymdhsae]", re.IGNORECASE)
"""A letter of a date or time code (``e`` and ``a`` of the Chinese era and weekday codes); a number's exponent is
``E+``/``E-``, checked apart."""
_EXPONENT = re.compile(r"E[+-]", re.IGNORECASE)


def number_code(entry: str) -> str | None:
    """The code of a cell format's number format (an entry of
    :func:`~srm_xl.io.read_cache.number_formats`: ``id:10`` or ``code:0.0%``) when it shows a number otherwise than
    General; none for General, text, dates and times."""
    kind, _, value = entry.partition(":")
    code = BUILTIN.get(value) if kind == "id" else value
    if not code or code.casefold() == "general" or "@" in code.split(";")[0]:
        return None
    shown = _EXPONENT.sub("", _LITERAL.sub("", code))
    return None if _DATE_OR_TIME.search(shown) else code


def column_codes(styles: dict[tuple[int, int], int], formats: Sequence[str]) -> dict[int, str]:
    """Each column's number format from its cells' ``styles`` ((row, column) → cell format index, in row order):
    the first cell's that shows a number otherwise than General (a header's text format or a blank cell's default
    does not decide)."""
    found: dict[int, str] = {}
    for (_, column), index in sorted(styles.items()):
        if column not in found and index < len(formats) and (code := number_code(formats[index])) is not None:
            found[column] = code
    return found
