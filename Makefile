# The two commands of the contract: `make run` and `make test`. Both work on a fresh clone:
# they install system packages (as root, via apt-get), a pinned uv, and the locked environment.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
# Debian packages: a CJK font for generated PDF fixtures, poppler for looking at PDFs,
# chromium for the headless look at the Dagster UI.
APT_PACKAGES := fonts-wqy-zenhei poppler-utils chromium
export DAGSTER_HOME := $(CURDIR)/.dagster
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run test test-fast lint format dev dashboard bench sysdeps install clean

run: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/ogi run --raw-dir data/raw --warehouse data/warehouse.duckdb

test: sysdeps $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/pytest -q

# The inner loop: unit tests only (no whole runs, worker pools, browsers or OCR), in seconds.
test-fast: $(VENV)/.installed
	$(VENV)/bin/pytest -q -m "not slow and not browser and not ocr"

# Style, types and the stages' import contract (pyproject.toml); CI runs it before the tests.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

dev: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/dg dev --host 127.0.0.1 --port 3000

# Reads the published warehouse (OGI_WAREHOUSE, default data/warehouse.duckdb) read-only.
dashboard: $(VENV)/.installed
	$(VENV)/bin/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port 8501

bench: $(VENV)/.installed
	$(VENV)/bin/python -m bench.run
	$(VENV)/bin/python -m bench.ocr_accuracy
	$(VENV)/bin/python -m bench.conversions

# Installs only what is missing, and only where apt-get can (root or passwordless sudo).
sysdeps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  echo "installing system packages: $$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode
	touch $@

$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@

install: sysdeps $(VENV)/.installed

clean:
	rm -rf $(VENV) $(TOOLS) .dagster data/warehouse.duckdb
