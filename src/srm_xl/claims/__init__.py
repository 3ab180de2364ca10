"""Claims, rewards and the cost of poor quality: pure functions over typed frames (no workbook I/O)."""

from srm_xl.claims.charges import Charges, ClaimInputs, period_charges
from srm_xl.claims.copq import cost_of_poor_quality, merge_periods
from srm_xl.claims.ledger import charged_before, claim_totals, merge_claims, unexplained_waivers
from srm_xl.claims.rewards import rewards, share_plan

__all__ = [
    "Charges",
    "ClaimInputs",
    "charged_before",
    "claim_totals",
    "cost_of_poor_quality",
    "merge_claims",
    "merge_periods",
    "period_charges",
    "rewards",
    "share_plan",
    "unexplained_waivers",
]
