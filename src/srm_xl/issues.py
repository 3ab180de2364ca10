"""A validation problem is a value: where it is, what was found, which check failed, and how to say it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from srm_xl.messages import Lang, catalogue, render

Severity = Literal["error", "warning", "info"]


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Issue:
    """One problem found in a workbook.

    ``row`` is the Excel row number (1-based) and ``col`` the 0-based column index in the sheet, either
    ``None`` for a problem with a whole sheet or column. ``fields`` fill the message template of ``code``.
    """

    sheet: str
    row: int | None
    column: str | None
    code: str
    check: str = ""
    value: object = None
    col: int | None = None
    severity: Severity = "error"
    fields: dict[str, object] = field(default_factory=dict)

    @property
    def cell(self) -> str:
        """``C5``, or ``C:C`` / ``5:5`` / ``""`` when only the column, row or sheet is known."""
        letter = column_letter(self.col) if self.col is not None else None
        if letter and self.row:
            return f"{letter}{self.row}"
        if letter:
            return f"{letter}:{letter}"
        return f"{self.row}:{self.row}" if self.row else ""

    def message(self, lang: Lang = "en") -> str:
        location = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        place = {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value, "cell": self.cell}
        text = render(self.code, lang, **(place | self.fields))
        return f"{location}: {text}"


_CALL = re.compile(r"^(\w+)\((.*)\)$")
_DEFECTS = re.compile(r"^(critical|major|minor) <= sample_size$")


def check_label(check: str, lang: Lang) -> str:
    """How a check reads in ``lang``: its catalogue label (``in_choices`` → 在可选值中, ``greater_or_equal(0)`` →
    不小于 0); in English, and for a check the catalogue does not name, the check as written."""
    if lang == "en" or not check:
        return check
    call = _CALL.match(check)
    name, args = (call.group(1), call.group(2)) if call else (check, "")
    slug = "defects_sample_size" if _DEFECTS.match(check) else re.sub(r"\W+", "_", name).strip("_").lower()
    code = f"check_{slug}"
    return render(code, lang, args=args) if code in catalogue() else check
