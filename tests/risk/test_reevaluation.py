"""Re-evaluation findings as the risk scan would call them: whatever frames it has."""

from __future__ import annotations

from datetime import date

import polars as pl

from srm_xl.config import Config
from srm_xl.risk.reevaluation import reevaluation_findings


def test_reevaluation_findings_need_no_audits_sheet() -> None:
    suppliers = pl.DataFrame(
        {
            "code": ["S1", "S2"],
            "status": ["approved", "approved"],
            "admission_date": [date(2020, 1, 1), date(2026, 1, 1)],
        }
    )
    found = reevaluation_findings({"suppliers": suppliers}, Config(), date(2026, 6, 1))
    assert found["supplier"].to_list() == ["S1"] and found["trigger"].to_list() == ["1247"], (
        "class III: due 2023-01-01, 1247 days ago"
    )
    assert reevaluation_findings({}, Config(), date(2026, 6, 1)).is_empty()
