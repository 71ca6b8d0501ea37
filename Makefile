# The one entry point for set-up, demo, tests, benchmarks and lint.
# The virtual environment is made from Debian's /usr/bin/python3 with system site packages,
# because LibreOffice's Python-UNO bridge (python3-uno) only imports there.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test deps setup bench lint templates docs handbuch clean

demo: setup
	$(BIN)/vorlage build drafts/
	$(BIN)/vorlage sitzung build sitzungen/bielefeld-rat-2020-09-03.yaml
	$(BIN)/vorlage sitzung niederschrift sitzungen/bielefeld-rat-2020-09-03.yaml
	$(BIN)/vorlage beschluesse

# Two workers, a test module each at a time (module fixtures such as a LibreOffice pool
# stay shared): most tests wait on LibreOffice or the browser, so two cores carry two.
test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

deps:
	@sh scripts/ensure-system-deps

# Byte-compiled once here: with PYTHONDONTWRITEBYTECODE set (as on some machines) every
# `vorlage` run would otherwise compile the package again, a tenth of a second each.
setup: deps $(STAMP)
	@$(BIN)/python -m compileall -q pipeline

$(STAMP): pyproject.toml
	/usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

templates: setup
	$(BIN)/python scripts/make_templates.py

docs: setup
	$(BIN)/python scripts/update_readme.py

handbuch: setup
	$(BIN)/python scripts/handbuch_bilder.py

bench: setup
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/session.py
	$(BIN)/python bench/server.py
	$(BIN)/python bench/editors.py
	$(BIN)/python bench/search.py

lint: setup
	$(BIN)/ruff check pipeline tests bench scripts

clean:
	rm -rf output/*.pdf output/*.docx output/.cache
