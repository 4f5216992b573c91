"""Schemas → type nodes and models.

Every schema becomes a type (``ir.Type``); the ones that need a module of their
own (objects, enums, unions, and named schemas of any other kind) also become a
model. Type decisions are made here:

- ``$ref`` to a component: that component's type (an alias resolves to its target);
- the "any JSON value" oneOf (string, number, boolean, free-form object and array):
  ``JsonValue``;
- oneOf / anyOf: a union, resolved at run time as ``ir.UnionModel`` describes;
- string or integer ``enum``: an enum that keeps unknown values;
- ``properties`` (or an ``allOf`` of objects): an attrs class;
- ``type: object`` without properties: a map of its ``additionalProperties``;
- arrays, primitives (``date-time`` strings become ``datetime``), and ``{}``: any JSON;
- ``nullable: true``: ``None`` is a value of its own.

Inline schemas that need a model are named after where they appear
(``Parent`` + ``Property``, ``Union`` + ``Option1``, …). Objects are registered
before their properties are built, and unions before their branches, so references
may form cycles through them.
"""

from __future__ import annotations

import dataclasses
import json
import keyword
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import ir, naming
from ..load import canonical, tokens
from .context import SCHEMAS, Context, listing, mapping

_NO_CONSTANT = object()
# Keywords that describe a schema without constraining the shape of its values.
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "default", "nullable", "readOnly", "writeOnly", "deprecated", "externalDocs"}
)
_ANY_JSON_KEYS = _ANNOTATIONS | {"type", "format", "items", "additionalProperties"}
_JSON_PRIMITIVES = ("string", "number", "integer", "boolean")


@dataclass
class ObjectView:
    """The properties of an object schema, with ``allOf`` parts merged in."""

    properties: dict[str, tuple[Any, str]] = field(default_factory=dict)  # JSON name -> (schema, pointer)
    required: list[str] = field(default_factory=list)
    required_at: dict[str, str] = field(default_factory=dict)  # name -> pointer of its required list
    additional: tuple[Any, str] | None = None


class Schemas:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.types: dict[str, ir.Type] = {}  # schema pointer -> its type
        self.busy: set[str] = set()  # pointers whose type is being built
        self.pending: deque[tuple[str, str, dict[str, Any], str]] = deque()  # objects whose fields are to build
        self.union_refs: dict[str, ir.UnionRef] = {}  # each union's type once it is built
        self.components_busy: set[str] = set()  # the part of ``busy`` that are components

    # ------------------------------------------------------------------ entry points

    def build_components(self) -> None:
        """The type of every component schema (and with them, every model)."""
        for name in sorted(self.ctx.components("schemas")):
            self.ctx.building = self.ctx.schema_pointer(name)
            self.component(name)
        self.finish()

    def component(self, name: str) -> ir.Type:
        where = self.ctx.schema_pointer(name)
        return self._at(self.ctx.components("schemas").get(name), where, name, component=True)

    def type_at(self, schema: Any, where: str, fallback: str) -> ir.Type:
        """``type_of``, an inline model named after where it lives if it has a home
        under ``components``, else ``fallback``."""
        return self.type_of(schema, where, self.hint_at(where) or fallback)

    def _item_counts(self, schema: dict[str, Any], where: str) -> tuple[int, int | None]:
        """An array schema's (minItems, maxItems); a bound that is not a whole number
        from 0 is a problem, reported where it stands."""

        def bound(key: str) -> int | None:
            value = schema.get(key)
            if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                return value
            self.ctx.problem(self.ctx.at(where, key), f"{key} must be a whole number, 0 or more")
            return None

        least, most = bound("minItems") or 0, bound("maxItems")
        if most is not None and least > most:
            self.ctx.problem(self.ctx.at(where, "minItems"), f"minItems {least} is more than maxItems {most}")
        return least, most

    def type_of(self, schema: Any, where: str, hint: str) -> ir.Type:
        """The type of the schema found at ``where``; ``hint`` names an inline model."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            name = self.ctx.component_name(schema["$ref"])
            if name is not None and name in self.ctx.components("schemas"):
                return self.component(name)
            target, at = self.ctx.deref(schema, where)
            return self._at(target, at, hint, component=False)
        return self._at(schema, where, hint, component=False)

    def finish(self) -> None:
        """Build the fields of every object registered so far (they may register more)."""
        while self.pending:
            cls, module, schema, where = self.pending.popleft()
            self.ctx.building = where
            self._object_model(cls, module, schema, where)
        self.ctx.building = "#"

    # ---------------------------------------------------------------------- dispatch

    def _at(self, schema: Any, where: str, hint: str, component: bool) -> ir.Type:
        known = self.types.get(where)
        if known is not None:
            return known
        if not isinstance(schema, dict):
            self.ctx.problem(where, "a schema must be a mapping")  # the shape check says so first
            return ir.JsonValue()
        if where in self.busy:
            holder = self._self_holding(schema, where, hint)
            if holder is not None:
                return self._nullable(holder, schema)
            self.ctx.problem(
                where,
                "the schema contains itself through references only, or through arrays and "
                "maps that are not components; recursion must pass through a named schema",
            )
            return ir.JsonValue()
        self.busy.add(where)
        if component:
            self.components_busy.add(where)
        try:
            if isinstance(schema.get("$ref"), str):  # a component that is another's alias
                bare = self.type_of(schema, where + "/$ref", hint)
                self._alias(bare, schema, where, hint)
                return self.types.setdefault(where, bare)
            bare = self._bare(schema, where, hint, component)
        finally:
            self.busy.discard(where)
            self.components_busy.discard(where)
        return self.types.setdefault(where, self._nullable(bare, schema))

    def _self_holding(self, schema: dict[str, Any], where: str, hint: str) -> ir.Type | None:
        """Met again while it is being built: the named array or map the cycle closes at
        (this schema, or the one it is an alias of), whose alias module's functions carry
        the recursion (the alias itself is added when its build ends); else None."""
        target: Any = schema
        at, name = where, hint
        followed: set[str] = set()
        nullable = False  # any schema on the way may say so
        while isinstance(target, dict) and at not in followed:
            followed.add(at)
            nullable = nullable or _says_null(target)
            known = self.types.get(at)  # a union being built: its placeholder
            if known is not None:
                return ir.Nullable(ir.non_null(known)) if nullable else known
            container = _container(target)
            if container is not None and at in self.components_busy:
                names = self.ctx.model_name(name, at)
                if names is None:
                    return None
                holder = ir.AliasRef(*names, frozenset({container}))
                return ir.Nullable(holder) if nullable else holder
            parts: Any = target.get("allOf")
            only = _only_part(parts)
            if isinstance(target.get("$ref"), str):
                target, at = self.resolve(target, at)
            elif only is not None:
                target, at = self.resolve(parts[only], self.ctx.at(at, "allOf", only))
            else:
                return None
            name = self.hint_at(at) or name
        return None

    def _bare(self, schema: dict[str, Any], where: str, hint: str, component: bool) -> ir.Type:
        if "not" in schema:
            self.ctx.problem(self.ctx.at(where, "not"), "'not' is not supported")
            return ir.JsonValue()
        if self.is_any_json(schema, where, frozenset()):
            if component:
                self._alias(ir.JsonValue(), schema, where, hint)
            return ir.JsonValue()
        union = "oneOf" if "oneOf" in schema else "anyOf" if "anyOf" in schema else None
        if union is not None and ("properties" in schema or "allOf" in schema):
            # Branches that only say which properties go together leave the object as it is.
            if not all(_constraint_only(option) for option in listing(schema[union])):
                self.ctx.problem(
                    self.ctx.at(where, union),
                    f"{union} beside properties or allOf is not supported: "
                    "give each branch the whole object (an allOf inside each branch)",
                )
                return ir.JsonValue()
        elif union is not None:
            return self._union(schema, where, hint)
        if self.enum_kind(schema) is not None:
            return self._enum(schema, where, hint)
        parts: Any = schema.get("allOf")
        only = _only_part(parts)
        if only is not None and set(schema) <= _ANNOTATIONS | {"allOf", "type"}:
            # allOf: [{$ref: X}] with a description or nullable beside it (or in parts of
            # its own that only annotate): X itself.
            bare = self.type_of(parts[only], self.ctx.at(where, "allOf", only), hint)
        elif self.object_like(schema, where, frozenset({where})) and ("properties" in schema or "allOf" in schema):
            return self._object(schema, where, hint)
        else:
            bare = self._plain(schema, where, hint)
        if component:
            self._alias(self._nullable(bare, schema), schema, where, hint)
        return bare

    @staticmethod
    def _nullable(t: ir.Type, schema: dict[str, Any]) -> ir.Type:
        if _says_null(schema) and "null" not in t.json_types:
            return ir.Nullable(t)
        return t

    # ------------------------------------------------------------------ structure

    def resolve(self, schema: Any, where: str) -> tuple[Any, str]:
        if isinstance(schema, dict) and "$ref" in schema:
            try:
                return self.ctx.deref(schema, where)
            except (KeyError, IndexError, ValueError):
                return {}, where  # load reports it
        return schema, where

    def object_like(self, schema: Any, where: str, seen: frozenset[str]) -> bool:
        """Whether the schema describes an object (allOf parts merged; parts that only
        add required properties or annotations go with any object)."""
        if not isinstance(schema, dict):
            return False
        if "allOf" in schema:
            parts = schema["allOf"]
            if not isinstance(parts, list) or not parts:
                return False
            objects = schema.get("type") == "object" or isinstance(schema.get("properties"), dict)
            for i, part in enumerate(parts):
                target, at = self.resolve(part, self.ctx.at(where, "allOf", i))
                if at in seen:
                    return False
                if self.object_like(target, at, seen | {at}):
                    objects = True
                elif not _constraint_only(target):
                    return False
            return objects
        return schema.get("type") == "object" or isinstance(schema.get("properties"), dict)

    def object_view(self, schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()) -> ObjectView:
        view = ObjectView()
        parts = listing(schema.get("allOf"))
        for i, part in enumerate(parts):
            target, at = self.resolve(part, self.ctx.at(where, "allOf", i))
            if isinstance(target, dict) and at not in seen:
                sub = self.object_view(target, at, seen | {at})
                for name, entry in sub.properties.items():
                    self._merge_property(view, name, entry)
                view.required += [r for r in sub.required if r not in view.required]
                view.required_at.update(sub.required_at)
                view.additional = sub.additional or view.additional
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                self._merge_property(view, str(name), (prop, self.ctx.at(where, "properties", str(name))))
        required = schema.get("required")
        if isinstance(required, list):
            for name in required:
                if isinstance(name, str) and name not in view.required:
                    view.required.append(name)
                    view.required_at[name] = self.ctx.at(where, "required")
        if "additionalProperties" in schema:
            view.additional = (schema["additionalProperties"], self.ctx.at(where, "additionalProperties"))
        return view

    def _check_mapping(self, schema: dict[str, Any], where: str) -> None:
        """An object schema's discriminator (the allOf inheritance pattern) does not
        change what its model decodes: the properties of the schemas it maps to are
        kept in ``additional_properties``. Its mapping must still name schemas."""
        spec = schema.get("discriminator")
        if not isinstance(spec, dict):
            return
        for value, ref in sorted(mapping(spec.get("mapping")).items()):
            try:
                self.ctx.deref({"$ref": _mapped(ref)}, where)
            except (KeyError, IndexError, ValueError):
                self.ctx.problem(self.ctx.at(where, "discriminator", "mapping", value), f"{ref!r} does not resolve")

    def _merge_property(self, view: ObjectView, name: str, entry: tuple[Any, str]) -> None:
        """A property another allOf part (or the schema itself) defines again: a part
        that only annotates it keeps the type it has; two schemas of different JSON
        types, which no value fits, are a problem; else the later one is used."""
        earlier = view.properties.get(name)
        if earlier is None or _constraint_only(earlier[0]):
            view.properties[name] = entry
            return
        if _constraint_only(entry[0]):
            return
        kinds = [self.resolve(schema, at)[0] for schema, at in (earlier, entry)]
        types = [k.get("type") if isinstance(k, dict) else None for k in kinds]
        if all(isinstance(t, str) for t in types) and types[0] != types[1]:
            if types[0] == "integer" and types[1] == "number":
                return  # an integer is a number: the narrower one stands
            if types[1] != "integer" or types[0] != "number":
                self.ctx.problem(
                    entry[1],
                    f"property {name!r} is {types[1]} here and {types[0]} at {earlier[1]}:"
                    " no value is both",
                )
        view.properties[name] = entry

    def hint_at(self, where: str) -> str | None:
        """A model name made from where a schema lives under ``components`` (so that
        the name is the same whoever reaches the schema first), or None."""
        if not where.startswith("#/components/"):
            return None
        parts = tokens(where)
        if len(parts) < 3:
            return None
        kind, hint, rest = parts[1], parts[2], parts[3:]
        if kind == "parameters" and rest[:1] == ["schema"]:
            rest = rest[1:]
        elif (
            kind in ("parameters", "responses", "requestBodies") and rest[:1] == ["content"] and rest[2:3] == ["schema"]
        ):
            rest = rest[3:]
        elif kind != "schemas":
            return None
        while rest:
            step = rest.pop(0)
            if step == "properties" and rest:
                hint += naming.pascal(rest.pop(0), "Property")
            elif step == "items":
                hint += "Item"
            elif step == "additionalProperties":
                hint += "Value"
            elif step in ("oneOf", "anyOf") and rest and rest[0].isdigit():
                hint += f"Option{int(rest.pop(0)) + 1}"
            elif step == "allOf" and rest and rest[0].isdigit():
                rest.pop(0)
            else:
                return None
        return hint

    def is_any_json(self, schema: dict[str, Any], where: str, seen: frozenset[str]) -> bool:
        """A oneOf/anyOf of a string, a number, a boolean, a free-form object and a
        free-form array (whose values may be this schema again): any JSON value."""
        key = "oneOf" if "oneOf" in schema else "anyOf"
        options = schema.get(key)
        if not isinstance(options, list) or not options or "discriminator" in schema:
            return False
        seen = seen | {where}
        kinds: set[str] = set()
        for i, option in enumerate(options):
            target, at = self.resolve(option, self.ctx.at(where, key, i))
            if not isinstance(target, dict) or set(target) - _ANY_JSON_KEYS:
                return False
            kind = target.get("type")
            if kind == "object":
                extra = target.get("additionalProperties", True)
                if not self._free(extra, self.ctx.at(at, "additionalProperties"), seen):
                    return False
            elif kind == "array":
                if not self._free(target.get("items", {}), self.ctx.at(at, "items"), seen):
                    return False
            elif kind not in _JSON_PRIMITIVES or (kind == "string" and "format" in target):
                return False
            kinds.add(kind)
        return {"string", "boolean", "object", "array"} <= kinds and bool(kinds & {"number", "integer"})

    def _free(self, inner: Any, where: str, seen: frozenset[str]) -> bool:
        """Whether items / additionalProperties admit any JSON value."""
        if inner is True or inner == {}:
            return True
        if not isinstance(inner, dict):
            return False
        target, at = self.resolve(inner, where)
        if at in seen:
            return True  # the any-JSON schema itself, recursively
        return isinstance(target, dict) and self.is_any_json(target, at, seen)

    @staticmethod
    def enum_kind(schema: dict[str, Any]) -> Literal["string", "integer"] | None:
        """ "string" or "integer" for an enum that becomes an enum class, else None."""
        values = schema.get("enum")
        if not isinstance(values, list):
            return None
        values = [v for v in values if v is not None]
        if not values:
            return None
        declared = schema.get("type")
        if all(isinstance(v, str) for v in values) and declared in (None, "string"):
            return "string"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values) and declared in (None, "integer"):
            return "integer"
        return None

    def constant(self, schema: Any, where: str) -> Any:
        """The only value a property may have (a one-value enum), or _NO_CONSTANT."""
        target, _ = self.resolve(schema, where)
        if isinstance(target, dict):
            values = target.get("enum")
            if isinstance(values, list) and len(values) == 1 and isinstance(values[0], (str, int)):
                if not isinstance(values[0], bool):  # True == 1: a bool is no tag
                    return values[0]
        return _NO_CONSTANT

    # --------------------------------------------------------------------- kinds

    def _alias(self, target: ir.Type, schema: dict[str, Any], where: str, hint: str) -> None:
        cls = naming.class_name(hint)
        owner = self.ctx.classes.owners.get(cls, "")
        if getattr(ir.non_null(target), "name", None) == cls and (owner == where or owner.startswith(where + "/")):
            return  # the schema's own model already has the name (an inline model made for it)
        names = self.ctx.model_name(hint, where)
        if names is not None:
            cls, module = names
            self.ctx.add_model(ir.AliasModel(cls, module, _described(schema), where, target))

    def _plain(self, schema: dict[str, Any], where: str, hint: str) -> ir.Type:
        """Everything that is neither an object model, an enum nor a union."""
        if "allOf" in schema:
            parts = schema["allOf"]
            only = _only_part(parts)
            if only is not None:
                return self.type_of(parts[only], self.ctx.at(where, "allOf", only), hint)
            self.ctx.problem(self.ctx.at(where, "allOf"), "allOf is supported for object schemas only (or one schema)")
            return ir.JsonValue()
        kind = schema.get("type")
        if isinstance(kind, list):
            self.ctx.problem(self.ctx.at(where, "type"), "a list of types is OpenAPI 3.1; use oneOf or nullable")
            return ir.JsonValue()
        enum = schema.get("enum")
        if isinstance(enum, list):
            if not [v for v in enum if v is not None]:
                self.ctx.problem(self.ctx.at(where, "enum"), "enum must list at least one value")
                return ir.JsonValue()
            if kind not in ("number", "boolean"):
                self.ctx.problem(
                    self.ctx.at(where, "enum"),
                    "enum values must all be strings or all integers, and of the schema's type",
                )
                return ir.JsonValue()
        if kind is None:
            if "items" in schema:
                kind = "array"
            elif "properties" in schema or "additionalProperties" in schema:
                kind = "object"
            else:
                return ir.JsonValue()
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
        if kind == "array":
            items = schema.get("items")
            item = ir.JsonValue() if items is None else self.type_of(items, self.ctx.at(where, "items"), hint + "Item")
            return ir.Array(item, *self._item_counts(schema, where))
        if kind == "object":
            # An object without properties may still list keys that must be present.
            required = tuple(dict.fromkeys(n for n in schema.get("required") or () if isinstance(n, str)))
            extra = schema.get("additionalProperties")
            if required and extra is False:
                self.ctx.problem(
                    self.ctx.at(where, "required"),
                    f"required property {required[0]!r} can never be present: the object allows no properties",
                )
            if isinstance(extra, dict) and extra:
                return ir.Map(self.type_of(extra, self.ctx.at(where, "additionalProperties"), hint + "Value"), required)
            return ir.Map(ir.JsonValue(), required)
        if kind == "string" and fmt == "date-time":
            return ir.DateTime()
        if kind in _JSON_PRIMITIVES:
            return ir.Primitive(kind, fmt)  # type: ignore[arg-type]
        self.ctx.problem(self.ctx.at(where, "type"), f"unknown type {kind!r}")
        return ir.JsonValue()

    def _enum(self, schema: dict[str, Any], where: str, hint: str) -> ir.Type:
        kind = self.enum_kind(schema)
        assert kind is not None
        names = self.ctx.model_name(hint, where)
        if names is None:
            return ir.JsonValue()
        cls, module = names
        raw = schema["enum"]
        varnames = schema.get("x-enum-varnames")
        if varnames is not None and (not isinstance(varnames, list) or len(varnames) != len(raw)):
            self.ctx.problem(self.ctx.at(where, "x-enum-varnames"), "must name every value of enum, in order")
            varnames = None
        members: list[ir.EnumMember] = []
        taken = naming.Names(f"member of {cls}")
        values: set[Any] = set()
        for i, value in enumerate(raw):
            if value is None:
                continue
            if value in values:
                self.ctx.problem(self.ctx.at(where, "enum", i), f"duplicate enum value {value!r}")
                continue
            values.add(value)
            name = varnames[i] if varnames is not None else naming.enum_member(value)
            if (
                not isinstance(name, str)
                or not name.isidentifier()
                or keyword.iskeyword(name)
                or name.startswith("_")
                or name in _ENUM_TAKEN
            ):
                self.ctx.problem(self.ctx.at(where, "x-enum-varnames", i), f"{name!r} is not a usable member name")
                continue
            if self.ctx.claim(taken, name, f"value {value!r}", self.ctx.at(where, "enum", i)):
                members.append(ir.EnumMember(name, value))
        self.ctx.add_model(ir.EnumModel(cls, module, _text(schema.get("description")), where, kind, tuple(members)))
        return ir.EnumRef(cls, module, kind)

    def _object(self, schema: dict[str, Any], where: str, hint: str) -> ir.Type:
        names = self.ctx.model_name(hint, where)
        if names is None:
            return ir.JsonValue()
        cls, module = names
        ref = ir.ObjectRef(cls, module)
        # Registered before the fields are built: references back to it are fine.
        self.types[where] = self._nullable(ref, schema)
        self.pending.append((cls, module, schema, where))
        return ref

    def _object_model(self, cls: str, module: str, schema: dict[str, Any], where: str) -> None:
        view = self.object_view(schema, where)
        self._check_mapping(schema, where)
        attributes = naming.Names(f"attribute of {cls}")
        fields: list[ir.Field] = []
        for json_name, (prop, at) in view.properties.items():
            py_name = naming.attribute(json_name, naming.RESERVED_FIELD_NAMES)
            self.ctx.claim(attributes, py_name, f"property {json_name!r}", at)
            # A property merged in from a referenced allOf part is named where it lives.
            own = at.startswith(where + "/")
            t = self.type_of(
                prop, at, (None if own else self.hint_at(at)) or cls + naming.pascal(json_name, "Property")
            )
            has_default = isinstance(prop, dict) and "default" in prop
            access = self._access(prop, at, frozenset())
            fields.append(
                ir.Field(
                    json_name=json_name,
                    py_name=py_name,
                    type=t,
                    # One class serves requests and responses, and `required` holds for
                    # a readOnly property in responses only, a writeOnly one in requests
                    # only: such a property may be left out.
                    required=json_name in view.required and access is None,
                    description=self._description(prop, at),
                    default=_in_key_order(prop["default"]) if has_default else None,
                    has_default=has_default,
                    access=access,
                )
            )
        for name in view.required:
            if name in view.properties:
                continue
            if view.properties:  # most likely a misspelt property
                self.ctx.problem(view.required_at[name], f"required property {name!r} is not defined in properties")
            else:  # "properties: {}": keys that must be there, with any value
                py_name = naming.attribute(name, naming.RESERVED_FIELD_NAMES)
                if self.ctx.claim(attributes, py_name, f"property {name!r}", view.required_at[name]):
                    fields.append(ir.Field(name, py_name, ir.JsonValue(), True, None))
        extra: ir.Type = ir.JsonValue()
        if view.additional is not None:
            value, at = view.additional
            if isinstance(value, dict) and value:
                extra = self.type_of(value, at, cls + "Value")
        self.ctx.add_model(ir.ObjectModel(cls, module, _text(schema.get("description")), where, tuple(fields), extra))

    def _access(self, schema: Any, where: str, seen: frozenset[str]) -> Literal["read", "write"] | None:
        """"read" for a readOnly property schema, "write" for a writeOnly one (said on
        the schema, on what its $ref points at, or on one of its allOf parts)."""
        if not isinstance(schema, dict) or where in seen:
            return None
        seen |= {where}
        if schema.get("readOnly") is True:
            return "read"
        if schema.get("writeOnly") is True:
            return "write"
        if "$ref" in schema:
            target, at = self.resolve(schema, where)
            return self._access(target, at, seen)
        for i, part in enumerate(listing(schema.get("allOf"))):
            found = self._access(part, self.ctx.at(where, "allOf", i), seen)
            if found is not None:
                return found
        return None

    def _description(self, schema: Any, where: str) -> str | None:
        if not isinstance(schema, dict):
            return None
        if isinstance(schema.get("description"), str) or "enum" in schema:
            return _described(schema)
        target, _ = self.resolve(schema, where)
        return _described(target) if isinstance(target, dict) else None

    def _union(self, schema: dict[str, Any], where: str, hint: str) -> ir.Type:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        options = schema[key]
        if not isinstance(options, list) or not options:
            self.ctx.problem(self.ctx.at(where, key), "must list at least one schema")
            return ir.JsonValue()
        names = self.ctx.model_name(hint, where)
        if names is None:
            return ir.JsonValue()
        cls, module = names
        # Registered before the branches are built, so that a branch may hold the union
        # again inside an array, a map or an object (``oneOf: [Leaf, array of Self]``).
        placeholder = ir.UnionRef(cls, module)
        admits_null = any(self._admits_null(o, self.ctx.at(where, key, i), {where}) for i, o in enumerate(options))
        self.types[where] = self._nullable(ir.Nullable(placeholder) if admits_null else placeholder, schema)
        branches, refs = self._branches(options, where, key, cls)
        # A branch that admits null (``nullable`` beside its ``type``, where OpenAPI 3.0.3
        # counts it) makes the union nullable: None is kept apart from the branches.
        nullable = any(isinstance(b.type, ir.Nullable) for b in branches)
        if nullable:
            branches = [dataclasses.replace(b, type=ir.non_null(b.type)) for b in branches]
        discriminator, table = self._discriminator(schema, where, key, branches, refs)
        json_types: frozenset[str] = frozenset()
        for b in branches:
            json_types |= b.type.json_types
        self.ctx.add_model(
            ir.UnionModel(
                cls,
                module,
                _text(schema.get("description")),
                where,
                tuple(branches),
                any_of=key == "anyOf",
                discriminator=discriminator,
                mapping=tuple(sorted(table.items(), key=lambda kv: (kv[1], repr(kv[0])))),
            )
        )
        union = ir.UnionRef(cls, module, json_types)
        final = self._nullable(ir.Nullable(union) if nullable else union, schema)
        # What was built meanwhile and stands for this union (an alias of it) takes its
        # final form; arrays and maps of it need no change (their own JSON type is fixed).
        for at, t in list(self.types.items()):
            if ir.non_null(t) is placeholder:
                self.types[at] = ir.Nullable(union) if isinstance(t, ir.Nullable) or nullable else union
        self.types[where] = final
        self.union_refs[cls] = union
        return final

    def settle_unions(self) -> None:
        """A union built while a union it holds was still being built knows that branch
        without its JSON types: give every union branch its union's final type, until
        nothing changes (JSON types only grow, so this ends)."""
        changed = True
        while changed:
            changed = False
            for name, model in list(self.ctx.models.items()):
                if not isinstance(model, ir.UnionModel):
                    continue
                branches = tuple(self._settled(b) for b in model.branches)
                if branches != model.branches:
                    self.ctx.models[name] = dataclasses.replace(model, branches=branches)
                    json_types = frozenset().union(*(b.type.json_types for b in branches))
                    self.union_refs[name] = ir.UnionRef(name, model.module, json_types)
                    changed = True

    def _settled(self, branch: ir.Branch) -> ir.Branch:
        inner = ir.non_null(branch.type)
        final = self.union_refs.get(inner.name) if isinstance(inner, ir.UnionRef) else None
        if final is None or final == inner:
            return branch
        return dataclasses.replace(branch, type=ir.Nullable(final) if isinstance(branch.type, ir.Nullable) else final)

    def _admits_null(self, option: Any, where: str, seen: set[str]) -> bool:
        """Whether a branch admits null (nullable, null in its enum, or a union with such a branch)."""
        target, at = self.resolve(option, where)
        if not isinstance(target, dict) or at in seen:
            return False
        if _says_null(target):
            return True
        seen = seen | {at}
        parts: Any = target.get("allOf")
        only = _only_part(parts)
        if only is not None:
            return self._admits_null(parts[only], self.ctx.at(at, "allOf", only), seen)
        key = "oneOf" if "oneOf" in target else "anyOf"
        return any(self._admits_null(o, self.ctx.at(at, key, i), seen) for i, o in enumerate(listing(target.get(key))))

    def _branches(
        self, options: list[Any], where: str, key: str, cls: str
    ) -> tuple[list[ir.Branch], dict[str, int]]:
        """The branches of a union (and which branch each component ``$ref`` is)."""
        branches: list[ir.Branch] = []
        refs: dict[str, int] = {}
        for i, option in enumerate(options):
            at = self.ctx.at(where, key, i)
            ref = option.get("$ref") if isinstance(option, dict) else None
            title = option.get("title") if isinstance(option, dict) else None
            component = self.ctx.component_name(ref) if isinstance(ref, str) else None
            if isinstance(ref, str):
                refs[_spelled(ref)] = i
            label = component or (title if isinstance(title, str) and title else f"option {i + 1}")
            suffix = naming.pascal(title) if isinstance(title, str) and naming.pascal(title) else f"Option{i + 1}"
            t = self.type_of(option, at, cls + suffix)
            required: tuple[str, ...] = ()
            constants: tuple[tuple[str, Any], ...] = ()
            target, target_at = self.resolve(option, at)
            if self.object_like(target, target_at, frozenset({target_at})):
                view = self.object_view(target, target_at)
                # as the model has it: a readOnly or writeOnly property may be left out
                required = tuple(
                    name
                    for name in view.required
                    if name not in view.properties
                    or self._access(*view.properties[name], frozenset()) is None
                )
                constants = tuple(
                    (name, c)
                    for name, (prop, prop_at) in view.properties.items()
                    if (c := self.constant(prop, prop_at)) is not _NO_CONSTANT
                )
            inner = ir.non_null(t)
            enum = self.ctx.models.get(inner.name) if isinstance(inner, ir.EnumRef) else None
            values = tuple(m.value for m in enum.members) if isinstance(enum, ir.EnumModel) else ()
            branches.append(ir.Branch(t, label, required, constants, values))
        return branches, refs

    def _discriminator(
        self, schema: dict[str, Any], where: str, key: str, branches: list[ir.Branch], refs: dict[str, int]
    ) -> tuple[str | None, dict[Any, int]]:
        """The property that tells object branches apart, and its value → branch index.

        An explicit discriminator (its mapping, else each branch's constant or, for a
        ``$ref`` branch, its component name: an inline object branch with neither
        could never be chosen, which is a problem); otherwise a property that every
        object branch requires and fixes to a value of its own."""
        table: dict[Any, int] = {}
        spec = schema.get("discriminator")
        if isinstance(spec, dict):
            prop = spec.get("propertyName")
            if not isinstance(prop, str) or not prop:
                self.ctx.problem(self.ctx.at(where, "discriminator"), "a discriminator needs a propertyName")
                return None, {}
            explicit = mapping(spec.get("mapping"))
            for value in sorted(explicit):
                ref = explicit[value]
                target = _spelled(_mapped(ref))
                if target not in refs:
                    self.ctx.problem(
                        self.ctx.at(where, "discriminator", "mapping", value),
                        f"{ref!r} is not one of the union's $ref branches",
                    )
                    continue
                table[value] = refs[target]
            covered = set(table.values())
            ref_of = {i: ref for ref, i in refs.items()}
            for i, branch in enumerate(branches):
                if i in covered:
                    continue
                constant = dict(branch.constants).get(prop)
                if isinstance(constant, (str, int)) and not isinstance(constant, bool):
                    table.setdefault(constant, i)
                elif i in ref_of and (name := self.ctx.component_name(ref_of[i])) is not None:
                    table.setdefault(name, i)
                elif i not in ref_of and "object" in branch.type.json_types:
                    self.ctx.problem(
                        self.ctx.at(where, key, i),
                        f"an inline branch needs a value of its own for the discriminator {prop!r}"
                        " (an enum of one value), or a $ref and a mapping entry: it could never be chosen",
                    )
            return prop, table
        objects = [i for i, b in enumerate(branches) if "object" in b.type.json_types]
        if len(objects) < 2:
            return None, {}
        first = branches[objects[0]]
        for prop, _ in first.constants:
            values = []
            for i in objects:
                constants = dict(branches[i].constants)
                if prop not in branches[i].required_keys or prop not in constants:
                    break
                values.append(constants[prop])
            else:
                if len(set(values)) == len(values):
                    return prop, dict(zip(values, objects, strict=True))
        return None, {}


def _says_null(schema: dict[str, Any]) -> bool:
    """``nullable: true``, or ``null`` among the enum's values."""
    enum = schema.get("enum")
    return schema.get("nullable") is True or (isinstance(enum, list) and None in enum)


def _container(schema: dict[str, Any]) -> str | None:
    """"array" or "object" for a schema that becomes a list or a dict of typed values."""
    kind = schema.get("type")
    if kind is None:
        kind = "array" if "items" in schema else "object" if "additionalProperties" in schema else None
    if kind == "array" or (kind == "object" and "properties" not in schema and "allOf" not in schema):
        return str(kind)
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _described(schema: dict[str, Any]) -> str | None:
    """A schema's description; for an enum that is not an enum class (of numbers or
    booleans), with the values it lists, which the type alone does not say."""
    text = _text(schema.get("description"))
    values = schema.get("enum")
    if isinstance(values, list) and values and Schemas.enum_kind(schema) is None:
        listed = ", ".join(json.dumps(v, ensure_ascii=False, default=str) for v in values)
        note = f"The spec lists its values: {listed} (others are not refused)."
        return f"{text.rstrip()} {note}" if text else note
    return text


def _only_part(parts: Any) -> int | None:
    """The index of an allOf's one part that is more than annotations (a description,
    an example), if it has one such part; 0 if every part only annotates (any JSON);
    None for several such parts."""
    if not isinstance(parts, list) or not parts:
        return None
    found = [i for i, part in enumerate(parts) if not _annotation_only(part)]
    return found[0] if len(found) == 1 else 0 if not found else None


def _annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and "$ref" not in schema and set(schema) <= _ANNOTATIONS


def _in_key_order(value: Any) -> Any:
    """A value from the spec with its mappings' keys sorted, at every depth: what is
    generated from it must not depend on the key order, which the spec's content
    hash leaves out."""
    if isinstance(value, dict):
        return {k: _in_key_order(value[k]) for k in sorted(value, key=repr)}
    if isinstance(value, list):
        return [_in_key_order(v) for v in value]
    return value


def _constraint_only(schema: Any) -> bool:
    """A schema that only lists required properties or annotates (an allOf part or
    a oneOf branch that says which properties go together)."""
    return isinstance(schema, dict) and "$ref" not in schema and set(schema) <= _ANNOTATIONS | {"required"}


# Names an enum member cannot take: str's and int's own attributes.
_ENUM_TAKEN = frozenset(dir(str)) | frozenset(dir(int)) | {"mro"}


def _mapped(ref: str) -> str:
    """A discriminator mapping's value as a reference: a bare name is a component schema."""
    return ref if ref.startswith("#") else SCHEMAS + ref


def _spelled(ref: str) -> str:
    """A reference in the one spelling of its place (percent-encoded or not), so that
    a discriminator's mapping finds the branch however either writes it."""
    try:
        return canonical(ref)
    except (KeyError, ValueError):
        return ref
