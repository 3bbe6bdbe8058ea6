# arqam — two commands on a fresh clone: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: run test test-fast lint typecheck dev bench facts imports clean install

install: $(STAMP)

# The venv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Materialize every asset over the shipped corpus and print a summary.
run: $(STAMP)
	$(BIN)/arqam run $(ARGS)

## The whole test suite (unit, asset, check and end-to-end tests), on two processes. Each takes whole
## modules, in the order tests/conftest.py gives them (whole runs first): a module's fixtures (a run
## over a corpus) are then built once, not once on each process.
XDIST := -n 2 --dist loadscope --no-loadscope-reorder
test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -q $(PYTEST_ARGS)

## The core's unit tests (tests/extraction/ without whole-job and slow tests): about a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -q -m "not job and not slow" tests/extraction $(PYTEST_ARGS)

## ruff on the whole project (rules and exceptions in pyproject.toml).
lint: $(STAMP)
	$(BIN)/python -m ruff check .

## mypy on the core (arqam.extraction; settings in pyproject.toml). mypy cannot follow the
## package-dir mapping, so the core is linked under .venv/typecheck as the package it is installed as.
typecheck: $(STAMP)
	mkdir -p $(VENV)/typecheck/arqam
	touch $(VENV)/typecheck/arqam/__init__.py
	ln -sfn $(CURDIR)/extraction $(VENV)/typecheck/arqam/extraction
	$(BIN)/python -m mypy

## The Dagster UI on the same code location and instance as `arqam run`: `make dev PORT=3001` (default 3000).
PORT ?= 3000
dev: $(STAMP)
	$(BIN)/arqam home
	@echo "arqam: the Dagster UI is at http://127.0.0.1:$(PORT) once it has started (Ctrl-C stops it)"
	$(BIN)/dagster dev -w workspace.yaml -p $(PORT)

## Print the facts table.
facts: $(STAMP)
	$(BIN)/arqam facts

## The scale benchmark: two seeded synthetic corpora (dense: a figure in nearly every sentence;
## news: as dense as real news) through the whole pipeline, a full run and a +1% incremental run,
## against a bare read + \d+ baseline (reports in bench/results/scale-N.json, scale-news-N.json).
## Sizes: ARGS="--articles 10000" (default 1000, about 5 minutes); one corpus: ARGS="--corpus news";
## settings reach the runs: ARQAM_BATCH_ARTICLES=1000 make bench; the parser alone: ARGS="parser --mb 1".
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

## The import graph of arqam's packages; fails on a cycle or an import against the layers (tests/architecture.py).
imports: $(STAMP)
	$(BIN)/python -m tests.architecture

clean:
	rm -rf $(VENV) .mypy_cache .dagster_home warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.duckdb.lock warehouse/.*.tmp warehouse/*.duckdb.tmp warehouse/*_quality .pytest_cache
