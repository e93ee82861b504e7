# Hromada — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run serve test lint typecheck translations messages clean-db help bench

help:
	@echo "make run    — install, migrate the SQLite database, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   — install if needed and run the whole test suite"
	@echo "make lint   — ruff, mypy and the migrations check"

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Hromada needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install the Debian package 'gettext' (see README)"; exit 1; }
	@command -v npm >/dev/null || { echo "npm not found: install the Debian packages 'nodejs npm' (see README)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(STAMP)
	@$(MAKE) --no-print-directory translations

install: $(STAMP)

# Compiled catalogues are built here, never committed.
translations:
	cd $(CURDIR) && HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v 0

run: install
	HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py migrate --noinput -v 0
	HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py seed_demo
	@echo "Serving Hromada (demo mode) at http://127.0.0.1:$(PORT)/"
	HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	HROMADA_ENV=development DEMO_MODE=1 $(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports
	HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py makemigrations --check --dry-run

# Our counting engine against the reference implementation (by hand; ~20 minutes).
bench: install
	$(PY) bench/tally.py

# Regenerate the translation catalogues after changing interface strings.
messages: install
	HROMADA_ENV=development DEMO_MODE=1 $(PY) manage.py makemessages -l uk -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests

clean-db:
	rm -f var/hromada.sqlite3 var/hromada.sqlite3-wal var/hromada.sqlite3-shm
