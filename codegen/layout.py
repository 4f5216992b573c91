"""Long statements laid out the way black lays them out.

black reformats every rendered file, and when its first pass changes anything it
formats the result a second time: a file already in black's layout costs half as
much. The templates use these helpers where a statement's length depends on
names from the spec. black stays the authority: a statement these rules lay out
differently is still formatted correctly, only slower.
"""

from __future__ import annotations

import functools
import re

from .formatting import LINE_LENGTH


def _fits(indent: int, text: str) -> bool:
    return indent + len(text) <= LINE_LENGTH


_OPENING = ("(", "[", "{")
_CLOSING = (")", "]", "}")
# A string literal (to its end, if it is not closed), or one bracket.
_STRING_OR_BRACKET = r"\"(?:[^\"\\]|\\.)*\"?|'(?:[^'\\]|\\.)*'?|[()\[\]{}]"


@functools.lru_cache(maxsize=None)
def _tokens(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join([_STRING_OR_BRACKET, *map(re.escape, separators)]), re.DOTALL)


def _scan(text: str, separators: tuple[str, ...] = ()) -> list[tuple[int, str, int]]:
    """(index, token, bracket depth before it) for each bracket and each of
    ``separators`` outside string literals."""
    out: list[tuple[int, str, int]] = []
    depth = 0
    for m in _tokens(separators).finditer(text):
        token = m.group()
        if token[0] in "\"'":
            continue
        out.append((m.start(), token, depth))
        if token in _OPENING:
            depth += 1
        elif token in _CLOSING:
            depth -= 1
    return out


def _top_level(text: str, separators: tuple[str, ...]) -> list[int]:
    """Where ``separators`` start outside brackets and string literals."""
    return [i for i, token, depth in _scan(text, separators) if depth == 0 and token in separators]


def _cut(text: str, at: list[int]) -> list[str]:
    return [text[a:b].strip() for a, b in zip([0, *at], [*at, len(text)])]


def unwrap(expr: str) -> str:
    """``expr`` without one pair of parentheses around all of it (a tuple keeps them)."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    closing = next(i for i, c, depth in _scan(expr) if c == ")" and depth == 1)
    inner = expr[1:-1]
    whole = closing == len(expr) - 1 and inner.strip()  # "()" is the empty tuple
    return inner if whole and not _top_level(inner, (",",)) else expr


def _last_opening(body: str) -> int:
    """Where the brackets that close at the end of ``body`` open."""
    return max(i for i, c, depth in _scan(body) if c in _OPENING and depth == 0)


def _inside_last_brackets(body: str, indent: int, head: str, tail: str) -> str:
    """Split ``head + body + tail`` inside the brackets that end ``body``: their
    content on one line, or one item per line with a trailing comma."""
    opening = _last_opening(body)
    content = body[opening + 1 : -1]
    pad = " " * (indent + 4)
    commas = _top_level(content, (",",))
    comprehension = _top_level(content, (" for ",))
    # black always splits a literal (not a call or subscript) one item per line.
    literal = opening == 0 or not (body[opening - 1].isalnum() or body[opening - 1] in "_)]")
    if _fits(indent + 4, content) and not (literal and commas and not comprehension):
        lines = f"{pad}{content}\n"
    elif comprehension:  # split before "for" and "if"; a trailing comma would not be Python
        parts = _cut(content, _top_level(content, (" for ", " if ")))
        lines = "".join(f"{pad}{_part(part, indent + 4)}\n" for part in parts)
    elif literal and body[opening] == "(" and not commas:
        # Parentheses around one expression, not a tuple: a trailing comma would make one.
        lines = f"{pad}{_part(content, indent + 4)}\n"
    else:
        items = _cut(content, [i + 1 for i in commas])
        lines = "".join(f"{pad}{_part(item.rstrip(','), indent + 4, ',')}\n" for item in items if item)
    return f"{head}{body[: opening + 1]}\n{lines}{' ' * indent}{body[-1]}{tail}"


def expression(expr: str, indent: int, head: str, tail: str = "", keep_parens: bool = False) -> str:
    """``head + expr + tail`` at ``indent`` spaces; ``head`` ends with "= ",
    "return " or a dict key and ": ". Parentheses around all of ``expr`` are
    dropped on one line unless ``keep_parens`` (black keeps them in a dict value)."""
    body = unwrap(expr)
    one = f"{head}{expr if keep_parens else body}{tail}"
    if _fits(indent, one):
        return one
    if body[-1] in ")]}" and not _top_level(body, (" if ", " else ", " and ", " or ", " + ")):
        # Split inside the closing brackets, unless even the line that opens them
        # is too long: then black wraps the whole right-hand side instead.
        if _fits(indent, head + body[: _last_opening(body) + 1]) or not head.endswith("= "):
            return _inside_last_brackets(body, indent, head, tail)
    cuts = _top_level(body, (" if ", " else "))
    if not cuts and not _fits(indent + 4, body) and body[-1] not in ")]}":
        return one  # nothing to split at: black leaves the line long
    parts = _cut(body, cuts) if cuts and not _fits(indent + 4, body) else [body]
    lines = "".join(f"{' ' * (indent + 4)}{_part(p, indent + 4)}\n" for p in parts)
    return f"{head}(\n{lines}{' ' * indent}){tail}"


def _part(part: str, indent: int, tail: str = "") -> str:
    """One line of a wrapped right-hand side or comprehension (or one item of a
    split literal or call, ``tail`` its comma), split in turn if it does not fit:
    ``else (a if b else c)`` and ``for x in (a if b else c)`` like a whole
    expression, ``if a or b`` before each ``or`` (or ``and``, or ``is``), a call
    inside its brackets."""
    if _fits(indent, part + tail):
        return part + tail
    keyword, _, rest = part.partition(" ")
    if keyword == "else" and unwrap(rest) != rest:
        return expression(rest, indent, "else ", tail, keep_parens=True)
    if unwrap(part) != part:  # (a if b else c), a comprehension's element
        return expression(part, indent, "", tail, keep_parens=True)
    key, colon, value = part.partition(": ")
    if colon and key.isidentifier() and unwrap(value) != value:  # k: (a if b else c)
        return expression(value, indent, f"{key}: ", tail, keep_parens=True)
    if keyword == "for":  # for x in (a if b else c)
        target, _, iterable = part.partition(" in ")
        if unwrap(iterable) != iterable:
            return expression(iterable, indent, f"{target} in ", tail, keep_parens=True)
    if keyword == "if":
        cuts = _top_level(part, (" or ",)) or _top_level(part, (" and ",)) or _top_level(part, (" is ",))
        if cuts:
            return f"\n{' ' * indent}".join(_cut(part, cuts)) + tail
    if part[-1] in ")]}":
        return _inside_last_brackets(part, indent, "", tail)
    return part + tail


def call(function: str, arguments: list[str], indent: int, head: str = "", tail: str = "") -> str:
    """``head + function(arguments...) + tail`` at ``indent`` spaces."""
    body = f"{function}({', '.join(arguments)})"
    if _fits(indent, head + body + tail) or not arguments:
        return head + body + tail
    return _inside_last_brackets(body, indent, head, tail)


def operands(expr: str, indent: int, tail: str = "") -> str:
    """An argument ``a + b + c`` in a call laid out one argument per line: one
    operand per line when it is too long."""
    if _fits(indent, expr + tail):
        return expr + tail
    parts = _cut(expr, _top_level(expr, (" + ",)))
    return parts[0] + "".join(f"\n{' ' * indent}{p}" for p in parts[1:]) + tail


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """``from module import names`` at ``indent`` spaces, one name per line when long."""
    one = f"from {module} import {', '.join(names)}"
    if _fits(indent, one):
        return one
    pad = " " * (indent + 4)
    lines = "".join(f"{pad}{n},\n" for n in names)
    return f"from {module} import (\n{lines}{' ' * indent})"
