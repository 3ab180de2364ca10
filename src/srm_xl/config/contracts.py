"""Settings of the contract checks."""

from __future__ import annotations

from srm_xl.config.base import Section, setting


class ContractsConfig(Section):
    """When a contract counts as expiring, and what every supplier with deliveries must have."""

    notice_days: int = setting(
        60,
        "Days before the end date a contract is flagged as expiring, where the row gives no renewal notice",
        "合同未填续签提前天数时, 到期前多少天提示即将到期",
        unit="days",
        ge=0,
    )
    delivery_lookback_days: int = setting(
        365,
        "Suppliers with a delivery in this many days before today must hold a valid contract",
        "在此天数内有交货的供应商必须有有效合同",
        unit="days",
        gt=0,
    )
    require_quality_agreement: bool = setting(
        True,
        "Suppliers with deliveries must also hold a valid quality agreement (a quality contract or a quality-agreement reference)",
        "有交货的供应商还必须有有效的质量协议(质量协议类合同或合同中的质量协议编号)",
    )
