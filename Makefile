# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

# The suite (without the browser tests) runs in parallel with pytest-xdist, one worker per core;
# `make test PYTEST_WORKERS=0` runs it in a single process. Each worker builds its own test
# database from the migrations. `make test-fast` keeps those databases between runs
# (--reuse-db; `make test-fast PYTEST_ARGS=--create-db` rebuilds them after a migration was
# edited in place); `make test` and CI always build them fresh.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
PYTEST_SUITE = $(BIN)/python -m pytest -m "not browser" -n $(PYTEST_WORKERS)

.PHONY: run test test-fast test-postgres test-browser lint format messages catalogues migrate seed backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the dependency list changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

var:
	mkdir -p var/static var/media

catalogues: $(VENV)/.installed-run
	$(BIN)/python manage.py compile_catalogues

migrate: $(VENV)/.installed-run var catalogues
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

# Links in mails, PDFs and calendar files, and the demo's Wagtail site, point at the address
# served here (PORTAL_BASE_URL in the environment wins, e.g. behind a proxy).
run: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests run in a second pytest process, without pytest-xdist: they need the data of the
# migrations restored between tests (serialized rollback), which Django only prepares reliably
# in a run of its own.
test: $(VENV)/.installed-test var catalogues
	$(PYTEST_SUITE) --create-db $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m browser tests/browser

test-fast: $(VENV)/.installed-test var catalogues
	$(PYTEST_SUITE) --reuse-db $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test var catalogues
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/qualifizierung} \
		$(PYTEST_SUITE) --create-db $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-test var catalogues
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m browser

# The README's screenshots (docs/screenshots/), taken by the role journeys of the browser tests.
.PHONY: screenshots
screenshots: $(VENV)/.installed-test var catalogues
	SCREENSHOTS=1 REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m browser tests/browser/test_journeys.py

# Lighthouse (mobile emulation) against a local production-mode server (scripts/lighthouse.sh:
# DEBUG off, WhiteNoise's compressed static files, gunicorn; the demo data of `make seed`):
# prints the four scores per page, reports in var/lighthouse/ (needs Node.js/npm, Chromium).
# `make lighthouse LIGHTHOUSE_URL=http://127.0.0.1:8000` measures a running server instead.
LIGHTHOUSE_VERSION ?= 12.8.2
LIGHTHOUSE_URL ?=
LIGHTHOUSE_PAGES ?= / /fortbildungen/ /fortbildungen/kollegiale-fallberatung-radikalisierung/ \
	/werkstattgespraeche/ /en/ /en/trainings/ /en/trainings/case-consultation-radicalised-clients/ \
	/en/workshop-talks/
.PHONY: lighthouse
lighthouse: var
	LIGHTHOUSE_VERSION=$(LIGHTHOUSE_VERSION) LIGHTHOUSE_URL=$(LIGHTHOUSE_URL) \
		sh scripts/lighthouse.sh $(LIGHTHOUSE_PAGES)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Backups (see "Backups" in the README): `make backup [BACKUP_DIR=...]` writes one archive;
# `make restore BACKUP=var/backups/backup-....tar.gz [FORCE=1]` restores and verifies it.
backup: $(VENV)/.installed-run
	$(BIN)/python manage.py backup $(if $(BACKUP_DIR),--output-dir "$(BACKUP_DIR)")

restore: $(VENV)/.installed-run
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=path/to/backup-....tar.gz [FORCE=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(FORCE),--force) $(RESTORE_ARGS)

# Needs GNU gettext (developers only); the compiled catalogues are built by `catalogues`.
messages: $(VENV)/.installed-run
	$(BIN)/python manage.py makemessages --locale de --locale en --no-obsolete -e html,txt,py \
		--ignore ".venv/*" --ignore "tests/*" --ignore "var/*"
	$(BIN)/python manage.py compile_catalogues

# Throughput, latency, CPU and queries per page against gunicorn in production mode (bench/run.py,
# README "Performance"): demo data, then grown data; wrk (installed through apt if missing). Never
# part of `make test`. `make bench BENCH_DURATION=8 BENCH_ROUNDS=3`; with DATABASE_URL pointing at
# PostgreSQL it uses a database <name>_bench of its own and adds 100,000 findings.
.PHONY: bench
bench: $(VENV)/.installed-run var catalogues
	$(BIN)/python -m bench.run

# The MDN HTTP Observatory's grade of the security headers, against a local production-mode
# server on ports 80/443 with a self-signed certificate (needs root, Node.js/npm, openssl).
.PHONY: observatory
observatory: $(VENV)/.installed-run var catalogues
	sh scripts/observatory.sh

# KERN UX (npm @kern-ux/native): CSS, licence and VERSION into static/vendor/kern-ux/
# (needs npm). `make vendor-kern KERN_VERSION=2.8.0` moves to another version.
KERN_VERSION ?= $(shell cat static/vendor/kern-ux/VERSION 2>/dev/null || echo latest)
.PHONY: vendor-kern
vendor-kern:
	sh scripts/vendor_kern.sh $(KERN_VERSION)

# Fira Sans (npm @fontsource/fira-sans): Latin and Latin Extended woff2 of the cuts the site uses,
# licence and VERSION into static/vendor/fontsource-fira-sans/, their @font-face rules into
# static/css/site.css (section "Fonts"); needs npm.
FONTS_VERSION ?= $(shell cat static/vendor/fontsource-fira-sans/VERSION 2>/dev/null || echo latest)
.PHONY: vendor-fonts
vendor-fonts:
	sh scripts/vendor_fonts.sh $(FONTS_VERSION)

clean:
	rm -rf $(VENV) var
