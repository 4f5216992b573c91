"""Paths → operations: parameters, request bodies, responses, security, pagination."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .. import ir, naming
from ..problems import pointer
from ..validate import METHODS
from .context import Context, listing, mapping
from .schemas import Schemas

_STATUS = re.compile(r"[1-5](\d\d|XX)|default")
# The parameter styles the generated functions can write, by location.
_STYLES = {"query": ("form", "spaceDelimited", "pipeDelimited"), "path": ("simple",), "header": ("simple",)}
# Header parameters OpenAPI says to ignore: the client sets these itself.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Statuses whose responses never have content (RFC 9110 15.3.5, 15.3.6, 15.4.5).
_NO_CONTENT = frozenset({"204", "205", "304"})


def _status_order(status: str) -> tuple[int, str]:
    return (1 if status == "default" else 0, status)


def _json_media(content: Any) -> tuple[str, Any] | None:
    """The JSON media type of a content map: (content type, media type object)."""
    if not isinstance(content, dict):
        return None
    for content_type in sorted(content):
        base = content_type.split(";", 1)[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return content_type, content[content_type]
    return None


def _reached_by_ref(item: Any) -> bool:
    return isinstance(item, dict) and "$ref" in item


def _named_operations(item: dict[str, Any]) -> bool:
    """Whether a path item has an operation with an operationId (which two paths
    cannot share; unnamed operations are named after their path)."""
    return any(isinstance(item.get(m), dict) and item[m].get("operationId") for m in METHODS)


class Operations:
    def __init__(self, ctx: Context, schemas: Schemas, schemes: frozenset[str], unsupported: dict[str, str]) -> None:
        self.ctx = ctx
        self.schemas = schemas
        self.schemes = schemes  # security scheme names the client can use
        self.unsupported = unsupported  # scheme name -> why the client cannot use it
        self.functions = naming.Names("function name")
        self.operation_ids: dict[str, str] = {}
        self.tags: dict[str, str | None] = {}  # tag name -> description, in order of appearance
        self.tag_at: dict[str, str] = {}  # tag name -> where it first appears
        # Pagination is resolved once every model exists.
        self.paginated: list[tuple[ir.Operation, dict[str, Any], str]] = []

    def build(self) -> list[ir.Operation]:
        for i, tag in enumerate(listing(self.ctx.doc.data.get("tags"))):
            if isinstance(tag, dict) and isinstance(tag.get("name"), str):
                self.tags.setdefault(tag["name"], tag.get("description"))
                self.tag_at.setdefault(tag["name"], pointer("tags", i))
        operations: list[ir.Operation] = []
        paths = mapping(self.ctx.doc.data.get("paths"))
        # Where each path's item is: a path item written in place is its path's; one
        # reached by $ref is the first path's to reach it, when no path holds it.
        used: dict[str, str] = {}
        for path in sorted(paths, key=lambda p: (_reached_by_ref(paths[p]), p)):
            used.setdefault(self.ctx.deref(paths[path], pointer("paths", path))[1], path)
        for path in sorted(paths):
            item, item_at = self.ctx.deref(paths[path], pointer("paths", path))
            if not isinstance(item, dict):
                continue  # the shape check reported it
            if used.get(item_at, path) != path and _named_operations(item):
                self.ctx.problem(
                    pointer("paths", path, "$ref"),
                    f"path {path!r} refers to the path item of {used[item_at]!r} ({item_at}):"
                    " its operations would be defined twice, with the same operationIds",
                )
                continue
            if not path.startswith("/"):
                self.ctx.problem(item_at, f"path {path!r} must start with '/'")
            outside = ir.PATH_VARIABLE.sub("", path)
            if "{" in outside or "}" in outside:
                self.ctx.problem(item_at, f"path {path!r} has an unbalanced or nested brace")
            self._no_servers(item, item_at)
            for method in METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    self._no_servers(node, self.ctx.at(item_at, method))
                    self.ctx.building = self.ctx.at(item_at, method)
                    built = self._operation(path, method, node, item, self.ctx.building)
                    if built is not None:
                        operations.append(built)
        self.ctx.building = "#"
        return operations

    def finish(self, operations: list[ir.Operation]) -> list[ir.Operation]:
        """Operations with their pagination resolved against the finished models."""
        resolved = {id(op): op for op in operations}
        for op, spec, where in self.paginated:
            pagination = self._pagination(op, spec, where)
            if pagination is not None:
                resolved[id(op)] = dataclasses.replace(op, pagination=pagination)
        return sorted(resolved.values(), key=lambda o: (o.path, o.method))

    # -------------------------------------------------------------------- pieces

    def _no_servers(self, node: dict[str, Any], where: str) -> None:
        """Servers of a path item or an operation would send its requests elsewhere
        than the Client's base URL: refused rather than ignored."""
        if listing(node.get("servers")):
            self.ctx.problem(
                self.ctx.at(where, "servers"),
                "servers on a path item or operation are not supported: "
                "every request goes to the Client's base URL (from the document's servers)",
            )

    def _operation(
        self, path: str, method: str, node: dict[str, Any], item: dict[str, Any], where: str
    ) -> ir.Operation | None:
        op_id = node.get("operationId")
        named_at = self.ctx.at(where, "operationId")
        if not isinstance(op_id, str) or not op_id:
            op_id = naming.pascal(f"{method} {path}") or method
            named_at = where  # the name comes from the method and the path
        elif op_id in self.operation_ids:
            self.ctx.problem(
                self.ctx.at(where, "operationId"),
                f"duplicate operationId {op_id!r} (also at {self.operation_ids[op_id]})",
            )
            return None
        self.operation_ids.setdefault(op_id, where)
        function = naming.function_name(op_id)
        for name in (function, f"{function}_detailed") + ((f"iter_{function}",) if "x-pagination" in node else ()):
            if not self.ctx.claim(self.functions, name, where, named_at):
                return None
        tags = node.get("tags")
        first = tags[0] if isinstance(tags, list) and tags else None
        tag, tag_at = (first, self.ctx.at(where, "tags", 0)) if isinstance(first, str) else ("default", where)
        self.tags.setdefault(tag, None)
        self.tag_at.setdefault(tag, tag_at)
        prefix = naming.pascal(op_id)
        parameters = self._parameters(path, node, item, where, function, prefix)
        operation = ir.Operation(
            operation_id=op_id,
            function=function,
            method=method.upper(),
            path=path,
            tag=tag,
            summary=node.get("summary"),
            description=node.get("description"),
            preview=node.get("x-preview") is True,
            deprecated=node.get("deprecated") is True,
            parameters=parameters,
            body=self._body(node, where, prefix),
            responses=self._responses(node, where, prefix, head=method.lower() == "head"),
            security=self._security(node, where),
            pagination=None,
        )
        if "x-pagination" in node:
            self.paginated.append((operation, node["x-pagination"], self.ctx.at(where, "x-pagination")))
        return operation

    def _parameters(
        self, path: str, node: dict[str, Any], item: dict[str, Any], where: str, function: str, prefix: str
    ) -> tuple[ir.Parameter, ...]:
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_at in ((item, where.rsplit("/", 1)[0]), (node, where)):
            for i, raw in enumerate(listing(owner.get("parameters"))):
                param, at = self.ctx.deref(raw, self.ctx.at(owner_at, "parameters", i))
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    found[(param["name"], str(param.get("in")))] = (param, at)
                elif isinstance(param, dict):
                    self.ctx.problem(at, "a parameter needs a name")
        names = naming.Names(f"argument of {function}")
        out: list[ir.Parameter] = []
        in_path = ir.PATH_VARIABLE.findall(path)
        for (name, location), (param, at) in found.items():
            if location == "header" and name.lower() in _IGNORED_HEADERS:
                continue
            if location not in ("path", "query", "header"):
                what = (
                    "cookie parameters are not supported"
                    if location == "cookie"
                    else f"unknown parameter location {location!r}"
                )
                self.ctx.problem(self.ctx.at(at, "in"), what)
                continue
            if location == "path" and name not in in_path:
                self.ctx.problem(at, f"path parameter {name!r} does not appear in the path {path!r}")
                continue
            # The function's body calls itself by these names: a parameter must not hide them.
            py_name = naming.attribute(name, naming.RESERVED_PARAMETER_NAMES | {function, f"{function}_detailed"})
            self.ctx.claim(names, py_name, f"{location} parameter {name!r}", at)
            schema, schema_at = param.get("schema"), self.ctx.at(at, "schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                if _json_media(param["content"]) is not None:
                    # its value would go as JSON text ("abc" with its quotes), which
                    # the parameter encoders do not write: refused, not sent otherwise
                    self.ctx.problem(
                        self.ctx.at(at, "content"),
                        "a parameter written as JSON (content: application/json) is not supported;"
                        " describe it with a schema and a style",
                    )
                    continue
                media_type = sorted(param["content"])[0]
                schema = (param["content"][media_type] or {}).get("schema")
                schema_at = self.ctx.at(at, "content", media_type, "schema")
            # A parameter has no null on the wire: nullable says nothing a caller can use.
            t = ir.non_null(
                self.schemas.type_at(
                    schema if schema is not None else {"type": "string"},
                    schema_at,
                    prefix + naming.pascal(name, "Parameter"),
                )
            )
            if not _is_scalar(t) and not (isinstance(t, ir.Array) and _is_scalar(t.item)):
                self.ctx.problem(
                    schema_at, f"a {location} parameter must be a string, number, boolean, enum or an array of them"
                )
                continue
            style = param.get("style") or ("form" if location == "query" else "simple")
            if style not in _STYLES[location]:
                self.ctx.problem(
                    self.ctx.at(at, "style"),
                    f"style {style!r} is not supported for {location} parameters (only {', '.join(_STYLES[location])})",
                )
                continue
            explode = param.get("explode")
            out.append(
                ir.Parameter(
                    name=name,
                    py_name=py_name,
                    location=location,  # type: ignore[arg-type]
                    type=t,
                    required=location == "path" or param.get("required") is True,
                    description=param.get("description"),
                    style=style,
                    explode=explode if isinstance(explode, bool) else style == "form",
                )
            )
        for name in in_path:
            if (name, "path") not in found:
                self.ctx.problem(where, f"path {path!r} uses {{{name}}} but declares no such path parameter")
        return tuple(out)

    def _body(self, node: dict[str, Any], where: str, prefix: str) -> ir.Body | None:
        if "requestBody" not in node:
            return None
        body, at = self.ctx.deref(node["requestBody"], self.ctx.at(where, "requestBody"))
        if not isinstance(body, dict):
            return None
        media = _json_media(body.get("content"))
        if media is None:
            self.ctx.problem(self.ctx.at(at, "content"), "no JSON content: only JSON request bodies are supported")
            return None
        content_type, media_type = media
        schema = media_type.get("schema", {}) if isinstance(media_type, dict) else {}
        schema_at = self.ctx.at(at, "content", content_type, "schema")
        t = self.schemas.type_at(schema, schema_at, prefix + "Request")
        return ir.Body(
            type=t,
            required=body.get("required") is True,
            content_type=content_type,
            description=body.get("description"),
        )

    def _responses(
        self, node: dict[str, Any], where: str, prefix: str, head: bool = False
    ) -> tuple[ir.ResponseSpec, ...]:
        """The documented responses. Those of a HEAD, and a 204, 205 or 304 of any
        method, have no body in HTTP, whatever content the spec documents for them
        (for a HEAD, that of the GET it mirrors)."""
        responses = mapping(node.get("responses"))
        out: list[ir.ResponseSpec] = []
        for status in sorted((str(s) for s in responses), key=_status_order):
            status_at = self.ctx.at(where, "responses", status)
            if not _STATUS.fullmatch(status):
                self.ctx.problem(status_at, f"{status!r} is not a status code, a range like 4XX, or default")
                continue
            response, at = self.ctx.deref(responses[status], status_at)
            if not isinstance(response, dict):
                continue
            bodiless = head or status in _NO_CONTENT
            media = None if bodiless else _json_media(response.get("content"))
            t: ir.Type | None = None
            if not bodiless and media is None and status.startswith("2") and isinstance(response.get("content"), dict) and response["content"]:
                # Not JSON: the body is handed over as text (text/*) or as bytes.
                first = sorted(response["content"])[0]
                t = ir.RawBody(text=first.split(";", 1)[0].strip().lower().startswith("text/"), media=first)
            elif media is not None:
                content_type, media_type = media
                schema = media_type.get("schema", {}) if isinstance(media_type, dict) else {}
                suffix = "Response" if status == "200" else f"Response{status}"
                schema_at = self.ctx.at(at, "content", content_type, "schema")
                t = self.schemas.type_at(schema, schema_at, prefix + suffix)
            out.append(ir.ResponseSpec(status, t, response.get("description")))
        return tuple(out)

    def _security(self, node: dict[str, Any], where: str) -> tuple[tuple[str, ...], ...]:
        if "security" in node:
            requirements, at = node["security"], self.ctx.at(where, "security")
        else:
            requirements, at = self.ctx.doc.data.get("security"), pointer("security")
        usable: list[tuple[str, ...]] = []
        reasons: list[str] = []
        listed = listing(requirements)
        for i, requirement in enumerate(listed):
            if not isinstance(requirement, dict):
                continue
            missing = False
            for name in requirement:
                if name in self.unsupported:
                    reasons.append(self.unsupported[name])
                    missing = True
                elif name not in self.schemes:
                    self.ctx.problem(self.ctx.at(at, i, name), f"security scheme {name!r} is not defined in components")
                    missing = True
            if not missing:
                usable.append(tuple(sorted(requirement)))
        if listed and not usable and reasons:
            self.ctx.problem(at, "no security alternative can be used: " + "; ".join(sorted(set(reasons))))
        # An empty alternative (no credentials needed) is tried last, so that a
        # credential the user gave is sent.
        return tuple(sorted(usable, key=lambda alternative: not alternative))

    def _pagination(self, op: ir.Operation, spec: Any, where: str) -> ir.Pagination | None:
        if not isinstance(spec, dict):
            return None
        by_wire = {p.name: p for p in op.parameters if p.location == "query"}
        cursor = spec.get("cursorParam")
        limit = spec.get("limitParam")
        ok = True
        if cursor not in by_wire:
            self.ctx.problem(
                self.ctx.at(where, "cursorParam"), f"{cursor!r} is not a query parameter of {op.operation_id}"
            )
            ok = False
        elif by_wire[cursor].required or not (
            isinstance(given := ir.non_null(by_wire[cursor].type), ir.Primitive) and given.kind == "string"
        ):
            # the iterator leaves it out for the first page, then passes the string it got
            self.ctx.problem(
                self.ctx.at(where, "cursorParam"), f"{cursor!r} must be an optional query parameter of type string"
            )
            ok = False
        if limit is not None and limit not in by_wire:
            self.ctx.problem(
                self.ctx.at(where, "limitParam"), f"{limit!r} is not a query parameter of {op.operation_id}"
            )
            ok = False
        success = next((r for r in op.success if r.type is not None), None)
        if success is None or success.type is None:
            self.ctx.problem(where, f"{op.operation_id} has no success response to take pages from")
            return None
        items = self._follow(success.type, spec.get("itemsPath"), self.ctx.at(where, "itemsPath"))
        next_cursor = self._follow(success.type, spec.get("cursorPath"), self.ctx.at(where, "cursorPath"))
        if items is None or next_cursor is None or not ok:
            return None
        items_type, items_json, items_attrs = items
        cursor_type, cursor_json, cursor_attrs = next_cursor
        items_array, cursor_value = ir.non_null(items_type), ir.non_null(cursor_type)
        if not isinstance(items_array, ir.Array):
            self.ctx.problem(self.ctx.at(where, "itemsPath"), f"{'.'.join(items_json)!r} is not an array")
            return None
        if not (isinstance(cursor_value, ir.Primitive) and cursor_value.kind == "string"):
            self.ctx.problem(self.ctx.at(where, "cursorPath"), f"{'.'.join(cursor_json)!r} is not a string")
            return None
        return ir.Pagination(
            cursor_param=str(cursor),
            limit_param=str(limit) if limit is not None else None,
            cursor_arg=by_wire[str(cursor)].py_name,
            limit_arg=by_wire[limit].py_name if limit is not None else None,
            cursor_path=cursor_json,
            item_type=items_array.item,
            cursor_attrs=cursor_attrs,
            items_attrs=items_attrs,
        )

    def _follow(self, t: ir.Type, dotted: Any, where: str) -> tuple[ir.Type, tuple[str, ...], tuple[str, ...]] | None:
        """The type at a dotted path of JSON names inside object models, with the
        JSON names and attribute names along it."""
        if not isinstance(dotted, str) or not dotted:
            self.ctx.problem(where, "must be a dotted path of property names")
            return None
        json_names: list[str] = []
        attrs: list[str] = []
        for step in dotted.split("."):
            ref = ir.non_null(t)
            model = self.ctx.models.get(ref.name) if isinstance(ref, ir.ObjectRef) else None
            found = (
                next((f for f in model.fields if f.json_name == step), None)
                if isinstance(model, ir.ObjectModel)
                else None
            )
            if found is None:
                self.ctx.problem(where, f"{dotted!r}: the response has no property {step!r} there")
                return None
            json_names.append(found.json_name)
            attrs.append(found.py_name)
            t = found.type
        return t, tuple(json_names), tuple(attrs)


def _is_scalar(t: ir.Type) -> bool:
    return isinstance(ir.non_null(t), (ir.Primitive, ir.DateTime, ir.EnumRef))
