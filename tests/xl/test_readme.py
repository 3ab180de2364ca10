"""Every worksheet-function example in addin/README.md computes what the README says."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import pytest

from srm_xl.addin.sources import Layout
from srm_xl.xl import udfs

README = (Layout().root / "addin" / "README.md").read_text(encoding="utf-8")
BLOCK = re.search(r"```udf-examples\n(.*?)```", README, re.DOTALL)
EXAMPLES = [line for line in (BLOCK.group(1) if BLOCK else "").splitlines() if line.strip()]
NAMES = {f.__name__: f for f in udfs.UDFS} | {"datetime": datetime, "date": date}


def flat(value: Any) -> list[Any]:
    return [c for item in value for c in flat(item)] if isinstance(value, list) else [value]


def test_every_function_has_an_example() -> None:
    assert {name for name in NAMES if name.startswith("SRM_")} == {re.match(r"=(\w+)", e).group(1) for e in EXAMPLES}  # type: ignore[union-attr]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.split()[0])
def test_readme_example(example: str) -> None:
    formula, call = re.split(r"\s{2,}", example.split("  →  ")[0].strip(), maxsplit=1)
    assert formula.startswith("=") and call.startswith(formula[1:].split("(")[0])
    got = eval(call, {"__builtins__": {}}, NAMES)  # noqa: S307 - the README's own examples
    expected = eval(example.split("  →  ")[1], {"__builtins__": {}}, NAMES)  # noqa: S307
    assert len(flat(got)) == len(flat(expected))
    for ours, theirs in zip(flat(got), flat(expected), strict=True):
        if isinstance(theirs, float) and not math.isnan(theirs):
            assert ours == pytest.approx(theirs, abs=1e-4)
        else:
            assert ours == theirs
