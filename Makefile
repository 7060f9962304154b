# Dynamics in Action — the two commands of the README are `make book` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements/lock.txt
STAMP  := $(VENV)/.installed
VENDOR := book/vendor/.stamp
# No progress bars in tests and the book build (coursekit._progress).
export COURSEKIT_PROGRESS := 0
# Matplotlib's font cache inside the environment: a shared ~/.cache/matplotlib can point at the
# fonts of another (deleted) environment, and every figure then logs "findfont" warnings.
export MPLCONFIGDIR := $(CURDIR)/.venv/mplconfig
# Quiet pip; its "Location ... is ignored" lines about local indexes are harmless.
PIP    := $(BIN)/python -m pip -q --disable-pip-version-check

.PHONY: help book test e2e colab bench sync lock clean

help:
	@echo "make book   build the HTML book into _build/html (executes every page)"
	@echo "make test   run the test suite (package, doctests, labs, appendix pages)"
	@echo "make e2e    open the built book and a live dashboard in headless Chromium"
	@echo "make colab  run every chapter notebook and lab in a fresh Colab-like Python (ipywidgets 7.7)"
	@echo "make bench  benchmarks of coursekit against peer packages (ratios)"
	@echo "make sync   regenerate student labs, chapter notebooks and environment.yml"

# ---- environment: created once, reinstalled only when pyproject.toml or the lock change -----
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip 2>&1 | grep -v "is ignored" || true
	@# torch first and alone: this pin takes the local CPU wheel (any other spec may fetch CUDA).
	$(PIP) install torch==2.13.0 2>&1 | grep -v "is ignored" || true
	$(PIP) install -r $(LOCK) 2>&1 | grep -v "is ignored" || true
	$(PIP) install --no-deps -e . 2>&1 | grep -v -i "is ignored\|warning\|^ *$$\|\*\*\*\|!!" || true
	$(BIN)/python -c "import coursekit, torch, jupyter_book, nbval"
	@touch $@

# ---- front-end files the book serves itself (no CDN): MathJax, require.js, widget manager ----
$(VENDOR): book/package.json book/package-lock.json
	cd book && npm ci --no-audit --no-fund --silent
	rm -rf book/vendor && mkdir -p book/vendor/html-manager
	cp -r book/node_modules/mathjax/es5 book/vendor/mathjax
	cp book/node_modules/requirejs/require.js book/vendor/require.js
	find book/node_modules/@jupyter-widgets/html-manager/dist -maxdepth 1 -type f ! -name '*.map' \
	  -exec cp {} book/vendor/html-manager/ \;
	@touch $@

sync: $(STAMP)
	$(BIN)/python -m tools.course sync

# ---- the book ---------------------------------------------------------------------------------
# Neither Sphinx (it re-reads only changed pages) nor the execution cache (it keys on notebook
# code) sees a change in coursekit or benchmarks/, so both are cleared when their source changes.
book: $(STAMP) $(VENDOR) sync
	@hash=$$(find coursekit benchmarks -name '*.py' -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16); \
	 if [ "$$(cat _build/.coursekit-hash 2>/dev/null)" != "$$hash" ]; then \
	   echo "coursekit changed: every page will be executed again"; \
	   rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute; \
	 fi; mkdir -p _build; echo $$hash > _build/.coursekit-hash
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo; echo "The book is built: open file://$(CURDIR)/_build/html/index.html"

# ---- tests --------------------------------------------------------------------------------------
test: $(STAMP)
	$(BIN)/python -m tools.course sync --check
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
	COURSEKIT_CHECKS=solutions $(BIN)/python -m pytest --nbval-lax --nbval-current-env labs/solutions
	COURSEKIT_CHECKS=student $(BIN)/python -m pytest --nbval-lax --nbval-current-env labs/*.ipynb

e2e: $(STAMP)
	@test -f _build/html/index.html || { echo "build the book first: make book"; exit 1; }
	$(BIN)/python -m pytest -m e2e tests/e2e -p no:randomly -v

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Regenerate the lock after changing pins in pyproject.toml (reviews the diff before commit).
lock: $(STAMP)
	{ head -2 $(LOCK); $(BIN)/python -m pip freeze --exclude-editable | grep -v -E '^(torch|dynamics-in-action)'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)

clean:
	rm -rf _build

# ---- the Colab path: a fresh Colab-like Python runs every notebook behind a Colab button -------
colab: $(STAMP)      # the notebooks as committed (CI's test_course checks they are in sync)
	$(BIN)/python -m tools.colab

