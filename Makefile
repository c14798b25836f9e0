# citebot: `make run` sets everything up and answers questions over seeds/; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.citebot-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup run test test-slow lint bench bench-server eval load-test clean crash-trials fuzz

setup: $(STAMP)

# torch first, pinned to the local CPU build: an unpinned torch would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

run: setup
	$(BIN)/citebot ingest seeds/
	$(BIN)/citebot repl

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

eval: setup
	$(BIN)/citebot eval tests/data/eval/quotes.jsonl tests/data/eval/questions.jsonl --people tests/data/people

bench: setup
	$(BIN)/citebot bench

# The embedded and the PostgreSQL store side by side (a throwaway local server; or pass
# --database-url to use yours): SIZES=10k,100k
SIZES ?= 10k,100k
bench-server: setup
	$(BIN)/citebot bench --private-server --sizes $(SIZES)

clean:
	rm -rf $(VENV) .pytest_cache

load-test: setup
	$(BIN)/python tests/load_telegram.py --chats 50

# SIGKILL `citebot ingest` at random points, rerun, compare with a clean build (TRIALS=30 or more).
TRIALS ?= 30
crash-trials: setup
	$(BIN)/python tests/crash_trials.py --trials $(TRIALS)

# The property tests with a large example budget (CI runs 100 each).
FUZZ_EXAMPLES ?= 2000
fuzz: setup
	CITEBOT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/test_properties.py
