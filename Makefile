# Offramp: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo serve test test-postgres browser lint messages bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	OFFRAMP_DEMO_MODE=true OFFRAMP_SECURE_COOKIES=false $(VENV)/bin/offramp migrate --no-input
	OFFRAMP_DEMO_MODE=true OFFRAMP_SECURE_COOKIES=false $(VENV)/bin/offramp seed --scale demo
	OFFRAMP_DEMO_MODE=true OFFRAMP_SECURE_COOKIES=false $(VENV)/bin/offramp runserver 127.0.0.1:8000

serve: $(STAMP)
	OFFRAMP_DEMO_MODE=true OFFRAMP_SECURE_COOKIES=false $(VENV)/bin/offramp runserver 127.0.0.1:8000

# The whole suite on SQLite (browser tests run separately: `make browser`).
test: $(STAMP)
	$(PY) -m pytest -p xdist -n 2 -m "not browser"

# The same suite on PostgreSQL (needs a server; DATABASE_URL overrides the default below).
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest -p xdist -n 2 -m "not browser"

# Playwright driving Debian's Chromium (apt-get install chromium), with axe checks.
browser: $(STAMP)
	$(PY) -m pytest -m browser tests/browser

lint: $(STAMP)
	$(VENV)/bin/ruff check offramp tests
	$(VENV)/bin/mypy offramp

messages: $(STAMP)
	cd offramp && ../$(PY) ../manage.py makemessages -l es --no-obsolete && ../$(PY) ../manage.py compilemessages

bench: $(STAMP)
	$(VENV)/bin/offramp bench

# The README's screenshots (docs/*.png), from the demo that `make demo` serves in another terminal.
screenshots: $(STAMP)
	$(PY) docs/screenshots.py

clean:
	rm -rf $(VENV) var
