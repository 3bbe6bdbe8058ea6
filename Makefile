# arqam — two commands on a fresh clone: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: run test dev bench facts clean install

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

## The whole test suite (unit, asset, check and end-to-end tests).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

## The Dagster UI on the same code location and instance as `arqam run`.
dev: $(STAMP)
	$(BIN)/arqam home
	$(BIN)/dagster dev -w workspace.yaml

## Print the facts table.
facts: $(STAMP)
	$(BIN)/arqam facts

## Parser speed on ~5 MB of synthetic Arabic news, as a ratio to a bare \d+ scan
## (report in bench/results/parser.json; e.g. ARGS="--mb 1 --profile").
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) .dagster_home warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.duckdb.lock warehouse/.*.tmp warehouse/*_quality .pytest_cache
