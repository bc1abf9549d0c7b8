"""DynamoDB Streams on a persistent engine: streams, shards and records read back the same after the
engine is closed and reopened, and a write's stream record survives kill -9 as the write does."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from python_support import acknowledged_until_killed

import dynafake

REGION = "eu-west-1"
START = 1_767_225_600  # 2026-01-01T00:00:00Z
HOUR = 3600


def create_stream_table(client: Any, name: str, view_type: str) -> str:
    """An on-demand table keyed by pk (S) with a stream; returns the stream's ARN."""
    response = client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )
    return str(response["TableDescription"]["LatestStreamArn"])


def read_shard(streams: Any, arn: str, shard_id: str) -> list[dict[str, Any]]:
    """Every record of one shard, from its trim horizon."""
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records: list[dict[str, Any]] = []
    for _ in range(1000):
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records += page["Records"]
        iterator = page.get("NextShardIterator")
        if not page["Records"] or iterator is None:
            return records
    raise AssertionError("the shard never ended")


def streams_state(streams: Any) -> dict[str, Any]:
    """Everything DynamoDB Streams shows of the region: each stream's description and records."""
    state: dict[str, Any] = {}
    for summary in streams.list_streams()["Streams"]:
        arn = summary["StreamArn"]
        description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
        records = {
            shard["ShardId"]: read_shard(streams, arn, shard["ShardId"])
            for shard in description["Shards"]
        }
        state[arn] = {"summary": summary, "description": description, "records": records}
    return state


def test_streams_read_back_the_same_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path, frozen_at=START) as engine:
        client = engine.client(region_name=REGION)
        streams = engine.client("dynamodbstreams", region_name=REGION)
        orders = create_stream_table(client, "orders", "NEW_AND_OLD_IMAGES")
        audit = create_stream_table(client, "audit", "KEYS_ONLY")
        client.put_item(TableName="orders", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
        client.update_item(
            TableName="orders",
            Key={"pk": {"S": "a"}},
            UpdateExpression="SET v = :v, tags = :t",
            ExpressionAttributeValues={":v": {"N": "2"}, ":t": {"SS": ["x", "y"]}},
        )
        client.put_item(TableName="audit", Item={"pk": {"S": "kept"}})
        engine.clock.advance(seconds=4 * HOUR + 60)  # the next write rolls the shard over
        client.put_item(
            TableName="orders",
            Item={"pk": {"S": "b"}, "blob": {"B": b"\x00\xff"}, "n": {"NULL": True}},
        )
        client.delete_item(TableName="orders", Key={"pk": {"S": "a"}})
        client.update_table(TableName="audit", StreamSpecification={"StreamEnabled": False})
        before = streams_state(streams)
        open_shard = before[orders]["description"]["Shards"][-1]["ShardId"]
        latest = streams.get_shard_iterator(
            StreamArn=orders, ShardId=open_shard, ShardIteratorType="LATEST"
        )["ShardIterator"]
        closed_at = engine.clock.timestamp()

    orders_shards = before[orders]["description"]["Shards"]
    assert len(orders_shards) == 2
    assert [len(records) for records in before[orders]["records"].values()] == [2, 2]
    assert before[audit]["description"]["StreamStatus"] == "DISABLED"
    sequences = [
        int(record["dynamodb"]["SequenceNumber"])
        for records in before[orders]["records"].values()
        for record in records
    ]

    with dynafake.Engine(path=path, frozen_at=closed_at) as engine:
        client = engine.client(region_name=REGION)
        streams = engine.client("dynamodbstreams", region_name=REGION)
        assert streams_state(streams) == before
        # An iterator issued before closing still reads from where it stood.
        assert streams.get_records(ShardIterator=latest)["Records"] == []
        client.put_item(TableName="orders", Item={"pk": {"S": "c"}})
        client.put_item(TableName="audit", Item={"pk": {"S": "not recorded"}})
        after = streams_state(streams)
        new_records = streams.get_records(ShardIterator=latest)["Records"]

    assert [record["dynamodb"]["Keys"] for record in new_records] == [{"pk": {"S": "c"}}]
    assert int(new_records[0]["dynamodb"]["SequenceNumber"]) > max(sequences)
    assert after[orders]["records"][open_shard][-1] == new_records[0]
    assert after[audit] == before[audit]


def test_trimmed_records_stay_trimmed_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path, frozen_at=START) as engine:
        client = engine.client(region_name=REGION)
        arn = create_stream_table(client, "orders", "NEW_IMAGE")
        client.put_item(TableName="orders", Item={"pk": {"S": "old"}})
        engine.clock.advance(seconds=2 * HOUR)
        client.put_item(TableName="orders", Item={"pk": {"S": "new"}})
    # Reopened a day after the first write: the first request trims it, for good.
    with dynafake.Engine(path=path, frozen_at=START + 24 * HOUR) as engine:
        streams = engine.client("dynamodbstreams", region_name=REGION)
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        kept = [record["dynamodb"]["Keys"] for record in read_shard(streams, arn, shard)]
    assert kept == [{"pk": {"S": "new"}}]
    with dynafake.Engine(path=path, frozen_at=START + 24 * HOUR) as engine:
        streams = engine.client("dynamodbstreams", region_name=REGION)
        assert [record["dynamodb"]["Keys"] for record in read_shard(streams, arn, shard)] == kept


# The child of the kill -9 test: puts items through boto3 on the persistent engine at argv[1],
# printing each put once DynamoDB acknowledged it, until it is killed.
STREAM_WRITER = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    import dynafake
    engine = dynafake.Engine(path=sys.argv[1])
    client = engine.client(region_name="eu-west-1")
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        client.put_item(TableName="log", Item={"pk": {"S": f"put-{i}"}, "v": {"N": str(i)}})
        print(f"put-{i}", flush=True)
    """
)


def test_acknowledged_writes_keep_their_stream_records_across_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path) as engine:
        arn = create_stream_table(engine.client(region_name=REGION), "log", "NEW_IMAGE")
    acknowledged = acknowledged_until_killed(STREAM_WRITER, [str(path)], 0.3)
    assert acknowledged, "the writer was killed before any acknowledged write"

    with dynafake.Engine(path=path) as engine:
        client = engine.client(region_name=REGION)
        streams = engine.client("dynamodbstreams", region_name=REGION)
        shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        records = [
            record for shard in shards for record in read_shard(streams, arn, shard["ShardId"])
        ]
        client.put_item(TableName="log", Item={"pk": {"S": "after"}})
        last = read_shard(streams, arn, shards[-1]["ShardId"])[-1]
    keys = [record["dynamodb"]["Keys"]["pk"]["S"] for record in records]
    # Every acknowledged put has its record, in order; at most the one in flight follows them.
    assert keys[: len(acknowledged)] == acknowledged
    assert len(keys) - len(acknowledged) <= 1
    sequences = [int(record["dynamodb"]["SequenceNumber"]) for record in records]
    assert sequences == sorted(set(sequences))
    assert last["dynamodb"]["Keys"] == {"pk": {"S": "after"}}
    assert int(last["dynamodb"]["SequenceNumber"]) > sequences[-1]
