# Every target sets up (or reuses) the virtual environment it needs, so that one
# command works on a fresh machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test generate check venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[codegen,test]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

generate: $(STAMP)
	$(PY) -m codegen generate

check: $(STAMP)
	$(PY) -m codegen check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis
