"""A Chinese workbook's user reads Chinese at the command line (help, tables, the Validation sheet's checks); an
English one reads English."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl
import typer
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.cli.lang import user_lang
from srm_xl.messages import catalogue
from tests.books import write_book

CJK = re.compile(r"[\u4e00-\u9fff]")


def _help(*args: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "SRM_XL_LANG")}
    environ.update(env, COLUMNS="200", PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    done = subprocess.run(
        [sys.executable, "-m", "srm_xl", *args, "--help"],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_every_command_and_option_has_help_in_both_languages() -> None:
    texts = catalogue()
    missing = []

    def walk(command: typer.core.TyperGroup, path: str) -> None:
        if path not in texts:
            missing.append(path)
        for param in command.params:
            if getattr(param, "help", None) and not {f"{path}__{param.name}", f"cli_param_{param.name}"} & texts.keys():
                missing.append(f"{path}__{param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path}_{name.replace('-', '_')}")

    walk(typer.main.get_command(app), "cli")
    assert missing == [], "add these codes to messages/cli.toml"


def test_help_follows_the_locale_and_the_setting() -> None:
    chinese = _help("report", LANG="zh_CN.UTF-8")
    assert (
        "通过 LibreOffice 生成质量月报" in chinese and "PDF 报告的保存位置" in chinese and "显示此帮助并退出" in chinese
    )
    assert "Where to write" not in chinese
    english = _help("report", LANG="C.UTF-8")
    assert "Where to write the PDF report." in english and not CJK.search(english)
    assert "在 Excel 工作簿中管理供应商与客户质量" in _help(LANG="en_US.UTF-8", SRM_XL_LANG="zh")
    assert user_lang({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh" and user_lang({}) == "en"


def test_a_chinese_workbooks_problems_are_listed_in_chinese(tmp_path: Path) -> None:
    suppliers = pl.DataFrame({"code": ["S1", "S2"], "name": ["甲公司", None], "status": ["合格", "合格"]})
    book = write_book(tmp_path / "质量.xlsx", {"suppliers": suppliers}, "zh")
    result = CliRunner().invoke(app, ["validate", str(book)], env={"COLUMNS": "200", "LANG": "C.UTF-8"})
    assert result.exit_code == 1, result.output
    header = next(line for line in result.output.splitlines() if "单元格" in line)
    assert all(word in header for word in ("工作表", "单元格", "代码", "说明")) and "Sheet" not in result.output
    sheet = openpyxl.load_workbook(book)["数据校验"]
    checks = {row[4] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert "必填" in checks and not any(re.fullmatch(r"[a-z_]+(\(.*\))?", c or "") for c in checks), checks
