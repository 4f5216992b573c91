"""Format stage: black, in-process, with a cache keyed by the unformatted text.

black is slow; most regenerations change few files. Formatted output is cached
under ``.cache/black`` (keyed by black's version, the mode and the input text),
only what is not cached is formatted, and large batches use every core. The
templates write most code in black's layout already (``layout``), which spares
black its second pass over a file it did not change.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

LINE_LENGTH = 100
_PARALLEL_ABOVE = 12  # files; below this, starting worker processes costs more than it saves


def _mode() -> Any:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


def black_version() -> str:
    from importlib.metadata import version

    return version("black")


def formatter_id() -> str:
    """Names the formatter's version and mode: formatted text is valid only for it."""
    return f"black {black_version()} line-length {LINE_LENGTH} py311"


def _format_one(text: str) -> str:
    import black

    formatted: str = black.format_str(text, mode=_mode())
    return formatted


class FormatError(Exception):
    """black refused a rendered file: a generator bug, reported with the file's path."""


def default_cache_dir() -> Path:
    env = os.environ.get("CODEGEN_CACHE_DIR")
    return Path(env) if env else Path.cwd() / ".cache" / "black"


def format_files(
    files: Mapping[str, str], cache_dir: Path | None = None, known: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Format every ``*.py`` text; other files pass through unchanged.

    ``known`` maps the sha256 of a rendered text to its formatted text (from a
    package's manifest); the cache directory holds the rest of what black wrote.
    """
    cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
    known = known or {}
    key_prefix = f"{formatter_id()}|".encode()
    out: dict[str, str] = {}
    todo: dict[str, tuple[str, Path]] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            out[path] = text
            continue
        key = hashlib.sha256(key_prefix + text.encode("utf-8")).hexdigest()
        cached = cache_dir / key[:2] / key
        reused = known.get(hashlib.sha256(text.encode("utf-8")).hexdigest())
        if reused is not None:
            out[path] = reused
            if not cached.exists():  # so that generating into another directory finds it too
                _store(cached, reused)
            continue
        try:
            out[path] = cached.read_text(encoding="utf-8")
        except OSError:
            todo[path] = (text, cached)
    if todo:
        paths = sorted(todo)
        texts = [todo[p][0] for p in paths]
        workers = min(os.cpu_count() or 1, 4)
        try:
            if len(paths) > _PARALLEL_ABOVE and workers > 1:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    results = list(pool.map(_format_one, texts, chunksize=max(1, len(texts) // (workers * 4))))
            else:
                results = [_format_one(t) for t in texts]
        except Exception as e:  # black's InvalidInput and friends
            bad = _find_bad(paths, texts)
            raise FormatError(f"black could not format {bad}: {e}") from e
        for path, result in zip(paths, results):
            out[path] = result
            _store(todo[path][1], result)
    return out


def _store(cached: Path, text: str) -> None:
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs time


def _find_bad(paths: list[str], texts: list[str]) -> str:
    for path, text in zip(paths, texts):
        try:
            _format_one(text)
        except Exception:
            return path
    return "a file"
