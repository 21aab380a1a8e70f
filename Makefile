# The README's two commands are `make run` and `make test`; everything else supports them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test lint check-deploy ci messages browser node bench clean

help:
	@echo "make run    install, migrate, load the demo school and serve http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (browser tests included)"
	@echo "make lint   ruff, the layers contract, missing migrations and the production deploy check"
	@echo "make ci     what .ci/run does after starting services: test + lint"

# The venv is rebuilt when pyproject.toml changes; scripts/python.sh picks Python >= 3.12.
$(VENV)/.installed: pyproject.toml
	@PY_BIN=$$(scripts/python.sh) && $$PY_BIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@# Reminders without Redis: the same function Celery beat calls, in a loop beside the server.
	@# Links in emails point to the address this serves, unless PLC_BASE_URL says otherwise.
	export PLC_BASE_URL=$${PLC_BASE_URL:-http://$(HOST):$(PORT)}; \
	$(PY) manage.py run_reminders --every 300 & trap "kill $$!" EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

browser:
	@scripts/ensure-chromium.sh

# The sign-in tests' OpenID Connect provider (Node.js, tests/oidc_provider).
node:
	@scripts/ensure-node.sh

test: $(VENV)/.installed browser node
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	scripts/check-deploy.sh

ci: test lint

# Needs DATABASE_URL pointing at PostgreSQL; see BENCHMARKS.md.
bench: $(VENV)/.installed
	$(PY) bench/run.py

messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale nl --locale en --ignore ".venv/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3* .pytest_cache tests/oidc_provider/node_modules
