# Everything installs into .venv; torch is pinned and installed first (a CPU build; an unpinned
# torch would pull GBs of CUDA wheels).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install run test eval index clean chromium

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) app.py

index: install
	$(PY) -m assistant index

# The browser test drives Debian's chromium (never a downloaded browser); CJK fonts for the page.
CHROMIUM := /usr/bin/chromium
APT_GET := $(shell [ "$$(id -u)" = 0 ] || echo sudo) apt-get

chromium:
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || \
		($(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium fonts-noto-cjk)

test: install chromium
	$(PY) -m pytest -q
	@cat artifacts/load.txt 2>/dev/null || true
	$(PY) -m eval

eval: install
	$(PY) -m eval

clean:
	rm -rf $(VENV) index/CURRENT index/v-* index/cache
