"""Tests marked ``excel`` drive a live Microsoft Excel: they run only when asked for with ``pytest -m excel``."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "excel" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="needs a live Microsoft Excel: run with pytest -m excel on Windows or macOS")
    for item in items:
        if "excel" in item.keywords:
            item.add_marker(skip)
