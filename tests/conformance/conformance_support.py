"""Small helpers shared by the conformance suites (plain functions, no fixtures)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

# make_table(hash=("pk", "S"), range=None, billing=..., ...) -> table name (see conftest.py).
TableFactory = Callable[..., str]

# DynamoDB limits used across the suites (dynamodb-behaviour.md section 14).
MAX_ITEM_BYTES = 409_600
MAX_HASH_KEY_BYTES = 2048
MAX_RANGE_KEY_BYTES = 1024

NOT_FOUND = "Requested resource not found"
KEY_SCHEMA_MISMATCH = "The provided key element does not match the schema"
RETURN_VALUES_PUT_DELETE = "ReturnValues can only be ALL_OLD or NONE"
ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"
HASH_KEY_TOO_LARGE = (
    "One or more parameter values were invalid: "
    "Size of hashkey has exceeded the maximum size limit of2048 bytes"
)
RANGE_KEY_TOO_LARGE = (
    "One or more parameter values were invalid: "
    "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
)
DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
NUMBER_OVERFLOW = (
    "Number overflow. Attempting to store a number with magnitude larger than supported range"
)
NUMBER_UNDERFLOW = (
    "Number underflow. Attempting to store a number with magnitude smaller than supported range"
)
TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number"


def expect_error(call: Callable[..., Any], /, **params: Any) -> ClientError:
    """Calls ``call(**params)``, which must fail with a ClientError, and returns the error."""
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value


def code_and_message(error: ClientError) -> tuple[str, str]:
    details = error.response["Error"]
    return details.get("Code", ""), details.get("Message", "")


def assert_error(
    code: str, message: str, call: Callable[..., Any], /, **params: Any
) -> ClientError:
    """Asserts that ``call(**params)`` fails with exactly this error code and message."""
    error = expect_error(call, **params)
    actual = code_and_message(error)
    assert actual == (code, message), f"expected {(code, message)!r}, got {actual!r}"
    return error


def table_not_found(name: str) -> str:
    """The control-plane variant of ResourceNotFoundException's message."""
    return f"Requested resource not found: Table: {name} not found"


def unique_table_name(prefix: str = "conf") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def s_key(value: str, name: str = "pk") -> dict[str, dict[str, str]]:
    return {name: {"S": value}}
