# Two commands on a fresh Debian machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
export SELARAS_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test lint system-packages setup demo bench bench-e81 bench-import

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 tidak ditemukan ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

system-packages:
	bash scripts/system-packages.sh

setup: $(STAMP)
	mkdir -p var

demo: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_reference
	DEBUG=1 $(PY) manage.py load_regions
	DEBUG=1 $(PY) manage.py load_demo

run: system-packages demo
	@echo "Selaras berjalan di http://127.0.0.1:8000"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff check .

test: system-packages setup lint
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q $(PYTEST_ARGS)

bench: setup
	DEBUG=1 $(PY) bench/renja_tree.py

bench-e81: setup
	DEBUG=1 $(PY) bench/e81.py

bench-import: setup
	DEBUG=1 $(PY) bench/umkm_import.py
