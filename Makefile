# The documented commands. Each sets itself up: a virtual environment in .venv with the pinned
# versions of requirements.lock (re-installed when the lock or pyproject.toml changes).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test lint format lock templates bench spark mutation demo clean help
.DEFAULT_GOAL := help

help:
	@echo "make run    - start the dashboard (loads the sample into a new database first)"
	@echo "make test   - run the test suite"
	@echo "make lint   - ruff (lint + format check) and mypy"
	@echo "make format - apply ruff's formatting"
	@echo "make bench  - benchmarks (BENCH_ROWS=10000000), results in BENCHMARKS.md"
	@echo "make spark  - add the optional Apache Spark extra (needs Java 17) for --engine spark"
	@echo "make mutation - mutation testing of the rule modules (mutmut), results in TESTING.md"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

run: $(STAMP)
	$(BIN)/tracker bootstrap
	$(BIN)/tracker serve --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy store loaders engine presentation exports cli dashboard --exclude dashboard/views

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The optional Spark extra, pinned (--engine spark, the spark tests and benchmark; Java 17).
SPARK_STAMP := $(VENV)/.spark-installed
$(SPARK_STAMP): requirements-spark.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.lock
	@touch $@
spark: $(SPARK_STAMP)

# Speed and memory against DuckDB's own load, measured in the same run (BENCHMARKS.md).
BENCH_ROWS ?= 10000000
bench: $(STAMP) $(SPARK_STAMP)
	$(BIN)/python -m benchmarks.bench_spending --rows $(BENCH_ROWS)
	$(BIN)/python -m benchmarks.bench_status --rows $(BENCH_ROWS)
	$(BIN)/python -m benchmarks.forecast_check
	$(BIN)/python -m benchmarks.bench_pages
	$(BIN)/python -m benchmarks.bench_sign_in
	$(BIN)/python -m benchmarks.bench_spark --rows $(BENCH_ROWS)

# Mutation testing of the rule modules (mutmut, pinned): survivors to mutation-survivors.txt,
# the result and the bar to TESTING.md. Not in CI (minutes).
MUTATION_STAMP := $(VENV)/.mutation-installed
$(MUTATION_STAMP): requirements-mutation.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.lock
	@touch $@
mutation: $(MUTATION_STAMP)
	$(BIN)/python -m benchmarks.mutation

demo: $(STAMP)
	$(BIN)/tracker demo --scale county

templates: $(STAMP)
	$(BIN)/tracker templates --out data/templates

# Re-pin every dependency to what is installed in the venv now (the Spark extra and the mutation
# tool have their own locks).
lock: $(STAMP)
	sed -n 's/^\([A-Za-z0-9_.-]*\)==.*/^\1==/p' requirements-spark.lock requirements-mutation.lock > $(VENV)/extra-pins
	( echo "# Pinned versions of every dependency (runtime + dev), tested together. Regenerate: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -viE -f $(VENV)/extra-pins ) > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
