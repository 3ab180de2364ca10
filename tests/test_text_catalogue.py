"""Every user-facing string lives in the catalogue (``srm_xl/messages/*.toml``) or the schema: no Chinese literal
and no language switch (``"…" if lang == "zh" else "…"``) anywhere else in the product's code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import srm_xl

ROOT = Path(srm_xl.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
TEXT_HOMES = ("schema", "messages", "config", "demo")
"""Where text may be written: the schema (headers, sheet names, choices), the catalogue, the Config sheet's own
schema (each setting's description and the words it accepts, beside its pydantic field), and the demo's sample
data (the rows a user would type, not product text)."""
SCHEMA_CALLS = {"Column", "SheetSpec", "choices", "Choice"}
"""Constructors whose literals are schema, wherever they are built."""
PATTERN = re.compile(r"\^|\\[dsbw]|\(\?|\[")
"""Input vocabulary: a regular expression that recognises what users type (``2026年``, ``备注``, ``有限公司``)."""
DOC_KEYWORDS = {"doc", "help"}
"""Help of a command-line option or a worksheet function's argument: documentation written beside the signature."""
LANGUAGE_CODES = {"zh", "en"}


def _is_pattern(text: str) -> bool:
    if not PATTERN.search(text):
        return False
    try:
        re.compile(text)
    except re.error:
        return False
    return True


def _skipped(tree: ast.AST) -> set[int]:
    """Ids of docstrings and of every node inside a schema constructor call."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in SCHEMA_CALLS:
                skipped |= {id(inner) for inner in ast.walk(node)}
            for keyword in node.keywords:
                if keyword.arg in DOC_KEYWORDS:
                    skipped |= {id(inner) for inner in ast.walk(keyword.value)}
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # attribute docstrings
            skipped.add(id(node.value))
    return skipped


def _mentions_language(test: ast.expr) -> bool:
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(test) if isinstance(n, ast.Attribute)
    }
    strings = {n.value for n in ast.walk(test) if isinstance(n, ast.Constant)}
    return bool(names & {"lang", "zh", "language"}) or bool(strings & {"zh", "en"})


def _has_words(node: ast.expr) -> bool:
    return any(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and n.value not in LANGUAGE_CODES
        and re.search(r"[A-Za-z\u4e00-\u9fff]{2}", n.value)
        for n in ast.walk(node)
    )


def findings() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.split("/")[0] in TEXT_HOMES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _skipped(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and not _is_pattern(node.value)
            ):
                found.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
            if (
                isinstance(node, ast.IfExp)
                and _mentions_language(node.test)
                and (_has_words(node.body) or _has_words(node.orelse))
            ):
                found.append(f"{rel}:{node.lineno}: text chosen by language in code")
    return found


def test_user_facing_text_comes_from_the_catalogue_or_the_schema() -> None:
    assert findings() == []


def test_the_scan_finds_what_it_forbids() -> None:
    """Written the way text used to be written, both forms are found."""
    probe = ROOT / "jobs" / "_probe_text.py"
    probe.write_text('def f(lang):\n    return "完成" if lang == "zh" else "done"\n', encoding="utf-8")
    try:
        found = findings()
    finally:
        probe.unlink()
    assert any("_probe_text.py:2: '完成'" in f for f in found)
    assert any("_probe_text.py:2: text chosen by language" in f for f in found)
