"""The whole pipeline: spec file → files of a package, and generate / check on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import manifest
from .gc_pause import gc_paused
from .write import Changes, diff, write

if TYPE_CHECKING:
    from . import ir


@dataclass(frozen=True)
class Target:
    spec: Path
    out: Path  # the package directory
    package: str


def package_name(spec: Path) -> str:
    """The default package name: the spec's file name without its extension."""
    return spec.name.split(".", 1)[0].replace("-", "_")


def display_path(spec: Path) -> str:
    """The spec path as problem reports show it: relative to the working directory."""
    try:
        return Path(os.path.relpath(spec.resolve(), Path.cwd())).as_posix()
    except ValueError:  # another drive
        return spec.name


def recorded_path(target: Target) -> str:
    """The spec path as the generated headers and the manifest record it: relative to
    the closest folder holding both the spec and the package, with forward slashes,
    so that the output does not depend on where the generator is run from. Paths are
    taken as given (symbolic links are not followed); with nothing in common but the
    file system's root, it is the spec's file name."""
    spec, out = Path(os.path.abspath(target.spec)), Path(os.path.abspath(target.out))
    try:
        common = Path(os.path.commonpath([spec.parent, out]))
    except ValueError:  # another drive
        return spec.name
    return spec.name if common == Path(common.anchor) else spec.relative_to(common).as_posix()


@gc_paused
def api_for(spec: Path, package: str | None = None, recorded_as: str | None = None) -> ir.Api:
    """The spec's IR; problems name the spec as ``display_path`` does, the IR's
    ``source`` is ``recorded_as`` when given."""
    from .build import build
    from .load import load

    doc = load(spec)
    doc = replace(doc, source=display_path(spec))
    api = build(doc, package or package_name(spec))
    return api if recorded_as is None else replace(api, source=recorded_as)


def _identity(target: Target) -> manifest.Manifest:
    """The manifest fields that decide the output, computed without rendering anything."""
    from .formatting import default_cache_dir, formatter_id

    return manifest.Manifest(
        generator=manifest.generator_fingerprint(),
        formatter=formatter_id(),
        spec=recorded_path(target),
        spec_digest=manifest.spec_digest(target.spec, default_cache_dir().parent / "codegen"),
        package=target.package,
    )


def produce(target: Target) -> dict[str, str]:
    """Every file of the package, formatted, in memory (with its manifest). Raises SpecError."""
    from .formatting import format_files
    from .render import header, render_package

    identity = _identity(target)
    api = api_for(target.spec, target.package, recorded_path(target))
    rendered = render_package(api)
    previous = manifest.Manifest.read(target.out)
    known = previous.formatted_outputs(target.out, identity.formatter) if previous else {}
    formatted = format_files(rendered, known=known)
    top = header(api)
    files = {path: (top + text if path.endswith(".py") else text) for path, text in formatted.items()}
    identity.files = {
        path: {"rendered": manifest.sha256(rendered[path]), "output": manifest.sha256(files[path])} for path in files
    }
    files[manifest.NAME] = identity.text()
    return files


def generate(target: Target) -> Changes:
    previous = manifest.Manifest.read(target.out)
    if previous is not None and previous.unchanged(target.out, _identity(target)):
        return Changes()  # nothing that decides the output changed, and the files are intact
    return write(target.out, produce(target))


def check(target: Target) -> Changes:
    return diff(target.out, produce(target))
