"""Spec problems: what is wrong and where (a JSON pointer), reported all together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from its unescaped reference tokens."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped) if parts else "#"


def join(base: str, *parts: str | int) -> str:
    """Extend the JSON pointer ``base`` by more reference tokens."""
    tail = pointer(*parts)
    if tail == "#":
        return base
    return (base if base != "#" else "#") + tail[1:]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a spec, located by a JSON pointer into it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SpecError(Exception):
    """A spec could not be turned into bindings; carries every problem found."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"{self.source}: {count} problem{'s' if count != 1 else ''}:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class Problems:
    """Collects problems while a stage runs; raises them together at the end."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(Problem(where, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise SpecError(self.source, self.items)
