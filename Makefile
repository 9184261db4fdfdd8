# Two commands: `make run` and `make test`. Each creates .venv when missing and
# installs the pinned versions from constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench snapshot-update clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/campmeeting $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	TZ=Europe/Berlin $(BIN)/pytest -q -n 2

# Rewrites the screen snapshots and golden files: look at each change before committing.
snapshot-update: $(STAMP)
	TZ=Europe/Berlin $(BIN)/pytest -q --snapshot-update tests/test_snapshots.py tests/test_minutes.py

clean:
	rm -rf $(VENV) .pytest_cache snapshot_report.html

# The archive at 100 teams x 10 years against its budgets (issue 13): one table. The
# histories are built once and cached in ~/.cache/campmeeting-bench (about 1 GB). Not a
# test: nothing fails on a time. BENCH_ARGS="--only search,review --runs 3" and --help.
bench: $(STAMP)
	TZ=Europe/Berlin $(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
