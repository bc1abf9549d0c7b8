"""Scan: the whole table in a stable order (each partition's items together, in sort-key order),
Limit, FilterExpression (key attributes allowed), ScanFilter with ConditionalOperator, Select and
the projection parameters, ConsistentRead, ReturnConsumedCapacity, Scan of an index, and the
validation errors with their exact messages (Scan's Select messages carry no "1 validation error
detected: " envelope, unlike Query's).

Sources: dynamodb-behaviour.md 3, 4.7, 5.6 and 7.1; dynalite's test/scan.js (messages captured from
the service); moto's aws_verified test_dynamodb_select.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    NOT_FOUND,
    TableFactory,
    assert_error,
    assert_invalid,
    index_spec,
    make_indexed_table,
    padded_item,
    plain,
    put_items,
    unique_table_name,
    wire,
    wire_item,
)

START_INVALID = (
    "The provided starting key is invalid: The provided key element does not match the schema"
)
MOTO_LENIENT = "moto accepts this request"
MOTO_ENVELOPE = pytest.mark.moto_differs(
    reason="moto wraps Scan's Select messages in Query's '1 validation error detected: '"
)
MOTO_UNITS = pytest.mark.moto_differs(reason="moto does not size Scan pages like the service")


def item_key(item: dict[str, Any], names: tuple[str, ...] = ("pk", "sk")) -> tuple[Any, ...]:
    return tuple(plain(item).get(name) for name in names)


# Eight partitions of three items each, written out of key order; ``n`` numbers them as written.
MIXED = [
    {"pk": f"p{p}", "sk": str(s), "n": i, "flag": (p + s) % 2 == 0}
    for i, (p, s) in enumerate((p, s) for p in (5, 2, 7, 0, 3, 6, 1, 4) for s in (3, 1, 2))
]


@pytest.fixture
def mixed(client: Any, composite_table: str) -> str:
    put_items(client, composite_table, [wire_item(item) for item in MIXED])
    return composite_table


def full_scan(client: Any, table: str, **extra: Any) -> list[dict[str, Any]]:
    response = client.scan(TableName=table, **extra)
    assert "LastEvaluatedKey" not in response
    return list(response["Items"])


def test_scan_returns_every_item(client: Any, mixed: str) -> None:
    response = client.scan(TableName=mixed)
    keys = sorted(item_key(item) for item in response["Items"])
    assert keys == sorted((f"p{p}", str(s)) for p in range(8) for s in (1, 2, 3))
    assert (response["Count"], response["ScannedCount"]) == (24, 24)
    assert "LastEvaluatedKey" not in response


def test_scan_order_is_stable(client: Any, mixed: str) -> None:
    assert full_scan(client, mixed) == full_scan(client, mixed)
    assert full_scan(client, mixed, ConsistentRead=True) == full_scan(client, mixed)


def test_partitions_are_contiguous_and_sorted(client: Any, mixed: str) -> None:
    keys = [item_key(item) for item in full_scan(client, mixed)]
    partitions: list[str] = []
    for pk, _ in keys:
        if not partitions or partitions[-1] != pk:
            partitions.append(pk)
    assert sorted(partitions) == [f"p{p}" for p in range(8)]  # each partition appears once
    for pk in partitions:
        assert [sk for p, sk in keys if p == pk] == ["1", "2", "3"]


def test_empty_table(client: Any, table: str) -> None:
    response = client.scan(TableName=table)
    assert response["Items"] == []
    assert (response["Count"], response["ScannedCount"]) == (0, 0)
    assert "LastEvaluatedKey" not in response


def test_limit_takes_the_first_items_of_the_order(client: Any, mixed: str) -> None:
    everything = full_scan(client, mixed)
    response = client.scan(TableName=mixed, Limit=5)
    assert response["Items"] == everything[:5]
    assert (response["Count"], response["ScannedCount"]) == (5, 5)
    last = everything[4]
    assert response["LastEvaluatedKey"] == {"pk": last["pk"], "sk": last["sk"]}


def test_start_key_resumes_after_it(client: Any, mixed: str) -> None:
    everything = full_scan(client, mixed)
    start = {"pk": everything[9]["pk"], "sk": everything[9]["sk"]}
    assert full_scan(client, mixed, ExclusiveStartKey=start) == everything[10:]


def test_filter_may_use_key_attributes(client: Any, mixed: str) -> None:
    response = client.scan(
        TableName=mixed,
        FilterExpression="pk = :p AND sk <> :s",
        ExpressionAttributeValues={":p": wire("p3"), ":s": wire("2")},
    )
    assert sorted(item_key(item) for item in response["Items"]) == [("p3", "1"), ("p3", "3")]
    assert (response["Count"], response["ScannedCount"]) == (2, 24)


def test_limit_applies_before_the_filter(client: Any, mixed: str) -> None:
    everything = full_scan(client, mixed)
    response = client.scan(
        TableName=mixed,
        FilterExpression="sk = :s",
        ExpressionAttributeValues={":s": wire("3")},
        Limit=6,
    )
    assert response["Items"] == [item for item in everything[:6] if item["sk"] == {"S": "3"}]
    assert response["ScannedCount"] == 6
    assert response["Count"] == len(response["Items"])
    assert response["LastEvaluatedKey"] == {"pk": everything[5]["pk"], "sk": everything[5]["sk"]}


def test_filter_matching_nothing_still_pages(client: Any, mixed: str) -> None:
    response = client.scan(TableName=mixed, FilterExpression="attribute_exists(gone)", Limit=4)
    assert response["Items"] == []
    assert (response["Count"], response["ScannedCount"]) == (0, 4)
    assert "LastEvaluatedKey" in response


@pytest.mark.parametrize(
    "operator",
    [
        pytest.param(None, id="default-AND"),
        "AND",
        pytest.param(
            "OR", marks=pytest.mark.moto_differs(reason="moto ignores ConditionalOperator")
        ),
    ],
)
def test_scan_filter(client: Any, mixed: str, operator: str | None) -> None:
    params: dict[str, Any] = {
        "TableName": mixed,
        "ScanFilter": {
            "flag": {"ComparisonOperator": "EQ", "AttributeValueList": [wire(True)]},
            "sk": {"ComparisonOperator": "IN", "AttributeValueList": [wire("1"), wire("3")]},
        },
    }
    if operator:
        params["ConditionalOperator"] = operator
    response = client.scan(**params)
    if operator == "OR":
        expected = [i for i in MIXED if i["flag"] or i["sk"] in ("1", "3")]
    else:
        expected = [i for i in MIXED if i["flag"] and i["sk"] in ("1", "3")]
    assert len(expected) == (20 if operator == "OR" else 8)
    assert sorted(item_key(item) for item in response["Items"]) == sorted(
        (i["pk"], i["sk"]) for i in expected
    )
    assert (response["Count"], response["ScannedCount"]) == (len(expected), 24)


def test_select_count(client: Any, mixed: str) -> None:
    response = client.scan(TableName=mixed, Select="COUNT", Limit=10)
    assert "Items" not in response
    assert (response["Count"], response["ScannedCount"]) == (10, 10)
    assert "LastEvaluatedKey" in response


def test_projection_expression(client: Any, mixed: str) -> None:
    everything = full_scan(client, mixed)
    response = client.scan(
        TableName=mixed, ProjectionExpression="n, gone", Select="SPECIFIC_ATTRIBUTES"
    )
    assert response["Items"] == [{"n": item["n"]} for item in everything]


@pytest.mark.moto_differs(reason="moto ignores AttributesToGet in Scan")
def test_attributes_to_get(client: Any, mixed: str) -> None:
    everything = full_scan(client, mixed)
    response = client.scan(TableName=mixed, AttributesToGet=["sk", "n"], Limit=3)
    assert response["Items"] == [{"sk": item["sk"], "n": item["n"]} for item in everything[:3]]


def test_resource_api(resource: Any, mixed: str) -> None:
    from boto3.dynamodb.conditions import Attr

    response = resource.Table(mixed).scan(FilterExpression=Attr("n").between(3, 5))
    assert sorted(item["n"] for item in response["Items"]) == [3, 4, 5]


# --- Scan of an index -----------------------------------------------------------------------


@pytest.fixture
def indexed(client: Any, make_table: TableFactory) -> str:
    name = make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S", "l": "N"},
        gsis=[index_spec("by_g", "g", projection="KEYS_ONLY")],
        lsis=[index_spec("by_l", "pk", "l", projection="INCLUDE", non_key=["x"])],
    )
    items = [{"pk": "a", "sk": "1", "g": "g1", "l": 5, "x": "x1", "y": "y1"}]
    items.append({"pk": "a", "sk": "2", "x": "x2"})  # in neither index
    items.append({"pk": "b", "sk": "1", "g": "g2", "y": "y3"})  # in by_g only
    items.append({"pk": "b", "sk": "2", "l": 1, "y": "y4"})  # in by_l only
    put_items(client, name, [wire_item(item) for item in items])
    return name


def by_key(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted((plain(item) for item in items), key=lambda item: (item["pk"], item["sk"]))


def test_scan_of_a_global_index(client: Any, indexed: str) -> None:
    response = client.scan(TableName=indexed, IndexName="by_g")
    assert by_key(response["Items"]) == [
        {"pk": "a", "sk": "1", "g": "g1"},
        {"pk": "b", "sk": "1", "g": "g2"},
    ]
    assert (response["Count"], response["ScannedCount"]) == (2, 2)


def test_scan_of_a_local_index(client: Any, indexed: str) -> None:
    response = client.scan(TableName=indexed, IndexName="by_l")
    assert by_key(response["Items"]) == [
        {"pk": "a", "sk": "1", "l": 5, "x": "x1"},
        {"pk": "b", "sk": "2", "l": 1},
    ]


def test_index_scan_last_key_holds_both_keys(client: Any, indexed: str) -> None:
    response = client.scan(TableName=indexed, IndexName="by_g", Limit=1)
    item = response["Items"][0]
    assert response["LastEvaluatedKey"] == {"pk": item["pk"], "sk": item["sk"], "g": item["g"]}
    rest = client.scan(
        TableName=indexed, IndexName="by_g", ExclusiveStartKey=response["LastEvaluatedKey"]
    )
    assert len(rest["Items"]) == 1
    assert rest["Items"][0] != item


def test_scan_of_an_unknown_index(client: Any, indexed: str) -> None:
    assert_invalid(
        "The table does not have the specified index: whatever",
        client.scan,
        TableName=indexed,
        IndexName="whatever",
    )


# --- consumed capacity ----------------------------------------------------------------------


@pytest.fixture
def sized_table(client: Any, table: str) -> str:
    """Five items of 1,000 bytes: 5,000 bytes, two units strongly consistent."""
    put_items(client, table, [padded_item({"pk": f"k{i}"}, 1000) for i in range(5)])
    return table


@pytest.mark.parametrize(
    ("consistent", "units"), [pytest.param(True, 2.0, marks=MOTO_UNITS), (False, 1.0)]
)
def test_units_round_once_per_page(
    client: Any, sized_table: str, consistent: bool, units: float
) -> None:
    response = client.scan(
        TableName=sized_table, ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == {"TableName": sized_table, "CapacityUnits": units}


@MOTO_UNITS
@pytest.mark.parametrize(
    "extra",
    [
        {"FilterExpression": "attribute_exists(gone)"},
        {"Select": "COUNT"},
        {"ProjectionExpression": "pk"},
        {"ScanFilter": {"pk": {"ComparisonOperator": "NULL"}}},
    ],
    ids=["filter", "count", "projection", "scan-filter"],
)
def test_filter_and_projection_do_not_reduce_the_cost(
    client: Any, sized_table: str, extra: dict[str, Any]
) -> None:
    response = client.scan(
        TableName=sized_table, ConsistentRead=True, ReturnConsumedCapacity="TOTAL", **extra
    )
    assert response["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_limit_reduces_the_cost(client: Any, sized_table: str) -> None:
    response = client.scan(
        TableName=sized_table, Limit=4, ConsistentRead=True, ReturnConsumedCapacity="INDEXES"
    )
    assert response["ConsumedCapacity"] == {
        "TableName": sized_table,
        "CapacityUnits": 1.0,
        "Table": {"CapacityUnits": 1.0},
    }


@pytest.mark.parametrize(
    ("consistent", "units"), [(True, 1.0), pytest.param(False, 0.5, marks=MOTO_UNITS)]
)
def test_empty_scan_costs_the_minimum(
    client: Any, table: str, consistent: bool, units: float
) -> None:
    response = client.scan(
        TableName=table, ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"]["CapacityUnits"] == units


# --- validation -----------------------------------------------------------------------------


def test_unknown_table(client: Any) -> None:
    assert_error("ResourceNotFoundException", NOT_FOUND, client.scan, TableName=unique_table_name())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {"Select": "ALL_PROJECTED_ATTRIBUTES"},
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
            id="all-projected-without-index",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "SPECIFIC_ATTRIBUTES"},
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES",
            id="specific-without-projection",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "pk"},
            "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
            id="projection-all",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "COUNT", "ProjectionExpression": "pk"},
            "Cannot specify the ProjectionExpression when choosing to get only the Count",
            id="projection-count",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "ALL_ATTRIBUTES", "AttributesToGet": ["pk"]},
            "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES",
            id="attributes-all",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "COUNT", "AttributesToGet": ["pk"]},
            "Cannot specify the AttributesToGet when choosing to get only the Count",
            id="attributes-count",
            marks=MOTO_ENVELOPE,
        ),
        pytest.param(
            {"Select": "count"},
            "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: "
            "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
            "ALL_PROJECTED_ATTRIBUTES]",
            id="lowercase",
        ),
        pytest.param(
            {
                "ScanFilter": {"x": {"ComparisonOperator": "NULL"}},
                "FilterExpression": "x = :x",
                "ExpressionAttributeValues": {":x": {"S": "x"}},
            },
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}",
            id="mixing",
            marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
        ),
        pytest.param(
            {
                "FilterExpression": "attribute_exists(#k.b)",
                "ExpressionAttributeNames": {"#k": "pk"},
            },
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
            "allowed: Key: pk",
            id="nested-key-path",
            marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
        ),
    ],
)
def test_scan_error(client: Any, table: str, extra: dict[str, Any], message: str) -> None:
    assert_invalid(message, client.scan, TableName=table, **extra)


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    "start_key",
    [
        {},
        {"pk": {"N": "1"}},
        {"pk": {"B": b"a"}},
        {"pk": {"S": "a"}, "sk": {"S": "a"}},
        {"other": {"S": "a"}},
    ],
    ids=["empty", "number", "binary", "extra", "other"],
)
def test_start_key_of_a_hash_table(client: Any, table: str, start_key: dict[str, Any]) -> None:
    assert_invalid(START_INVALID, client.scan, TableName=table, ExclusiveStartKey=start_key)


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    "start_key",
    [
        {"pk": {"S": "a"}},
        {"pk": {"S": "a"}, "sk": {"N": "1"}},
        {"pk": {"N": "1"}, "sk": {"S": "a"}},
        {"pk": {"S": "a"}, "other": {"S": "a"}},
    ],
    ids=["no sort key", "sort type", "partition type", "other"],
)
def test_start_key_of_a_composite_table(
    client: Any, composite_table: str, start_key: dict[str, Any]
) -> None:
    assert_invalid(
        START_INVALID, client.scan, TableName=composite_table, ExclusiveStartKey=start_key
    )
