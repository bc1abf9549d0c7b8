"""A persistent engine reopens with each table's own capacity mode and its auto scaling policies,
kept by table incarnation; the engine's default mode is an option of each open, and usage,
throttling state and scaling activities start afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from botocore.config import Config

import dynafake
from dynafake import Engine
from dynafake.capacity import ScalingPolicy

# A whole minute, so that the minutes of the test are the clock's minutes.
FROZEN_AT = 1_700_000_040
REGION = "us-east-1"
SMALL = "x" * 100  # one write unit per put


def open_engine(path: Path, frozen_at: float = FROZEN_AT, capacity: str = "track") -> Engine:
    return dynafake.Engine(path=path, frozen_at=frozen_at, capacity=capacity)


def client_of(engine: Engine) -> Any:
    # No retries: a throttled write fails the test rather than being retried.
    config = Config(retries={"mode": "legacy", "total_max_attempts": 1})
    return engine.client(region_name=REGION, config=config)


def create_table(client: Any, name: str, write: int = 5) -> None:
    """A provisioned table with the global secondary index "by_group"."""
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "group", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_group",
                "KeySchema": [{"AttributeName": "group", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
            }
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": write},
    )


def write_units(client: Any, name: str) -> int:
    throughput = client.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    return int(throughput["WriteCapacityUnits"])


def write_for(client: Any, engine: Engine, name: str, seconds: int, per_second: int) -> None:
    """`per_second` one-unit puts to `name` in each of `seconds` seconds of the clock."""
    for second in range(seconds):
        for i in range(per_second):
            client.put_item(TableName=name, Item={"pk": {"S": f"k{second}-{i}"}, "d": {"S": SMALL}})
        engine.clock.advance(seconds=1)


def policies(engine: Engine, name: str) -> list[ScalingPolicy]:
    return engine.capacity.report(table=name).table(name).auto_scaling.policies


def test_modes_and_policies_are_the_same_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with open_engine(path) as engine:
        client = client_of(engine)
        for name in ("orders", "quiet", "plain"):
            create_table(client, name)
        engine.capacity.set_mode("enforce", table="orders")
        engine.capacity.set_mode("off", table="quiet")
        engine.capacity.autoscale("orders", min=5, max=100, target_utilization=70)
        engine.clock.advance(seconds=30)
        engine.capacity.autoscale("orders", min=1, max=10, target_utilization=50, index="by_group")
        engine.capacity.remove_autoscale("orders", index="by_group", read=False)
        before = policies(engine, "orders")
    assert [(p.index_name, p.operation) for p in before] == [
        (None, "read"),
        (None, "write"),
        ("by_group", "read"),
    ]

    # Another default this time: it applies to the table without a mode of its own only.
    with open_engine(path, frozen_at=FROZEN_AT + 3600, capacity="off") as engine:
        assert engine.capacity.mode() == "off"
        assert engine.capacity.mode(table="orders") == "enforce"
        assert engine.capacity.mode(table="quiet") == "off"
        assert engine.capacity.mode(table="plain") == "off"
        assert policies(engine, "orders") == before
        assert policies(engine, "quiet") == []
        engine.capacity.set_mode("track")
        client = client_of(engine)
        for name in ("orders", "quiet", "plain"):
            client.put_item(TableName=name, Item={"pk": {"S": "a"}})
        report = engine.capacity.report()
        # The stored modes are the ones in force: "quiet" records nothing, the others do.
        assert report.table("orders").capacity_mode == "enforce"
        assert report.table("quiet").usage.write_units == 0
        assert report.table("plain").usage.write_units == 1
        assert report.table("orders").usage.write_units == 1
        engine.capacity.set_mode(None, table="quiet")

    with open_engine(path, frozen_at=FROZEN_AT + 7200, capacity="enforce") as engine:
        assert engine.capacity.mode(table="quiet") == "enforce"
        assert engine.capacity.mode(table="orders") == "enforce"
        assert policies(engine, "orders") == before


def test_a_reopened_policy_scales_the_table_with_the_traffic(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with open_engine(path) as engine:
        client = client_of(engine)
        create_table(client, "orders")
        engine.capacity.set_mode("enforce", table="orders")
        engine.capacity.autoscale("orders", min=5, max=100, target_utilization=70)

    with open_engine(path, frozen_at=FROZEN_AT + 3600) as engine:
        client = client_of(engine)
        # 10 WCU per second against 5 provisioned: 200 % of capacity, far above the 70 % target.
        write_for(client, engine, "orders", 60, 10)
        assert write_units(client, "orders") == 5  # one minute above target is not enough
        write_for(client, engine, "orders", 61, 10)
        # Two minutes above: capacity for 10 per second at 70 %, ceil(10 / 0.7) = 15.
        assert write_units(client, "orders") == 15
        scaling = engine.capacity.report(table="orders").table("orders").auto_scaling
        changes = [
            (a.operation, a.from_units, a.to_units, a.successful) for a in scaling.activities
        ]
        assert changes == [("write", 5, 15, True)]

    # The capacity it reached is the table's; the activities were kept in memory only.
    with open_engine(path, frozen_at=FROZEN_AT + 7200) as engine:
        assert write_units(client_of(engine), "orders") == 15
        assert engine.capacity.report(table="orders").table("orders").auto_scaling.activities == []
        assert len(policies(engine, "orders")) == 2


def test_a_table_created_again_under_the_same_name_has_no_mode_or_policy(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with open_engine(path) as engine:
        client = client_of(engine)
        create_table(client, "orders")
        engine.capacity.set_mode("off", table="orders")
        engine.capacity.autoscale("orders", min=5, max=100)
        client.delete_table(TableName="orders")
        create_table(client, "orders", write=50)
        assert engine.capacity.mode(table="orders") == "track"
        assert policies(engine, "orders") == []

    with open_engine(path, frozen_at=FROZEN_AT + 3600) as engine:
        client = client_of(engine)
        assert engine.capacity.mode(table="orders") == "track"
        assert policies(engine, "orders") == []
        # No policy of the first incarnation scales the second one down after quiet minutes.
        engine.clock.advance(minutes=20)
        assert write_units(client, "orders") == 50
