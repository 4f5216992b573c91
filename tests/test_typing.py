"""The generated packages and the generator type-check strictly; the output is black-clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, BuildPackage


def _run(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd or ROOT, capture_output=True, text=True)


def test_generated_packages_pass_mypy_strict() -> None:
    packages = sorted(p.name for p in (ROOT / "generated").iterdir() if (p / "__init__.py").exists())
    assert packages
    args = ["mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache")]
    for package in packages:
        args += ["-p", package]
    run = _run(*args, cwd=str(ROOT / "generated"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_generator_passes_mypy_strict() -> None:
    run = _run("mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "codegen")
    assert run.returncode == 0, run.stdout + run.stderr


def test_generated_code_is_black_clean() -> None:
    run = _run("black", "--check", "--quiet", "generated")
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_package_with_every_kind_of_credential_passes_mypy_strict(build_package: BuildPackage) -> None:
    # The committed specs use header keys only; basic, bearer, query and cookie
    # credentials change the Client's signature and code.
    from test_codegen_http import SCHEMES, secured

    pkg = build_package(secured(*({name: []} for name in SCHEMES)), name="credentials_pkg")
    where = str(Path(pkg.__file__).parent.parent)
    run = _run("mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "credentials_pkg", cwd=where)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_package_with_self_holding_unions_maps_arrays_and_empty_models_passes_mypy_strict(build_package: BuildPackage) -> None:
    from conftest import spec_with
    from test_codegen_models import CONTAINERS, NESTED, ref

    holder = CONTAINERS["Holder"]
    nested = {"$ref": "#/components/schemas/Nested"}
    schemas = {**NESTED, **CONTAINERS, "Holder": {**holder, "properties": {**holder["properties"], "nested": nested}}}
    schemas |= {  # a union and an alias reaching themselves through others, a list of itself via a union
        "A": {"oneOf": [{"type": "integer"}, {"type": "array", "items": ref("B")}]},
        "B": {"oneOf": [{"type": "string", "nullable": True}, ref("A")]},
        "C": ref("D"),
        "D": {"type": "array", "items": ref("C")},
        "M": {"type": "array", "items": {"oneOf": [{"type": "string"}, ref("M")]}},
        # Models with no properties of their own: the known keys are an empty set.
        "Empty": {"type": "object", "properties": {}},
        "Counts": {"allOf": [{"type": "object"}, {"type": "object", "additionalProperties": {"type": "integer"}}]},
        "Either": {"oneOf": [{"type": "object", "properties": {}}, {"type": "string"}]},
    }
    pkg = build_package(spec_with(schemas), name="recursive_pkg")
    where = str(Path(pkg.__file__).parent.parent)
    run = _run("mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "recursive_pkg", cwd=where)
    assert run.returncode == 0, run.stdout + run.stderr
