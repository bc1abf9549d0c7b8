"""Queries on local secondary indexes: each projection type (KEYS_ONLY, INCLUDE, ALL), the
fetch of non-projected attributes from the table (Select ALL_ATTRIBUTES or a projection naming
them) and its cost, strongly consistent reads, sparseness, LastEvaluatedKey (table key plus index
sort key), index maintenance on writes, and the index-specific errors.

Sources: dynamodb-behaviour.md 4.6, 6 and 7.1; dynalite's test/query.js (ExclusiveStartKey
messages captured from the service); nubo-db/dynamodb-conformance's tier1/query/lsi.test.ts.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    assert_invalid,
    index_description,
    index_spec,
    make_indexed_table,
    padded_item,
    plain,
    put_items,
    wire,
    wire_item,
)

MOTO_LENIENT = "moto accepts this request"
MOTO_FETCH = pytest.mark.moto_differs(reason="moto does not fetch non-projected attributes")
MOTO_UNITS = pytest.mark.moto_differs(reason="moto does not charge index reads like the service")

# Partition 'p' in l order: s2 (l=a), s3 (l=b), s1 (l=c); s4 has no l. Partition 'q' has one.
ITEMS = [
    {"pk": "p", "sk": "s1", "l": "c", "a": "a1", "b": "b1"},
    {"pk": "p", "sk": "s2", "l": "a", "a": "a2", "b": "b2"},
    {"pk": "p", "sk": "s3", "l": "b", "b": "b3"},
    {"pk": "p", "sk": "s4", "a": "a4", "b": "b4"},
    {"pk": "q", "sk": "s1", "l": "a", "a": "qa"},
]
BY_SK = {item["sk"]: item for item in ITEMS if item["pk"] == "p"}
IN_L_ORDER = [BY_SK["s2"], BY_SK["s3"], BY_SK["s1"]]


def lsi_table(make_table: TableFactory) -> str:
    return make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"l": "S"},
        lsis=[
            index_spec("by_all", "pk", "l", projection="ALL"),
            index_spec("by_keys", "pk", "l", projection="KEYS_ONLY"),
            index_spec("by_inc", "pk", "l", projection="INCLUDE", non_key=["a"]),
        ],
    )


@pytest.fixture
def lsi(client: Any, make_table: TableFactory) -> str:
    name = lsi_table(make_table)
    put_items(client, name, [wire_item(item) for item in ITEMS])
    return name


def query_p(client: Any, table: str, index: str, **extra: Any) -> Any:
    return client.query(
        TableName=table,
        IndexName=index,
        KeyConditionExpression=extra.pop("condition", "pk = :p"),
        ExpressionAttributeValues={":p": wire("p"), **extra.pop("values", {})},
        **extra,
    )


def project(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: item[name] for name in names if name in item}


KEYS = ("pk", "sk", "l")


@pytest.mark.parametrize(
    ("index", "names"),
    [("by_all", ("pk", "sk", "l", "a", "b")), ("by_keys", KEYS), ("by_inc", (*KEYS, "a"))],
)
@pytest.mark.parametrize("select", [None, "ALL_PROJECTED_ATTRIBUTES"])
def test_projection_types(
    client: Any, lsi: str, index: str, names: tuple[str, ...], select: str | None
) -> None:
    extra = {"Select": select} if select else {}
    response = query_p(client, lsi, index, **extra)
    assert [plain(item) for item in response["Items"]] == [
        project(item, names) for item in IN_L_ORDER
    ]
    assert (response["Count"], response["ScannedCount"]) == (3, 3)


@pytest.mark.parametrize(
    "index",
    ["by_all", pytest.param("by_keys", marks=MOTO_FETCH), pytest.param("by_inc", marks=MOTO_FETCH)],
)
def test_select_all_attributes_fetches_from_the_table(client: Any, lsi: str, index: str) -> None:
    response = query_p(client, lsi, index, Select="ALL_ATTRIBUTES", ScanIndexForward=False)
    assert [plain(item) for item in response["Items"]] == list(reversed(IN_L_ORDER))


@MOTO_FETCH
def test_projection_of_a_non_projected_attribute_is_fetched(client: Any, lsi: str) -> None:
    response = query_p(client, lsi, "by_keys", ProjectionExpression="b, l")
    assert [plain(item) for item in response["Items"]] == [
        {"b": "b2", "l": "a"},
        {"b": "b3", "l": "b"},
        {"b": "b1", "l": "c"},
    ]


def test_select_count(client: Any, lsi: str) -> None:
    response = query_p(client, lsi, "by_keys", Select="COUNT")
    assert "Items" not in response
    assert (response["Count"], response["ScannedCount"]) == (3, 3)


@pytest.mark.parametrize("index", ["by_all", "by_keys"])
def test_consistent_read_is_allowed(client: Any, lsi: str, index: str) -> None:
    response = query_p(client, lsi, index, ConsistentRead=True)
    assert [item["sk"]["S"] for item in response["Items"]] == ["s2", "s3", "s1"]


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("pk = :p AND l >= :v", {":v": "b"}, ["s3", "s1"]),
        ("pk = :p AND l = :v", {":v": "a"}, ["s2"]),
        ("pk = :p AND l BETWEEN :v AND :w", {":v": "a", ":w": "b"}, ["s2", "s3"]),
        ("pk = :p AND begins_with(l, :v)", {":v": "c"}, ["s1"]),
        ("pk = :p AND l < :v", {":v": "a"}, []),
    ],
)
def test_index_sort_key_conditions(
    client: Any, lsi: str, condition: str, values: dict[str, str], expected: list[str]
) -> None:
    response = query_p(
        client,
        lsi,
        "by_keys",
        condition=condition,
        values={k: wire(v) for k, v in values.items()},
    )
    assert [item["sk"]["S"] for item in response["Items"]] == expected


def test_sparse_index_and_partitions(client: Any, lsi: str) -> None:
    everything = client.scan(TableName=lsi, IndexName="by_all")["Items"]
    assert sorted((i["pk"]["S"], i["sk"]["S"]) for i in everything) == [
        ("p", "s1"),
        ("p", "s2"),
        ("p", "s3"),
        ("q", "s1"),
    ]
    other = client.query(
        TableName=lsi,
        IndexName="by_all",
        KeyConditionExpression="pk = :q",
        ExpressionAttributeValues={":q": wire("q")},
    )
    assert [plain(item) for item in other["Items"]] == [ITEMS[4]]


def test_last_evaluated_key_holds_the_index_sort_key(client: Any, lsi: str) -> None:
    first = query_p(client, lsi, "by_keys", Limit=2)
    assert [item["sk"]["S"] for item in first["Items"]] == ["s2", "s3"]
    assert first["LastEvaluatedKey"] == {"pk": wire("p"), "sk": wire("s3"), "l": wire("b")}
    rest = query_p(client, lsi, "by_keys", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [item["sk"]["S"] for item in rest["Items"]] == ["s1"]
    assert "LastEvaluatedKey" not in rest


def test_ties_on_the_index_sort_key_page_exactly_once(
    client: Any, make_table: TableFactory
) -> None:
    name = lsi_table(make_table)
    put_items(client, name, [wire_item({"pk": "t", "sk": f"s{i}", "l": "same"}) for i in range(5)])
    seen: list[str] = []
    start: dict[str, Any] | None = None
    for _ in range(10):
        page = client.query(
            TableName=name,
            IndexName="by_keys",
            KeyConditionExpression="pk = :t AND l = :l",
            ExpressionAttributeValues={":t": wire("t"), ":l": wire("same")},
            Limit=2,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        seen.extend(item["sk"]["S"] for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        start = page["LastEvaluatedKey"]
        assert set(start) == {"pk", "sk", "l"}
    assert sorted(seen) == [f"s{i}" for i in range(5)]


def test_index_follows_writes(client: Any, lsi: str) -> None:
    client.update_item(
        TableName=lsi,
        Key=wire_item({"pk": "p", "sk": "s1"}),
        UpdateExpression="SET l = :v",
        ExpressionAttributeValues={":v": wire("0")},
    )
    client.delete_item(TableName=lsi, Key=wire_item({"pk": "p", "sk": "s2"}))
    client.update_item(
        TableName=lsi, Key=wire_item({"pk": "p", "sk": "s3"}), UpdateExpression="REMOVE l"
    )
    client.put_item(TableName=lsi, Item=wire_item({"pk": "p", "sk": "s4", "l": "z", "a": "new"}))
    response = query_p(client, lsi, "by_inc")
    assert [plain(item) for item in response["Items"]] == [
        {"pk": "p", "sk": "s1", "l": "0", "a": "a1"},
        {"pk": "p", "sk": "s4", "l": "z", "a": "new"},
    ]


@pytest.mark.moto_differs(reason="moto does not count index items")
def test_item_count_of_the_index(client: Any, lsi: str) -> None:
    for index in ("by_all", "by_keys", "by_inc"):
        entry = index_description(client, lsi, index)
        assert entry is not None
        assert entry["ItemCount"] == 4


# --- consumed capacity ----------------------------------------------------------------------


@MOTO_UNITS
@pytest.mark.parametrize(("consistent", "units"), [(True, 1.0), (False, 0.5)])
def test_index_read_charges_the_index(
    client: Any, lsi: str, consistent: bool, units: float
) -> None:
    response = query_p(
        client, lsi, "by_all", ConsistentRead=consistent, ReturnConsumedCapacity="INDEXES"
    )
    assert response["ConsumedCapacity"] == {
        "TableName": lsi,
        "CapacityUnits": units,
        "LocalSecondaryIndexes": {"by_all": {"CapacityUnits": units}},
    }


@MOTO_UNITS
@pytest.mark.parametrize(("consistent", "units"), [(True, 1.0), (False, 0.5)])
def test_fetch_charges_the_table_too(client: Any, lsi: str, consistent: bool, units: float) -> None:
    params = {
        "condition": "pk = :p AND l = :v",
        "values": {":v": wire("a")},
        "Select": "ALL_ATTRIBUTES",
        "ConsistentRead": consistent,
    }
    response = query_p(client, lsi, "by_keys", **params, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {
        "TableName": lsi,
        "CapacityUnits": 2 * units,
        "Table": {"CapacityUnits": units},
        "LocalSecondaryIndexes": {"by_keys": {"CapacityUnits": units}},
    }
    total = query_p(client, lsi, "by_keys", **params, ReturnConsumedCapacity="TOTAL")
    assert total["ConsumedCapacity"] == {"TableName": lsi, "CapacityUnits": 2 * units}


@MOTO_UNITS
def test_index_entries_are_sized_by_their_projection(client: Any, make_table: TableFactory) -> None:
    name = lsi_table(make_table)
    # Three items of 5,000 bytes whose index entries hold only the keys: 15,000 bytes in the
    # table (four units), a few dozen bytes in by_keys (one unit).
    put_items(
        client,
        name,
        [padded_item({"pk": "p", "sk": f"s{i}", "l": f"l{i}"}, 5000, filler="b") for i in range(3)],
    )
    keys_only = query_p(
        client, name, "by_keys", ConsistentRead=True, ReturnConsumedCapacity="TOTAL"
    )
    assert keys_only["ConsumedCapacity"]["CapacityUnits"] == 1.0
    everything = query_p(
        client, name, "by_all", ConsistentRead=True, ReturnConsumedCapacity="TOTAL"
    )
    assert everything["ConsumedCapacity"]["CapacityUnits"] == 4.0


# --- errors ---------------------------------------------------------------------------------

START_INVALID = "The provided starting key is invalid"
KEY_MISMATCH = "The provided key element does not match the schema"


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    ("start_key", "message"),
    [
        pytest.param({"pk": "p", "sk": "s1"}, START_INVALID, id="no index key"),
        pytest.param({"pk": "p", "l": "a"}, START_INVALID, id="no table sort key"),
        pytest.param({"pk": "p", "sk": "s1", "l": "a", "x": "x"}, START_INVALID, id="extra"),
        pytest.param({"pk": "p", "sk": "s1", "l": 1}, KEY_MISMATCH, id="index key type"),
        pytest.param(
            {"pk": "p", "sk": 1, "l": "a"},
            f"{START_INVALID}: {KEY_MISMATCH}",
            id="table sort key type",
        ),
        pytest.param(
            {"pk": "q", "sk": "s1", "l": "a"},
            "The provided starting key is outside query boundaries based on provided conditions",
            id="other partition",
        ),
    ],
)
def test_start_key_error(client: Any, lsi: str, start_key: dict[str, Any], message: str) -> None:
    assert_invalid(
        message,
        query_p,
        client=client,
        table=lsi,
        index="by_keys",
        ExclusiveStartKey=wire_item(start_key),
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_start_key_outside_the_range_predicate(client: Any, lsi: str) -> None:
    assert_invalid(
        "The provided starting key does not match the range key predicate",
        query_p,
        client=client,
        table=lsi,
        index="by_keys",
        condition="pk = :p AND l > :v",
        values={":v": wire("b")},
        ExclusiveStartKey=wire_item({"pk": "p", "sk": "s2", "l": "a"}),
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_filter_on_the_index_sort_key(client: Any, lsi: str) -> None:
    assert_invalid(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: l",
        query_p,
        client=client,
        table=lsi,
        index="by_all",
        FilterExpression="l = :v",
        values={":v": wire("a")},
    )


def test_condition_on_the_table_sort_key(client: Any, lsi: str) -> None:
    assert_invalid(
        "Query condition missed key schema element: l",
        query_p,
        client=client,
        table=lsi,
        index="by_all",
        condition="pk = :p AND sk = :v",
        values={":v": wire("s1")},
    )
