"""Supplier corrective action requests (SCAR / 8D): triggers, the register merge, states and the 8D form."""

from srm_xl.capa.form import eight_d_draft, form_name, read_eight_d
from srm_xl.capa.register import Raised, Triggers, raise_in_register
from srm_xl.capa.responses import Merged, merge_forms
from srm_xl.capa.state import with_state
from srm_xl.capa.triggers import scar_id

__all__ = ["Merged", "Raised", "Triggers", "eight_d_draft", "form_name", "merge_forms", "raise_in_register", "read_eight_d", "scar_id",
           "with_state"]
