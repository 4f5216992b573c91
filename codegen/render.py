"""Render stage: the IR → the text of every generated file (unformatted).

Templates print what the IR says. This module only prepares what is purely
presentational: import lines, docstrings, and the list of files.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from . import __version__, ir, layout, naming
from .gc_pause import gc_paused
from .literals import literal

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME_MODULES = ("_types", "errors", "_codec", "_json", "_params", "_retry", "_transport", "client", "response", "pagination")


@cache
def environment() -> jinja2.Environment:
    cache_dir = os.environ.get("CODEGEN_CACHE_DIR")
    bytecode = Path(cache_dir).parent / "jinja" if cache_dir else Path.cwd() / ".cache" / "jinja"
    try:
        bytecode.mkdir(parents=True, exist_ok=True)
        bytecode_cache: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache(str(bytecode))
    except OSError:
        bytecode_cache = None  # compiling the templates each time only costs time
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=bytecode_cache,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["pyrepr"] = literal
    env.filters["fit"] = layout.expression
    env.filters["fit_call"] = layout.call
    env.filters["operands"] = layout.operands
    env.filters["import_from"] = layout.import_from
    env.filters["oneline"] = _oneline
    env.filters["wrap"] = _wrap
    env.filters["status_key"] = _status_key
    env.filters["argdoc"] = _argdoc
    return env


def _argdoc(text: str, name: str) -> str:
    """One "name: text" entry of an Args section, wrapped and indented."""
    line = f"{name}: " + " ".join(text.split())
    return _docsafe(textwrap.fill(line, 88, initial_indent="        ", subsequent_indent="            ", break_long_words=False))


def _status_key(status: str) -> str:
    """A response table key: the status as an int, or "2XX" / "default" as strings."""
    return status if status.isdigit() else literal(status)


def _docsafe(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    # Control characters as escapes: Python source cannot hold NUL, and reads a
    # carriage return as a line end.
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text + " " if text.endswith('"') else text


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _oneline(text: str | None) -> str:
    return _docsafe(" ".join(str(text or "").split()))


def _fill(text: str | None, width: int = 84, indent: str = "") -> str:
    """Paragraphs of ``text`` wrapped to ``width`` (not yet escaped for a docstring)."""
    paragraphs = [" ".join(p.split()) for p in str(text or "").split("\n\n")]
    wrapped = [
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent, break_long_words=False)
        for p in paragraphs
        if p
    ]
    return ("\n\n").join(wrapped).strip()


def _wrap(text: str | None, width: int = 84, indent: str = "") -> str:
    return _docsafe(_fill(text, width, indent))


def _hanging(text: str, indent: str = "    ") -> str:
    """``text`` with the lines after the first indented as the body of the class or
    function whose docstring it opens. (Left at the margin, black would indent them
    and every line after them too.)"""
    first, *rest = text.split("\n")
    return "\n".join([first, *(indent + line if line else line for line in rest)])


def _object_docstring(model: ir.ObjectModel) -> str:
    lines = [_hanging(_wrap(model.description or model.name, 80))]
    lines.append("")
    lines.append("    Attributes:")
    for f in model.fields:
        note = f.description or ""
        if not f.required:
            note += " Optional: ``UNSET`` (left off the wire) when not given."
        if f.access == "read":
            note += " readOnly: the server sends it, requests leave it out."
        elif f.access == "write":
            note += " writeOnly: requests send it, responses leave it out."
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
    # A branch that decodes only by holding an UnknownVariant (an inner union none of
    # whose variants fits) counts when no branch decodes wholly.
    rule += " (those holding no ``UnknownVariant`` first"
    rule += ")" if model.any_of else "; of several objects, the one holding a branch's constant property)"
    return _wrap(f"{how}; {rule}. Otherwise the value is kept as ``UnknownVariant``.", 80, "    ").strip()


def import_lines(imports: Iterable[ir.Import], here: str, indent: int = 0) -> tuple[list[str], list[str]]:
    """(stdlib lines, package lines) for ``imports`` seen from module ``here``,
    to be written at ``indent`` spaces.

    ``here`` is the module's dotted path inside the package (``models.foo``).
    """
    stdlib: dict[str, set[str]] = defaultdict(set)
    local: dict[str, set[str]] = defaultdict(set)
    here_parts = here.split(".")[:-1]
    for module, name in imports:
        if module in RUNTIME_MODULES:
            continue  # templates import the runtime themselves
        if module.startswith("models.") or module.startswith("_"):
            parts = module.split(".")
            common = 0
            while common < min(len(parts) - 1, len(here_parts)) and parts[common] == here_parts[common]:
                common += 1
            dots = "." * (len(here_parts) - common + 1)
            local[dots + ".".join(parts[common:])].add(name)
        else:
            stdlib[module].add(name)
    return _lines(stdlib, indent), _lines(local, indent)


def _lines(groups: dict[str, set[str]], indent: int) -> list[str]:
    return [layout.import_from(module, sorted(names), indent) for module, names in sorted(groups.items())]


def render_models(api: ir.Api) -> dict[str, str]:
    env = environment()
    files: dict[str, str] = {}
    owner_of_module = {f"models.{m.module}": m.name for m in api.models}
    exports: list[tuple[str, str]] = []
    for model in api.models:
        here = f"models.{model.module}"
        context: dict[str, Any] = {"api": api, "model": model}
        if isinstance(model, ir.EnumModel):
            template = "models/enum.py.jinja"
            context["docstring"] = _hanging(_wrap(model.description or model.name, 80))
            exports.append((model.name, model.module))
        else:
            imports = model.imports()
            cycle: frozenset[str] = getattr(model, "cycle", frozenset())
            cyclic = {i for i in imports if owner_of_module.get(i[0]) in cycle} if cycle else set()
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


def render_runtime(api: ir.Api) -> dict[str, str]:
    env = environment()
    server = api.servers[0] if api.servers else None
    files = {
        f"{name}.py": env.get_template(f"runtime/{name}.py.jinja").render(api=api, server=server)
        for name in RUNTIME_MODULES
    }
    files["py.typed"] = ""
    return files


def _signature(op: ir.Operation) -> dict[str, Any]:
    lines = [f"    {p.py_name}: {p.annotation()}," for p in op.path_parameters]
    forward = [f"{p.py_name}={p.py_name}" for p in op.path_parameters]
    lines.append("    *,")
    if op.body is not None:
        default = "" if op.body.required else " = UNSET"
        unset = "" if op.body.required else " | Unset"
        lines.append(f"    body: {op.body.annotation()}{unset}{default},")
        forward.append("body=body")
    for p in op.other_parameters:
        default = "" if p.required else " = UNSET"
        lines.append(f"    {p.py_name}: {p.annotation()}{default},")
        forward.append(f"{p.py_name}={p.py_name}")
    lines.append("    timeout: Timeout | Unset = UNSET,")
    forward.append("timeout=timeout")
    out: dict[str, Any] = {"signature": "\n".join(lines), "forward": forward, "cursor": "", "limit": ""}
    if op.pagination is not None:
        cursor = out["cursor"] = op.pagination.cursor_arg
        out["limit"] = op.pagination.limit_arg or ""
        out["forward_without_cursor"] = [f for f in forward if not f.startswith(cursor + "=")]
    return out


def _operation_docstring(api: ir.Api, op: ir.Operation) -> str:
    # Escaped once, at the end, for the docstring as a whole.
    parts = [_hanging(_fill(op.summary or op.operation_id, 80))]
    if op.description and op.description != op.summary:
        parts.append(_fill(op.description, 80, "    ").strip())
    if op.preview:
        parts.append("This endpoint is in Preview and is subject to change.")
    if op.deprecated:
        parts.append("Deprecated.")
    args = ["Args:", "        client: The ``Client`` to send with."]
    for p in op.path_parameters + op.other_parameters:
        where = f"{p.location} parameter ``{p.name}``"
        text = (p.description or "").strip()
        line = f"{p.py_name}: {text} ({where}{'' if p.required else ', optional'})"
        args.append(_entry(line, 80))
    if op.body is not None:
        text = (op.body.description or "The request body.").strip()
        line = f"body: {text} A ``{op.body.type.annotation()}`` or plain JSON-shaped data of its shape (validated before sending)."
        args.append(_entry(line, 80))
    args.append("        timeout: Seconds (or a (connect, read) pair) for this call instead of the client's.")
    parts.append("\n".join(args))
    returns = op.return_annotation()
    statuses = ", ".join(r.status for r in op.success)
    parts.append(f"Returns:\n        {returns} (HTTP {statuses}).")
    raises = [f"{_error_name(r.status)}: HTTP {r.status} ({(r.description or '').strip()})." for r in op.failures]
    raises.append("ApiError: any other status that is not a success.")
    if op.body is None:
        raises.append("DecodeError: a success body that does not fit its schema.")
    else:
        raises.append("DecodeError: a success body that does not fit its schema, or a plain-data body argument that does not.")
        raises.append("EncodeError: a body argument that cannot be written (a value of another type, a naive datetime).")
    raises.append("TransportError: the connection failed or timed out (ConnectionError, TimeoutError).")
    if op.security and all(op.security):  # an empty alternative needs no credential
        raises.append("MissingCredentialsError: for each way this operation can be authenticated, the client lacks a credential it needs.")
    raises.append("TypeError, ValueError: an argument of the wrong type or out of range; nothing is sent.")
    parts.append("\n".join(["Raises:"] + [_entry(line, 88) for line in raises]))
    return _docsafe("\n\n    ".join(parts)) + "\n    "


def _entry(line: str, width: int) -> str:
    """One entry of a docstring's Args or Raises section, its later lines indented."""
    return textwrap.fill(line, width, initial_indent=" " * 8, subsequent_indent=" " * 12, break_long_words=False)


def _error_name(status: str) -> str:
    named = {"400": "BadRequestError", "401": "UnauthorizedError", "403": "ForbiddenError", "404": "NotFoundError", "409": "ConflictError", "429": "RateLimitError"}
    if status in named:
        return named[status]
    return "ServerError" if status.startswith("5") else "ApiError"


def _body_encoder(t: ir.Type) -> str:
    """How a request body of type ``t`` is written once decoding it has checked it.
    A free-form body is left as it is: the JSON writer judges its values, and a
    model given there is sent as what it writes (``_params.encode_body``)."""
    return "v" if t.free_form else t.encode("v")


def _codecs(
    operations: list[ir.Operation], here: str
) -> tuple[list[dict[str, Any]], dict[ir.Type, str], dict[ir.Type, str]]:
    """One small function per type a tag module decodes or encodes.

    Each imports the models it needs when first called, so importing the tag
    module imports no model.
    """
    decoders: dict[ir.Type, str] = {}
    encoders: dict[ir.Type, str] = {}
    out: list[dict[str, Any]] = []
    # The response tables of the module's operations (an operation decode_foo has
    # _decode_foo_ok, which is also the decoder's name for a type FooOk).
    taken = {f"_{op.function}_{table}" for op in operations for table in ("ok", "errors")}

    def add(kind: str, t: ir.Type, table: dict[ir.Type, str], expression: str) -> None:
        if t in table:
            return
        name = f"_{kind}_" + naming.snake(t.annotation()).replace("__", "_")
        while name in taken:
            name += "_"
        taken.add(name)
        table[t] = name
        used = {i for i in t.imports() if re.search(rf"\b{re.escape(i[1].split(' as ')[-1])}\b", expression)}
        stdlib, local = import_lines(used, here, indent=4)
        out.append({"name": name, "imports": stdlib + local, "expression": expression})

    for op in operations:
        for r in op.responses:
            if isinstance(r.type, ir.RawBody):
                decoders[r.type] = r.type.decoder()
            elif r.type is not None:
                add("decode", r.type, decoders, r.type.decode("v"))
        if op.body is not None:
            add("decode", op.body.type, decoders, op.body.type.decode("v"))
            add("encode", op.body.type, encoders, _body_encoder(op.body.type))
    return out, decoders, encoders


def render_api(api: ir.Api) -> dict[str, str]:
    env = environment()
    files: dict[str, str] = {}
    exports: list[tuple[str, str]] = []
    for tag in api.tags:
        operations = sorted((op for op in api.operations if op.tag == tag.name), key=lambda o: (o.path, o.method))
        if not operations:
            continue
        imports: frozenset[ir.Import] = frozenset()
        for op in operations:
            imports |= op.imports()
            exports += [(op.function, tag.module), (f"{op.function}_detailed", tag.module)]
            if op.pagination is not None:
                exports.append((f"iter_{op.function}", tag.module))
        here = f"api.{tag.module}"
        stdlib, local = import_lines(imports, here, indent=4)
        codecs, codec_names, encoder_names = _codecs(operations, here)
        raw_bodies = sorted({r.type.runtime_name for op in operations for r in op.responses if isinstance(r.type, ir.RawBody)})
        files[f"api/{tag.module}.py"] = env.get_template("api/tag.py.jinja").render(
            raw_bodies=raw_bodies,
            api=api,
            tag=tag,
            operations=operations,
            stdlib_imports=stdlib,
            model_imports=local,
            codecs=codecs,
            codec_names=codec_names,
            encoder_names=encoder_names,
            op_args={op.function: _signature(op) for op in operations},
            read_only_bodies={
                op.function: ir.reaches_read_only(op.body.type, api.models) for op in operations if op.body
            },
            docstrings={op.function: _operation_docstring(api, op) for op in operations},
        )
    files["api/__init__.py"] = env.get_template("api/__init__.py.jinja").render(api=api, exports=sorted(exports))
    return files


# Names the package's __init__ gives, importing their module on first use.
_LAZY_EXPORTS = [
    ("Client", "client"),
    ("PreciseDateTime", "_codec"),
    ("Response", "response"),
    ("UNKNOWN_OFFSET", "_codec"),
]


@gc_paused
def render_package(api: ir.Api) -> dict[str, str]:
    """Every file of the package, by path relative to the package directory, without
    the header (see ``header``)."""
    files = render_runtime(api)
    files.update(render_models(api))
    files.update(render_api(api))
    files["__init__.py"] = environment().get_template("package_init.py.jinja").render(
        api=api, version=__version__, lazy_exports=_LAZY_EXPORTS
    )
    return files


def header(api: ir.Api) -> str:
    """The two comment lines every generated ``.py`` file starts with.

    Added after formatting, so that a change of spec hash does not make every
    file look new to the format cache.
    """
    return environment().get_template("_header.jinja").render(api=api)


def strip_header(text: str) -> str:
    """A generated file's text without its header (the formatted body)."""
    if text.startswith("# Generated by codegen"):
        return text.split("\n", 2)[2] if text.count("\n") >= 2 else ""
    return text
