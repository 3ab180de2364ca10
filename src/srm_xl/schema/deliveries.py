"""The delivery log: one row per delivery against a purchase-order line."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec
from srm_xl.schema.common import CURRENCY, PART, SUPPLIER_BY_NAME

DELIVERIES = SheetSpec(
    "deliveries", "交货记录", "Deliveries", table="tblDeliveries", key_columns=("po", "po_line"),
    synonyms=("送货记录", "到货记录", "交付记录", "交期记录", "delivery log", "delivery", "receipts"),
    columns=(
        Column("po", "采购订单号", "PO number", required=True,
               synonyms=("订单号", "采购单号", "订单编号", "采购订单", "po", "po no", "po number", "order no", "purchase order")),
        Column("po_line", "订单行号", "PO line", synonyms=("行号", "订单行", "项次", "line", "line no", "po line", "item no"),
               help_zh="同一订单的第几行; 没有行号时按内容识别重复导入", help_en="Line of the order; without it, re-imports are matched by content"),
        SUPPLIER_BY_NAME,
        PART,
        Column("qty_ordered", "订购数量", "Qty ordered", dtype="float", min_value=0, number_format="#,##0",
               synonyms=("订单数量", "采购数量", "订货数量", "计划数量", "应到数量", "order qty", "ordered", "po qty")),
        Column("qty_delivered", "交货数量", "Qty delivered", dtype="float", min_value=0, number_format="#,##0",
               synonyms=("实收数量", "到货数量", "送货数量", "实到数量", "实交数量", "交付数量", "实收", "delivered qty", "delivered",
                         "received qty")),
        Column("due_date", "要求交期", "Due date", dtype="date", required=True,
               synonyms=("交期", "约定交期", "要求到货日期", "计划交期", "要求交货日期", "计划到货", "计划到货日期", "承诺交期", "需求日期",
                         "due", "promised date", "need date", "required date")),
        Column("delivered_date", "实际交货日期", "Delivered date", dtype="date",
               synonyms=("实际到货日期", "到货日期", "交货日期", "实际到货", "实际交期", "实到日期", "实际交货", "实际交付日期", "到货时间",
                         "delivery date", "actual date", "received date", "actual delivery")),
        Column("unit_price", "单价", "Unit price", dtype="float", min_value=0, number_format="#,##0.0000",
               synonyms=("含税单价", "采购单价", "price", "unit cost")),
        Column("currency", "币种", "Currency", choices=CURRENCY, vocabulary="open", synonyms=("货币", "币别", "币制", "ccy", "curr")),
    ),
)

SHEETS = (DELIVERIES,)
