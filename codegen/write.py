"""Write stage: make a directory hold exactly the generated files.

Only files whose bytes differ are written (all staged first, then each moved into
place); files the generator no longer produces are removed. ``diff`` answers the same question
without touching anything, for ``check``.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest

_IGNORED_DIRS = {"__pycache__"}


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        return (
            [f"added:   {p}" for p in self.added]
            + [f"changed: {p}" for p in self.changed]
            + [f"removed: {p}" for p in self.removed]
        )


def existing_files(root: Path) -> set[str]:
    """Every file under ``root`` (but bytecode caches), as relative POSIX paths."""
    out: set[str] = set()
    if not root.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in _IGNORED_DIRS]
        for name in filenames:
            if name.endswith((".pyc", ".pyo")):
                continue
            out.add(Path(dirpath, name).relative_to(root).as_posix())
    return out


def diff(root: Path, files: Mapping[str, str]) -> Changes:
    changes = Changes()
    existing = existing_files(root)
    for path in sorted(files):
        target = root / path
        if path not in existing:
            changes.added.append(path)
        elif target.read_bytes() != files[path].encode("utf-8"):
            changes.changed.append(path)
    changes.removed = sorted(existing - set(files))
    return changes


def write(root: Path, files: Mapping[str, str]) -> Changes:
    """Make ``root`` hold ``files``. Every new text is written to a temporary file
    first: if one cannot be written (a name too long, a full disk), the package is
    left as it was and the ``OSError`` is raised. Then each takes its place, the
    manifest last."""
    changes = diff(root, files)
    writes = sorted(changes.added + changes.changed, key=lambda p: (p == manifest.NAME, p))
    staged: list[tuple[Path, Path]] = []
    try:
        for i, path in enumerate(writes):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _check_name_fits(target)  # else moving it into place would fail halfway through
            tmp = target.with_name(f".tmp-{os.getpid()}-{i}")
            staged.append((tmp, target))
            tmp.write_bytes(files[path].encode("utf-8"))
    except OSError:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    for path in changes.removed:
        (root / path).unlink()
        _prune(root, (root / path).parent)
    return changes


def _check_name_fits(target: Path) -> None:
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf here: the common limit
        limit = 255
    if len(os.fsencode(target.name)) > limit:
        raise OSError(errno.ENAMETOOLONG, f"file name longer than {limit} bytes", str(target))


def _prune(root: Path, directory: Path) -> None:
    """Remove ``directory`` and its parents (below ``root``) once they hold no files."""
    while directory != root and directory.is_dir():
        if any(entry.name not in _IGNORED_DIRS for entry in directory.iterdir()):
            return
        shutil.rmtree(directory)
        directory = directory.parent
