# Two commands take a fresh clone to a working API: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

export HOST PORT

.PHONY: serve test lint openapi clean

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

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

openapi: $(STAMP)
	$(BIN)/python -m service.api.docs openapi.yaml

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
