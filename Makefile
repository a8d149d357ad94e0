# The two commands of README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench clean translations system-deps package package-check \
	screenshots server bench-package reliability

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[server,test,package]'
	touch $(STAMP)

# Translations: resources/i18n/*.ts (committed) → build/i18n/*.qm (git-ignored), which
# desktop/ui/i18n.py loads. After changing strings: $(BIN)/python -m desktop.ui.i18n
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(patsubst resources/i18n/%.ts,build/i18n/%.qm,$(TS_FILES))

build/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	mkdir -p build/i18n
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

# Without ARGS: the demo (a local county server seeded with a made-up county, a demo device
# enrolled with it, the window on that device; passphrase on the unlock screen). The demo
# lives in the user's cache folder, reused next time (`python -m desktop.demo --reset`).
# With ARGS: the real window, e.g. `make run ARGS="--data-dir D"`. The CLI is $(BIN)/childdesk.
run: $(STAMP) system-deps translations
	$(if $(strip $(ARGS)),$(BIN)/python -m desktop.app $(ARGS),$(BIN)/python -m desktop.demo)

# PNGs of the demo's window under Xvfb, into build/screenshots/ (1366×768) and
# build/screenshots/150/ (the same at 150 % scaling, 2049×1152).
screenshots: $(STAMP) system-deps translations
	xvfb-run -a -s "-screen 0 2100x1200x24" env -u QT_QPA_PLATFORM \
		$(BIN)/python -m desktop.demo --screenshots build/screenshots

# The county server for a real deployment (README "Deploying the county server"):
#   make server COUNTY_SERVER_DB=postgresql://childdesk@db/childdesk \
#               TLS_CERT=/etc/childdesk/server.crt TLS_KEY=/etc/childdesk/server.key
# Without TLS it listens on loopback only, for a reverse proxy that holds the certificate.
COUNTY_SERVER_DB ?= sqlite:///county.sqlite
SERVER_PORT ?= 8443
SERVER_HOST ?= $(if $(TLS_CERT),0.0.0.0,127.0.0.1)
server: $(STAMP)
	$(BIN)/county-server --db '$(COUNTY_SERVER_DB)' init
	exec $(BIN)/county-server --db '$(COUNTY_SERVER_DB)' serve --host $(SERVER_HOST) \
		--port $(SERVER_PORT) $(if $(TLS_CERT),--tls-cert '$(TLS_CERT)' --tls-key '$(TLS_KEY)')

# The villages' executable: one folder, dist/childdesk/childdesk (build.spec; README says
# how on Windows). package-check runs the built executable's self-test (CI does).
package: $(STAMP) translations
	rm -rf dist/childdesk
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller build.spec
package-check: package
	dist/childdesk/childdesk --self-test

bench-package: package
	$(BIN)/python bench/package.py

# Debian packages outside PyPI: a CJK font (Chinese in PDFs and screenshots), Xvfb, and
# the X libraries Qt's xcb platform plugin loads (the window on a desktop, screenshots).
# Installed only when missing and only where apt-get can run as root; otherwise a note.
DEBIAN_PACKAGES := fonts-wqy-microhei xvfb \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libdbus-1-3
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

# The whole suite, the reliability battery at its smoke size (every battery test, a few
# kills or rounds each: tests/reliability/profile.py). --dist worksteal: a worker that runs
# out takes half of the other's queue, so both end together (the battery's long tests
# first: tests/reliability/scheduling.py).
test: $(STAMP) system-deps translations lint typecheck
	RELIABILITY_PROFILE=smoke QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 \
		--dist worksteal -q --durations=15

# The reliability battery (kills, network faults, fuzzing, access matrix, tamper, leaks:
# tests/reliability/). PROFILE=full (the default): all of it, with the sync client's and
# the migrations' tests, at the night's counts (1,000 kills). PROFILE=quick (CI, after
# `make test`): only the battery's sized tests (-m sized: those whose counts the profile
# sets; `make test` ran the rest) at 200 kills, 100 sync faults of each kind, ... The
# longest tests start first, one per worker (scheduling.py). Ends with one table.
PROFILE ?= full
RELIABILITY_TESTS := $(if $(filter full,$(PROFILE)),tests/reliability \
	tests/desktop/test_sync_client.py tests/desktop/test_migrations.py,-m sized tests/reliability)
reliability: $(STAMP)
	RELIABILITY_PROFILE=$(PROFILE) QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 \
		--maxschedchunk 1 -q --durations=10 $(RELIABILITY_TESTS)

bench: $(STAMP)
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
