"""Regeneration is stable: the committed output is what the specs produce, the
same bytes every time, whatever the order of the spec's mappings."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.formatting import format_files
from codegen.pipeline import Target, check, generate, package_name, produce
from codegen.write import diff, write
from conftest import ROOT

SPECS = sorted((ROOT / "spec").glob("*.yaml"))


def _target(spec: Path) -> Target:
    return Target(spec=spec, out=ROOT / "generated" / package_name(spec), package=package_name(spec))


def test_committed_output_is_what_the_specs_produce() -> None:
    run = subprocess.run([sys.executable, "-m", "codegen", "check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_committed_output_does_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    # Someone regenerating from another folder must get the same files, headers included.
    args = [str(s) for s in SPECS] + ["--out", str(ROOT / "generated")]
    run = subprocess.run([sys.executable, "-m", "codegen", "check", *args], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout + run.stderr
    header = (ROOT / "generated" / package_name(SPECS[0]) / "__init__.py").read_text().splitlines()[0]
    assert f" from spec/{SPECS[0].name} " in header


def test_the_recorded_spec_path_depends_only_on_the_paths_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from codegen.pipeline import recorded_path

    repo, elsewhere = tmp_path / "any-clone-name", tmp_path / "elsewhere"
    (repo / "spec").mkdir(parents=True)
    (elsewhere / "b").mkdir(parents=True)
    (repo / "gen").symlink_to(elsewhere)  # the output folder is a link out of the clone
    spec = repo / "spec" / "b.yaml"
    monkeypatch.chdir(repo)
    assert recorded_path(Target(Path("spec/b.yaml"), Path("generated/b"), "b")) == "spec/b.yaml"
    assert recorded_path(Target(spec, repo / "generated" / "b", "b")) == "spec/b.yaml"
    assert recorded_path(Target(Path("spec/b.yaml"), Path("gen/b"), "b")) == "spec/b.yaml"
    assert recorded_path(Target(Path("spec/../spec/b.yaml"), Path("./generated/b"), "b")) == "spec/b.yaml"
    # Nothing in common but the root: no machine-specific path is recorded.
    assert recorded_path(Target(spec, Path("/") / "b", "b")) == "b.yaml"


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_regenerating_unchanged_specs_writes_nothing(spec: Path) -> None:
    changes = generate(_target(spec))
    assert not changes, changes.lines()


def _fingerprint(seed: str) -> str:
    code = (
        "import hashlib, json, sys\n"
        "from pathlib import Path\n"
        "from codegen.pipeline import Target, produce, package_name\n"
        "out = {}\n"
        "for spec in sorted(Path('spec').glob('*.yaml')):\n"
        "    files = produce(Target(spec, Path('unused'), package_name(spec)))\n"
        "    out[spec.name] = {p: hashlib.sha256(t.encode()).hexdigest() for p, t in files.items()}\n"
        "print(hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_generating_twice_gives_identical_bytes_whatever_the_hash_seed() -> None:
    assert _fingerprint("1") == _fingerprint("2") == _fingerprint("3")


def _shuffled(node: Any, rng: random.Random, key: str | None = None) -> Any:
    """Reorder every mapping except property lists (whose order is the field order)."""
    if isinstance(node, dict):
        items = list(node.items())
        if key != "properties":
            rng.shuffle(items)
        return {k: _shuffled(v, rng, k) for k, v in items}
    if isinstance(node, list):
        return [_shuffled(v, rng) for v in node]
    return node


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_reordering_the_spec_mappings_changes_nothing(spec: Path, tmp_path: Path) -> None:
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    shuffled = _shuffled(doc, random.Random(7))
    assert list(shuffled["paths"]) != list(doc["paths"])
    (tmp_path / "spec").mkdir()
    copy = tmp_path / "spec" / spec.name
    copy.write_text(yaml.safe_dump(shuffled, sort_keys=False, allow_unicode=True), encoding="utf-8")
    package = package_name(spec)
    shutil.copytree(ROOT / "generated" / package, tmp_path / "generated" / package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CODEGEN_CACHE_DIR": str(ROOT / ".cache" / "black")}
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "check", str(copy), "--out", str(tmp_path / "generated")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_reordering_properties_regenerates_the_fields_in_their_new_order(tmp_path: Path) -> None:
    from conftest import spec_with

    spec, out = tmp_path / "ordered.yaml", tmp_path / "ordered"
    target = Target(spec=spec, out=out, package="ordered")

    def write_spec(names: list[str]) -> None:
        thing = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
        spec.write_text(yaml.safe_dump(spec_with({"Thing": thing}), sort_keys=False), encoding="utf-8")

    write_spec(["zeta", "alpha"])
    generate(target)
    write_spec(["alpha", "zeta"])
    assert "models/thing.py" in generate(target).changed
    assert not check(target), check(target).lines()  # what generate wrote is what check expects
    model = (out / "models" / "thing.py").read_text(encoding="utf-8")
    assert model.index("alpha: str | Unset") < model.index("zeta: str | Unset")


def test_a_hand_edited_generated_file_is_reported_and_then_restored(tmp_path: Path) -> None:
    # Even with the spec and the generator unchanged (the no-op path), the files
    # themselves are compared with what the manifest says was written.
    spec = SPECS[0]
    out = tmp_path / package_name(spec)
    shutil.copytree(ROOT / "generated" / package_name(spec), out, ignore=shutil.ignore_patterns("__pycache__"))
    target = Target(spec=spec, out=out, package=package_name(spec))
    generate(target)  # headers name the spec as seen from here
    assert not check(target), check(target).lines()
    edited = out / "pagination.py"
    original = edited.read_bytes()
    edited.write_bytes(original + b"HAND_EDIT = 1\n")
    assert "pagination.py" in " ".join(check(target).lines())
    assert "pagination.py" in generate(target).changed
    assert edited.read_bytes() == original
    assert not check(target), check(target).lines()


def test_the_key_order_of_a_default_value_changes_nothing(tmp_path: Path) -> None:
    # The content hash leaves key order out, so the output must not depend on it.
    from conftest import spec_with

    spec, out = tmp_path / "defaults.yaml", tmp_path / "defaults"
    target = Target(spec=spec, out=out, package="defaults")

    def write_spec(default: dict[str, Any]) -> None:
        thing = {"type": "object", "properties": {"opts": {"type": "object", "default": default}}}
        spec.write_text(yaml.safe_dump(spec_with({"Thing": thing}), sort_keys=False), encoding="utf-8")

    write_spec({"b": 1, "a": {"z": 2, "y": 3}})
    generate(target)
    first = (out / "models" / "thing.py").read_text(encoding="utf-8")
    write_spec({"a": {"y": 3, "z": 2}, "b": 1})
    generate(target)
    assert not check(target), check(target).lines()
    assert (out / "models" / "thing.py").read_text(encoding="utf-8") == first
    assert "{'a': {'y': 3, 'z': 2}, 'b': 1}" in first


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_formatting_the_output_again_changes_nothing(spec: Path, tmp_path: Path) -> None:
    files = produce(_target(spec))
    assert format_files(files, cache_dir=tmp_path) == files


def test_output_reused_from_a_manifest_is_found_again_in_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import codegen.formatting

    rendered = {"m.py": "x = ( 1 )\n", "n.py": "y = 2\n"}
    known = {hashlib.sha256(rendered["m.py"].encode()).hexdigest(): "x = 1\n"}
    formatted = {"m.py": "x = 1\n", "n.py": "y = 2\n"}
    assert format_files(rendered, cache_dir=tmp_path, known=known) == formatted  # formats n.py

    def refuse(text: str) -> str:
        raise AssertionError(f"black ran again on {text!r}")

    monkeypatch.setattr(codegen.formatting, "_format_one", refuse)
    assert format_files(rendered, cache_dir=tmp_path) == formatted  # no manifest this time


def test_every_generated_file_says_it_is_generated_and_from_which_spec() -> None:
    for spec in SPECS:
        files = produce(_target(spec))
        for path, text in files.items():
            if path.endswith(".py"):
                first = text.splitlines()[0]
                assert first.startswith(f"# Generated by codegen from spec/{spec.name} (spec content sha256 ")


GEN = "# Generated by codegen from t.yaml\n"


def test_write_only_touches_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    files = {"a.py": GEN + "A = 1\n", "sub/b.py": GEN + "B = 2\n"}
    assert write(tmp_path, files).added == ["a.py", "sub/b.py"]
    before = (tmp_path / "a.py").stat().st_mtime_ns
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "old.py").write_text("# Generated by codegen from old.yaml\nx = 0\n")
    changes = write(tmp_path, {"a.py": GEN + "A = 1\n", "sub/b.py": GEN + "B = 3\n"})
    assert (changes.added, changes.changed, changes.removed) == ([], ["sub/b.py"], ["stale/old.py"])
    assert (tmp_path / "a.py").stat().st_mtime_ns == before
    assert not (tmp_path / "stale").exists()
    assert not diff(tmp_path, {"a.py": GEN + "A = 1\n", "sub/b.py": GEN + "B = 3\n"})


def test_a_hand_written_file_where_a_generated_one_now_goes_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import spec_with

    spec, out = tmp_path / "mine.yaml", tmp_path / "out" / "mine"
    target = Target(spec=spec, out=out, package="mine")
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache" / "black"))
    schemas: dict[str, Any] = {"Thing": {"type": "object", "properties": {"a": {"type": "string"}}}}
    spec.write_text(yaml.safe_dump(spec_with(schemas), sort_keys=False), encoding="utf-8")
    generate(target)
    mine = out / "models" / "extra_helpers.py"
    mine.write_text("def helper() -> int:\n    return 1\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    schemas["ExtraHelpers"] = {"type": "object", "properties": {"b": {"type": "string"}}}
    spec.write_text(yaml.safe_dump(spec_with(schemas), sort_keys=False), encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"did not write models/extra_helpers\.py .*move it, or rename the schema"):
        generate(target)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing was written
    # A generated file that an older manifest does not list (one side of a merge) is its own.
    mine.unlink()
    old_manifest = (out / ".codegen-manifest.json").read_bytes()
    generate(target)
    (out / ".codegen-manifest.json").write_bytes(old_manifest)
    schemas["ExtraHelpers"]["properties"]["c"] = {"type": "integer"}
    spec.write_text(yaml.safe_dump(spec_with(schemas), sort_keys=False), encoding="utf-8")
    assert "models/extra_helpers.py" in generate(target).changed


def test_generate_removes_only_the_files_it_generated_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import codegen.pipeline
    from conftest import spec_with

    spec, out = tmp_path / "mine.yaml", tmp_path / "out" / "mine"
    target = Target(spec=spec, out=out, package="mine")
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache" / "black"))

    def write_spec(name: str) -> None:
        schemas = {name: {"type": "object", "properties": {"a": {"type": "string"}}}}
        spec.write_text(yaml.safe_dump(spec_with(schemas), sort_keys=False), encoding="utf-8")

    own = {
        ".git/config": "[core]\n",
        ".git/hooks/pre-commit.py": "# Generated by codegen, or so it says\n",  # hidden folders are never looked into
        "NOTES.md": "important\n",
        "docs/handwritten.py": "x = 1\n",
        "models/helpers.py": "def helper() -> int:\n    return 1\n",
    }
    for path, text in own.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    stale = out / "models" / "gone.py"
    stale.write_text("# Generated by codegen from old.yaml (spec content sha256 0).\nx = 1\n", encoding="utf-8")

    # No manifest yet: of what the spec does not produce, only files with the generated header go.
    write_spec("Thing")
    changes = generate(target)
    assert changes.removed == ["models/gone.py"] and not stale.exists()
    assert {path: (out / path).read_text(encoding="utf-8") for path in own} == own
    assert (out / "models" / "thing.py").exists() and (out / ".codegen-manifest.json").exists()
    assert not check(target), check(target).lines()  # the files left alone are not "out of date" either

    # A regeneration with nothing changed skips everything, whatever else the folder holds.
    monkeypatch.setattr(codegen.pipeline, "produce", lambda target: pytest.fail("regenerated although nothing changed"))
    assert not generate(target)
    monkeypatch.undo()
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache" / "black"))

    # With a manifest, only the files it lists go (not one that merely starts like a generated file).
    copied = out / "models" / "copied.py"
    copied.write_text("# Generated by codegen from elsewhere.yaml\nx = 2\n", encoding="utf-8")
    write_spec("Other")
    changes = generate(target)
    assert changes.removed == ["models/thing.py"] and not (out / "models" / "thing.py").exists()
    assert copied.exists() and (out / "models" / "other.py").exists()
    assert {path: (out / path).read_text(encoding="utf-8") for path in own} == own


def test_a_write_that_fails_leaves_the_package_as_it_was(tmp_path: Path) -> None:
    write(tmp_path, {".codegen-manifest.json": "{}\n", "a.py": GEN + "A = 1\n"})
    files = {".codegen-manifest.json": "{\"new\": 1}\n", "a.py": GEN + "A = 2\n", "b.py": GEN + "B = 2\n", "x" * 300 + ".py": GEN}
    with pytest.raises(OSError, match="longer than"):
        write(tmp_path, files)  # the last file's name is too long for any file system
    assert sorted(p.name for p in tmp_path.iterdir()) == [".codegen-manifest.json", "a.py"]  # no temporary files left
    assert (tmp_path / "a.py").read_text() == GEN + "A = 1\n" and (tmp_path / ".codegen-manifest.json").read_text() == "{}\n"


def test_a_very_long_schema_name_still_makes_a_file_that_fits(tmp_path: Path) -> None:
    name = "VeryLong" * 35
    spec = tmp_path / "long.yaml"
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
           "components": {"schemas": {name: {"type": "object", "properties": {"a": {"type": "string"}}}}}}
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "codegen", "generate", str(spec), "--out", str(tmp_path / "out")],
                         cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CODEGEN_CACHE_DIR": str(tmp_path / "cache")})
    assert run.returncode == 0, run.stderr
    modules = [p.name for p in (tmp_path / "out" / "long" / "models").iterdir() if p.name.startswith("very_long")]
    assert len(modules) == 1 and len(modules[0]) <= 124
    check = subprocess.run([sys.executable, "-c", f"from long.models import {name}; print({name}(a='x').to_dict())"],
                           cwd=tmp_path / "out", capture_output=True, text=True)
    assert check.stdout == "{'a': 'x'}\n", check.stderr
