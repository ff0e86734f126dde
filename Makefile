# The two set-up commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-dates install browser lint format worker beat bench-schedule bench-operations bench-cut bench-web test-patterns-thorough messages clean

# The dependencies are installed by uv (installed into the venv by pip first): about a
# quarter of pip's time on a fresh clone. pip does it when uv cannot.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv || true

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --python $(BIN)/python --quiet -e '.[dev]' 2>/dev/null \
	  || $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: the platform with demo data on embedded defaults, on http://127.0.0.1:8000
run: install
	$(BIN)/python -m config.devrun

## test: everything the tests need, then the whole suite, spread over TEST_WORKERS processes
## (pytest-xdist; `auto` is one per core, `0` runs in this process). The test database is
## built from the models (`--nomigrations` in pyproject.toml); `make test-dates` builds it
## through every migration. The engine's compiled searches and the benchmark's proofs are
## compiled into Numba's cache first (about 8 s once), so that no test waits for the compiler.
TEST_WORKERS ?= auto
test: install browser
	$(BIN)/python -m scheduling.engine.setup_descent
	$(BIN)/python -m scheduling.engine.on_time
	$(BIN)/python -m scheduling.benchmark.proof
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## test-dates: the date-sensitive tests (marked `dates`) again under each date the platform
## must cope with: Friday just before and after the 18:00 release cut-off, a weekend, the
## day before National Day, the eve of Chinese New Year 2027 (a year the holiday calendar
## does not know yet) and New Year's Eve. The whole suite runs on Monday morning.
TEST_DATES ?= 2026-12-04T17:55:00+08:00 2026-12-04T18:05:00+08:00 2026-12-05T11:00:00+08:00 \
              2026-12-06T11:00:00+08:00 2026-09-30T11:00:00+08:00 2027-02-05T11:00:00+08:00 \
              2026-12-31T11:00:00+08:00
test-dates: install
	$(BIN)/python -m pytest -m dates -q -p no:cacheprovider --migrations -n $(TEST_WORKERS) \
	  --dates="$(TEST_DATES)" tests/scheduling tests/orders tests/factory tests/shop

## browser: Debian's Chromium for the browser tests and libzbar0 for reading QR codes back
## (installed when run as root with apt)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)"; \
	  fi; }
	@ldconfig -p 2>/dev/null | grep -q 'libzbar\.so\.0' || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing libzbar0 for reading the tickets' QR codes in the tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libzbar0 >/dev/null; \
	  else \
	    echo "libzbar0 is not installed: ticket QR tests will be skipped (apt-get install libzbar0)"; \
	  fi; }

## lint: ruff, formatting, the import layers, migrations and types
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## worker / beat: Celery processes (need REDIS_URL)
worker: install
	$(BIN)/celery -A config worker --loglevel=info --concurrency=2 -Q $$($(BIN)/python -m config.queues)

beat: install
	$(BIN)/celery -A config beat --loglevel=info

## bench-web: promise and routing by open units, then pages and the live preview through
## gunicorn (PostgreSQL and Redis from DATABASE_URL/REDIS_URL: point it at a scratch database)
bench-web: install
	$(BIN)/python -m tests.bench_web $(ARGS)

## bench-schedule: the scheduling benchmark (prints one table)
bench-schedule: install
	$(BIN)/python -m scheduling.engine.setup_descent
	$(BIN)/python -m scheduling.engine.on_time
	$(BIN)/python -m scheduling.benchmark $(ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache

## messages: update the Simplified Chinese catalogue from the code (never fuzzy) and compile it
messages: install
	$(BIN)/python manage.py messages_update
	$(BIN)/pybabel compile -i locale/zh_Hans/LC_MESSAGES/django.po -o locale/zh_Hans/LC_MESSAGES/django.mo -l zh_Hans

## bench-operations: the operations page timed on a million synthetic events (an empty
## PostgreSQL database in DATABASE_URL)
bench-operations: install
	$(BIN)/python manage.py bench_operations $(ARGS)

## bench-cut: the cutting benchmark (nesting vs baseline vs consumption estimate; one table)
bench-cut: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m shop.patterns.benchmark $(ARGS)

## test-patterns-thorough: the pattern property tests with 20x the examples of `make test`
test-patterns-thorough: install
	PATTERN_EXAMPLES=20 $(BIN)/python -m pytest tests/shop/patterns
