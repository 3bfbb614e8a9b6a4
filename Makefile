# Two commands on a fresh Debian/Ubuntu machine:  make run   and   make test
# Both create .venv, install system packages that are missing (apt-get, via sudo when not
# root), install bodyscan with its dependencies, then start the app or run the whole suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Runtime libraries for Qt (xcb + offscreen), Qt Multimedia (libpulse0), audio decoding
# (ffmpeg), the test audio device (pulseaudio + utils), the ALSA->Pulse bridge, PortAudio for
# the fallback output (libportaudio2), what the benchmark's simpleaudio baseline needs to build
# (gcc, ALSA and Python headers), desktop-file-validate for the
# menu entry's test, and xprop (x11-utils) so reminders can tell a full-screen window is in front
# (tested on an Xvfb screen); trayer, a small real tray, and dbus-daemon with dunst, a real
# notification server, for the tests of the tray and of reminders as notifications; strace,
# for the test that the app and the command never use the network.
SYSTEM_PACKAGES := python3-venv libpulse0 libxcb-cursor0 libxkbcommon-x11-0 libxkbcommon0 \
    libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
    libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1 \
    libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core ffmpeg \
    pulseaudio pulseaudio-utils libasound2-plugins gcc libasound2-dev python3-dev \
    desktop-file-utils x11-utils xvfb trayer dbus dunst strace libportaudio2 poppler-utils

.PHONY: run test coverage install uninstall lint typecheck bench wheel system-deps clean screenshots

run: $(STAMP)
	$(BIN)/bodyscan

# The app in .venv, plus its menu entry and icon for you (no root needed).
install: $(STAMP)
	$(BIN)/bodyscan --install-desktop

uninstall:
	@if [ -x $(BIN)/bodyscan ]; then $(BIN)/bodyscan --uninstall-desktop; fi

# The slowest tests are listed at the end: CI must stay under an hour.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --durations=15

# The whole suite under coverage, the code run in the CLI's own processes included.
coverage: $(STAMP)
	rm -rf .coverage-data && mkdir -p .coverage-data
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage combine -q
	$(BIN)/python -m coverage report
	$(BIN)/python -m coverage html -q -d .coverage-data/html && echo "Details: .coverage-data/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

screenshots: $(STAMP)  # every screen, light and dark, into docs/screenshots (about a minute)
	xvfb-run -a -s "-screen 0 1024x768x24" $(BIN)/python tools/screenshots.py docs/screenshots
	xvfb-run -a -s "-screen 0 1024x768x24" $(BIN)/python tools/editor_screenshots.py docs/screenshots

wheel: $(STAMP)
	$(BIN)/pip wheel --no-deps -w dist .

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,simpleaudio]'
	touch $(STAMP)

system-deps:
	@if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	    missing=""; \
	    for p in $(SYSTEM_PACKAGES); do \
	        dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
	            || missing="$$missing $$p"; \
	    done; \
	    if [ -n "$$missing" ]; then \
	        echo "Installing system packages:$$missing"; \
	        if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	        $$SUDO apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	    fi; \
	else \
	    echo "Not a Debian/Ubuntu system: install the packages listed in README.md yourself."; \
	fi

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .coverage-data
