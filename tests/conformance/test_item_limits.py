"""Item size (400 KB), key sizes (2048 / 1024 bytes) and nesting depth, each tested exactly at
the limit and one step over.

Sources: dynamodb-behaviour.md 2.4, 2.6, 2.7 and 14. Item size = sum over top-level attributes of
UTF-8 name bytes + value size; S is its UTF-8 length, B its decoded length, BOOL/NULL 1 byte,
L = 3 + sum(1 + element), M = 3 + sum(1 + name + value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conformance_support import (
    HASH_KEY_TOO_LARGE,
    ITEM_TOO_LARGE,
    MAX_HASH_KEY_BYTES,
    MAX_ITEM_BYTES,
    MAX_RANGE_KEY_BYTES,
    RANGE_KEY_TOO_LARGE,
    TableFactory,
    assert_error,
    code_and_message,
    expect_error,
    s_key,
)

KEY = "k"
KEY_BYTES = len(b"pk") + len(KEY)  # the pk attribute every item below carries


def _s_value(size: int) -> dict[str, Any]:
    return {"data": {"S": "x" * (size - len(b"data"))}}


def _multibyte_name(size: int) -> dict[str, Any]:
    name = "\u00e9\u00e9"  # four UTF-8 bytes
    return {name: {"S": "y" * (size - 4)}}


def _multibyte_value(size: int) -> dict[str, Any]:
    # Two-byte characters plus ASCII padding to hit the exact size.
    value_bytes = size - len(b"v")
    return {"v": {"S": "\u00e9" * (value_bytes // 2) + "z" * (value_bytes % 2)}}


def _binary(size: int) -> dict[str, Any]:
    return {"bin": {"B": b"\x00" * (size - len(b"bin"))}}


def _in_map(size: int) -> dict[str, Any]:
    # m: 1 + (3 + 1 + len("d") + value)
    return {"m": {"M": {"d": {"S": "x" * (size - 1 - 3 - 1 - 1)}}}}


def _in_list(size: int) -> dict[str, Any]:
    # l: 1 + (3 + 1 + value)
    return {"l": {"L": [{"S": "x" * (size - 1 - 3 - 1)}]}}


def _with_small_types(size: int) -> dict[str, Any]:
    # t (1) + BOOL (1), z (1) + NULL (1), then the filler.
    return {"t": {"BOOL": True}, "z": {"NULL": True}, "data": {"S": "x" * (size - 4 - 4)}}


SHAPES: dict[str, Callable[[int], dict[str, Any]]] = {
    "string": _s_value,
    "multibyte-name": _multibyte_name,
    "multibyte-value": _multibyte_value,
    "binary": _binary,
    "map": _in_map,
    "list": _in_list,
    "bool-and-null": _with_small_types,
}


def item_of_size(shape: str, total: int) -> dict[str, Any]:
    """An item {pk: "k", ...} whose DynamoDB size is exactly ``total`` bytes."""
    return {"pk": {"S": KEY}} | SHAPES[shape](total - KEY_BYTES)


MOTO_SIZE = pytest.mark.moto_differs(
    reason="moto counts item sizes higher and refuses items at the limit"
)


@MOTO_SIZE
@pytest.mark.parametrize("shape", list(SHAPES))
def test_item_at_the_size_limit_is_stored(client: Any, table: str, shape: str) -> None:
    item = item_of_size(shape, MAX_ITEM_BYTES)
    client.put_item(TableName=table, Item=item)
    assert client.get_item(TableName=table, Key=s_key(KEY), ConsistentRead=True)["Item"] == item


@pytest.mark.parametrize("shape", list(SHAPES))
def test_item_one_byte_over_the_limit(client: Any, table: str, shape: str) -> None:
    assert_error(
        "ValidationException",
        ITEM_TOO_LARGE,
        client.put_item,
        TableName=table,
        Item=item_of_size(shape, MAX_ITEM_BYTES + 1),
    )
    assert "Item" not in client.get_item(TableName=table, Key=s_key(KEY), ConsistentRead=True)


def test_attribute_names_count_towards_the_size(client: Any, table: str) -> None:
    # 4096-byte attribute name, no value to speak of: the name alone is counted.
    name = "n" * 4096
    filler = MAX_ITEM_BYTES - KEY_BYTES - len(name) - len(b"data")
    item = {"pk": {"S": KEY}, name: {"S": ""}, "data": {"S": "x" * (filler + 1)}}
    assert_error("ValidationException", ITEM_TOO_LARGE, client.put_item, TableName=table, Item=item)


@MOTO_SIZE
def test_batch_write_item_at_the_limit(client: Any, table: str) -> None:
    item = item_of_size("string", MAX_ITEM_BYTES)
    response = client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}}]})
    assert response["UnprocessedItems"] == {}


def test_batch_write_item_over_the_limit(client: Any, table: str) -> None:
    item = item_of_size("string", MAX_ITEM_BYTES + 1)
    assert_error(
        "ValidationException",
        ITEM_TOO_LARGE,
        client.batch_write_item,
        RequestItems={table: [{"PutRequest": {"Item": item}}]},
    )


# --- key sizes -----------------------------------------------------------------------------------

HASH_VALUES = [
    pytest.param("S", "h" * MAX_HASH_KEY_BYTES, id="S-2048"),
    pytest.param("S", "\u00e9" * (MAX_HASH_KEY_BYTES // 2), id="S-2048-utf8"),
    pytest.param("B", b"\x01" * MAX_HASH_KEY_BYTES, id="B-2048"),
]
HASH_VALUES_OVER = [
    pytest.param("S", "h" * (MAX_HASH_KEY_BYTES + 1), id="S-2049"),
    pytest.param("S", "\u00e9" * (MAX_HASH_KEY_BYTES // 2) + "h", id="S-2049-utf8"),
    pytest.param("S", "\u00e9" * (MAX_HASH_KEY_BYTES // 2 + 1), id="S-1025-chars"),
    pytest.param("B", b"\x01" * (MAX_HASH_KEY_BYTES + 1), id="B-2049"),
]
RANGE_VALUES = [
    pytest.param("S", "r" * MAX_RANGE_KEY_BYTES, id="S-1024"),
    pytest.param("S", "\u00e9" * (MAX_RANGE_KEY_BYTES // 2), id="S-1024-utf8"),
    pytest.param("B", b"\x02" * MAX_RANGE_KEY_BYTES, id="B-1024"),
]
MOTO_KEY_READS = pytest.mark.moto_differs(reason="moto checks key sizes on writes only")
KEY_OPERATIONS = [
    "put_item",
    pytest.param("get_item", marks=MOTO_KEY_READS),
    pytest.param("delete_item", marks=MOTO_KEY_READS),
]
RANGE_VALUES_OVER = [
    pytest.param("S", "r" * (MAX_RANGE_KEY_BYTES + 1), id="S-1025"),
    pytest.param("S", "\u00e9" * (MAX_RANGE_KEY_BYTES // 2) + "r", id="S-1025-utf8"),
    pytest.param("B", b"\x02" * (MAX_RANGE_KEY_BYTES + 1), id="B-1025"),
]


@pytest.mark.parametrize(("key_type", "value"), HASH_VALUES)
def test_hash_key_at_the_limit(
    client: Any, make_table: TableFactory, key_type: str, value: Any
) -> None:
    name = make_table(hash=("pk", key_type))
    key = {"pk": {key_type: value}}
    client.put_item(TableName=name, Item=key)
    assert client.get_item(TableName=name, Key=key)["Item"] == key


@pytest.mark.parametrize("operation", KEY_OPERATIONS)
@pytest.mark.parametrize(("key_type", "value"), HASH_VALUES_OVER)
def test_hash_key_over_the_limit(
    client: Any, make_table: TableFactory, key_type: str, value: Any, operation: str
) -> None:
    name = make_table(hash=("pk", key_type))
    params: dict[str, Any] = {"TableName": name}
    params["Item" if operation == "put_item" else "Key"] = {"pk": {key_type: value}}
    assert_error("ValidationException", HASH_KEY_TOO_LARGE, getattr(client, operation), **params)


@pytest.mark.parametrize(("key_type", "value"), RANGE_VALUES)
def test_range_key_at_the_limit(
    client: Any, make_table: TableFactory, key_type: str, value: Any
) -> None:
    name = make_table(range=("sk", key_type))
    key = {"pk": {"S": "p"}, "sk": {key_type: value}}
    client.put_item(TableName=name, Item=key)
    assert client.get_item(TableName=name, Key=key)["Item"] == key


@pytest.mark.parametrize("operation", KEY_OPERATIONS)
@pytest.mark.parametrize(("key_type", "value"), RANGE_VALUES_OVER)
def test_range_key_over_the_limit(
    client: Any, make_table: TableFactory, key_type: str, value: Any, operation: str
) -> None:
    name = make_table(range=("sk", key_type))
    params: dict[str, Any] = {"TableName": name}
    params["Item" if operation == "put_item" else "Key"] = {
        "pk": {"S": "p"},
        "sk": {key_type: value},
    }
    assert_error("ValidationException", RANGE_KEY_TOO_LARGE, getattr(client, operation), **params)


def test_hash_key_over_the_limit_in_batch_write(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        HASH_KEY_TOO_LARGE,
        client.batch_write_item,
        RequestItems={table: [{"PutRequest": {"Item": s_key("h" * (MAX_HASH_KEY_BYTES + 1))}}]},
    )


@MOTO_KEY_READS
def test_hash_key_over_the_limit_in_batch_get(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        HASH_KEY_TOO_LARGE,
        client.batch_get_item,
        RequestItems={table: {"Keys": [s_key("h" * (MAX_HASH_KEY_BYTES + 1))]}},
    )


# --- nesting depth -------------------------------------------------------------------------------

NESTING = "Nesting Levels have exceeded supported limits"


def nested(kind: str, wraps: int) -> dict[str, Any]:
    """A scalar leaf wrapped ``wraps`` times in single-entry maps or lists."""
    value: dict[str, Any] = {"S": "leaf"}
    for _ in range(wraps):
        value = {"M": {"n": value}} if kind == "M" else {"L": [value]}
    return value


@pytest.mark.parametrize("kind", ["M", "L"])
def test_nesting_31_levels_is_stored(client: Any, table: str, kind: str) -> None:
    # 31 wraps put the leaf at level 32, the deepest accepted (real-service capture in
    # nubo-db/dynamodb-conformance; alternator's test_manual_requests.py agrees).
    item = {"pk": {"S": KEY}, "data": nested(kind, 31)}
    client.put_item(TableName=table, Item=item)
    assert client.get_item(TableName=table, Key=s_key(KEY), ConsistentRead=True)["Item"] == item


@pytest.mark.moto_differs(reason="moto does not limit nesting depth")
@pytest.mark.parametrize("kind", ["M", "L"])
@pytest.mark.parametrize("wraps", [32, 50])
def test_nesting_too_deep(client: Any, table: str, kind: str, wraps: int) -> None:
    # The reference marks the text unconfirmed; the real service answers "Nesting Levels have
    # exceeded supported limits: Attributes in the item have nested levels beyond supported
    # limit" in eu-west-2 with wording said to vary by region, so only the stable prefix is
    # asserted.
    error = expect_error(
        client.put_item, TableName=table, Item={"pk": {"S": KEY}, "data": nested(kind, wraps)}
    )
    code, message = code_and_message(error)
    assert code == "ValidationException"
    assert message.startswith(NESTING)
