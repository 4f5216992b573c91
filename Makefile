# Every target sets up (or reuses) the virtual environment it needs, so that one
# command works on a fresh machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test generate check venv clean bench fuzz soak

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[codegen,test]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# Hostile input for every decoder (over 100,000 examples) and broken specs for the generator.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_fuzz.py tests/test_codegen_fuzz.py

# 16 threads sharing one client: 1,000 requests each, then until SOAK_SECONDS pass.
SOAK_SECONDS ?= 60
soak: $(STAMP)
	SOAK_REQUESTS=1000 SOAK_SECONDS=$(SOAK_SECONDS) $(PY) -m pytest -q tests/test_load.py

generate: $(STAMP)
	$(PY) -m codegen generate

check: $(STAMP)
	$(PY) -m codegen check

# Benchmarks against the peers, in an environment of their own.
BENCH_VENV := .bench-venv
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	test -x $(BENCH_PY) || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -e '.[codegen]' -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_PY) bench/run.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .hypothesis .cache bench/results
