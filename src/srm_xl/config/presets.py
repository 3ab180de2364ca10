"""Scoring schemes shipped as ordinary Config rows: ``srm-xl config preset BOOK NAME`` writes them into the
workbook's Config sheet, where the user edits them like any other setting.

A preset sets every formula-criterion slot (unused slots blank) and the settings its scheme depends on; every
other setting keeps the workbook's value. The README documents each preset row by row.
"""

from __future__ import annotations

from srm_xl.config.criteria import CRITERION_SLOTS

_CLEARED = {f"scoring.criterion_{n}": "" for n in range(1, CRITERION_SLOTS + 1)}

PRESETS: dict[str, dict[str, str]] = {
    "cn-assessment": {
        **_CLEARED,
        "scoring.criterion_1": "price | GREATEST(0, LEAST(40, 20 + 2 * (1 - part_price_index) * 100)) | max=40 | weight=40 | per=part",
        "scoring.criterion_2": "quality | 30 * (1 - lot_reject_rate) | max=30 | weight=30",
        "scoring.criterion_3": "delivery | GREATEST(0, 20 * (1 - late_rate) - days_late_sum) | max=20 | weight=20",
        "scoring.criterion_4": "service | service_rating | max=10 | weight=10 | missing=zero",
        "scoring.rating_scale": "10",
        "scoring.monthly_rollup": "no",
        "scoring.period_weighting": "",
        "scoring.grade_a": "85",
        "scoring.grade_b": "70",
        "scoring.grade_c": "60",
        "scoring.grade_names": "A:A; B:B; C:C; D:D",
    },
    "erpnext-default": {
        **_CLEARED,
        "scoring.criterion_1": "quality | qty_accepted / qty_received * 100 | max=100 | weight=50",
        "scoring.criterion_2": "on_time_shipments | deliveries_on_time / deliveries * 100 | max=100 | weight=30",
        "scoring.criterion_3": "delivery | value_on_time / value_delivered * 100 | max=100 | weight=20",
        "scoring.monthly_rollup": "yes",
        "scoring.period_weighting": "GREATEST(0, LEAST(1, (12 - period_number) / 12))",
        "scoring.grade_a": "80",
        "scoring.grade_b": "50",
        "scoring.grade_c": "30",
        "scoring.grade_names": "A:Excellent; B:Average; C:Poor; D:Very Poor",
        "scoring.grade_colours": "A:#0070C0; B:#00B050; C:#FFFF00; D:#FF0000; not_graded:#BFBFBF",
        "scoring.action_b_en": "No restriction",
        "scoring.action_b_zh": "无限制",
        "scoring.action_c_en": "Warn on new purchase orders and requests for quotation",
        "scoring.action_c_zh": "新采购订单和询价单时提示警告",
        "scoring.action_d_en": "Prevent new purchase orders and requests for quotation",
        "scoring.action_d_zh": "禁止新采购订单和询价单",
    },
}
"""Preset name → Config setting → value (as typed into the Config sheet's Value column)."""
