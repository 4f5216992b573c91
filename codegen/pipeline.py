"""The whole pipeline: spec file → files of a package, and generate / check on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import ir
from .build import build
from .formatting import format_files
from .load import load
from .render import render_package
from .write import Changes, diff, write


def package_name(spec: Path) -> str:
    """The default package name: the spec's file name without its extension."""
    return spec.name.split(".", 1)[0].replace("-", "_")


def display_path(spec: Path) -> str:
    """The spec path as the generated headers show it: relative, with forward slashes."""
    try:
        return Path(os.path.relpath(spec.resolve(), Path.cwd())).as_posix()
    except ValueError:  # another drive
        return spec.name


@dataclass(frozen=True)
class Target:
    spec: Path
    out: Path  # the package directory
    package: str


def api_for(spec: Path, package: str | None = None) -> ir.Api:
    doc = load(spec)
    doc = type(doc)(source=display_path(spec), data=doc.data, digest=doc.digest)
    return build(doc, package or package_name(spec))


def produce(target: Target) -> dict[str, str]:
    """Every file of the package, formatted, in memory. Raises SpecError."""
    api = api_for(target.spec, target.package)
    return format_files(render_package(api))


def generate(target: Target) -> Changes:
    return write(target.out, produce(target))


def check(target: Target) -> Changes:
    return diff(target.out, produce(target))
