# Two commands on a fresh machine: `make demo` and `make test`. Everything else is installed by these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast lint bench templates libreoffice docs clean golden

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

libreoffice:
	bash tools/install-libreoffice.sh

demo: setup
	$(BIN)/srm-xl demo --out demo_output

lint: setup
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

test: setup libreoffice lint
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider

test-fast: setup
	$(BIN)/python -m pytest -q -n 2 -m "not libreoffice"

bench: setup
	$(BIN)/python benchmarks/run_all.py

templates: setup
	$(BIN)/srm-xl templates build --out workbook_templates

clean:
	rm -rf $(VENV) demo_output .pytest_cache

golden: setup
	SRM_XL_GOLDEN=update $(BIN)/python -m pytest -q -p no:cacheprovider tests/sheets/test_golden.py
	git diff --stat -- tests/golden

docs: setup
	$(BIN)/python -m srm_xl.messages > docs/error-codes.md
