# ASCC Blueprint 2025 Mid-Term Review: set-up, render, test.
# Every target installs what it needs on a fresh machine (uv, the locked environment,
# the ascc-mtr Jupyter kernel; for tests, Debian's chromium when root).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := ascc-mtr
UV := $(PYTHON) -m uv
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup render pack template test lint lab lock browser office kernel bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .
	@# A venv made before --compile-bytecode has no .pyc: every kernel would compile pandas anew.
	@$(PY) -m compileall -q -j 0 $(VENV)/lib >/dev/null 2>&1 || true
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ascc-mtr)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv with the locked packages and the ascc-mtr kernel

kernel: $(STAMP) ## (Re)install the ascc-mtr Jupyter kernel
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ascc-mtr)"

render: $(STAMP) ## Render every report into outputs/ (ARGS="--help" for options)
	$(PY) run_all.py $(ARGS)

pack: $(STAMP) browser ## Render what is out of date, then write outputs/ascc-mtr-review-<date>.zip (the review pack)
	$(PY) run_all.py --pack $(ARGS)

template: $(STAMP) ## Write the Tool 1 reporting template of BODY (e.g. BODY=SOMHD; default all) into outputs/templates/
	$(PY) run_all.py --make-template $(or $(BODY),all) $(ARGS)

browser: ## Install Debian's chromium for the browser tests when missing (needs root)
	@sh scripts/ensure_chromium.sh

office: ## Install Debian's headless LibreOffice Calc for the Tool 1 template tests when missing (needs root)
	@sh scripts/ensure_libreoffice.sh

test: $(STAMP) browser office lint ## Run the layer contracts, ruff and the test suite (installs what it needs first)
	@$(PY) -m pytest $(ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: treating as a failure"; exit 1; fi; exit $$rc

lint: $(STAMP) ## Check the import layers (import-linter, pyproject.toml) and ruff's rules
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

lab: $(STAMP) ## Open JupyterLab on the project's environment
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Time run_all.py against the naive loop and jupyter-cache (by hand; ARGS="--quick" checks it works)
	$(PY) bench/bench_render.py --uv "$(UV)" $(ARGS)

lock: ## Re-resolve requirements.lock from requirements.in
	$(UV) pip compile requirements.in -o requirements.lock --python-version 3.11 --no-header

clean: ## Remove scratch output and caches (never outputs/)
	rm -rf scratch .pytest_cache .ruff_cache .import_linter_cache
