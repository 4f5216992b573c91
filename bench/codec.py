"""Decoding and encoding, side by side with json, msgspec and the peer clients.

    python bench/codec.py [--quick] [--no-orjson] [--json]

Sections:
1. decode: JSON bytes → typed objects (records pages of 10, 1000 and 10000, an
   experiments page, an inference response), ratio to ``json.loads``;
2. model layer: already ``json.loads``-ed data → typed objects, per 1000 records,
   ratio to ``msgspec.convert`` into equivalent Structs;
3. encode: typed objects → JSON bytes, ratio to ``json.dumps`` of the plain dicts.

``--no-orjson`` hides orjson from the bindings (they fall back to the standard
``json`` module), to measure both configurations.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

if "--no-orjson" in sys.argv:
    sys.modules["orjson"] = None  # type: ignore[assignment]  # make "import orjson" fail

from harness import Row, compare, format_table  # noqa: E402
from payloads import experiments_page, inference_response, records_page  # noqa: E402

PAYLOADS: dict[str, tuple[Callable[[], bytes], str, int, int]] = {
    # name: (body, response model, repeat per round, rounds)
    "records x10": (lambda: records_page(10), "LLMObsDatasetRecordsListResponse", 200, 15),
    "records x1000": (lambda: records_page(1000), "LLMObsDatasetRecordsListResponse", 1, 15),
    "records x10000": (lambda: records_page(10000), "LLMObsDatasetRecordsListResponse", 1, 5),
    "experiments x100": (lambda: experiments_page(100), "LLMObsExperimentsResponse", 20, 15),
    "inference response": (inference_response, "LLMObsIntegrationInferenceResponse", 300, 15),
}


def ours(name: str) -> Any:
    import importlib

    return getattr(importlib.import_module("datadog_llm_observability.models"), name)


def label() -> str:
    from datadog_llm_observability import _json

    return "bindings (orjson)" if _json._accelerator() is not None else "bindings (stdlib json)"


def decode(quick: bool, peers: bool) -> dict[str, list[Row]]:
    results = {}
    for payload, (make, model, repeat, rounds) in PAYLOADS.items():
        body = make()
        cls = ours(model)
        contenders: dict[str, Callable[[], object]] = {
            "json.loads": lambda body=body: json.loads(body),
            label(): lambda body=body, cls=cls: cls.from_json(body),
        }
        rounds_for: dict[str, int] = {}
        if peers:
            import msgspec

            from peers import MsgspecRecordsPage, dd_api_client, dd_decode, dd_model, opc_model

            opc = opc_model(model)
            contenders["openapi-python-client"] = lambda body=body, opc=opc: opc.from_dict(json.loads(body))
            if payload.startswith("records"):
                decoder = msgspec.json.Decoder(MsgspecRecordsPage)
                contenders["msgspec Structs"] = lambda body=body, decoder=decoder: decoder.decode(body)
            if payload != "records x10000":  # datadog-api-client takes about 30 s per call there
                client, dd = dd_api_client(), dd_model(model)
                contenders["datadog-api-client"] = lambda body=body, client=client, dd=dd: dd_decode(client, body, dd)
                if payload == "records x1000":
                    rounds_for["datadog-api-client"] = 3
        results[payload] = compare(
            contenders, "json.loads", rounds=3 if quick else rounds, repeat=repeat, rounds_for=rounds_for
        )
    return results


def model_layer(quick: bool, peers: bool) -> list[Row]:
    """Per 1000 records, from data ``json.loads`` already parsed."""
    body = records_page(1000)
    data = json.loads(body)
    cls = ours("LLMObsDatasetRecordsListResponse")
    contenders: dict[str, Callable[[], object]] = {label() + " from_dict": lambda: cls.from_dict(data)}
    baseline = label() + " from_dict"
    if peers:
        import msgspec

        from peers import MsgspecRecordsPage, opc_model

        opc = opc_model("LLMObsDatasetRecordsListResponse")
        contenders["msgspec.convert"] = lambda: msgspec.convert(data, MsgspecRecordsPage)
        contenders["openapi-python-client from_dict"] = lambda: opc.from_dict(data)
        baseline = "msgspec.convert"
    rows = compare(contenders, baseline, rounds=5 if quick else 25)
    return rows


def encode(quick: bool, peers: bool) -> dict[str, list[Row]]:
    results = {}
    for payload, (make, model, repeat, rounds) in PAYLOADS.items():
        if payload == "records x10000":
            continue
        body = make()
        plain = json.loads(body)
        typed = ours(model).from_json(body)
        contenders: dict[str, Callable[[], object]] = {
            "json.dumps (plain dicts)": lambda plain=plain: json.dumps(plain).encode(),
            label(): lambda typed=typed: typed.to_json(),
        }
        if peers:
            import msgspec
            import orjson

            from peers import MsgspecRecordsPage, dd_api_client, dd_decode, dd_encode, dd_model, opc_model

            contenders["orjson.dumps (plain dicts)"] = lambda plain=plain: orjson.dumps(plain)
            opc_typed = opc_model(model).from_dict(plain)
            contenders["openapi-python-client"] = lambda t=opc_typed: json.dumps(t.to_dict()).encode()
            if payload.startswith("records"):
                struct = msgspec.convert(plain, MsgspecRecordsPage)
                contenders["msgspec Structs"] = lambda s=struct: msgspec.json.encode(s)
            dd_typed = dd_decode(dd_api_client(), body, dd_model(model))
            contenders["datadog-api-client"] = lambda t=dd_typed: dd_encode(t)
        results[payload] = compare(contenders, "json.dumps (plain dicts)", rounds=3 if quick else rounds, repeat=repeat)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few rounds, for a smoke run")
    parser.add_argument("--no-orjson", action="store_true", help="hide orjson from the bindings")
    parser.add_argument("--no-peers", action="store_true", help="only json and the bindings")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    peers = not args.no_peers
    out = {
        "decode": decode(args.quick, peers),
        "model layer": {"records x1000": model_layer(args.quick, peers)},
        "encode": encode(args.quick, peers),
    }
    if args.json:
        print(json.dumps({s: {p: [r.__dict__ for r in rows] for p, rows in v.items()} for s, v in out.items()}))
        return
    for section, payloads in out.items():
        for payload, rows in payloads.items():
            baseline = rows[0].name if section != "model layer" or not peers else "msgspec.convert"
            print(format_table(f"{section}: {payload}", rows, "ms", f"vs {baseline}"))
            print()


if __name__ == "__main__":
    main()
