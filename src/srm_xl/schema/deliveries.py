"""The delivery log: one row per delivery against a purchase-order line."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec
from srm_xl.schema.common import CURRENCY, PART, SUPPLIER_REF

DELIVERIES = SheetSpec(
    "deliveries", "交货记录", "Deliveries", table="tblDeliveries",
    synonyms=("送货记录", "到货记录", "交付记录", "交期记录", "delivery log", "delivery", "receipts"),
    columns=(
        Column("po", "采购订单号", "PO number", required=True, synonyms=("订单号", "采购单号", "po", "po no", "order no", "purchase order")),
        Column("po_line", "订单行号", "PO line", synonyms=("行号", "项次", "line", "po line", "item no")),
        SUPPLIER_REF,
        PART,
        Column("qty_ordered", "订购数量", "Qty ordered", dtype="float", min_value=0, number_format="#,##0",
               synonyms=("订单数量", "采购数量", "order qty", "ordered")),
        Column("qty_delivered", "交货数量", "Qty delivered", dtype="float", min_value=0, number_format="#,##0",
               synonyms=("实收数量", "到货数量", "送货数量", "delivered qty", "delivered", "received qty")),
        Column("due_date", "要求交期", "Due date", dtype="date", required=True,
               synonyms=("交期", "约定交期", "要求到货日期", "计划交期", "due", "promised date", "need date")),
        Column("delivered_date", "实际交货日期", "Delivered date", dtype="date",
               synonyms=("实际到货日期", "到货日期", "交货日期", "delivery date", "actual date", "received date")),
        Column("unit_price", "单价", "Unit price", dtype="float", min_value=0, number_format="#,##0.0000",
               synonyms=("含税单价", "采购单价", "price", "unit cost")),
        Column("currency", "币种", "Currency", choices=CURRENCY, synonyms=("货币", "ccy")),
    ),
)

SHEETS = (DELIVERIES,)
