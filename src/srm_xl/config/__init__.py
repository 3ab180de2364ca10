"""Settings users change in the workbook's Config sheet, typed and validated by pydantic.

Each domain declares a ``Section`` in its own module here; ``Config`` holds one of each. A Config sheet row is
``section.field`` → value; blank or missing rows take the documented default.
"""

from __future__ import annotations

from srm_xl.config.base import Section, setting
from srm_xl.config.capa import CapaConfig
from srm_xl.config.claims import ClaimsConfig
from srm_xl.config.contracts import ContractsConfig
from srm_xl.config.customers import CustomersConfig
from srm_xl.config.general import GeneralConfig
from srm_xl.config.qualification import QualificationConfig
from srm_xl.config.risk import RiskConfig
from srm_xl.config.sampling import SamplingConfig
from srm_xl.config.scoring import ScoringConfig
from srm_xl.config.sharing import SharingConfig
from srm_xl.config.sheet import config_rows, read_config


class Config(Section):
    general: GeneralConfig = GeneralConfig()
    sampling: SamplingConfig = SamplingConfig()
    scoring: ScoringConfig = ScoringConfig()
    risk: RiskConfig = RiskConfig()
    capa: CapaConfig = CapaConfig()
    customers: CustomersConfig = CustomersConfig()
    contracts: ContractsConfig = ContractsConfig()
    sharing: SharingConfig = SharingConfig()
    qualification: QualificationConfig = QualificationConfig()
    claims: ClaimsConfig = ClaimsConfig()


__all__ = ["Config", "Section", "config_rows", "read_config", "setting"]
