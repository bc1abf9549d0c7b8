"""Small helpers shared by the conformance suites (plain functions, no fixtures)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
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


def error_of(call: Callable[..., Any], /, **params: Any) -> tuple[str, str]:
    """The code and message of the ClientError ``call(**params)`` must fail with."""
    return code_and_message(expect_error(call, **params))


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


# --- Query, Scan and secondary indexes -------------------------------------------------------

READ_UNIT_BYTES = 4096
PAGE_LIMIT_BYTES = 1024 * 1024
MAX_PAGES = 10_000  # a paging loop that runs longer than this has lost its way


def number_size(text: str) -> int:
    """The stored size of an N value (dynamodb-behaviour.md 2.7): a base-100 mantissa aligned on
    the decimal point, one byte of exponent, one more byte for a negative number."""
    sign, digits, exponent = Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    significant = list(digits)
    while significant and significant[-1] == 0:
        significant.pop()
        exponent += 1
    while significant and significant[0] == 0:
        significant.pop(0)
    if not significant:
        return 1
    count = len(significant)
    first_digit_exponent = exponent + count - 1
    aligned = 1 if count % 2 == 0 and first_digit_exponent % 2 == 0 else 0
    return 1 + (count + 1) // 2 + aligned + (1 if sign else 0)


def value_size(value: Mapping[str, Any]) -> int:
    """The size of one AttributeValue in wire form (bytes for B, as the low-level client uses)."""
    ((kind, data),) = value.items()
    if kind == "S":
        return len(data.encode())
    if kind == "B":
        return len(data)
    if kind == "N":
        return number_size(data)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(member.encode()) for member in data)
    if kind == "NS":
        return sum(number_size(member) for member in data)
    if kind == "BS":
        return sum(len(member) for member in data)
    if kind == "L":
        return 3 + sum(1 + value_size(element) for element in data)
    if kind == "M":
        return 3 + sum(1 + len(name.encode()) + value_size(v) for name, v in data.items())
    raise AssertionError(f"not an AttributeValue: {value!r}")


def item_size(item: Mapping[str, Any]) -> int:
    """The size DynamoDB charges for an item in wire form: names plus values."""
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def read_units(total_bytes: int, consistent: bool) -> float:
    """Units of one Query or Scan page: its bytes read, rounded up once to 4 KB, at least one unit,
    halved when eventually consistent."""
    units = max(1, -(-total_bytes // READ_UNIT_BYTES))
    return float(units) if consistent else units / 2


def padded_item(key: Mapping[str, Any], total_bytes: int, filler: str = "data") -> dict[str, Any]:
    """``key`` (Python values) plus a string attribute making the item exactly total_bytes."""
    item = wire_item(key)
    padding = total_bytes - item_size(item) - len(filler.encode())
    assert padding >= 0, f"{total_bytes} bytes cannot hold {dict(key)!r}"
    item[filler] = {"S": "x" * padding}
    return item


def put_items(client: Any, table: str, items: Sequence[Mapping[str, Any]]) -> None:
    """Writes wire-form items through BatchWriteItem, 25 at a time."""
    for start in range(0, len(items), 25):
        requests = [{"PutRequest": {"Item": dict(item)}} for item in items[start : start + 25]]
        pending: dict[str, Any] = {table: requests}
        for _ in range(100):
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
            if not pending:
                break
        assert not pending, "BatchWriteItem kept items unprocessed"


def read_pages(call: Callable[..., Any], /, **params: Any) -> list[dict[str, Any]]:
    """Every page of a Query or Scan, following LastEvaluatedKey from ``params`` on."""
    pages: list[dict[str, Any]] = []
    while len(pages) < MAX_PAGES:
        page = call(**params)
        pages.append(page)
        if "LastEvaluatedKey" not in page:
            return pages
        params = {**params, "ExclusiveStartKey": page["LastEvaluatedKey"]}
    raise AssertionError(f"no last page after {MAX_PAGES} pages")


def paged_items(pages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [item for page in pages for item in page.get("Items", [])]


def attribute_definitions(types: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]


def key_schema(hash_name: str, range_name: str | None = None) -> list[dict[str, str]]:
    schema = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    if range_name is not None:
        schema.append({"AttributeName": range_name, "KeyType": "RANGE"})
    return schema


def index_spec(
    name: str,
    hash_name: str,
    range_name: str | None = None,
    projection: str = "ALL",
    non_key: Sequence[str] = (),
) -> dict[str, Any]:
    """One LocalSecondaryIndexes / GlobalSecondaryIndexes entry (on-demand: no throughput)."""
    spec: dict[str, Any] = {"ProjectionType": projection}
    if non_key:
        spec["NonKeyAttributes"] = list(non_key)
    return {"IndexName": name, "KeySchema": key_schema(hash_name, range_name), "Projection": spec}


def make_indexed_table(
    make_table: TableFactory,
    *,
    hash: tuple[str, str] = ("pk", "S"),
    range: tuple[str, str] | None = None,
    attributes: Mapping[str, str] | None = None,
    lsis: Sequence[Mapping[str, Any]] = (),
    gsis: Sequence[Mapping[str, Any]] = (),
) -> str:
    """An on-demand table with secondary indexes; ``attributes`` types the index key attributes."""
    types = {hash[0]: hash[1], **({range[0]: range[1]} if range else {}), **(attributes or {})}
    extra: dict[str, Any] = {"AttributeDefinitions": attribute_definitions(types)}
    if lsis:
        extra["LocalSecondaryIndexes"] = [dict(spec) for spec in lsis]
    if gsis:
        extra["GlobalSecondaryIndexes"] = [dict(spec) for spec in gsis]
    return make_table(hash=hash, range=range, **extra)


def index_description(client: Any, table: str, index: str) -> dict[str, Any] | None:
    """The DescribeTable entry of a secondary index, or None when the table has no such index."""
    described = client.describe_table(TableName=table)["Table"]
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for entry in described.get(kind, []):
            if entry["IndexName"] == index:
                return dict(entry)
    return None


def wait_for_index(client: Any, table: str, index: str, attempts: int = 600) -> dict[str, Any]:
    """Polls DescribeTable until the GSI is ACTIVE and backfilled (at once under the fakes)."""
    for _ in range(attempts):
        entry = index_description(client, table, index)
        assert entry is not None, f"{table} has no index {index}"
        if entry.get("IndexStatus", "ACTIVE") == "ACTIVE" and not entry.get("Backfilling"):
            return entry
        time.sleep(0.05)
    raise AssertionError(f"index {index} of {table} never became ACTIVE")


def wait_for_index_gone(client: Any, table: str, index: str, attempts: int = 600) -> None:
    """Polls DescribeTable until the index has left the table's description."""
    for _ in range(attempts):
        if index_description(client, table, index) is None:
            return
        time.sleep(0.05)
    raise AssertionError(f"index {index} of {table} was never removed")
