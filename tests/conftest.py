"""Shared fixtures: building throwaway packages from inline spec snippets."""

from __future__ import annotations

import importlib
import itertools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from codegen.build import build
from codegen.load import parse
from codegen.render import render_package
from codegen.write import write

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis: a light profile for every test run, a heavy one for `make fuzz`.
settings.register_profile("default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "fuzz", max_examples=800, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
_counter = itertools.count()


def spec_with(schemas: dict[str, Any] | None = None, paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A minimal valid OpenAPI 3.0 document around the given schemas and paths."""
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Snippet", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }
    doc.update(extra)
    return doc


BuildPackage = Callable[..., ModuleType]


@pytest.fixture
def build_package(tmp_path: Path) -> Iterator[BuildPackage]:
    """Generate a package from a spec dict into tmp_path and import it."""
    added: list[str] = []

    def make(spec: dict[str, Any], name: str | None = None) -> ModuleType:
        package = name or f"snippet_pkg_{next(_counter)}"
        doc = parse(yaml.safe_dump(spec, sort_keys=False), "snippet.yaml")
        api = build(doc, package)
        write(tmp_path / package, render_package(api))
        if str(tmp_path) not in sys.path:
            sys.path.insert(0, str(tmp_path))
        added.append(package)
        importlib.invalidate_caches()
        return importlib.import_module(package)

    yield make
    for package in added:
        for mod in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[mod]
    if str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))


@pytest.fixture
def server() -> Iterator[Any]:
    """A recording HTTP server on 127.0.0.1 (see tests/loopback.py)."""
    from loopback import LoopbackServer

    srv = LoopbackServer()
    yield srv
    srv.close()
