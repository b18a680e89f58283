# make demo  — create .venv, install Rasad, ingest the bundled sample, search it, show it
# make test  — create .venv if needed, install dev dependencies, run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test browser bench-env clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev,web]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/rasad demo

# the tests also run the Ray engine (tests/test_process_ray.py): the ray extra, for tests only (make demo stays light)
$(VENV)/.installed-ray: $(VENV)/.installed
	$(BIN)/pip install -q -e ".[dev,web,ray]"
	touch $@

test: $(VENV)/.installed $(VENV)/.installed-ray browser
	$(BIN)/python -m pytest

# headless Chromium for tests/test_browser.py: Debian's package, driven by Playwright (never `playwright install`);
# installed only when missing and only as root, else the reason is printed (the tests skip, or fail under CI=true)
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  || echo "make browser: apt-get install chromium failed; tests/test_browser.py will skip (fail under CI=true)"; \
	else echo "make browser: no $(CHROMIUM) and not root (or no apt-get): install Debian's chromium to run tests/test_browser.py"; fi

# peers for the benches (hazm needs Python >= 3.12): make bench-env, then see bench/*.py
PYTHON_BENCH ?= $(shell command -v python3.12 || echo /root/.pyenv/versions/3.12.1/bin/python)
bench-env:
	$(PYTHON_BENCH) -m venv .venv-bench
	.venv-bench/bin/pip install -q -e . hazm rishe

clean:
	rm -rf $(VENV) rasad-demo.db* .pytest_cache
