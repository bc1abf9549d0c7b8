"""Writes to tables with secondary indexes: the write capacity each index is charged, the index key
checks a write must pass, and the index counts DescribeTable reports.

Sources: dynamodb-behaviour.md 6 ("Capacity", "Sparse") and 7.1. The unit arithmetic of index
writes is the service's as measured in nubo-db/dynamodb-conformance
(tests/tier1/putItem/indexConsumedCapacity.test.ts, eu-west-2): an index whose stored entry the
write leaves alone is charged nothing and not listed, an entry added or removed costs its own size,
an entry rewritten under the same key the larger of the two, and an entry moved to another index
key a delete plus a put; TOTAL folds the index units in. The index key messages are the service's
(dynalite's validations and real-service captures quoted in nubo-db's error-message suites).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    CONDITION_FAILED,
    TableFactory,
    assert_error,
    index_description,
    index_spec,
    item_size,
    make_indexed_table,
    padded_item,
    wait_for_index,
)

KB = 1024
INVALID = "One or more parameter values were invalid: "
NOT_VALID = "One or more parameter values are not valid. "
MOTO_INDEX_UNITS = pytest.mark.moto_differs(reason="moto charges no index writes")
MOTO_INDEX_KEYS = pytest.mark.moto_differs(reason="moto checks only some index key values")
MOTO_INDEX_COUNTS = pytest.mark.moto_differs(reason="moto reports no live index counts")
MOTO_INDEX_TYPES = pytest.mark.moto_differs(reason="moto does not check index key types")


def type_mismatch(attribute: str, expected: str, actual: str, index: str) -> str:
    return (
        f"{INVALID}Type mismatch for Index Key {attribute} Expected: {expected} "
        f"Actual: {actual} IndexName: {index}"
    )


def empty_index_key(attribute: str, index: str, kind: str = "string") -> str:
    return (
        f"{NOT_VALID}A value specified for a secondary index key is not supported. The "
        f"AttributeValue for a key attribute cannot contain an empty {kind} value. "
        f"IndexName: {index}, IndexKey: {attribute}"
    )


def empty_updated_index_key(kind: str = "string") -> str:
    return (
        f"{NOT_VALID}The update expression attempted to update a secondary index key to a value "
        f"that is not supported. The AttributeValue for a key attribute cannot contain an empty "
        f"{kind} value."
    )


@pytest.fixture
def indexed(make_table: TableFactory) -> str:
    """pk/sk, a GSI on g projecting INCLUDE [proj], an ALL-projected LSI on l (as measured)."""
    return make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S", "l": "S"},
        gsis=[index_spec("by_g", "g", projection="INCLUDE", non_key=["proj"])],
        lsis=[index_spec("by_l", "pk", "l")],
    )


def key(pk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": "1"}}


def item(pk: str, **attributes: str) -> dict[str, Any]:
    return {**key(pk), **{name: {"S": value} for name, value in attributes.items()}}


def arms(
    table: str, total: float, table_units: float, gsi: float | None = None, lsi: float | None = None
) -> dict[str, Any]:
    """The INDEXES ConsumedCapacity: an index the write did not charge has no entry at all."""
    expected: dict[str, Any] = {
        "TableName": table,
        "CapacityUnits": total,
        "Table": {"CapacityUnits": table_units},
    }
    if gsi is not None:
        expected["GlobalSecondaryIndexes"] = {"by_g": {"CapacityUnits": gsi}}
    if lsi is not None:
        expected["LocalSecondaryIndexes"] = {"by_l": {"CapacityUnits": lsi}}
    return expected


def put(client: Any, table: str, new_item: dict[str, Any]) -> dict[str, Any]:
    response = client.put_item(TableName=table, Item=new_item, ReturnConsumedCapacity="INDEXES")
    consumed: dict[str, Any] = response["ConsumedCapacity"]
    return consumed


def update(client: Any, table: str, pk: str, expression: str, **params: Any) -> dict[str, Any]:
    response = client.update_item(
        TableName=table,
        Key=key(pk),
        UpdateExpression=expression,
        ReturnConsumedCapacity="INDEXES",
        **params,
    )
    consumed: dict[str, Any] = response["ConsumedCapacity"]
    return consumed


# --- PutItem ------------------------------------------------------------------------------------


@MOTO_INDEX_UNITS
def test_put_charges_the_global_index_it_adds_an_entry_to(client: Any, indexed: str) -> None:
    assert put(client, indexed, item("a", g="g1", proj="p")) == arms(indexed, 2.0, 1.0, gsi=1.0)


@MOTO_INDEX_UNITS
def test_total_folds_the_index_units_in(client: Any, indexed: str) -> None:
    response = client.put_item(
        TableName=indexed, Item=item("a", g="g1", proj="p"), ReturnConsumedCapacity="TOTAL"
    )
    assert response["ConsumedCapacity"] == {"TableName": indexed, "CapacityUnits": 2.0}


def test_a_sparse_put_charges_no_index(client: Any, indexed: str) -> None:
    assert put(client, indexed, item("a", other="o")) == arms(indexed, 1.0, 1.0)


@MOTO_INDEX_UNITS
def test_put_charges_the_local_index(client: Any, indexed: str) -> None:
    assert put(client, indexed, item("a", l="L1")) == arms(indexed, 2.0, 1.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_put_charges_both_kinds(client: Any, indexed: str) -> None:
    new_item = item("a", g="g1", l="L1", proj="p")
    assert put(client, indexed, new_item) == arms(indexed, 3.0, 1.0, gsi=1.0, lsi=1.0)


def test_an_identical_overwrite_charges_no_index(client: Any, indexed: str) -> None:
    new_item = item("a", g="g1", l="L1", proj="p")
    put(client, indexed, new_item)
    assert put(client, indexed, new_item) == arms(indexed, 1.0, 1.0)


@MOTO_INDEX_UNITS
def test_overwriting_an_indexed_item_with_a_sparse_one_removes_its_entries(
    client: Any, indexed: str
) -> None:
    put(client, indexed, item("a", g="g1", l="L1"))
    assert put(client, indexed, item("a")) == arms(indexed, 3.0, 1.0, gsi=1.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_index_units_follow_the_entry_size(client: Any, make_table: TableFactory) -> None:
    table = make_indexed_table(
        make_table,
        attributes={"g": "S", "k": "S"},
        gsis=[index_spec("all_g", "g"), index_spec("keys_k", "k", projection="KEYS_ONLY")],
    )
    # A 2 KB + 1 item: 3 units on the table and on the ALL index, 1 on the KEYS_ONLY one.
    big = padded_item({"pk": "a", "g": "g", "k": "k"}, 2 * KB + 1)
    response = client.put_item(TableName=table, Item=big, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 7.0,
        "Table": {"CapacityUnits": 3.0},
        "GlobalSecondaryIndexes": {
            "all_g": {"CapacityUnits": 3.0},
            "keys_k": {"CapacityUnits": 1.0},
        },
    }
    # Changing a non-key attribute: the ALL entry is rewritten in place (the larger size), the
    # KEYS_ONLY entry does not change and is not charged.
    smaller = {**big, "data": {"S": "y"}}
    response = client.put_item(TableName=table, Item=smaller, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 6.0,
        "Table": {"CapacityUnits": 3.0},
        "GlobalSecondaryIndexes": {"all_g": {"CapacityUnits": 3.0}},
    }


# --- UpdateItem ---------------------------------------------------------------------------------


@pytest.fixture
def seeded(client: Any, indexed: str) -> str:
    """An item in both indexes, with a projected and a non-projected attribute."""
    client.put_item(TableName=indexed, Item=item("a", g="g1", l="L1", proj="p", other="o"))
    return indexed


@MOTO_INDEX_UNITS
def test_update_of_a_non_projected_attribute_skips_the_include_index(
    client: Any, seeded: str
) -> None:
    # The ALL-projected local index stores every attribute, so its entry changes.
    consumed = update(
        client,
        seeded,
        "a",
        "SET #o = :v",
        ExpressionAttributeNames={"#o": "other"},
        ExpressionAttributeValues={":v": {"S": "o2"}},
    )
    assert consumed == arms(seeded, 2.0, 1.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_update_of_a_projected_attribute_charges_the_index(client: Any, seeded: str) -> None:
    consumed = update(
        client, seeded, "a", "SET proj = :v", ExpressionAttributeValues={":v": {"S": "p2"}}
    )
    assert consumed == arms(seeded, 3.0, 1.0, gsi=1.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_moving_an_index_key_costs_a_delete_and_a_put(client: Any, seeded: str) -> None:
    consumed = update(
        client, seeded, "a", "SET g = :v", ExpressionAttributeValues={":v": {"S": "g2"}}
    )
    assert consumed == arms(seeded, 4.0, 1.0, gsi=2.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_removing_an_index_key_costs_a_delete(client: Any, seeded: str) -> None:
    assert update(client, seeded, "a", "REMOVE g") == arms(seeded, 3.0, 1.0, gsi=1.0, lsi=1.0)


@MOTO_INDEX_UNITS
def test_moving_the_local_index_key(client: Any, seeded: str) -> None:
    consumed = update(
        client, seeded, "a", "SET l = :v", ExpressionAttributeValues={":v": {"S": "L2"}}
    )
    assert consumed == arms(seeded, 3.0, 1.0, lsi=2.0)


@MOTO_INDEX_UNITS
def test_adding_an_index_key_by_update(client: Any, indexed: str) -> None:
    client.put_item(TableName=indexed, Item=item("a"))
    consumed = update(
        client, indexed, "a", "SET g = :v", ExpressionAttributeValues={":v": {"S": "g"}}
    )
    assert consumed == arms(indexed, 2.0, 1.0, gsi=1.0)


@MOTO_INDEX_UNITS
def test_a_moved_entry_is_charged_by_both_sizes(client: Any, make_table: TableFactory) -> None:
    table = make_indexed_table(make_table, attributes={"g": "S"}, gsis=[index_spec("all_g", "g")])
    client.put_item(TableName=table, Item=padded_item({"pk": "a", "g": "g1"}, 2 * KB))
    response = client.update_item(
        TableName=table,
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET g = :g, #d = :d",
        ExpressionAttributeNames={"#d": "data"},
        ExpressionAttributeValues={":g": {"S": "g2"}, ":d": {"S": "small"}},
        ReturnConsumedCapacity="INDEXES",
    )
    # The table write costs by the larger item (2 units); the index a delete of the 2 KB entry
    # (2 units) plus a put of the small one (1 unit).
    assert response["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 5.0,
        "Table": {"CapacityUnits": 2.0},
        "GlobalSecondaryIndexes": {"all_g": {"CapacityUnits": 3.0}},
    }


# --- DeleteItem and BatchWriteItem --------------------------------------------------------------


@MOTO_INDEX_UNITS
def test_delete_charges_every_index_the_item_was_in(client: Any, seeded: str) -> None:
    response = client.delete_item(TableName=seeded, Key=key("a"), ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == arms(seeded, 3.0, 1.0, gsi=1.0, lsi=1.0)


def test_delete_of_a_sparse_item_charges_the_table_only(client: Any, indexed: str) -> None:
    client.put_item(TableName=indexed, Item=item("a", other="o"))
    response = client.delete_item(TableName=indexed, Key=key("a"), ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == arms(indexed, 1.0, 1.0)


@MOTO_INDEX_UNITS
def test_batch_sums_the_index_units_per_table(client: Any, indexed: str, table: str) -> None:
    client.put_item(TableName=indexed, Item=item("gone", g="g9", l="L9"))
    response = client.batch_write_item(
        RequestItems={
            indexed: [
                {"PutRequest": {"Item": item("a", g="g1", proj="p")}},
                {"PutRequest": {"Item": item("b", other="o")}},
                {"PutRequest": {"Item": item("c", g="g2", l="L2")}},
                {"DeleteRequest": {"Key": key("gone")}},
            ],
            table: [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}],
        },
        ReturnConsumedCapacity="INDEXES",
    )
    assert response["UnprocessedItems"] == {}
    by_table = {entry["TableName"]: entry for entry in response["ConsumedCapacity"]}
    assert by_table == {
        indexed: arms(indexed, 9.0, 4.0, gsi=3.0, lsi=2.0),
        table: {"TableName": table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}},
    }


# --- index key checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "actual"),
    [
        pytest.param({"N": "1"}, "N", id="N", marks=MOTO_INDEX_TYPES),
        pytest.param({"B": b"x"}, "B", id="B", marks=MOTO_INDEX_TYPES),
        pytest.param({"NULL": True}, "NULL", id="NULL"),
        pytest.param({"SS": ["a"]}, "SS", id="SS", marks=MOTO_INDEX_TYPES),
    ],
)
def test_put_with_an_index_key_of_the_wrong_type(
    client: Any, indexed: str, value: dict[str, Any], actual: str
) -> None:
    assert_error(
        "ValidationException",
        type_mismatch("g", "S", actual, "by_g"),
        client.put_item,
        TableName=indexed,
        Item={**key("a"), "g": value},
    )
    assert "Item" not in client.get_item(TableName=indexed, Key=key("a"))


@MOTO_INDEX_TYPES
def test_local_index_key_of_the_wrong_type(client: Any, indexed: str) -> None:
    assert_error(
        "ValidationException",
        type_mismatch("l", "S", "N", "by_l"),
        client.put_item,
        TableName=indexed,
        Item={**key("a"), "l": {"N": "1"}},
    )


@pytest.mark.parametrize(
    ("attribute", "index"),
    [
        pytest.param("g", "by_g", id="global"),
        pytest.param("l", "by_l", id="local", marks=MOTO_INDEX_KEYS),
    ],
)
def test_put_with_an_empty_index_key(client: Any, indexed: str, attribute: str, index: str) -> None:
    assert_error(
        "ValidationException",
        empty_index_key(attribute, index),
        client.put_item,
        TableName=indexed,
        Item={**key("a"), attribute: {"S": ""}},
    )


@MOTO_INDEX_KEYS
def test_put_with_an_empty_binary_index_key(client: Any, make_table: TableFactory) -> None:
    table = make_indexed_table(make_table, attributes={"b": "B"}, gsis=[index_spec("by_b", "b")])
    assert_error(
        "ValidationException",
        empty_index_key("b", "by_b", kind="binary"),
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "a"}, "b": {"B": b""}},
    )


@MOTO_INDEX_KEYS
def test_index_key_check_comes_before_the_condition(client: Any, indexed: str) -> None:
    client.put_item(TableName=indexed, Item=item("a"))
    assert_error(
        "ValidationException",
        type_mismatch("g", "S", "N", "by_g"),
        client.put_item,
        TableName=indexed,
        Item={**key("a"), "g": {"N": "1"}},
        ConditionExpression="attribute_not_exists(pk)",
    )
    # With a valid item the same condition fails as usual.
    assert_error(
        "ConditionalCheckFailedException",
        CONDITION_FAILED,
        client.put_item,
        TableName=indexed,
        Item=item("a", g="g"),
        ConditionExpression="attribute_not_exists(pk)",
    )


@MOTO_INDEX_TYPES
def test_update_to_an_index_key_of_the_wrong_type(client: Any, seeded: str) -> None:
    assert_error(
        "ValidationException",
        type_mismatch("g", "S", "N", "by_g"),
        client.update_item,
        TableName=seeded,
        Key=key("a"),
        UpdateExpression="SET g = :v",
        ExpressionAttributeValues={":v": {"N": "5"}},
    )
    stored = client.get_item(TableName=seeded, Key=key("a"), ConsistentRead=True)["Item"]
    assert stored["g"] == {"S": "g1"}


@MOTO_INDEX_KEYS
@pytest.mark.parametrize("attribute", ["g", "l"], ids=["global", "local"])
def test_update_to_an_empty_index_key(client: Any, seeded: str, attribute: str) -> None:
    assert_error(
        "ValidationException",
        empty_updated_index_key(),
        client.update_item,
        TableName=seeded,
        Key=key("a"),
        UpdateExpression="SET #a = :v",
        ExpressionAttributeNames={"#a": attribute},
        ExpressionAttributeValues={":v": {"S": ""}},
    )


def test_update_that_creates_an_item_with_an_empty_index_key(client: Any, indexed: str) -> None:
    assert_error(
        "ValidationException",
        empty_updated_index_key(),
        client.update_item,
        TableName=indexed,
        Key=key("new"),
        UpdateExpression="SET g = :v",
        ExpressionAttributeValues={":v": {"S": ""}},
    )
    assert "Item" not in client.get_item(TableName=indexed, Key=key("new"))


@MOTO_INDEX_TYPES
def test_batch_with_a_bad_index_key_writes_nothing(client: Any, indexed: str) -> None:
    assert_error(
        "ValidationException",
        type_mismatch("g", "S", "N", "by_g"),
        client.batch_write_item,
        RequestItems={
            indexed: [
                {"PutRequest": {"Item": item("ok", g="g")}},
                {"PutRequest": {"Item": {**key("bad"), "g": {"N": "1"}}}},
            ]
        },
    )
    for pk in ("ok", "bad"):
        assert "Item" not in client.get_item(TableName=indexed, Key=key(pk), ConsistentRead=True)


@MOTO_INDEX_KEYS
def test_batch_with_an_empty_index_key_writes_nothing(client: Any, indexed: str) -> None:
    assert_error(
        "ValidationException",
        empty_index_key("l", "by_l"),
        client.batch_write_item,
        RequestItems={
            indexed: [
                {"PutRequest": {"Item": item("ok", g="g")}},
                {"PutRequest": {"Item": item("bad", l="")}},
            ]
        },
    )
    assert "Item" not in client.get_item(TableName=indexed, Key=key("ok"), ConsistentRead=True)


def test_absent_index_keys_are_fine(client: Any, indexed: str) -> None:
    client.put_item(TableName=indexed, Item=item("a", other="o"))
    client.update_item(
        TableName=indexed,
        Key=key("b"),
        UpdateExpression="SET #o = :v",
        ExpressionAttributeNames={"#o": "other"},
        ExpressionAttributeValues={":v": {"S": "o"}},
    )
    client.batch_write_item(RequestItems={indexed: [{"PutRequest": {"Item": item("c")}}]})


# --- DescribeTable counts -----------------------------------------------------------------------


def counts(client: Any, table: str, index: str) -> tuple[int, int]:
    entry = index_description(client, table, index)
    assert entry is not None
    return entry["ItemCount"], entry["IndexSizeBytes"]


@MOTO_INDEX_COUNTS
def test_describe_table_counts_index_entries(client: Any, indexed: str) -> None:
    first = item("a", g="g1", l="L1", proj="p", other="o")
    second = item("b", g="g2", other="o")
    sparse = item("c", other="o")
    for new_item in (first, second, sparse):
        client.put_item(TableName=indexed, Item=new_item)

    def projected(source: dict[str, Any]) -> dict[str, Any]:
        return {name: source[name] for name in ("pk", "sk", "g", "proj") if name in source}

    assert counts(client, indexed, "by_g") == (
        2,
        item_size(projected(first)) + item_size(projected(second)),
    )
    assert counts(client, indexed, "by_l") == (1, item_size(first))

    client.delete_item(TableName=indexed, Key=key("a"))
    assert counts(client, indexed, "by_g") == (1, item_size(projected(second)))
    assert counts(client, indexed, "by_l") == (0, 0)


@MOTO_INDEX_COUNTS
def test_an_index_created_by_update_table_is_backfilled(
    client: Any, make_table: TableFactory
) -> None:
    table = make_table()
    items = [
        {"pk": {"S": "a"}, "g": {"S": "x"}, "other": {"S": "o"}},
        {"pk": {"S": "b"}, "g": {"S": "y"}},
        {"pk": {"S": "c"}},
        {"pk": {"S": "d"}, "g": {"N": "1"}},  # the wrong type for the new index: skipped
    ]
    for new_item in items:
        client.put_item(TableName=table, Item=new_item)
    answer = client.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by_g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            }
        ],
    )["TableDescription"]
    (created,) = answer["GlobalSecondaryIndexes"]
    assert answer["TableStatus"] == "UPDATING"
    assert created["IndexStatus"] == "CREATING"
    assert created["Backfilling"] is False
    assert (created["ItemCount"], created["IndexSizeBytes"]) == (0, 0)
    assert created["IndexArn"] == answer["TableArn"] + "/index/by_g"

    entry = wait_for_index(client, table, "by_g")
    assert "Backfilling" not in entry
    keys_only = [{"pk": i["pk"], "g": i["g"]} for i in items[:2]]
    assert (entry["ItemCount"], entry["IndexSizeBytes"]) == (
        2,
        sum(item_size(i) for i in keys_only),
    )
    # Once the index exists, new writes of the wrong type are rejected.
    assert_error(
        "ValidationException",
        type_mismatch("g", "S", "N", "by_g"),
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "e"}, "g": {"N": "2"}},
    )


@MOTO_INDEX_COUNTS
def test_describe_table_index_members(client: Any, indexed: str) -> None:
    described = client.describe_table(TableName=indexed)["Table"]
    (gsi,) = described["GlobalSecondaryIndexes"]
    (lsi,) = described["LocalSecondaryIndexes"]
    assert set(gsi) >= {
        "IndexName",
        "KeySchema",
        "Projection",
        "IndexStatus",
        "ProvisionedThroughput",
        "IndexSizeBytes",
        "ItemCount",
        "IndexArn",
    }
    assert "Backfilling" not in gsi
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["proj"]}
    assert gsi["ProvisionedThroughput"] == {
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": 0,
        "WriteCapacityUnits": 0,
    }
    assert set(lsi) == {
        "IndexName",
        "KeySchema",
        "Projection",
        "IndexSizeBytes",
        "ItemCount",
        "IndexArn",
    }
    assert lsi["IndexArn"] == described["TableArn"] + "/index/by_l"
