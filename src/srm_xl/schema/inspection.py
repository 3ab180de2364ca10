"""The incoming-inspection log: one row per received lot."""

from __future__ import annotations

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import PART, SUPPLIER_BY_NAME, SUPPLIER_REF, YES_NO

LEVELS = choices(
    ("S-1", "S-1", "S-1", ("s1",)), ("S-2", "S-2", "S-2", ("s2",)), ("S-3", "S-3", "S-3", ("s3",)), ("S-4", "S-4", "S-4", ("s4",)),
    ("I", "I", "I", ("1", "Ⅰ", "一般I", "一般检验水平I")), ("II", "II", "II", ("2", "Ⅱ", "一般II", "一般检验水平II")),
    ("III", "III", "III", ("3", "Ⅲ", "一般III", "一般检验水平III")),
)
SEVERITIES = choices(
    ("normal", "正常", "Normal", ("正常检验", "n")),
    ("tightened", "加严", "Tightened", ("加严检验", "t")),
    ("reduced", "放宽", "Reduced", ("放宽检验", "r")),
    ("discontinued", "暂停检验", "Discontinued", ("暂停", "停止检验")),
)
DECISIONS = choices(
    ("accept", "接收", "Accept", ("合格", "允收", "ok", "pass", "accepted", "ac", "通过", "接受", "放行", "判收", "收货", "合格接收",
                                 "特采", "让步接收", "让步放行", "让步", "特采接收", "特采放行", "concession", "accepted with concession",
                                 "deviation", "passed", "acc", "y", "√", "✓", "o", "go")),
    ("reject", "拒收", "Reject", ("不合格", "判退", "ng", "fail", "rejected", "re", "退货", "退回", "拒绝", "不良", "不通过", "nok",
                                 "failed", "rej", "×", "✗", "x", "挑选", "挑选使用", "全检", "选别", "sorting")),
)
DISPOSITIONS = choices(
    ("accept", "接收", "Accept", ("入库", "放行", "合格入库", "正常入库", "直接入库")),
    ("return", "退货", "Return", ("退回", "退供应商", "退厂", "整批退货", "return to vendor", "rtv")),
    ("rework", "返工", "Rework", ("返修", "供应商返工", "返工返修")),
    ("sort", "挑选", "Sort", ("全检挑选", "筛选", "100%挑选", "挑选使用", "全检", "选别", "sorting", "screening")),
    ("concession", "让步接收", "Concession", ("特采", "让步放行", "deviation", "让步", "特采接收", "特采放行", "让步使用", "特采使用",
                                             "accepted with concession", "use as is", "uai")),
    ("scrap", "报废", "Scrap", ("销毁",)),
)
IMPLIED_DISPOSITION = tuple(
    (word, "disposition", key) for key, words in (
        ("concession", ("特采", "特采接收", "特采放行", "让步接收", "让步放行", "让步", "concession", "accepted with concession", "deviation")),
        ("sort", ("挑选", "挑选使用", "全检", "选别", "sorting")),
        ("return", ("退货", "退回")),
    ) for word in words
)
"""A decision written as what was done with the lot (特采 = accepted with a concession) also says the disposition."""
_COUNT = {"dtype": "int", "min_value": 0}

INSPECTIONS = SheetSpec(
    "inspections", "来料检验记录", "Inspection log", table="tblInspections", key_columns=("lot",),
    synonyms=("来料检验", "进料检验记录", "进货检验记录", "IQC记录", "检验记录", "iqc", "iqc log", "incoming inspection", "inspection"),
    highlights=(Highlight("decision", "FFC7CE", equals="reject", color="9C0006"), Highlight("severity", "FCE4D6", equals="tightened"),
                Highlight("severity", "E2EFDA", equals="reduced"), Highlight("severity", "C00000", equals="discontinued", color="FFFFFF"),
                Highlight("severity_due", "C00000", equals="discontinued", color="FFFFFF"),
                Highlight("scar_needed", "FFC7CE", equals="yes", color="9C0006")),
    ordered=(("sample_size", "lot_size"), ("critical", "sample_size"), ("major", "sample_size"), ("minor", "sample_size"),
             ("qty_accepted", "lot_size"), ("qty_rejected", "lot_size")),
    columns=(
        Column("lot", "批号", "Lot", required=True, unique=True,
               synonyms=("批次号", "来料批号", "检验单号", "单号", "批次", "来料批次", "生产批号", "送货单号", "检验编号", "lot no",
                         "lot number", "lot id", "batch", "batch no")),
        SUPPLIER_BY_NAME,
        PART,
        Column("received", "到货日期", "Received date", dtype="date", required=True,
               synonyms=("来料日期", "收货日期", "检验日期", "日期", "到料日期", "进料日期", "送检日期", "报检日期", "到货日", "来料时间",
                         "检验时间", "receipt date", "date received", "inspection date", "date")),
        Column("lot_size", "批量", "Lot size", dtype="int", required=True, min_value=1,
               synonyms=("来料数量", "到货数量", "批数量", "数量", "来料数", "进料数量", "送检数量", "送货数量", "批量数", "lot qty",
                         "quantity", "qty", "received qty")),
        Column("level", "检验水平", "Inspection level", choices=LEVELS, synonyms=("检查水平", "level")),
        Column("aql", "AQL", "AQL", dtype="float", min_value=0, number_format="0.0##",
               synonyms=("接收质量限", "合格质量水平", "acceptance quality limit")),
        Column("severity", "严格度", "Severity", choices=SEVERITIES,
               synonyms=("检验严格度", "宽严程度", "检验类型", "inspection severity", "switching state")),
        Column("sample_size", "样本量", "Sample size", synonyms=("抽样数", "抽样数量", "样本数", "抽检数", "抽检数量", "抽样量", "抽样", "检验数量", "n", "sample", "sample qty", "sample size"), **_COUNT),
        Column("critical", "致命缺陷数", "Critical defects", synonyms=("致命", "cr", "critical"), **_COUNT),
        Column("major", "严重缺陷数", "Major defects", synonyms=("严重", "主要缺陷", "ma", "major", "重缺陷", "不良数", "不良数量", "不良品数", "缺陷数", "不良",
                                                            "defects", "defect qty", "major defects"), **_COUNT),
        Column("minor", "轻微缺陷数", "Minor defects", synonyms=("轻微", "次要缺陷", "mi", "minor", "轻缺陷"), **_COUNT),
        Column("defect_type", "缺陷类型", "Defect type", synonyms=("不良类型", "不良现象", "缺陷描述", "不良描述", "不良内容", "问题描述", "异常描述", "defect",
                         "defect description"), vocabulary="open"),
        Column("decision", "判定", "Decision", choices=DECISIONS, implies=IMPLIED_DISPOSITION, synonyms=("检验结果", "结论", "判定结果", "检验判定", "检验结论", "result", "inspection result")),
        Column("disposition", "处置", "Disposition", choices=DISPOSITIONS, synonyms=("处理方式", "处理结果", "处置方式", "处理", "处理意见", "disposal")),
        Column("inspector", "检验员", "Inspector", synonyms=("检验人", "检验人员", "检验者", "inspected by"), vocabulary="open"),
        Column("qty_accepted", "合格数量", "Qty accepted", synonyms=("合格数", "允收数量", "接收数量", "良品数", "accepted qty", "accepted quantity", "qty accepted", "accepted"),
               help_zh="本批接收的数量; 留空时按批量−不合格数量或判定推算", help_en="Units accepted; when blank: lot size − rejected, else by the decision", **_COUNT),
        Column("qty_rejected", "不合格数量", "Qty rejected", synonyms=("不合格数", "拒收数量", "退货数量", "rejected qty", "rejected quantity", "qty rejected", "rejected"),
               help_zh="本批拒收(退货)的数量; 留空时按批量−合格数量或判定推算", help_en="Units rejected; when blank: lot size − accepted, else by the decision", **_COUNT),
        Column("sorting_cost", "挑选费用", "Sorting cost", dtype="float", min_value=0, number_format="#,##0.00",
               synonyms=("挑选费", "全检费用", "sorting fee")),
        Column("rework_cost", "返工费用", "Rework cost", dtype="float", min_value=0, number_format="#,##0.00", synonyms=("返工费", "返修费用", "rework fee")),
        Column("scrap_cost", "报废损失", "Scrap cost", dtype="float", min_value=0, number_format="#,##0.00", synonyms=("报废费用", "报废金额", "scrap")),
        # Filled by the Inspect job (GB/T 2828.1 plan of the lot's AQL, replayed switching rules); never input.
        Column("code_letter", "样本量字码", "Code letter", computed=True, width=10,
               help_zh="按批量、检验水平和严格度查得的字码(本批 AQL)", help_en="Sample-size code letter of the lot's AQL plan"),
        Column("sample_due", "方案样本量", "Plan sample size", computed=True, **_COUNT,
               help_zh="各缺陷类别方案中最大的样本量", help_en="Largest sample size over the defect classes' plans"),
        Column("ac", "接收数Ac", "Ac", computed=True, **_COUNT),
        Column("re", "拒收数Re", "Re", computed=True, **_COUNT),
        Column("severity_due", "应用严格度", "Severity due", choices=SEVERITIES, computed=True,
               help_zh="按转移规则本批应采用的严格度", help_en="Severity the switching rules call for on this lot"),
        Column("decision_due", "计算判定", "Computed decision", choices=DECISIONS, computed=True,
               help_zh="按抽样方案和各类缺陷数算出的判定", help_en="Decision the plan gives for the defect counts"),
        Column("switching_score", "转移得分", "Switching score", dtype="int", computed=True),
        Column("next_severity", "下批严格度", "Next lot severity", choices=SEVERITIES, computed=True),
        Column("switching_note", "转移说明", "Switching note", computed=True, width=40),
        Column("scar_needed", "需纠正措施", "SCAR needed", choices=YES_NO, computed=True,
               help_zh="拒收批需要向供应商发出纠正措施要求(SCAR)", help_en="Rejected lot: a corrective-action request (SCAR) is due"),
    ),
)

SWITCHING_STATES = SheetSpec(
    "acceptance_plan", "抽样方案", "Sampling plan", table="tblSwitchingStates", kind="result",
    key_columns=("supplier", "part"),
    highlights=(Highlight("severity", "FCE4D6", equals="tightened"), Highlight("severity", "E2EFDA", equals="reduced"),
                Highlight("discontinued", "C00000", equals="yes", color="FFFFFF")),
    columns=(
        SUPPLIER_REF,
        PART,
        Column("lots", "批数", "Lots", **_COUNT),
        Column("last_received", "最近到货", "Last received", dtype="date"),
        Column("severity", "当前严格度", "Current severity", choices=SEVERITIES),
        Column("switching_score", "转移得分", "Switching score", dtype="int"),
        Column("tightened_rejects", "加严累计拒收", "Rejected on tightened", **_COUNT,
               help_zh="本轮加严检验中累计拒收批数(达到 Config 的暂停批数即暂停检验)",
               help_en="Lots rejected in the current tightened period (inspection stops at Config's limit)"),
        Column("discontinued", "暂停检验", "Discontinued", choices=YES_NO),
        Column("note", "最近转移说明", "Last switching note", width=48),
    ),
)

SHEETS = (INSPECTIONS, SWITCHING_STATES)
