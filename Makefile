# The two commands of README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench clean translations system-deps

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[server,test]'
	touch $(STAMP)

# Translations: resources/i18n/*.ts (committed) → build/i18n/*.qm (git-ignored), which
# desktop/ui/i18n.py loads. After changing strings: $(BIN)/python -m desktop.ui.i18n
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(patsubst resources/i18n/%.ts,build/i18n/%.qm,$(TS_FILES))

build/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	mkdir -p build/i18n
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

# The director's window; `make run ARGS="--data-dir D"`. The CLI stays `$(BIN)/childdesk`.
run: $(STAMP) system-deps translations
	$(BIN)/python -m desktop.app $(ARGS)

# Debian packages outside PyPI: a CJK font (Chinese in PDFs and screenshots) and Xvfb.
# Installed only when missing and only where apt-get can run as root; otherwise a note.
DEBIAN_PACKAGES := fonts-wqy-microhei xvfb
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -qq $$missing >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $$missing >/dev/null)) ; \
	else echo "please install: $$missing (sudo apt-get install $$missing)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) system-deps translations lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
