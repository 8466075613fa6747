# invoicebot: `make run` and `make test` install what is missing, then run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa \
	tesseract-ocr-ita tesseract-ocr-nld tesseract-ocr-por tesseract-ocr-osd poppler-utils fonts-urw-base35 \
	fonts-dejavu-core libgl1 libglib2.0-0 libreoffice-calc-nogui dovecot-imapd postgresql redis-server
OCR_LANGS := eng deu fra spa ita nld por osd

.PHONY: run test bench train bench-scale setup system lint clean

run: setup
	$(VENV)/bin/invoicebot run

test: setup
	$(VENV)/bin/python -m pytest

bench: setup
	$(VENV)/bin/invoicebot bench

# the confidence model, fitted and measured on documents it was not fitted on (the datasets beside the
# repository and the synthetic corpus); writes data/train/model.json and a reliability diagram beside it
SHARED ?= ../shared
train: setup
	$(VENV)/bin/python -m pip install -q -e '.[train]'
	mkdir -p data/train
	for ds in zugferd deepform sroie; do $(VENV)/bin/python -m train.collect $(SHARED)/datasets/$$ds data/train/rows-$$ds.jsonl; done
	for seed in 11 12; do $(VENV)/bin/python -m synth --seed $$seed --count 340 --out data/train/synth$$seed --variants pdf && \
	  $(VENV)/bin/python -m train.collect data/train/synth$$seed data/train/rows-synth$$seed.jsonl; done
	$(VENV)/bin/python -m train.confidence data/train/rows-*.jsonl --out data/train/model.json --plot data/train/reliability.png

# 500 uploads through the Telegram fake into `invoicebot web` + 1 and 2 workers on Redis
bench-scale: setup
	$(VENV)/bin/python -m tests.load.bench_scale

lint: setup
	$(VENV)/bin/ruff check bot channels core storage tests

setup: system $(STAMP)

# System packages: installed only when something is missing (quick the second time).
system:
	@missing=0; \
	command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && command -v soffice >/dev/null || missing=1; \
	{ command -v dovecot || test -x /usr/sbin/dovecot; } >/dev/null || missing=1; \
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && command -v redis-server >/dev/null || missing=1; \
	if [ $$missing = 0 ]; then langs=$$(tesseract --list-langs 2>/dev/null); \
	  for l in $(OCR_LANGS); do grep -qx "$$l" <<<"$$langs" || missing=1; done; fi; \
	[ -f /usr/share/fonts/type1/urw-base35/NimbusSans-Regular.t1 ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing=1; \
	ldconfig -p | grep -q 'libGL.so.1 ' && ldconfig -p | grep -q 'libgthread-2.0.so.0 ' || missing=1; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing=1; \
	if [ $$missing = 1 ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "Missing system packages and no root/sudo: install $(APT_PACKAGES) python3-venv" >&2; exit 1; fi; \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $(APT_PACKAGES) python3-venv >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

clean:
	rm -rf $(VENV) .pytest_cache

# A synthetic corpus (docs/ + truth.jsonl, like ../shared/datasets): make synth COUNT=300 VARIANTS=pdf,scan
SYNTH_OUT ?= data/synth
SEED ?= 1
COUNT ?= 300
VARIANTS ?= pdf
.PHONY: synth
synth: setup
	$(VENV)/bin/python -m synth --seed $(SEED) --count $(COUNT) --out $(SYNTH_OUT) --variants $(VARIANTS) --jobs 2
