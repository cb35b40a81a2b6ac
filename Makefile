# The two commands: `make run` and `make test`. Everything else is a helper they call.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app intranet
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: run test setup migrate seed translations extract-messages lint bench clean

run: setup migrate seed ## serve the intranet on http://$(HOST):$(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup ## the whole suite (browser tests skip where no Chromium is found)
	$(BIN)/pytest -n 2 --dist loadgroup -p no:cacheprovider $(PYTEST_ARGS)

setup: $(STAMP) translations

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d intranet/translations

extract-messages: $(STAMP) ## refresh the catalogs after changing UI strings
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o intranet/translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i intranet/translations/messages.pot -d intranet/translations --ignore-pot-creation-date --ignore-obsolete --no-fuzzy-matching

migrate: setup
	$(FLASK) db upgrade

seed: setup ## demo data on an empty database only (prints the demo password once)
	$(FLASK) seed-demo --if-empty $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')

lint: setup
	$(BIN)/ruff check .
	$(BIN)/bandit -q -c pyproject.toml -r intranet workflows

bench: setup ## benchmarks (not part of make test); results in docs/performance.md
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
