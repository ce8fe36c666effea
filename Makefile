# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ARTICLES ?=
PORT ?= 8501

.PHONY: run test lint validate bench clean static chromium geodata alternatives

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

static: $(VENV)/.installed-run
	$(BIN)/python -m routes assets --static static

run: $(VENV)/.installed-run static
	$(BIN)/streamlit run app.py --server.port $(PORT) -- $(if $(ARTICLES),--articles "$(ARTICLES)")

# Browser tests need Debian's chromium; installed here when missing and we are root.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; \
	fi

test: $(VENV)/.installed-test static chromium
	$(BIN)/python -m routes validate
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Rebuild the segments and nodes from geodata/sources (offline; a test checks they are current).
geodata: $(VENV)/.installed-run
	$(BIN)/python -m routes build-geodata --out geodata

# Recompute the context routes (rail via Russia, sea via Suez / the Cape) with the large build extra
# (scgraph-data ~300 MB, about 3 min to install cold). Tests compare a digest of the inputs instead.
$(VENV)/.installed-build: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[build]'
	touch $@

alternatives: $(VENV)/.installed-build
	$(BIN)/python -m routes build-alternatives --out geodata

validate: $(VENV)/.installed-run
	$(BIN)/python -m routes validate

bench: $(VENV)/.installed-test static
	$(BIN)/python benchmarks/bench_linking.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/bench_route.py
	$(BIN)/python benchmarks/bench_search.py

clean:
	rm -rf $(VENV) static test-output
