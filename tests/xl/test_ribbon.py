"""The ribbon: every button maps to a VBA callback and a job, and ``run`` reports through Excel's message box."""

from __future__ import annotations

import inspect
from pathlib import Path

import openpyxl
import pytest
import xlwings

from srm_xl.addin.sources import Layout, buttons
from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.schema import spec
from srm_xl.xl import ribbon
from srm_xl.xl.ribbon import ACTIONS, Action, arguments, perform, resolve
from tests.jobs.test_validate import problem_book
from tests.xl.fake_xlwings import FakeBook, book_from_file

DISPATCHED = [b for b in buttons(Layout().custom_ui.read_bytes()) if b.callbacks["onAction"] == "SrmRibbon.OnAction"]


def test_every_dispatched_button_has_an_action_with_the_same_question() -> None:
    assert sorted(b.action for b in DISPATCHED) == sorted(ACTIONS)
    for button in DISPATCHED:
        assert button.ask == ACTIONS[button.action].ask, button.id
        zh, en = button.labels
        assert zh and en and zh != en, f"{button.id} has a label in both languages"


@pytest.mark.parametrize("name", sorted(ACTIONS), ids=str)
def test_every_action_resolves_to_a_job(name: str) -> None:
    job = resolve(ACTIONS[name].target)
    assert job is not None, f"{name}: {ACTIONS[name].target} does not exist"
    parameters = list(inspect.signature(job).parameters.values())
    assert parameters[0].name == "book"
    given = bool(ACTIONS[name].ask) + bool(ACTIONS[name].selection)
    positional = [p for p in parameters[1:] if p.kind is p.POSITIONAL_OR_KEYWORD]
    required = [p for p in positional if p.default is p.empty]
    assert len(required) <= given <= len(positional), f"{name} passes {given} arguments after the book"


def test_missing_actions_names_what_is_not_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ACTIONS, "nope", Action("srm_xl.jobs.not_written_yet:job"))
    assert ribbon.missing_actions()["nope"] == "srm_xl.jobs.not_written_yet:job"
    with pytest.raises(SrmError) as caught:
        perform("nope", None)  # type: ignore[arg-type]
    assert caught.value.code == "xl_action_missing" and "pip install -U srm-xl" in caught.value.message("en")


def test_a_broken_job_module_is_not_reported_as_missing() -> None:
    with pytest.raises(ModuleNotFoundError):
        resolve("tests.xl.broken_job_module:job")


def test_arguments_follow_the_action() -> None:
    assert arguments("import", ACTIONS["import"], "C:\\data\\in.xlsx", "") == [Path("C:\\data\\in.xlsx")]
    assert arguments("share_import", ACTIONS["share_import"], "a.xlsx|b.xlsx", "") == [[Path("a.xlsx"), Path("b.xlsx")]]
    assert arguments("plan", ACTIONS["plan"], "", "") == [None]
    assert arguments("plan", ACTIONS["plan"], "", " L7 ") == ["L7"]
    with pytest.raises(SrmError) as caught:
        arguments("explain", ACTIONS["explain"], "", "")
    assert caught.value.code == "xl_no_selection"


def test_validate_button_runs_the_validate_job_on_a_file(tmp_path: Path) -> None:
    path = problem_book(tmp_path / "book.xlsx")
    with FileWorkbook(path) as book:
        report = perform("validate", book)
    assert report.job == "validate" and not report.ok
    assert spec("validation").name("zh") in openpyxl.load_workbook(path).sheetnames
    assert "逐条列在“数据校验”表中" in ribbon.outcome(report, "zh")


def test_unknown_action_is_an_error_saying_to_reinstall() -> None:
    with pytest.raises(SrmError) as caught:
        perform("frobnicate", None)  # type: ignore[arg-type]
    assert "srm-xl addin install" in caught.value.message("en")


@pytest.fixture
def caller(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeBook:
    book = book_from_file(problem_book(tmp_path / "book.xlsx"))
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: book))
    return book


def test_run_shows_the_summary_and_resets_the_status_bar(caller: FakeBook) -> None:
    ribbon.run("validate")
    ((message, title, mode),) = caller.app.alerts
    assert title == "SRM" and mode == "info" and "个错误" in message
    assert caller.app.status_history[0].startswith("SRM: 正在运行") and caller.app.status_bar is False
    assert spec("validation").name("zh") in [s.name for s in caller.sheets]


def test_run_shows_what_to_fix_and_writes_nothing_on_error(caller: FakeBook) -> None:
    before = [s.name for s in caller.sheets]
    ribbon.run("import", "/nowhere/missing.xlsx")
    ((message, _, mode),) = caller.app.alerts
    assert mode == "critical" and message and [s.name for s in caller.sheets] == before
    assert caller.app.status_bar is False


def test_about_and_config_buttons(caller: FakeBook) -> None:
    ribbon.run("about")
    assert "xlwings " + xlwings.__version__ in caller.app.alerts[-1][0]
    ribbon.run("config")
    config_sheet = spec("config").name("zh")
    assert caller.active == config_sheet and config_sheet in [s.name for s in caller.sheets]
    assert len(caller.app.alerts) == 1, "opening Config shows no message"


def test_pdf_button_needs_the_dashboard_then_saves_it(caller: FakeBook, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    ribbon.run("pdf", str(target))
    assert caller.app.alerts[-1][2] == "critical" and "仪表" in caller.app.alerts[-1][0] and not target.exists()
    caller.add_sheet("仪表盘", [["x"]])
    ribbon.run("pdf", str(target))
    assert target.read_bytes().startswith(b"%PDF") and str(target) in caller.app.alerts[-1][0]


class _Unprintable(Exception):
    """An exception whose text cannot be produced (as some XML error objects behave)."""

    def __str__(self) -> str:
        raise ValueError("no text")


def _crash(book: object) -> None:
    raise _Unprintable()


def test_an_unexpected_error_shows_one_message_naming_a_log(
    caller: FakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SRM_XL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setitem(ACTIONS, "crash", Action(f"{__name__}:_crash"))
    ribbon.run("crash")
    ((message, _, mode),) = caller.app.alerts
    log = next((tmp_path / "logs").glob("srm_xl-*.log"))
    assert mode == "critical" and "_Unprintable" in message and str(log) in message
    assert "Traceback" in log.read_text(encoding="utf-8") and caller.app.status_bar is False
