"""Global secondary indexes whose key has several HASH and RANGE attributes (multi-attribute keys,
up to 4 of each): CreateTable and UpdateTable, DescribeTable, sparseness, the order of several
sort attributes, Query's key condition rules, pagination and the filter on key attributes.

Sources: dynamodb-behaviour.md 6; scylladb alternator's test_gsi_composite_keys.py; moto's
aws_verified multi-attribute GSI tests (a skipped sort attribute is named in the message,
KeyConditions work on these keys). The texts of a non-last inequality and of a condition on
another attribute are not confirmed by the service.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import TableFactory, assert_invalid, put_items, wire, wire_item

MISSED = "Query condition missed key schema element: "
NOT_SUPPORTED = "Query key condition not supported"
MOTO_LACKS = pytest.mark.moto_differs(reason="moto does not check multi-attribute key conditions")

ITEMS = [
    {"pk": "1", "h1": "a", "h2": 1, "r1": "x", "r2": 300, "v": "one"},
    {"pk": "2", "h1": "a", "h2": 1, "r1": "x", "r2": 100, "v": "two"},
    {"pk": "3", "h1": "a", "h2": 1, "r1": "w", "r2": 900, "v": "three"},
    {"pk": "4", "h1": "a", "h2": 1, "r1": "y", "r2": -5, "v": "four"},
    {"pk": "5", "h1": "a", "h2": 2, "r1": "x", "r2": 1, "v": "other partition"},
    {"pk": "6", "h1": "a", "h2": 1, "r1": "x", "v": "no r2: not indexed"},
    {"pk": "7", "h1": "a", "r1": "x", "r2": 1, "v": "no h2: not indexed"},
]
# Partition (a, 1) in (r1, r2) order.
ORDER = ["3", "2", "1", "4"]

GSI_KEYS = [
    {"AttributeName": "h1", "KeyType": "HASH"},
    {"AttributeName": "h2", "KeyType": "HASH"},
    {"AttributeName": "r1", "KeyType": "RANGE"},
    {"AttributeName": "r2", "KeyType": "RANGE"},
]
DEFINITIONS = [
    {"AttributeName": "pk", "AttributeType": "S"},
    {"AttributeName": "h1", "AttributeType": "S"},
    {"AttributeName": "h2", "AttributeType": "N"},
    {"AttributeName": "r1", "AttributeType": "S"},
    {"AttributeName": "r2", "AttributeType": "N"},
]


@pytest.fixture
def multi(client: Any, make_table: TableFactory) -> str:
    name = make_table(
        AttributeDefinitions=DEFINITIONS,
        GlobalSecondaryIndexes=[
            {"IndexName": "multi", "KeySchema": GSI_KEYS, "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    put_items(client, name, [wire_item(item) for item in ITEMS])
    return name


def query(client: Any, table: str, condition: str, values: dict[str, Any], **extra: Any) -> Any:
    return client.query(
        TableName=table,
        IndexName="multi",
        KeyConditionExpression=condition,
        ExpressionAttributeValues={k: wire(v) for k, v in values.items()},
        **extra,
    )


def pks(response: Any) -> list[str]:
    return [item["pk"]["S"] for item in response["Items"]]


def test_describe_shows_the_key_schema_as_given(client: Any, multi: str) -> None:
    index = client.describe_table(TableName=multi)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == GSI_KEYS


def test_update_table_adds_a_multi_attribute_index(client: Any, make_table: TableFactory) -> None:
    name = make_table()
    put_items(client, name, [wire_item(item) for item in ITEMS])
    keys = [GSI_KEYS[0], GSI_KEYS[1], GSI_KEYS[2]]
    client.update_table(
        TableName=name,
        AttributeDefinitions=DEFINITIONS[1:4],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "multi",
                    "KeySchema": keys,
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            }
        ],
    )
    described = client.describe_table(TableName=name)["Table"]
    assert described["GlobalSecondaryIndexes"][0]["KeySchema"] == keys
    for _ in range(50):
        index = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        if index["IndexStatus"] == "ACTIVE":
            break
    response = query(client, name, "h1 = :a AND h2 = :b", {":a": "a", ":b": 1})
    assert sorted(pks(response)) == ["1", "2", "3", "4", "6"]
    assert response["Items"][0].keys() == {"pk", "h1", "h2", "r1"}


def test_query_orders_by_every_range_attribute(client: Any, multi: str) -> None:
    assert pks(query(client, multi, "h1 = :a AND h2 = :b", {":a": "a", ":b": 1})) == ORDER
    backwards = query(
        client, multi, "h2 = :b AND h1 = :a", {":a": "a", ":b": 1}, ScanIndexForward=False
    )
    assert pks(backwards) == ORDER[::-1]


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("r1 = :x", {":x": "x"}, ["2", "1"]),
        ("r1 > :x", {":x": "w"}, ["2", "1", "4"]),
        ("begins_with(r1, :x)", {":x": "x"}, ["2", "1"]),
        ("r1 BETWEEN :x AND :y", {":x": "w", ":y": "x"}, ["3", "2", "1"]),
        ("r1 = :x AND r2 = :n", {":x": "x", ":n": 300}, ["1"]),
        ("r1 = :x AND r2 < :n", {":x": "x", ":n": 300}, ["2"]),
        ("r2 >= :n AND r1 = :x", {":x": "x", ":n": 100}, ["2", "1"]),
        ("r1 = :x AND r2 BETWEEN :n AND :m", {":x": "x", ":n": 101, ":m": 300}, ["1"]),
    ],
)
def test_sort_conditions_left_to_right(
    client: Any, multi: str, condition: str, values: dict[str, Any], expected: list[str]
) -> None:
    values = {":a": "a", ":b": 1, **values}
    response = query(client, multi, f"h1 = :a AND h2 = :b AND {condition}", values)
    assert pks(response) == expected


@pytest.mark.parametrize(
    ("condition", "values", "message"),
    [
        ("h1 = :a", {":a": "a"}, MISSED + "h2"),
        ("h2 = :b AND r1 = :x", {":b": 1, ":x": "x"}, MISSED + "h1"),
        ("h1 = :a AND h2 > :b", {":a": "a", ":b": 1}, NOT_SUPPORTED),
        pytest.param(
            "h1 = :a AND begins_with(h1, :a)",
            {":a": "a"},
            "KeyConditionExpressions must only contain one condition per key",
            marks=MOTO_LACKS,
        ),
        pytest.param(
            "h1 = :a AND h2 = :b AND r2 = :n",
            {":a": "a", ":b": 1, ":n": 1},
            MISSED + "r1",
            marks=MOTO_LACKS,
        ),
        (
            "h1 = :a AND h2 = :b AND r1 > :x AND r2 = :n",
            {":a": "a", ":b": 1, ":x": "x", ":n": 1},
            NOT_SUPPORTED,
        ),
        ("h1 = :a AND h2 = :b AND v = :x", {":a": "a", ":b": 1, ":x": "x"}, MISSED + "r1"),
        pytest.param(
            "h1 = :a AND h2 = :x",
            {":a": "a", ":x": "x"},
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type",
            marks=MOTO_LACKS,
        ),
    ],
)
def test_refused_key_conditions(
    client: Any, multi: str, condition: str, values: dict[str, Any], message: str
) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=multi,
        IndexName="multi",
        KeyConditionExpression=condition,
        ExpressionAttributeValues={k: wire(v) for k, v in values.items()},
    )


def test_legacy_key_conditions(client: Any, multi: str) -> None:
    response = client.query(
        TableName=multi,
        IndexName="multi",
        KeyConditions={
            "h1": {"ComparisonOperator": "EQ", "AttributeValueList": [wire("a")]},
            "h2": {"ComparisonOperator": "EQ", "AttributeValueList": [wire(1)]},
            "r1": {"ComparisonOperator": "EQ", "AttributeValueList": [wire("x")]},
        },
    )
    assert pks(response) == ["2", "1"]


@MOTO_LACKS
@pytest.mark.parametrize("attribute", ["h2", "r2"])
def test_filter_on_an_index_key_attribute_is_refused(
    client: Any, multi: str, attribute: str
) -> None:
    assert_invalid(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
        + attribute,
        client.query,
        TableName=multi,
        IndexName="multi",
        KeyConditionExpression="h1 = :a AND h2 = :b",
        FilterExpression=f"{attribute} = :b",
        ExpressionAttributeValues={":a": wire("a"), ":b": wire(1)},
    )


def test_filter_on_other_attributes(client: Any, multi: str) -> None:
    response = query(
        client,
        multi,
        "h1 = :a AND h2 = :b",
        {":a": "a", ":b": 1, ":v": "two", ":p": "1"},
        FilterExpression="v = :v OR pk = :p",
    )
    assert pks(response) == ["2", "1"]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_pagination_visits_every_item_once(client: Any, multi: str, limit: int) -> None:
    seen: list[str] = []
    start: dict[str, Any] | None = None
    while True:
        extra: dict[str, Any] = {"Limit": limit}
        if start is not None:
            extra["ExclusiveStartKey"] = start
        response = query(client, multi, "h1 = :a AND h2 = :b", {":a": "a", ":b": 1}, **extra)
        seen += pks(response)
        start = response.get("LastEvaluatedKey")
        if start is None:
            break
        assert start.keys() == {"pk", "h1", "h2", "r1", "r2"}
    assert seen == ORDER


def test_scan_pages_carry_every_key_attribute(client: Any, multi: str) -> None:
    response = client.scan(TableName=multi, IndexName="multi", Limit=1)
    assert response["LastEvaluatedKey"].keys() == {"pk", "h1", "h2", "r1", "r2"}
    seen = pks(response)
    while "LastEvaluatedKey" in response:
        response = client.scan(
            TableName=multi, IndexName="multi", ExclusiveStartKey=response["LastEvaluatedKey"]
        )
        seen += pks(response)
    assert sorted(seen) == ["1", "2", "3", "4", "5"]


@MOTO_LACKS
def test_start_key_missing_an_index_key_attribute(client: Any, multi: str) -> None:
    start = wire_item({"pk": "1", "h1": "a", "r1": "x", "r2": 300})
    assert_invalid(
        "The provided starting key is invalid",
        client.query,
        TableName=multi,
        IndexName="multi",
        KeyConditionExpression="h1 = :a AND h2 = :b",
        ExpressionAttributeValues={":a": wire("a"), ":b": wire(1)},
        ExclusiveStartKey=start,
    )


@MOTO_LACKS
def test_write_with_a_wrong_typed_key_attribute_is_refused(client: Any, multi: str) -> None:
    assert_invalid(
        "One or more parameter values were invalid: Type mismatch for Index Key r2 Expected: N "
        "Actual: S IndexName: multi",
        client.put_item,
        TableName=multi,
        Item=wire_item({"pk": "9", "h1": "a", "h2": 1, "r1": "x", "r2": "text"}),
    )


def test_update_moves_an_item_in_and_out(client: Any, multi: str) -> None:
    client.update_item(
        TableName=multi,
        Key={"pk": wire("6")},
        UpdateExpression="SET r2 = :n",
        ExpressionAttributeValues={":n": wire(200)},
    )
    both = {":a": "a", ":b": 1, ":x": "x"}
    assert pks(query(client, multi, "h1 = :a AND h2 = :b AND r1 = :x", both)) == ["2", "6", "1"]
    client.update_item(TableName=multi, Key={"pk": wire("6")}, UpdateExpression="REMOVE h2")
    assert pks(query(client, multi, "h1 = :a AND h2 = :b AND r1 = :x", both)) == ["2", "1"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            [(f"h{i}", "HASH") for i in range(5)],
            "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed "
            "number of HASH key attributes",
        ),
        (
            [("h0", "HASH")] + [(f"r{i}", "RANGE") for i in range(5)],
            "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed "
            "number of RANGE key attributes",
        ),
        (
            [("h0", "HASH"), ("r0", "RANGE"), ("h1", "HASH")],
            "One or more parameter values were invalid: All HASH key attributes must precede RANGE "
            "key attributes in the KeySchema",
        ),
    ],
)
@MOTO_LACKS
def test_create_table_refuses_bad_multi_attribute_keys(
    client: Any, make_table: TableFactory, keys: list[tuple[str, str]], message: str
) -> None:
    names = sorted({name for name, _ in keys})
    assert_invalid(
        message,
        client.create_table,
        TableName="multi_bad",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}]
        + [{"AttributeName": name, "AttributeType": "S"} for name in names],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[
            {
                "IndexName": "multi",
                "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in keys],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
