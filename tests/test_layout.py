"""The templates write code in black's layout, so black has nothing to rewrite.

black formats a file twice when its first pass changes anything; rendered text
that is already in its layout is formatted in one pass. These tests hold the
layout helpers to black's output for statements whose length depends on names
from the spec, on both sides of the line-length limit.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import black
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from codegen import layout
from codegen.build import build
from codegen.formatting import LINE_LENGTH, format_files
from codegen.literals import literal
from codegen.load import parse
from codegen.pipeline import api_for
from codegen.render import render_package
from conftest import ROOT, spec_with

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH)


def names(low: int = 1, high: int = 40) -> st.SearchStrategy[str]:
    """Identifiers of many lengths, so that statements fall on both sides of the limit.
    (Beyond the lengths of real names the helpers may leave work to black.)"""
    return st.integers(low, high).map(lambda n: ("name_" * 20)[:n].rstrip("_") or "n")


def in_black_layout(statement: str, indent: int) -> None:
    """``statement``, written at ``indent`` spaces inside nested blocks, is what black writes."""
    depth = indent // 4
    source = "".join("    " * i + "if x:\n" for i in range(depth)) + " " * indent + statement + "\n"
    assert black.format_str(source, mode=MODE) == source, source


@given(target=names(), indent=st.sampled_from([4, 8, 12, 16]))
def test_a_conditional_assignment_is_laid_out_as_black_does(target: str, indent: int) -> None:
    expr = f"(_d if (_d := _from_iso(v)).tzinfo is not None and len(v) < 28 else _parse_datetime(v))"
    in_black_layout(layout.expression(expr, indent, f"self.{target} = "), indent)


@pytest.mark.parametrize("indent", [4, 8, 12, 16, 20, 24, 28])
def test_a_nested_conditional_is_split_in_turn(indent: int) -> None:
    number = "(v if v.__class__ is int or (v.__class__ is float and v - v == 0.0) else _c.as_number(v))"
    in_black_layout(layout.expression(f"(None if v is None else {number})", indent, "v = "), indent)


@given(cls=names(1, 64), target=names())
def test_a_call_on_the_right_is_split_inside_its_brackets_or_wrapped(cls: str, target: str) -> None:
    in_black_layout(layout.expression(f"C{cls}.from_dict(v)", 12, f"self.{target} = "), 12)
    in_black_layout(layout.expression(f"_decode_list(v, C{cls}.from_dict)", 12, f"self.{target} = "), 12)


@given(key=names(), field=names(1, 30))
def test_a_dict_value_keeps_its_parentheses_and_splits_inside_them(key: str, field: str) -> None:
    value = f"(self.{field} if self.{field}.tzinfo is _UTC and self.{field}.__class__ is datetime else _format_datetime(self.{field}))"
    entry = layout.expression(value, 12, f"{literal(key)}: ", ",", keep_parens=True)
    in_black_layout("out = {\n" + " " * 12 + entry + "\n" + " " * 8 + "}", 8)


@given(field=names(1, 60), indent=st.sampled_from([8, 12]))
def test_a_comprehension_is_split_before_for_never_at_its_commas(field: str, indent: int) -> None:
    value = f"{{k: (x if x.tzinfo is _UTC and x.__class__ is datetime else _format_datetime(x)) for k, x in self.{field}.items()}}"
    in_black_layout(layout.expression(value, indent, f'out["{field}"] = '), indent)


@given(field=names(1, 60), indent=st.sampled_from([8, 12]))
def test_a_comprehension_over_a_conditional_is_split_inside_its_parentheses(field: str, indent: int) -> None:
    iterable = f"(self.{field} if self.{field}.__class__ is list else _c.array_out(self.{field}, {literal(field)}))"
    in_black_layout(layout.expression(f"[x.to_dict() for x in {iterable}]", indent, f'out["{field}"] = '), indent)


@given(key=names(), field=names(1, 30), enum=names(1, 50))
def test_a_conditional_nested_in_a_dict_value_is_split_in_turn(key: str, field: str, enum: str) -> None:
    v = f"self.{field}"
    value = f"({v} if {v}.__class__ is str else ({v}._value_ if {v}.__class__ is E{enum} else _c.str_enum_out({v}, {literal(field)})))"
    entry = layout.expression(value, 12, f"{literal(key)}: ", ",", keep_parens=True)
    in_black_layout("out = {\n" + " " * 12 + entry + "\n" + " " * 8 + "}", 8)


def _expressions() -> st.SearchStrategy[str]:
    """Expressions of the shapes the encoders and decoders write, of many lengths."""
    atoms = st.one_of(
        names().map(lambda n: f"self.{n}"),
        names().map(lambda n: f'_c.array_out(self.{n}, "{n}")'),
        names(1, 20).map(lambda n: f"{n}.to_dict()"),
        st.just("x"),
    )

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(atoms, names(1, 50), inner).map(lambda t: f"({t[0]} if {t[0]}.__class__ is C{t[1]} else {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"(None if {t[0]} is None else {t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"[{t[0]} for x in {t[1]}]"),
            st.tuples(inner, atoms).map(lambda t: f"{{k: {t[0]} for k, x in {t[1]}.items()}}"),
        )

    return st.recursive(atoms, grow, max_leaves=6)


@settings(max_examples=300)
@given(expr=_expressions(), indent=st.sampled_from([4, 8, 12, 16]), target=names(1, 30), value=st.booleans())
def test_laying_out_never_changes_what_a_statement_means(expr: str, indent: int, target: str, value: bool) -> None:
    # black keeps what a statement means, so a layout mistake (a trailing comma that
    # makes a tuple) would pass black and mypy unnoticed: compare syntax trees.
    if value:  # a dict entry, whose value keeps its parentheses
        laid = "out = {\n" + " " * indent + layout.expression(expr, indent, '"key": ', ",", keep_parens=True) + "\n}"
        plain = f'out = {{"key": {expr}}}'
    else:
        laid = layout.expression(expr, indent, f"self.{target} = ")
        plain = f"self.{target} = {expr}"
    assert ast.dump(ast.parse(textwrap.dedent(laid))) == ast.dump(ast.parse(plain)), laid


@given(function=names(), arguments=st.lists(names(1, 30), min_size=1, max_size=8))
def test_a_call_is_on_one_line_or_its_arguments_are(function: str, arguments: list[str]) -> None:
    forward = [f"{a}={a}" for a in arguments]
    in_black_layout(layout.call(function, ["client", *forward], 4, "return ", ".parsed"), 4)
    in_black_layout(layout.call(function, ["client", *forward], 8, "_payload = "), 8)


@given(items=st.lists(st.text("abcdefgh", min_size=1, max_size=30), min_size=2, max_size=6), target=names())
def test_a_tuple_that_does_not_fit_has_one_item_per_line(items: list[str], target: str) -> None:
    in_black_layout(layout.expression(literal(tuple(items)), 0, f"{target.upper()} = "), 0)


@given(module=names(1, 60), imported=st.lists(names(1, 50), min_size=1, max_size=4, unique=True), indent=st.sampled_from([0, 4]))
def test_an_import_that_does_not_fit_has_one_name_per_line(module: str, imported: list[str], indent: int) -> None:
    in_black_layout(layout.import_from(f".{module}", [f"{n} as {n}" for n in imported], indent), indent)


@given(segments=st.lists(names(1, 30), min_size=1, max_size=5))
def test_a_path_expression_argument_has_one_operand_per_line_when_long(segments: list[str]) -> None:
    expr = " + ".join(f'"/{s}/" + _p.segment({s}, "{s}")' for s in segments)
    call = "client.send(\n" + " " * 8 + '"GET",\n' + " " * 8 + layout.operands(expr, 8, ",") + "\n" + " " * 8 + "timeout=timeout,\n    )"
    in_black_layout(call, 4)


@pytest.mark.parametrize("expr", ["(a if b else c)", "(a) + (b)", "(a, b)", "()", '(")" if x else "(")', "((a))"])
def test_dropping_parentheses_never_changes_what_an_expression_means(expr: str) -> None:
    assert ast.dump(ast.parse(f"x = {layout.unwrap(expr)}")) == ast.dump(ast.parse(f"x = {expr}"))
    assert layout.expression(expr, 4, "security=", ",", keep_parens=True) == f"security={expr},"


LONG = "A sentence about this thing that goes on well past the width of one line of a docstring, twice over."


def test_a_long_summary_leaves_the_sections_of_a_docstring_at_the_margin(tmp_path: Path) -> None:
    schemas = {
        "Thing": {"type": "object", "description": LONG, "properties": {"name": {"type": "string", "description": "Its name."}}},
        "Colour": {"type": "string", "enum": ["red", "blue"], "description": LONG},
    }
    op = {"operationId": "GetThing", "summary": LONG, "parameters": [{"name": "id", "in": "query", "schema": {"type": "string"}}],
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}
    doc = parse(yaml.safe_dump(spec_with(schemas, {"/thing": {"get": op}})), "snippet.yaml")
    rendered = render_package(build(doc, "pkg"))
    files = {p: rendered[p] for p in ("models/thing.py", "models/colour.py", "api/default.py") if p in rendered}
    assert len(files) == 3, sorted(rendered)
    formatted = format_files(files, cache_dir=tmp_path)
    docs = {}
    for path, text in formatted.items():
        assert text == files[path], f"black re-indented {path}"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node):
                docs[node.name] = ast.get_docstring(node)
    assert "\nAttributes:\n    name: Its name." in docs["Thing"]
    assert docs["Colour"].startswith("A sentence about") and "\n    " not in docs["Colour"]
    assert "\nArgs:\n    client:" in docs["get_thing"]


@given(st.text())
@example("\\'\"")
def test_a_string_literal_reads_back_as_the_same_text(text: str) -> None:
    assert ast.literal_eval(literal(text)) == text


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("'\"")
@example("\\'\"\"")
def test_a_string_literal_is_quoted_as_black_quotes_it(text: str) -> None:
    in_black_layout(f"x = {literal(text)}", 0)


@pytest.mark.parametrize("spec", ["datadog_llm_observability", "allllms"])
def test_black_rewrites_almost_none_of_the_rendered_files(spec: str, tmp_path: Path) -> None:
    rendered = {p: t for p, t in render_package(api_for(ROOT / "spec" / f"{spec}.yaml")).items() if p.endswith(".py")}
    formatted = format_files(rendered, cache_dir=tmp_path)
    rewritten = sorted(p for p in rendered if formatted[p] != rendered[p])
    # Left to black: a method signature that no longer fits after a very long class name.
    assert len(rewritten) <= max(2, len(rendered) // 50), rewritten


@given(
    items=st.lists(st.text("ab(),[]{}\"' \\", min_size=1, max_size=30).map(lambda s: s.replace(" ", " if ")), min_size=2, max_size=6),
    target=names(),
)
@example(items=["a\"b'c(, d if e" * 2, "x,y" * 10, "z" * 32], target="target")
@example(items=["[", "[", "[", "\\", "[" * 18 + "'\" if  if \\\\", "[" * 27 + "'\" if "], target="n")  # 100 wide, then its comma
def test_brackets_commas_and_keywords_inside_string_literals_do_not_move_a_split(items: list[str], target: str) -> None:
    statement = layout.expression(f"f({literal(tuple(items))}, x)", 0, f"{target} = ")
    in_black_layout(statement, 0)
    assert ast.dump(ast.parse(statement)) == ast.dump(ast.parse(f"{target} = f({literal(tuple(items))}, x)"))
