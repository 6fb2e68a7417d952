# Targum: `make run` serves, `make test` tests. Both create the virtualenv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint bench desk-screenshots clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Install the en/he/ru packages on first run (where the index is reachable), then serve.
run: $(BIN)/.installed
	$(BIN)/flask --app app models install --if-none-installed en he ru
	PATH="$(BIN):$$PATH" MALLOC_ARENA_MAX=$${MALLOC_ARENA_MAX:-2} exec $(BIN)/gunicorn -c gunicorn.conf.py app:app

## Types (mypy) and the chosen ruff rules, then every test tier: unit and web on every core, then end-to-end.
test: lint
	$(BIN)/python -m pytest -m "not e2e" -n auto
	$(BIN)/python -m pytest -m e2e

## The edit loop: unit and web tests, no subprocess, no server (under a minute).
test-fast: $(BIN)/.dev-installed
	$(BIN)/python -m pytest -m "not e2e" -n auto -q

## mypy and ruff, as `make test` runs them (settings in pyproject.toml).
lint: $(BIN)/.dev-installed
	$(BIN)/mypy
	$(BIN)/ruff check .

## The benchmark (about 13 minutes; recorded in bench/out/last-run.md, reported in README and bench/RESULTS.md).
bench: $(BIN)/.dev-installed
	PYTHONPATH=. $(BIN)/python -m bench.run --layouts

## The desk's screenshots in docs/ (headless Chromium, the fixture packages; about 15 seconds).
desk-screenshots: $(BIN)/.dev-installed
	PYTHONPATH=. $(BIN)/python -m tests.support.desk_site

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
