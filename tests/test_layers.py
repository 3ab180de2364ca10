"""The package graph: engines compute frames and import neither ``io`` nor ``sheets``, and no two packages import
each other, even through others."""

from __future__ import annotations

import ast
from pathlib import Path

import srm_xl

ROOT = Path(srm_xl.__file__).parent
ENGINES = (
    "sampling",
    "scoring",
    "risk",
    "capa",
    "customers",
    "contracts",
    "qualification",
    "sharing",
    "dashboard",
    "claims",
)
LAYOUT = ("io", "sheets", "jobs", "cli", "xl", "addin", "templates", "demo")


def _package(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return parts[0]


def _imported(path: Path) -> set[str]:
    """``srm_xl`` modules ``path`` imports, anywhere in the file (type-checking blocks and functions included)."""
    package = ".".join(("srm_xl", *path.relative_to(ROOT).with_suffix("").parts))
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: -node.level]
                base = ".".join([*anchor, base] if base else anchor)
            names |= {f"{base}.{alias.name}" for alias in node.names} if base == "srm_xl" else {base}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return {n for n in names if n.startswith("srm_xl.")}


def graph() -> dict[str, dict[str, set[str]]]:
    """Package → imported package → the files that import it."""
    edges: dict[str, dict[str, set[str]]] = {}
    for path in ROOT.rglob("*.py"):
        source = _package(path)
        for name in _imported(path):
            target = name.split(".")[1]
            if target != source:
                edges.setdefault(source, {}).setdefault(target, set()).add(str(path.relative_to(ROOT)))
    return edges


def test_engines_import_neither_io_nor_sheets():
    edges = graph()
    found = sorted(
        f"{engine} -> {target}: {', '.join(sorted(files))}"
        for engine in ENGINES
        for target, files in edges.get(engine, {}).items()
        if target in LAYOUT
    )
    assert found == []


def test_no_package_cycle():
    edges = graph()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), {}):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    cycles = sorted(
        f"{a} -> {b} ({', '.join(sorted(files))}) and back"
        for a, targets in edges.items()
        for b, files in targets.items()
        if reaches(b, a)
    )
    assert cycles == []


def test_the_graph_sees_known_arrows():
    """The scan itself works: jobs use engines and io, sheets use io."""
    edges = graph()
    assert {"io", "sheets", "scoring"} <= set(edges["jobs"])
    assert "io" in edges["sheets"]
