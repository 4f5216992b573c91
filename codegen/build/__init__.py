"""Build stage: a loaded document → the IR (``ir.Api``), every type decision made.

- ``schemas``: schemas → type nodes and models (objects, enums, unions, aliases);
- ``operations``: paths → operations (parameters, bodies, responses, pagination);
- ``connection``: servers and security schemes → the ``Client``'s arguments;
- ``cycles``: recursive models, and required properties that can never be met;
- ``context``: what they share (the document, the problems, the namespaces).

Problems are collected with their JSON pointers and raised together as one
``SpecError``; nothing partial comes out.
"""

from __future__ import annotations

from .. import ir, naming
from ..load import Document
from ..problems import Problem, SpecError
from ..validate import validate
from .connection import Connection
from .context import Context, mapping
from .cycles import check_import_depth, check_required_cycles, check_union_cycles, mark_recursive
from .operations import Operations
from .schemas import Schemas

__all__ = ["build"]


def build(doc: Document, package: str) -> ir.Api:
    """The IR of ``doc`` for the package ``package``. Raises ``SpecError``."""
    ctx = Context(doc, package)
    try:
        return _build(ctx)
    except RecursionError:
        where = ctx.building  # where the nesting starts: a component schema or an operation
        raise SpecError(doc.source, [Problem(where, "schemas are nested too deeply to build")]) from None


def _build(ctx: Context) -> ir.Api:
    doc, package = ctx.doc, ctx.package
    validate(doc, ctx.problems)
    ctx.problems.raise_if_any()  # what follows relies on the document's shape

    schemas = Schemas(ctx)
    schemas.build_components()
    connection = Connection(ctx)
    servers = connection.servers()
    schemes = connection.security_schemes()
    operations = Operations(ctx, schemas, frozenset(s.name for s in schemes), connection.unsupported)
    built = operations.build()
    schemas.finish()
    schemas.settle_unions()
    models = mark_recursive(ctx.models)
    ctx.models = models
    check_required_cycles(ctx, models)
    check_union_cycles(ctx, models)
    check_import_depth(ctx, models)
    # `from <package>.models import x_from_dict` must give a union's or alias's
    # function, never the module of another schema.
    functions = {
        f"{m.module}_{verb}": m
        for m in models.values()
        if isinstance(m, (ir.UnionModel, ir.AliasModel))
        for verb in ("from_dict", "to_dict")
    }
    for model in models.values():
        if model.module in functions:
            owner = functions[model.module]
            ctx.problem(
                model.where,
                f"the module name {model.module!r} is also the name of a function of {owner.name} ({owner.where})",
            )
    finished = operations.finish(built)

    tag_modules = naming.Names("tag module")
    tags: list[ir.Tag] = []
    for name, description in operations.tags.items():
        module = naming.module_name(name)
        at = operations.tag_at[name]
        if module in operations.functions.owners:
            # `from <package>.api import x` must give the function, never a module.
            ctx.problem(at, f"tag {name!r} gives the module name {module!r}, which is also a function name")
        elif ctx.claim(tag_modules, module, f"tag {name!r}", at):
            tags.append(ir.Tag(name, module, description if isinstance(description, str) else None))
    ctx.problems.raise_if_any()

    info = mapping(doc.data.get("info"))
    return ir.Api(
        package=package,
        title=str(info.get("title") or package),
        version=str(info.get("version") or ""),
        description=info.get("description"),
        source=doc.source,
        digest=doc.digest,
        servers=servers,
        server_path=connection.server_path,
        security_schemes=schemes,
        tags=tuple(tags),
        models=tuple(models[name] for name in sorted(models)),
        operations=tuple(finished),
    )
