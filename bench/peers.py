"""The tools users would otherwise pick, set up for the benchmarks.

- datadog-api-client: Datadog's own generated client (its real decode path is
  ``ApiClient.deserialize`` with type checking on, its default);
- openapi-python-client: a client generated from our own spec, with its models;
- msgspec: equivalent Structs, the near-limit for typed decoding in Python.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from harness import ROOT

SPEC = ROOT / "spec" / "datadog_llm_observability.yaml"
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent


# ------------------------------------------------------------ openapi-python-client


def opc_generate(spec: Path, out: Path) -> None:
    """Run ``openapi-python-client generate`` (with its ruff post-processing)."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out), "--overwrite"],
        check=True,
        capture_output=True,
        env=env,
    )


def opc_package() -> str:
    """Generate (once per spec content) and import openapi-python-client's package."""
    digest = hashlib.sha256(SPEC.read_bytes()).hexdigest()[:12]
    out = RESULTS / f"opc-{digest}"
    if not (out / "datadog_llm_observability_api_client").is_dir():
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        opc_generate(SPEC, out)
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return "datadog_llm_observability_api_client"


def opc_model(name: str) -> Any:
    package = opc_package()
    from codegen.naming import module_name

    module = importlib.import_module(f"{package}.models.{module_name(name)}")
    return getattr(module, name)


# ------------------------------------------------------------------ datadog client


def dd_api_client() -> Any:
    from datadog_api_client import ApiClient, Configuration

    return ApiClient(Configuration())


def dd_model(name: str) -> Any:
    from codegen.naming import module_name

    module = importlib.import_module(f"datadog_api_client.v2.model.{module_name(name)}")
    return getattr(module, name)


def dd_decode(client: Any, body: bytes, model: Any) -> Any:
    return client.deserialize(body.decode("utf-8"), (model,), True)


def dd_encode(value: Any) -> bytes:
    import json

    from datadog_api_client.model_utils import data_to_dict

    return json.dumps(data_to_dict(value)).encode("utf-8")


# ------------------------------------------------------------------------- msgspec


class MsgspecRecord(msgspec.Struct):
    created_at: datetime
    dataset_id: str
    expected_output: Any
    id: str
    input: Any
    metadata: dict[str, Any] | None
    updated_at: datetime


class MsgspecCursorMeta(msgspec.Struct):
    after: str | None = None


class MsgspecRecordsPage(msgspec.Struct):
    data: list[MsgspecRecord]
    meta: MsgspecCursorMeta | None = None
