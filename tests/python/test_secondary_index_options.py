"""Engine options that shape secondary indexes: the item collection size limit of tables with
local secondary indexes, and the timing of a global secondary index UpdateTable adds."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import dynafake

FROZEN = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
LIMIT_BYTES = 1000
# Each item is about 320 bytes and has an entry of the same size in the ALL-projected index, so a
# collection holds one item under LIMIT_BYTES and two are over it.
FILLER = "x" * 300


def lsi_table(client: Any, name: str = "collections") -> str:
    client.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "lk", "AttributeType": "S"},
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by_lk",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "lk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def item(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}, "lk": {"S": "l"}, "data": {"S": FILLER}}


def client_once() -> Any:
    # One attempt: the error must surface at once.
    config = Config(retries={"mode": "standard", "max_attempts": 1})
    return boto3.client("dynamodb", region_name="us-east-1", config=config)


def assert_collection_too_large(call: Any, **params: Any) -> None:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["Error"]["Code"] == "ItemCollectionSizeLimitExceededException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_small_item_collection_limit_is_reached_through_boto3() -> None:
    with dynafake.mock(item_collection_size_limit_bytes=LIMIT_BYTES):
        client = client_once()
        table = lsi_table(client)
        client.put_item(TableName=table, Item=item("a", "1"))
        assert_collection_too_large(client.put_item, TableName=table, Item=item("a", "2"))
        assert_collection_too_large(
            client.update_item,
            TableName=table,
            Key={"pk": {"S": "a"}, "sk": {"S": "2"}},
            UpdateExpression="SET lk = :l, #d = :d",
            ExpressionAttributeNames={"#d": "data"},
            ExpressionAttributeValues={":l": {"S": "l"}, ":d": {"S": FILLER}},
        )
        assert_collection_too_large(
            client.batch_write_item,
            RequestItems={table: [{"PutRequest": {"Item": item("a", "3")}}]},
        )
        # The refused writes left nothing behind, and other collections have room of their own.
        keys = {entry["sk"]["S"] for entry in client.scan(TableName=table)["Items"]}
        assert keys == {"1"}
        client.put_item(TableName=table, Item=item("b", "1"))
        # Shrinking a collection is always allowed.
        client.delete_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})
        client.put_item(TableName=table, Item=item("a", "2"))


def test_the_default_limit_is_the_services() -> None:
    assert dynafake.engine.ITEM_COLLECTION_SIZE_LIMIT_BYTES == 10 * 1024**3
    with dynafake.mock():
        client = client_once()
        table = lsi_table(client)
        for sk in ("1", "2", "3"):
            client.put_item(TableName=table, Item=item("a", sk))


def gsi_statuses(client: Any, table: str) -> list[tuple[str, str, bool | None]]:
    description = client.describe_table(TableName=table)["Table"]
    return [
        (description["TableStatus"], index["IndexStatus"], index.get("Backfilling"))
        for index in description.get("GlobalSecondaryIndexes", [])
    ]


def test_an_added_global_index_goes_through_its_phases_by_the_engine_clock() -> None:
    with dynafake.Engine(frozen_at=FROZEN, table_transition_seconds=10) as engine:
        client = engine.client()
        client.create_table(
            TableName="gsi_phases",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        engine.clock.advance(seconds=10)
        client.put_item(TableName="gsi_phases", Item={"pk": {"S": "a"}, "g": {"S": "x"}})
        answer = client.update_table(
            TableName="gsi_phases",
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
        created = answer["GlobalSecondaryIndexes"][0]
        assert (answer["TableStatus"], created["IndexStatus"], created["Backfilling"]) == (
            "UPDATING",
            "CREATING",
            False,
        )
        assert (created["ItemCount"], created["IndexSizeBytes"]) == (0, 0)
        assert gsi_statuses(client, "gsi_phases") == [("UPDATING", "CREATING", False)]
        engine.clock.advance(seconds=9.999)
        assert gsi_statuses(client, "gsi_phases") == [("UPDATING", "CREATING", False)]
        engine.clock.advance(seconds=0.001)
        assert gsi_statuses(client, "gsi_phases") == [("ACTIVE", "CREATING", True)]
        engine.clock.advance(seconds=9.999)
        assert gsi_statuses(client, "gsi_phases") == [("ACTIVE", "CREATING", True)]
        engine.clock.advance(seconds=0.001)
        assert gsi_statuses(client, "gsi_phases") == [("ACTIVE", "ACTIVE", None)]
        index = client.describe_table(TableName="gsi_phases")["Table"]["GlobalSecondaryIndexes"][0]
        assert index["ItemCount"] == 1

        answer = client.update_table(
            TableName="gsi_phases", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_g"}}]
        )["TableDescription"]
        assert answer["GlobalSecondaryIndexes"][0]["IndexStatus"] == "DELETING"
        assert gsi_statuses(client, "gsi_phases") == [("UPDATING", "DELETING", None)]
        engine.clock.advance(seconds=10)
        assert gsi_statuses(client, "gsi_phases") == []
