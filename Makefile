# Two commands take a fresh clone to a working API: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

export HOST PORT

.PHONY: serve test lint openapi clean bench load scores

# Create the virtual environment and install the project with its test extras.
# The stamp file makes this re-run only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VENV): $(STAMP)

serve: $(STAMP)
	$(BIN)/gunicorn --config gunicorn.conf.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The browser of tests/ops/test_browser.py: Debian's Chromium (Playwright drives it; it never downloads one).
# When it is missing and we are root with apt-get (as CI is), install it once, quietly; if that cannot be
# done, the browser tests are skipped with a message saying why, and `make test` goes on.
# SKIP_BROWSER_INSTALL=1 skips the attempt; CHROMIUM=/path/to/chromium uses another binary.
.PHONY: browser
browser:
	@if [ -n "$$SKIP_BROWSER_INSTALL" ] || [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing Debian's chromium for the browser tests (once; log in $(VENV)/chromium-install.log)"; \
		mkdir -p $(VENV); \
		if ! (export DEBIAN_FRONTEND=noninteractive; timeout 300 apt-get update -qq \
			&& timeout 600 apt-get install -y -qq chromium fonts-dejavu-core) >$(VENV)/chromium-install.log 2>&1; \
		then echo "make: could not install chromium (see $(VENV)/chromium-install.log): browser tests will skip"; fi; \
	else \
		echo "make: no Chromium at $${CHROMIUM:-/usr/bin/chromium} and no root apt-get: browser tests will skip"; \
	fi

openapi: $(STAMP)
	$(BIN)/python -m service.api.docs openapi.yaml

# Benchmark tools (locust; dateparser is a dependency of the service): a separate stamp, so that `make test` never installs them.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# The core that ships is compiled by mypyc (setup.py, NEWS_TIMELINE_COMPILE=1: the Docker image's build
# stage); `make compiled` builds the same in build/compiled (benchmarks/compiled.py, which first checks that
# it answers exactly as the Python core does: CI runs it), and `make bench` and `make load` measure it, by
# putting that directory first on the import path. mypy is the only extra tool (`compiled`), with gcc.
.PHONY: compiled bench-interpreted load-interpreted
COMPILED_STAMP := $(VENV)/.compiled-installed
COMPILED_DIR ?= $(CURDIR)/build/compiled

$(COMPILED_STAMP): $(BENCH_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench,compiled]'
	touch $(COMPILED_STAMP)

compiled: $(COMPILED_STAMP)
	$(BIN)/python benchmarks/compiled.py --out $(COMPILED_DIR)

# Core vs dateparser throughput and the core's length scaling, the compiled core as it ships:
# `make bench BENCH_ARGS=--quick`. `make bench-interpreted` measures the Python source as it is.
bench: compiled
	PYTHONPATH=$(COMPILED_DIR) $(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

bench-interpreted: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# Instructions per character of one pass of the core as Python (to compare two versions of the source),
# counted by valgrind (steady where timings are not): `make bench-instructions INSTR_ARGS=--seed`. valgrind
# is Debian's package, installed as wrk is below.
.PHONY: bench-instructions
bench-instructions: $(STAMP)
	@command -v valgrind >/dev/null 2>&1 || $(call apt_install,valgrind) \
		|| echo "make: no valgrind, which instructions.py needs"
	$(BIN)/python benchmarks/instructions.py $(INSTR_ARGS)

# HTTP load test against a gunicorn serving the compiled core, started on a free loopback port:
# `make load LOAD_ARGS='--duration 30'` (`make load-interpreted`: the Python source). The load comes from
# wrk (Debian's package, installed here when missing and we are root with apt-get); without it, from locust
# (LOAD_ARGS='--driver locust' asks for locust anyway).
load: compiled wrk
	$(BIN)/python benchmarks/load.py --pythonpath $(COMPILED_DIR) $(LOAD_ARGS)

load-interpreted: $(BENCH_STAMP) wrk
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

# $(call apt_install,PACKAGE): install Debian's PACKAGE quietly (log in .venv/PACKAGE-install.log) if we
# are root with apt-get; fails otherwise.
apt_install = { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	&& echo "make: installing Debian's $(1) (log in $(VENV)/$(1)-install.log)" && mkdir -p $(VENV) \
	&& (export DEBIAN_FRONTEND=noninteractive; timeout 300 apt-get update -qq \
		&& timeout 300 apt-get install -y -qq $(1)) >$(VENV)/$(1)-install.log 2>&1; }

.PHONY: wrk
wrk:
	@command -v wrk >/dev/null 2>&1 || $(call apt_install,wrk) \
		|| echo "make: no wrk (not installed, or no root apt-get): the load test uses locust"

# Apache Spark for backfills (service/spark.py, `timeline spark`): the `spark` extra (pyspark, pyarrow,
# pandas) in its own stamp, and Java from Debian's default-jre-headless, installed when missing and we are
# root with apt-get (as CI is), as the browser target does for Chromium. `make spark-test` runs the Spark
# tests alone, in local mode, and fails if they cannot run (SPARK_REQUIRED); `make test` runs them too
# when the extra and Java are there, and skips them with the reason otherwise.
.PHONY: java spark-test spark-bench
SPARK_STAMP := $(VENV)/.spark-installed

$(SPARK_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	touch $(SPARK_STAMP)

java:
	@command -v java >/dev/null 2>&1 || [ -x "$${JAVA_HOME:-/nonexistent}/bin/java" ] \
		|| $(call apt_install,default-jre-headless) \
		|| echo "make: no Java (not installed, or no root apt-get): the Spark tests cannot run"

spark-test: $(SPARK_STAMP) java
	SPARK_REQUIRED=1 $(BIN)/python -m pytest -m spark tests/ops/test_spark.py $(SPARK_TEST_ARGS)

# Articles per second of Spark on local[1] and local[2] against `timeline batch` on the same ~50 MB of
# development-corpus articles (benchmarks/spark_bench.py; figures in docs/scale-out.md): never in the tests.
spark-bench: $(SPARK_STAMP) java
	$(BIN)/python benchmarks/spark_bench.py $(SPARK_BENCH_ARGS)

# Robustness campaigns, larger than the bounded versions in `make test` (benchmarks/; README, "Robustness").
.PHONY: fuzz backtracking schemathesis
FUZZ_STAMP := $(VENV)/.fuzz-installed
FUZZ_RUNS ?= 20000
SCHEMATHESIS_EXAMPLES ?= 300

$(FUZZ_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	touch $(FUZZ_STAMP)

# Coverage-guided fuzzing of service.core.extract with atheris, bounded: `make fuzz FUZZ_RUNS=100000`.
fuzz: $(FUZZ_STAMP)
	$(BIN)/python benchmarks/fuzz.py -runs=$(FUZZ_RUNS) $(FUZZ_ARGS)

# Every grammar rule over adversarial 200,000-character inputs, failing above 1 s (no pattern may
# backtrack catastrophically); whole extract() runs on the same inputs, which hold up to 66,000
# expressions each, get their own budget of 10 s (they grow linearly; the HTTP time limit caps requests).
BACKTRACKING_ARGS ?= --extract-limit 10
backtracking: $(STAMP)
	$(BIN)/python benchmarks/backtracking.py $(BACKTRACKING_ARGS)

# schemathesis, every check, against a gunicorn it starts: `make schemathesis SCHEMATHESIS_EXAMPLES=1000`.
schemathesis: $(STAMP)
	$(BIN)/python benchmarks/api_fuzz.py --max-examples $(SCHEMATHESIS_EXAMPLES) $(SCHEMATHESIS_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +

# Accuracy on the development corpus (../shared/data/dev) and the seed article's timeline.
scores: $(STAMP)
	$(BIN)/python benchmarks/dev_scores.py --events
	$(BIN)/python benchmarks/seed_events.py
