"""Python literals spelled the way black writes them.

The rendered text goes through black, which prefers double quotes. Writing
literals in that spelling from the start leaves black less to rewrite, which
makes formatting faster; the formatted result is the same either way.
"""

from __future__ import annotations

from typing import Any


def literal(value: Any) -> str:
    """Source text for ``value``: strings in double quotes unless that needs more
    escapes, tuples and lists element by element, anything else as ``repr``."""
    if isinstance(value, str):
        text = repr(value)
        # repr chose single quotes and escaped nothing for them: the text has no
        # single quote, so swapping the delimiters needs no escape if it has no double one.
        if text[0] == "'" and '"' not in value:
            return '"' + text[1:-1] + '"'
        return text
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)
