"""Worksheet functions: their values, the argument conversion xlwings applies, and their xlwings signatures."""

from __future__ import annotations

import importlib.util
import sys
import types
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlwings
from xlwings.conversion.framework import ConversionContext, accessors
from xlwings.conversion.standard import AdjustDimensionsStage, Ensure2DStage

from srm_xl.config.capa import CapaConfig
from srm_xl.config.risk import RiskConfig
from srm_xl.sampling.excel import srm_plan
from srm_xl.schema import spec
from srm_xl.validation.uscc import check_digit
from srm_xl.xl import udfs

VALID_USCC = "91350100M000100Y4" + check_digit("91350100M000100Y4")


@pytest.fixture(scope="module")
def windows_decorators() -> types.ModuleType:
    """xlwings' real Windows UDF decorators (``xlwings.udfs``), imported with its COM modules stubbed: unlike
    ``xw.func``/``xw.arg`` on Linux, they record ``__xlfunc__`` and reject unknown argument names."""
    stubs = {name: types.ModuleType(name) for name in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    stubs["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stubs["win32com.client"].Dispatch = None  # type: ignore[attr-defined]
    saved = {name: sys.modules.get(name) for name in [*stubs, "xlwings.udfs"]}
    sys.modules.update(stubs)
    try:
        return importlib.import_module("xlwings.udfs")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


@pytest.fixture(scope="module")
def windows_udfs(windows_decorators: types.ModuleType) -> types.ModuleType:
    """``srm_xl.xl.udfs`` loaded as on Windows, under the real decorators."""
    patched = {"func": windows_decorators.xlfunc, "arg": windows_decorators.xlarg, "ret": windows_decorators.xlret}
    originals = {name: getattr(xlwings, name) for name in patched}
    for name, decorator in patched.items():
        setattr(xlwings, name, decorator)
    try:
        loader = importlib.util.spec_from_file_location("srm_udfs_windows", Path(udfs.__file__))
        module = importlib.util.module_from_spec(loader)  # type: ignore[arg-type]
        loader.loader.exec_module(module)  # type: ignore[union-attr]
    finally:
        for name, decorator in originals.items():
            setattr(xlwings, name, decorator)
    return module


def as_argument(value: Any, options: dict[str, Any]) -> Any:
    """A cell or range value as xlwings hands it to a UDF argument with these options (2-D, squeeze …)."""
    context = _context(value)
    Ensure2DStage()(context)
    AdjustDimensionsStage(options)(context)
    return context.value


def _context(value: Any) -> ConversionContext:
    """A conversion context with no engine: the engine's own cleaning (COM dates → datetime) is already done."""
    context = ConversionContext.__new__(ConversionContext)
    context.range, context.value, context.source_value, context.meta, context.engine = None, value, value, {}, None
    return context


def call(module: types.ModuleType, name: str, *values: Any) -> Any:
    """Call UDF ``name`` as Excel would: each argument through the conversion its ``@xw.arg`` declares."""
    function = getattr(module, name)
    specs = function.__xlfunc__["args"]
    return function(*(as_argument(v, s["options"]) for v, s in zip(values, specs, strict=False)))


def test_every_udf_is_registered_with_its_arguments(windows_udfs: types.ModuleType) -> None:
    names = {f.__name__ for f in udfs.UDFS}
    assert names == {
        "SRM_PLAN",
        "SRM_OC",
        "SRM_PPM",
        "SRM_GRADE",
        "SRM_POINTS",
        "SRM_RISK_LEVEL",
        "SRM_USCC_VALID",
        "SRM_DUE_DATE",
        "SRM_APPROVED",
    }
    for name in names:
        info = getattr(windows_udfs, name).__xlfunc__
        assert info["name"] == name and info["category"] == "SRM" and not info["sub"]
        assert info["ret"]["doc"], f"{name} has a docstring Excel shows"
        assert info["ret"]["options"]["convert"] in accessors
        for arg in info["args"]:
            assert arg["options"].get("convert") in accessors, f"{name}({arg['name']}) has a converter xlwings knows"
            assert arg["doc"] != f"Positional argument {arg['pos'] + 1}", f"{name}({arg['name']}) is documented"
    ranges = {
        name: [a["name"] for a in getattr(windows_udfs, name).__xlfunc__["args"] if a["options"].get("ndim") == 2]
        for name in names
    }
    assert ranges["SRM_PLAN"] == ["lot_sizes", "levels", "aqls", "severities"]
    assert ranges["SRM_POINTS"] == ["values"] and ranges["SRM_DUE_DATE"] == ["starts", "days", "holidays"]


def test_a_misspelt_argument_is_refused_by_xlwings(windows_decorators: types.ModuleType) -> None:
    def srm_example(lot_sizes: list) -> list:
        return lot_sizes

    with pytest.raises(Exception, match="Invalid argument name 'lot_size'"):
        windows_decorators.xlarg("lot_size", ndim=2)(windows_decorators.xlfunc(srm_example))
    assert xlwings.arg is not windows_decorators.xlarg, "the Windows decorators were only borrowed"


def test_plan_for_a_column_and_a_single_cell(windows_udfs: types.ModuleType) -> None:
    column = [[500.0], [1200.0], [None], [-3.0]]
    got = call(windows_udfs, "SRM_PLAN", column)
    assert got == srm_plan([500, 1200, None, -3])
    assert got[0] == ["H", 50, 1, 2] and got[2][0].startswith("#")
    assert call(windows_udfs, "SRM_PLAN", 500.0, "II", 1.0) == [["H", 50, 1, 2]]


def test_oc_is_a_scalar_for_one_p_and_a_column_for_many(windows_udfs: types.ModuleType) -> None:
    one = call(windows_udfs, "SRM_OC", 80.0, 2.0, 0.01)
    many = call(windows_udfs, "SRM_OC", 80.0, 2.0, [[0.01], [0.05], [0.1]])
    assert isinstance(one, float) and 0.95 < one < 0.96 and many[0] == [pytest.approx(one)]
    assert many[0][0] > many[1][0] > many[2][0]


def test_ppm_grade_and_points(windows_udfs: types.ModuleType) -> None:
    assert call(windows_udfs, "SRM_PPM", [[3.0], [None], [1.0]], 1000.0) == [[3000.0], [None], [1000.0]]
    assert call(windows_udfs, "SRM_PPM", 1.0, 0.0) is None
    assert call(windows_udfs, "SRM_GRADE", [[95.0], [55.0], [None]]) == [["A"], ["D"], [None]]
    points = call(windows_udfs, "SRM_POINTS", "ppm", [[0.0], [100.0], [1e9]])
    assert points[0] == [100.0] and points[2] == [0.0]


def test_risk_level_follows_the_config_matrix(windows_udfs: types.ModuleType) -> None:
    levels = RiskConfig().levels()
    labels = {c.key: c.label("zh") for c in spec("risks").column("level").choices}
    pairs = [(l_, i) for l_ in range(1, 6) for i in range(1, 6)]
    got = call(windows_udfs, "SRM_RISK_LEVEL", [[float(l_)] for l_, _ in pairs], [[float(i)] for _, i in pairs])
    assert got == [[labels[levels[l_ - 1][i - 1]]] for l_, i in pairs]
    assert call(windows_udfs, "SRM_RISK_LEVEL", [[0.0], [2.5], [None], ["高"]], 3.0) == [[None]] * 4
    assert call(windows_udfs, "SRM_RISK_LEVEL", 5.0, 5.0, "en") == "Critical"


def test_uscc_valid(windows_udfs: types.ModuleType) -> None:
    assert call(windows_udfs, "SRM_USCC_VALID", VALID_USCC) is True
    assert call(windows_udfs, "SRM_USCC_VALID", [[VALID_USCC.lower()], [VALID_USCC[:-1] + "0"], [None], [12345.0]]) == [
        [True],
        [False],
        [None],
        [False],
    ]


def test_due_date_in_working_or_calendar_days_and_by_step(windows_udfs: types.ModuleType) -> None:
    friday = datetime(2026, 1, 2)
    assert call(windows_udfs, "SRM_DUE_DATE", friday, 3.0) == date(2026, 1, 7), "Mon, Tue, Wed"
    assert call(windows_udfs, "SRM_DUE_DATE", friday, 3.0, False) == date(2026, 1, 5)
    assert call(windows_udfs, "SRM_DUE_DATE", friday, 1.0, True, [[datetime(2026, 1, 5)]]) == date(2026, 1, 6)
    d8 = CapaConfig().d8_days
    got = call(windows_udfs, "SRM_DUE_DATE", [[friday], [None], ["x"]], "D8", False)
    assert got == [[date.fromordinal(friday.toordinal() + d8)], [None], [None]]


def test_approved_reads_the_approved_list_written_by_the_job(windows_udfs: types.ModuleType, tmp_path: Path) -> None:
    """The table as the Update approved list job writes it, passed as Excel passes a range (header row first)."""
    import openpyxl
    import polars as pl

    from srm_xl.io.file_workbook import FileWorkbook
    from srm_xl.jobs.qualification_asl import update_approved_list
    from tests.books import write_book

    frames = {
        "suppliers": pl.DataFrame({"code": ["S1", "S2"], "name": ["A", "B"], "status": ["approved", "suspended"]}),
        "parts": pl.DataFrame({"part": ["P1", "P1"], "supplier": ["S1", "S2"], "share": [0.5, 0.5]}),
        "sample_approvals": pl.DataFrame(
            {
                "sample_id": ["T1", "T2"],
                "part": ["P1", "P1"],
                "supplier": ["S1", "S2"],
                "quantity": [20, 20],
                "inspected": [20, 20],
                "defects": [0, 0],
                "decision": ["approved", "approved"],
                "approval_date": [date(2026, 1, 5)] * 2,
            }
        ),
    }
    path = write_book(tmp_path / "book.xlsx", frames, "en")
    with FileWorkbook(path) as book:
        update_approved_list(book, today=date(2026, 6, 1))
    sheet = openpyxl.load_workbook(path)[spec("approved_list").en]
    grid = [list(row) for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    got = call(windows_udfs, "SRM_APPROVED", [["S1"], ["S2"], ["S9"]], "P1", grid, "en")
    assert [row[0] for row in got] == [True, False, False]
    assert got[1][1] and got[2][1] == "not on the approved list"
