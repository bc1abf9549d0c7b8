"""Reads from global secondary indexes: Query and Scan per projection type, sparseness, a
hash-only index and ties on the index key, eventually consistent reads only, Select against the
projection, index maintenance on writes, an index added by UpdateTable (backfilled, skipping
items whose key attribute has another type), ItemCount, capacity, and the index-specific errors.

Sources: dynamodb-behaviour.md 4.6, 6 and 7.1; dynalite's test/query.js and test/scan.js
(messages captured from the service); scylladb alternator's test_gsi.py and
test_gsi_updatetable.py; moto's aws_verified test_dynamodb_select.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    assert_invalid,
    attribute_definitions,
    index_description,
    index_spec,
    key_schema,
    make_indexed_table,
    padded_item,
    plain,
    put_items,
    wait_for_index,
    wait_for_index_gone,
    wire,
    wire_item,
)

MOTO_LENIENT = "moto accepts this request"
MOTO_NOT_FOUND = "moto answers ResourceNotFoundException for an unknown index"
MOTO_UNITS = pytest.mark.moto_differs(reason="moto does not charge index reads like the service")

ITEMS = [
    {"pk": "a", "sk": "1", "g": "x", "gs": 3, "a": "A1", "b": "B1", "h": "h1"},
    {"pk": "a", "sk": "2", "g": "x", "gs": 1, "a": "A2", "b": "B2", "h": "h1"},
    {"pk": "b", "sk": "1", "g": "x", "gs": 2, "b": "B3", "h": "h2"},
    {"pk": "b", "sk": "2", "g": "y", "gs": 1, "a": "A4", "h": "h1"},
    {"pk": "c", "sk": "1", "g": "x", "a": "A5"},  # no gs: in none of the (g, gs) indexes
    {"pk": "c", "sk": "2", "b": "B6"},  # in no index at all
]
X_IN_GS_ORDER = [ITEMS[1], ITEMS[2], ITEMS[0]]
INDEX_KEYS = ("pk", "sk", "g", "gs")


@pytest.fixture
def gsi(client: Any, make_table: TableFactory) -> str:
    name = make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S", "gs": "N", "h": "S"},
        gsis=[
            index_spec("by_all", "g", "gs", projection="ALL"),
            index_spec("by_keys", "g", "gs", projection="KEYS_ONLY"),
            index_spec("by_inc", "g", "gs", projection="INCLUDE", non_key=["a"]),
            index_spec("by_h", "h", projection="ALL"),
        ],
    )
    put_items(client, name, [wire_item(item) for item in ITEMS])
    return name


def query_g(client: Any, table: str, index: str, value: str = "x", **extra: Any) -> Any:
    return client.query(
        TableName=table,
        IndexName=index,
        KeyConditionExpression=extra.pop("condition", "g = :g"),
        ExpressionAttributeValues={":g": wire(value), **extra.pop("values", {})},
        **extra,
    )


def project(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: item[name] for name in names if name in item}


def keys_of(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["pk"]["S"], item["sk"]["S"]) for item in items]


@pytest.mark.parametrize(
    ("index", "names"),
    [
        ("by_all", ("pk", "sk", "g", "gs", "a", "b", "h")),
        ("by_keys", INDEX_KEYS),
        ("by_inc", (*INDEX_KEYS, "a")),
    ],
)
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_query_per_projection(
    client: Any, gsi: str, index: str, names: tuple[str, ...], forward: bool
) -> None:
    response = query_g(client, gsi, index, ScanIndexForward=forward)
    expected = [project(item, names) for item in X_IN_GS_ORDER]
    if not forward:
        expected.reverse()
    assert [plain(item) for item in response["Items"]] == expected
    assert (response["Count"], response["ScannedCount"]) == (3, 3)


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("g = :g AND gs > :v", {":v": 1}, [("b", "1"), ("a", "1")]),
        ("g = :g AND gs <= :v", {":v": 2}, [("a", "2"), ("b", "1")]),
        ("g = :g AND gs BETWEEN :v AND :w", {":v": 2, ":w": 9}, [("b", "1"), ("a", "1")]),
        ("g = :g AND gs = :v", {":v": 4}, []),
    ],
)
def test_index_sort_key_conditions(
    client: Any, gsi: str, condition: str, values: dict[str, int], expected: list[tuple[str, str]]
) -> None:
    response = query_g(
        client, gsi, "by_keys", condition=condition, values={k: wire(v) for k, v in values.items()}
    )
    assert keys_of(response["Items"]) == expected


def test_other_index_partition(client: Any, gsi: str) -> None:
    response = query_g(client, gsi, "by_all", value="y")
    assert [plain(item) for item in response["Items"]] == [ITEMS[3]]
    assert query_g(client, gsi, "by_all", value="none")["Items"] == []


def test_scan_is_sparse(client: Any, gsi: str) -> None:
    response = client.scan(TableName=gsi, IndexName="by_keys")
    assert sorted(keys_of(response["Items"])) == [("a", "1"), ("a", "2"), ("b", "1"), ("b", "2")]
    assert (response["Count"], response["ScannedCount"]) == (4, 4)


def test_hash_only_index_and_ties(client: Any, gsi: str) -> None:
    response = query_g(client, gsi, "by_h", value="h1", condition="h = :g")
    # Ties on the index key come in an order of the service's choosing.
    assert sorted(keys_of(response["Items"])) == [("a", "1"), ("a", "2"), ("b", "2")]
    first = query_g(client, gsi, "by_h", value="h1", condition="h = :g", Limit=1)
    item = first["Items"][0]
    assert first["LastEvaluatedKey"] == {"pk": item["pk"], "sk": item["sk"], "h": item["h"]}


def test_last_evaluated_key_holds_both_keys(client: Any, gsi: str) -> None:
    first = query_g(client, gsi, "by_keys", Limit=2)
    assert keys_of(first["Items"]) == [("a", "2"), ("b", "1")]
    assert first["LastEvaluatedKey"] == wire_item({"pk": "b", "sk": "1", "g": "x", "gs": 2})
    rest = query_g(client, gsi, "by_keys", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert keys_of(rest["Items"]) == [("a", "1")]
    assert "LastEvaluatedKey" not in rest


def test_non_projected_attributes_are_not_returned(client: Any, gsi: str) -> None:
    response = query_g(client, gsi, "by_keys", ProjectionExpression="pk, b")
    assert [plain(item) for item in response["Items"]] == [{"pk": "a"}, {"pk": "b"}, {"pk": "a"}]


def test_select_all_attributes_on_an_all_index(client: Any, gsi: str) -> None:
    response = query_g(client, gsi, "by_all", Select="ALL_ATTRIBUTES")
    assert [plain(item) for item in response["Items"]] == X_IN_GS_ORDER


@pytest.mark.parametrize("operation", ["query", "scan"])
@pytest.mark.parametrize("index", ["by_keys", "by_inc"])
def test_select_all_attributes_on_a_partial_index(
    client: Any, gsi: str, operation: str, index: str
) -> None:
    params: dict[str, Any] = {"TableName": gsi, "IndexName": index, "Select": "ALL_ATTRIBUTES"}
    if operation == "query":
        params["KeyConditionExpression"] = "g = :g"
        params["ExpressionAttributeValues"] = {":g": wire("x")}
    assert_invalid(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
        f"for global secondary index {index} because its projection type is not ALL",
        getattr(client, operation),
        **params,
    )


@pytest.mark.parametrize(
    ("operation", "envelope"),
    [
        ("query", "1 validation error detected: "),
        pytest.param(
            "scan", "", marks=pytest.mark.moto_differs(reason="moto adds Query's envelope")
        ),
    ],
)
def test_projection_with_all_projected_attributes(
    client: Any, gsi: str, operation: str, envelope: str
) -> None:
    params: dict[str, Any] = {
        "TableName": gsi,
        "IndexName": "by_inc",
        "Select": "ALL_PROJECTED_ATTRIBUTES",
        "ProjectionExpression": "a",
    }
    if operation == "query":
        params["KeyConditionExpression"] = "g = :g"
        params["ExpressionAttributeValues"] = {":g": wire("x")}
    assert_invalid(
        f"{envelope}Cannot specify the ProjectionExpression when choosing to get "
        "ALL_PROJECTED_ATTRIBUTES",
        getattr(client, operation),
        **params,
    )


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_consistent_read_is_refused(client: Any, gsi: str, operation: str) -> None:
    params: dict[str, Any] = {"TableName": gsi, "IndexName": "by_all", "ConsistentRead": True}
    if operation == "query":
        params["KeyConditionExpression"] = "g = :g"
        params["ExpressionAttributeValues"] = {":g": wire("x")}
    assert_invalid(
        "Consistent reads are not supported on global secondary indexes",
        getattr(client, operation),
        **params,
    )


@pytest.mark.parametrize(
    "operation",
    [pytest.param("query", marks=pytest.mark.moto_differs(reason=MOTO_NOT_FOUND)), "scan"],
)
def test_unknown_index(client: Any, gsi: str, operation: str) -> None:
    params: dict[str, Any] = {"TableName": gsi, "IndexName": "nope"}
    if operation == "query":
        params["KeyConditionExpression"] = "g = :g"
        params["ExpressionAttributeValues"] = {":g": wire("x")}
    assert_invalid(
        "The table does not have the specified index: nope", getattr(client, operation), **params
    )


def test_index_follows_writes(client: Any, gsi: str) -> None:
    client.update_item(
        TableName=gsi,
        Key=wire_item({"pk": "a", "sk": "1"}),
        UpdateExpression="SET gs = :v",
        ExpressionAttributeValues={":v": wire(0)},
    )
    client.delete_item(TableName=gsi, Key=wire_item({"pk": "a", "sk": "2"}))
    client.update_item(
        TableName=gsi, Key=wire_item({"pk": "b", "sk": "1"}), UpdateExpression="REMOVE g"
    )
    client.update_item(  # moves from index partition y to x
        TableName=gsi,
        Key=wire_item({"pk": "b", "sk": "2"}),
        UpdateExpression="SET g = :x, gs = :v",
        ExpressionAttributeValues={":x": wire("x"), ":v": wire(5)},
    )
    client.put_item(TableName=gsi, Item=wire_item({"pk": "c", "sk": "1", "g": "x", "gs": 2}))
    response = query_g(client, gsi, "by_inc")
    assert [plain(item) for item in response["Items"]] == [
        {"pk": "a", "sk": "1", "g": "x", "gs": 0, "a": "A1"},
        {"pk": "c", "sk": "1", "g": "x", "gs": 2},
        {"pk": "b", "sk": "2", "g": "x", "gs": 5, "a": "A4"},
    ]
    assert query_g(client, gsi, "by_inc", value="y")["Items"] == []


@pytest.mark.moto_differs(reason="moto does not count index items")
def test_item_count_of_the_indexes(client: Any, gsi: str) -> None:
    counts = {}
    for index in ("by_all", "by_keys", "by_inc", "by_h"):
        entry = index_description(client, gsi, index)
        assert entry is not None
        counts[index] = entry["ItemCount"]
    assert counts == {"by_all": 4, "by_keys": 4, "by_inc": 4, "by_h": 4}
    client.delete_item(TableName=gsi, Key=wire_item({"pk": "a", "sk": "1"}))
    entry = index_description(client, gsi, "by_h")
    assert entry is not None
    assert entry["ItemCount"] == 3


@pytest.mark.moto_differs(reason="moto does not check index key types on write")
def test_wrong_key_type_is_refused_on_write(client: Any, make_table: TableFactory) -> None:
    name = make_indexed_table(
        make_table, attributes={"g": "S"}, gsis=[index_spec("only_g", "g", projection="KEYS_ONLY")]
    )
    assert_invalid(
        "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S "
        "Actual: N IndexName: only_g",
        client.put_item,
        TableName=name,
        Item=wire_item({"pk": "a", "g": 5}),
    )


# --- an index added by UpdateTable ----------------------------------------------------------


@pytest.fixture
def before_index(client: Any, table: str) -> str:
    """A table without indexes holding items with x as S (indexable), as N, and without x."""
    items = [{"pk": f"s{i}", "x": f"x{i % 2}", "y": i} for i in range(5)]
    items += [{"pk": f"n{i}", "x": i} for i in range(3)]
    items += [{"pk": f"m{i}", "y": i} for i in range(2)]
    put_items(client, table, [wire_item(item) for item in items])
    return table


def create_index(client: Any, table: str) -> dict[str, Any]:
    client.update_table(
        TableName=table,
        AttributeDefinitions=attribute_definitions({"x": "S"}),
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by_x",
                    "KeySchema": key_schema("x"),
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )
    return wait_for_index(client, table, "by_x")


@pytest.mark.moto_differs(reason="moto indexes items whose key attribute has another type")
def test_added_index_is_backfilled(client: Any, before_index: str) -> None:
    create_index(client, before_index)
    scanned = client.scan(TableName=before_index, IndexName="by_x")["Items"]
    # The items whose x is a number are skipped, as are those without x.
    assert sorted(item["pk"]["S"] for item in scanned) == [f"s{i}" for i in range(5)]
    response = client.query(
        TableName=before_index,
        IndexName="by_x",
        KeyConditionExpression="x = :x",
        ExpressionAttributeValues={":x": wire("x1")},
    )
    assert sorted(plain(item)["y"] for item in response["Items"]) == [1, 3]


@pytest.mark.moto_differs(reason="moto does not count index items")
def test_added_index_counts_only_indexed_items(client: Any, before_index: str) -> None:
    entry = create_index(client, before_index)
    assert entry["IndexStatus"] == "ACTIVE"
    assert entry["ItemCount"] == 5


@pytest.mark.moto_differs(reason="moto does not check index key types on write")
def test_added_index_checks_later_writes(client: Any, before_index: str) -> None:
    create_index(client, before_index)
    assert_invalid(
        "One or more parameter values were invalid: Type mismatch for Index Key x Expected: S "
        "Actual: N IndexName: by_x",
        client.put_item,
        TableName=before_index,
        Item=wire_item({"pk": "new", "x": 7}),
    )
    client.put_item(TableName=before_index, Item=wire_item({"pk": "new", "x": "x9"}))
    response = client.query(
        TableName=before_index,
        IndexName="by_x",
        KeyConditionExpression="x = :x",
        ExpressionAttributeValues={":x": wire("x9")},
    )
    assert [plain(item) for item in response["Items"]] == [{"pk": "new", "x": "x9"}]


@pytest.mark.moto_differs(reason=MOTO_NOT_FOUND)
def test_deleted_index_is_gone(client: Any, gsi: str) -> None:
    client.update_table(
        TableName=gsi, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_h"}}]
    )
    wait_for_index_gone(client, gsi, "by_h")
    assert_invalid(
        "The table does not have the specified index: by_h",
        client.query,
        TableName=gsi,
        IndexName="by_h",
        KeyConditionExpression="h = :h",
        ExpressionAttributeValues={":h": wire("h1")},
    )


# --- consumed capacity ----------------------------------------------------------------------


@MOTO_UNITS
@pytest.mark.parametrize("operation", ["query", "scan"])
def test_index_read_charges_the_index(client: Any, gsi: str, operation: str) -> None:
    params: dict[str, Any] = {
        "TableName": gsi,
        "IndexName": "by_all",
        "ReturnConsumedCapacity": "INDEXES",
    }
    if operation == "query":
        params["KeyConditionExpression"] = "g = :g"
        params["ExpressionAttributeValues"] = {":g": wire("x")}
    response = getattr(client, operation)(**params)
    assert response["ConsumedCapacity"] == {
        "TableName": gsi,
        "CapacityUnits": 0.5,
        "GlobalSecondaryIndexes": {"by_all": {"CapacityUnits": 0.5}},
    }


@MOTO_UNITS
def test_index_entries_are_sized_by_their_projection(client: Any, make_table: TableFactory) -> None:
    name = make_indexed_table(
        make_table,
        attributes={"g": "S"},
        gsis=[index_spec("keys", "g", projection="KEYS_ONLY"), index_spec("all", "g")],
    )
    # Four items of 5,000 bytes: 20,000 bytes in "all" (five units, halved), a few dozen bytes
    # in "keys" (one unit, halved).
    put_items(client, name, [padded_item({"pk": f"k{i}", "g": "g"}, 5000) for i in range(4)])
    units = {}
    for index in ("keys", "all"):
        response = query_g(client, name, index, value="g", ReturnConsumedCapacity="TOTAL")
        units[index] = response["ConsumedCapacity"]["CapacityUnits"]
    assert units == {"keys": 0.5, "all": 2.5}


# --- errors ---------------------------------------------------------------------------------

START_INVALID = "The provided starting key is invalid"
KEY_MISMATCH = "The provided key element does not match the schema"


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    ("start_key", "message"),
    [
        pytest.param({"pk": "a", "sk": "1"}, START_INVALID, id="no index key"),
        pytest.param({"pk": "a", "sk": "1", "g": "x"}, START_INVALID, id="no index sort key"),
        pytest.param({"g": "x", "gs": 1}, START_INVALID, id="no table key"),
        pytest.param({"pk": "a", "sk": "1", "g": 1, "gs": 1}, KEY_MISMATCH, id="index key type"),
        pytest.param(
            {"pk": 1, "sk": "1", "g": "x", "gs": 1},
            f"{START_INVALID}: {KEY_MISMATCH}",
            id="table key type",
        ),
        pytest.param(
            {"pk": "a", "sk": "1", "g": "y", "gs": 1},
            "The provided starting key is outside query boundaries based on provided conditions",
            id="other index partition",
        ),
    ],
)
def test_start_key_error(client: Any, gsi: str, start_key: dict[str, Any], message: str) -> None:
    assert_invalid(
        message,
        query_g,
        client=client,
        table=gsi,
        index="by_keys",
        ExclusiveStartKey=wire_item(start_key),
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize("attribute", ["g", "gs"])
def test_filter_on_an_index_key(client: Any, gsi: str, attribute: str) -> None:
    assert_invalid(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
        + attribute,
        query_g,
        client=client,
        table=gsi,
        index="by_all",
        FilterExpression=f"{attribute} = :v",
        values={":v": wire("x" if attribute == "g" else 1)},
    )


def test_condition_on_the_table_key(client: Any, gsi: str) -> None:
    assert_invalid(
        "Query condition missed key schema element: g",
        query_g,
        client=client,
        table=gsi,
        index="by_all",
        condition="pk = :g",
    )
