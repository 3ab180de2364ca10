from __future__ import annotations

import pytest

from srm_xl.config.scoring import ScoringConfig
from srm_xl.errors import SrmError
from srm_xl.scoring import srm_grade, srm_points, srm_ppm


def test_ppm_keeps_the_shape_and_gives_none_for_blank_or_zero() -> None:
    assert srm_ppm(3, 300) == pytest.approx(10000)
    assert srm_ppm([1, None, 2, "x"], [1e6, 10, 0, 5]) == [1.0, None, None, None]
    assert srm_ppm([[1], [2]], [[4], [8]]) == [[250000.0], [250000.0]]
    assert srm_ppm([1, 2], 1000) == [1000.0, 2000.0]  # a scalar applies to every cell


def test_grade_by_thresholds() -> None:
    assert srm_grade([90, 89.999999, 80, 70, 69.9, None, ""]) == ["A", "B", "B", "C", "D", None, None]
    assert srm_grade(85, ScoringConfig(grade_a=85, grade_b=70, grade_c=50)) == "A"


def test_points_use_the_configured_rule() -> None:
    # PPM bands: ≤100 → 100, ≤500 → 90 … a boundary value gets the better band
    assert srm_points("ppm", [0, 100, 100.5, 500, 20000, None]) == [100.0, 100.0, 90.0, 90.0, 0.0, None]
    assert srm_points("on_time", 0.96) == 90.0
    assert srm_points("lot_acceptance", [1.0, 0.9, 0.5]) == [100.0, pytest.approx(50.0), 0.0]
    with pytest.raises(SrmError) as caught:
        srm_points("ppmm", 1)
    assert caught.value.code == "scoring_unknown_metric"
