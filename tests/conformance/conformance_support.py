"""Small helpers shared by the conformance suites (plain functions, no fixtures)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Union

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
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


# --- expression suites -----------------------------------------------------------------------

CONDITION_FAILED = "The conditional request failed"

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


class Raw(dict):  # type: ignore[type-arg]
    """An AttributeValue already in wire form, sent as is (e.g. ``Raw({"N": "5e0"})``)."""


class MessagePrefix(str):
    """An error message of which only this beginning is confirmed against the service."""

    __slots__ = ()


ExpectedMessage = Union[str, MessagePrefix, "re.Pattern[str]"]


def wire(value: Any) -> dict[str, Any]:
    """A Python value as an AttributeValue (str S, int/Decimal N, bytes B, set SS/NS/BS...)."""
    if isinstance(value, Raw):
        return dict(value)
    return dict(_SERIALIZER.serialize(value))


def wire_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {name: wire(value) for name, value in item.items()}


def plain(item: Mapping[str, Any]) -> dict[str, Any]:
    """A wire-form item as Python values (numbers as Decimal, binaries as boto3 Binary)."""
    return {name: _DESERIALIZER.deserialize(value) for name, value in item.items()}


def read_item(client: Any, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
    """The item under ``key`` (Python values) read consistently, or None when absent."""
    response = client.get_item(TableName=table, Key=wire_item(key), ConsistentRead=True)
    return plain(response["Item"]) if "Item" in response else None


def message_matches(actual: str, expected: ExpectedMessage) -> bool:
    if isinstance(expected, MessagePrefix):
        return actual.startswith(expected)
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(actual) is not None
    return actual == expected


def assert_rejected(
    code: str, expected: ExpectedMessage, call: Callable[..., Any], /, **params: Any
) -> ClientError:
    """Like assert_error, but the message may be a MessagePrefix or a full-match pattern."""
    error = expect_error(call, **params)
    actual_code, actual_message = code_and_message(error)
    assert actual_code == code, f"expected {code}, got {(actual_code, actual_message)!r}"
    assert message_matches(actual_message, expected), (
        f"expected message {expected!r}, got {actual_message!r}"
    )
    return error


def assert_invalid(expected: ExpectedMessage, call: Callable[..., Any], /, **params: Any) -> None:
    assert_rejected("ValidationException", expected, call, **params)


def assert_condition_fails(call: Callable[..., Any], /, **params: Any) -> ClientError:
    return assert_rejected("ConditionalCheckFailedException", CONDITION_FAILED, call, **params)


def syntax_error(kind: str, token: str, near: str | None = None) -> ExpectedMessage:
    """``Invalid <kind>: Syntax error; token: "<token>", near: "<near>"``.

    ``near`` is the source text from the start of the token before the offending one to the end
    of the token after it. Without ``near`` only the part up to the near text is asserted.
    """
    head = f'Invalid {kind}: Syntax error; token: "{token}", near: "'
    return MessagePrefix(head) if near is None else f'{head}{near}"'


_PLACEHOLDER = re.compile(r"[#:][A-Za-z0-9_]+")


def placeholders_used(pool: Mapping[str, Any], *expressions: str | None) -> dict[str, Any]:
    """The entries of ``pool`` whose placeholders occur in the expressions, in pool order."""
    found = {match for text in expressions if text for match in _PLACEHOLDER.findall(text)}
    return {name: value for name, value in pool.items() if name in found}
