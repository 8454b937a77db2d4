# The two commands of the README:
#   make report   renders the whole report on seeds/ into build/report/index.html
#                 (make report CORPUS=path THEME="新质生产力 新型工业化" P="k=6 freq=year" OUT=build/mine:
#                 another corpus or a bundled one such as gov_work_reports, theme terms separated by spaces,
#                 notebook parameters as NAME=VALUE separated by spaces, given to nqp report as -p)
#   make test     lints (ruff check) and runs the test suite (it executes every notebook too)
# Both create the virtual environment .venv, install nqp and its dependencies into it, and make
# sure a font with Chinese glyphs is there (installing Debian's fonts-noto-cjk when run as root).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CORPUS ?= seeds
OUT    ?= build/report
# the seeds are about 建圈强链; any other corpus runs without a theme unless THEME names one
THEME  ?= $(if $(filter seeds,$(CORPUS)),建圈强链,)
P      ?=

.PHONY: setup report lint test test-fast benchmark clean-build

setup: $(VENV)/.installed
	@$(PY) -c "import sys, nqp.fonts; sys.exit(nqp.fonts.main(['--install']))"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

report: setup
	$(PY) -m nqp report --corpus '$(CORPUS)' --out '$(OUT)' $(foreach t,$(THEME),--theme '$(t)') $(foreach p,$(P),-p '$(p)')

# the rules are in pyproject.toml ([tool.ruff]): errors only, no style
lint: setup
	$(PY) -m ruff check nqp tests benchmarks

test: lint
	$(PY) -m pytest

# the suite without the tests marked slow (notebooks, worker pools, the benchmark suite): for quick checks
test-fast: setup
	$(PY) -m pytest -m "not slow"

benchmark: setup
	$(PY) -m benchmarks

clean-build:
	rm -rf build
