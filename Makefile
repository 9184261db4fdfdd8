# Two commands: `make run` and `make test`. Each creates .venv when missing and
# installs the pinned versions from constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run lint test bench stress snapshot-update clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/campmeeting $(ARGS)

# The static checks: lint, format, import contracts, types.
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
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
	TZ=Europe/Berlin $(BIN)/python benchmarks/bench_live_meeting.py --weeks 150
	TZ=Europe/Berlin $(BIN)/python benchmarks/bench_insights.py --teams 100 --years 10

# kill -9 of the real TUI at 60 random moments, 4 writers + 3 readers for 30 s during a
# live meeting, hostile strings through capture, add and every export, and the property
# tests with many examples; prints one summary line. About 5 minutes, bounded (timeout).
stress: $(STAMP)
	TZ=Europe/Berlin $$(command -v timeout >/dev/null && echo timeout 1500) \
		$(BIN)/python -m tests.stress $(ARGS)
