"""The manifest each generated package carries: what produced it, and how.

``.codegen-manifest.json`` records the generator's fingerprint, black's
version and mode, the hash of the spec's content, and for every file the hash of the
text as rendered and of the file as written. It lets a regeneration

- skip everything when nothing that matters changed (a no-op costs a few file
  hashes), and
- reuse the written file instead of running black again for every file whose
  rendered text did not change (the committed output is the format cache).

A file is reused only if its bytes still hash to what the manifest says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

NAME = ".codegen-manifest.json"
_ROOT = Path(__file__).resolve().parent


def spec_digest(spec: Path, cache_dir: Path) -> str:
    """The spec's content hash (``load.digest_of``), without parsing it when its
    bytes were seen before: a small local cache maps the file's sha256 to it."""
    try:
        raw = sha256(spec.read_bytes())
    except OSError:
        return ""  # loading the spec will say what is wrong
    cache_file = cache_dir / "spec-digests-v2.json"  # v2: the order of properties counts
    try:
        known: dict[str, str] = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if raw in known:
        return known[raw]
    from .load import load

    digest = load(spec).digest
    known[raw] = digest
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(dict(list(known.items())[-64:])), encoding="utf-8")
    except OSError:
        pass
    return digest


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@cache
def generator_fingerprint() -> str:
    """A hash of the generator's own code and templates."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _ROOT.rglob("*") if p.suffix in (".py", ".jinja") and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class Manifest:
    generator: str
    formatter: str
    spec: str  # spec path as shown in headers
    spec_digest: str  # of the spec's content (not its formatting or key order, but property order)
    package: str
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # path -> {"rendered", "output"}

    def text(self) -> str:
        body = {
            "generator": self.generator,
            "formatter": self.formatter,
            "spec": self.spec,
            "spec_digest": self.spec_digest,
            "package": self.package,
            "files": {p: self.files[p] for p in sorted(self.files)},
        }
        return json.dumps(body, indent=1, sort_keys=True) + "\n"

    @classmethod
    def read(cls, package_dir: Path) -> Manifest | None:
        try:
            data: Any = json.loads((package_dir / NAME).read_text(encoding="utf-8"))
            return cls(
                generator=str(data["generator"]),
                formatter=str(data["formatter"]),
                spec=str(data["spec"]),
                spec_digest=str(data["spec_digest"]),
                package=str(data["package"]),
                files={str(k): {"rendered": str(v["rendered"]), "output": str(v["output"])} for k, v in data["files"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def formatted_outputs(self, package_dir: Path, formatter: str) -> dict[str, str]:
        """rendered-text hash → written text, for files still exactly as written."""
        if formatter != self.formatter:
            return {}
        out: dict[str, str] = {}
        for path, hashes in self.files.items():
            try:
                data = (package_dir / path).read_bytes()
            except OSError:
                continue
            if sha256(data) == hashes["output"]:
                from .render import strip_header

                out[hashes["rendered"]] = strip_header(data.decode("utf-8"))
        return out

    def unchanged(self, package_dir: Path, current: Manifest) -> bool:
        """Whether ``package_dir`` already holds exactly what ``current`` would produce."""
        if (self.generator, self.formatter, self.spec, self.spec_digest, self.package) != (
            current.generator,
            current.formatter,
            current.spec,
            current.spec_digest,
            current.package,
        ):
            return False
        from .write import existing_files

        # Other files (hand-written ones, .git) are no concern: generating leaves them alone.
        if not set(self.files) | {NAME} <= existing_files(package_dir):
            return False
        return all(sha256((package_dir / p).read_bytes()) == h["output"] for p, h in self.files.items())
