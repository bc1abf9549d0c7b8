"""TransactGetItems: one response per Get in request order, projections, limits and capacity.

Sources: dynamodb-behaviour.md sections 10 (transactions) and 7.1 (capacity); botocore's model;
the developer guide's "transaction-apis" page (two underlying reads per item); scylladb's
alternator test_transact.py (tests that pass against DynamoDB: {} for a missing item,
ProjectionExpression with ExpressionAttributeNames, 100 Gets allowed, unused and undefined names
as a plain ValidationException); real-service captures in nubo-db/dynamodb-conformance (the
empty-list and 101-Get texts, "Requested resource not found", the ProjectionExpression syntax
error, a bad Key cancelling with a ValidationError reason, 2 units per Get including a missing
item); the AWS CLI's transact-get-items example (a TOTAL entry carries ReadCapacityUnits beside
CapacityUnits).

Unconfirmed facts (marked ⚠ where they are asserted): the duplicate-item text (confirmed for
TransactWriteItems; DynamoDB rejects TransactGetItems duplicates with a ValidationException);
the reason text for a bad Key; a projection not lowering the cost.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conformance_support import (
    KEY_SCHEMA_MISMATCH,
    MAX_ITEM_BYTES,
    NOT_FOUND,
    TableFactory,
    assert_error,
    assert_rejected,
    code_and_message,
    expect_error,
    padded_item,
    put_items,
    s_key,
    unique_table_name,
    wire_item,
)
from transaction_support import CANCELLED, EMPTY_LIST, MULTIPLE_OPERATIONS, by_table

KB = 1024
TOO_MANY = re.compile(
    r"1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy "
    r"constraint: Member must have length less than or equal to 100",
    re.DOTALL,
)

MOTO_PROJECTION = pytest.mark.moto_differs(reason="moto ignores ProjectionExpression here")
MOTO_CAPACITY = pytest.mark.moto_differs(reason="moto charges nothing for a missing item")
MOTO_LIMIT = pytest.mark.moto_differs(reason="moto still allows only 25 Gets")
MOTO_SIZES = pytest.mark.moto_differs(reason="moto counts a 400 KB item as too large")


def get(table: str, key: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"Get": {"TableName": table, "Key": key, **extra}}


def item(key: str, **attributes: Any) -> dict[str, Any]:
    return wire_item({"pk": key, **attributes})


def ck(pk: str, sk: str) -> dict[str, Any]:
    return wire_item({"pk": pk, "sk": sk})


# --- responses ------------------------------------------------------------------------------------


def test_responses_follow_the_request_order(client: Any, table: str, other_table: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1))
    client.put_item(TableName=table, Item=item("b", s="x"))
    client.put_item(TableName=other_table, Item={**ck("a", "1"), "v": {"BOOL": True}})
    response = client.transact_get_items(
        TransactItems=[
            get(table, s_key("b")),
            get(other_table, ck("a", "1")),
            get(table, s_key("missing")),
            get(table, s_key("a")),
            get(other_table, ck("a", "2")),
        ]
    )
    assert response["Responses"] == [
        {"Item": item("b", s="x")},
        {"Item": {**ck("a", "1"), "v": {"BOOL": True}}},
        {},
        {"Item": item("a", n=1)},
        {},
    ]


def test_response_has_only_responses(client: Any, table: str) -> None:
    response = client.transact_get_items(TransactItems=[get(table, s_key("a"))])
    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {"Responses": [{}]}


@MOTO_LIMIT
def test_100_gets(client: Any, table: str) -> None:
    keys = [f"k{i:03}" for i in range(100)]
    put_items(client, table, [item(key, n=i) for i, key in enumerate(keys)])
    response = client.transact_get_items(TransactItems=[get(table, s_key(key)) for key in keys])
    assert response["Responses"] == [{"Item": item(key, n=i)} for i, key in enumerate(keys)]


@MOTO_SIZES
def test_large_items_are_read_whole(client: Any, table: str) -> None:
    # Nine items of 400 KB: 3.6 MB in one response, under the 4 MB aggregate limit.
    items = [padded_item({"pk": f"big{i}"}, MAX_ITEM_BYTES) for i in range(9)]
    put_items(client, table, items)
    response = client.transact_get_items(
        TransactItems=[get(table, s_key(f"big{i}")) for i in range(9)]
    )
    assert response["Responses"] == [{"Item": entry} for entry in items]


# --- ProjectionExpression ------------------------------------------------------------------------


@pytest.fixture
def rich(client: Any, table: str) -> str:
    client.put_item(
        TableName=table,
        Item=wire_item({"pk": "a", "x": 1, "y": 2, "z": 3, "m": {"a": "in", "b": "out"}}),
    )
    client.put_item(
        TableName=table,
        Item={"pk": {"S": "b"}, "l": {"L": [{"S": "zero"}, {"S": "one"}, {"S": "two"}]}},
    )
    return table


@MOTO_PROJECTION
def test_projection(client: Any, rich: str) -> None:
    response = client.transact_get_items(
        TransactItems=[get(rich, s_key("a"), ProjectionExpression="x, z")]
    )
    assert response["Responses"] == [{"Item": wire_item({"x": 1, "z": 3})}]


@MOTO_PROJECTION
def test_projection_with_attribute_names(client: Any, rich: str) -> None:
    response = client.transact_get_items(
        TransactItems=[
            get(
                rich,
                s_key("a"),
                ProjectionExpression="#xx, #zz",
                ExpressionAttributeNames={"#xx": "x", "#zz": "z"},
            )
        ]
    )
    assert response["Responses"] == [{"Item": wire_item({"x": 1, "z": 3})}]


@MOTO_PROJECTION
def test_projection_of_document_paths(client: Any, rich: str) -> None:
    response = client.transact_get_items(
        TransactItems=[
            get(rich, s_key("a"), ProjectionExpression="m.a, pk"),
            get(rich, s_key("b"), ProjectionExpression="l[1]"),
        ]
    )
    assert response["Responses"] == [
        {"Item": wire_item({"pk": "a", "m": {"a": "in"}})},
        {"Item": {"l": {"L": [{"S": "one"}]}}},
    ]


@MOTO_PROJECTION
def test_projections_are_per_get(client: Any, rich: str) -> None:
    response = client.transact_get_items(
        TransactItems=[
            get(rich, s_key("a"), ProjectionExpression="y"),
            get(rich, s_key("b")),
            get(rich, s_key("missing"), ProjectionExpression="y"),
        ]
    )
    assert response["Responses"] == [
        {"Item": wire_item({"y": 2})},
        {"Item": {"pk": {"S": "b"}, "l": {"L": [{"S": "zero"}, {"S": "one"}, {"S": "two"}]}}},
        {},
    ]


@pytest.mark.moto_differs(reason="moto does not check the names of a projection here")
@pytest.mark.parametrize(
    ("projection", "names", "message"),
    [
        pytest.param(
            "#xx, #zz",
            {"#xx": "x", "#zz": "z", "#qq": "q"},
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#qq}",
            id="unused-name",
        ),
        pytest.param(
            "#xx, #zz",
            {"#xx": "x"},
            "Invalid ProjectionExpression: An expression attribute name used in the document "
            "path is not defined; attribute name: #zz",
            id="undefined-name",
        ),
        pytest.param(
            "!!!",
            None,
            'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
            id="syntax",
        ),
    ],
)
def test_projection_errors_reject_the_request(
    client: Any, table: str, projection: str, names: dict[str, str] | None, message: str
) -> None:
    # A plain ValidationException for the request, whatever the other Gets.
    extra: dict[str, Any] = {"ProjectionExpression": projection}
    if names is not None:
        extra["ExpressionAttributeNames"] = names
    assert_error(
        "ValidationException",
        message,
        client.transact_get_items,
        TransactItems=[get(table, s_key("other")), get(table, s_key("a"), **extra)],
    )


# --- request-level errors ------------------------------------------------------------------------


@pytest.mark.moto_differs(reason="moto accepts an empty list")
def test_empty_request(unchecked_client: Any) -> None:
    # botocore refuses an empty list itself (min 1); the unchecked client lets it through.
    assert_error(
        "ValidationException", EMPTY_LIST, unchecked_client.transact_get_items, TransactItems=[]
    )


@MOTO_LIMIT
def test_101_gets(client: Any, table: str) -> None:
    assert_rejected(
        "ValidationException",
        TOO_MANY,
        client.transact_get_items,
        TransactItems=[get(table, s_key(f"k{i:03}")) for i in range(101)],
    )


@pytest.mark.moto_differs(reason="moto reads the item twice")
@pytest.mark.parametrize(
    "keys",
    [
        pytest.param([s_key("a"), s_key("a")], id="same-key"),
        pytest.param([s_key("a"), s_key("b"), s_key("a")], id="apart"),
    ],
)
def test_two_gets_of_one_item(client: Any, table: str, keys: list[dict[str, Any]]) -> None:
    # ⚠ Text confirmed for TransactWriteItems only.
    client.put_item(TableName=table, Item=item("a"))
    assert_error(
        "ValidationException",
        MULTIPLE_OPERATIONS,
        client.transact_get_items,
        TransactItems=[get(table, key) for key in keys],
    )


@pytest.mark.moto_differs(reason="moto reads the item twice")
def test_number_spellings_are_one_item(client: Any, make_table: TableFactory) -> None:
    # ⚠ Inferred: keys compare by numeric value everywhere else (section 2.3).
    numbered = make_table(hash=("id", "N"))
    assert_error(
        "ValidationException",
        MULTIPLE_OPERATIONS,
        client.transact_get_items,
        TransactItems=[get(numbered, {"id": {"N": "1"}}), get(numbered, {"id": {"N": "1.0"}})],
    )


def test_same_key_in_two_tables_is_two_items(
    client: Any, table: str, make_table: TableFactory
) -> None:
    second = make_table()
    client.put_item(TableName=table, Item=item("a", n=1))
    client.put_item(TableName=second, Item=item("a", n=2))
    response = client.transact_get_items(
        TransactItems=[get(table, s_key("a")), get(second, s_key("a"))]
    )
    assert response["Responses"] == [{"Item": item("a", n=1)}, {"Item": item("a", n=2)}]


def test_missing_table(client: Any, table: str) -> None:
    assert_error(
        "ResourceNotFoundException",
        NOT_FOUND,
        client.transact_get_items,
        TransactItems=[get(table, s_key("a")), get(unique_table_name(), s_key("a"))],
    )


@pytest.mark.moto_differs(reason="moto reads nothing or fails the request for a bad key")
@pytest.mark.parametrize(
    "key",
    [
        pytest.param({"pk": {"N": "1"}}, id="wrong-type"),
        pytest.param({}, id="empty"),
        pytest.param({"pk": {"S": "a"}, "extra": {"S": "b"}}, id="extra-attribute"),
        pytest.param({"other": {"S": "a"}}, id="wrong-name"),
    ],
)
def test_bad_key_cancels_with_a_validation_error(
    client: Any, table: str, key: dict[str, Any]
) -> None:
    # The code is a real-service capture (for an empty Key); ⚠ the reason text is the one the
    # service gives a bad Key in TransactWriteItems.
    error = expect_error(
        client.transact_get_items, TransactItems=[get(table, s_key("a")), get(table, key)]
    )
    assert code_and_message(error) == (
        "TransactionCanceledException",
        CANCELLED.format("None, ValidationError"),
    )
    assert error.response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError", "Message": KEY_SCHEMA_MISMATCH},
    ]


# --- ReturnConsumedCapacity ----------------------------------------------------------------------


@MOTO_CAPACITY
def test_total_is_twice_the_get_item_units(client: Any, table: str, other_table: str) -> None:
    # Per Get, 2 x ceil(size / 4 KB), a missing item counting as one unit (section 7.1): rounded
    # item by item, summed per table.
    client.put_item(TableName=table, Item=padded_item({"pk": "small"}, 100))
    client.put_item(TableName=table, Item=padded_item({"pk": "big"}, 4 * KB + 1))
    client.put_item(TableName=other_table, Item=ck("a", "1"))
    response = client.transact_get_items(
        TransactItems=[
            get(table, s_key("small")),  # 2
            get(table, s_key("big")),  # 4
            get(table, s_key("missing")),  # 2
            get(other_table, ck("a", "1")),  # 2
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert by_table(response["ConsumedCapacity"]) == by_table(
        [
            {"TableName": table, "CapacityUnits": 8.0},
            {"TableName": other_table, "CapacityUnits": 2.0},
        ]
    )


def test_total_carries_read_capacity_units(client: Any, table: str) -> None:
    # The AWS CLI's example output shows the split member beside CapacityUnits.
    client.put_item(TableName=table, Item=item("a"))
    client.put_item(TableName=table, Item=item("b"))
    response = client.transact_get_items(
        TransactItems=[get(table, s_key("a")), get(table, s_key("b"))],
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}
    ]


@MOTO_SIZES
def test_large_items_sum_per_item(client: Any, table: str) -> None:
    # 100 units per 400 KB item, doubled: 1800 for nine of them.
    put_items(client, table, [padded_item({"pk": f"big{i}"}, MAX_ITEM_BYTES) for i in range(9)])
    response = client.transact_get_items(
        TransactItems=[get(table, s_key(f"big{i}")) for i in range(9)],
        ReturnConsumedCapacity="TOTAL",
    )
    assert by_table(response["ConsumedCapacity"]) == [{"TableName": table, "CapacityUnits": 1800.0}]


@pytest.mark.moto_differs(reason="moto ignores ProjectionExpression here")
def test_projection_does_not_lower_the_cost(client: Any, table: str) -> None:
    # ⚠ By analogy with GetItem: the whole item is read.
    client.put_item(TableName=table, Item=padded_item({"pk": "a"}, 4 * KB + 1))
    response = client.transact_get_items(
        TransactItems=[get(table, s_key("a"), ProjectionExpression="pk")],
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["Responses"] == [{"Item": s_key("a")}]
    assert by_table(response["ConsumedCapacity"]) == [{"TableName": table, "CapacityUnits": 4.0}]


@MOTO_CAPACITY
def test_indexes_adds_the_table_entry(client: Any, table: str) -> None:
    response = client.transact_get_items(
        TransactItems=[get(table, s_key("a"))], ReturnConsumedCapacity="INDEXES"
    )
    assert by_table(response["ConsumedCapacity"]) == [
        {"TableName": table, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}
    ]
