"""A broken spec gets every problem, each with its JSON pointer, and nothing is written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.build import build
from codegen.load import from_data, parse
from codegen.problems import SpecError
from conftest import ROOT, spec_with


def problems_of(spec: dict[str, Any] | str | bytes) -> list[str]:
    text = spec if isinstance(spec, (str, bytes)) else yaml.safe_dump(spec, sort_keys=False)
    with pytest.raises(SpecError) as info:
        build(parse(text, "broken.yaml"), "pkg")
    return [str(p) for p in info.value.problems]


def op(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"204": {"description": "ok"}}, **extra}


def test_dangling_ref_is_reported_with_its_pointer() -> None:
    spec = spec_with({"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Missing"}}}})
    assert problems_of(spec) == ["#/components/schemas/A/properties/b: $ref '#/components/schemas/Missing' does not resolve"]


def test_percent_encoded_references_that_do_not_resolve_are_reported_as_written() -> None:
    properties = {"b": {"$ref": "#/components/schemas/Missing%20Thing"}, "c": {"$ref": "#/components/schemas/%FF"}}
    assert problems_of(spec_with({"A": {"type": "object", "properties": properties}})) == [
        "#/components/schemas/A/properties/b: $ref '#/components/schemas/Missing%20Thing' does not resolve",
        "#/components/schemas/A/properties/c: $ref '#/components/schemas/%FF' does not resolve",
    ]


def test_every_problem_is_reported_together() -> None:
    spec = spec_with(
        {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Nope"}}},
            "C": {"type": "object", "properties": {"d": {"$ref": "#/nowhere"}}},
        }
    )
    found = problems_of(spec)
    assert len(found) == 2 and all("does not resolve" in p for p in found)


def test_cycle_of_required_properties_is_reported() -> None:
    spec = spec_with(
        {
            "A": {"type": "object", "required": ["b"], "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/components/schemas/A"}}},
        }
    )
    assert problems_of(spec) == [
        "#/components/schemas/A: required properties form a cycle that no finite JSON value can satisfy: A → B → A"
    ]


def test_optional_recursion_is_not_a_problem() -> None:
    spec = spec_with({"A": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}})
    build(parse(yaml.safe_dump(spec), "ok.yaml"), "pkg")


def test_references_that_do_not_resolve_are_reported_with_the_shape_problems() -> None:
    spec = spec_with(
        {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Missing"}}},
            "C": {"type": "object", "required": "d", "properties": {"d": {"type": 5}}},
            "E": {"$ref": "#/nowhere"},
        }
    )
    assert sorted(problems_of(spec)) == [
        "#/components/schemas/A/properties/b: $ref '#/components/schemas/Missing' does not resolve",
        "#/components/schemas/C/properties/d/type: must be a string, not int",
        "#/components/schemas/C/required: must be a list, not a string",
        "#/components/schemas/E: $ref '#/nowhere' does not resolve",
    ]


def test_recursion_through_references_alone_or_a_union_of_itself_is_reported() -> None:
    ref = {"$ref": "#/components/schemas/Tree"}
    inner = {"type": "array", "items": {"$ref": "#/components/schemas/Tree/items"}}
    through_an_unnamed_array = spec_with({"Tree": {"type": "array", "items": inner}})
    assert problems_of(through_an_unnamed_array) == [
        "#/components/schemas/Tree/items: the schema contains itself through references only, or through arrays "
        "and maps that are not components; recursion must pass through a named schema"
    ]
    itself = spec_with({"Tree": {"oneOf": [{"type": "string"}, ref]}})
    through_another = spec_with({"Tree": {"oneOf": [{"type": "string"}, {"oneOf": [{"type": "integer"}, ref]}]}})
    for spec, where in ((itself, "Tree/oneOf/1"), (through_another, "Tree/oneOf/1/oneOf/1")):
        assert problems_of(spec) == [
            f"#/components/schemas/{where}: the union contains itself through unions or references only: "
            "no value could match it"
        ]


def test_unions_holding_each_other_directly_are_reported_whatever_the_building_order() -> None:
    a = {"oneOf": [{"type": "array", "items": {"$ref": "#/components/schemas/B"}}, {"$ref": "#/components/schemas/B"}]}
    b = {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "integer"}]}
    found = problems_of(spec_with({"A": a, "B": b}))
    assert len(found) == 1 and "contains itself through unions or references only" in found[0], found


def test_unsupported_constructs_are_named() -> None:
    spec = spec_with(
        {
            "Not": {"not": {"type": "string"}},
            "Multi": {"type": ["string", "null"]},
            "Ext": {"$ref": "other.yaml#/components/schemas/X"},
        }
    )
    assert sorted(problems_of(spec)) == [
        "#/components/schemas/Ext: only local references (#/...) are supported, not 'other.yaml#/components/schemas/X'",
    ]
    spec["components"]["schemas"].pop("Ext")
    assert sorted(problems_of(spec)) == [
        "#/components/schemas/Multi/type: a list of types is OpenAPI 3.1; use oneOf or nullable",
        "#/components/schemas/Not/not: 'not' is not supported",
    ]


def test_duplicate_operation_ids_are_reported() -> None:
    spec = spec_with(paths={"/a": {"get": op("Same")}, "/b": {"get": op("Same")}})
    assert problems_of(spec) == ["#/paths/~1b/get/operationId: duplicate operationId 'Same' (also at #/paths/~1a/get)"]


def test_a_path_reusing_another_path_s_item_is_reported_where_it_refers_to_it() -> None:
    # Reported at the $ref that causes it, whichever path sorts first.
    spec = spec_with(paths={"/v1/things": {"$ref": "#/paths/~1v2~1things"}, "/v2/things": {"get": op("ListThings")}})
    assert problems_of(spec) == [
        "#/paths/~1v1~1things/$ref: path '/v1/things' refers to the path item of '/v2/things' (#/paths/~1v2~1things):"
        " its operations would be defined twice, with the same operationIds"
    ]


def test_a_path_item_without_operation_ids_may_serve_two_paths() -> None:
    unnamed = {"responses": {"204": {"description": "ok"}}}
    spec = spec_with(paths={"/v1/things": {"$ref": "#/paths/~1v2~1things"}, "/v2/things": {"get": unnamed}})
    api = build(parse(yaml.safe_dump(spec, sort_keys=False), "reused.yaml"), "pkg")
    assert sorted(op.function for op in api.operations) == ["get_v1_things", "get_v2_things"]


def test_unnamed_operations_whose_names_collide_are_reported_at_the_operation() -> None:
    # No operationId: the name comes from the method and path, so that is where it is reported.
    unnamed = {"responses": {"204": {"description": "ok"}}}
    spec = spec_with(paths={"/a-b": {"get": unnamed}, "/a_b": {"get": unnamed}})
    assert problems_of(spec) == [
        "#/paths/~1a_b/get: function name 'get_ab' is produced by both #/paths/~1a-b/get and #/paths/~1a_b/get"
    ]


def test_operation_ids_colliding_after_snake_casing_are_reported() -> None:
    spec = spec_with(paths={"/a": {"get": op("getThing")}, "/b": {"get": op("GetThing")}})
    found = problems_of(spec)
    assert found[0].startswith("#/paths/~1b/get/operationId: function name 'get_thing' is produced by both")


def test_property_names_colliding_after_snake_casing_are_reported() -> None:
    spec = spec_with({"A": {"type": "object", "properties": {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}}}})
    assert problems_of(spec) == [
        "#/components/schemas/A/properties/foo_bar: attribute of A 'foo_bar' is produced by both property 'fooBar' and property 'foo_bar'"
    ]


def test_class_names_colliding_are_reported() -> None:
    spec = spec_with({"Thing": {"type": "object", "properties": {"x": {"type": "string"}}}, "thing": {"type": "object", "properties": {"x": {"type": "string"}}}})
    assert any("class name 'Thing' is produced by both" in p for p in problems_of(spec))


def test_reserved_runtime_names_cannot_be_taken() -> None:
    spec = spec_with({"Client": {"type": "object", "properties": {"x": {"type": "string"}}}, "A": {"type": "object", "properties": {"to_dict": {"type": "string"}}}})
    found = problems_of(spec)
    assert "#/components/schemas/Client: class name 'Client' (from #/components/schemas/Client) is reserved by the generated runtime" in found
    # a property is renamed instead (to_dict_), as keywords are
    assert not any(p.startswith("#/components/schemas/A/properties/to_dict") for p in found)


def test_credentials_cannot_take_the_name_of_a_client_argument() -> None:
    schemes = {"k": {"type": "apiKey", "in": "header", "name": "X-K", "x-client-param": "retries"}}
    spec = spec_with(components={"schemas": {}, "securitySchemes": schemes})
    assert problems_of(spec) == [
        "#/components/securitySchemes/k: Client argument 'retries' (from security scheme 'k') is reserved by the generated runtime"
    ]


def test_an_operation_left_without_a_usable_security_alternative_is_reported() -> None:
    schemes = {"o": {"type": "oauth2", "flows": {}}, "d": {"type": "http", "scheme": "digest"}}
    paths = {"/a": {"get": op("GetA", security=[{"o": []}, {"d": []}])}}
    assert problems_of(spec_with(paths=paths, components={"schemas": {}, "securitySchemes": schemes})) == [
        "#/paths/~1a/get/security: no security alternative can be used: "
        "'d': HTTP authentication 'digest' is not supported (bearer, basic); "
        "'o': security scheme type 'oauth2' is not supported (apiKey, http)"
    ]


def test_read_only_and_write_only_must_be_booleans() -> None:
    user = {"type": "object", "properties": {"id": {"type": "string", "readOnly": "yes"}, "pw": {"type": "string", "writeOnly": 1}}}
    assert problems_of(spec_with({"User": user})) == [
        "#/components/schemas/User/properties/id/readOnly: must be a boolean, not a string",
        "#/components/schemas/User/properties/pw/writeOnly: must be a boolean, not int",
    ]


def test_oneof_beside_properties_is_reported() -> None:
    spec = spec_with(
        {"A": {"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [{"type": "string"}, {"type": "integer"}]}}
    )
    assert problems_of(spec) == [
        "#/components/schemas/A/oneOf: oneOf beside properties or allOf is not supported: "
        "give each branch the whole object (an allOf inside each branch)"
    ]


def test_unsupported_parameter_styles_are_reported() -> None:
    params = [{"name": "f", "in": "query", "style": "deepObject", "schema": {"type": "string"}}]
    assert problems_of(spec_with(paths={"/a": {"get": op("GetA", parameters=params)}})) == [
        "#/paths/~1a/get/parameters/0/style: style 'deepObject' is not supported for query parameters "
        "(only form, spaceDelimited, pipeDelimited)"
    ]


def test_a_tag_named_like_a_function_is_reported() -> None:
    paths = {"/ping": {"get": op("Ping", tags=["ping"])}, "/pong": {"get": op("Pong", tags=["ping"])}}
    assert problems_of(spec_with(paths=paths)) == [
        "#/paths/~1ping/get/tags/0: tag 'ping' gives the module name 'ping', which is also a function name"
    ]


def test_tags_that_make_the_same_module_are_reported_where_they_appear() -> None:
    paths = {"/a": {"get": op("GetA", tags=["Foo Bar"])}, "/b": {"get": op("GetB", tags=["foo-bar"])}}
    declared = [{"name": "Other"}, {"name": "foo-bar"}]
    assert problems_of(spec_with(paths=paths)) == [
        "#/paths/~1b/get/tags/0: tag module 'foo_bar' is produced by both tag 'Foo Bar' and tag 'foo-bar'"
    ]
    assert problems_of(spec_with(paths=paths, tags=declared)) == [
        "#/paths/~1a/get/tags/0: tag module 'foo_bar' is produced by both tag 'foo-bar' and tag 'Foo Bar'"
    ]


def test_schemas_nested_too_deeply_are_a_problem_not_a_crash() -> None:
    def problems(spec: dict[str, Any]) -> list[str]:
        with pytest.raises(SpecError) as info:
            build(from_data(spec, "deep.yaml"), "pkg")
        return [str(p) for p in info.value.problems]

    schema: dict[str, Any] = {"type": "string"}
    for _ in range(2000):  # too deep to load
        schema = {"type": "array", "items": schema}
    assert problems(spec_with({"Deep": schema})) == ["#: schemas are nested too deeply to build"]
    schema = {"type": "string"}
    for _ in range(400):  # deep enough for the build stage's recursion, not for loading
        schema = {"type": "array", "items": schema}
    # Named where the nesting starts: the component, or the operation.
    assert problems(spec_with({"Deep": schema})) == ["#/components/schemas/Deep: schemas are nested too deeply to build"]
    holder = {"type": "object", "properties": {"deep": schema}}  # built after the object is named
    assert problems(spec_with({"Holder": holder})) == ["#/components/schemas/Holder: schemas are nested too deeply to build"]
    body = {"content": {"application/json": {"schema": schema}}}
    operation = {"operationId": "Send", "requestBody": body, "responses": {"204": {"description": "ok"}}}
    assert problems(spec_with(paths={"/send": {"post": operation}})) == [
        "#/paths/~1send/post: schemas are nested too deeply to build"
    ]
    # 600 components, each the next one under another name: named where the chain starts.
    aliases: dict[str, Any] = {f"Alias{i:04d}": {"$ref": f"#/components/schemas/Alias{i + 1:04d}"} for i in range(600)}
    aliases["Alias0600"] = {"type": "string"}
    assert problems(spec_with(aliases)) == ["#/components/schemas/Alias0000: schemas are nested too deeply to build"]
    # 600 objects, each holding the next one: built without trouble, but the modules
    # generated for them could not import one another (about 120 deep at most).
    links: dict[str, Any] = {
        f"Link{i:04d}": {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/Link{i + 1:04d}"}}}
        for i in range(600)
    }
    links["Link0600"] = {"type": "string"}
    assert problems(spec_with(links)) == [
        "#/components/schemas/Link0000: references chain 600 models deep (Link0000 → Link0001 → Link0002 → … → "
        "Link0599): the generated modules could not import one another more than 100 deep"
    ]


def test_a_yaml_alias_inside_its_own_anchor_is_reported() -> None:
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: &a {type: object, properties: {self: *a}}\n"
    assert problems_of(text) == ["#: a YAML alias refers back into its own anchor; use $ref for recursive schemas"]


def test_discriminator_mapping_must_name_a_branch() -> None:
    spec = spec_with(
        {
            "A": {"type": "object", "properties": {"k": {"type": "string"}}},
            "U": {
                "oneOf": [{"$ref": "#/components/schemas/A"}],
                "discriminator": {"propertyName": "k", "mapping": {"b": "#/components/schemas/B"}},
            },
        }
    )
    assert problems_of(spec) == [
        "#/components/schemas/U/discriminator/mapping/b: '#/components/schemas/B' is not one of the union's $ref branches"
    ]


def test_an_inline_name_taken_by_a_component_is_reported() -> None:
    spec = spec_with(
        {
            "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {"x": {"type": "string"}}}}},
            "AB": {"type": "object", "properties": {"y": {"type": "string"}}},
        }
    )
    assert problems_of(spec) == [
        "#/components/schemas/A/properties/b: class name 'AB' is produced by both #/components/schemas/AB and #/components/schemas/A/properties/b"
    ]


def test_pagination_must_point_at_real_parameters_and_properties() -> None:
    page = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}}
    operation = op(
        "ListThings",
        parameters=[{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
        responses={"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
    )
    operation["x-pagination"] = {"cursorParam": "after", "cursorPath": "meta.next", "itemsPath": "items"}
    spec = spec_with({"Page": page}, paths={"/things": {"get": operation}})
    assert problems_of(spec) == [
        "#/paths/~1things/get/x-pagination/cursorParam: 'after' is not a query parameter of ListThings",
        "#/paths/~1things/get/x-pagination/cursorPath: 'meta.next': the response has no property 'meta' there",
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        {"name": "after", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "after", "in": "query", "schema": {"type": "integer"}},
        {"name": "after", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    ],
)
def test_the_cursor_parameter_must_be_an_optional_string(cursor: dict[str, Any]) -> None:
    page = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "next": {"type": "string"}}}
    operation = op(
        "ListThings",
        parameters=[cursor],
        responses={"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
    )
    operation["x-pagination"] = {"cursorParam": "after", "cursorPath": "next", "itemsPath": "items"}
    assert problems_of(spec_with({"Page": page}, paths={"/things": {"get": operation}})) == [
        "#/paths/~1things/get/x-pagination/cursorParam: 'after' must be an optional query parameter of type string"
    ]


def test_required_property_that_is_not_defined_is_reported() -> None:
    spec = spec_with({"A": {"type": "object", "required": ["ghost"], "properties": {"x": {"type": "string"}}}})
    assert problems_of(spec) == ["#/components/schemas/A/required: required property 'ghost' is not defined in properties"]
    spec = spec_with({"A": {"type": "object", "required": ["ghost"], "additionalProperties": False}})
    assert problems_of(spec) == [
        "#/components/schemas/A/required: required property 'ghost' can never be present: the object allows no properties"
    ]


def test_path_parameter_problems_are_reported() -> None:
    spec = spec_with(paths={"/a/{id}": {"get": op("Get")}})
    assert problems_of(spec) == ["#/paths/~1a~1{id}/get: path '/a/{id}' uses {id} but declares no such path parameter"]


@pytest.mark.parametrize("path", ["/a/{id", "/d/{{z}}", "/b/id}"])
def test_a_path_with_unbalanced_or_nested_braces_is_reported(path: str) -> None:
    params = [{"name": "z", "in": "query", "schema": {"type": "string"}}]
    found = problems_of(spec_with(paths={path: {"get": op("Get", parameters=params)}}))
    assert f"path {path!r} has an unbalanced or nested brace" in " ".join(found)


def test_not_utf8_is_reported() -> None:
    assert problems_of(b"openapi: 3.0.3\ninfo: {title: \xff}\n") == ["#: the file is not valid UTF-8 (byte 29: invalid start byte)"]


def test_invalid_yaml_is_reported_with_its_line() -> None:
    found = problems_of("openapi: 3.0.3\npaths:\n  /a: [\n")
    assert len(found) == 1 and found[0].startswith("#: not valid YAML at line 4")


def test_a_yaml_number_python_will_not_read_is_reported_with_its_line() -> None:
    # int() refuses more than 4300 digits with a ValueError, which PyYAML lets through.
    found = problems_of("openapi: 3.0.3\ncomponents:\n  schemas:\n    N: {type: integer, example: " + "9" * 4400 + "}\n")
    assert len(found) == 1 and found[0].startswith("#: not valid YAML at line 4, column 33: Exceeds the limit")


def test_duplicate_yaml_keys_are_reported() -> None:
    found = problems_of("openapi: 3.0.3\npaths: {}\ncomponents: {}\ncomponents: {}\n")
    assert found == ["#: not valid YAML at line 4, column 1: duplicate key 'components'"]


def test_a_json_spec_is_read_as_json_with_its_escapes() -> None:
    # json.dumps writes an emoji as a surrogate pair, which YAML refuses.
    spec = spec_with({"Thing": {"type": "object", "description": "sunny \U0001f600", "properties": {"a": {"type": "string"}}}})
    api = build(parse(json.dumps(spec), "spec.json"), "pkg")
    assert "sunny \U0001f600" in str(api)
    for text, problem in [
        ('{"openapi": "3.0.3", "paths": {}, "paths": {}}', "#: not valid JSON: duplicate key 'paths'"),
        ('{"openapi": "3.0.3", "paths": {', "#: not valid JSON at line 1, column 32: Expecting property name enclosed in double quotes"),
        ('{"openapi": "3.0.3", "paths": {}, "x": NaN}', "#: not valid JSON: NaN is not JSON"),
        ('{"openapi": "3.0.3", "paths": {}, "info": {"title": "\\ud83d"}}', "#/info/title: a \\u escape is half of a surrogate pair, not a character"),
    ]:
        with pytest.raises(SpecError) as info:
            parse(text, "spec.json")
        assert [str(p) for p in info.value.problems] == [problem]


def test_an_inline_branch_a_discriminator_cannot_choose_is_reported() -> None:
    spec = spec_with({
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Shape": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"type": "object", "properties": {"side": {"type": "integer"}}}],
            "discriminator": {"propertyName": "kind"},
        },
    })
    assert problems_of(spec) == [
        "#/components/schemas/Shape/oneOf/1: an inline branch needs a value of its own for the discriminator 'kind'"
        " (an enum of one value), or a $ref and a mapping entry: it could never be chosen"
    ]


def test_allof_parts_giving_a_property_two_types_are_reported() -> None:
    spec = spec_with({
        "Base": {"type": "object", "properties": {"count": {"type": "integer"}}},
        "Event": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"count": {"type": "string"}}}]},
    })
    assert problems_of(spec) == [
        "#/components/schemas/Event/allOf/1/properties/count: property 'count' is string here and integer"
        " at #/components/schemas/Base/properties/count: no value is both"
    ]


def test_a_discriminator_mapping_on_an_object_schema_must_name_schemas() -> None:
    spec = spec_with({
        "Pet": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}},
                "discriminator": {"propertyName": "petType", "mapping": {"cat": "Cat", "dog": "#/components/schemas/Dgo"}}},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"meow": {"type": "integer"}}}]},
    })
    assert problems_of(spec) == ["#/components/schemas/Pet/discriminator/mapping/dog: '#/components/schemas/Dgo' does not resolve"]


def test_a_parameter_written_as_json_is_reported_not_sent_as_plain_text() -> None:
    params = [{"name": "obj", "in": "query", "content": {"application/json": {"schema": {"type": "string"}}}}]
    assert problems_of(spec_with(paths={"/a": {"get": op("Get", parameters=params)}})) == [
        "#/paths/~1a/get/parameters/0/content: a parameter written as JSON (content: application/json)"
        " is not supported; describe it with a schema and a style"
    ]


def test_wrong_openapi_version_is_reported() -> None:
    assert problems_of({"openapi": "3.1.0", "paths": {}}) == ["#/openapi: only OpenAPI 3.0.x is supported, found '3.1.0'"]


def test_cli_reports_problems_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(yaml.safe_dump(spec_with({"A": {"$ref": "#/components/schemas/B"}})), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", str(spec), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "#/components/schemas/A: $ref '#/components/schemas/B' does not resolve" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_cli_reports_a_missing_file_without_a_traceback(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "codegen", "check", str(tmp_path / "nope.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "cannot read the file" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("file", "package", "message"),
    [
        ("my spec.yaml", None, "is not a Python identifier; choose one with --package"),
        ("ok.yaml", "class", "is not a Python identifier; choose one with --package"),
        ("1api.yaml", None, "is not a Python identifier; choose one with --package"),
        # a package "email" is what urllib3 would import instead of the standard library's
        ("email.yaml", None, "is the name of a module the bindings need; choose another with --package"),
        ("ok.yaml", "json", "is the name of a module the bindings need; choose another with --package"),
        ("ok.yaml", "urllib3", "is the name of a module the bindings need; choose another with --package"),
    ],
)
def test_cli_refuses_a_package_name_python_cannot_import_or_that_hides_a_module(
    tmp_path: Path, file: str, package: str | None, message: str
) -> None:
    spec = tmp_path / file
    spec.write_text(yaml.safe_dump(spec_with({"Thing": {"type": "object"}})), encoding="utf-8")
    args = [sys.executable, "-m", "codegen", "generate", str(spec), "--out", str(tmp_path / "out")]
    run = subprocess.run(args + (["--package", package] if package else []), cwd=ROOT, capture_output=True, text=True)
    assert run.returncode != 0 and message in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()


def test_a_code_written_both_quoted_and_unquoted_is_a_duplicate_key() -> None:
    found = problems_of("openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: a}\n        '200': {description: b}\n")
    assert found == ["#: not valid YAML at line 7, column 9: duplicate key '200'"]


def test_servers_of_a_path_item_or_an_operation_are_reported() -> None:
    # Ignoring them would send these requests to the document's server instead.
    upload = {"servers": [{"url": "https://upload.example.com/v2"}], "post": op("Upload")}
    listing = {"get": op("ListItems", servers=[{"url": "https://other.example.com"}]), "put": op("PutItems", servers=[])}
    spec = spec_with(paths={"/upload": upload, "/items": listing}, servers=[{"url": "https://api.example.com/v1"}])
    unsupported = "servers on a path item or operation are not supported: every request goes to the Client's base URL (from the document's servers)"
    assert problems_of(spec) == [f"#/paths/~1items/get/servers: {unsupported}", f"#/paths/~1upload/servers: {unsupported}"]
    listing["get"]["servers"] = [{"url": 5}]
    assert "#/paths/~1items/get/servers/0/url: must be a string, not int" in problems_of(spec)


def test_a_relative_server_url_with_variables_is_reported() -> None:
    spec = spec_with(servers=[{"url": "/{version}", "variables": {"version": {"default": "v1"}}}])
    assert problems_of(spec) == ["#/servers/0/url: a relative server URL with variables is not supported"]


def test_an_alias_whose_name_is_another_schemas_class_is_a_collision() -> None:
    # "foo" and "Foo" both make the class Foo: the alias must not vanish into foo's model.
    spec = spec_with({"foo": {"type": "object", "properties": {"a": {"type": "string"}}}, "Foo": {"$ref": "#/components/schemas/foo"}})
    assert problems_of(spec) == [
        "#/components/schemas/Foo: class name 'Foo' is produced by both #/components/schemas/foo and #/components/schemas/Foo"
    ]


def test_yaml_scalars_are_read_as_yaml_1_2_reads_them() -> None:
    # YAML 1.1 would make NO (Norway) and on/off booleans, 0123 octal and 1:30 sexagesimal.
    text = """openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Country: {type: string, enum: [NO, SE, DK, on, off, yes]}
    Code: {type: string, enum: [0123, "1:30", 007], example: 2024-01-15T10:30:00Z}
    Flag: {type: boolean, default: false, example: true}
    Count: {type: integer, default: 12, maximum: 1e3, minimum: -5}
"""
    schemas = parse(text, "snippet.yaml").data["components"]["schemas"]
    assert schemas["Country"]["enum"] == ["NO", "SE", "DK", "on", "off", "yes"]
    assert schemas["Code"]["enum"] == ["0123", "1:30", "007"] and schemas["Code"]["example"] == "2024-01-15T10:30:00Z"
    assert (schemas["Flag"]["default"], schemas["Flag"]["example"]) == (False, True)
    assert (schemas["Count"]["default"], schemas["Count"]["maximum"], schemas["Count"]["minimum"]) == (12, 1000.0, -5)
    assert build(parse(text, "snippet.yaml"), "countries").models  # a valid spec, not refused


def test_enum_member_names_that_are_python_keywords_are_reported() -> None:
    spec = spec_with({"Mode": {"type": "integer", "enum": [1, 2], "x-enum-varnames": ["class", "None"]}})
    assert problems_of(spec) == [
        "#/components/schemas/Mode/x-enum-varnames/0: 'class' is not a usable member name",
        "#/components/schemas/Mode/x-enum-varnames/1: 'None' is not a usable member name",
    ]


def test_a_module_named_like_a_union_s_function_is_reported() -> None:
    spec = spec_with({"A": {"oneOf": [{"type": "string"}, {"type": "integer"}]}, "AFromDict": {"type": "object"}})
    assert problems_of(spec) == [
        "#/components/schemas/AFromDict: the module name 'a_from_dict' is also the name of a function of A (#/components/schemas/A)"
    ]


def test_item_counts_that_are_not_whole_numbers_or_contradict_are_reported() -> None:
    def array(**counts: Any) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string"}, **counts}

    spec = spec_with({"A": array(minItems=-1), "B": array(maxItems=1.5), "C": array(minItems=3, maxItems=1)})
    found = problems_of(spec)
    assert "#/components/schemas/A/minItems: minItems must be a whole number, 0 or more" in found
    assert any(p.startswith("#/components/schemas/B/maxItems: ") for p in found)
    assert "#/components/schemas/C/minItems: minItems 3 is more than maxItems 1" in found
