# Skills Matrix — the commands the README promises.
#   make run     set everything up, serve on http://127.0.0.1:$(PORT)/ and run a worker
#   make test    the whole suite (browser tests included, then the scale-out suite)
#   make test-suite   the main suite alone (no scale-out suite)
#   make test-clock   the suite again with the clock moved 400 days ahead
#   make check   ruff, ruff format --check, mypy, makemigrations --check
#   make check-content   the shipped matrix is current (check_matrix fixtures/)
#   make bench   the benchmarks (not part of make test)
#   make prod-check   Django's deployment checks with production settings
#   make audit   known vulnerabilities in the locked dependencies
#   make system-packages   the Debian packages the PDF renderer and its tests need

PYTHON ?= python3.12
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1
DEV_ENV := DEBUG=$${DEBUG:-true} ALLOW_SIGNUP=$${ALLOW_SIGNUP:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: run setup install system-packages messages test test-suite test-clock check check-content prod-check audit fmt bench lock screenshot clean

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

# The PDFs (career track, promotion packet) are rendered by WeasyPrint, which
# needs Debian's Pango and the fonts of the three languages (DejaVu for
# English and German, Noto CJK for Chinese); the tests read them with
# poppler-utils. Installed when missing if we are root (CI, containers),
# otherwise the apt-get command to run is printed and the target fails.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-cjk poppler-utils

system-packages:
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "not Debian: install Pango, DejaVu and Noto CJK fonts, and poppler's pdftotext yourself (see README, Production)"; \
	  exit 0; \
	fi; \
	missing=$$(for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "The PDFs need Debian packages: sudo apt-get install" $$missing >&2; exit 1; \
	  fi; \
	fi

# The compiled message catalogues (.mo) are built, not committed.
messages: install
	$(PY) bin/compilemessages.py

# Quiet set-up steps (warnings and errors still show): the demo users' sign-ins
# are what a newcomer needs, so `run` prints them last, just above "Serving on".
SETUP_ENV := $(DEV_ENV) LOG_LEVEL=$${LOG_LEVEL:-WARNING}

setup: install messages system-packages
	$(SETUP_ENV) $(PY) manage.py migrate --no-input --verbosity 0
	$(SETUP_ENV) $(PY) manage.py import_matrix fixtures/
	$(SETUP_ENV) $(PY) manage.py create_demo_users > /dev/null
	$(SETUP_ENV) $(PY) manage.py create_demo_community > /dev/null
	$(SETUP_ENV) $(PY) manage.py create_demo_cycle > /dev/null
	$(SETUP_ENV) $(PY) manage.py create_demo_plan > /dev/null
	$(SETUP_ENV) $(PY) manage.py create_demo_inventory > /dev/null

run: setup
	@echo
	@$(DEV_ENV) $(PY) manage.py create_demo_users --list
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker  (Ctrl-C stops both)"
	@$(DEV_ENV) $(PY) bin/supervise.py $(HOST):$(PORT)

# The main suite, and beside it (in its own process, its output shown when
# both end) the scale-out suite: two gunicorn servers on one PostgreSQL and
# one Redis that it starts itself (initdb and redis-server in a temporary
# directory, free ports), restarts, and removes; it never touches the
# PostgreSQL or Redis the machine already runs, so the two share nothing and
# each gets a core. Fails if either fails.
test: install messages system-packages
	@scaleout_log=$$(mktemp); \
	$(PY) -m pytest --scaleout tests/scaleout >"$$scaleout_log" 2>&1 & scaleout_pid=$$!; \
	$(PY) -m pytest $(PYTEST_ARGS); suite=$$?; \
	wait $$scaleout_pid; scaleout=$$?; \
	echo; echo "=== the scale-out suite (ran beside the main suite) ==="; cat "$$scaleout_log"; rm -f "$$scaleout_log"; \
	test $$suite -eq 0 && test $$scaleout -eq 0

# The main suite alone (CI's PostgreSQL step: the scale-out suite brings its
# own services, so once per CI run is enough).
test-suite: install messages system-packages
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite once more with the process clock moved ahead (Debian's faketime):
# a test that depends on today's date fails the day it is written, not months
# later. Browser tests aside (Chromium keeps the real clock). REAL_TODAY lets
# tests/conftest.py check that the clock really moved.
CLOCK_AHEAD ?= +400d
test-clock: install messages system-packages
	REAL_TODAY=$$(date -u +%F) faketime -f "$(CLOCK_AHEAD)" $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The shipped matrix is current: no watched API named without its successor, no
# cell unreviewed for more than MATRIX_REVIEW_MONTHS (12), no moved links. It
# fails a year after the last review on purpose: review the content, then bump
# the dates (docs/fixtures.md, "Staleness").
check-content: install
	$(DEV_ENV) $(PY) manage.py check_matrix fixtures/

check: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV_ENV) $(PY) -m mypy .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# The settings docker/compose.yaml runs with; a throwaway secret key.
prod-check: install
	DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=skills.example.com SECURE_SSL_REDIRECT=true BEHIND_HTTPS_PROXY=true \
	$(PY) manage.py check --deploy --fail-level WARNING

audit: install
	$(PY) bin/audit.py requirements.lock

fmt: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install messages system-packages
	$(PY) bench/run.py
	$(PY) bench/pdfs.py

# Re-resolve the pinned lock files from pyproject.toml in clean virtualenvs.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	$(PYTHON) bin/requirements.py runtime > .lock-venv/runtime.in
	.lock-venv/bin/pip install --quiet -r .lock-venv/runtime.in
	.lock-venv/bin/pip freeze --all --exclude pip --exclude setuptools > requirements.lock
	$(PYTHON) bin/requirements.py dev > .lock-venv/dev.in
	.lock-venv/bin/pip install --quiet -r .lock-venv/dev.in
	.lock-venv/bin/pip freeze --all --exclude pip --exclude setuptools > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
