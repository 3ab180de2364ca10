"""The satisfaction-survey form sent to a customer (a protected sheet with unlocked answer cells) and the
reading of a returned form: every answer is checked as data, never taken as a formula.

Column A of each machine-read row holds a fixed key (``customer``, ``quality`` …) so a returned form is read
by key, whatever rows the customer inserted or labels they changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from srm_xl.customers.satisfaction import NPS_SCALE, SCALE
from srm_xl.io.draft import Cell, SheetDraft, Validation
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import LABEL, NOTE, SUBTITLE, TITLE, WRAP, Style
from srm_xl.issues import Issue
from srm_xl.messages import Lang, render
from srm_xl.schema import spec

META = ("customer", "name", "survey_id", "period")
FIRST_META_ROW = 4
"""The row of the form's first identity cell (the customer code, in column C)."""
DIMENSIONS = ("quality", "delivery", "price", "service", "communication")
_KEY = Style("@", color="808080", size=8)
_ANSWER = Style("0", horizontal="center", border=True).unlocked()
_COMMENT = Style("@", wrap=True, vertical="top", border=True).unlocked()
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*分?$")
"""A score as customers write it: ``4``, ``4.5``, ``4分``."""


def form_title(lang: Lang) -> str:
    return render("customer_survey_title", lang)


def survey_draft(
    customer: str, name: str, survey_id: str, period: str, company: str, lang: Lang, signature: str = ""
) -> SheetDraft:
    """The form for one customer: its identity locked (and signed), one unlocked answer cell per question."""
    surveys = spec("surveys")
    intro = render("customer_survey_intro", lang, company=company or render("customer_survey_us", lang))
    cells = [Cell(1, 1, form_title(lang), TITLE), Cell(2, 1, intro, NOTE)]
    labels = {
        "customer": surveys.column("customer").header(lang),
        "name": spec("customers").column("name").header(lang),
        "survey_id": surveys.column("survey_id").header(lang),
        "period": surveys.column("period").header(lang),
    }
    values = {"customer": customer, "name": name, "survey_id": survey_id, "period": period}
    for row, key in enumerate(META, start=FIRST_META_ROW):
        cells += [Cell(row, 0, key, _KEY), Cell(row, 1, labels[key], LABEL), Cell(row, 2, values[key], WRAP)]
    cells += [
        Cell(FIRST_META_ROW + len(META), 0, "signature", _KEY),
        Cell(FIRST_META_ROW + len(META), 2, signature, _KEY),
    ]
    head = 9
    cells += [
        Cell(head, col, render(f"customer_survey_{key}", lang), SUBTITLE)
        for col, key in ((1, "question"), (2, "score"), (3, "scale"))
    ]
    low, high = SCALE
    validations = []
    questions = [(d, surveys.column(d).header(lang), render("customer_survey_scale_hint", lang)) for d in DIMENSIONS]
    questions.append(("recommend", surveys.column("recommend").header(lang), render("customer_survey_nps_hint", lang)))
    for row, (key, text, hint) in enumerate(questions, start=head + 1):
        cells += [
            Cell(row, 0, key, _KEY),
            Cell(row, 1, text, WRAP),
            Cell(row, 2, None, _ANSWER),
            Cell(row, 3, hint, NOTE),
        ]
        first, last = NPS_SCALE if key == "recommend" else (low, high)
        validations.append(Validation(f"C{row}", tuple(str(n) for n in range(first, last + 1)), text, hint))
    comment_row = head + len(questions) + 2
    cells += [
        Cell(comment_row, 0, "comments", _KEY),
        Cell(comment_row, 1, surveys.column("comments").header(lang), LABEL),
        Cell(comment_row, 2, None, _COMMENT),
    ]
    return SheetDraft(
        form_title(lang),
        cells=cells,
        merges=[f"C{comment_row}:D{comment_row + 4}", "B2:D2"],
        widths={0: 12, 1: 34, 2: 14, 3: 40},
        validations=validations,
        protect=True,
        page=PageSetup(orientation="portrait"),
    )


@dataclass
class SurveyAnswers:
    """One returned form: identity and signature, answers by key (numbers checked), and problems found."""

    values: dict[str, object] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def read_survey(rows: list[list[str | None]], sheet: str, lang: Lang) -> SurveyAnswers:
    """The answers of a form from its cells as text. A score that is not a number in range (``+1``, ``=cmd|…``,
    ``@SUM(1)``, ``6`` of 5) is left out with an error; ``4分`` is 4; comments are kept as text."""
    surveys = spec("surveys")
    found: dict[str, tuple[int, str | None]] = {}
    for number, row in enumerate(rows, start=1):
        key = (row[0] or "").strip() if row else ""
        if key and key not in found:
            found[key] = (number, row[2] if len(row) > 2 else None)
    answers = SurveyAnswers()
    for key in (*META, "signature"):
        text = (found.get(key, (0, None))[1] or "").strip()
        answers.values[key] = text or None
    for key in (*DIMENSIONS, "recommend"):
        row, text = found.get(key, (0, None))
        text = (text or "").strip()
        if not text:
            continue
        low, high = NPS_SCALE if key == "recommend" else SCALE
        score = _NUMBER.match(text)
        number = float(score.group(1)) if score else None
        if number is None or not low <= number <= high or (key == "recommend" and number != int(number)):
            answers.issues.append(
                Issue(
                    sheet,
                    row,
                    surveys.column(key).header(lang),
                    "survey_bad_score",
                    "in_range",
                    text,
                    col=2,
                    fields={"low": low, "high": high},
                )
            )
            continue
        answers.values[key] = int(number) if key == "recommend" else number
    comment = found.get("comments", (0, None))[1]
    answers.values["comments"] = (
        comment.strip()[: surveys.column("comments").max_length or None] if comment and comment.strip() else None
    )
    return answers
