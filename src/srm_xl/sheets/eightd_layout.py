"""Where everything sits on an 8D form: the one description the form writer and the reader both use.

Columns are 0-based (A = 0 … H = 7), rows 1-based. A response ``Area`` is a merged block of unlocked cells; its
top-left cell holds the value. Fields whose key is a register column (``REGISTER_FIELDS``) are merged into the
corrective-action register when the form is read back.
"""

from __future__ import annotations

from dataclasses import dataclass

from srm_xl.messages import Lang

LAST_COL = 7
"""The form spans columns A–H."""
IS_COLS = (1, 3)
IS_NOT_COLS = (4, 7)
HEADER_ROW = 3
"""First row of the header block (label/value pairs, four per row)."""
FIRST_STEP_ROW = HEADER_ROW + 4


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


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


HEADER: tuple[tuple[str, Text], ...] = (
    ("scar_id", Text("SCAR编号", "SCAR ID")), ("supplier", Text("供应商", "Supplier")),
    ("part", Text("物料编码", "Part")), ("issued", Text("发出日期", "Issued")),
    ("source", Text("来源", "Source")), ("trigger", Text("触发依据", "Trigger")),
    ("defect_type", Text("缺陷类型", "Defect type")), ("reopened", Text("重开次数", "Times reopened")),
    ("d3_due", Text("D3 围堵期限", "D3 due")), ("d4_due", Text("D4 根因期限", "D4 due")),
    ("due_date", Text("D8 关闭期限", "D8 due")), ("state", Text("状态", "State")),
)
"""The header block, read from the register; ``state`` is left out of supplier copies."""
INTERNAL_HEADER = frozenset({"state"})

_SIX_M = (("man", "人 (Man)", "Man"), ("machine", "机 (Machine)", "Machine"), ("material", "料 (Material)", "Material"),
          ("method", "法 (Method)", "Method"), ("environment", "环 (Environment)", "Environment"),
          ("measurement", "测 (Measurement)", "Measurement"))

STEPS: tuple[Step, ...] = (
    Step("D0", Text("D0 紧急响应", "D0 Emergency response"), (Field("emergency", Text("紧急响应措施", "Emergency response"), 2),)),
    Step("D1", Text("D1 成立小组", "D1 Team"), (
        Field("team_leader", Text("组长(姓名/职务/电话)", "Leader (name, role, phone)")),
        Field("team_members", Text("成员", "Members"), 2))),
    Step("D2", Text("D2 问题描述", "D2 Problem description"), (
        Note(Text("是 / 不是 (左侧为来料数据, 右侧请填写“不是”)", "Is / is not (left: our lot data; right: fill in what it is not)")),
        IsRow("what", Text("什么(缺陷)", "What (defect)")), IsRow("where", Text("哪里(供应商/物料)", "Where (supplier, part)")),
        IsRow("when", Text("何时(到货日期)", "When (received)")), IsRow("how_many", Text("多少(批/数量/缺陷)", "How many (lots, units, defects)")),
        Field("problem_statement", Text("供应商对问题的描述", "Supplier's problem statement"), 2))),
    Step("D3", Text("D3 围堵措施", "D3 Containment"), (
        Field("containment", Text("围堵措施(在库/在途/客户端)", "Containment (stock, transit, customer)"), 3),
        Field("containment_date", Text("完成日期", "Completed on")))),
    Step("D4", Text("D4 根本原因分析", "D4 Root cause"), (
        Note(Text("5个为什么", "5 Whys")),
        *(Field(f"why_{n}", Text(f"为什么 {n}", f"Why {n}")) for n in range(1, 6)),
        Note(Text("6M 因素(人机料法环测)", "6M categories")),
        *(Field(key, Text(zh, en)) for key, zh, en in _SIX_M),
        Field("root_cause", Text("根本原因结论", "Root cause"), 3),
        Field("root_cause_date", Text("确认日期", "Confirmed on")))),
    Step("D5", Text("D5 选定的纠正措施", "D5 Chosen corrective actions"), (
        Field("actions", Text("纠正措施(责任人/日期)", "Actions (owner, date)"), 3),)),
    Step("D6", Text("D6 实施与验证", "D6 Implementation and verification"), (
        Field("implementation", Text("实施情况", "Implementation"), 2),
        Field("verification", Text("验证结果(数据)", "Verification (data)"), 2),
        Field("implemented_date", Text("实施日期", "Implemented on")))),
    Step("D7", Text("D7 预防再发生", "D7 Prevent recurrence"), (
        Field("prevention", Text("预防措施(文件/FMEA/控制计划更新)", "Prevention (procedures, FMEA, control plan)"), 3),)),
    Step("D8", Text("D8 结案与表彰", "D8 Closure and recognition"), (
        Field("closure_summary", Text("结案总结", "Closure summary"), 2),
        Field("recognition", Text("小组表彰", "Team recognition")),
        Field("responder", Text("回复人", "Responded by")),
        Field("response_date", Text("回复日期", "Response date")))),
    Step("E", Text("证据清单", "Evidence"), tuple(
        Field(f"evidence_{n}", Text(f"证据 {n}(文件名/说明)", f"Evidence {n} (file, description)")) for n in range(1, 7))),
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
