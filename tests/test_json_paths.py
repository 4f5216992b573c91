"""With orjson installed the runtime uses it; without it, the standard json module.
Both paths must give the same results, exactly."""

from __future__ import annotations

import array
import collections
import copy
import dataclasses
import decimal
import enum
import json
import mmap
import pickle
import re
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datadog_llm_observability import DecodeError, EncodeError, _json
from datadog_llm_observability.models import LLMObsDatasetRecordDataResponse, LLMObsProjectDataAttributesResponse
from spec_strategies import json_values

pytest.importorskip("orjson")


@pytest.fixture(params=["orjson", "stdlib"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "stdlib":
        monkeypatch.setattr(_json, "_orjson", None)
        monkeypatch.setattr(_json, "_orjson_checked", True)
    else:
        monkeypatch.setattr(_json, "_orjson_checked", False)
    yield request.param


def typed(value: Any) -> Any:
    """A value with its types spelled out, so 1 and 1.0 and True differ."""
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    return (type(value).__name__, value)


@pytest.mark.parametrize(
    "text",
    [
        b"18446744073709551615",
        b"18446744073709551616",
        b"-9223372036854775808",
        b"-9223372036854775809",
        b"123456789012345678901234567890",
        b"[1.0, 1, true, null, 0.1, -0.0, 1e300]",
        b'"\\ud800 lone surrogate"',
        b'"\\ud83d\\ude00 astral"',
        '{"é": "\U0001f600"}'.encode(),
        b'{"a": {"b": [1, {"c": 9223372036854775807}]}}',
    ],
)
def test_loads_is_exact_on_both_paths(backend: str, text: bytes) -> None:
    assert typed(_json.loads(text)) == typed(json.loads(text))


@pytest.mark.parametrize(
    "text, value",
    [(b' {"a": 1}', {"a": 1}), (b'{"a": 1}\r\n', {"a": 1}), (b"\t[1, 2] \n", [1, 2]), ("\n\"\u00e9\"\n", "é")],
)
def test_whitespace_around_the_value_is_allowed_on_both_paths(backend: str, text: bytes | str, value: Any) -> None:
    assert _json.loads(text) == value


@pytest.mark.parametrize(
    "text, value", [(b'\xef\xbb\xbf{"a": 1}', {"a": 1}), (bytearray(b"\xef\xbb\xbf [1]"), [1])]
)
def test_a_byte_order_mark_before_json_bytes_is_ignored_on_both_paths(
    backend: str, text: bytes | bytearray, value: Any
) -> None:
    # RFC 8259 8.1 lets a parser ignore it, as json.loads does for bytes.
    assert _json.loads(text) == value == json.loads(bytes(text))
    for twice_or_in_text in (b"\xef\xbb\xbf" + bytes(text), bytes(text).decode("utf-8")):
        with pytest.raises(DecodeError):
            _json.loads(twice_or_in_text)


@pytest.mark.parametrize("text", [b'{"a": 1} x', b"[1] [2]", b"\n", b"1 2"])
def test_anything_after_the_value_is_a_decode_error_on_both_paths(backend: str, text: bytes) -> None:
    with pytest.raises(DecodeError, match="Extra data|Expecting value"):
        _json.loads(text)


def test_bodies_too_large_for_the_fast_parser_keep_integers_exact(backend: str) -> None:
    # From ORJSON_BELOW on, bodies go straight to the standard parser.
    filler = [("x" * 1000) for _ in range(_json.ORJSON_BELOW // 1000 + 1)]
    text = json.dumps([*filler, 123456789012345678901234567890, -9223372036854775809]).encode()
    assert len(text) >= _json.ORJSON_BELOW
    parsed = _json.loads(text)
    assert parsed[-2:] == [123456789012345678901234567890, -9223372036854775809]
    assert typed(parsed[-2:]) == typed(json.loads(text)[-2:])


@pytest.mark.parametrize(
    "text",
    [b"NaN", b"[Infinity]", b"-Infinity", b'{"a": 1', b"\xff\xfe", b"", b"[" * 100000 + b"]" * 100000, b'"\xed\xa0\x80"'],
)
def test_what_is_not_json_is_a_decode_error_on_both_paths(backend: str, text: bytes) -> None:
    with pytest.raises(DecodeError):
        _json.loads(text)


@pytest.mark.parametrize("given", [{"data": []}, [123, 125], None, 5, array.array("i", [123, 125])])
def test_from_json_given_anything_but_json_text_says_what_it_takes(given: Any) -> None:
    # A list of byte values is not read as bytes, and a dict points to from_dict.
    with pytest.raises(TypeError, match=r"^expected JSON text \(str or bytes\), got "):
        LLMObsProjectDataAttributesResponse.from_json(given)
    with pytest.raises(TypeError, match=r"^expected JSON text"):
        _json.loads(given)
    body = b'{"created_at": "2024-01-15T10:30:00Z", "description": "", "name": "n", "updated_at": "2024-01-15T10:30:00Z"}'
    mapped = mmap.mmap(-1, len(body))
    mapped.write(body)
    for text in (bytearray(body), memoryview(body), array.array("B", body), mapped):
        assert LLMObsProjectDataAttributesResponse.from_json(text).name == "n"


def test_how_deep_json_text_may_nest_on_each_path(backend: str) -> None:
    # The README's promise: hundreds of levels on both paths, up to 1,024 with orjson.
    def nested(depth: int) -> bytes:
        return b"[" * depth + b"]" * depth

    assert _json.loads(nested(800)) is not None
    with pytest.raises(DecodeError, match="nested too deeply"):
        _json.loads(nested(1025))
    if backend == "orjson":
        assert _json.loads(nested(1024)) is not None
    else:
        with pytest.raises(DecodeError, match="nested too deeply"):
            _json.loads(nested(1000))


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_dumps_round_trips_any_json_value_on_both_paths(value: Any) -> None:
    for stdlib in (False, True):
        saved = (_json._orjson, _json._orjson_checked)
        try:
            if stdlib:
                _json._orjson, _json._orjson_checked = None, True
            assert typed(json.loads(_json.dumps(value))) == typed(value)
        finally:
            _json._orjson, _json._orjson_checked = saved


offsets = st.sampled_from([timedelta(0), timedelta(hours=5, minutes=30), timedelta(hours=-8), timedelta(hours=1, seconds=30)])
zones = st.one_of(st.just(timezone.utc), offsets.map(timezone))


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)), zone=zones)
def test_models_encode_identically_on_both_paths(moment: datetime, zone: timezone) -> None:
    when = moment.replace(tzinfo=zone)
    model = LLMObsProjectDataAttributesResponse(created_at=when, description=None, name="n", updated_at=when)
    saved = (_json._orjson, _json._orjson_checked)
    try:
        _json._orjson_checked = False
        fast = model.to_json()
        _json._orjson, _json._orjson_checked = None, True
        plain = model.to_json()
    finally:
        _json._orjson, _json._orjson_checked = saved
    assert json.loads(fast) == json.loads(plain) == model.to_dict()
    assert LLMObsProjectDataAttributesResponse.from_json(fast).created_at == when


def test_nanosecond_date_times_keep_their_digits_on_both_paths(backend: str) -> None:
    record = LLMObsDatasetRecordDataResponse.from_dict(
        {
            "created_at": "2024-01-15T10:30:00.123456789Z",
            "dataset_id": "d",
            "expected_output": None,
            "id": "r",
            "input": 1,
            "metadata": None,
            "updated_at": "2024-01-15T10:30:00.123456789+02:00",
        }
    )
    out = json.loads(record.to_json())
    assert (out["created_at"], out["updated_at"]) == ("2024-01-15T10:30:00.123456789Z", "2024-01-15T10:30:00.123456789+02:00")


def test_a_comma_before_the_fraction_loses_no_digit(backend: str) -> None:
    record = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": "2024-01-15T10:30:00,1234567Z", "dataset_id": "d", "expected_output": None, "id": "r",
         "input": 1, "metadata": None, "updated_at": "2017-01-01T00:00:00Z"}
    )
    assert json.loads(record.to_json())["created_at"] == "2024-01-15T10:30:00.1234567Z"


@pytest.mark.parametrize(
    "received",
    [
        "20240115T103000Z",  # ISO 8601's basic format
        "2024-W03-1T10:30:00Z",  # a week date
        "2024-01-15T10Z",  # no minutes
        "2024-01-15T10:30Z",  # no seconds
        "2024-01-15T10:30:00+0530",  # an offset without its colon
        "2024-01-15T10:30:00+05",
        "0001-01-01T00:00:00+05:30:15",  # an offset with seconds
        "2024-01-15T10:30:00+05:60",  # offset minutes past 59, which fromisoformat carries into the hours
        "2024-01-15T10:30:00.5-00:99",
        "2016-12-31T23:59:60+01:75",  # in a leap second too
        "2024-01-15X10:30:00Z",
        "2024-01-15T10:30:500Z",  # fromisoformat reads one more digit after the seconds ...
        "2024-01-15T10:30:00:123Z",  # ... a colon before the fraction ...
        "2024-01-15T10:30:00.Z",
        "2024-01-15T10:30:00 Z",  # ... and any one character before the offset
        "2024-01-15T10:30:00WZ",
    ],
)
def test_iso_8601_forms_that_are_not_rfc_3339_are_refused(backend: str, received: str) -> None:
    # datetime.fromisoformat reads them all; decoding must not turn them into another text.
    with pytest.raises(DecodeError, match=rf"^created_at: expected a date-time string, got '{re.escape(received)}'$"):
        LLMObsProjectDataAttributesResponse.from_dict(
            {"created_at": received, "description": "", "name": "n", "updated_at": "2024-01-15T10:30:00Z"}
        )


@pytest.mark.parametrize(
    ("received", "written"),
    [
        ("2024-01-15 10:30:00Z", "2024-01-15T10:30:00Z"),  # RFC 3339 allows the space and lowercase letters
        ("2024-01-15t10:30:00.5z", "2024-01-15T10:30:00.500000Z"),
        ("2024-01-15T10:30:00+05:30", "2024-01-15T10:30:00+05:30"),
        ("2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123456Z"),
    ],
)
def test_rfc_3339_date_times_in_every_allowed_spelling_are_read(backend: str, received: str, written: str) -> None:
    project = LLMObsProjectDataAttributesResponse.from_dict(
        {"created_at": received, "description": "", "name": "n", "updated_at": "2024-01-15T10:30:00Z"}
    )
    assert project.to_dict()["created_at"] == written


@pytest.mark.parametrize(
    "received",
    [
        "2024-01-15T10:30:00.123456xZ",
        "2024-01-15T10:30:00.123456xyz+02:00",
        "2024-01-15T10:30:00.1234567 junk Z",
        "2024-01-15T10:30:00.1234567\u0661Z",  # an Arabic-Indic digit
        "2016-12-31T23:59:60.\u0661Z",  # in a leap second too
    ],
)
def test_text_after_the_fraction_of_a_date_time_is_refused_not_dropped(backend: str, received: str) -> None:
    with pytest.raises(DecodeError, match="^created_at: expected a date-time string"):
        LLMObsDatasetRecordDataResponse.from_dict(
            {"created_at": received, "dataset_id": "d", "expected_output": None, "id": "r", "input": 1,
             "metadata": None, "updated_at": "2017-01-01T00:00:00Z"}
        )


@pytest.mark.parametrize(
    ("received", "written"),
    [
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"),
        ("2016-12-31t23:59:60.5z", "2016-12-31T23:59:60.5Z"),
        ("2016-12-31 23:59:60,5Z", "2016-12-31T23:59:60.5Z"),  # the space and comma other date-times may have
        ("2016-12-31T18:59:60.123456789-05:00", "2016-12-31T18:59:60.123456789-05:00"),
    ],
)
def test_a_leap_second_decodes_and_is_written_back_as_received(backend: str, received: str, written: str) -> None:
    record = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": received, "dataset_id": "d", "expected_output": None, "id": "r", "input": 1,
         "metadata": None, "updated_at": "2017-01-01T00:00:00Z"}
    )
    # datetime has no second 60: the leap second is the last microsecond before the next second
    assert record.created_at.second == 59 and record.created_at.microsecond == 999999
    assert record.created_at < record.updated_at
    assert json.loads(record.to_json())["created_at"] == written
    for copied in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record)):
        assert copied.to_dict()["created_at"] == written


@pytest.mark.parametrize(
    ("received", "written"),
    [
        ("2024-01-15T10:30:00-00:00", "2024-01-15T10:30:00-00:00"),
        ("2024-01-15t10:30:00.5-00:00", "2024-01-15T10:30:00.500000-00:00"),
        ("2024-01-15T10:30:00.123456789-00:00", "2024-01-15T10:30:00.123456789-00:00"),
        ("2016-12-31T23:59:60-00:00", "2016-12-31T23:59:60-00:00"),
        ("2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00Z"),  # UTC as local time: the same statement
    ],
)
def test_an_unknown_local_offset_is_written_back_as_received(backend: str, received: str, written: str) -> None:
    # RFC 3339 4.3: -00:00 is UTC with the local offset unknown, unlike Z and +00:00.
    import datadog_llm_observability as package

    record = LLMObsDatasetRecordDataResponse.from_json(json.dumps(
        {"created_at": received, "dataset_id": "d", "expected_output": None, "id": "r", "input": 1,
         "metadata": None, "updated_at": "2017-01-01T00:00:00Z"}
    ))
    assert json.loads(record.to_json())["created_at"] == written
    for copied in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record)):
        assert copied.to_dict()["created_at"] == written
    when = record.created_at
    assert when.utcoffset() == timedelta(0) and when == when.astimezone(timezone.utc)
    assert (when.tzinfo is package.UNKNOWN_OFFSET) == received.endswith("-00:00")
    sent = datetime(2024, 1, 15, 10, 30, tzinfo=package.UNKNOWN_OFFSET)
    assert LLMObsDatasetRecordDataResponse.from_dict(
        {**record.to_dict(), "created_at": sent}).to_dict()["created_at"] == "2024-01-15T10:30:00-00:00"


def test_extra_digits_survive_pickling_and_copying() -> None:
    from datadog_llm_observability import _codec

    when = _codec.parse_datetime("2024-01-15T10:30:00.123456789+02:00")
    for copied in (pickle.loads(pickle.dumps(when)), copy.copy(when), copy.deepcopy(when)):
        assert copied == when and _codec.format_datetime(copied) == "2024-01-15T10:30:00.123456789+02:00"


@pytest.mark.parametrize("bad", [float("nan"), {1: "int key"}, {"set": {1, 2}}, [b"bytes"]])
def test_request_bodies_refuse_what_json_cannot_carry_on_both_paths(backend: str, bad: Any) -> None:
    from datadog_llm_observability import _params
    from datadog_llm_observability.models import LLMObsDatasetRecordItem

    with pytest.raises(EncodeError) as info:
        _params.encode_body(
            {"input": {"deep": [bad]}},
            LLMObsDatasetRecordItem.from_dict,
            lambda m: m.to_dict(),
        )
    assert info.value.path.startswith("body.input.deep[0]")


def test_a_value_that_contains_itself_is_named_not_looped_on(backend: str) -> None:
    from datadog_llm_observability import _params
    from datadog_llm_observability.models import LLMObsDatasetRecordItem

    loop: list[Any] = [1]
    loop.append({"again": loop})
    with pytest.raises(EncodeError, match="contains itself") as info:
        _json.dumps({"input": loop})
    assert info.value.path == "input[1].again"
    with pytest.raises(EncodeError, match="contains itself") as info:
        _params.encode_body({"input": {"deep": loop}}, LLMObsDatasetRecordItem.from_dict, lambda m: m.to_dict())
    assert info.value.path == "body.input.deep[1].again"


def test_a_value_shared_in_several_places_is_written_each_time(backend: str) -> None:
    shared = {"k": [1, 2]}
    assert json.loads(_json.dumps([shared, {"x": shared}, shared])) == [shared, {"x": shared}, shared]


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_utc_date_times_are_written_as_rfc3339_with_z(moment: datetime) -> None:
    from datadog_llm_observability import _codec

    when = moment.replace(tzinfo=timezone.utc)
    text = _codec.format_datetime(when)
    assert text == when.isoformat().replace("+00:00", "Z")
    assert _codec.parse_datetime(text) == when


class Colour(enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    SMALL = 1


@dataclasses.dataclass
class Point:
    x: int


# What orjson would write (NaN as null; UUIDs, datetimes, enums, dataclasses as text or
# objects) and the standard encoder refuses, or writes differently (subclasses).
odd_leaves = st.sampled_from(
    [float("nan"), float("inf"), -float("inf"), uuid.UUID(int=7), datetime(2024, 1, 1), datetime(2024, 1, 1, tzinfo=timezone.utc),
     Colour.RED, Size.SMALL, Point(1), {1, 2}, b"raw", decimal.Decimal("1.5"), (1, "two"), True, 2**64, -(2**63) - 1]
)
mixed_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5), odd_leaves),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


def _dumps_on(stdlib: bool, value: Any) -> Any:
    """What ``dumps`` wrote, read back with its types spelled out; or its error."""
    saved = (_json._orjson, _json._orjson_checked)
    try:
        if stdlib:
            _json._orjson, _json._orjson_checked = None, True
        else:
            _json._orjson_checked = False
        try:
            return typed(json.loads(_json.dumps(value)))
        except EncodeError as error:
            return f"EncodeError: {error}"
    finally:
        _json._orjson, _json._orjson_checked = saved


@settings(max_examples=300, deadline=None)
@given(value=mixed_values)
def test_dumps_writes_or_refuses_alike_on_both_paths(value: Any) -> None:
    # orjson alone would write NaN as null and a UUID as a string: nothing may change silently.
    assert _dumps_on(False, value) == _dumps_on(True, value)


@pytest.mark.parametrize(
    "leaf, message",
    [(float("nan"), "nan is not a JSON number"), (-float("inf"), "-inf is not a JSON number"),
     (uuid.UUID(int=7), "a Python UUID is not a JSON value"), (datetime(2024, 1, 1), "a Python datetime is not a JSON value"),
     (Colour.RED, "a Python Colour is not a JSON value")],
)
def test_a_model_holding_what_json_cannot_carry_is_refused_on_both_paths(backend: str, leaf: Any, message: str) -> None:
    model = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": "2024-01-15T10:30:00Z", "dataset_id": "d", "expected_output": None, "id": "r", "input": {"q": 1},
         "metadata": None, "updated_at": "2024-01-15T10:30:00Z"}
    )
    model.input = {"q": [1.5, leaf]}
    with pytest.raises(EncodeError, match=f"^input.q\\[1\\]: {re.escape(message)}$"):
        model.to_json()


def test_what_the_encoder_refuses_for_another_reason_than_depth_is_named_by_path(backend: str) -> None:
    # A mapping that is not a dict, and an integer past Python's digit limit, are two
    # levels down: the error names them there, not "nested too deeply".
    model = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": "2024-01-15T10:30:00Z", "dataset_id": "d", "expected_output": None, "id": "r", "input": {"q": 1},
         "metadata": None, "updated_at": "2024-01-15T10:30:00Z"}
    )
    model.input = {"q": [collections.ChainMap({"a": 1})]}
    with pytest.raises(EncodeError, match=r"^input.q\[0\]: a Python ChainMap is not a JSON value$"):
        model.to_json()
    model.input = {"q": [10**5000]}
    with pytest.raises(EncodeError, match=r"^input.q\[0\]: an integer of more than 4300 digits cannot be written"):
        model.to_json()
    model.input = {"q": {10**5000: 1}}
    with pytest.raises(EncodeError, match=r"^input.q: an object key of more than 4300 digits cannot be written"):
        model.to_json()
    model.input = {"q": [10**800]}  # within the default limit, past a lower one
    assert model.to_json()
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with pytest.raises(EncodeError, match=r"^input.q\[0\]: an integer of more than 640 digits cannot be written"):
            model.to_json()
    finally:
        sys.set_int_max_str_digits(limit)


def test_an_integer_too_long_to_show_is_described_by_its_size_in_errors() -> None:
    record = {"created_at": "2024-01-15T10:30:00Z", "dataset_id": 10**5000, "expected_output": None, "id": "r",
              "input": None, "metadata": None, "updated_at": "2024-01-15T10:30:00Z"}
    with pytest.raises(DecodeError, match="^dataset_id: expected a string, got an integer of about 5001 digits$"):
        LLMObsDatasetRecordDataResponse.from_dict(record)


@settings(max_examples=200, deadline=None)
@given(value=json_values, keys=st.lists(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()), max_size=3))
def test_the_writer_for_deep_values_writes_what_the_encoder_writes(value: Any, keys: list[Any]) -> None:
    for key in keys:  # keys the encoder writes as strings, too
        value = {key: value, "s": [value]}
    assert _json._write_deep(value) == _json._encode_str(value)


def test_what_orjson_parses_however_deep_can_be_written_back(backend: str) -> None:
    # orjson parses 1,024 levels; the standard encoder alone stops at the recursion limit.
    deep: Any = "leaf"
    for level in range(_json.WRITE_DEPTH - 1):
        deep = [deep] if level % 2 else {"k": deep}
    record = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": "2024-01-15T10:30:00Z", "dataset_id": "d", "expected_output": None, "id": "r", "input": deep,
         "metadata": None, "updated_at": "2024-01-15T10:30:00Z"}
    )
    written = record.to_json()
    assert written.count(b"[") + written.count(b"{") == _json.WRITE_DEPTH
    saved = (_json._orjson, _json._orjson_checked)
    _json._orjson_checked = False  # read back with orjson, which parses this deep
    try:
        assert LLMObsDatasetRecordDataResponse.from_json(written).to_json() == written  # (== would recurse)
    finally:
        _json._orjson, _json._orjson_checked = saved
    record.input = [deep]  # one level more than anything parsed
    with pytest.raises(EncodeError, match="^the value is nested too deeply to write as JSON$"):
        record.to_json()


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_the_reused_c_encoder_writes_what_the_encoder_writes(value: Any) -> None:
    assert _json._encode_str(value) == _json._ENCODER.encode(value)


def test_without_the_c_encoder_the_encoder_itself_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def other_signature(*args: Any) -> Any:
        raise TypeError("c_make_encoder() takes 10 arguments")

    original = json.encoder.c_make_encoder
    monkeypatch.setattr(_json, "_orjson", None)
    monkeypatch.setattr(_json, "_orjson_checked", True)
    for replacement in (None, other_signature, lambda *args: lambda value, level: ["not JSON"]):
        monkeypatch.setattr(json.encoder, "c_make_encoder", replacement)
        assert _json._one_shot_encoder() is None
        # what the package would bind at import then still writes the same JSON
        bound = _json._one_shot_encoder() or _json._ENCODER.encode
        monkeypatch.setattr(json.encoder, "c_make_encoder", original)
        monkeypatch.setattr(_json, "_encode_str", bound)
        assert _json.dumps({"a": [1, 2.5, "é", None]}) == b'{"a":[1,2.5,"\\u00e9",null]}'
