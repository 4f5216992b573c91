"""Command line: ``python -m codegen generate`` and ``python -m codegen check``."""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from .formatting import FormatError
from .pipeline import Target, check, generate, package_name
from .problems import SpecError

DESCRIPTION = """\
Generate Python bindings (attrs models, urllib3 endpoint functions) from OpenAPI 3.0 specs.

  generate  regenerate each spec into OUT/<package>/, writing only files whose bytes
            change and removing the files it generated before that the spec no
            longer produces (other files there, and hidden folders such as .git,
            are left alone)
  check     regenerate in memory and exit 1, listing the differing files, when OUT
            does not hold exactly what the specs produce

Without SPEC arguments every *.yaml, *.yml and *.json file in spec/ is used. The
package name is the spec's file name (spec/foo_bar.yaml → foo_bar) unless --package
is given. A spec with problems is reported with every problem and its JSON pointer,
and nothing is written.
"""


def _targets(args: argparse.Namespace) -> list[Target]:
    specs = [Path(s) for s in args.spec] or sorted(
        p for p in Path("spec").glob("*") if p.suffix in (".yaml", ".yml", ".json")
    )
    if args.package and len(specs) != 1:
        raise SystemExit("--package needs exactly one SPEC")
    out = Path(args.out)
    targets = [
        Target(spec=s, out=out / (args.package or package_name(s)), package=args.package or package_name(s))
        for s in specs
    ]
    for target in targets:
        where = "given with --package" if args.package else f"from the file name {target.spec.name!r}"
        if not target.package.isidentifier() or keyword.iskeyword(target.package):
            raise SystemExit(
                f"the package name {target.package!r} ({where}) is not a Python identifier;"
                " choose one with --package"
            )
        if target.package in sys.stdlib_module_names or target.package in _DEPENDENCIES:
            # imported in its place by urllib3 or the standard library: nothing would work
            raise SystemExit(
                f"the package name {target.package!r} ({where}) is the name of a module the"
                " bindings need; choose another with --package"
            )
    return targets


# What the generated packages import (orjson when it is installed).
_DEPENDENCIES = frozenset({"attrs", "attr", "urllib3", "orjson"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "regenerate the bindings from the specs"),
        ("check", "fail if the committed bindings differ from what the specs produce"),
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("spec", nargs="*", help="spec files (default: every spec in spec/)")
        p.add_argument("--out", default="generated", help="where packages go (default: generated)")
        p.add_argument("--package", help="package name, for a single SPEC (default: from its file name)")
    args = parser.parse_args(argv)
    try:
        targets = _targets(args)
    except SystemExit as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not targets:
        print("error: no specs found (pass SPEC or run from the repository root)", file=sys.stderr)
        return 2
    failed = False
    for target in targets:
        try:
            changes = generate(target) if args.command == "generate" else check(target)
        except SpecError as e:
            print(e.report(), file=sys.stderr)
            failed = True
            continue
        except FormatError as e:
            print(f"{target.spec}: {e}", file=sys.stderr)
            failed = True
            continue
        except OSError as e:  # nothing was changed in the package (see write.write)
            print(f"{target.spec}: cannot write {target.out}: {e}", file=sys.stderr)
            failed = True
            continue
        label = f"{target.spec} → {target.out}"
        if args.command == "generate":
            print(f"{label}: {len(changes.added) + len(changes.changed)} written, {len(changes.removed)} removed")
        elif changes:
            print(f"{label}: out of date; run `python -m codegen generate`", file=sys.stderr)
            for line in changes.lines():
                print(f"  {line}", file=sys.stderr)
            failed = True
        else:
            print(f"{label}: up to date")
    return 1 if failed else 0
