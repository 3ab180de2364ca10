"""The supplier survey workbook: a questionnaire sheet (identity, then one answer cell per item), a certificates
table and a key-processes table. Every sheet is protected; only answer cells are unlocked. The layout is fixed, so
which cells are answers is known again when the reply comes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from srm_xl.io.draft import Cell, SheetDraft, column_style, draft_from_spec
from srm_xl.io.page import PageSetup
from srm_xl.io.styles import HEADER, LABEL, NOTE, TITLE, Style
from srm_xl.messages import Lang
from srm_xl.schema import Column, SheetSpec
from srm_xl.schema.qualification import CAPABILITY
from srm_xl.schema.suppliers import CERTIFICATES
from srm_xl.sharing.cells import split_ref

TEXT_LIMIT = 2000
"""Longest answer accepted in any text cell of a survey."""
ITEMS = (
    Column("name", "公司名称", "Company name", max_length=TEXT_LIMIT),
    Column("uscc", "统一社会信用代码", "Unified social credit code", fmt="uscc", max_length=TEXT_LIMIT),
    Column("address", "地址", "Address", max_length=TEXT_LIMIT),
    Column("founded", "成立日期", "Founded", dtype="date"),
    Column("employees", "员工人数", "Employees", dtype="int", min_value=0),
    Column("revenue", "年营业额(万元)", "Annual revenue (10k CNY)", dtype="float", min_value=0),
    Column("contact", "联系人", "Contact", max_length=TEXT_LIMIT),
    Column("phone", "电话", "Phone", max_length=TEXT_LIMIT),
    Column("email", "邮箱", "Email", max_length=TEXT_LIMIT),
    Column("tax_status", "纳税信用等级", "Tax credit rating", max_length=TEXT_LIMIT),
    Column("main_customers", "主要客户", "Main customers", max_length=TEXT_LIMIT),
    Column("materials", "主要原材料", "Main materials", max_length=TEXT_LIMIT),
    Column("sub_suppliers", "主要分供方", "Main sub-suppliers", max_length=TEXT_LIMIT),
    Column("transport_mode", "运输方式", "Transport mode", max_length=TEXT_LIMIT),
    Column("transport_days", "运输周期(天)", "Transport time (days)", dtype="float", min_value=0),
    Column("distance_km", "距离(公里)", "Distance (km)", dtype="float", min_value=0),
)
"""The questionnaire's items, typed and checked like sheet columns."""
SURVEY_CERTIFICATES = SheetSpec("survey_certificates", CERTIFICATES.zh, CERTIFICATES.en, table="tblSurveyCertificates",
                                columns=tuple(c for c in CERTIFICATES.columns if c.key != "supplier"))
SURVEY_PROCESSES = SheetSpec("survey_processes", "关键过程", "Key processes", table="tblSurveyProcesses",
                             columns=tuple(CAPABILITY.column(k) for k in ("process", "characteristic", "key_characteristic", "cpk",
                                                                           "monthly_capacity", "unit", "utilisation")))
TABLES = (SURVEY_CERTIFICATES, SURVEY_PROCESSES)
FIRST_ITEM_ROW = 10
"""Row of the first item on the questionnaire sheet (rows above hold the title and the survey's identity)."""
IDENTITY_ROWS = {"survey_id": 4, "candidate": 5, "sent": 6, "signature": 7}
ANSWER_COL = 2
SIGNATURE_REF = f"C{IDENTITY_ROWS['signature']}"
_IDENTITY = {"survey_id": ("调查表编号", "Survey ID"), "candidate": ("供应商代码", "Supplier code"), "sent": ("发出日期", "Sent"),
             "signature": ("签名(请勿修改)", "Signature (do not change)")}


@dataclass(frozen=True)
class Survey:
    survey_id: str
    candidate: str
    name: str
    sent: date
    lang: Lang


def survey_sheet(lang: Lang) -> str:
    return "调查表" if lang == "zh" else "Survey"


def sheet_names(lang: Lang) -> tuple[str, ...]:
    return (survey_sheet(lang), *(t.name(lang) for t in TABLES))


def questionnaire(survey: Survey, signature: str, password: str) -> SheetDraft:
    """The questionnaire sheet: title, instructions, identity (locked) and one unlocked answer cell per item."""
    lang, zh = survey.lang, survey.lang == "zh"
    title = f"供应商调查表 — {survey.name}" if zh else f"Supplier survey — {survey.name}"
    note = ("请在黄色单元格中填写; 证书和关键过程(含关键特性的Cpk)请填写在后两张表中。请勿修改其他内容, 否则无法导入。" if zh else
            "Fill in the yellow cells; list certificates and key processes (with the Cpk of key characteristics) on the next two sheets. "
            "Do not change anything else, or the reply cannot be imported.")
    values = {"survey_id": survey.survey_id, "candidate": survey.candidate, "sent": survey.sent.isoformat(), "signature": signature}
    cells = [Cell(1, 0, title, TITLE), Cell(2, 0, note, NOTE)]
    for key, row in IDENTITY_ROWS.items():
        cells += [Cell(row, 1, _IDENTITY[key][0 if zh else 1], LABEL), Cell(row, ANSWER_COL, values[key] or None, Style("@"))]
    header = FIRST_ITEM_ROW - 1
    cells += [Cell(header, 0, "key", HEADER), Cell(header, 1, "项目" if zh else "Item", HEADER), Cell(header, 2, "答复" if zh else "Answer", HEADER)]
    for offset, item in enumerate(ITEMS):
        row = FIRST_ITEM_ROW + offset
        cells += [Cell(row, 0, item.key, NOTE), Cell(row, 1, item.header(lang), LABEL), Cell(row, ANSWER_COL, None, column_style(item, True))]
    return SheetDraft(survey_sheet(lang), cells=cells, widths={0: 14, 1: 28, 2: 60}, merges=["A2:C2"], protect=True, password=password, page=PageSetup(orientation="portrait"))


def table_drafts(lang: Lang, rows: int, password: str) -> list[SheetDraft]:
    """The certificates and key-processes tables, ``rows`` blank unlocked rows each."""
    drafts = []
    for table in TABLES:
        blank = pl.DataFrame({c.key: pl.Series([None] * rows, dtype=pl.String) for c in table.columns})
        draft = draft_from_spec(table, blank, lang, editable=frozenset(table.keys()))
        draft.protect, draft.password = True, password
        drafts.append(draft)
    return drafts


def answer_refs(cells: dict[str, dict[str, str]], lang: Lang) -> dict[str, set[str]]:
    """Per sheet, the cells a supplier may fill: answer cells of the items and every row below a table's header."""
    items = {f"C{FIRST_ITEM_ROW + i}" for i in range(len(ITEMS))}
    editable = {survey_sheet(lang): items}
    for table in TABLES:
        editable[table.name(lang)] = {ref for ref in cells.get(table.name(lang), {}) if split_ref(ref)[0] > 1}
    return editable
