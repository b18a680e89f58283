# make demo  — create .venv, install Rasad, ingest the bundled sample, search it, show it
# make test  — create .venv if needed, install dev dependencies, run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench-env clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev,web]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/rasad demo

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# peers for the benches (hazm needs Python >= 3.12): make bench-env, then see bench/*.py
PYTHON_BENCH ?= $(shell command -v python3.12 || echo /root/.pyenv/versions/3.12.1/bin/python)
bench-env:
	$(PYTHON_BENCH) -m venv .venv-bench
	.venv-bench/bin/pip install -q -e . hazm rishe

clean:
	rm -rf $(VENV) rasad-demo.db* .pytest_cache
