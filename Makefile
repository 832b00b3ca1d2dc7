# motcua — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
export PYTHONPATH := $(CURDIR)/src
export DJANGO_SETTINGS_MODULE := motcua.settings

.PHONY: run test test-sqlite test-postgres lint format lock migrate demo serve bench clean help

help:
	@echo "make run   — cài đặt, tạo CSDL, nạp dữ liệu mẫu và chạy http://$(HOST):$(PORT)"
	@echo "make test  — chạy toàn bộ bộ kiểm thử"

$(VENV)/.installed: pyproject.toml constraints.txt
	@PYBIN=$$(scripts/find_python.sh) || exit 1; \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	    rm -rf $(VENV); echo "Tạo môi trường ảo với $$PYBIN"; $$PYBIN -m venv $(VENV); fi
	@$(PIP) install -q --upgrade pip >/dev/null 2>&1 || true
	@$(PIP) install -q -c constraints.txt -e '.[dev]' 2> >(grep -v 'is ignored: it is neither' >&2)
	@touch $@

VAR := $(or $(MOTCUA_VAR_DIR),var)

$(VAR)/.migrated: $(VENV)/.installed $(shell find src -path '*/migrations/*.py' 2>/dev/null)
	@mkdir -p $(VAR)
	@$(PY) -m django migrate --noinput -v 0
	@touch $@

migrate: $(VAR)/.migrated

demo: $(VAR)/.migrated
	@$(PY) -m django load_demo

staticfiles/.collected: $(VENV)/.installed $(shell find src -path '*/static/*' -type f 2>/dev/null)
	@$(PY) -m django collectstatic --noinput -v 0
	@touch $@

run: $(VENV)/.installed
	@scripts/install_debian_packages.sh fonts
	@$(MAKE) --no-print-directory demo staticfiles/.collected
	@$(PY) -m django init_signing
	@$(PY) -m django demo_logins --url http://$(HOST):$(PORT)/
	@HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) PY=$(PY) exec scripts/serve.sh

test: $(VENV)/.installed
	@scripts/install_debian_packages.sh all
	@$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed
	@DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest $(PYTEST_ARGS)

# make bench N=100000 DB=sqlite|postgres|both (defaults: 1,000,000 dossiers, SQLite); SEED=766.
N ?= $(or $(BENCH_N),1000000)
DB ?= sqlite
SEED ?= 766
bench: $(VENV)/.installed staticfiles/.collected
	@$(MAKE) --no-print-directory demo
	@$(PY) bench/bench_catalog.py
	@for db in $(if $(filter both,$(DB)),sqlite postgres,$(DB)); do \
	  if [ $$db = postgres ] && [ -z "$$BENCH_PG_URL" ]; then \
	    pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | sort -V | tail -n1)" main start >/dev/null 2>&1 || true; fi; \
	  $(PY) bench/bench_province.py --db $$db --n $(N) --seed $(SEED) || exit 1; done

lint: $(VENV)/.installed
	@$(VENV)/bin/ruff check src tests bench
	@$(VENV)/bin/ruff format --check src tests bench

format: $(VENV)/.installed
	@$(VENV)/bin/ruff format src tests bench
	@$(VENV)/bin/ruff check --fix src tests bench

lock: $(VENV)/.installed
	@{ echo "# Pinned versions of every dependency (pip constraints file). Refresh with: make lock"; \
	   $(PIP) freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf $(VENV) $(VAR)/.migrated staticfiles
