"""Exceptions that stop a job. Each carries a message code and the fields its template needs."""

from __future__ import annotations

from srm_xl.messages import Lang, render


class SrmError(Exception):
    """A problem a user must fix before the job can run; ``message(lang)`` says what and where."""

    lang: Lang | None = None
    """The language of the workbook the problem is about, once known (for a front-end that has not opened it)."""

    def __init__(self, code: str, /, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        return render(self.code, lang, **{key: _printable(value) for key, value in self.fields.items()})


def _printable(value: object) -> object:
    """A field as a template can format it: plain values as they are, anything else as text that cannot fail."""
    if isinstance(value, (str, int, float)):
        return value
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - an object whose str() fails (some XML error objects) still fills the field
        return type(value).__name__


class UnsafeFileError(SrmError):
    """The file is not a workbook this product will open (hostile, broken, encrypted or of another kind)."""


class ConfigError(SrmError):
    """A setting in the Config sheet is wrong; the message names the Config cell when it is known."""

    def message(self, lang: Lang = "en") -> str:
        text = super().message(lang)
        sheet, row = self.fields.get("sheet"), self.fields.get("row")
        if sheet and row and not text.startswith(f"{sheet}!"):
            return f"{sheet}!B{row}: {text}"
        return text


class SheetError(SrmError):
    """A sheet the job needs is missing or has no recognisable header row."""
