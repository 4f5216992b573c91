"""The intermediate representation: frozen, typed, and the only place types are decided.

A *type* node knows its Python annotation, the names it needs imported, and the
Python expressions that decode a JSON value into it and encode it back. Model
nodes (objects, enums, unions, aliases) describe the modules to generate;
operation nodes describe the endpoint functions. Templates only print these.

Decode expressions take the name of a local variable holding a JSON value and
raise the runtime's ``DecodeError`` (never anything else) when it does not fit.
The fast path is inlined (``v if v.__class__ is str else _c.as_str(v)``); the
slow path lives in the runtime's ``_codec`` module, imported as ``_c``. The few
helpers every decode calls are imported as module globals (``_parse_datetime``,
``_decode_list``, ``_decode_map``, ``_format_datetime``, ``_JSON_FAST_TYPES``,
``_new``): a global lookup is cheaper than an attribute of ``_c``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from .literals import literal

# An import the generated module needs: (module, name) where module is relative
# to the package root ("" for the root itself) or absolute for the stdlib.
Import = tuple[str, str]


class Type:
    """Base of all type nodes."""

    #: The JSON types a value of this type can have (for oneOf dispatch).
    json_types: frozenset[str] = frozenset()

    def annotation(self) -> str:
        raise NotImplementedError

    def decode(self, v: str) -> str:
        """Expression decoding the JSON value in variable ``v``."""
        raise NotImplementedError

    def decoder(self) -> str:
        """A callable expression that decodes one JSON value (for items of lists and maps)."""
        return f"lambda x: {self.decode('x')}"

    #: Whether ``fast_decode`` may raise TypeError or ValueError, meaning "take
    #: the slow path" (``decoder()``), which then decodes or raises DecodeError.
    fast_may_raise: bool = False

    def fast_decode(self, v: str) -> str:
        """The quickest expression for a field: C calls only, where possible."""
        return self.decode(v)

    def encode(self, v: str) -> str:
        """Expression encoding the Python value in variable ``v`` to JSON."""
        raise NotImplementedError

    def imports(self) -> frozenset[Import]:
        return frozenset()

    def refs(self) -> frozenset[str]:
        """Names of the models this type refers to."""
        return frozenset()

    @property
    def free_form(self) -> bool:
        """Any JSON value, or an object of them (``null`` too, where nullable): the
        JSON writer alone judges what such a value holds."""
        inner = non_null(self)
        return isinstance(inner, JsonValue) or (isinstance(inner, Map) and isinstance(inner.value, JsonValue))


@dataclass(frozen=True)
class Primitive(Type):
    """string, integer, number or boolean; ``format`` as the spec gives it."""

    kind: Literal["string", "integer", "number", "boolean"]
    format: str | None = None

    @property
    def json_types(self) -> frozenset[str]:  # type: ignore[override]
        if self.kind == "number":
            return frozenset({"number", "integer"})
        return frozenset({self.kind})

    def annotation(self) -> str:
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[self.kind]

    def decode(self, v: str) -> str:
        if self.kind == "string":
            return f"({v} if {v}.__class__ is str else _c.as_str({v}))"
        if self.kind == "integer":
            return f"({v} if {v}.__class__ is int else _c.as_int({v}))"
        if self.kind == "boolean":
            return f"({v} if {v}.__class__ is bool else _c.as_bool({v}))"
        # A number keeps what it received: an int stays an int, a float a float.
        return f"({v} if {v}.__class__ is int or ({v}.__class__ is float and {v} - {v} == 0.0) else _c.as_number({v}))"

    def decoder(self) -> str:
        return {"string": "_c.as_str", "integer": "_c.as_int", "number": "_c.as_number", "boolean": "_c.as_bool"}[
            self.kind
        ]

    def encode(self, v: str) -> str:
        # The exact class inline; a subclass or anything else goes to _c.*_out.
        if self.kind == "number":
            return f"({v} if {v}.__class__ is float or {v}.__class__ is int else _c.number_out({v}))"
        exact = {"string": "str", "integer": "int", "boolean": "bool"}[self.kind]
        return f"({v} if {v}.__class__ is {exact} else _c.{exact}_out({v}))"


@dataclass(frozen=True)
class DateTime(Type):
    """A ``date-time`` string: a timezone-aware ``datetime``, written back in RFC 3339."""

    json_types = frozenset({"string"})

    def annotation(self) -> str:
        return "datetime"

    def decode(self, v: str) -> str:
        return f"_parse_datetime({v})"

    def decoder(self) -> str:
        return "_parse_datetime"

    fast_may_raise = True

    def fast_decode(self, v: str) -> str:
        # datetime.fromisoformat itself, for the common RFC 3339 form: UTC, "T",
        # microseconds at most (the slice is what stands at 4, 7, 10, 13, 16 and 19:
        # "-", "-", "T", ":", ":", then "Z" or the fraction's "."; a "." right before
        # the "Z" is 21 characters long). fromisoformat reads more than RFC 3339 (week
        # dates, the basic format, a time without seconds, any one character before
        # the offset): those, and anything else unusual (not a string, an offset,
        # lowercase letters, more digits), go to _parse_datetime, which checks.
        return (
            f'(_d if (_d := _from_iso({v})) and {v}[-1] == "Z" and 21 != len({v}) < 28'
            f' and {v}[4:20:3] in ("--T::Z", "--T::.") else _parse_datetime({v}))'
        )

    def encode(self, v: str) -> str:
        return f"_format_datetime({v})"

    def imports(self) -> frozenset[Import]:
        return frozenset({("datetime", "datetime")})


@dataclass(frozen=True)
class JsonValue(Type):
    """Any JSON value, passed through unchanged (validated shallowly on decode)."""

    json_types = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})

    def annotation(self) -> str:
        return "JsonValue"

    def decode(self, v: str) -> str:
        return f"({v} if {v}.__class__ in _JSON_FAST_TYPES else _c.as_json({v}))"

    def decoder(self) -> str:
        return "_c.as_json"

    def encode(self, v: str) -> str:
        # Written as it is, for the JSON writer to judge, but never UNSET.
        return f"({v} if {v}.__class__ in _JSON_FAST_TYPES else _c.json_out({v}))"

    def imports(self) -> frozenset[Import]:
        return frozenset({("_types", "JsonValue")})


@dataclass(frozen=True)
class Array(Type):
    item: Type
    min_items: int = 0  # minItems
    max_items: int | None = None  # maxItems
    json_types = frozenset({"array"})

    def annotation(self) -> str:
        return f"list[{self.item.annotation()}]"

    @property
    def counted(self) -> bool:
        """Whether the spec bounds how many items the array has."""
        return bool(self.min_items) or self.max_items is not None

    def _sized(self, out: str, check: str) -> str:
        """``out``, a list, checked by ``_c.{check}`` against minItems and maxItems."""
        return f"_c.{check}({out}, {self.min_items}, {self.max_items})" if self.counted else out

    def decode(self, v: str) -> str:
        if isinstance(self.item, JsonValue):
            out = f"({v} if {v}.__class__ is list else _c.as_list({v}))"
        else:
            out = f"_decode_list({v}, {self.item.decoder()})"
        return self._sized(out, "sized")

    def decoder(self) -> str:
        if isinstance(self.item, JsonValue) and not self.counted:
            return "_c.as_list"
        return super().decoder()

    # A list is copied (or its items encoded) inline; anything else goes to
    # _c.array_out, which copies a tuple and refuses the rest: iterated, a string
    # would become the list of its characters.
    def encode(self, v: str) -> str:
        if isinstance(self.item, JsonValue):  # the items are left to the JSON writer
            return self._sized(f"({v} if {v}.__class__ is list else _c.array_out({v}))", "sized_out")
        item = self.item.encode("x")  # once: nested arrays would otherwise render 2^depth times
        if item == "x":
            return self._sized(f"({v}.copy() if {v}.__class__ is list else _c.array_out({v}))", "sized_out")
        each = f"[{item} for x in ({v} if {v}.__class__ is list else _c.array_out({v}))]"
        if isinstance(self.item, ObjectRef):
            # A list of one model (common in nested payloads) skips the comprehension:
            # Python 3.11 runs each one as a call of its own, costing as much as
            # writing a small model.
            one = f"{v}.__class__ is list and len({v}) == 1 and {v}[0].__class__ is {self.item.name}"
            return self._sized(f"([{v}[0].to_dict()] if {one} else {each})", "sized_out")
        return self._sized(each, "sized_out")

    def imports(self) -> frozenset[Import]:
        return self.item.imports()

    def refs(self) -> frozenset[str]:
        return self.item.refs()


@dataclass(frozen=True)
class Map(Type):
    """``additionalProperties: {schema}`` with no properties: a dict of typed values."""

    value: Type
    required: tuple[str, ...] = ()  # keys that must be present
    json_types = frozenset({"object"})

    def annotation(self) -> str:
        return f"dict[str, {self.value.annotation()}]"

    def decode(self, v: str) -> str:
        if isinstance(self.value, JsonValue):
            out = f"({v} if {v}.__class__ is dict else _c.as_dict({v}))"
        else:
            out = f"_decode_map({v}, {self.value.decoder()})"
        return f"_c.require({out}, {literal(self.required)})" if self.required else out

    def decoder(self) -> str:
        if isinstance(self.value, JsonValue) and not self.required:
            return "_c.as_dict"
        return super().decoder()

    def encode(self, v: str) -> str:
        if isinstance(self.value, JsonValue):  # keys and values are left to the JSON writer
            return f"({v} if {v}.__class__ is dict else _c.json_map_out({v}))"
        value = self.value.encode("x")
        if value == "x":
            return f"_c.map_out({v})"
        return f"{{k: {value} for k, x in _c.map_out({v}).items()}}"

    def imports(self) -> frozenset[Import]:
        return self.value.imports()

    def refs(self) -> frozenset[str]:
        return self.value.refs()


@dataclass(frozen=True)
class Nullable(Type):
    """``nullable: true``: ``None`` is a value of its own, sent as ``null``."""

    inner: Type

    @property
    def json_types(self) -> frozenset[str]:  # type: ignore[override]
        return self.inner.json_types | {"null"}

    def annotation(self) -> str:
        return f"{self.inner.annotation()} | None"

    def decode(self, v: str) -> str:
        return f"(None if {v} is None else {self.inner.decode(v)})"

    def decoder(self) -> str:
        return f"_c.nullable({self.inner.decoder()})"

    @property
    def fast_may_raise(self) -> bool:  # type: ignore[override]
        return self.inner.fast_may_raise

    def fast_decode(self, v: str) -> str:
        return f"(None if {v} is None else {self.inner.fast_decode(v)})"

    def encode(self, v: str) -> str:
        inner = self.inner.encode(v)
        return v if inner == v else f"(None if {v} is None else {inner})"

    def imports(self) -> frozenset[Import]:
        return self.inner.imports()

    def refs(self) -> frozenset[str]:
        return self.inner.refs()


@dataclass(frozen=True)
class ObjectRef(Type):
    """A generated attrs class."""

    name: str
    module: str
    json_types = frozenset({"object"})

    def annotation(self) -> str:
        return self.name

    def decode(self, v: str) -> str:
        return f"{self.name}.from_dict({v})"

    def decoder(self) -> str:
        return f"{self.name}.from_dict"

    def encode(self, v: str) -> str:
        # Exactly this class inline; a subclass or anything else goes to _c.model_out.
        return f"({v}.to_dict() if {v}.__class__ is {self.name} else _c.model_out({v}, {self.name}))"

    def imports(self) -> frozenset[Import]:
        return frozenset({(f"models.{self.module}", self.name)})

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


# The Python type of an enum's raw values, by the JSON type of its values.
_ENUM_RAW = {"string": "str", "integer": "int"}


@dataclass(frozen=True)
class EnumRef(Type):
    """A generated enum. A value the spec does not list is kept as its raw value."""

    name: str
    module: str
    value_kind: Literal["string", "integer"]

    @property
    def json_types(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset({self.value_kind})

    @property
    def by_value(self) -> str:
        return f"_{self.module}_by_value"

    @property
    def raw_type(self) -> str:
        return _ENUM_RAW[self.value_kind]

    def annotation(self) -> str:
        return f"{self.name} | {self.raw_type}"

    def decode(self, v: str) -> str:
        raw = self.raw_type
        return f"({self.by_value}.get({v}, {v}) if {v}.__class__ is {raw} else _c.as_{raw}_enum({self.by_value}, {v}))"

    def decoder(self) -> str:
        return f"_c.{self.raw_type}_enum_decoder({self.by_value})"

    def encode(self, v: str) -> str:
        # A raw value or a member (its value) inline; anything else is checked by
        # _c.str_enum_out / int_enum_out.
        raw = self.raw_type
        return (
            f"({v} if {v}.__class__ is {raw} else ({v}._value_ if {v}.__class__ is {self.name}"
            f" else _c.{raw}_enum_out({v})))"
        )

    def imports(self) -> frozenset[Import]:
        mod = f"models.{self.module}"
        return frozenset({(mod, self.name), (mod, f"_BY_VALUE as {self.by_value}")})

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True)
class ModuleFunctionsRef(Type):
    """A model decoded and encoded by its module's ``<module>_from_dict`` and
    ``<module>_to_dict`` functions."""

    name: str
    module: str
    json_types: frozenset[str] = frozenset()

    def annotation(self) -> str:
        return self.name

    def decode(self, v: str) -> str:
        return f"{self.module}_from_dict({v})"

    def decoder(self) -> str:
        return f"{self.module}_from_dict"

    def encode(self, v: str) -> str:
        return f"{self.module}_to_dict({v})"

    def imports(self) -> frozenset[Import]:
        mod = f"models.{self.module}"
        return frozenset({(mod, self.name), (mod, f"{self.module}_from_dict"), (mod, f"{self.module}_to_dict")})

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True)
class UnionRef(ModuleFunctionsRef):
    """A generated oneOf/anyOf: a type alias and its decode/encode functions."""


@dataclass(frozen=True)
class AliasRef(ModuleFunctionsRef):
    """A named array or map that holds itself (``Tree: {additionalProperties: Tree}``):
    decoded and encoded through its alias module's functions, which carry the recursion."""


def _names_with_bar(text: str, refs: frozenset[str]) -> bool:
    """Whether a type alias's right-hand side writes ``X | None`` with a model ``X``: a
    recursive model's alias is a string at run time, and ``str | None`` fails there."""
    return bool(refs) and "|" in text


def reaches_read_only(t: Type, models: tuple[Model, ...]) -> bool:
    """Whether a value of ``t`` may hold a model with readOnly properties."""
    by_name = {m.name: m for m in models}
    seen: set[str] = set()
    todo = list(t.refs())
    while todo:
        name = todo.pop()
        model = by_name.get(name)
        if name in seen or model is None:
            continue
        seen.add(name)
        if isinstance(model, ObjectModel) and model.read_only:
            return True
        todo += model.refs()
    return False


def non_null(t: Type) -> Type:
    """``t`` without its ``Nullable`` wrapper, if it has one."""
    return t.inner if isinstance(t, Nullable) else t


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class Field:
    json_name: str
    py_name: str
    type: Type
    required: bool
    description: str | None
    default: Any = None
    has_default: bool = False
    # readOnly / writeOnly: the property is only in responses / only in requests.
    access: Literal["read", "write"] | None = None

    def annotation(self) -> str:
        ann = self.type.annotation()
        return ann if self.required else f"{ann} | Unset"


@dataclass(frozen=True)
class Model:
    """Base of the named things generated into ``models/``."""

    name: str
    module: str
    description: str | None
    where: str  # JSON pointer of the schema

    def types(self) -> tuple[Type, ...]:
        """The types this model's code uses (fields, branches, alias target)."""
        return ()

    def refs(self) -> frozenset[str]:
        return frozenset().union(*(t.refs() for t in self.types()))

    def imports(self) -> frozenset[Import]:
        """What the model's module imports (nothing from itself)."""
        own = f"models.{self.module}"
        return frozenset(i for t in self.types() for i in t.imports() if i[0] != own)


@dataclass(frozen=True)
class ObjectModel(Model):
    fields: tuple[Field, ...]
    extra: Type  # type of additional (unknown) property values
    recursive: bool = False  # part of a reference cycle: decoding may nest deeply
    cycle: frozenset[str] = frozenset()  # the other models of that cycle

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(f.json_name for f in self.fields if f.required)

    @property
    def all_required(self) -> bool:
        """Every property is required: a decoded object has exactly ``required_keys`` known keys."""
        return all(f.required for f in self.fields)

    @property
    def known_keys(self) -> tuple[str, ...]:
        return tuple(f.json_name for f in self.fields)

    @property
    def renamed(self) -> dict[str, str]:
        """Attribute name → JSON name, for the properties whose names differ."""
        return {f.py_name: f.json_name for f in self.fields if f.py_name != f.json_name}

    @property
    def read_only(self) -> tuple[str, ...]:
        """The JSON names of its readOnly properties, which requests leave out."""
        return tuple(f.json_name for f in self.fields if f.access == "read")

    def types(self) -> tuple[Type, ...]:
        return (self.extra, *(f.type for f in self.fields))


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int


@dataclass(frozen=True)
class EnumModel(Model):
    value_kind: Literal["string", "integer"]
    members: tuple[EnumMember, ...]

    @property
    def raw_type(self) -> str:
        return _ENUM_RAW[self.value_kind]

    @property
    def base_class(self) -> str:
        return "enum.StrEnum" if self.value_kind == "string" else "enum.IntEnum"


@dataclass(frozen=True)
class Branch:
    """One alternative of a union, with what the build stage learnt about it."""

    type: Type
    label: str  # for messages: the branch's schema name or position
    required_keys: tuple[str, ...] = ()
    # property -> the only value it may have (const / single-value enum)
    constants: tuple[tuple[str, Any], ...] = ()
    # an enum branch: the values it lists (a listed value picks this branch)
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class UnionModel(Model):
    """oneOf / anyOf. Resolution order, decided here at build time:

    discriminator mapping → a constant-valued property → JSON type → exactly one
    structural match (the first, for anyOf; a branch that fits only by holding an
    ``UnknownVariant`` counts when none fits wholly); otherwise the value is kept raw
    in ``UnknownVariant``.
    """

    branches: tuple[Branch, ...]
    any_of: bool
    discriminator: str | None = None
    # discriminator value -> branch index (explicit mapping or constant property)
    mapping: tuple[tuple[Any, int], ...] = ()
    recursive: bool = False
    cycle: frozenset[str] = frozenset()

    def alias_value(self) -> str:
        """The right-hand side of the module's type alias. In a reference cycle the
        other models are imported at the end of the module, and a union may name
        itself (``list[Self]``): then it is a string."""
        text = "Union[" + "".join(b.type.annotation() + ", " for b in self.branches) + "UnknownVariant]"
        return literal(text) if self.recursive or _names_with_bar(text, self.refs()) else text

    def branch_decoder(self, branch: Branch) -> str:
        """A branch's decoder as the module-level branch table holds it: looked up
        when a value is decoded if the branch's model is imported at the end."""
        if branch.type.refs() & (self.cycle | {self.name}):
            return f"lambda x: {branch.type.decode('x')}"
        return branch.type.decoder()

    def branch_model(self, branch: Branch) -> str | None:
        """A model branch's class as the branch table holds it (writing an instance
        of it needs no decoding): the class, or a function giving it when the class is
        imported at the end of the module; None for a branch that is not a model."""
        inner = non_null(branch.type)
        if not isinstance(inner, ObjectRef):
            return None
        return f"lambda: {inner.name}" if inner.refs() & (self.cycle | {self.name}) else inner.name

    def types(self) -> tuple[Type, ...]:
        return tuple(b.type for b in self.branches)


@dataclass(frozen=True)
class AliasModel(Model):
    """A named schema that is not an object, enum or union (array, map, primitive, JSON value)."""

    target: Type
    recursive: bool = False
    cycle: frozenset[str] = frozenset()

    def alias_value(self) -> str:
        """The right-hand side of the type alias (a string in a reference cycle, whose
        other models are imported at the end of the module, or when it names itself)."""
        text = self.target.annotation()
        return literal(text) if self.recursive or _names_with_bar(text, self.refs()) else text

    @property
    def written_as_is(self) -> bool:
        """Its values are JSON already: writing one cannot fail (nothing to catch)."""
        return self.target.encode("v") == "v"

    def types(self) -> tuple[Type, ...]:
        return (self.target,)


# ----------------------------------------------------------------------- operations


# A variable in a path template: ``{name}``, no braces inside.
PATH_VARIABLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name
    py_name: str
    location: Literal["path", "query", "header", "cookie"]
    type: Type
    required: bool
    description: str | None
    style: str
    explode: bool

    def annotation(self) -> str:
        # No "| None", at the top or for the items: a parameter has no way to send null,
        # and None is refused at run time.
        t = non_null(self.type)
        if isinstance(t, Array):
            t = replace(t, item=non_null(t.item))
        ann = t.annotation()
        return ann if self.required else f"{ann} | Unset"

    @property
    def serialization(self) -> Literal["scalar", "exploded", "joined"]:
        """How the value goes on the wire: one value, repeated (``a=1&a=2``) or joined (``a=1,2``)."""
        if not isinstance(non_null(self.type), Array):
            return "scalar"
        return "exploded" if self.location == "query" and self.explode else "joined"

    @property
    def separator(self) -> str:
        """What joins the items of an array value (``spaceDelimited``, ``pipeDelimited``; else a comma)."""
        return {"spaceDelimited": " ", "pipeDelimited": "|"}.get(self.style, ",")

    @property
    def to_text(self) -> str:
        """The runtime function writing one value (of the parameter, or of its array)
        as text, checked to be what the schema says (``True`` is no integer, ``5`` no
        string); a parameter of another schema is written as ``_p.text`` can."""
        t = non_null(self.type)
        t = non_null(t.item) if isinstance(t, Array) else t
        if isinstance(t, Primitive):
            return f"_p.{t.kind}_text"
        if isinstance(t, EnumRef):  # a member or a value the spec does not list
            return "_p.integer_text" if t.value_kind == "integer" else "_p.string_text"
        if isinstance(t, DateTime):
            return "_p.datetime_text"
        return "_p.text"

    def item_argument(self) -> str:
        """The ``item=`` argument of ``_p.joined`` and ``_p.exploded``, when not plain text."""
        return "" if self.to_text == "_p.text" else f", item={self.to_text}"

    def joined_arguments(self) -> str:
        """The arguments of ``_p.joined`` (and ``_p.joined_pairs`` after the key)."""
        separator = "" if self.separator == "," else f", {literal(self.separator)}"
        return f"{self.py_name}, {literal(self.py_name)}{separator}{self.item_argument()}"

    def joined(self) -> str:
        """The expression joining an array value into one string."""
        return f"_p.joined({self.joined_arguments()})"

    def value(self) -> str:
        """The expression of the value as one path segment or header value takes it."""
        if self.serialization == "joined":
            return self.joined()
        if self.to_text != "_p.text":
            return self.scalar_text()
        return self.py_name

    def scalar_text(self) -> str:
        """The call writing a one-value parameter as text (an optional one's error for
        None says how to leave it out)."""
        optional = "" if self.required or self.to_text == "_p.text" else ", optional=True"
        return f"{self.to_text}({self.py_name}, {literal(self.py_name)}{optional})"


@dataclass(frozen=True)
class Body:
    type: Type
    required: bool
    content_type: str
    description: str | None

    def annotation(self) -> str:
        """The model, or plain JSON-shaped data of the same shape."""
        ann = self.type.annotation()
        if isinstance(self.type, ObjectRef):
            return f"{ann} | dict[str, Any]"
        return ann


@dataclass(frozen=True)
class RawBody(Type):
    """A success body that is not JSON: ``str`` for ``text/*`` (decoded with its
    charset), ``bytes`` for anything else. The response is not parsed as JSON."""

    text: bool
    media: str  # the content type the spec documents (sent as Accept)

    def annotation(self) -> str:
        return "str" if self.text else "bytes"

    def decode(self, v: str) -> str:
        return v

    def encode(self, v: str) -> str:
        return v

    @property
    def runtime_name(self) -> str:
        """The ``response`` module's decoder for this kind of body."""
        return "TEXT_BODY" if self.text else "BYTES_BODY"

    def decoder(self) -> str:
        return f"_{self.runtime_name}"  # as the api modules import it


@dataclass(frozen=True)
class ResponseSpec:
    status: str  # "200", "4XX", "default"
    type: Type | None
    description: str | None


@dataclass(frozen=True)
class Pagination:
    cursor_param: str  # wire names
    limit_param: str | None
    cursor_arg: str  # the operation function's arguments for them
    limit_arg: str | None
    cursor_path: tuple[str, ...]  # JSON names
    item_type: Type
    cursor_attrs: tuple[str, ...] = ()  # the same paths as attribute names
    items_attrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    operation_id: str
    function: str
    method: str
    path: str
    tag: str
    summary: str | None
    description: str | None
    preview: bool
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[ResponseSpec, ...]
    security: tuple[tuple[str, ...], ...]  # alternatives, each a set of scheme names
    pagination: Pagination | None

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def other_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location != "path")

    def path_expression(self) -> str:
        """A Python expression building the request path from the path parameters."""
        by_name = {p.name: p for p in self.path_parameters}
        # Variables in a segment whose text is only dots (or none: "/{a}/", "/{a}{b}/")
        # could make it "." or "..", which URL normalisation collapses: the value is
        # checked for that. Beside other text ("{name}.json") any value is one segment.
        whole = {
            name
            for segment in self.path.split("/")
            if not PATH_VARIABLE.sub("", segment).strip(".")
            for name in PATH_VARIABLE.findall(segment)
        }
        parts: list[str] = []
        # Split on the variables: text, a variable's name, text, a name, ... text.
        for i, piece in enumerate(PATH_VARIABLE.split(self.path)):
            if i % 2 and piece in by_name:
                p = by_name[piece]
                part = "" if piece in whole else ", part=True"
                parts.append(f"_p.segment({p.value()}, {literal(p.py_name)}{part})")
            elif piece:
                parts.append(literal("{" + piece + "}" if i % 2 else piece))
        return " + ".join(parts) or '""'

    @property
    def success(self) -> tuple[ResponseSpec, ...]:
        """The success responses; with none declared, ``default`` stands for them too."""
        found = tuple(r for r in self.responses if r.status.startswith("2"))
        return found or tuple(r for r in self.responses if r.status == "default")

    @property
    def failures(self) -> tuple[ResponseSpec, ...]:
        return tuple(r for r in self.responses if not r.status.startswith("2"))

    @property
    def accept(self) -> str | None:
        """The Accept header when a success body is not JSON (else the client's default)."""
        media = [r.type.media for r in self.success if isinstance(r.type, RawBody)]
        if not media:
            return None
        if len(media) < len(self.success):
            media.append("application/json")
        return ", ".join(dict.fromkeys(media))

    def return_annotation(self) -> str:
        types = []
        for r in self.success:
            ann = r.type.annotation() if r.type is not None else "None"
            if ann not in types:
                types.append(ann)
        return " | ".join(types) if types else "None"

    def imports(self) -> frozenset[Import]:
        out: frozenset[Import] = frozenset()
        for p in self.parameters:
            out |= p.type.imports()
        if self.body is not None:
            out |= self.body.type.imports()
        for r in self.responses:
            if r.type is not None:
                out |= r.type.imports()
        if self.pagination is not None:
            out |= self.pagination.item_type.imports()
        return out


@dataclass(frozen=True)
class ServerVariable:
    name: str
    py_name: str
    default: str
    enum: tuple[str, ...]
    description: str | None
    env: str | None
    in_path: bool = False  # in the URL's path (where '/' may be part of the value), not its host

    @property
    def values_name(self) -> str:
        """The client module's constant listing the documented values (from the Python
        name: unique, and an identifier, where ``ab`` and ``aB`` or ``a-b`` are not)."""
        return f"{self.py_name.upper()}_VALUES"

    @property
    def argument_doc(self) -> str:
        """The Client argument's description: the default, and where the values are listed."""
        text = f"{self.description or 'Server variable.'} Default:"
        text += f" ``${self.env}``, else ``{self.default}``." if self.env else f" ``{self.default}``."
        if self.enum:
            text += f" One of ``{self.values_name}``."
        return text


@dataclass(frozen=True)
class Server:
    url: str
    description: str | None
    variables: tuple[ServerVariable, ...]
    # A URL that is nothing but one variable ("{baseUrl}"): the client's base_url.
    url_variable: ServerVariable | None = None


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    kind: Literal["apiKey", "http"]
    location: Literal["header", "query", "cookie"]  # where the credential goes
    key: str  # header / query parameter name
    scheme: str | None  # "bearer", "basic" for http
    py_name: str  # Client argument
    env: str | None
    description: str | None
    default: str | None = None  # for values that are not secret (a version header)

    @property
    def basic(self) -> bool:
        """HTTP basic: the Client also takes ``(user, password)`` and encodes it."""
        return self.kind == "http" and self.scheme == "basic"

    @property
    def argument_type(self) -> str:
        """The annotation of the Client argument that gives this credential."""
        return "str | tuple[str, str] | None" if self.basic else "str | None"

    @property
    def prefix(self) -> str:
        """What precedes the credential in its header ("Bearer ", "Basic ")."""
        return {"bearer": "Bearer ", "basic": "Basic "}.get(self.scheme or "", "") if self.kind == "http" else ""

    @property
    def credential(self) -> str:
        """The expression the Client evaluates for this credential: the argument, else
        the environment variable, else the default, else None."""
        default = [f"Secret({literal(self.default)})"] if self.default is not None else []
        if self.basic:  # _basic_token reads the environment variable itself
            return " or ".join([f"_basic_token({self.py_name}, {literal(self.env)})", *default])
        fallbacks = [f"_secret_env({literal(self.env)})"] if self.env else []
        given = f"Secret({self.py_name}) if {self.py_name} is not None else "
        return given + (" or ".join(fallbacks + default) or "None")

    @property
    def argument_doc(self) -> str:
        """The Client argument's description: where the credential goes, how to give it, defaults."""
        where = {"header": "header", "cookie": "cookie", "query": "query parameter"}[self.location]
        text = f"{self.description or 'Credential.'} Sent as the {self.key} {where}"
        text += f" ({self.scheme})." if self.scheme else "."
        if self.basic:
            text += ' Give ``(user, password)``, ``"user:password"``, or the base64 token itself.'
        if self.env:
            text += f" Default: ``${self.env}``."
        if self.default is not None:
            text += f" Default: ``{self.default}``."
        return text


@dataclass(frozen=True)
class Tag:
    name: str
    module: str
    description: str | None


@dataclass(frozen=True)
class Api:
    package: str
    title: str
    version: str
    description: str | None
    source: str  # spec path as given
    digest: str
    servers: tuple[Server, ...]
    server_path: str  # a relative server URL ("/api/v1"): added to a base_url that has no path
    security_schemes: tuple[SecurityScheme, ...]
    tags: tuple[Tag, ...]
    models: tuple[Model, ...]
    operations: tuple[Operation, ...]

    @property
    def base_url_env(self) -> str:
        """The environment variable a Client reads its base URL from."""
        return f"{self.package.upper()}_BASE_URL"

    @property
    def basic_auth(self) -> bool:
        """Some credential is HTTP basic (the client then encodes user and password)."""
        return any(s.basic for s in self.security_schemes)

