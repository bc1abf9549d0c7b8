"""BatchWriteItem: puts and deletes across tables, the 25-request limit, duplicate keys and the
all-or-nothing validation.

Sources: dynamodb-behaviour.md 2.3 and 4.9; the per-table 25-request message frame and the
key-mismatch text for PutRequest items are real-service captures from
nubo-db/dynamodb-conformance (invariant across four regions).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    DUPLICATE_KEYS,
    ITEM_TOO_LARGE,
    KEY_SCHEMA_MISMATCH,
    MAX_ITEM_BYTES,
    NOT_FOUND,
    TableFactory,
    assert_error,
    code_and_message,
    expect_error,
    s_key,
    unique_table_name,
)

# Every key the tests below write, so that stored_keys can look for stray writes.
CANDIDATES = sorted(
    {"a", "b", "c", "big", "e", "gone", "new", "ok", "victim"}
    | {f"k{i:02}" for i in range(26)}
    | {f"k{i}" for i in range(26)}
    | {f"a{i:02}" for i in range(20)}
    | {f"a{i}" for i in range(13)}
    | {f"b{i}" for i in range(13)}
)


def put(key: str, **attributes: Any) -> dict[str, Any]:
    return {"PutRequest": {"Item": {"pk": {"S": key}, **attributes}}}


def delete(key: str) -> dict[str, Any]:
    return {"DeleteRequest": {"Key": s_key(key)}}


def stored_keys(client: Any, table: str, candidates: list[str] | None = None) -> list[str]:
    """Which of the candidate keys (by default every key these tests write) hold an item.

    Read with BatchGetItem so that this suite does not depend on Scan.
    """
    keys = candidates or CANDIDATES
    found: list[str] = []
    for start in range(0, len(keys), 100):
        chunk = keys[start : start + 100]
        response = client.batch_get_item(
            RequestItems={table: {"Keys": [s_key(k) for k in chunk], "ConsistentRead": True}}
        )
        found += [item["pk"]["S"] for item in response["Responses"][table]]
    return sorted(found)


def test_puts_and_deletes_across_tables(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    client.put_item(TableName=second, Item=s_key("gone"))
    response = client.batch_write_item(
        RequestItems={
            first: [put("a", v={"N": "1"}), put("b")],
            second: [delete("gone"), put("new")],
        }
    )
    assert response["UnprocessedItems"] == {}
    assert stored_keys(client, first) == ["a", "b"]
    assert stored_keys(client, second) == ["new"]
    item = client.get_item(TableName=first, Key=s_key("a"))["Item"]
    assert item == {"pk": {"S": "a"}, "v": {"N": "1"}}


@pytest.mark.moto_differs(reason="moto adds ConsumedCapacity and ItemCollectionMetrics unasked")
def test_response_has_only_unprocessed_items(client: Any, table: str) -> None:
    response = client.batch_write_item(RequestItems={table: [put("a")]})
    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {
        "UnprocessedItems": {}
    }


def test_put_replaces_an_existing_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "old": {"S": "x"}})
    client.batch_write_item(RequestItems={table: [put("a", new={"S": "y"})]})
    assert client.get_item(TableName=table, Key=s_key("a"))["Item"] == {
        "pk": {"S": "a"},
        "new": {"S": "y"},
    }


def test_delete_of_a_missing_item_succeeds(client: Any, table: str) -> None:
    response = client.batch_write_item(RequestItems={table: [delete("nope")]})
    assert response["UnprocessedItems"] == {}


def test_25_requests_in_one_table(client: Any, table: str) -> None:
    keys = [f"k{i:02}" for i in range(25)]
    response = client.batch_write_item(RequestItems={table: [put(k) for k in keys]})
    assert response["UnprocessedItems"] == {}
    assert stored_keys(client, table) == keys


def test_25_requests_across_tables(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    response = client.batch_write_item(
        RequestItems={
            first: [put(f"a{i:02}") for i in range(20)],
            second: [put(f"b{i}") for i in range(5)],
        }
    )
    assert response["UnprocessedItems"] == {}
    assert len(stored_keys(client, first)) == 20
    assert len(stored_keys(client, second)) == 5


@pytest.mark.moto_differs(reason="moto accepts more than 25 requests")
def test_26_requests_in_one_table(client: Any, table: str) -> None:
    # The service echoes the whole request list (in a Java toString form that has changed over
    # time) inside the message; the frame around it is exact.
    code, message = code_and_message(
        expect_error(
            client.batch_write_item, RequestItems={table: [put(f"k{i}") for i in range(26)]}
        )
    )
    assert code == "ValidationException"
    assert message.startswith(f"1 validation error detected: Value '{{{table}=[")
    assert message.endswith(
        "]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 25, Member must have length greater "
        "than or equal to 1]"
    )
    assert stored_keys(client, table) == []


@pytest.mark.moto_differs(reason="moto accepts more than 25 requests")
def test_26_requests_across_tables(client: Any, make_table: TableFactory) -> None:
    # The reference marks the message unconfirmed ("Too many items requested for the
    # BatchWriteItem call"); the code and the absence of any write are what is asserted.
    first, second = make_table(), make_table()
    error = expect_error(
        client.batch_write_item,
        RequestItems={
            first: [put(f"a{i}") for i in range(13)],
            second: [put(f"b{i}") for i in range(13)],
        },
    )
    assert code_and_message(error)[0] == "ValidationException"
    assert stored_keys(client, first) == []
    assert stored_keys(client, second) == []


DUPLICATES = [
    pytest.param([put("a"), put("a")], id="put-put"),
    pytest.param(
        [put("a"), delete("a")],
        id="put-delete",
        marks=pytest.mark.moto_differs(reason="moto does not match puts against deletes"),
    ),
    pytest.param([delete("a"), delete("a")], id="delete-delete"),
    pytest.param(
        [put("a", v={"S": "1"}), put("b"), put("a", v={"S": "2"})],
        id="different-values",
        marks=pytest.mark.moto_differs(reason="moto compares whole items, not keys"),
    ),
]


@pytest.mark.parametrize("requests", DUPLICATES)
def test_duplicate_keys(client: Any, table: str, requests: list[dict[str, Any]]) -> None:
    client.put_item(TableName=table, Item=s_key("a"))
    assert_error(
        "ValidationException",
        DUPLICATE_KEYS,
        client.batch_write_item,
        RequestItems={table: requests},
    )
    assert stored_keys(client, table) == ["a"]


@pytest.mark.moto_differs(reason="moto compares number keys as text")
@pytest.mark.parametrize(
    "spellings", [("1000", "1e3"), ("1", "1.0"), ("-0.5", "-5E-1")], ids=["1e3", "1.0", "-5E-1"]
)
def test_number_spellings_are_duplicates(
    client: Any, make_table: TableFactory, spellings: tuple[str, str]
) -> None:
    name = make_table(hash=("id", "N"))
    requests = [{"PutRequest": {"Item": {"id": {"N": n}}}} for n in spellings]
    assert_error(
        "ValidationException",
        DUPLICATE_KEYS,
        client.batch_write_item,
        RequestItems={name: requests},
    )


@pytest.mark.moto_differs(reason="moto calls equal keys in different tables duplicates")
def test_same_key_in_two_tables_is_no_duplicate(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    client.batch_write_item(RequestItems={first: [put("a")], second: [put("a")]})
    assert stored_keys(client, first) == stored_keys(client, second) == ["a"]


def test_same_hash_different_range_is_no_duplicate(client: Any, composite_table: str) -> None:
    requests = [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": sk}}}} for sk in ("1", "2")]
    client.batch_write_item(RequestItems={composite_table: requests})
    for sk in ("1", "2"):
        key = {"pk": {"S": "a"}, "sk": {"S": sk}}
        assert client.get_item(TableName=composite_table, Key=key)["Item"] == key


# --- all-or-nothing validation ----------------------------------------------------------------

BAD_REQUESTS = [
    pytest.param(
        {"PutRequest": {"Item": {"pk": {"N": "5"}}}},
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        id="put-wrong-key-type",
        marks=pytest.mark.moto_differs(reason="moto says 'Type mismatch for key' here"),
    ),
    pytest.param(
        {"PutRequest": {"Item": {"other": {"S": "x"}}}},
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        id="put-missing-key",
        marks=pytest.mark.moto_differs(reason="moto says 'Missing the key' here"),
    ),
    pytest.param(
        {"DeleteRequest": {"Key": {"pk": {"N": "5"}}}},
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        id="delete-wrong-key-type",
        marks=pytest.mark.moto_differs(reason="moto deletes nothing instead of failing"),
    ),
    pytest.param(
        {"DeleteRequest": {"Key": {"pk": {"S": "x"}, "extra": {"S": "y"}}}},
        "ValidationException",
        KEY_SCHEMA_MISMATCH,
        id="delete-extra-key-attribute",
        marks=pytest.mark.moto_differs(reason="moto deletes nothing instead of failing"),
    ),
    pytest.param(
        {"PutRequest": {"Item": {"pk": {"S": "big"}, "d": {"S": "x" * MAX_ITEM_BYTES}}}},
        "ValidationException",
        ITEM_TOO_LARGE,
        id="put-oversized",
        marks=pytest.mark.moto_differs(reason="moto writes the requests before the bad one"),
    ),
    pytest.param(
        {"PutRequest": {"Item": {"pk": {"S": "e"}, "ss": {"SS": []}}}},
        "ValidationException",
        "One or more parameter values were invalid: An string set  may not be empty",
        id="put-empty-set",
        marks=pytest.mark.moto_differs(reason="moto does not check sets in batch writes"),
    ),
    pytest.param(
        {"PutRequest": {"Item": {"pk": {"S": ""}}}},
        "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty string value. Key: pk",
        id="put-empty-key",
    ),
]


@pytest.mark.parametrize(("bad", "code", "message"), BAD_REQUESTS)
def test_one_bad_request_rejects_the_batch(
    client: Any, make_table: TableFactory, bad: dict[str, Any], code: str, message: str
) -> None:
    first, second = make_table(), make_table()
    client.put_item(TableName=first, Item=s_key("victim"))
    assert_error(
        code,
        message,
        client.batch_write_item,
        RequestItems={
            first: [put("a"), delete("victim")],
            second: [put("b"), bad, put("c")],
        },
    )
    assert stored_keys(client, first) == ["victim"]
    assert stored_keys(client, second) == []


def test_unknown_table_rejects_the_batch(client: Any, table: str) -> None:
    assert_error(
        "ResourceNotFoundException",
        NOT_FOUND,
        client.batch_write_item,
        RequestItems={table: [put("a")], unique_table_name(): [put("b")]},
    )
    assert stored_keys(client, table) == []


@pytest.mark.moto_differs(reason="moto accepts a request with neither or both actions")
@pytest.mark.parametrize(
    "request_entry",
    [{}, {"PutRequest": {"Item": s_key("a")}, "DeleteRequest": {"Key": s_key("b")}}],
    ids=["neither", "both"],
)
def test_request_needs_exactly_one_action(
    client: Any, table: str, request_entry: dict[str, Any]
) -> None:
    # DynamoDB reuses the AttributeValue wording here (sic).
    assert_error(
        "ValidationException",
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes",
        client.batch_write_item,
        RequestItems={table: [put("ok"), request_entry]},
    )
