# Souk — the two commands: `make run` (demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PY      = $(BIN)/python
STAMP   = $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test install lint migrate seed clean bench lighthouse messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev,demo]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Browser checks (axe-core, Lighthouse) come from npm when the machine has it; without npm, or
# when the registry cannot be reached, the tests that need them skip with that reason and
# `make run` goes on: the demo needs none of them.
NPM_STAMP = node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)

$(NPM_STAMP): package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: axe-core and Lighthouse checks will be skipped"; \
	elif npm install --no-audit --no-fund --loglevel=error; then \
		rm -f node_modules/.installed-* && touch $(NPM_STAMP); \
	else echo "npm install failed: axe-core and Lighthouse checks will be skipped"; fi

install: $(STAMP) $(NPM_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --quiet

run: seed
	$(PY) manage.py rundemo

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(PY) bench/import_cycles.py

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks: PostgreSQL souk_bench + Redis db 8, gunicorn + Celery on 127.0.0.1, wrk (apt-get install wrk).
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Lighthouse (mobile) on the Arabic home, a category and a product page, and the category page's
# bytes on the wire, served with the production settings (PostgreSQL souk_lighthouse, Redis db 8).
lighthouse: install
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_ARGS)

# Translations: refresh every catalogue (file names only, so line moves cause no churn), compile.
messages: install
	$(PY) manage.py makemessages -l ar -l fr -l es --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=run --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf run media db.sqlite3* staticfiles
