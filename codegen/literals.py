"""Python literals spelled the way black writes them.

The rendered text goes through black, which prefers double quotes. Writing
literals in that spelling from the start leaves black less to rewrite, which
makes formatting faster; the formatted result is the same either way.
"""

from __future__ import annotations

from typing import Any


def literal(value: Any) -> str:
    """Source text for ``value``: strings in double quotes unless that needs more
    escapes, tuples, lists and dicts element by element, anything else as ``repr``."""
    if isinstance(value, str):
        text = repr(value)
        # repr chose single quotes, escaping every single quote in the text; double
        # quotes instead escape every double quote: black takes them if that is no more.
        if text[0] == "'" and value.count('"') <= value.count("'"):
            return _double_quoted(text[1:-1])
        return text
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _double_quoted(body: str) -> str:
    """The body of a single-quoted ``repr`` between double quotes."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\":  # an escape: \' needs none now, the rest stay as they are
            unit = body[i : i + 2]
            out.append("'" if unit == "\\'" else unit)
            i += 2
        else:
            out.append('\\"' if body[i] == '"' else body[i])
            i += 1
    return '"' + "".join(out) + '"'
