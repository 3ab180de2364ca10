"""Where everything sits on an 8D form: the one description the form writer and the reader both use.

Columns are 0-based (A = 0 … H = 7), rows 1-based. A response ``Area`` is a merged block of unlocked cells; its
top-left cell holds the value. Fields whose key is a register column (``REGISTER_FIELDS``) are merged into the
corrective-action register when the form is read back.
"""

from __future__ import annotations

from dataclasses import dataclass

from srm_xl.messages import Text

LAST_COL = 7
"""The form spans columns A–H."""
IS_COLS = (1, 3)
IS_NOT_COLS = (4, 7)
HEADER_ROW = 3
"""First row of the header block (label/value pairs, four per row)."""
FIRST_STEP_ROW = HEADER_ROW + 4


@dataclass(frozen=True)
class Field:
    """A response: label in column A, a merged input area of ``rows`` rows from ``first_col`` to H."""

    key: str
    label: Text
    rows: int = 1
    first_col: int = 1


@dataclass(frozen=True)
class IsRow:
    """A D2 is/is-not row: the "is" facts pre-filled (locked, ``is_<key>``), the "is not" answer as ``is_not_<key>``."""

    key: str
    label: Text


@dataclass(frozen=True)
class Note:
    """A sub-heading inside a step."""

    label: Text


@dataclass(frozen=True)
class Step:
    code: str
    title: Text
    items: tuple[Field | IsRow | Note, ...]


@dataclass(frozen=True)
class Area:
    row: int
    first_col: int
    last_row: int
    last_col: int = LAST_COL

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.row, self.last_row + 1) for c in range(self.first_col, self.last_col + 1)]


HEADER = (
    "scar_id",
    "supplier",
    "part",
    "issued",
    "source",
    "trigger",
    "defect_type",
    "reopened",
    "d3_due",
    "d4_due",
    "due_date",
    "state",
)
"""The header block: register columns shown under their register headers; ``state`` is left out of supplier copies."""
INTERNAL_HEADER = frozenset({"state"})

_SIX_M = ("man", "machine", "material", "method", "environment", "measurement")

STEPS: tuple[Step, ...] = (
    Step("D0", Text.of("eightd_step_d0"), (Field("emergency", Text.of("eightd_emergency"), 2),)),
    Step(
        "D1",
        Text.of("eightd_step_d1"),
        (Field("team_leader", Text.of("eightd_team_leader")), Field("team_members", Text.of("eightd_team_members"), 2)),
    ),
    Step(
        "D2",
        Text.of("eightd_step_d2"),
        (
            Note(Text.of("eightd_note_is_is_not")),
            IsRow("what", Text.of("eightd_what")),
            IsRow("where", Text.of("eightd_where")),
            IsRow("when", Text.of("eightd_when")),
            IsRow("how_many", Text.of("eightd_how_many")),
            Field("problem_statement", Text.of("eightd_problem_statement"), 2),
        ),
    ),
    Step(
        "D3",
        Text.of("eightd_step_d3"),
        (
            Field("containment", Text.of("eightd_containment"), 3),
            Field("containment_date", Text.of("eightd_containment_date")),
        ),
    ),
    Step(
        "D4",
        Text.of("eightd_step_d4"),
        (
            Note(Text.of("eightd_note_five_whys")),
            *(Field(f"why_{n}", Text.of("eightd_why", n=n)) for n in range(1, 6)),
            Note(Text.of("eightd_note_six_m")),
            *(Field(key, Text.of(f"eightd_{key}")) for key in _SIX_M),
            Field("root_cause", Text.of("eightd_root_cause"), 3),
            Field("root_cause_date", Text.of("eightd_root_cause_date")),
        ),
    ),
    Step("D5", Text.of("eightd_step_d5"), (Field("actions", Text.of("eightd_actions"), 3),)),
    Step(
        "D6",
        Text.of("eightd_step_d6"),
        (
            Field("implementation", Text.of("eightd_implementation"), 2),
            Field("verification", Text.of("eightd_verification"), 2),
            Field("implemented_date", Text.of("eightd_implemented_date")),
        ),
    ),
    Step("D7", Text.of("eightd_step_d7"), (Field("prevention", Text.of("eightd_prevention"), 3),)),
    Step(
        "D8",
        Text.of("eightd_step_d8"),
        (
            Field("closure_summary", Text.of("eightd_closure_summary"), 2),
            Field("recognition", Text.of("eightd_recognition")),
            Field("responder", Text.of("eightd_responder")),
            Field("response_date", Text.of("eightd_response_date")),
        ),
    ),
    Step(
        "E",
        Text.of("eightd_step_e"),
        tuple(Field(f"evidence_{n}", Text.of("eightd_evidence", n=n)) for n in range(1, 7)),
    ),
)

REGISTER_FIELDS = ("containment", "root_cause", "actions", "prevention", "response_date")
"""Form fields that are also register columns (same key)."""
DATE_FIELDS = frozenset({"response_date"})


def _place() -> tuple[dict[str, Area], dict[str, int], dict[str, int], dict[str, int], int]:
    """Rows of every response area, step title, note and D2 "is" cell, and the first row after the form."""
    responses: dict[str, Area] = {}
    titles: dict[str, int] = {}
    notes: dict[str, int] = {}
    facts: dict[str, int] = {}
    row = FIRST_STEP_ROW
    for step in STEPS:
        titles[step.code] = row
        row += 1
        for item in step.items:
            if isinstance(item, Note):
                notes[item.label.en] = row
                row += 1
            elif isinstance(item, IsRow):
                facts[item.key] = row
                responses[f"is_not_{item.key}"] = Area(row, IS_NOT_COLS[0], row, IS_NOT_COLS[1])
                row += 1
            else:
                responses[item.key] = Area(row, item.first_col, row + item.rows - 1)
                row += item.rows
        row += 1
    return responses, titles, notes, facts, row


RESPONSES, STEP_ROWS, NOTE_ROWS, FACT_ROWS, LOTS_ROW = _place()
"""``RESPONSES``: field key → its input area; ``LOTS_ROW``: where the table of linked lots starts."""


def header_cell(index: int) -> tuple[int, int]:
    """(row, label column) of the ``index``-th header pair; its value sits one column to the right."""
    return HEADER_ROW + index // 4, (index % 4) * 2
