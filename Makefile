# Rehber: `make demo` serves the platform with demo content; `make test` runs the suite.
# Both set everything up from a fresh clone and are quick when run again.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
REHBER := $(BIN)/rehber
WORKERS ?= 2

STATIC_SOURCES := $(shell find rehber -path '*/static/*' -type f 2>/dev/null)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: demo test lint format serve migrate messages check-deploy clean bench

demo: $(VENV)/.base migrate $(MO_FILES) var/.static
	$(REHBER) demo_load
	@echo "Rehber is serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)."
	$(BIN)/gunicorn rehber.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --threads 4 \
		--forwarded-allow-ips "" --log-level warning

test: $(VENV)/.dev $(MO_FILES) var/.static node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(VENV)/.base
	$(REHBER) migrate --no-input
	$(REHBER) roles_sync
	$(REHBER) advisors_sync

# Refresh the catalogs after changing UI strings; translate, then `make test` checks them.
messages: $(VENV)/.base
	$(REHBER) makemessages --no-location --no-obsolete -l ar -l tr -l fa \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'bench/*'

check-deploy: $(VENV)/.base
	REHBER_ENVIRONMENT=production REHBER_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		REHBER_ALLOWED_HOSTS=rehber.example REHBER_EMAIL_HOST=smtp.rehber.example $(REHBER) check --deploy --fail-level WARNING

bench: $(VENV)/.dev migrate $(MO_FILES) var/.static node_modules/.installed
	$(REHBER) demo_load > /dev/null
	$(BIN)/python bench/run.py

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	touch $@

$(VENV)/.base: $(VENV)/.created requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

var/.static: $(VENV)/.base $(STATIC_SOURCES)
	$(REHBER) collectstatic --no-input --clear --verbosity 0
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) node_modules var/static var/.static
