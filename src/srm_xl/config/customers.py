"""Settings of customer management: class rules, service standards per class and survey weights."""

from __future__ import annotations

from pydantic import ValidationInfo, field_validator, model_validator

from srm_xl.config.base import Section, setting
from srm_xl.config.scoring import parse_weights
from srm_xl.errors import ConfigError

DIMENSIONS: tuple[str, ...] = ("quality", "delivery", "price", "service", "communication")
CLASSES: tuple[str, ...] = ("strategic", "important", "ordinary")


class CustomersConfig(Section):
    """How customers are classified, how fast complaints must be answered and how surveys are weighted."""

    strategic_revenue_share: float = setting(
        0.70,
        "Customers making up this cumulative share of revenue, largest first, are strategic (ABC 'A'; 0.70 = 70%)",
        "按销售额从大到小累计占比达到该值以内的客户为战略客户(ABC分类A类; 0.70 = 70%)",
        gt=0,
        le=1,
    )
    important_revenue_share: float = setting(
        0.90,
        "… up to this cumulative share they are important (ABC 'B'); the rest are ordinary",
        "累计占比在该值以内的客户为重要客户(B类); 其余为一般客户",
        gt=0,
        le=1,
    )
    min_margin: float = setting(
        0.05,
        "A customer whose gross margin is below this drops one class (0.05 = 5%; 0: never)",
        "毛利率低于该值的客户降一级(0.05 = 5%; 0: 不降级)",
        ge=0,
        le=1,
    )
    growth_promote: float = setting(
        0.30,
        "A customer whose revenue grew by at least this since the last classified year rises one class (0.30 = 30%)",
        "销售额较上一分类年度增长达到该值的客户升一级(0.30 = 30%)",
        gt=0,
    )
    strategic_flag_override: bool = setting(
        True,
        "A customer flagged strategic on the Customers sheet is strategic whatever its figures",
        "客户名录中标记为战略客户的, 无论销售额如何均为战略客户",
    )
    response_days_strategic: int = setting(
        1,
        "Days to first response for a strategic customer's complaint",
        "战略客户投诉的首次回复期限",
        unit="days",
        ge=0,
    )
    response_days_important: int = setting(
        2,
        "Days to first response for an important customer's complaint",
        "重要客户投诉的首次回复期限",
        unit="days",
        ge=0,
    )
    response_days_ordinary: int = setting(
        3,
        "Days to first response for an ordinary customer's complaint",
        "一般客户投诉的首次回复期限",
        unit="days",
        ge=0,
    )
    resolve_days_strategic: int = setting(
        7, "Days to resolve a strategic customer's complaint", "战略客户投诉的解决期限", unit="days", ge=0
    )
    resolve_days_important: int = setting(
        15, "Days to resolve an important customer's complaint", "重要客户投诉的解决期限", unit="days", ge=0
    )
    resolve_days_ordinary: int = setting(
        30, "Days to resolve an ordinary customer's complaint", "一般客户投诉的解决期限", unit="days", ge=0
    )
    scar_complaint_types: str = setting(
        "quality",
        "Complaint types that need a supplier corrective action when a supplier is named (comma-separated)",
        "指明责任供应商时需要发出纠正措施(SCAR)的投诉类型(逗号分隔)",
    )
    survey_weights: str = setting(
        "quality:30; delivery:25; price:15; service:15; communication:15",
        "Survey dimensions and their weights in the satisfaction index, % (add up to 100)",
        "满意度指数中各调查维度的权重%(合计100)",
    )

    @field_validator("survey_weights")
    @classmethod
    def _weights(cls, value: str, info: ValidationInfo) -> str:
        parse_weights(value, f"customers.{info.field_name}", DIMENSIONS)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CustomersConfig:
        if self.important_revenue_share < self.strategic_revenue_share:
            raise ConfigError(
                "customers_share_order",
                setting="customers.important_revenue_share",
                strategic=f"{self.strategic_revenue_share:g}",
                important=f"{self.important_revenue_share:g}",
            )
        for name in self.scar_types():
            if name not in ("quality", "delivery", "service", "documentation"):
                raise ConfigError("customers_unknown_type", setting="customers.scar_complaint_types", name=name)
        return self

    def weights(self) -> dict[str, float]:
        """Survey dimension → weight in %."""
        return parse_weights(self.survey_weights, "customers.survey_weights", DIMENSIONS)

    def response_days(self) -> dict[str, int]:
        return {c: int(getattr(self, f"response_days_{c}")) for c in CLASSES}

    def resolve_days(self) -> dict[str, int]:
        return {c: int(getattr(self, f"resolve_days_{c}")) for c in CLASSES}

    def scar_types(self) -> list[str]:
        return [t.strip().casefold() for t in self.scar_complaint_types.replace("，", ",").split(",") if t.strip()]
