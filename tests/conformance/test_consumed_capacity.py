"""ReturnConsumedCapacity NONE / TOTAL / INDEXES and the unit arithmetic of
dynamodb-behaviour.md 7.1: reads in 4 KB units (halved when eventually consistent), writes in
1 KB units, sizes rounded up per item, a missing item still costs a unit, PutItem charges the
larger of the old and new item, DeleteItem the deleted item, batches sum per item and report one
entry per table. Plain operations carry CapacityUnits only (no Read/WriteCapacityUnits split),
as real-service captures in nubo-db/dynamodb-conformance show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conformance_support import TableFactory, assert_error, s_key

KB = 1024
KEY_BYTES = len(b"pk") + 1  # a one-character key
DATA_NAME_BYTES = len(b"data")
MOTO_UNITS = pytest.mark.moto_differs(reason="moto charges 1 unit per write whatever the size")
MOTO_READS = pytest.mark.moto_differs(reason="moto charges every read 0.5 units")


def sized_item(key: str, total_bytes: int) -> dict[str, Any]:
    """An item whose DynamoDB size (names + values, section 2.7) is exactly total_bytes."""
    assert len(key) == 1
    filler = total_bytes - KEY_BYTES - DATA_NAME_BYTES
    return {"pk": {"S": key}, "data": {"S": "x" * filler}}


def total(table: str, units: float) -> dict[str, Any]:
    return {"TableName": table, "CapacityUnits": units}


def indexes(table: str, units: float) -> dict[str, Any]:
    return {"TableName": table, "CapacityUnits": units, "Table": {"CapacityUnits": units}}


def by_table(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda entry: str(entry["TableName"]))


# --- NONE ----------------------------------------------------------------------------------------

OPERATIONS: dict[str, Callable[[str], dict[str, Any]]] = {
    "get_item": lambda t: {"TableName": t, "Key": s_key("a")},
    "put_item": lambda t: {"TableName": t, "Item": s_key("a")},
    "delete_item": lambda t: {"TableName": t, "Key": s_key("a")},
    "batch_get_item": lambda t: {"RequestItems": {t: {"Keys": [s_key("a")]}}},
    "batch_write_item": lambda t: {"RequestItems": {t: [{"PutRequest": {"Item": s_key("a")}}]}},
}
MOTO_UNASKED = pytest.mark.moto_differs(reason="moto returns ConsumedCapacity unasked")


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(name, marks=[MOTO_UNASKED] if name.startswith("batch") else [])
        for name in OPERATIONS
    ],
)
@pytest.mark.parametrize("setting", [None, "NONE"], ids=["omitted", "NONE"])
def test_no_consumed_capacity_unless_asked(
    client: Any, table: str, operation: str, setting: str | None
) -> None:
    params = OPERATIONS[operation](table)
    if setting is not None:
        params["ReturnConsumedCapacity"] = setting
    assert "ConsumedCapacity" not in getattr(client, operation)(**params)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            name,
            marks=(
                [pytest.mark.moto_differs(reason="moto accepts unknown settings in batches")]
                if name.startswith("batch")
                else []
            ),
        )
        for name in OPERATIONS
    ],
)
def test_unknown_setting(client: Any, table: str, operation: str) -> None:
    # botocore does not check enums (section 1.6).
    assert_error(
        "ValidationException",
        "1 validation error detected: Value 'DETAILED' at 'returnConsumedCapacity' failed to "
        "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        getattr(client, operation),
        **OPERATIONS[operation](table),
        ReturnConsumedCapacity="DETAILED",
    )


# --- GetItem -------------------------------------------------------------------------------------

GET_CASES = [
    (100, True, 1.0),
    (100, False, 0.5),
    (4 * KB, True, 1.0),
    (4 * KB, False, 0.5),
    (4 * KB + 1, True, 2.0),
    (4 * KB + 1, False, 1.0),
    (8 * KB, True, 2.0),
    (8 * KB + 1, True, 3.0),
    (12 * KB + 1, False, 2.0),
    (400 * KB, True, 100.0),
    (400 * KB, False, 50.0),
]


@pytest.mark.parametrize(
    ("size", "consistent", "units"),
    [pytest.param(*case, marks=[MOTO_READS] if case[2] != 0.5 else []) for case in GET_CASES],
    ids=[f"{size}B-{'strong' if strong else 'eventual'}" for size, strong, _ in GET_CASES],
)
def test_get_item_units(client: Any, table: str, size: int, consistent: bool, units: float) -> None:
    client.put_item(TableName=table, Item=sized_item("a", size))
    response = client.get_item(
        TableName=table, Key=s_key("a"), ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == total(table, units)


@pytest.mark.parametrize(
    ("consistent", "units"), [pytest.param(True, 1.0, marks=MOTO_READS), (False, 0.5)]
)
def test_get_missing_item_still_costs(
    client: Any, table: str, consistent: bool, units: float
) -> None:
    response = client.get_item(
        TableName=table, Key=s_key("z"), ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == total(table, units)


@MOTO_READS
def test_attributes_to_get_does_not_reduce_the_cost(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=sized_item("a", 4 * KB + 1))
    response = client.get_item(
        TableName=table,
        Key=s_key("a"),
        AttributesToGet=["pk"],
        ConsistentRead=True,
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == total(table, 2.0)


@MOTO_READS
def test_get_item_indexes_adds_table(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=sized_item("a", 100))
    response = client.get_item(
        TableName=table, Key=s_key("a"), ConsistentRead=True, ReturnConsumedCapacity="INDEXES"
    )
    assert response["ConsumedCapacity"] == indexes(table, 1.0)


def test_units_are_floats(client: Any, table: str) -> None:
    response = client.get_item(TableName=table, Key=s_key("a"), ReturnConsumedCapacity="TOTAL")
    assert isinstance(response["ConsumedCapacity"]["CapacityUnits"], float)


def test_provisioned_table_same_units(client: Any, make_table: TableFactory) -> None:
    name = make_table(billing="PROVISIONED", throughput=(5, 5))
    response = client.put_item(TableName=name, Item=s_key("a"), ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == total(name, 1.0)
    response = client.get_item(TableName=name, Key=s_key("a"), ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == total(name, 0.5)


# --- PutItem / DeleteItem ------------------------------------------------------------------------

PUT_CASES = [
    (10, 1.0),
    (KB, 1.0),
    (KB + 1, 2.0),
    (2 * KB, 2.0),
    (2 * KB + 1, 3.0),
    (400 * KB, 400.0),
]


@pytest.mark.parametrize(
    ("size", "units"),
    [pytest.param(*case, marks=[MOTO_UNITS] if case[0] > KB else []) for case in PUT_CASES],
    ids=[f"{size}B" for size, _ in PUT_CASES],
)
def test_put_new_item_units(client: Any, table: str, size: int, units: float) -> None:
    response = client.put_item(
        TableName=table, Item=sized_item("a", size), ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == total(table, units)


@MOTO_UNITS
@pytest.mark.parametrize(
    ("old_size", "new_size", "units"),
    [(2 * KB + 1, 10, 3.0), (10, 3 * KB, 3.0), (KB + 1, KB + 1, 2.0)],
    ids=["smaller-over-larger", "larger-over-smaller", "same-size"],
)
def test_put_charges_the_larger_of_old_and_new(
    client: Any, table: str, old_size: int, new_size: int, units: float
) -> None:
    client.put_item(TableName=table, Item=sized_item("a", old_size))
    response = client.put_item(
        TableName=table, Item=sized_item("a", new_size), ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == total(table, units)


def test_put_item_indexes_adds_table(client: Any, table: str) -> None:
    response = client.put_item(TableName=table, Item=s_key("a"), ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == indexes(table, 1.0)


@pytest.mark.parametrize(
    ("size", "units"),
    [
        pytest.param(None, 1.0, id="missing"),
        pytest.param(10, 1.0, id="small"),
        pytest.param(2 * KB + 1, 3.0, id="2049B", marks=MOTO_UNITS),
    ],
)
def test_delete_item_units(client: Any, table: str, size: int | None, units: float) -> None:
    if size is not None:
        client.put_item(TableName=table, Item=sized_item("a", size))
    response = client.delete_item(TableName=table, Key=s_key("a"), ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == total(table, units)


def test_delete_item_indexes_adds_table(client: Any, table: str) -> None:
    response = client.delete_item(TableName=table, Key=s_key("a"), ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == indexes(table, 1.0)


# --- batches -------------------------------------------------------------------------------------


@MOTO_READS
def test_batch_get_sums_per_item_per_table(client: Any, make_table: TableFactory) -> None:
    strong, eventual = make_table(), make_table()
    for key, size in (("a", 100), ("b", 4 * KB + 1), ("c", 10)):
        client.put_item(TableName=strong, Item=sized_item(key, size))
        client.put_item(TableName=eventual, Item=sized_item(key, size))
    keys = [s_key(k) for k in ("a", "b", "c")]
    response = client.batch_get_item(
        RequestItems={
            strong: {"Keys": keys, "ConsistentRead": True},
            eventual: {"Keys": keys, "ConsistentRead": False},
        },
        ReturnConsumedCapacity="TOTAL",
    )
    # Rounded per item: 1 + 2 + 1 strongly consistent, halved item by item when eventual.
    assert by_table(response["ConsumedCapacity"]) == by_table(
        [total(strong, 4.0), total(eventual, 2.0)]
    )


def test_batch_get_missing_keys_still_cost(client: Any, table: str) -> None:
    # Section 7.1: a read of a missing item costs a unit, and BatchGetItem charges per item.
    response = client.batch_get_item(
        RequestItems={table: {"Keys": [s_key("x"), s_key("y")], "ConsistentRead": True}},
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == [total(table, 2.0)]


@MOTO_READS
def test_batch_get_indexes_adds_table(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=s_key("a"))
    response = client.batch_get_item(
        RequestItems={table: {"Keys": [s_key("a")], "ConsistentRead": True}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert response["ConsumedCapacity"] == [indexes(table, 1.0)]


@MOTO_UNITS
def test_batch_write_sums_per_item_per_table(client: Any, make_table: TableFactory) -> None:
    first, second = make_table(), make_table()
    client.put_item(TableName=second, Item=sized_item("d", 2 * KB + 1))
    response = client.batch_write_item(
        RequestItems={
            first: [
                {"PutRequest": {"Item": sized_item("a", KB + 1)}},
                {"PutRequest": {"Item": sized_item("b", 10)}},
                {"DeleteRequest": {"Key": s_key("z")}},
            ],
            second: [{"DeleteRequest": {"Key": s_key("d")}}],
        },
        ReturnConsumedCapacity="TOTAL",
    )
    assert by_table(response["ConsumedCapacity"]) == by_table(
        [total(first, 4.0), total(second, 3.0)]
    )


@MOTO_UNITS
def test_batch_write_put_charges_the_larger_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=sized_item("a", KB + 1))
    client.put_item(TableName=table, Item=sized_item("b", KB + 1))
    response = client.batch_write_item(
        RequestItems={
            table: [
                {"PutRequest": {"Item": sized_item("a", 10)}},
                {"DeleteRequest": {"Key": s_key("b")}},
            ]
        },
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == [total(table, 4.0)]


def test_batch_write_indexes_adds_table(client: Any, table: str) -> None:
    response = client.batch_write_item(
        RequestItems={table: [{"PutRequest": {"Item": s_key("a")}}]},
        ReturnConsumedCapacity="INDEXES",
    )
    assert response["ConsumedCapacity"] == [indexes(table, 1.0)]
