# Two commands on a fresh machine with Python 3.11 and make: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test install migrate serve bench bench-province lint check messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	PORT=$(PORT) $(BIN)/python manage.py load_demo --port $(PORT)
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=cms.settings.demo $(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

test: install
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run --settings=cms.settings.test
	$(BIN)/python -m pytest -n 2 --create-db $(PYTEST_ARGS)

# Lint: formatting, ruff's rules (with S and RUF100) and the import layers (pyproject.toml).
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install
	$(BIN)/python manage.py check --settings=cms.settings.test

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# The province at scale (its own target; minutes, not seconds): a Sở, 200 wards and
# 20,000 schools; ward and Sở administrators' admin screens, then provisioning speed.
PROVINCE_ARGS ?= --schools 20000 --wards 200
bench-province: install
	$(BIN)/python -m bench.province $(PROVINCE_ARGS)
	$(BIN)/python -m bench.provisioning --schools 20000 --batch 500

# Vietnamese catalogue: cms/locale/vi/LC_MESSAGES/*.po are the source. Merge in the msgids of
# the installed Wagtail/Django catalogues and our own code, keep every translation, compile the
# .mo, print coverage. Pure Python (polib + babel), no GNU gettext needed.
messages: install
	$(BIN)/python -m tools.i18n.messages
	$(BIN)/python manage.py translation_coverage

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media var static_collected
