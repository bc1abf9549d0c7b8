"""TransactWriteItems' effects beyond the items: secondary indexes, consumed capacity, item
collection metrics, and large tables and transactions.

Sources as in test_transact_write_items.py: dynamodb-behaviour.md sections 10 and 7.1; the developer
guide's "transaction-apis" page (two underlying writes per item, GSIs updated like normal writes);
scylladb's alternator test_transact.py (the 4 MB limit being on the request, not on the items it
deletes); the AWS CLI's transact-write-items example (a TOTAL entry carries WriteCapacityUnits
beside CapacityUnits; item collection metrics listed per written item).

Unconfirmed facts (marked ⚠ where they are asserted): ConditionCheck capacity; index units doubled
like the table's; item collection metrics only for tables with local indexes; the 4 MB message
beyond "size cannot exceed".
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    assert_error,
    code_and_message,
    expect_error,
    index_spec,
    make_indexed_table,
    padded_item,
    put_items,
    read_pages,
    s_key,
    wire_item,
)
from transaction_support import (
    KB,
    by_table,
    cancellation,
    check,
    delete,
    item,
    put,
    stored,
    units_only,
    update,
    values,
)

MOTO_CAPACITY = pytest.mark.moto_differs(reason="moto returns an empty ConsumedCapacity list")


# --- secondary indexes ---------------------------------------------------------------------------


@pytest.fixture
def gsi_table(make_table: TableFactory) -> str:
    return make_indexed_table(make_table, attributes={"g": "S"}, gsis=[index_spec("by_g", "g")])


def index_keys(client: Any, table: str, value: str) -> list[str]:
    pages = read_pages(
        client.query,
        TableName=table,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues=wire_item({":g": value}),
    )
    return sorted(entry["pk"]["S"] for page in pages for entry in page.get("Items", []))


def test_global_index_sees_the_writes(client: Any, gsi_table: str) -> None:
    client.put_item(TableName=gsi_table, Item=item("moved", g="old"))
    client.put_item(TableName=gsi_table, Item=item("gone", g="x"))
    client.put_item(TableName=gsi_table, Item=item("kept", g="x"))
    client.transact_write_items(
        TransactItems=[
            put(gsi_table, item("new", g="x")),
            update(
                gsi_table, s_key("moved"), "SET g = :x", ExpressionAttributeValues=values(x="x")
            ),
            delete(gsi_table, s_key("gone")),
            check(gsi_table, s_key("kept"), "attribute_exists(pk)"),
        ]
    )
    # The fakes maintain indexes synchronously; the service does so within moments.
    assert index_keys(client, gsi_table, "x") == ["kept", "moved", "new"]
    assert index_keys(client, gsi_table, "old") == []


def test_cancelled_transaction_leaves_the_index_alone(client: Any, gsi_table: str) -> None:
    client.put_item(TableName=gsi_table, Item=item("a", g="x"))
    cancellation(
        client.transact_write_items,
        TransactItems=[
            put(gsi_table, item("new", g="x")),
            update(gsi_table, s_key("a"), "SET g = :y", ExpressionAttributeValues=values(y="y")),
            check(gsi_table, s_key("missing"), "attribute_exists(pk)"),
        ],
    )
    assert index_keys(client, gsi_table, "x") == ["a"]
    assert index_keys(client, gsi_table, "y") == []


# --- ReturnConsumedCapacity ----------------------------------------------------------------------


def sized(key: str, size: int) -> dict[str, Any]:
    return padded_item({"pk": key}, size)


@MOTO_CAPACITY
def test_total_is_twice_the_single_item_units(client: Any, table: str, other_table: str) -> None:
    # Per item, 2 x ceil(size / 1 KB): a Put or Update charges the larger of the old and new
    # item, a Delete the deleted item, a missing item one unit (section 7.1, developer guide).
    client.put_item(TableName=table, Item=sized("upd", 2 * KB + 1))
    client.put_item(TableName=table, Item=sized("del", 2 * KB + 1))
    response = client.transact_write_items(
        TransactItems=[
            put(table, sized("small", 500)),  # 2
            put(table, sized("big", KB + 1)),  # 4
            update(table, s_key("upd"), "SET n = :one", ExpressionAttributeValues=values(one=1)),
            delete(table, s_key("del")),  # 6
            delete(table, s_key("missing")),  # 2
            put(other_table, wire_item({"pk": "a", "sk": "1"})),  # 2
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert by_table(response["ConsumedCapacity"]) == by_table(
        [
            {"TableName": table, "CapacityUnits": 20.0},
            {"TableName": other_table, "CapacityUnits": 2.0},
        ]
    )


@MOTO_CAPACITY
def test_total_carries_write_capacity_units(client: Any, table: str) -> None:
    # The AWS CLI's example output shows the split member beside CapacityUnits.
    response = client.transact_write_items(
        TransactItems=[put(table, item("a")), put(table, item("b"))],
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}
    ]


@MOTO_CAPACITY
def test_condition_check_units(client: Any, table: str) -> None:
    # ⚠ Assumed: a ConditionCheck costs like a write of the item it checks (section 7.1).
    client.put_item(TableName=table, Item=sized("a", KB + 1))
    response = client.transact_write_items(
        TransactItems=[check(table, s_key("a"), "attribute_exists(pk)")],
        ReturnConsumedCapacity="TOTAL",
    )
    assert by_table(response["ConsumedCapacity"]) == [{"TableName": table, "CapacityUnits": 4.0}]


@MOTO_CAPACITY
def test_indexes_adds_the_table_entry(client: Any, table: str) -> None:
    response = client.transact_write_items(
        TransactItems=[put(table, item("a")), delete(table, s_key("b"))],
        ReturnConsumedCapacity="INDEXES",
    )
    assert by_table(response["ConsumedCapacity"]) == [
        {"TableName": table, "CapacityUnits": 4.0, "Table": {"CapacityUnits": 4.0}}
    ]


@MOTO_CAPACITY
def test_indexes_doubles_the_index_units(
    client: Any, make_table: TableFactory, gsi_table: str
) -> None:
    # ⚠ Assumed: the index arm is doubled like the table's. Compared with a PutItem of the same
    # item into a twin table.
    twin = make_indexed_table(make_table, attributes={"g": "S"}, gsis=[index_spec("by_g", "g")])
    single = client.put_item(
        TableName=twin, Item=item("a", g="x"), ReturnConsumedCapacity="INDEXES"
    )
    assert units_only(single["ConsumedCapacity"]) == {
        "TableName": twin,
        "CapacityUnits": 2.0,
        "Table": {"CapacityUnits": 1.0},
        "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0}},
    }
    response = client.transact_write_items(
        TransactItems=[put(gsi_table, item("a", g="x"))], ReturnConsumedCapacity="INDEXES"
    )
    assert by_table(response["ConsumedCapacity"]) == [
        {
            "TableName": gsi_table,
            "CapacityUnits": 4.0,
            "Table": {"CapacityUnits": 2.0},
            "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 2.0}},
        }
    ]


def one_action(operation: str, table: str) -> list[dict[str, Any]]:
    """A one-action request of TransactWriteItems or TransactGetItems."""
    if operation == "transact_write_items":
        return [put(table, item("a"))]
    return [{"Get": {"TableName": table, "Key": s_key("a")}}]


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            "transact_write_items",
            marks=pytest.mark.moto_differs(
                reason="moto returns an empty ConsumedCapacity list unasked"
            ),
        ),
        "transact_get_items",
    ],
)
@pytest.mark.parametrize("setting", [None, "NONE"], ids=["omitted", "NONE"])
def test_no_consumed_capacity_unless_asked(
    client: Any, table: str, operation: str, setting: str | None
) -> None:
    params: dict[str, Any] = {} if setting is None else {"ReturnConsumedCapacity": setting}
    response = getattr(client, operation)(TransactItems=one_action(operation, table), **params)
    assert "ConsumedCapacity" not in response


@pytest.mark.moto_differs(reason="moto accepts unknown settings")
@pytest.mark.parametrize("operation", ["transact_write_items", "transact_get_items"])
def test_unknown_consumed_capacity_setting(client: Any, table: str, operation: str) -> None:
    assert_error(
        "ValidationException",
        "1 validation error detected: Value 'DETAILED' at 'returnConsumedCapacity' failed to "
        "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        getattr(client, operation),
        TransactItems=one_action(operation, table),
        ReturnConsumedCapacity="DETAILED",
    )
    assert stored(client, table, "a") is None


# --- ReturnItemCollectionMetrics -----------------------------------------------------------------


def collection(pk: str) -> dict[str, Any]:
    return {"ItemCollectionKey": {"pk": {"S": pk}}, "SizeEstimateRangeGB": [0.0, 1.0]}


def ck(pk: str, sk: str = "1") -> dict[str, Any]:
    return wire_item({"pk": pk, "sk": sk})


@pytest.mark.moto_differs(reason="moto returns no item collection metrics")
def test_item_collection_metrics_per_written_item(client: Any, lsi_table: str, table: str) -> None:
    # The CLI's example lists one entry per written item, not in request order. ⚠ Tables without
    # local indexes are left out, as the single-item operations do.
    client.put_item(TableName=lsi_table, Item=ck("c"))
    response = client.transact_write_items(
        TransactItems=[
            put(lsi_table, {**ck("a"), "l": {"S": "x"}}),
            update(lsi_table, ck("b"), "SET l = :x", ExpressionAttributeValues=values(x="x")),
            delete(lsi_table, ck("c")),
            put(table, item("other")),
        ],
        ReturnItemCollectionMetrics="SIZE",
    )
    metrics = response["ItemCollectionMetrics"]
    assert list(metrics) == [lsi_table]
    entries = sorted(metrics[lsi_table], key=lambda e: str(e["ItemCollectionKey"]["pk"]["S"]))
    assert entries == [collection("a"), collection("b"), collection("c")]


@pytest.mark.moto_differs(reason="moto returns an empty ItemCollectionMetrics unasked")
@pytest.mark.parametrize("setting", [None, "NONE"], ids=["omitted", "NONE"])
def test_no_item_collection_metrics_unless_asked(
    client: Any, lsi_table: str, setting: str | None
) -> None:
    params: dict[str, Any] = {} if setting is None else {"ReturnItemCollectionMetrics": setting}
    response = client.transact_write_items(TransactItems=[put(lsi_table, ck("a"))], **params)
    assert "ItemCollectionMetrics" not in response


# --- large tables and large transactions ---------------------------------------------------------


def test_table_holding_thousands_of_items(client: Any, table: str) -> None:
    put_items(client, table, [item(f"i{n:05}", n=n) for n in range(3000)])
    client.transact_write_items(
        TransactItems=[
            update(
                table,
                s_key(f"i{n:05}"),
                "SET n = n + :k",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=values(k=1000000),
            )
            for n in range(0, 3000, 30)
        ]
    )
    assert stored(client, table, "i00030") == {"pk": "i00030", "n": 1000030}
    assert stored(client, table, "i00031") == {"pk": "i00031", "n": 31}
    pages = read_pages(client.scan, TableName=table, Select="COUNT")
    assert sum(page["Count"] for page in pages) == 3000


def test_deleting_more_than_4_mb_of_items(client: Any, table: str) -> None:
    # The 4 MB limit applies to the request, not to the items it touches.
    keys = [f"big{n:02}" for n in range(50)]
    put_items(client, table, [item(key, d="x" * 100_000) for key in keys])
    client.transact_write_items(TransactItems=[delete(table, s_key(key)) for key in keys])
    assert all(stored(client, table, key) is None for key in keys)


def test_putting_3_mb(client: Any, table: str) -> None:
    keys = [f"big{n:02}" for n in range(30)]
    client.transact_write_items(TransactItems=[put(table, item(k, d="x" * 100_000)) for k in keys])
    assert stored(client, table, "big29") == {"pk": "big29", "d": "x" * 100_000}


@pytest.mark.moto_differs(reason="moto has no 4 MB request limit")
def test_putting_more_than_4_mb(client: Any, table: str) -> None:
    # ⚠ Only a fragment of the message is confirmed (alternator: "size cannot exceed").
    keys = [f"big{n:02}" for n in range(50)]
    error = expect_error(
        client.transact_write_items,
        TransactItems=[put(table, item(k, d="x" * 100_000)) for k in keys],
    )
    code, message = code_and_message(error)
    assert code == "ValidationException"
    assert "size cannot exceed" in message
    assert stored(client, table, "big00") is None
