# Souk — the two commands: `make run` (demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PY      = $(BIN)/python
STAMP   = $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test install lint migrate seed clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev,demo]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

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

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks: PostgreSQL souk_bench + Redis db 8, gunicorn + Celery on 127.0.0.1, wrk (apt-get install wrk).
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf run media db.sqlite3* staticfiles
