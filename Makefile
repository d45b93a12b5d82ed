# cchc-extract: `make extract` sets everything up and runs the pipeline; `make test` runs the tests.
PY      := .venv/bin/python
CCHC    := .venv/bin/cchc
STAMP   := .venv/.installed
OUT     ?= outputs
CORPUS  ?= corpus

.DEFAULT_GOAL := help
.PHONY: help install extract test eval bench lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml setup.py extract/readers/_wordxml.c scripts/install-system.sh
	bash scripts/install-system.sh
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install what is missing (system packages included)

extract: $(STAMP) ## run the pipeline over corpus/ into outputs/
	$(CCHC) extract $(CORPUS) -o $(OUT)

test: $(STAMP) ## run the test suite
	$(PY) -m pytest -q

eval: $(STAMP) ## score outputs/ against every gold file in corpus/gold/
	$(CCHC) eval -o $(OUT)

bench: $(STAMP) ## measure speed on a generated batch of corpus copies
	$(PY) -m extract.bench

lint: $(STAMP) ## ruff over the package and the tests
	.venv/bin/ruff check extract tests

clean: ## remove outputs and caches
	rm -rf $(OUT) .pytest_cache
