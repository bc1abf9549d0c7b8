"""The committed request-shape table matches what botocore's model generates."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "tests" / "tools" / "gen_shapes.py"


@pytest.mark.skipif(
    importlib.util.find_spec("botocore") is None,
    reason="botocore is not importable, so its DynamoDB model cannot be read",
)
def test_shape_table_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_shapes", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _string(minimum: int) -> dict[str, Any]:
    return {"type": "string", "min": minimum, "documentation": f"at least {minimum}"}


def _holder() -> dict[str, Any]:
    return {"type": "structure", "members": {"Name": {"shape": "TableName"}}}


def test_streams_shapes_named_alike_are_shared_or_renamed() -> None:
    generator = _generator()
    dynamodb = {
        "operations": {"GetItem": {"input": {"shape": "Holder"}}},
        "shapes": {"TableName": _string(3), "Shared": _string(1), "Holder": _holder()},
    }
    streams = {
        "operations": {"GetRecords": {"input": {"shape": "Holder"}}},
        # Shared differs only in its documentation; TableName in its constraints, so Holder,
        # defined alike, differs in what its member refers to.
        "shapes": {
            "TableName": _string(1),
            "Shared": {**_string(1), "documentation": "other words"},
            "Holder": _holder(),
        },
    }
    merged = generator.merge_models(dynamodb, streams)
    assert sorted(merged["shapes"]) == [
        "Holder",
        "Shared",
        "StreamsHolder",
        "StreamsTableName",
        "TableName",
    ]
    assert merged["shapes"]["StreamsTableName"]["min"] == 1
    assert merged["shapes"]["StreamsHolder"]["members"]["Name"]["shape"] == "StreamsTableName"
    assert merged["shapes"]["Holder"]["members"]["Name"]["shape"] == "TableName"
    assert merged["operations"]["GetRecords"]["input"]["shape"] == "StreamsHolder"
    assert merged["operations"]["GetItem"]["input"]["shape"] == "Holder"


def test_an_operation_in_both_models_is_refused() -> None:
    generator = _generator()
    model: dict[str, Any] = {"operations": {"GetItem": {}}, "shapes": {}}
    with pytest.raises(generator.GenerationError, match="GetItem"):
        generator.merge_models(model, model)
