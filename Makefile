# 共治 Gongzhi — one command to run, one to test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
APPS_WITH_LOCALE := $(patsubst %/locale,%,$(wildcard */locale))
# manage.py on this machine runs in development mode unless told otherwise (settings refuse to
# start with DEBUG=0 and no SECRET_KEY).
MANAGE := DEBUG=$${DEBUG:-1} $(PY) manage.py

.PHONY: run dev test test-future test-pgbouncer lint format messages makemessages migrate seed bench vendor clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Compile the translation catalogues (project-wide and per app).
messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=var -v 0

## Extract marked strings into the zh_Hans catalogues (developers; then translate them).
makemessages: $(VENV)/.installed
	$(MANAGE) makemessages -l zh_Hans --no-location --ignore=$(VENV) --ignore=var --ignore=tests --ignore=bench $(foreach app,$(APPS_WITH_LOCALE),--ignore=$(app))
	@for app in $(APPS_WITH_LOCALE); do (cd $$app && DEBUG=$${DEBUG:-1} ../$(PY) ../manage.py makemessages -l zh_Hans --no-location -v 0); done

migrate: $(VENV)/.installed
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) seed_demo

## Set up everything from a fresh clone, then run web + Celery worker + beat (Ctrl-C stops all).
## Links in messages name PORTAL_BASE_URL, else this PORT (honcho gives each process a PORT of its
## own, so the worker could not tell the web server's); the demo log-ins are printed last.
run: messages seed
	@echo ""
	@echo "  共治 Gongzhi is starting: open http://127.0.0.1:$(PORT)/  (admin: /admin/, API docs: /api/docs/)"
	@echo ""
	DEBUG=1 DEBUG_PAGES=0 DEMO_MODE=1 PORT=$(PORT) PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

## The same for developers: Django's technical error pages (tracebacks) instead of the portal's.
dev: messages seed
	DEBUG=1 DEBUG_PAGES=1 DEMO_MODE=1 PORT=$(PORT) PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

## The whole test suite (SQLite + filesystem broker by default; set DATABASE_URL/REDIS_URL for the services).
test: $(VENV)/.installed-dev messages
	$(BIN)/pytest $(ARGS)

## The suite again with the clock a year ahead (libfaketime; browser tests left out: Chromium
## does not run under it; the fuzz pass runs at a fixed instant anyway; the PostgreSQL clusters and
## Redis servers the tests start run on the real clock). Dates in tests must be fixed instants, never "today".
test-future: $(VENV)/.installed-dev messages
	faketime -f "+365d" $(BIN)/pytest -m "not e2e and not fuzz" -p no:cacheprovider

## The API tests through a real PgBouncer in transaction mode (Debian's pgbouncer; needs a
## PostgreSQL DATABASE_URL). ARGS="-k quiz" narrows it.
test-pgbouncer: $(VENV)/.installed-dev messages
	$(PY) tests/through_pgbouncer.py $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Load tests against gunicorn on PostgreSQL (see the README). Benches empty and refill their
## own database and Redis DB, named here and never taken from DATABASE_URL/REDIS_URL.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gongzhi_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
bench: $(VENV)/.installed-dev messages
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) ONLY=$(ONLY) $(PY) bench/run.py

## Refresh the vendored front-end assets from npm (committed; never loaded from a CDN).
vendor:
	rm -rf var/npm && mkdir -p var/npm
	cd var/npm && npm pack --silent @picocss/pico@2.1.1 htmx.org@2.0.11 axe-core@4.14.1 leaflet@1.9.4 @geoman-io/leaflet-geoman-free@2.20.2 >/dev/null
	cd var/npm && for f in *.tgz; do mkdir -p $${f%.tgz} && tar xzf $$f -C $${f%.tgz}; done
	cp var/npm/picocss-pico-2.1.1/package/css/pico.min.css static/vendor/pico.min.css
	cp var/npm/htmx.org-2.0.11/package/dist/htmx.min.js static/vendor/htmx.min.js
	cp var/npm/axe-core-4.14.1/package/axe.min.js tests/e2e/vendor/axe.min.js
	rm -rf static/vendor/leaflet static/vendor/leaflet-geoman && mkdir -p static/vendor/leaflet static/vendor/leaflet-geoman
	cp -r var/npm/leaflet-1.9.4/package/dist/leaflet.js var/npm/leaflet-1.9.4/package/dist/leaflet.css var/npm/leaflet-1.9.4/package/dist/images var/npm/leaflet-1.9.4/package/LICENSE static/vendor/leaflet/
	cp var/npm/geoman-io-leaflet-geoman-free-2.20.2/package/dist/leaflet-geoman.min.js var/npm/geoman-io-leaflet-geoman-free-2.20.2/package/dist/leaflet-geoman.css var/npm/geoman-io-leaflet-geoman-free-2.20.2/package/LICENSE static/vendor/leaflet-geoman/
	# The source maps are not shipped; their comments would send collectstatic looking for them.
	sed -i '/sourceMappingURL/d' static/vendor/leaflet/leaflet.js static/vendor/leaflet-geoman/leaflet-geoman.min.js static/vendor/leaflet-geoman/leaflet-geoman.css

clean:
	rm -rf var/*.sqlite3* var/celery var/celery-test var/staticfiles
