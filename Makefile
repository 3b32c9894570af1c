# intentd — every target installs what it needs itself (a .venv in the repo, tools in .tools/).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO ?= demo

.PHONY: install test lint format watch build bench regen-golden lock tools test-llm clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP)

tools: ## external OpenAPI consumers (Spectral, Redocly, Prism, schemathesis, openapi-generator, tsc)
	bash tools/install-tools.sh

test: install tools
	$(BIN)/python -m pytest -q -n auto -p no:cacheprovider

lint: install
	$(BIN)/ruff format --check daemon tests bench tools
	$(BIN)/ruff check daemon tests bench tools
	$(BIN)/mypy

format: install
	$(BIN)/ruff format daemon tests bench tools
	$(BIN)/ruff check --fix daemon tests bench tools

watch: install
	@# The demo is its own repository (git-ignored here), never a folder of this one.
	@if [ ! -d $(DEMO)/intent ]; then mkdir -p $(DEMO) && git -C $(DEMO) init -q --initial-branch=main && $(BIN)/intentd init $(DEMO); fi
	@echo "intentd: watching $(abspath $(DEMO)) — edit $(DEMO)/intent/app.md and save; Ctrl-C stops"
	$(BIN)/intentd watch $(DEMO)

bench: install tools
	$(BIN)/python bench/run_all.py

regen-golden: install
	$(BIN)/python -m tests.golden

lock: ## refresh constraints.txt from a fresh resolve of pyproject.toml
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
	.venv-lock/bin/python -m pip install -q --disable-pip-version-check '.[dev]'
	.venv-lock/bin/python -m pip freeze --all --exclude-editable --exclude intentd --exclude pip | sort -f > constraints.txt
	rm -rf .venv-lock

test-llm: install ## the model planner against a real local model (not part of make test)
	bash tools/test-llm.sh

clean:
	rm -rf $(VENV) .tools build dist *.egg-info
