"""What a job returns to whoever pressed the button or ran the command."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from srm_xl.issues import Issue
from srm_xl.messages import LANGS, Lang, render


@dataclass
class Report:
    """The outcome of one job: a summary in both languages, counts, problems found and sheets written."""

    job: str
    summary_zh: str
    summary_en: str
    rows_read: int = 0
    rows_written: int = 0
    issues: list[Issue] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @classmethod
    def of(cls, job: str, code: str, fields: dict[str, object], **outcome: object) -> Report:
        """A report whose summary is the catalogue's ``code`` filled from ``fields``, in both languages."""
        zh, en = (render(code, lang, **fields) for lang in LANGS)
        return cls(job, zh, en, **outcome)  # type: ignore[arg-type]

    def summary(self, lang: Lang) -> str:
        return self.summary_zh if lang == "zh" else self.summary_en

    def by_code(self) -> Counter[str]:
        return Counter(i.code for i in self.issues)
