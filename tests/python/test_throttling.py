"""capacity="enforce": DynamoDB's capacity model through boto3, on a clock the test controls.

Provisioned tables and indexes throttle once their burst (300 s of unused capacity) is spent, a
partition key value is held to 1,000 write / 3,000 read units per second, on-demand tables serve
twice their previous peak, and a throttled request consumes nothing and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import dynafake
from dynafake import Engine

FROZEN_AT = 1_700_000_000
REGION = "us-east-1"
ONE_KB = "x" * 900  # with the keys, an item under 1 KB: one write unit
THROTTLES = ("ProvisionedThroughputExceededException", "ThrottlingException")
NO_RETRIES = Config(retries={"mode": "legacy", "total_max_attempts": 1})


@pytest.fixture
def engine() -> Iterator[Engine]:
    with dynafake.mock(capacity="enforce", frozen_at=FROZEN_AT) as started:
        yield started


@pytest.fixture
def client(engine: Engine) -> Any:
    return boto3.client("dynamodb", region_name=REGION, config=NO_RETRIES)


def create_table(
    client: Any,
    name: str,
    *,
    read: int = 5,
    write: int = 5,
    on_demand: bool = False,
    sort_key: bool = False,
    gsi_write: int | None = None,
) -> str:
    """A table keyed by pk (S) [and sk (S)]; returns its ARN."""
    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort_key:
        key_schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "S"})
    arguments: dict[str, Any] = {
        "TableName": name,
        "KeySchema": key_schema,
        "AttributeDefinitions": definitions,
    }
    if on_demand:
        arguments["BillingMode"] = "PAY_PER_REQUEST"
    else:
        arguments["ProvisionedThroughput"] = {
            "ReadCapacityUnits": read,
            "WriteCapacityUnits": write,
        }
    if gsi_write is not None:
        definitions.append({"AttributeName": "g", "AttributeType": "S"})
        arguments["GlobalSecondaryIndexes"] = [
            {
                "IndexName": "by_g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": gsi_write},
            }
        ]
    return str(client.create_table(**arguments)["TableDescription"]["TableArn"])


def item(pk: str, sk: str | None = None, **extra: str) -> dict[str, Any]:
    out: dict[str, Any] = {"pk": {"S": pk}, "data": {"S": ONE_KB}}
    if sk is not None:
        out["sk"] = {"S": sk}
    for name, value in extra.items():
        out[name] = {"S": value}
    return out


def batch_put(client: Any, table: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Writes `items` 25 at a time; returns the items left unprocessed (those of a call that was
    throttled as a whole included)."""
    unprocessed: list[dict[str, Any]] = []
    for start in range(0, len(items), 25):
        requests = [{"PutRequest": {"Item": entry}} for entry in items[start : start + 25]]
        try:
            response = client.batch_write_item(RequestItems={table: requests})
        except ClientError as error:
            if throttle_of(error)[0] not in THROTTLES:
                raise
            unprocessed.extend(items[start : start + 25])
            continue
        for request in response["UnprocessedItems"].get(table, []):
            unprocessed.append(request["PutRequest"]["Item"])
    return unprocessed


def throttle_of(error: ClientError) -> tuple[str, list[dict[str, str]]]:
    """The error code and its ThrottlingReasons (either spelling)."""
    response = error.response
    reasons = response.get("ThrottlingReasons", response.get("throttlingReasons", []))
    return response["Error"]["Code"], reasons


def test_provisioned_table_absorbs_a_burst_throttles_then_recovers(
    client: Any, engine: Engine
) -> None:
    arn = create_table(client, "orders", write=5)
    # 300 s of 5 WCU banked: 1,500 one-unit writes in the same instant.
    assert batch_put(client, "orders", [item(f"k{i}") for i in range(1500)]) == []

    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="orders", Item=item("late"))
    code, reasons = throttle_of(raised.value)
    assert code == "ProvisionedThroughputExceededException"
    assert raised.value.response["Error"]["Message"] == (
        "The level of configured provisioned throughput for the table was exceeded. Consider "
        "increasing your provisioning level with the UpdateTable API."
    )
    assert reasons == [{"reason": "TableWriteProvisionedThroughputExceeded", "resource": arn}]
    # A throttled write changes nothing.
    assert "Item" not in client.get_item(TableName="orders", Key={"pk": {"S": "late"}})

    # One second refills 5 units: five writes, then the sixth is throttled.
    engine.clock.advance(seconds=1)
    for i in range(5):
        client.put_item(TableName="orders", Item=item(f"next{i}"))
    with pytest.raises(ClientError):
        client.put_item(TableName="orders", Item=item("sixth"))

    # A minute refills 300.
    engine.clock.advance(minutes=1)
    assert batch_put(client, "orders", [item(f"m{i}") for i in range(300)]) == []
    with pytest.raises(ClientError):
        client.put_item(TableName="orders", Item=item("after"))


def test_larger_items_spend_more_units(client: Any) -> None:
    create_table(client, "big", write=1)
    # 300 units banked; a 10 KB item costs 10 write units, so 30 fit.
    big = {"pk": {"S": ""}, "data": {"S": "y" * 10_000}}
    for i in range(30):
        client.put_item(TableName="big", Item={**big, "pk": {"S": f"k{i}"}})
    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="big", Item={**big, "pk": {"S": "one-more"}})
    assert throttle_of(raised.value)[0] == "ProvisionedThroughputExceededException"


def test_reads_throttle_by_read_units(client: Any) -> None:
    create_table(client, "reads", read=1, write=5)
    client.put_item(TableName="reads", Item=item("k"))
    # 300 read units banked: 300 strongly consistent reads of an item under 4 KB, or 600
    # eventually consistent ones; here 200 + 200.
    for _ in range(200):
        client.get_item(TableName="reads", Key={"pk": {"S": "k"}}, ConsistentRead=True)
    for _ in range(200):
        client.get_item(TableName="reads", Key={"pk": {"S": "k"}})
    with pytest.raises(ClientError) as raised:
        client.get_item(TableName="reads", Key={"pk": {"S": "k"}})
    code, reasons = throttle_of(raised.value)
    assert code == "ProvisionedThroughputExceededException"
    assert reasons[0]["reason"] == "TableReadProvisionedThroughputExceeded"
    with pytest.raises(ClientError):
        client.query(
            TableName="reads",
            KeyConditionExpression="pk = :k",
            ExpressionAttributeValues={":k": {"S": "k"}},
        )
    with pytest.raises(ClientError):
        client.scan(TableName="reads")


def test_failed_condition_consumes_capacity(client: Any) -> None:
    create_table(client, "guarded", write=1)
    client.put_item(TableName="guarded", Item={"pk": {"S": "k"}})
    # The stored item is tiny: each failed conditional put costs 1 unit of the 300 banked (299
    # left after the first put).
    for _ in range(299):
        with pytest.raises(ClientError) as raised:
            client.put_item(
                TableName="guarded", Item=item("k"), ConditionExpression="attribute_not_exists(pk)"
            )
        assert raised.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    with pytest.raises(ClientError) as raised:
        client.put_item(
            TableName="guarded", Item=item("k"), ConditionExpression="attribute_not_exists(pk)"
        )
    assert throttle_of(raised.value)[0] == "ProvisionedThroughputExceededException"


def test_hot_partition_throttles_while_an_even_workload_does_not(client: Any) -> None:
    # 4,000 WCU: the table as a whole has room for either workload.
    create_table(client, "hot", write=4000, sort_key=True)
    create_table(client, "even", write=4000, sort_key=True)
    # 1,200 one-unit writes in one second: to one partition key value...
    hot = [item("customer#1", f"order#{i}") for i in range(1200)]
    unprocessed = batch_put(client, "hot", hot)
    # ...are held to the partition's 1,000 WCU;
    assert len(unprocessed) == 200
    # ...spread over 100 values, all are written.
    even = [item(f"customer#{i % 100}", f"order#{i}") for i in range(1200)]
    assert batch_put(client, "even", even) == []

    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="hot", Item=item("customer#1", "one-more"))
    code, reasons = throttle_of(raised.value)
    assert code == "ProvisionedThroughputExceededException"
    assert reasons[0]["reason"] == "TableWriteKeyRangeThroughputExceeded"
    # Another key value of the same table is not affected.
    client.put_item(TableName="hot", Item=item("customer#2", "fine"))


def test_on_demand_table_serves_twice_its_previous_peak(client: Any, engine: Engine) -> None:
    arn = create_table(client, "demand", on_demand=True)
    # A new on-demand table serves 4,000 write units per second at once.
    writes = [item(f"k{i}") for i in range(4100)]
    assert len(batch_put(client, "demand", writes)) == 100
    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="demand", Item=item("over"))
    code, reasons = throttle_of(raised.value)
    assert code == "ThrottlingException"
    assert reasons == [{"reason": "TableWriteAccountLimitExceeded", "resource": arn}]

    # 4,000 per second becomes the previous peak 30 minutes later: then 8,000 are served.
    engine.clock.advance(minutes=30)
    writes = [item(f"j{i}") for i in range(8100)]
    assert len(batch_put(client, "demand", writes)) == 100


def test_batch_write_returns_throttled_items_and_raises_when_all_are(
    client: Any, engine: Engine
) -> None:
    create_table(client, "batch", write=5)
    assert batch_put(client, "batch", [item(f"k{i}") for i in range(1500)]) == []
    engine.clock.advance(seconds=1)  # 5 units
    requests = [{"PutRequest": {"Item": item(f"b{i}")}} for i in range(10)]
    response = client.batch_write_item(RequestItems={"batch": requests})
    assert response["UnprocessedItems"] == {"batch": requests[5:]}
    # Nothing left: every write throttled is the exception itself.
    with pytest.raises(ClientError) as raised:
        client.batch_write_item(RequestItems={"batch": requests[5:]})
    assert throttle_of(raised.value)[0] == "ProvisionedThroughputExceededException"


def test_batch_get_returns_throttled_keys(client: Any, engine: Engine) -> None:
    create_table(client, "bget", read=1, write=5)
    client.put_item(TableName="bget", Item=item("k0"))
    for _ in range(300):
        client.get_item(TableName="bget", Key={"pk": {"S": "k0"}}, ConsistentRead=True)
    keys = [{"pk": {"S": f"k{i}"}} for i in range(4)]
    with pytest.raises(ClientError) as raised:
        client.batch_get_item(RequestItems={"bget": {"Keys": keys}})
    assert throttle_of(raised.value)[0] == "ProvisionedThroughputExceededException"
    # One second refills 1 unit: two eventually consistent reads of 0.5 each, then the rest of
    # the keys come back unprocessed.
    engine.clock.advance(seconds=1)
    response = client.batch_get_item(RequestItems={"bget": {"Keys": keys}})
    assert response["UnprocessedKeys"] == {"bget": {"Keys": keys[2:]}}
    assert response["Responses"]["bget"] == [item("k0")]


def test_global_index_out_of_capacity_throttles_table_writes(client: Any) -> None:
    arn = create_table(client, "indexed", write=1000, gsi_write=1)
    # The index banks 300 units; every write below adds an index entry.
    assert batch_put(client, "indexed", [item(f"k{i}", g="x") for i in range(300)]) == []
    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="indexed", Item=item("late", g="x"))
    code, reasons = throttle_of(raised.value)
    assert code == "ProvisionedThroughputExceededException"
    assert "global secondary indexes" in raised.value.response["Error"]["Message"]
    assert reasons == [
        {"reason": "IndexWriteProvisionedThroughputExceeded", "resource": f"{arn}/index/by_g"}
    ]


def test_writes_outside_a_sparse_index_are_not_held_back_by_it(client: Any) -> None:
    create_table(client, "sparse", write=1000, gsi_write=1)
    assert batch_put(client, "sparse", [item(f"k{i}", g="x") for i in range(300)]) == []
    # The index is out of capacity, but these items have no entry in it.
    assert batch_put(client, "sparse", [item(f"n{i}") for i in range(100)]) == []
    with pytest.raises(ClientError):
        client.put_item(TableName="sparse", Item=item("late", g="x"))


def test_a_hot_index_key_value_throttles_table_writes(client: Any) -> None:
    arn = create_table(client, "status", write=4000, gsi_write=4000)
    # Every item has a different table key but the same index key value: the index partition
    # of "OPEN" takes at most 1,000 write units per second.
    unprocessed = batch_put(client, "status", [item(f"k{i}", g="OPEN") for i in range(1100)])
    assert len(unprocessed) == 100
    with pytest.raises(ClientError) as raised:
        client.put_item(TableName="status", Item=item("late", g="OPEN"))
    assert throttle_of(raised.value)[1] == [
        {"reason": "IndexWriteKeyRangeThroughputExceeded", "resource": f"{arn}/index/by_g"}
    ]
    client.put_item(TableName="status", Item=item("other", g="CLOSED"))


def test_throttled_transaction_is_canceled_with_a_throttling_reason(client: Any) -> None:
    create_table(client, "txn", write=1)
    # A transaction costs twice: 150 transactions of one small item spend the 300 units.
    for i in range(150):
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": "txn", "Item": {"pk": {"S": f"k{i}"}}}}]
        )
    with pytest.raises(ClientError) as raised:
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": "txn", "Item": {"pk": {"S": "late"}}}}]
        )
    assert raised.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert [reason["Code"] for reason in raised.value.response["CancellationReasons"]] == [
        "ThrottlingError"
    ]


def test_track_mode_never_throttles() -> None:
    with dynafake.mock(frozen_at=FROZEN_AT):
        client = boto3.client("dynamodb", region_name=REGION, config=NO_RETRIES)
        create_table(client, "tracked", write=1)
        assert batch_put(client, "tracked", [item(f"k{i}") for i in range(1000)]) == []


def test_botocore_retries_a_throttled_call(client: Any, engine: Engine) -> None:
    create_table(client, "retried", write=1)
    assert batch_put(client, "retried", [item(f"k{i}") for i in range(300)]) == []
    retrying = boto3.client(
        "dynamodb",
        region_name=REGION,
        config=Config(retries={"mode": "legacy", "total_max_attempts": 3}),
    )
    with pytest.raises(ClientError) as raised:
        retrying.put_item(TableName="retried", Item=item("late"))
    # Three attempts: the first and two retries, as against the service.
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_an_unknown_capacity_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown capacity mode 'bogus'"):
        dynafake.Engine(capacity="bogus")
