"""References between models: which models are recursive (and with whom), and
which required properties or unions no finite value could ever satisfy."""

from __future__ import annotations

import dataclasses

from .. import ir
from .context import Context


def mark_recursive(models: dict[str, ir.Model]) -> dict[str, ir.Model]:
    """Models that are part of a reference cycle get ``recursive`` and ``cycle`` set
    (their decoders guard against deep nesting; the others of the cycle are
    imported at the end of their module)."""
    edges = _references(models)
    out = dict(models)
    for component in _strongly_connected(edges):
        members = set(component)
        if len(members) == 1:
            (only,) = members
            if only not in edges[only]:
                continue
        for name in members:
            model = models[name]
            if isinstance(model, (ir.ObjectModel, ir.UnionModel, ir.AliasModel)):
                out[name] = dataclasses.replace(model, recursive=True, cycle=frozenset(members - {name}))
    return out


# How deep the generated model modules may import one another: each import takes
# several interpreter frames, and a chain of about 120 exhausts the default limit of 1000.
IMPORT_DEPTH_LIMIT = 100


def check_import_depth(ctx: Context, models: dict[str, ir.Model]) -> None:
    """Report a chain of references so long that the modules generated for it could
    not import one another (each model's module imports the models it refers to)."""
    edges = _references(models)
    components = _strongly_connected(edges)  # each after every component it reaches
    component_of = {name: i for i, members in enumerate(components) for name in members}
    depth: list[int] = []
    following: list[int | None] = []
    for i, members in enumerate(components):
        reached = {component_of[r] for name in members for r in edges[name]} - {i}  # not itself
        deepest = max(reached, key=lambda j: depth[j], default=None)
        depth.append(len(members) + (depth[deepest] if deepest is not None else 0))
        following.append(deepest)
    if not depth or max(depth) <= IMPORT_DEPTH_LIMIT:
        return
    at: int | None = max(range(len(depth)), key=lambda i: depth[i])
    chain = []
    while at is not None:
        chain.append(components[at][0])
        at = following[at]
    shown = " → ".join(chain[:3] + ["…"] + chain[-1:]) if len(chain) > 4 else " → ".join(chain)
    ctx.problem(
        models[chain[0]].where,
        f"references chain {max(depth)} models deep ({shown}): the generated modules could not "
        f"import one another more than {IMPORT_DEPTH_LIMIT} deep",
    )


def check_required_cycles(ctx: Context, models: dict[str, ir.Model]) -> None:
    """Report objects whose required properties lead back to themselves: no finite
    JSON value has them, so the spec is wrong. Each such group is reported once, at
    its first model, with one cycle through it."""
    edges: dict[str, list[str]] = {}
    objects = {name for name, model in models.items() if isinstance(model, ir.ObjectModel)}
    for name, model in models.items():
        if isinstance(model, ir.ObjectModel):
            edges[name] = sorted(
                {f.type.name for f in model.fields if f.required and isinstance(f.type, ir.ObjectRef)} & objects
            )
    for cycle in _cycles(edges):
        ctx.problem(
            models[cycle[0]].where,
            "required properties form a cycle that no finite JSON value can satisfy: " + " → ".join(cycle),
        )


def check_union_cycles(ctx: Context, models: dict[str, ir.Model]) -> None:
    """Report unions that are branches of themselves, directly or through other unions
    (with no array, map or object between): no value could match them. Each such group
    is reported once, at the branch that closes one cycle through it."""
    edges = {
        name: sorted({inner.name for _, inner in _union_branches(model)})
        for name, model in models.items()
        if isinstance(model, ir.UnionModel)
    }
    for cycle in _cycles(edges):
        last, first = models[cycle[-2]], cycle[-1]
        assert isinstance(last, ir.UnionModel)
        index = next(i for i, inner in _union_branches(last) if inner.name == first)
        ctx.problem(
            ctx.at(last.where, "anyOf" if last.any_of else "oneOf", index),
            "the union contains itself through unions or references only: no value could match it",
        )


def _references(models: dict[str, ir.Model]) -> dict[str, list[str]]:
    """Each model → the models it refers to."""
    return {name: sorted(r for r in model.refs() if r in models) for name, model in models.items()}


def _union_branches(model: ir.Model) -> list[tuple[int, ir.UnionRef]]:
    """(index, union) for each branch of a union model that is itself a union."""
    if not isinstance(model, ir.UnionModel):
        return []
    return [(i, inner) for i, b in enumerate(model.branches) if isinstance(inner := ir.non_null(b.type), ir.UnionRef)]


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One shortest cycle (first node repeated at the end) through each group of nodes
    that reach one another, starting at the group's first node."""
    out = []
    for component in _strongly_connected(edges):
        first = component[0]
        if len(component) > 1 or first in edges[first]:
            out.append(_shortest_cycle(first, edges, set(component)))
    return out


def _shortest_cycle(start: str, edges: dict[str, list[str]], within: set[str]) -> list[str]:
    """The shortest way from ``start`` back to itself inside one component."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for following in edges[node]:
            if following == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return list(reversed(path)) + [start]
            if following in within and following not in previous:
                previous[following] = node
                queue.append(following)
    return [start, start]


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (specs may have long reference chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out
