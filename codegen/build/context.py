"""What every part of the build stage shares: the document, the problems found so
far, the namespaces names are claimed in, and the models made."""

from __future__ import annotations

from typing import Any

from .. import ir, naming
from ..load import Document, canonical, tokens
from ..problems import Problems, join, pointer

SCHEMAS = "#/components/schemas/"


def mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one (the shape check reported it)."""
    return value if isinstance(value, dict) else {}


def listing(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one (the shape check reported it)."""
    return value if isinstance(value, list) else []


class Context:
    def __init__(self, doc: Document, package: str) -> None:
        self.doc = doc
        self.package = package
        self.problems = Problems(doc.source)
        self.problems.items.extend(doc.problems)  # references that do not resolve
        self.classes = naming.Names("class name", naming.RESERVED_CLASS_NAMES)
        self.modules = naming.Names("module name")
        self.models: dict[str, ir.Model] = {}
        # The component schema or operation being built, for a problem that has no
        # better place (schemas nested past Python's recursion limit).
        self.building = "#"

    # ------------------------------------------------------------------ problems

    def problem(self, where: str, message: str) -> None:
        self.problems.add(where, message)

    def claim(self, names: naming.Names, name: str, owner: str, where: str) -> bool:
        """Claim ``name``; report a collision at ``where``. True if the name is free."""
        message = names.claim(name, owner)
        if message is not None:
            self.problem(where, message)
            return False
        return True

    # ------------------------------------------------------------------ document

    def deref(self, node: Any, where: str) -> tuple[Any, str]:
        """Follow ``$ref``s (they resolve: building stops after validation otherwise)."""
        return self.doc.deref(node, where)

    def components(self, kind: str) -> dict[str, Any]:
        return mapping(mapping(self.doc.data.get("components")).get(kind))

    @staticmethod
    def schema_pointer(name: str) -> str:
        return pointer("components", "schemas", name)

    @staticmethod
    def component_name(ref: str) -> str | None:
        """The component schema a ``$ref`` names directly, if it names one."""
        try:
            ref = canonical(ref)
        except (KeyError, ValueError):
            return None
        if not ref.startswith(SCHEMAS) or "/" in ref[len(SCHEMAS) :]:
            return None
        return tokens(ref)[-1]

    @staticmethod
    def at(where: str, *parts: str | int) -> str:
        return join(where, *parts)

    # -------------------------------------------------------------------- models

    def model_name(self, hint: str, where: str) -> tuple[str, str] | None:
        """Claim a class and module name for the model of the schema at ``where``."""
        cls = naming.class_name(hint)
        module = naming.module_name(cls)
        if not self.claim(self.classes, cls, where, where):
            return None
        if not self.claim(self.modules, module, where, where):
            return None
        return cls, module

    def add_model(self, model: ir.Model) -> None:
        self.models[model.name] = model
