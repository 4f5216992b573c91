"""Realistic response bodies for the benchmarks, from a fixed seed.

A dataset record is about 4 KB: chat-style inputs with nested any-JSON context,
an expected output with citations and scores, metadata, and two date-times.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from typing import Any

WORDS = (
    "the model answer question context retrieval latency token prompt dataset record "
    "evaluation span trace score metric user system assistant tool call result paris "
    "france capital weather forecast customer support ticket refund policy order"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _timestamp(rng: random.Random) -> str:
    moment = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(30_000_000), microseconds=rng.randrange(1_000_000))
    return moment.isoformat().replace("+00:00", "Z")


def _context(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth >= 3 or roll < 0.35:
        return rng.choice([_sentence(rng, rng.randint(3, 12)), rng.randint(0, 10**12), round(rng.random() * 100, 4), rng.random() < 0.5, None])
    if roll < 0.7:
        return {f"{rng.choice(WORDS)}_{i}": _context(rng, depth + 1) for i in range(rng.randint(2, 5))}
    return [_context(rng, depth + 1) for _ in range(rng.randint(2, 5))]


def record(rng: random.Random, index: int) -> dict[str, Any]:
    created = _timestamp(rng)
    return {
        "created_at": created,
        "dataset_id": "9f64e5c7-dc5a-45c8-a17c-1b85f0bec97d",
        "expected_output": {
            "answer": " ".join(_sentence(rng, 14) for _ in range(9)),
            "citations": [{"doc": f"kb-{rng.randint(1, 9999)}", "span": [rng.randint(0, 500), rng.randint(500, 900)]} for _ in range(3)],
            "score": round(rng.random(), 6),
        },
        "id": f"rec-{index:08d}-{rng.getrandbits(64):016x}",
        "input": {
            "messages": [
                {"role": "system", "content": " ".join(_sentence(rng, 16) for _ in range(11))},
                {"role": "user", "content": " ".join(_sentence(rng, 12) for _ in range(8))},
            ],
            "context": _context(rng),
            "params": {"temperature": round(rng.random(), 2), "max_tokens": rng.choice([256, 512, 1024]), "stream": False},
        },
        "metadata": {"source": rng.choice(["production", "staging", "synthetic"]), "tags": [rng.choice(WORDS) for _ in range(4)], "version": rng.randint(1, 40)},
        "updated_at": created,
    }


def records_page(count: int, seed: int = 20241122) -> bytes:
    rng = random.Random(seed)
    body = {"data": [record(rng, i) for i in range(count)], "meta": {"after": "eyJsYXN0IjoiMTAwMCJ9"}}
    return json.dumps(body).encode("utf-8")


def experiments_page(count: int = 100, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    data = []
    for i in range(count):
        data.append(
            {
                "attributes": {
                    "config": {"model": rng.choice(["gpt-4o", "claude-3-5-sonnet"]), "temperature": round(rng.random(), 2)},
                    "created_at": _timestamp(rng),
                    "dataset_id": "9f64e5c7-dc5a-45c8-a17c-1b85f0bec97d",
                    "description": _sentence(rng, 10),
                    "metadata": {"owner": rng.choice(WORDS), "run": i},
                    "name": f"experiment-{i}",
                    "project_id": "a33671aa-24fd-4dcd-9b33-a8ec7dde7751",
                    "updated_at": _timestamp(rng),
                },
                "id": f"{rng.getrandbits(128):032x}",
                "type": "experiments",
            }
        )
    return json.dumps({"data": data, "meta": {"after": None}}).encode("utf-8")


def inference_response(seed: int = 3) -> bytes:
    rng = random.Random(seed)
    tool = {"function": {"description": _sentence(rng, 8), "name": "get_weather", "parameters": {"type": "object", "properties": {"location": {"type": "string"}}}}, "type": "function"}
    body = {
        "anthropic_metadata": {"effort": "medium", "thinking": {"budget_tokens": 1024, "type": "enabled"}},
        "frequency_penalty": 0,
        "max_tokens": 1024,
        "messages": [
            {"content": _sentence(rng, 20), "id": f"msg_{i}", "role": rng.choice(["user", "assistant"]),
             "tool_calls": [{"arguments": {"location": "Paris"}, "name": "get_weather", "tool_id": f"call_{i}", "type": "function"}],
             "tool_results": [{"name": "get_weather", "result": _sentence(rng, 8), "tool_id": f"call_{i}", "type": "function"}]}
            for i in range(12)
        ],
        "model_id": "gpt-4o",
        "openai_metadata": {"reasoning_effort": "medium", "reasoning_summary": "auto"},
        "response": {
            "assessment": "pass",
            "content": " ".join(_sentence(rng, 15) for _ in range(10)),
            "finish_reason": "stop",
            "inference_codes": [{"code": "import openai\nclient = openai.OpenAI()\n", "id": "code-python-001", "type": "python"}],
            "input_tokens": 1534,
            "internal_reasoning": {"reasoning_tokens": 256, "text": _sentence(rng, 40)},
            "latency": 843,
            "output_tokens": 310,
            "tools": [tool],
            "total_tokens": 1844,
        },
        "temperature": 0.7,
        "tools": [tool],
        "top_k": 50,
        "top_p": 1,
    }
    return json.dumps(body).encode("utf-8")
