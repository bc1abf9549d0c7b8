"""BatchGetItem: responses per table, limits, duplicates and key errors.

Sources: dynamodb-behaviour.md 2.3 and 4.8; the per-table 100-key message is a real-service
capture from nubo-db/dynamodb-conformance (the reference only gives the total-count message).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    DUPLICATE_KEYS,
    KEY_SCHEMA_MISMATCH,
    NOT_FOUND,
    TableFactory,
    assert_error,
    s_key,
    unique_table_name,
)


def put_keys(client: Any, table: str, *keys: str, **extra: Any) -> None:
    for key in keys:
        client.put_item(TableName=table, Item={"pk": {"S": key}, **extra})


def write_keys(client: Any, table: str, keys: list[str]) -> None:
    """Writes key-only items, 25 per BatchWriteItem."""
    for start in range(0, len(keys), 25):
        chunk = keys[start : start + 25]
        client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": s_key(k)}} for k in chunk]}
        )


def pks(items: list[dict[str, Any]]) -> list[str]:
    return sorted(item["pk"]["S"] for item in items)


def test_reads_from_two_tables(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table(range=("sk", "N"))
    put_keys(client, first, "a", "b")
    client.put_item(TableName=second, Item={"pk": {"S": "x"}, "sk": {"N": "1"}, "v": {"S": "hi"}})
    response = client.batch_get_item(
        RequestItems={
            first: {"Keys": [s_key("a"), s_key("b")]},
            second: {"Keys": [{"pk": {"S": "x"}, "sk": {"N": "1"}}]},
        }
    )
    assert pks(response["Responses"][first]) == ["a", "b"]
    assert response["Responses"][second] == [{"pk": {"S": "x"}, "sk": {"N": "1"}, "v": {"S": "hi"}}]
    assert response["UnprocessedKeys"] == {}


def test_missing_items_are_omitted(client: Any, table: str) -> None:
    put_keys(client, table, "a")
    response = client.batch_get_item(RequestItems={table: {"Keys": [s_key("a"), s_key("nope")]}})
    assert pks(response["Responses"][table]) == ["a"]


def test_every_requested_table_has_a_response(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    put_keys(client, first, "a")
    response = client.batch_get_item(
        RequestItems={first: {"Keys": [s_key("a")]}, second: {"Keys": [s_key("a")]}}
    )
    assert response["Responses"] == {first: [{"pk": {"S": "a"}}], second: []}


def test_unprocessed_keys_present_when_complete(client: Any, table: str) -> None:
    response = client.batch_get_item(RequestItems={table: {"Keys": [s_key("nope")]}})
    assert response["UnprocessedKeys"] == {}


def test_100_keys_in_one_table(client: Any, table: str) -> None:
    keys = [f"k{i:03}" for i in range(100)]
    write_keys(client, table, keys)
    response = client.batch_get_item(RequestItems={table: {"Keys": [s_key(k) for k in keys]}})
    assert pks(response["Responses"][table]) == keys
    assert response["UnprocessedKeys"] == {}


def test_100_keys_across_tables(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    response = client.batch_get_item(
        RequestItems={
            first: {"Keys": [s_key(f"a{i}") for i in range(60)]},
            second: {"Keys": [s_key(f"b{i}") for i in range(40)]},
        }
    )
    assert response["Responses"] == {first: [], second: []}


@pytest.mark.moto_differs(reason="moto writes the member path in lower case")
def test_101_keys_in_one_table(client: Any, table: str) -> None:
    # botocore does not check list maxima (section 1.6), so the service answers.
    assert_error(
        "ValidationException",
        f"1 validation error detected: Value at 'RequestItems.{table}.member.Keys' failed to "
        "satisfy constraint: Member must have length less than or equal to 100",
        client.batch_get_item,
        RequestItems={table: {"Keys": [s_key(f"k{i}") for i in range(101)]}},
    )


def test_101_keys_across_tables(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    assert_error(
        "ValidationException",
        "Too many items requested for the BatchGetItem call",
        client.batch_get_item,
        RequestItems={
            first: {"Keys": [s_key(f"a{i}") for i in range(51)]},
            second: {"Keys": [s_key(f"b{i}") for i in range(50)]},
        },
    )


def test_duplicate_keys(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        DUPLICATE_KEYS,
        client.batch_get_item,
        RequestItems={table: {"Keys": [s_key("a"), s_key("b"), s_key("a")]}},
    )


def test_duplicate_composite_keys(client: Any, composite_table: str) -> None:
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    assert_error(
        "ValidationException",
        DUPLICATE_KEYS,
        client.batch_get_item,
        RequestItems={composite_table: {"Keys": [key, dict(key)]}},
    )


def test_same_hash_different_range_is_no_duplicate(client: Any, composite_table: str) -> None:
    keys = [{"pk": {"S": "a"}, "sk": {"S": sk}} for sk in ("1", "2")]
    for key in keys:
        client.put_item(TableName=composite_table, Item=key)
    response = client.batch_get_item(RequestItems={composite_table: {"Keys": keys}})
    assert sorted(i["sk"]["S"] for i in response["Responses"][composite_table]) == ["1", "2"]


def test_same_key_in_two_tables_is_no_duplicate(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    put_keys(client, first, "a")
    put_keys(client, second, "a")
    response = client.batch_get_item(
        RequestItems={first: {"Keys": [s_key("a")]}, second: {"Keys": [s_key("a")]}}
    )
    assert response["Responses"] == {first: [{"pk": {"S": "a"}}], second: [{"pk": {"S": "a"}}]}


@pytest.mark.moto_differs(reason="moto compares number keys as text")
def test_number_spellings_are_not_rejected_as_duplicates(
    client: Any, make_table: TableFactory
) -> None:
    # DynamoDB quirk: 1000 and 1e3 are one key, yet BatchGetItem does not call them duplicates;
    # the item comes back once.
    name = make_table(hash=("id", "N"))
    client.put_item(TableName=name, Item={"id": {"N": "1000"}})
    response = client.batch_get_item(
        RequestItems={name: {"Keys": [{"id": {"N": "1000"}}, {"id": {"N": "1e3"}}]}}
    )
    assert response["Responses"][name] == [{"id": {"N": "1000"}}]


def test_unknown_table(client: Any, table: str) -> None:
    assert_error(
        "ResourceNotFoundException",
        NOT_FOUND,
        client.batch_get_item,
        RequestItems={table: {"Keys": [s_key("a")]}, unique_table_name(): {"Keys": [s_key("a")]}},
    )


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(
            {"pk": {"N": "1"}},
            id="wrong-type",
            marks=pytest.mark.moto_differs(reason="moto looks up keys of the wrong type"),
        ),
        pytest.param(
            {"pk": {"S": "a"}, "x": {"S": "b"}},
            id="extra-attribute",
            marks=pytest.mark.moto_differs(reason="moto ignores extra key attributes"),
        ),
        pytest.param(
            {"other": {"S": "a"}},
            id="other-attribute",
            marks=pytest.mark.moto_differs(reason="moto answers 'Validation Exception'"),
        ),
    ],
)
def test_key_not_matching_the_schema(client: Any, table: str, key: dict[str, Any]) -> None:
    assert_error(
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        client.batch_get_item,
        RequestItems={table: {"Keys": [s_key("ok"), key]}},
    )


@pytest.mark.moto_differs(reason="moto answers 'Validation Exception'")
def test_composite_key_missing_the_range(client: Any, composite_table: str) -> None:
    assert_error(
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        client.batch_get_item,
        RequestItems={composite_table: {"Keys": [{"pk": {"S": "a"}}]}},
    )


@pytest.mark.parametrize("consistent", [True, False])
def test_consistent_read_per_table(client: Any, table: str, consistent: bool) -> None:
    put_keys(client, table, "a")
    response = client.batch_get_item(
        RequestItems={table: {"Keys": [s_key("a")], "ConsistentRead": consistent}}
    )
    assert response["Responses"][table] == [{"pk": {"S": "a"}}]


def test_attributes_to_get_per_table(client: Any, table: str) -> None:
    put_keys(client, table, "a", "b", v={"S": "value"}, w={"N": "2"})
    response = client.batch_get_item(
        RequestItems={table: {"Keys": [s_key("a"), s_key("b")], "AttributesToGet": ["v"]}}
    )
    assert response["Responses"][table] == [{"v": {"S": "value"}}, {"v": {"S": "value"}}]
