# Lan Tỏa — everything a fresh machine needs, from two commands: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LANTOA := $(BIN)/lantoa
PYTEST_WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install system-deps neo4j neo4j-stop db-init models demo demo-stop test test-unit test-integration lint bench clean

help:
	@echo "make demo   — install, start Neo4j, load the sandbox world, analyse, serve the API"
	@echo "make test   — install and run every test (unit, then integration against the real Neo4j)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the project needs: Java 17 and Maven (the Neo4j server), Chromium and its driver (page tests),
# Redis (the distributed-crawl test).
system-deps:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

neo4j: install system-deps
	$(LANTOA) neo4j start

neo4j-stop:
	-$(LANTOA) neo4j stop

db-init: neo4j
	$(LANTOA) db init

# the sentiment model ships in nlp/models; it is retrained from ../shared/eval-data only when missing
models: install
	@test -f nlp/models/sentiment.joblib || $(BIN)/python -m nlp.train

demo: install system-deps models
	$(BIN)/python -m api.demo

demo-stop:
	$(BIN)/python -m api.demo --stop

test: install system-deps models
	bash tests/run_all.sh

test-unit: install
	$(BIN)/pytest -q tests/unit -n $(PYTEST_WORKERS)

test-integration: install system-deps
	$(BIN)/pytest -q tests/integration

lint: install
	$(BIN)/ruff check common graph etl nlp casework operations api viz tests bench

bench: install
	bash bench/run_all.sh

clean:
	rm -rf $(VENV) var build *.egg-info
