"""The building blocks of the schema: a ``Column`` of a sheet and a ``SheetSpec`` that holds them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from srm_xl.messages import Lang

Dtype = Literal["text", "int", "float", "percent", "date", "datetime"]
Format = Literal["uscc", "email", "phone"]
Vocabulary = Literal["open", "closed"]
"""Whether a column's values are descriptive (open: any value is kept, the dropdown grows with the values met) or
mean something to a job (closed: mapped to a choice through synonyms and the workbook's value map)."""
SheetKind = Literal["data", "result", "config", "log"]

DEFAULT_FORMATS: dict[str, str] = {
    "text": "@",
    "int": "0",
    "float": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
"""Each dtype's number format when a column names none (a user's own column of dates is written with the date's)."""
_DEFAULT_WIDTHS: dict[str, float] = {"text": 16, "int": 10, "float": 12, "percent": 10, "date": 12, "datetime": 17}
CELL_CHARACTERS = 32767
"""Characters a spreadsheet cell holds (Excel's limit; longer text is cut when written, and reported)."""
LABEL_NOISE = r"[\s_\-–—:：*＊#№.。,，/\\()（）\[\]【】<>《》'\"“”‘’?？!！]+"
"""What label matching ignores: spaces and punctuation in either width."""
_DROP = re.compile(LABEL_NOISE)


def normalise_label(text: object) -> str:
    """A header or choice label folded for matching: full-width to half-width, case, spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _DROP.sub("", folded)


@dataclass(frozen=True)
class Choice:
    """One allowed value: ``key`` is stored by engines, ``zh``/``en`` are shown in the workbook."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def aliases(self) -> tuple[str, ...]:
        return (self.key, self.zh, self.en, *self.synonyms)


def choices(*items: tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]]) -> tuple[Choice, ...]:
    """Shorthand: ``choices(("approved", "合格", "Approved"), …)``."""
    return tuple(Choice(*item) for item in items)


@dataclass(frozen=True)
class Column:
    """One column of a sheet, described once for templates, import, validation, typing and sharing."""

    key: str
    zh: str
    en: str
    dtype: Dtype = "text"
    required: bool = False
    choices: tuple[Choice, ...] = ()
    unique: bool = False
    ref: str | None = None
    number_format: str | None = None
    width: float | None = None
    supplier_editable: bool = False
    synonyms: tuple[str, ...] = ()
    help_zh: str = ""
    help_en: str = ""
    min_value: float | None = None
    max_value: float | None = None
    fmt: Format | None = None
    max_length: int | None = None
    computed: bool = False
    vocabulary: Vocabulary = "closed"
    open_ended: bool = False
    """An end date: a cell saying there is none (长期有效, 永久) is read as the end that never comes
    (:data:`~srm_xl.schema.convert.OPEN_END`), and written back as 长期有效."""
    unit: float = 1
    """What one of the column's numbers stands for (1e4: counted in 万元): an amount typed with its multiplier
    (``5000万``, ``1.2亿``) is read in it."""
    percent_unit: bool = False
    """A number that is itself in percent (an AQL): ``1.0%`` reads 1.0, not a share of 0.01, and a value written
    after the column's name (``AQL 2.5``) reads as that value."""
    implies: tuple[tuple[str, str, str], ...] = ()
    """(word, other column, choice key): a cell holding ``word`` also fills the other column when it is blank."""
    ref_when: tuple[tuple[str, str, str], ...] = ()
    """(other column, choice key, ``sheet.column``): in rows whose other column holds that choice the cell refers to
    that sheet's column, as ``ref`` does in every row (a contract's party is a supplier or a customer)."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.key):
            raise ValueError(f"column key {self.key!r} must be English snake_case")
        if self.ref is not None and self.ref.count(".") != 1:
            raise ValueError(f"column {self.key!r}: ref must be 'sheet.column', got {self.ref!r}")
        if any(target.count(".") != 1 for _, _, target in self.ref_when):
            raise ValueError(f"column {self.key!r}: ref_when targets must be 'sheet.column'")
        if self.choices and self.dtype != "text":
            raise ValueError(f"column {self.key!r}: choices need dtype 'text'")
        if self.vocabulary == "open" and self.dtype != "text":
            raise ValueError(f"column {self.key!r}: an open vocabulary needs dtype 'text'")

    def header(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def closed(self) -> bool:
        """Values map to choices a job depends on; an unknown word is kept as typed and counts as unknown."""
        return bool(self.choices) and self.vocabulary == "closed"

    def help(self, lang: Lang) -> str:
        return self.help_zh if lang == "zh" else self.help_en

    def aliases(self) -> tuple[str, ...]:
        """Every header text that maps to this column: key, zh, en and synonyms."""
        return (self.key, self.zh, self.en, *self.synonyms)

    def references(self) -> tuple[tuple[str | None, str | None, str], ...]:
        """Each ``(other column, choice key, sheet.column)`` the cell refers to; ``(None, None, ref)`` in every row."""
        return ((None, None, self.ref),) if self.ref else self.ref_when

    @property
    def excel_format(self) -> str:
        return self.number_format or DEFAULT_FORMATS[self.dtype]

    @property
    def excel_width(self) -> float:
        if self.width is not None:
            return self.width
        longest = max(len(self.zh) * 2 + 2, len(self.en) + 2)
        return max(_DEFAULT_WIDTHS[self.dtype], min(longest, 40))

    def choice_for(self, key: str) -> Choice:
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise KeyError(f"column {self.key!r} has no choice {key!r}")


@dataclass(frozen=True)
class Highlight:
    """A conditional format the sheet always carries: colour ``column`` (or the whole row with ``"*"``)
    when its value ``equals`` a choice key, or when ``formula`` is true. In ``formula``, ``{key}`` stands for
    that column's cell in the same row (``AND({valid_to}<>"",{valid_to}<TODAY())``)."""

    column: str
    fill: str
    equals: str | None = None
    formula: str | None = None
    color: str | None = None

    def __post_init__(self) -> None:
        if (self.equals is None) == (self.formula is None):
            raise ValueError("a highlight needs exactly one of equals= or formula=")


@dataclass(frozen=True)
class SheetSpec:
    """A sheet as a typed table: names in both languages, its Excel Table, columns and row rules.

    ``ordered`` lists pairs ``(a, b)`` where a row's value in ``a`` must not exceed ``b`` (dates or counts).
    """

    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    table: str
    kind: SheetKind = "data"
    key_columns: tuple[str, ...] = ()
    ordered: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[str, ...] = ()
    help_zh: str = ""
    help_en: str = ""
    highlights: tuple[Highlight, ...] = ()
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {c.key: c for c in self.columns}
        if len(by_key) != len(self.columns):
            raise ValueError(f"sheet {self.key!r} has duplicate column keys")
        named = [h.column for h in self.highlights if h.column != "*"]
        named += re.findall(r"{(\w+)}", " ".join(h.formula or "" for h in self.highlights))
        for name in (*self.key_columns, *(k for pair in self.ordered for k in pair), *named):
            if name not in by_key:
                raise ValueError(f"sheet {self.key!r} names unknown column {name!r}")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.table):
            raise ValueError(f"sheet {self.key!r}: table name {self.table!r} is not a valid Excel name")
        object.__setattr__(self, "by_key", by_key)

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def aliases(self) -> tuple[str, ...]:
        return (self.key, self.zh, self.en, *self.synonyms)

    def column(self, key: str) -> Column:
        try:
            return self.by_key[key]
        except KeyError:
            raise KeyError(f"sheet {self.key!r} has no column {key!r}") from None

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def headers(self, lang: Lang) -> list[str]:
        return [c.header(lang) for c in self.columns]

    def extend(self, *columns: Column, **changes: object) -> SheetSpec:
        """A copy with more columns (and other fields changed), for later capabilities to build on."""
        return replace(self, columns=(*self.columns, *columns), **changes)  # type: ignore[arg-type]
