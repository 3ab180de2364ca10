"""Supplier corrective action requests (SCAR / 8D): triggers, the register merge and states.
The 8D form itself is laid out in ``srm_xl.sheets.eightd_form``."""

from srm_xl.capa.register import Raised, Triggers, raise_in_register
from srm_xl.capa.state import with_state
from srm_xl.capa.triggers import scar_id

__all__ = ["Raised", "Triggers", "raise_in_register", "scar_id", "with_state"]
