"""The generated packages stand alone: attrs (and urllib3) only, imported lazily."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import attr
import attrs
import pytest
import urllib3

from conftest import ROOT

PACKAGES = sorted(p.name for p in (ROOT / "generated").iterdir() if (p / "__init__.py").exists())


def _python(code: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that sees only ``paths`` (and the stdlib)."""
    prelude = "import sys; sys.path[:0] = " + json.dumps([str(p) for p in paths]) + "\n"
    return subprocess.run([sys.executable, "-I", "-S", "-c", prelude + code], capture_output=True, text=True)


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Each package copied alone into a folder, and a folder holding only attrs and urllib3."""
    root = tmp_path_factory.mktemp("vendored")
    project, deps = root / "project", root / "deps"
    for package in PACKAGES:
        shutil.copytree(ROOT / "generated" / package, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    for module in (attr, attrs, urllib3):
        source = Path(module.__file__).parent  # type: ignore[arg-type]
        shutil.copytree(source, deps / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    return project, deps


def test_datadog_package_works_with_only_attrs_and_urllib3(vendored: tuple[Path, Path]) -> None:
    code = (
        "from datadog_llm_observability.models import LLMObsDatasetRecordsListResponse as R\n"
        "page = R.from_json(b'{\"data\": [{\"created_at\": \"2024-01-15T10:30:00Z\", \"dataset_id\": \"d\",'\n"
        "    b' \"expected_output\": null, \"id\": \"r\", \"input\": {\"q\": 1}, \"metadata\": {},'\n"
        "    b' \"updated_at\": \"2024-01-15T10:30:00Z\"}], \"meta\": {\"after\": \"c\"}}')\n"
        "assert page.meta.after == 'c' and page.data[0].input == {'q': 1}\n"
        "assert R.from_json(page.to_json()) == page\n"
        "import sys\n"
        "for absent in ('codegen', 'yaml', 'jinja2', 'black', 'hypothesis'):\n"
        "    assert absent not in sys.modules, absent\n"
        "print('ok')\n"
    )
    run = _python(code, *vendored)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_vendored_package_fails_clearly_without_attrs(vendored: tuple[Path, Path]) -> None:
    project, _ = vendored
    run = _python("import datadog_llm_observability.models.llm_obs_cursor_meta", project)
    assert "No module named 'attrs'" in run.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_the_package_and_models_imports_no_model_module(package: str) -> None:
    code = (
        f"import sys, {package}, {package}.models as m\n"
        f"loaded = [n for n in sys.modules if n.startswith('{package}.models.')]\n"
        "assert loaded == [], loaded\n"
        "assert 'urllib3' not in sys.modules\n"
        "name = m.__all__[0]\n"
        "getattr(m, name)\n"
        f"assert len([n for n in sys.modules if n.startswith('{package}.models.')]) < len(m.__all__)\n"
        "assert 'urllib3' not in sys.modules, 'models must not import urllib3'\n"
        "print('ok')\n"
    )
    run = _python(code, ROOT / "generated", Path(attrs.__file__).parent.parent)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
