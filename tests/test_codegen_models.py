"""Generator unit tests: one behaviour each, from small inline spec snippets.

Each test generates a throwaway package and checks what a user of it would see.
"""

from __future__ import annotations

import enum
import importlib
import json
import pickle
import re
import sys
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any

import pytest

from conftest import BuildPackage, spec_with
from loopback import Reply


def models(pkg: ModuleType) -> Any:
    return importlib.import_module(pkg.__name__ + ".models")


def runtime(pkg: ModuleType) -> Any:
    return pkg


# --------------------------------------------------------------------- objects

THREE_STATES = {
    "Thing": {
        "type": "object",
        "required": ["name", "note"],
        "properties": {
            "name": {"type": "string"},
            "note": {"type": "string", "nullable": True},
            "size": {"type": "integer"},
            "label": {"type": "string", "nullable": True},
        },
    }
}


def test_required_optional_and_nullable_are_three_states(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THREE_STATES))
    Thing = models(pkg).Thing
    thing = Thing.from_dict({"name": "a", "note": None})
    assert thing.size is pkg.UNSET and thing.label is pkg.UNSET
    assert thing.note is None
    assert thing.to_dict() == {"name": "a", "note": None}
    thing = Thing.from_dict({"name": "a", "note": "n", "size": 3, "label": None})
    assert (thing.size, thing.label) == (3, None)
    assert thing.to_dict() == {"name": "a", "note": "n", "size": 3, "label": None}
    built = Thing(name="b", note=None)
    assert built.to_dict() == {"name": "b", "note": None}
    assert not pkg.UNSET and repr(pkg.UNSET) == "UNSET"


def test_construction_is_keyword_only(build_package: BuildPackage) -> None:
    Thing = models(build_package(spec_with(THREE_STATES))).Thing
    with pytest.raises(TypeError):
        Thing("a", None)


def test_missing_required_property_names_it(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THREE_STATES))
    with pytest.raises(pkg.DecodeError) as info:
        models(pkg).Thing.from_dict({"name": "a"})
    assert str(info.value) == "note: missing required property"


def test_null_is_refused_where_the_spec_does_not_allow_it(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THREE_STATES))
    with pytest.raises(pkg.DecodeError) as info:
        models(pkg).Thing.from_dict({"name": None, "note": None})
    assert info.value.path == "name"
    assert "expected a string, got null" in str(info.value)


def test_error_path_points_into_nested_arrays(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Page": {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
            },
            "Item": {
                "type": "object",
                "required": ["attributes"],
                "properties": {
                    "attributes": {
                        "type": "object",
                        "properties": {"created_at": {"type": "string", "format": "date-time"}},
                    }
                },
            },
        }
    )
    pkg = build_package(spec)
    good = {"attributes": {"created_at": "2024-01-15T10:30:00Z"}}
    bad = {"attributes": {"created_at": 17}}
    with pytest.raises(pkg.DecodeError) as info:
        models(pkg).Page.from_dict({"data": [good, good, good, bad]})
    assert str(info.value) == "data[3].attributes.created_at: expected a date-time string, got 17"
    assert info.value.segments == ["data", 3, "attributes", "created_at"]


def test_unknown_properties_are_kept_and_written_back(build_package: BuildPackage) -> None:
    Thing = models(build_package(spec_with(THREE_STATES))).Thing
    data = {"name": "a", "note": None, "new_field": {"nested": [1, 2]}, "other": None}
    thing = Thing.from_dict(data)
    assert thing.additional_properties == {"new_field": {"nested": [1, 2]}, "other": None}
    assert thing.to_dict() == data


def test_a_non_object_is_refused_at_the_root(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THREE_STATES))
    with pytest.raises(pkg.DecodeError) as info:
        models(pkg).Thing.from_dict([{"name": "a"}])
    assert info.value.path == "" and str(info.value) == "expected an object, got an array"


def test_any_mapping_is_accepted_as_an_object(build_package: BuildPackage) -> None:
    from types import MappingProxyType

    Thing = models(build_package(spec_with(THREE_STATES))).Thing
    assert Thing.from_dict(MappingProxyType({"name": "a", "note": None})).name == "a"


def test_keyword_builtin_and_shadowing_property_names_get_a_trailing_underscore(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Odd": {
                "type": "object",
                "properties": {
                    "class": {"type": "string"},
                    "type": {"type": "string"},
                    "id": {"type": "string"},
                    "from": {"type": "string"},
                    "page[cursor]": {"type": "string"},
                    "displayName": {"type": "string"},
                    # names the generated module itself uses: attrs' __init__, the class body, annotations
                    "self": {"type": "string"},
                    "attrs": {"type": "string"},
                    "datetime": {"type": "string", "format": "date-time"},
                    "when": {"type": "string", "format": "date-time"},
                },
            }
        }
    )
    Odd = models(build_package(spec)).Odd
    data = {"class": "c", "type": "t", "id": "i", "from": "f", "page[cursor]": "p", "displayName": "d"}
    odd = Odd.from_dict(data)
    assert (odd.class_, odd.type_, odd.id, odd.from_, odd.page_cursor, odd.display_name) == tuple("ctifpd")
    assert odd.to_dict() == data
    data |= {"self": "/a", "attrs": "x", "datetime": "2024-01-15T10:30:00Z", "when": "2024-01-15T10:30:00Z"}
    odd = Odd.from_dict(data)
    assert (odd.self_, odd.attrs_, odd.datetime_) == ("/a", "x", datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc))
    assert odd.to_dict() == data


def test_free_form_object_passes_through(build_package: BuildPackage) -> None:
    spec = spec_with({"Box": {"type": "object", "properties": {"meta": {"type": "object"}}}})
    Box = models(build_package(spec)).Box
    meta = {"a": [1, {"b": None}], "c": 2**64}
    assert Box.from_dict({"meta": meta}).meta == meta
    assert Box.from_dict({"meta": meta}).to_dict() == {"meta": meta}


def test_typed_maps_decode_their_values(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Box": {
                "type": "object",
                "properties": {
                    "when": {"type": "object", "additionalProperties": {"type": "string", "format": "date-time"}},
                    "names": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            }
        }
    )
    pkg = build_package(spec)
    Box = models(pkg).Box
    box = Box.from_dict({"when": {"a": "2024-01-15T10:30:00Z"}, "names": {"x": "y"}})
    assert box.when == {"a": datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)}
    assert box.to_dict() == {"when": {"a": "2024-01-15T10:30:00Z"}, "names": {"x": "y"}}
    with pytest.raises(pkg.DecodeError) as info:
        Box.from_dict({"names": {"x": "y", "odd key": 5}})
    assert str(info.value) == "names['odd key']: expected a string, got 5"


def test_an_object_without_properties_still_requires_its_required_keys(build_package: BuildPackage) -> None:
    mixin = {"type": "object", "required": ["name"]}  # also usable as an allOf part
    spec = spec_with(
        {
            "Tags": {"type": "object", "required": ["env"], "additionalProperties": {"type": "string"}},
            "RequiresName": mixin,
            "Base": {"type": "object", "properties": {"name": {"type": "string"}, "id": {"type": "string"}}},
            "Named": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/RequiresName"}]},
            "Holder": {"type": "object", "properties": {"tags": {"$ref": "#/components/schemas/Tags"}, "free": mixin}},
            "Empty": {"type": "object", "properties": {}, "required": ["id"]},
        }
    )
    pkg = build_package(spec)
    m = models(pkg)
    assert m.Holder.from_dict({"tags": {"env": "prod"}, "free": {"name": 1}}).to_dict() == {"tags": {"env": "prod"}, "free": {"name": 1}}
    with pytest.raises(pkg.DecodeError, match=r"^tags\.env: missing required property$"):
        m.Holder.from_dict({"tags": {"team": "a"}})
    with pytest.raises(pkg.DecodeError, match=r"^free\.name: missing required property$"):
        m.Holder.from_dict({"free": {}})
    with pytest.raises(pkg.DecodeError, match=r"^name: missing required property$"):
        m.Named.from_dict({"id": "1"})
    assert m.requires_name_from_dict({"name": None}) == {"name": None}
    # With "properties: {}" it is a class: the required keys are attributes of any JSON value.
    assert m.Empty.from_dict({"id": [1], "more": 2}).id == [1]
    assert m.Empty.from_dict({"id": [1], "more": 2}).to_dict() == {"id": [1], "more": 2}
    with pytest.raises(pkg.DecodeError, match=r"^id: missing required property$"):
        m.Empty.from_dict({"more": 2})


def test_typed_additional_properties_beside_properties(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Counts": {
                "type": "object",
                "properties": {"total": {"type": "integer"}},
                "additionalProperties": {"type": "integer"},
            }
        }
    )
    pkg = build_package(spec)
    Counts = models(pkg).Counts
    counts = Counts.from_dict({"total": 3, "a": 1, "b": 2})
    assert counts.additional_properties == {"a": 1, "b": 2}
    assert counts.to_dict() == {"total": 3, "a": 1, "b": 2}
    with pytest.raises(pkg.DecodeError) as info:
        Counts.from_dict({"total": 3, "a": "one"})
    assert info.value.path == "a"


def test_all_of_merges_object_schemas(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Named": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                ]
            },
        }
    )
    pkg = build_package(spec)
    Named = models(pkg).Named
    assert Named.from_dict({"id": "1", "name": "n"}).to_dict() == {"id": "1", "name": "n"}
    with pytest.raises(pkg.DecodeError, match="id: missing required property"):
        Named.from_dict({"name": "n"})


# ------------------------------------------------------------------ primitives


PRIMS = {
    "Prims": {
        "type": "object",
        "properties": {
            "n": {"type": "number", "format": "double"},
            "i": {"type": "integer", "format": "int64"},
            "b": {"type": "boolean"},
            "s": {"type": "string"},
            "t": {"type": "string", "format": "date-time"},
        },
    }
}


def test_numbers_keep_what_they_received(build_package: BuildPackage) -> None:
    Prims = models(build_package(spec_with(PRIMS))).Prims
    for value in (0, 0.5, 2**63 - 1, -(2**63), 1e300, 3.0):
        decoded = Prims.from_dict({"n": value}).n
        assert decoded == value and type(decoded) is type(value)
    nanos = 1705314600123456789
    assert Prims.from_dict({"i": nanos}).to_dict() == {"i": nanos}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("i", 1.5, "expected an integer, got 1.5"),
        ("i", True, "expected an integer, got true"),
        ("i", "1", "expected an integer, got '1'"),
        ("n", True, "expected a number, got true"),
        ("n", float("nan"), "expected a finite number, got nan"),
        ("n", float("inf"), "expected a finite number, got inf"),
        ("b", 1, "expected a boolean, got 1"),
        ("s", 5, "expected a string, got 5"),
        ("t", "2024-01-15", "expected a date-time string with a time zone offset, got '2024-01-15'"),
        ("t", "yesterday", "expected a date-time string, got 'yesterday'"),
    ],
)
def test_primitives_refuse_the_wrong_type(build_package: BuildPackage, field: str, value: Any, message: str) -> None:
    pkg = build_package(spec_with(PRIMS))
    with pytest.raises(pkg.DecodeError) as info:
        models(pkg).Prims.from_dict({field: value})
    assert str(info.value) == f"{field}: {message}"


def test_date_times_are_aware_and_written_back_in_rfc3339(build_package: BuildPackage) -> None:
    Prims = models(build_package(spec_with(PRIMS))).Prims
    cases = {
        "2024-01-15T10:30:00Z": "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00+00:00": "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.5-05:30": "2024-01-15T10:30:00.500000-05:30",
        "2024-01-15t10:30:00z": "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.123456789Z": "2024-01-15T10:30:00.123456789Z",
    }
    for text, written in cases.items():
        decoded = Prims.from_dict({"t": text}).t
        assert decoded.tzinfo is not None
        assert Prims.from_dict({"t": text}).to_dict() == {"t": written}
    minus = Prims.from_dict({"t": "2024-01-15T10:30:00.5-05:30"}).t
    assert minus.utcoffset() == -timedelta(hours=5, minutes=30)


def test_a_naive_datetime_cannot_be_encoded(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(PRIMS))
    with pytest.raises(pkg.EncodeError, match="no time zone"):
        models(pkg).Prims(t=datetime(2024, 1, 1)).to_dict()


# ------------------------------------------------------------ encoding errors

WRITING = {
    "Event": {
        "type": "object",
        "required": ["startsAt"],
        "properties": {
            "startsAt": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "color": {"type": "string", "enum": ["red", "blue"]},
        },
    },
    "Calendar": {
        "type": "object",
        "required": ["owner", "events"],
        "properties": {
            "owner": {"$ref": "#/components/schemas/Owner"},
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
            "byDay": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Event"}},
        },
    },
    "Owner": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
    "Pair": {
        "type": "object",
        "required": ["pet"],
        "properties": {"pet": {"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "string"}]}},
    },
}


def test_a_value_that_cannot_be_written_is_named_by_its_json_path(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(WRITING, paths={"/calendars": _with_body("post", "CreateCalendar", ref("Calendar"))}))
    m = models(pkg)
    noon = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)

    class Other(enum.Enum):
        X = "zzz"

    def calendar(**changes: Any) -> Any:
        fields: dict[str, Any] = {"owner": m.Owner(name="Ann"), "events": [m.Event(starts_at=noon), m.Event(starts_at=noon)]}
        return m.Calendar(**{**fields, **changes})

    cases = [
        # a datetime without a time zone, deep in a list: the JSON names, not the attributes'
        (calendar(events=[m.Event(starts_at=noon), m.Event(starts_at=datetime(2024, 5, 1))]),
         "events[1].startsAt: the datetime 2024-05-01T00:00:00 has no time zone; attach one (for example timezone.utc)"),
        (calendar(by_day={"mon": m.Event(starts_at="monday")}), "byDay.mon.startsAt: expected a datetime, got 'monday'"),
        (calendar(owner=5), "owner: expected an instance of Owner, got 5"),
        (calendar(owner={"name": "Ann"}),
         "owner: expected an instance of Owner, got an object; decode plain data with from_dict"),
        # a model of another class, even one with the same fields, is not written as this one
        (calendar(owner=m.Event(starts_at=noon)), "owner: expected an instance of Owner, got a Python Event"),
        (calendar(events=[m.Event(starts_at=noon, tags="a,b")]), "events[0].tags: expected a list for an array, got 'a,b'"),
        # fits the schema once written ("zzz" is a value the enum may not know yet), but
        # a member of another enum is refused: found where it is
        (calendar(by_day={"mon": m.Event(starts_at=noon), "tue": m.Event(starts_at=noon, color=Other.X)}),
         "byDay.tue.color: expected a string for an enum, got a Python Other"),
        # UNSET in a required union field is not written as the string "UNSET"
        (m.Pair(pet=pkg.UNSET), "pet: missing required property"),
    ]
    for value, message in cases:
        for write in (value.to_dict, value.to_json):
            with pytest.raises(pkg.EncodeError) as info:
                write()
            assert str(info.value) == message
    # In a request body the path starts at "body", and nothing is sent.
    create_calendar = importlib.import_module(pkg.__name__ + ".api").create_calendar
    with pytest.raises(pkg.EncodeError) as info:
        create_calendar(pkg.Client(base_url="http://127.0.0.1:9"), body=cases[0][0])
    assert str(info.value) == "body." + cases[0][1]


def test_a_union_value_that_fits_no_variant_is_neither_written_nor_sent(build_package: BuildPackage, server: Any) -> None:
    pkg = build_package(spec_with(WRITING, paths={"/pairs": _with_body("post", "CreatePair", ref("Pair"))}))
    m = models(pkg)
    create_pair = importlib.import_module(pkg.__name__ + ".api").create_pair
    client = pkg.Client(base_url=server.url)
    # pet is an Owner or a string
    for pet, reason in [
        (True, "no variant accepts true"),
        (3.5, "no variant accepts 3.5"),
        ({"name": 5}, "no variant fits: Owner: name: expected a string, got 5"),
    ]:
        with pytest.raises(pkg.DecodeError, match=rf"^body\.pet: {re.escape(reason)}$"):
            create_pair(client, body={"pet": pet})
        if not isinstance(pet, dict):
            with pytest.raises(pkg.EncodeError, match=rf"^pet: {re.escape(reason)}$"):
                m.Pair(pet=pet).to_dict()
            with pytest.raises(pkg.EncodeError, match=rf"^body\.pet: {re.escape(reason)}$"):
                create_pair(client, body=m.Pair(pet=pet))
    assert server.requests == []
    # What fits is sent; so is a value kept raw from a response, as received.
    for pet in ("Rex", m.Owner(name="Ann"), pkg.UnknownVariant({"legacy": 1})):
        server.reply(Reply(204, b""))
        create_pair(client, body=m.Pair(pet=pet))
    assert [r.json() for r in server.requests] == [{"pet": "Rex"}, {"pet": {"name": "Ann"}}, {"pet": {"legacy": 1}}]


def _with_body(method: str, name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A path item: one operation taking a required JSON body of ``schema``, answering 204."""
    return {method: {
        "operationId": name,
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        "responses": {"204": {"description": "done"}},
    }}


def _put(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return _with_body("put", name, schema)


PETS = {
    "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["cat"]}}},
    "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["dog"]}}},
    "Robot": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
    "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
    "Family": {"type": "object", "properties": {"pets": {"oneOf": [
        {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}, {"type": "string"}]}}},
    "Doc": {"type": "object", "properties": {"note": {"oneOf": [{"type": "object"}, {"type": "string"}]}}},
}


def test_read_only_properties_are_left_out_of_request_bodies_at_any_depth(build_package: BuildPackage, server: Any) -> None:
    ref = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Note": {"type": "object", "required": ["id", "text"], "properties": {
            "id": {"type": "string", "readOnly": True}, "text": {"type": "string"}, "type": {"type": "string", "readOnly": True}}},
        "Thing": {"type": "object", "properties": {
            "id": {"type": "string", "readOnly": True}, "name": {"type": "string"},
            "notes": {"type": "array", "items": {"$ref": ref + "Note"}},
            "by_key": {"type": "object", "additionalProperties": {"$ref": ref + "Note"}},
            "meta": {"type": "object"}}},
    }, paths={"/thing": _put("PutThing", {"$ref": ref + "Thing"}), "/notes": _put("PutNotes", {"type": "array", "items": {"$ref": ref + "Note"}})}))
    m = models(pkg)
    api = importlib.import_module(pkg.__name__ + ".api")
    client = pkg.Client(base_url=server.url)
    fetched = {"id": "t1", "name": "n", "notes": [{"id": "n1", "text": "a", "type": "x"}],
               "by_key": {"k": {"id": "n2", "text": "b"}}, "meta": {"id": "kept: free-form"}}
    thing = m.Thing.from_dict(fetched)
    assert thing.to_dict() == fetched  # the model itself still writes everything
    for call, body in ((api.put_thing, thing), (api.put_thing, fetched), (api.put_notes, [thing.notes[0]])):
        server.reply(Reply(204, b""))
        call(client, body=body)
    assert [r.json() for r in server.requests] == [
        {"name": "n", "notes": [{"text": "a"}], "by_key": {"k": {"text": "b"}}, "meta": {"id": "kept: free-form"}},
    ] * 2 + [[{"text": "a"}]]
    assert thing.to_dict() == fetched and fetched["notes"][0]["id"] == "n1"  # nothing the caller holds changed


def test_every_body_form_sends_what_was_received_and_refuses_models_of_other_classes(
    build_package: BuildPackage, server: Any
) -> None:
    ref = "#/components/schemas/"
    pkg = build_package(spec_with(PETS, paths={
        "/owner": _put("PutOwner", {"$ref": ref + "Owner"}),
        "/owners": _put("PutOwners", {"type": "array", "items": {"$ref": ref + "Owner"}}),
        "/pet": _put("PutPet", {"$ref": ref + "Pet"}),
        "/free": _put("PutFree", {"type": "object"}),
        "/any": _put("PutAny", {}),
        "/maybe": _put("PutMaybe", {"type": "object", "nullable": True}),
    }))
    m = models(pkg)
    api = importlib.import_module(pkg.__name__ + ".api")
    client = pkg.Client(base_url=server.url)
    # A value kept raw from a response goes back as received, whatever form holds it.
    owner = m.Owner.from_dict({"pet": {"kind": "bird"}})
    calls = [(api.put_owner, owner), (api.put_owners, [owner]), (api.put_owners, [{"pet": owner.pet}]), (api.put_pet, owner.pet)]
    # A model where the body is free-form is sent as what it writes.
    calls += [(api.put_free, m.Cat(kind="cat")), (api.put_any, m.Cat(kind="cat")), (api.put_maybe, m.Cat(kind="cat"))]
    for call, body in calls:
        server.reply(Reply(204, b""))
        call(client, body=body)
    assert [r.json() for r in server.requests] == [{"pet": {"kind": "bird"}}, [{"pet": {"kind": "bird"}}], [{"pet": {"kind": "bird"}}], {"kind": "bird"}, {"kind": "cat"}, {"kind": "cat"}, {"kind": "cat"}]
    # A model of a class outside the union is refused, even shaped like a variant.
    robot = m.Robot(kind="cat")
    not_a_cat = "no variant fits: Cat: expected an instance of Cat (or plain data of its shape), got a Python Robot"
    with pytest.raises(pkg.EncodeError, match=rf"^body: {re.escape(not_a_cat)}$"):
        api.put_pet(client, body=robot)
    with pytest.raises(pkg.EncodeError, match=rf"^pet: {re.escape(not_a_cat)}$"):
        m.Owner(pet=robot).to_dict()
    with pytest.raises(pkg.DecodeError, match=r"^body\[0\]\.pet: no variant fits: Cat: expected an instance of Cat"):
        api.put_owners(client, body=[{"pet": robot}])
    # A union inside a union value is judged with it, at its place.
    with pytest.raises(pkg.EncodeError, match=rf"^pets\[1\]: {re.escape(not_a_cat)}$"):
        m.Family(pets=[m.Cat(kind="cat"), robot]).to_dict()
    with pytest.raises(pkg.EncodeError, match=r"^pets\[1\]: no variant accepts 5$"):
        m.Family(pets=[m.Cat(kind="cat"), 5]).to_dict()
    assert m.Family(pets=[m.Cat(kind="cat"), owner.pet]).to_dict() == {"pets": [{"kind": "cat"}, {"kind": "bird"}]}
    # ... also where the same kept value stands twice, but not a value of the caller's
    # equal to it elsewhere
    assert m.Family(pets=[owner.pet, owner.pet]).to_dict() == {"pets": [{"kind": "bird"}] * 2}
    with pytest.raises(pkg.EncodeError, match=r"^pets\[1\]: no variant fits: kind='bird' names no known variant$"):
        m.Family(pets=[owner.pet, {"kind": "bird"}]).to_dict()
    server.reply(Reply(204, b""))
    api.put_owners(client, body=[owner, owner])
    assert server.requests[-1].json() == [{"pet": {"kind": "bird"}}] * 2
    # A variant's model must write what names it: a Cat whose kind says dog would be read as a Dog.
    with pytest.raises(pkg.EncodeError, match=r"^pet: kind='dog' names Dog, not Cat$"):
        m.Owner(pet=m.Cat(kind="dog")).to_dict()  # type: ignore[arg-type]
    # A union inside a free-form variant is judged as anywhere else.
    with pytest.raises(pkg.EncodeError, match=r"^note\.pet: no variant accepts 5$"):
        m.Doc(note=m.Owner(pet=5)).to_dict()
    assert len(server.requests) == 8


def test_a_refused_union_value_is_named_at_its_own_place_not_where_an_equal_object_stands(
    build_package: BuildPackage,
) -> None:
    # True, False, None and small numbers are shared objects: the boolean property
    # holding the same object is not the place of the union value refused.
    ref_ = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Code": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "Leaf": {"type": "object", "required": ["v"], "properties": {"v": {"type": "integer"}}},
        "Other": {"type": "object", "required": ["w"], "properties": {"w": {"type": "string"}}},
        "U": {"oneOf": [{"$ref": ref_ + "Leaf"}, {"$ref": ref_ + "Other"}]},
        "Err": {"type": "object", "required": ["count"], "properties": {
            "count": {"type": "integer"}, "flag": {"type": "boolean"}, "code": {"$ref": ref_ + "Code"},
            "codes": {"type": "array", "items": {"$ref": ref_ + "Code"}},
            "byName": {"type": "object", "additionalProperties": {"$ref": ref_ + "Code"}},
        }},
    }, paths={"/us": _with_body("post", "PutUs", {"type": "array", "items": {"$ref": ref_ + "U"}})}))
    m = models(pkg)
    for err, where, got in [
        (m.Err(count=1, flag=True, code=True), "code", "true"),
        (m.Err(count=1, flag=False, codes=["a", False]), r"codes\[1\]", "false"),
        (m.Err(count=1, codes=["a", None]), r"codes\[1\]", "null"),
        (m.Err(count=1, code=None), "code", "null"),
        (m.Err(count=1, by_name={"a": 1, "b": None}), "byName.b", "null"),
    ]:
        with pytest.raises(pkg.EncodeError, match=rf"^{where}: no variant accepts {got}"):
            err.to_dict()
    # A body that is an array of a union: the refused item is named by its index.
    put_us = importlib.import_module(pkg.__name__ + ".api").put_us
    both = m.Leaf(v=4, additional_properties={"w": "x"})  # Other could read it too
    with pytest.raises(pkg.EncodeError, match=r"^body\[1\]: what Leaf writes would not be read back as it"):
        put_us(pkg.Client(base_url="http://127.0.0.1:9"), body=[m.Leaf(v=1), both])


def test_a_variant_named_by_a_tag_of_an_alias_of_its_class_is_written_back(build_package: BuildPackage) -> None:
    ref = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Cat": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}}},
        "Kitty": {"$ref": ref + "Cat"},
        "Dog": {"type": "object", "required": ["petType", "bark"], "properties": {"petType": {"type": "string"}, "bark": {"type": "boolean"}}},
        "Pet": {"oneOf": [{"$ref": ref + "Cat"}, {"$ref": ref + "Kitty"}, {"$ref": ref + "Dog"}],
                "discriminator": {"propertyName": "petType", "mapping": {"cat": ref + "Cat", "kitty": ref + "Kitty", "dog": ref + "Dog"}}},
        "Owner": {"type": "object", "properties": {"pet": {"$ref": ref + "Pet"}}},
    }))
    m = models(pkg)
    assert m.Owner.from_dict({"pet": {"petType": "kitty"}}).to_dict() == {"pet": {"petType": "kitty"}}
    with pytest.raises(pkg.EncodeError, match=r"^pet: petType='dog' names Dog, not Cat$"):
        m.Owner(pet=m.Cat(pet_type="dog")).to_dict()


def test_the_only_object_variant_keeps_and_writes_back_a_type_it_does_not_list(build_package: BuildPackage) -> None:
    # The JSON:API pattern: a resource whose type is an enum of one value, the only
    # object variant of a union (or of a nullable oneOf). Decoding keeps a new type
    # in the model, as it does outside unions; writing it back sends it unchanged.
    ref = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Project": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["projects"]}}},
        "Holder": {"type": "object", "properties": {
            "item": {"oneOf": [{"$ref": ref + "Project"}, {"type": "string"}]},
            "maybe": {"oneOf": [{"$ref": ref + "Project"}], "nullable": True},
        }},
    }))
    m = models(pkg)
    data = {"item": {"type": "datasets"}, "maybe": {"type": "datasets"}}
    holder = m.Holder.from_dict(data)
    assert isinstance(holder.item, m.Project) and holder.item.type_ == "datasets"
    assert holder.to_dict() == data
    assert m.Holder.from_dict(holder.to_dict()) == holder


def test_an_array_s_item_counts_are_checked_when_read_written_and_sent(build_package: BuildPackage, server: Any) -> None:
    pkg = build_package(spec_with({"Bag": {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
        "free": {"type": "array", "minItems": 1},
    }}}, paths={"/bags": _with_body("post", "CreateBag", ref("Bag"))}))
    m = models(pkg)
    assert m.Bag.from_dict({"items": ["a"], "free": [None]}).to_dict() == {"items": ["a"], "free": [None]}
    for data, problem in [
        ({"items": []}, "items: expected at least 1 item, got 0"),
        ({"items": ["a", "b", "c"]}, "items: expected at most 2 items, got 3"),
        ({"items": ["a"], "free": []}, "free: expected at least 1 item, got 0"),
    ]:
        with pytest.raises(pkg.DecodeError, match=f"^{re.escape(problem)}$"):
            m.Bag.from_dict(data)
        with pytest.raises(pkg.EncodeError, match=f"^{re.escape(problem)}$"):
            m.Bag(**{k: list(v) for k, v in data.items()}).to_dict()
        with pytest.raises((pkg.DecodeError, pkg.EncodeError), match=f"^body\\.{re.escape(problem)}$"):
            importlib.import_module(pkg.__name__ + ".api").create_bag(pkg.Client(base_url=server.url), body=data)
    # A free-form array is still a list: a string is not written as one.
    with pytest.raises(pkg.EncodeError, match="^free: expected a list for an array, got 'abc'$"):
        m.Bag(items=["a"], free="abc").to_dict()
    assert server.requests == []


def test_a_plain_body_is_judged_by_the_schema_as_a_model_body_is(build_package: BuildPackage, server: Any) -> None:
    # Values that are not JSON are left for the schema: a datetime fits a date-time
    # property, an enum member its enum; where they do not fit, both forms refuse.
    pkg = build_package(spec_with(WRITING, paths={"/calendars": _with_body("post", "CreateCalendar", ref("Calendar"))}))
    m = models(pkg)
    create_calendar = importlib.import_module(pkg.__name__ + ".api").create_calendar
    client = pkg.Client(base_url=server.url)
    noon = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    red = next(iter(m.EventColor))
    create_calendar(client, body={"owner": {"name": "Ann"}, "events": [{"startsAt": noon, "color": red}]})
    assert server.requests[0].json() == {"owner": {"name": "Ann"}, "events": [{"startsAt": "2024-05-01T12:00:00Z", "color": "red"}]}

    class Shade(enum.Enum):
        RED = "red"

    for bad, where, got in [(noon, "owner.name", "a Python datetime"), (Shade.RED, "owner.name", "a Python Shade")]:
        plain = {"owner": {"name": bad}, "events": []}
        typed = m.Calendar(owner=m.Owner(name=bad), events=[])
        for body in (plain, typed):
            with pytest.raises((pkg.DecodeError, pkg.EncodeError), match=rf"^body\.{where}: expected a string, got {got}$"):
                create_calendar(client, body=body)
    plain_event = {"owner": {"name": "Ann"}, "events": [{"startsAt": noon, "color": Shade.RED}]}
    with pytest.raises(pkg.DecodeError, match=r"^body\.events\[0\]\.color: expected a string, got a Python Shade$"):
        create_calendar(client, body=plain_event)
    assert len(server.requests) == 1


def test_a_datetime_in_plain_data_fits_a_union_s_date_time_branch(build_package: BuildPackage, server: Any) -> None:
    schemas = {
        "When": {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "integer"}]},
        "Event": {"type": "object", "properties": {"at": {"$ref": "#/components/schemas/When"},
                                                   "ats": {"type": "array", "items": {"$ref": "#/components/schemas/When"}}}},
    }
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}}
    pkg = build_package(spec_with(schemas, paths={"/events": {"post": {
        "operationId": "PostEvent", "requestBody": body, "responses": {"204": {"description": "ok"}}}}}))
    post_event = importlib.import_module(pkg.__name__ + ".api").post_event
    noon = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    post_event(pkg.Client(base_url=server.url), body={"at": noon, "ats": [noon, 3]})
    assert server.requests[0].json() == {"at": "2024-05-01T12:00:00Z", "ats": ["2024-05-01T12:00:00Z", 3]}


def test_a_model_of_another_class_is_named_where_it_is_refused_not_where_it_belongs(build_package: BuildPackage) -> None:
    named = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    schemas = {
        "Owner": named,
        "Person": named,
        "Thing": {"type": "object", "properties": {"author": {"$ref": "#/components/schemas/Person"},
                                                   "owner": {"$ref": "#/components/schemas/Owner"}}},
    }
    pkg = build_package(spec_with(schemas))
    m = models(pkg)
    person = m.Person(name="x")  # rightly the author, wrongly the owner
    with pytest.raises(pkg.EncodeError) as info:
        m.Thing(author=person, owner=person).to_dict()
    assert str(info.value) == "owner: expected an instance of Owner, got a Python Person"


TYPED = {
    "Reading": {
        "type": "object",
        "required": ["label", "count"],
        "properties": {
            "label": {"type": "string"},
            "count": {"type": "integer"},
            "ratio": {"type": "number"},
            "ok": {"type": "boolean"},
            "note": {"type": "string", "nullable": True},
            "codes": {"type": "array", "items": {"type": "integer"}},
            "names": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
}


def test_a_value_of_another_type_than_its_property_is_refused_not_sent(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(TYPED))
    m = models(pkg)

    class Label(str, enum.Enum):
        A = "a"

    class Count(enum.IntEnum):
        TWO = 2

    # Subclasses are written as their plain values; an int is a number.
    written = m.Reading(label=Label.A, count=Count.TWO, ratio=3, ok=False, note=None, codes=[Count.TWO]).to_dict()
    assert written == {"label": "a", "count": 2, "ratio": 3, "ok": False, "note": None, "codes": [2]}
    assert [type(written[k]) for k in ("label", "count", "ratio")] == [str, int, int]
    assert type(written["codes"][0]) is int
    for changes, message in [
        ({"label": 5}, "label: expected a string, got 5"),
        ({"label": None}, "label: expected a string, got null"),  # required: no UNSET hint
        ({"ratio": None}, "ratio: expected a number, got null; UNSET, not None, leaves an optional property out"),
        ({"count": True}, "count: expected an integer, got true"),
        ({"count": 2.0}, "count: expected an integer, got 2.0"),
        ({"count": "2"}, "count: expected an integer, got '2'"),
        ({"ratio": "0.5"}, "ratio: expected a number, got '0.5'"),
        ({"ratio": False}, "ratio: expected a number, got false"),
        ({"ok": 1}, "ok: expected a boolean, got 1"),
        ({"note": b"x"}, "note: expected a string, got a Python bytes"),
        ({"codes": [1, "2"]}, "codes[1]: expected an integer, got '2'"),
        ({"names": {"a": 1.5}}, "names.a: expected a string, got 1.5"),
    ]:
        value = m.Reading(**{"label": "x", "count": 1, **changes})
        for write in (value.to_dict, value.to_json):
            with pytest.raises(pkg.EncodeError) as info:
                write()
            assert str(info.value) == message


NESTING = {
    "Node": {
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "owner": {"$ref": "#/components/schemas/Owner"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    },
    "Owner": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "weight": {"type": "number"}}},
    "Nodes": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
}


def test_encoding_errors_keep_their_place_in_deep_values_lists_and_bodies(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(NESTING, paths={"/nodes": _with_body("post", "CreateNodes", ref("Nodes"))}))
    m = models(pkg)
    # 300 levels down: every level's index is in the path, and the error is the one
    # that stopped the writing, not another value found on the way (NaN passes to_dict,
    # and only the JSON writer refuses it).
    node = m.Node(owner=m.Owner(name="a", weight=float("nan")), children=[m.Node(owner={"name": "a"})])
    for _ in range(300):
        node = m.Node(children=[m.Node(), node])
    with pytest.raises(pkg.EncodeError) as info:
        node.to_dict()
    assert info.value.segments == ["children", 1] * 300 + ["children", 0, "owner"]
    assert info.value.reason == "expected an instance of Owner, got an object; decode plain data with from_dict"
    # A named array's own function, and a request body that is a list of models.
    nodes = [m.Node(), m.Node(at=datetime(2024, 1, 1))]
    with pytest.raises(pkg.EncodeError, match=r"^\[1\]\.at: the datetime 2024-01-01T00:00:00 has no time zone"):
        m.nodes_to_dict(nodes)
    create_nodes = importlib.import_module(pkg.__name__ + ".api").create_nodes
    with pytest.raises(pkg.EncodeError, match=r"^body\[1\]\.at: the datetime 2024-01-01T00:00:00 has no time zone"):
        create_nodes(pkg.Client(base_url="http://127.0.0.1:9"), body=nodes)
    with pytest.raises(pkg.EncodeError, match=r"^body\[0\]: expected a value, got UNSET$"):
        create_nodes(pkg.Client(base_url="http://127.0.0.1:9"), body=[pkg.UNSET])

    # In a named array's own function, the place of a model of another class is named too.
    with pytest.raises(pkg.EncodeError, match=r"^\[1\]: expected an instance of Node, got a Python Owner$"):
        m.nodes_to_dict([m.Node(), m.Owner(name="x")])

    class Custom:  # has a to_dict, but is no Node: refused without calling it
        def to_dict(self) -> Any:
            raise AssertionError("not called")

    with pytest.raises(pkg.EncodeError, match=r"^children\[0\]: expected an instance of Node, got a Python Custom$"):
        m.Node(children=[Custom()]).to_dict()
    with pytest.raises(pkg.EncodeError, match=r"^body\[0\]\.children\[0\]: expected an instance of Node"):
        create_nodes(pkg.Client(base_url="http://127.0.0.1:9"), body=[m.Node(children=[Custom()])])

    class Buggy(m.Node):  # a subclass is written with its own to_dict
        def to_dict(self) -> Any:
            raise TypeError("a bug in to_dict")

    with pytest.raises(pkg.EncodeError, match=r"^children\[1\]: Buggy.to_dict\(\) raised TypeError: a bug in to_dict$") as raised:
        m.Node(children=[m.Node(), Buggy()]).to_dict()
    assert isinstance(raised.value.__cause__, TypeError)  # what Python raised stays reachable
    with pytest.raises(pkg.EncodeError, match=r"^body\[0\]\.children\[0\]: Buggy.to_dict\(\) raised TypeError"):
        create_nodes(pkg.Client(base_url="http://127.0.0.1:9"), body=[m.Node(children=[Buggy()])])
    with pytest.raises(pkg.EncodeError, match=r"^body\[1\]: Buggy.to_dict\(\) raised TypeError"):
        create_nodes(pkg.Client(base_url="http://127.0.0.1:9"), body=[m.Node(), Buggy()])
    # The error crosses process boundaries: the objects it was located with stay behind.
    with pytest.raises(pkg.EncodeError) as raised:
        m.Node(children=(x for x in [m.Node()])).to_dict()  # type: ignore[arg-type]
    again = pickle.loads(pickle.dumps(raised.value))
    assert str(again) == str(raised.value) == "children: expected a list for an array, got a Python generator"
    odd = m.Node(owner=m.Owner(name="a"))
    odd.owner.additional_properties = 5
    with pytest.raises(pkg.EncodeError, match=r"^owner: expected a dict of additional properties, got 5$"):
        odd.to_dict()
    del odd.owner.name
    odd.owner.additional_properties = {}
    with pytest.raises(pkg.EncodeError, match=r"^owner: 'name' has no value$"):
        odd.to_dict()


def test_a_list_of_models_is_a_request_body(build_package: BuildPackage, server: Any) -> None:
    pkg = build_package(spec_with(NESTING, paths={"/nodes": _with_body("post", "CreateNodes", ref("Nodes"))}))

    server.reply(Reply(204, b""))
    m = models(pkg)
    create_nodes = importlib.import_module(pkg.__name__ + ".api").create_nodes
    create_nodes(pkg.Client(base_url=server.url), body=[m.Node(owner=m.Owner(name="a")), m.Node()])
    assert json.loads(server.requests[-1].body) == [{"owner": {"name": "a"}}, {}]
    server.reply(Reply(204, b""))
    create_nodes(pkg.Client(base_url=server.url), body=(m.Node(), m.Node(at=datetime(2024, 1, 1, tzinfo=timezone.utc))))
    assert json.loads(server.requests[-1].body) == [{}, {"at": "2024-01-01T00:00:00Z"}]


# ----------------------------------------------------------------------- enums

ENUMS = {
    "Color": {"type": "string", "enum": ["red", "dark-blue"]},
    "Level": {"type": "integer", "enum": [1, 2]},
    "Paint": {
        "type": "object",
        "properties": {"color": {"$ref": "#/components/schemas/Color"}, "level": {"$ref": "#/components/schemas/Level"}},
    },
}


def test_enum_values_become_members(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(ENUMS)))
    paint = m.Paint.from_dict({"color": "dark-blue", "level": 2})
    assert paint.color is m.Color.DARK_BLUE and paint.level is m.Level.VALUE_2
    assert paint.to_dict() == {"color": "dark-blue", "level": 2}
    assert type(paint.to_dict()["color"]) is str
    assert m.Paint(color=m.Color.RED).to_dict() == {"color": "red"}


def test_unknown_enum_values_are_kept_raw(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(ENUMS)))
    paint = m.Paint.from_dict({"color": "ultraviolet", "level": 7})
    assert (paint.color, paint.level) == ("ultraviolet", 7)
    assert paint.to_dict() == {"color": "ultraviolet", "level": 7}


def test_enum_of_the_wrong_json_type_is_refused(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(ENUMS))
    with pytest.raises(pkg.DecodeError, match="color: expected a string, got 5"):
        models(pkg).Paint.from_dict({"color": 5})


def test_lists_and_maps_of_enums_and_of_nullable_lists_encode_their_items(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Color": {"type": "string", "enum": ["red"]},
            "Level": {"type": "integer", "enum": [1, 2]},
            "Obj": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Paint": {
                "type": "object",
                "properties": {
                    "colors": {"type": "array", "items": {"$ref": "#/components/schemas/Color"}},
                    "levels": {"type": "array", "items": {"$ref": "#/components/schemas/Level"}},
                    "byname": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Color"}},
                    "grid": {
                        "type": "array",
                        "items": {"type": "array", "nullable": True, "items": {"$ref": "#/components/schemas/Obj"}},
                    },
                },
            },
        }
    )
    m = models(build_package(spec))
    data = {"colors": ["red", "blue"], "levels": [1, 7], "byname": {"a": "red"}, "grid": [None, [{"a": "x"}]]}
    paint = m.Paint.from_dict(data)
    assert paint.colors[0] is m.Color.RED and paint.levels[0] is m.Level.VALUE_1
    assert paint.to_dict() == data
    assert json.loads(paint.to_json()) == data


def test_enum_member_names_come_from_x_enum_varnames(build_package: BuildPackage) -> None:
    spec = spec_with({"Mode": {"type": "string", "enum": ["a", "b"], "x-enum-varnames": ["ALPHA", "BETA"]}})
    Mode = models(build_package(spec)).Mode
    assert [m.name for m in Mode] == ["ALPHA", "BETA"]


# ------------------------------------------------------------------ JSON value

ANY = {
    "AnyValue": {
        "description": "Represents any valid JSON value.",
        "nullable": True,
        "oneOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/AnyValue"}},
            {"type": "array", "items": {"$ref": "#/components/schemas/AnyValue"}},
            {"type": "boolean"},
        ],
    },
    "Record": {"type": "object", "required": ["input"], "properties": {"input": {"$ref": "#/components/schemas/AnyValue"}}},
}


def test_any_json_value_passes_through_exactly(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(ANY)))
    for value in (None, True, False, 0, 1, 2**63 - 1, -(2**63), 2**70, 1705314600123456789, 1.0, 0.1, "", "é😀", [], {}, [1, [2, [True]]], {"a": {"b": None}}):
        record = m.Record.from_dict({"input": value})
        assert record.input == value and type(record.input) is type(value)
        assert record.to_dict() == {"input": value}
    assert m.any_value_from_dict(True) is True


def test_the_any_json_oneof_becomes_the_json_value_alias(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(ANY))
    assert models(pkg).AnyValue is pkg.JsonValue


def test_non_json_python_values_are_refused(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(ANY))
    with pytest.raises(pkg.DecodeError, match="input: expected a JSON value, got a Python set"):
        models(pkg).Record.from_dict({"input": {1, 2}})
    record = models(pkg).Record(input={"deep": [{1, 2}]})
    with pytest.raises(pkg.EncodeError) as info:
        record.to_json()
    assert info.value.path == "input.deep[0]"


# ---------------------------------------------------------------------- unions

UNIONS = {
    "Cat": {"type": "object", "required": ["kind", "meows"], "properties": {"kind": {"type": "string", "enum": ["cat"]}, "meows": {"type": "boolean"}}},
    "Dog": {"type": "object", "required": ["kind", "barks"], "properties": {"kind": {"type": "string", "enum": ["dog"]}, "barks": {"type": "boolean"}}},
    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
    "Tagged": {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}},
    },
    "Scalar": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}]},
    "OpenAIList": {"type": "object", "required": ["object", "data"], "properties": {"object": {"type": "string"}, "data": {"type": "array", "items": {"type": "object"}}}},
    "AnthropicList": {"type": "object", "required": ["data", "has_more"], "properties": {"data": {"type": "array", "items": {"type": "object"}}, "has_more": {"type": "boolean"}}},
    "Lists": {"oneOf": [{"$ref": "#/components/schemas/OpenAIList"}, {"$ref": "#/components/schemas/AnthropicList"}]},
    "Loose": {"oneOf": [
        {"type": "object", "title": "A", "properties": {"x": {"type": "string"}}},
        {"type": "object", "title": "B", "properties": {"x": {"type": "string"}}},
    ]},
}


def test_union_resolved_by_discriminator_mapping(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(UNIONS)))
    dog = m.tagged_from_dict({"kind": "dog", "barks": True})
    assert isinstance(dog, m.Dog) and m.tagged_to_dict(dog) == {"kind": "dog", "barks": True}


def test_a_discriminated_union_reaches_its_inline_branches_by_their_constant(build_package: BuildPackage) -> None:
    ref = "#/components/schemas/"
    m = models(build_package(spec_with({
        **UNIONS,
        "Shape": {
            "oneOf": [
                {"$ref": ref + "Cat"},
                {"type": "object", "required": ["kind", "side"],
                 "properties": {"kind": {"type": "string", "enum": ["square"]}, "side": {"type": "integer"}}},
            ],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": ref + "Cat"}},
        },
    })))
    square = m.shape_from_dict({"kind": "square", "side": 2})
    assert not isinstance(square, m.Cat) and square.side == 2
    assert m.shape_to_dict(square) == {"kind": "square", "side": 2}
    assert isinstance(m.shape_from_dict({"kind": "cat", "meows": True}), m.Cat)


def test_union_resolved_by_a_constant_type_field(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(UNIONS)))
    assert isinstance(m.pet_from_dict({"kind": "cat", "meows": False}), m.Cat)
    assert isinstance(m.pet_from_dict({"kind": "dog", "barks": False}), m.Dog)


def test_union_of_primitives_resolved_by_json_type(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(UNIONS)))
    assert m.scalar_from_dict("a") == "a"
    assert m.scalar_from_dict(3) == 3
    assert m.scalar_from_dict(["a", "b"]) == ["a", "b"]
    for value in ("a", 3, ["a"]):
        assert m.scalar_to_dict(m.scalar_from_dict(value)) == value


@pytest.mark.parametrize("where", ["beside the oneOf", "on a branch"])
def test_a_union_that_admits_null_is_a_nullable_field(build_package: BuildPackage, where: str) -> None:
    branches: list[dict[str, Any]] = [{"type": "string"}, {"type": "integer"}]
    code: dict[str, Any] = {"oneOf": branches}
    if where == "on a branch":  # where OpenAPI 3.0.3 counts nullable: beside a type
        branches[0]["nullable"] = True
    else:
        code["nullable"] = True
    spec = spec_with({"Code": code, "Error": {"type": "object", "required": ["code"], "properties": {"code": {"$ref": "#/components/schemas/Code"}}}})
    m = models(build_package(spec))
    assert m.Error.__annotations__["code"] == "Code | None"
    assert m.Error.from_dict({"code": None}).code is None
    assert m.Error.from_dict({"code": 7}).code == 7
    assert m.Error(code=None).to_dict() == {"code": None}
    assert m.code_from_dict("x") == "x"


def test_union_resolved_by_the_one_structural_match(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(UNIONS)))
    openai = m.lists_from_dict({"object": "list", "data": [{"id": "x"}]})
    anthropic = m.lists_from_dict({"data": [], "has_more": False, "first_id": None})
    assert isinstance(openai, m.OpenAIList) and isinstance(anthropic, m.AnthropicList)
    assert m.lists_to_dict(anthropic) == {"data": [], "has_more": False, "first_id": None}


def test_union_value_matching_no_branch_is_kept_raw(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(UNIONS))
    m = models(pkg)
    for value in ({"models": []}, {"kind": "bird"}, 5, None, {"kind": "cat", "meows": "loud"}):
        decoded = m.pet_from_dict(value)
        assert isinstance(decoded, pkg.UnknownVariant) and decoded.raw == value
        assert m.pet_to_dict(decoded) == value
    assert "names no known variant" in m.tagged_from_dict({"kind": "bird"}).reason


def test_union_value_matching_several_branches_is_kept_raw(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(UNIONS))
    decoded = models(pkg).loose_from_dict({"x": "1"})
    assert isinstance(decoded, pkg.UnknownVariant) and "several variants" in decoded.reason


INNER_UNIONS = {
    **UNIONS,
    "Named": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
    "Owner": {"type": "object", "required": ["pet"], "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
    "Holder": {"type": "object", "required": ["pet"], "properties": {"pet": {"type": "object", "required": ["wings"], "properties": {"wings": {"type": "integer"}}}}},
    "PetOrNamed": {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/Named"}]},
    "AnyPetOrNamed": {"anyOf": [{"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/Named"}]},
    "OwnerOrHolder": {"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"$ref": "#/components/schemas/Holder"}]},
    "Tree": {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}, {"type": "array", "items": {"type": "string"}}]},
    "AnyOwnerOrHolder": {"anyOf": [{"$ref": "#/components/schemas/OwnerOrHolder"}, {"type": "object", "required": ["pet"]}]},
    "Keeper": {"type": "object", "required": ["pet"], "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
    "OwnerOrKeeper": {"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"$ref": "#/components/schemas/Keeper"}]},
    "AnyOwnerOrKeeper": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"$ref": "#/components/schemas/Keeper"}]},
}


def test_a_branch_whose_inner_union_fits_no_variant_yields_to_a_branch_that_fits_wholly(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(INNER_UNIONS))
    m = models(pkg)
    # Pet accepts {"name": ...} only as an UnknownVariant: Named is the one branch that fits.
    assert m.pet_or_named_from_dict({"name": "Rex"}) == m.Named(name="Rex")
    assert m.any_pet_or_named_from_dict({"name": "Rex"}) == m.Named(name="Rex")
    # The same at depth: Owner holds an UnknownVariant pet, Holder a pet with wings.
    bird = {"kind": "bird", "wings": 2}
    assert m.owner_or_holder_from_dict({"pet": bird}) == m.Holder.from_dict({"pet": bird})
    assert isinstance(m.owner_or_holder_from_dict({"pet": {"kind": "cat", "meows": True}}), m.Owner)
    # What an inner union tried and dropped does not count against the branch holding it.
    assert m.any_owner_or_holder_from_dict({"pet": bird}) == m.Holder.from_dict({"pet": bird})
    # In a union that holds itself: ["a"] is a list of strings, not a list of unknown Trees.
    assert m.tree_from_dict(["a", "b"]) == ["a", "b"] and m.tree_from_dict([1, [2, [3]]]) == [1, [2, [3]]]
    ambiguous = m.tree_from_dict([])  # both array branches fit wholly
    assert isinstance(ambiguous, pkg.UnknownVariant) and ambiguous.reason == "several variants accept it (option 2, option 3)"
    # When only partial fits are left, oneOf keeps the value raw if there are several
    # and takes the one otherwise; anyOf takes the first.
    unknown_pet = {"pet": {"kind": "bird"}}
    several = m.owner_or_keeper_from_dict(unknown_pet)
    assert isinstance(several, pkg.UnknownVariant) and several.reason == "several variants accept it (Owner, Keeper)"
    first = m.any_owner_or_keeper_from_dict(unknown_pet)
    assert isinstance(first, m.Owner) and isinstance(first.pet, pkg.UnknownVariant)
    lone = m.pet_or_named_from_dict({"kind": "bird"})  # Pet's own UnknownVariant, as Pet decided it
    assert isinstance(lone, pkg.UnknownVariant) and lone.reason == "kind='bird' names no known variant"
    assert m.any_pet_or_named_from_dict({"kind": "bird"}).reason == "kind='bird' names no known variant"
    for value in ({"name": "Rex"}, {"kind": "bird"}):
        assert m.pet_or_named_to_dict(m.pet_or_named_from_dict(value)) == value


# ------------------------------------------------------------------- recursion

TREE = {
    "Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "owner": {"$ref": "#/components/schemas/Owner"},
        },
    },
    "Owner": {"type": "object", "properties": {"home": {"$ref": "#/components/schemas/Node"}}},
}


def test_recursive_schemas_decode_and_encode(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with(TREE)))
    data = {"name": "a", "children": [{"name": "b", "owner": {"home": {"name": "c"}}}]}
    node = m.Node.from_dict(data)
    assert isinstance(node.children[0].owner.home, m.Node)
    assert node.to_dict() == data


def test_deep_recursion_is_a_decode_error_not_a_crash(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(TREE))
    data: dict[str, Any] = {"name": "leaf"}
    for _ in range(sys.getrecursionlimit() * 2):
        data = {"name": "n", "children": [data]}
    with pytest.raises(pkg.DecodeError, match="nested too deeply"):
        models(pkg).Node.from_dict(data)


def test_a_model_holding_a_deep_self_holding_union_refuses_it_as_encode_errors(build_package: BuildPackage) -> None:
    ref = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Node": {"oneOf": [{"$ref": ref + "Leaf"}, {"type": "array", "items": {"$ref": ref + "Node"}}]},
        "Leaf": {"type": "object", "required": ["v"], "properties": {"v": {"type": "integer"}}},
        "Holder": {"type": "object", "properties": {"n": {"$ref": ref + "Node"}}},
    }))
    m = models(pkg)
    for depth, message in ((300, "n: the value is nested too deeply to decode once written"),
                           (sys.getrecursionlimit(), "the value is nested too deeply to write as JSON")):
        node: Any = m.Leaf(v=1)
        for _ in range(depth):
            node = [node]
        with pytest.raises(pkg.EncodeError) as info:
            m.Holder(n=node).to_json()
        assert str(info.value) == message
    with pytest.raises(pkg.EncodeError, match="^the value is nested too deeply to write as JSON$"):
        m.Holder(n=node).to_dict()
    assert m.Holder(n=[[m.Leaf(v=1)]]).to_json() == b'{"n":[[{"v":1}]]}'


def test_deep_recursion_is_an_encode_error_not_a_crash(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(TREE))
    Node = models(pkg).Node
    node = Node(name="leaf")
    for _ in range(sys.getrecursionlimit() * 2):
        node = Node(name="n", children=[node])
    for write in (node.to_json, node.to_dict):
        with pytest.raises(pkg.EncodeError, match="^the value is nested too deeply to write as JSON$"):
            write()
    from importlib import import_module

    encode_body = import_module(pkg.__name__ + "._params").encode_body
    with pytest.raises(pkg.EncodeError, match=r"^body: the value is nested too deeply"):
        encode_body(node, Node.from_dict, Node.to_dict)


NESTED = {
    "Nested": {
        "oneOf": [
            {"$ref": "#/components/schemas/Leaf"},
            {"type": "array", "items": {"$ref": "#/components/schemas/Nested"}},
        ]
    },
    "Leaf": {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer"}}},
    "Holder": {"type": "object", "required": ["tree"], "properties": {"tree": {"$ref": "#/components/schemas/Nested"}}},
}


def test_a_union_that_holds_itself_in_an_array_decodes_and_encodes(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(NESTED))
    m = models(pkg)
    data = {"tree": [{"value": 1}, [[{"value": 2}], []]]}
    holder = m.Holder.from_dict(data)
    assert isinstance(holder.tree[1][0][0], m.Leaf) and holder.tree[1][0][0].value == 2
    assert holder.to_dict() == data
    assert m.nested_from_dict({"value": 3}) == m.Leaf(value=3)
    odd = m.Holder.from_dict({"tree": "neither"}).tree  # fits no branch: kept as received
    assert isinstance(odd, pkg.UnknownVariant) and odd.raw == "neither"
    deep: Any = []
    for _ in range(sys.getrecursionlimit() * 2):
        deep = [deep]
    # Past the recursion limit, an error, as for a model: not another branch, which
    # would make the branch chosen depend on how deep the value is.
    with pytest.raises(pkg.DecodeError, match=r"^tree(\[0\])+: the value is nested too deeply to decode$"):
        m.Holder.from_dict({"tree": deep})


CONTAINERS = {
    "Tree": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tree"}},
    "Nest": {"type": "array", "nullable": True, "items": {"$ref": "#/components/schemas/Nest"}},
    "Holder": {
        "type": "object",
        "properties": {"tree": {"$ref": "#/components/schemas/Tree"}, "nest": {"$ref": "#/components/schemas/Nest"}},
    },
}


def test_a_named_map_or_array_that_holds_itself_decodes_and_encodes(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(CONTAINERS))
    m = models(pkg)
    data = {"tree": {"a": {"b": {}}, "c": {}}, "nest": [[], None, [[None]]]}
    holder = m.Holder.from_dict(data)
    assert holder.tree == {"a": {"b": {}}, "c": {}} and holder.nest == [[], None, [[None]]]
    assert holder.to_dict() == data
    with pytest.raises(pkg.DecodeError, match=r"^tree\.a\.b: expected an object, got 5$"):
        m.Holder.from_dict({"tree": {"a": {"b": 5}}})
    with pytest.raises(pkg.DecodeError, match=r"^nest\[1\]\[0\]: expected an array"):
        m.Holder.from_dict({"nest": [[], ["x"]]})
    deep: Any = {}
    for _ in range(sys.getrecursionlimit() * 2):
        deep = {"k": deep}
    with pytest.raises(pkg.DecodeError, match="nested too deeply"):
        m.Holder.from_dict({"tree": deep})


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_union_with_a_nullable_branch_admits_null_at_every_depth(build_package: BuildPackage) -> None:
    spec = spec_with({"Tree": {"oneOf": [{"type": "string", "nullable": True}, {"type": "array", "items": ref("Tree")}]}})
    m = models(build_package(spec))
    assert m.tree_from_dict(["a", None, [None]]) == ["a", None, [None]]


def test_an_alias_of_a_self_holding_union_resolves_like_the_union(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "U": {"oneOf": [{"type": "string"}, {"type": "array", "items": ref("UA")}]},
            "UA": ref("U"),
            "W": {"oneOf": [ref("UA"), {"type": "integer"}]},
        }
    )
    m = models(build_package(spec))
    assert (m.w_from_dict("s"), m.w_from_dict(["s", ["t"]]), m.w_from_dict(3)) == ("s", ["s", ["t"]], 3)


@pytest.mark.parametrize("names", [("A", "B"), ("B", "A")])
def test_recursion_is_accepted_whichever_name_comes_first(build_package: BuildPackage, names: tuple[str, str]) -> None:
    first, second = names
    unions = spec_with(
        {
            first: {"oneOf": [{"type": "integer"}, {"type": "array", "items": ref(second)}]},
            second: {"oneOf": [{"type": "string"}, ref(first)]},
        }
    )
    m = models(build_package(unions, name=f"unions_{first.lower()}"))
    assert getattr(m, f"{first.lower()}_from_dict")([1, "x", [2]]) == [1, "x", [2]]
    aliases = spec_with({first: ref(second), second: {"type": "array", "items": ref(first)}})
    m = models(build_package(aliases, name=f"aliases_{first.lower()}"))
    assert getattr(m, f"{first.lower()}_from_dict")([[], [[]]]) == [[], [[]]]


def test_more_recursion_shapes_import_and_round_trip(build_package: BuildPackage) -> None:
    tree = {"oneOf": [{"type": "string"}, {"type": "array", "items": ref("Tree")}]}
    # a model outside the cycle writes "Tree | None" around the recursive alias
    forest = spec_with({"Tree": tree, "Forest": {"type": "array", "items": {"allOf": [ref("Tree")], "nullable": True}}})
    m = models(build_package(forest, name="forest_pkg"))
    assert m.forest_from_dict(["a", None, ["b"]]) == ["a", None, ["b"]]
    # an alias of the union, its name first
    node = {"Node": ref("Tree"), "Tree": {"oneOf": [{"type": "string"}, {"type": "array", "items": ref("Node")}]}}
    m = models(build_package(spec_with(node), name="node_pkg"))
    assert m.tree_from_dict(["a", ["b"]]) == ["a", ["b"]]
    # the cycle closes at an alias of a nullable named array
    nullable = {"A": ref("B"), "B": {"type": "array", "nullable": True, "items": {"anyOf": [ref("A"), {"type": "integer"}]}}}
    m = models(build_package(spec_with(nullable), name="nullable_pkg"))
    assert m.b_from_dict([None, [1, None]]) == [None, [1, None]]
    # a nullable branch reached through a one-part allOf
    label = {"Label": {"type": "string", "nullable": True}, "Tree": {"oneOf": [
        {"allOf": [ref("Label")], "description": "a label"}, {"type": "array", "items": ref("Tree")}]}}
    m = models(build_package(spec_with(label), name="label_pkg"))
    assert m.tree_from_dict(["a", None, [None]]) == ["a", None, [None]]


def test_a_named_array_holding_itself_through_an_inline_union(build_package: BuildPackage) -> None:
    spec = spec_with({"M": {"type": "array", "items": {"oneOf": [{"type": "string"}, ref("M")]}}})
    m = models(build_package(spec))
    assert m.m_from_dict(["a", ["b", []]]) == ["a", ["b", []]]
    assert m.m_to_dict(["a", ["b"]]) == ["a", ["b"]]


EXPRESSIONS = {
    "Expr": {"oneOf": [{"$ref": "#/components/schemas/Num"}, {"$ref": "#/components/schemas/Add"}]},
    "Num": {
        "type": "object",
        "required": ["kind", "value"],
        "properties": {"kind": {"type": "string", "enum": ["num"]}, "value": {"type": "number"}},
    },
    "Add": {
        "type": "object",
        "required": ["kind", "terms"],
        "properties": {"kind": {"type": "string", "enum": ["add"]}, "terms": {"$ref": "#/components/schemas/Terms"}},
    },
    "Terms": {"type": "array", "items": {"$ref": "#/components/schemas/Expr"}},
}


@pytest.mark.parametrize("first", ["Expr", "Add", "Terms", "Num"])
def test_unions_and_aliases_in_a_reference_cycle(build_package: BuildPackage, first: str) -> None:
    m = models(build_package(spec_with(EXPRESSIONS)))
    getattr(m, first)  # whichever module of the cycle is imported first, the others follow
    data = {"kind": "add", "terms": [{"kind": "num", "value": 1}, {"kind": "add", "terms": [{"kind": "num", "value": 2.5}]}]}
    expr = m.expr_from_dict(data)
    assert isinstance(expr, m.Add) and isinstance(expr.terms[1], m.Add) and isinstance(expr.terms[0], m.Num)
    assert m.expr_to_dict(expr) == data
    assert m.terms_to_dict(m.terms_from_dict(data["terms"])) == data["terms"]


def test_deeply_nested_inline_arrays_and_maps_are_rendered_once_per_level(
    build_package: BuildPackage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen import ir

    calls = []
    for kind in (ir.Array, ir.Map):
        original = kind.encode
        monkeypatch.setattr(kind, "encode", lambda self, v, original=original: calls.append(v) or original(self, v))
    depth = 60  # each level rendering its items twice would make 2**60 renders
    schema: dict[str, Any] = {"type": "string", "format": "date-time"}
    for level in range(depth):
        schema = {"type": "array", "items": schema} if level % 2 else {"type": "object", "additionalProperties": schema}
    m = models(build_package(spec_with({"Deep": {"type": "object", "properties": {"x": schema}}})))
    assert len(calls) < 10 * depth
    value: Any = "2024-05-01T10:00:00Z"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    decoded = m.Deep.from_dict({"x": value})
    assert decoded.to_dict() == {"x": value}


@pytest.mark.parametrize("ring", [False, True], ids=["chain", "ring"])
def test_references_as_deep_as_allowed_import_and_decode(build_package: BuildPackage, ring: bool) -> None:
    from codegen.build.cycles import IMPORT_DEPTH_LIMIT

    names = [f"Link{i:03d}" for i in range(IMPORT_DEPTH_LIMIT)]
    after = names[1:] + ([names[0]] if ring else [])  # a ring: every model imports the next at its end
    schemas: dict[str, Any] = {
        name: {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/{later}"}}}
        for name, later in zip(names, after)
    }
    if not ring:
        schemas[names[-1]] = {"type": "object", "properties": {"end": {"type": "boolean"}}}
    m = models(build_package(spec_with(schemas)))
    value: dict[str, Any] = {}
    for _ in names[1:]:
        value = {"next": value}
    assert getattr(m, names[-1]).from_dict({}).to_dict() == {}
    assert m.Link000.from_dict(value).to_dict() == value


def test_inline_schemas_are_named_after_where_they_appear(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Order": {
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["open", "closed"]},
                    "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                    "payment": {
                        "oneOf": [
                            {"type": "object", "title": "card", "required": ["number"], "properties": {"number": {"type": "string"}}},
                            {"type": "string"},
                        ]
                    },
                },
            }
        }
    )
    m = models(build_package(spec))
    order = m.Order.from_dict({"status": "open", "lines": [{"sku": "a"}], "payment": {"number": "4"}})
    assert order.status is m.OrderStatus.OPEN
    assert isinstance(order.lines[0], m.OrderLinesItem)
    assert isinstance(order.payment, m.OrderPaymentCard)
    assert m.Order.from_dict({"payment": "cash"}).payment == "cash"


# ------------------------------------------------------------------ packaging


def test_models_are_imported_on_first_use(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with({**ENUMS, **TREE}))
    loaded = lambda: {m for m in sys.modules if m.startswith(pkg.__name__ + ".models.")}  # noqa: E731
    m = models(pkg)
    assert loaded() == set()
    m.Paint
    assert loaded() == {f"{pkg.__name__}.models.paint", f"{pkg.__name__}.models.color", f"{pkg.__name__}.models.level"}
    assert "Node" in dir(m)


def test_json_helpers_round_trip_bytes(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THREE_STATES))
    Thing = models(pkg).Thing
    thing = Thing.from_json(b'{"name": "\\u00e9", "note": null, "size": 18446744073709551617}')
    assert thing.size == 18446744073709551617
    assert Thing.from_json(thing.to_json()) == thing
    with pytest.raises(pkg.DecodeError, match="not valid JSON"):
        Thing.from_json(b'{"name": NaN}')
    with pytest.raises(pkg.DecodeError, match="not valid UTF-8"):
        Thing.from_json(b'{"name": "\xff"}')


# ------------------------------------------------- names and shapes seen in real specs


def test_oneof_that_only_groups_required_properties_leaves_the_object(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Either": {
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
            }
        }
    )
    Either = models(build_package(spec)).Either
    assert Either.from_dict({"a": "x"}).a == "x"


def test_union_tagged_by_a_boolean_resolves(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Ok": {"type": "object", "required": ["success", "data"], "properties": {"success": {"type": "boolean", "enum": [True]}, "data": {"type": "string"}}},
            "Err": {"type": "object", "required": ["success", "error"], "properties": {"success": {"type": "boolean", "enum": [False]}, "error": {"type": "string"}}},
            "Result": {"oneOf": [{"$ref": "#/components/schemas/Ok"}, {"$ref": "#/components/schemas/Err"}]},
        }
    )
    m = models(build_package(spec))
    assert isinstance(m.result_from_dict({"success": True, "data": "d"}), m.Ok)
    assert isinstance(m.result_from_dict({"success": False, "error": "e"}), m.Err)


def test_union_of_enums_picks_the_branch_that_lists_the_value(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Shape": {"type": "string", "enum": ["circle", "square"]},
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Color"}, {"$ref": "#/components/schemas/Shape"}]},
            "ModelId": {"oneOf": [{"type": "string", "enum": ["gpt-4", "gpt-3.5"]}, {"type": "string"}]},
        }
    )
    pkg = build_package(spec)
    m = models(pkg)
    assert m.either_from_dict("circle") is m.Shape.CIRCLE and m.either_from_dict("red") is m.Color.RED
    assert isinstance(m.either_from_dict("purple"), pkg.UnknownVariant)  # both would keep it: kept raw
    assert m.model_id_from_dict("gpt-4") is m.ModelIdOption1.GPT_4
    assert m.model_id_from_dict("my-fine-tune") == "my-fine-tune"
    assert m.model_id_to_dict(m.model_id_from_dict("gpt-4")) == "gpt-4"


def test_a_described_or_nullable_reference_is_the_referenced_class(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Pet": {
                "type": "object",
                "properties": {"owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True, "description": "Who."}},
            },
        }
    )
    m = models(build_package(spec))
    assert isinstance(m.Pet.from_dict({"owner": {"name": "a"}}).owner, m.Owner)
    assert m.Pet.from_dict({"owner": None}).owner is None
    assert "PetOwner" not in m.__all__


def test_a_reference_described_in_an_allof_part_of_its_own_is_the_referenced_type(build_package: BuildPackage) -> None:
    # allOf: [{$ref: X}, {description: ...}], a common way to describe a reference in 3.0
    described = lambda name: {"allOf": [ref(name), {"description": "Described here.", "example": "x"}]}  # noqa: E731
    spec = spec_with({
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Color": {"type": "string", "enum": ["red", "blue"]},
        "Pet": {"type": "object", "properties": {"owner": described("Owner"), "color": described("Color")}},
    })
    m = models(build_package(spec))
    pet = m.Pet(owner=m.Owner(name="a"), color=m.Color.RED)
    assert pet.to_dict() == {"owner": {"name": "a"}, "color": "red"}
    decoded = m.Pet.from_dict({"owner": {"name": "b"}, "color": "blue"})
    assert type(decoded.owner) is m.Owner and decoded.color is m.Color.BLUE
    assert not {"PetOwner", "PetColor"} & set(m.__all__)


def test_inline_names_do_not_depend_on_what_else_the_spec_holds(build_package: BuildPackage) -> None:
    base = {"type": "object", "properties": {"meta": {"type": "object", "properties": {"x": {"type": "string"}}}}}
    derived = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"y": {"type": "string"}}}]}
    alone = models(build_package(spec_with({"Base": base})))
    beside = models(build_package(spec_with({"Base": base, "Aaa": derived})))
    assert "BaseMeta" in alone.__all__ and "BaseMeta" in beside.__all__ and "AaaMeta" not in beside.__all__
    assert isinstance(beside.Aaa.from_dict({"meta": {"x": "1"}, "y": "2"}).meta, beside.BaseMeta)


def test_a_nullable_named_alias_accepts_null(build_package: BuildPackage) -> None:
    m = models(build_package(spec_with({"Note": {"type": "string", "nullable": True}})))
    assert m.note_from_dict(None) is None and m.note_from_dict("n") == "n"


def test_a_typed_oneof_of_every_json_type_is_not_mistaken_for_any_json(build_package: BuildPackage) -> None:
    spec = spec_with(
        {
            "V": {
                "oneOf": [
                    {"type": "string"},
                    {"type": "number"},
                    {"type": "boolean"},
                    {"type": "object", "additionalProperties": {"type": "string"}},
                    {"type": "array", "items": {"type": "string", "format": "date-time"}},
                ]
            }
        }
    )
    pkg = build_package(spec)
    assert models(pkg).V is not pkg.JsonValue
    assert models(pkg).v_from_dict(["2024-01-15T10:30:00Z"]) == [datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)]


def test_an_operator_enum_builds_and_round_trips(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with({"Op": {"type": "string", "enum": [">", ">=", "<", "<=", "=", "!=", "é"]}}))
    op = importlib.import_module(pkg.__name__ + ".models").Op
    assert op(">=") is op.GREATER_THAN_SIGN_EQUALS_SIGN and op("é") is op.E
    assert [m.value for m in op] == [">", ">=", "<", "<=", "=", "!=", "é"]


def test_union_refuses_what_is_not_json_by_path(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(UNIONS))
    m = models(pkg)
    for value in ({1, 2}, float("nan"), object()):
        with pytest.raises(pkg.DecodeError, match="expected a JSON value"):
            m.pet_from_dict(value)
    inner = build_package(spec_with(INNER_UNIONS))
    with pytest.raises(inner.DecodeError, match="expected a JSON value") as info:
        models(inner).Owner.from_dict({"pet": {"legacy"}})
    assert info.value.path == "pet"


def test_schemas_named_as_builtins_and_descriptions_with_control_characters_make_working_modules(
    build_package: BuildPackage,
) -> None:
    # A class KeyError would hide the exception from_dict catches; NUL cannot be in source.
    pkg = build_package(spec_with({
        "KeyError": {"type": "object", "description": "bad \0 char\r\x0b end", "required": ["code"],
                     "properties": {"code": {"type": "string", "description": "a \x01 b"}}},
        "TypeError": {"type": "object", "properties": {"key": {"$ref": "#/components/schemas/KeyError"}}},
    }))
    m = models(pkg)
    with pytest.raises(pkg.DecodeError, match="^key.code: missing required property$"):
        m.TypeError_.from_dict({"key": {}})
    assert m.TypeError_.from_dict({"key": {"code": "c"}}).to_dict() == {"key": {"code": "c"}}
    assert "bad \0 char end" in (m.KeyError_.__doc__ or "")  # whitespace folded, as in every description


def test_an_allof_part_that_only_annotates_an_inherited_property_keeps_its_type(build_package: BuildPackage) -> None:
    ref = "#/components/schemas/"
    pkg = build_package(spec_with({
        "Base": {"type": "object", "required": ["created", "count"],
                 "properties": {"created": {"type": "string", "format": "date-time"}, "count": {"type": "integer"}}},
        "Event": {"allOf": [{"$ref": ref + "Base"},
                            {"type": "object", "properties": {"created": {"description": "When."}, "count": {"type": "number"}}}]},
    }))
    event = models(pkg).Event.from_dict({"created": "2024-01-15T10:30:00Z", "count": 3})
    assert event.created.year == 2024 and event.count == 3
    with pytest.raises(pkg.DecodeError, match="^created: expected a date-time string"):
        models(pkg).Event.from_dict({"created": 17, "count": 3})
    with pytest.raises(pkg.DecodeError, match="^count: expected an integer"):  # both parts: an integer
        models(pkg).Event.from_dict({"created": "2024-01-15T10:30:00Z", "count": 2.5})


def test_an_allof_of_annotations_only_is_any_json_and_one_around_a_reference_may_recurse(
    build_package: BuildPackage,
) -> None:
    spec = spec_with({
        "Free": {"allOf": [{}]},
        "Noted": {"allOf": [{"title": "t", "example": 1}, {"description": "d"}]},
        "Branches": {"type": "array", "items": ref("Tree")},
        "Tree": {"allOf": [ref("Branches"), {"description": "A tree: its branches."}]},
        "Pet": {"type": "object", "properties": {"x": ref("Free"), "y": ref("Noted"), "t": ref("Tree")}},
    })
    m = models(build_package(spec))
    data = {"x": [1, {"a": None}], "y": {"a": 1}, "t": [[], [[]]]}
    assert m.Pet.from_dict(data).to_dict() == data


def test_an_enum_of_numbers_or_booleans_is_its_plain_type_with_the_values_in_its_docs(build_package: BuildPackage) -> None:
    spec = spec_with({
        "Rate": {"type": "number", "enum": [0.5, 1.5], "description": "A rate."},
        "Thing": {"type": "object", "properties": {"rate": ref("Rate"), "on": {"type": "boolean", "enum": [True]}}},
    })
    pkg = build_package(spec)
    m = models(pkg)
    rate_module = importlib.import_module(pkg.__name__ + ".models.rate")
    assert rate_module.__doc__ == "Rate: A rate. The spec lists its values: 0.5, 1.5 (others are not refused)."
    assert "on: The spec lists its values: true (others are not refused)." in " ".join(m.Thing.__doc__.split())
    assert m.Thing.from_dict({"rate": 2.5, "on": False}).to_dict() == {"rate": 2.5, "on": False}  # kept, not refused


def test_an_integer_fits_a_number_branch_of_a_union_and_stays_an_integer(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with({"Amount": {"oneOf": [{"type": "number"}, {"type": "string"}]}}))
    amount = importlib.import_module(pkg.__name__ + ".models.amount")
    for given in (5, 2**70, 2.5, "five"):
        decoded = amount.amount_from_dict(given)
        assert (decoded, type(decoded)) == (given, type(given))
        assert amount.amount_to_dict(decoded) == given
    assert isinstance(amount.amount_from_dict(True), pkg.UnknownVariant)  # a boolean is no number


def test_a_variant_s_model_must_write_its_constant_where_no_discriminator_is_inferred(
    build_package: BuildPackage,
) -> None:
    # Only Cat has a constant, so the constants are no discriminator: writing checks it.
    spec = spec_with({
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["cat"]}}},
        "Dog": {"type": "object", "required": ["bark"], "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}}},
        "Pet": {"oneOf": [ref("Cat"), ref("Dog")]},
        "Owner": {"type": "object", "properties": {"pet": ref("Pet")}},
    })
    pkg = build_package(spec)
    m = models(pkg)
    assert m.Owner(pet=m.Cat(kind="cat")).to_dict() == {"pet": {"kind": "cat"}}
    with pytest.raises(pkg.EncodeError, match=r"^pet: kind='dog', where Cat has 'cat'$"):
        m.Owner(pet=m.Cat(kind="dog")).to_dict()
