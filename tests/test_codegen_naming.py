"""The naming rules every generated name follows."""

from __future__ import annotations

import ast

import pytest

from codegen import naming
from conftest import ROOT


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("created_at", "created_at"),
        ("filter[id]", "filter_id"),
        ("page[cursor]", "page_cursor"),
        ("projectId", "project_id"),
        ("queueIds", "queue_ids"),
        ("displayName", "display_name"),
        ("x-api-key", "x_api_key"),
        ("type", "type_"),
        ("list", "list_"),
        ("class", "class_"),
        ("match", "match_"),
        ("id", "id"),
        ("format", "format"),
        ("_private", "private"),
        ("2fa", "field_2fa"),
        ("", "field"),
        ("größe", "grosse"),
        ("naïve", "naive"),
        ("ÜberweisungsZiel", "uberweisungs_ziel"),
    ],
)
def test_attribute_names(name: str, attribute: str) -> None:
    assert naming.attribute(name) == attribute


@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("ListLLMObsProjects", "list_llm_obs_projects"),
        ("GetLLMObsAnnotatedInteractions", "get_llm_obs_annotated_interactions"),
        ("CreateLLMObsIntegrationInference", "create_llm_obs_integration_inference"),
        ("listModels", "list_models"),
        ("list-models", "list_models"),
        ("timeout", "timeout_"),
        ("Client", "client_"),
        ("body", "body_"),
        ("créerCompte", "creer_compte"),
        ("getattr", "getattr_"),  # builtins the api package's loader calls
        ("globals", "globals_"),
        ("Sorted", "sorted_"),
        ("print", "print_"),
    ],
)
def test_function_names_are_the_snake_case_of_the_operation_id(name: str, function: str) -> None:
    assert naming.function_name(name) == function


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("LLMObsProjectResponse", "llm_obs_project_response"),
        ("JSONAPIErrorItem", "jsonapi_error_item"),
        ("LLMObsOpenAIMetadata", "llm_obs_open_ai_metadata"),
        ("APIErrorResponse", "api_error_response"),
        ("Dataset Records", "dataset_records"),
    ],
)
def test_module_names(name: str, module: str) -> None:
    assert naming.module_name(name) == module


def test_class_names_keep_acronyms_and_fix_what_is_not_an_identifier() -> None:
    assert naming.class_name("LLMObsCursorMeta") == "LLMObsCursorMeta"
    assert naming.class_name("error_response") == "ErrorResponse"
    assert naming.class_name("ThingItem") == "ThingItem"
    assert naming.class_name("2xx") == "Model2xx"
    # accented letters are kept as their ASCII letters, not dropped
    assert naming.class_name("Überweisung") == "Uberweisung"
    assert naming.class_name("straße_größe") == "StrasseGrosse"
    assert naming.module_name("Überweisung") == "uberweisung"
    # a class named as a builtin would hide it in the modules that use both
    assert naming.class_name("KeyError") == "KeyError_"
    assert naming.class_name("type_error") == "TypeError_"
    assert naming.class_name("Exception") == "Exception_"


def test_enum_member_names() -> None:
    assert naming.enum_member("experiment_trace") == "EXPERIMENT_TRACE"
    assert naming.enum_member("dark-blue") == "DARK_BLUE"
    assert naming.enum_member("") == "EMPTY"
    assert naming.enum_member(-3) == "VALUE_MINUS_3"
    assert naming.enum_member("3d") == "VALUE_3D"


def test_enum_members_of_signs_and_accented_letters_get_names_of_their_own() -> None:
    # an operator enum is common: every value must not become EMPTY (a collision)
    operators = [">", ">=", "<", "<=", "=", "!="]
    names = [naming.enum_member(v) for v in operators]
    assert names[:2] == ["GREATER_THAN_SIGN", "GREATER_THAN_SIGN_EQUALS_SIGN"] and len(set(names)) == len(names)
    assert [naming.enum_member(v) for v in ("é", "ü", "café", " ", "groß")] == ["E", "U", "CAFE", "SPACE", "GROSS"]
    assert all(n.isidentifier() for n in names)


def test_names_can_be_claimed_once() -> None:
    names = naming.Names("thing", frozenset({"Client"}))
    assert names.claim("A", "first") is None
    assert names.claim("A", "first") is None
    assert names.claim("A", "second") == "thing 'A' is produced by both first and second"
    assert names.claim("Client", "x") == "thing 'Client' (from x) is reserved by the generated runtime"


def _module_names(statements: list[ast.stmt]) -> set[str]:
    """The names module-level statements bind (looking inside ``if`` blocks)."""
    bound: set[str] = set()
    for node in statements:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.If):
            bound |= _module_names(node.body + node.orelse)
    return bound


def _local_names(function: ast.FunctionDef) -> set[str]:
    """The names a function binds in its own scope, but its arguments (comprehensions,
    lambdas and nested functions have scopes of their own)."""
    bound: set[str] = set()
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        stack.extend(ast.iter_child_nodes(node))
    return bound


def test_every_name_the_client_module_binds_is_reserved_for_client_arguments() -> None:
    # A Client argument with one of these names would hide it inside the constructor.
    from codegen.pipeline import api_for
    from codegen.render import render_package

    for spec in sorted((ROOT / "spec").glob("*.yaml")):
        api = api_for(spec)
        tree = ast.parse(render_package(api)["client.py"])
        public = {n for n in _module_names(tree.body) if not n.startswith("_") and not n.endswith("_VALUES")}
        assert public <= naming.RESERVED_CLIENT_ARGUMENTS, sorted(public - naming.RESERVED_CLIENT_ARGUMENTS)
        # Nor may one take the name of a local variable of a method it is passed to
        # (the constructor, which takes credentials and server variables).
        given = {s.py_name for s in api.security_schemes} | {v.py_name for server in api.servers for v in server.variables}
        assert given, spec
        client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
        for method in (n for n in client.body if isinstance(n, ast.FunctionDef)):
            arguments = {a.arg for a in method.args.args + method.args.kwonlyargs}
            if arguments & given:
                local = {n for n in _local_names(method) - arguments if not n.startswith("_")}
                assert local <= naming.RESERVED_CLIENT_ARGUMENTS, (method.name, sorted(local - naming.RESERVED_CLIENT_ARGUMENTS))
