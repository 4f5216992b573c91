"""Render stage: the IR → the text of every generated file (unformatted).

Templates print what the IR says. This module only prepares what is purely
presentational: import lines, docstrings, and the list of files.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from . import __version__, ir

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME_MODULES = ("_types", "errors", "_codec", "_json")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["pyrepr"] = _pyrepr
    env.filters["oneline"] = _oneline
    env.filters["wrap"] = _wrap
    return env


def _pyrepr(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_pyrepr(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def _docsafe(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return text + " " if text.endswith('"') else text


def _oneline(text: str | None) -> str:
    return _docsafe(" ".join(str(text or "").split()))


def _wrap(text: str | None, width: int = 84, indent: str = "") -> str:
    paragraphs = [" ".join(p.split()) for p in str(text or "").split("\n\n")]
    wrapped = [
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent, break_long_words=False)
        for p in paragraphs
        if p
    ]
    return _docsafe(("\n\n").join(wrapped).strip())


def _object_docstring(model: ir.ObjectModel) -> str:
    lines = [_wrap(model.description or model.name, 80)]
    lines.append("")
    lines.append("    Attributes:")
    for f in model.fields:
        note = f.description or ""
        if not f.required:
            note += " Optional: ``UNSET`` (left off the wire) when not given."
        if f.has_default:
            note += f" The server's default: ``{f.default!r}``."
        if isinstance(f.type, ir.Nullable):
            note += " May be ``None`` (sent as ``null``)."
        body = textwrap.fill(
            f"{f.py_name}: {note.strip()}",
            width=80,
            initial_indent="        ",
            subsequent_indent="            ",
            break_long_words=False,
        )
        if f.py_name != f.json_name:
            body += f" (JSON: ``{f.json_name}``)"
        lines.append(_docsafe(body))
    lines.append(
        "        additional_properties: Properties the spec does not define, kept as received\n"
        "            and written back by ``to_dict``."
    )
    return "\n".join(lines) + "\n    "


def _resolution(model: ir.UnionModel) -> str:
    if model.discriminator:
        how = f"An object is matched by its ``{model.discriminator}`` property"
    else:
        how = "A value is matched by its JSON type, then by the required properties and constants of each object branch"
    rule = "the first branch that decodes wins" if model.any_of else "exactly one branch must decode"
    return _wrap(f"{how}; {rule}. Otherwise the value is kept as ``UnknownVariant``.", 80, "    ").strip()


def import_lines(imports: Iterable[ir.Import], here: str) -> tuple[list[str], list[str]]:
    """(stdlib lines, package lines) for ``imports`` seen from module ``here``.

    ``here`` is the module's dotted path inside the package (``models.foo``).
    """
    stdlib: dict[str, set[str]] = defaultdict(set)
    local: dict[str, set[str]] = defaultdict(set)
    here_parts = here.split(".")[:-1]
    for module, name in imports:
        if module in RUNTIME_MODULES:
            continue  # templates import the runtime themselves
        if module.startswith("models.") or module in RUNTIME_MODULES or module.startswith("_"):
            parts = module.split(".")
            common = 0
            while common < min(len(parts) - 1, len(here_parts)) and parts[common] == here_parts[common]:
                common += 1
            dots = "." * (len(here_parts) - common + 1)
            local[dots + ".".join(parts[common:])].add(name)
        else:
            stdlib[module].add(name)
    return _lines(stdlib), _lines(local)


def _lines(groups: dict[str, set[str]]) -> list[str]:
    return [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(groups.items())]


def render_models(api: ir.Api) -> dict[str, str]:
    env = environment()
    files: dict[str, str] = {}
    by_name = {m.name: m for m in api.models}
    exports: list[tuple[str, str]] = []
    for model in api.models:
        here = f"models.{model.module}"
        context: dict[str, Any] = {"api": api, "model": model}
        if isinstance(model, ir.EnumModel):
            template = "models/enum.py.jinja"
            context["docstring"] = _wrap(model.description or model.name, 80)
            exports.append((model.name, model.module))
        else:
            imports = model.imports()  # type: ignore[attr-defined]
            cycle: frozenset[str] = getattr(model, "cycle", frozenset())
            cyclic = {i for i in imports if i[0].startswith("models.") and _owner(i, by_name) in cycle}
            stdlib, local = import_lines(imports - cyclic, here)
            context["stdlib_imports"] = stdlib
            context["model_imports"] = local
            context["cycle_imports"] = import_lines(cyclic, here)[1]
            if isinstance(model, ir.ObjectModel):
                template = "models/object.py.jinja"
                context["docstring"] = _object_docstring(model)
                exports.append((model.name, model.module))
            elif isinstance(model, ir.UnionModel):
                template = "models/union.py.jinja"
                context["docstring"] = _wrap(model.description or model.name, 80)
                context["resolution"] = _resolution(model)
                exports += [(model.name, model.module), (f"{model.module}_from_dict", model.module), (f"{model.module}_to_dict", model.module)]
            else:
                assert isinstance(model, ir.AliasModel)
                template = "models/alias.py.jinja"
                context["docstring"] = _wrap(model.description or model.name, 80)
                exports += [(model.name, model.module), (f"{model.module}_from_dict", model.module), (f"{model.module}_to_dict", model.module)]
        files[f"models/{model.module}.py"] = env.get_template(template).render(context)
    files["models/__init__.py"] = env.get_template("models/__init__.py.jinja").render(
        api=api, exports=sorted(exports)
    )
    return files


def _owner(imp: ir.Import, by_name: dict[str, ir.Model]) -> str:
    name = imp[1].split(" as ")[0]
    module = imp[0].removeprefix("models.")
    for model in by_name.values():
        if model.module == module:
            return model.name
    return name


def render_runtime(api: ir.Api) -> dict[str, str]:
    env = environment()
    files = {f"{name}.py": env.get_template(f"runtime/{name}.py.jinja").render(api=api) for name in RUNTIME_MODULES}
    files["py.typed"] = ""
    return files


def render_package(api: ir.Api) -> dict[str, str]:
    """Every file of the package, by path relative to the package directory."""
    files = render_runtime(api)
    files.update(render_models(api))
    files["__init__.py"] = environment().get_template("package_init.py.jinja").render(
        api=api, version=__version__, lazy_exports=[]
    )
    header = environment().get_template("_header.jinja").render(api=api)
    for path, text in files.items():
        if path.endswith(".py") and not text.startswith(header):
            files[path] = header + text
    return files
