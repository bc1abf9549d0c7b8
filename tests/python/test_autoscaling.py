"""engine.capacity.autoscale(): target-tracking auto scaling of provisioned capacity on the engine
clock, seen through DescribeTable as the service's Application Auto Scaling would leave it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import dynafake
from dynafake import Engine

# A whole minute, so that the minutes of the test are the clock's minutes.
FROZEN_AT = 1_700_000_040
REGION = "us-east-1"
SMALL = "x" * 100  # one write unit per put


@pytest.fixture(params=["track", "enforce"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    with dynafake.mock(capacity=request.param, frozen_at=FROZEN_AT) as started:
        yield started


@pytest.fixture
def client(engine: Engine) -> Any:
    config = Config(retries={"mode": "legacy", "total_max_attempts": 1})
    return boto3.client("dynamodb", region_name=REGION, config=config)


def create_table(client: Any, name: str = "orders", write: int = 5) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": write},
    )


def write_units(client: Any, name: str = "orders") -> int:
    throughput = client.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    return int(throughput["WriteCapacityUnits"])


def write_for(client: Any, engine: Engine, seconds: int, per_second: int) -> None:
    """`per_second` one-unit puts in each of `seconds` seconds of the clock."""
    for second in range(seconds):
        for i in range(per_second):
            client.put_item(
                TableName="orders", Item={"pk": {"S": f"k{second}-{i}"}, "data": {"S": SMALL}}
            )
        engine.clock.advance(seconds=1)


def test_sustained_load_raises_capacity_after_two_minutes(client: Any, engine: Engine) -> None:
    create_table(client)
    engine.capacity.autoscale("orders", min=5, max=100, target_utilization=70)
    # 10 WCU per second against 5 provisioned: 200 % of capacity, far above the 70 % target.
    write_for(client, engine, 60, 10)
    assert write_units(client) == 5  # one minute above target is not enough
    write_for(client, engine, 61, 10)
    # Two minutes above: capacity for 10 per second at 70 %, ceil(10 / 0.7) = 15.
    assert write_units(client) == 15
    description = client.describe_table(TableName="orders")["Table"]
    assert "LastIncreaseDateTime" in description["ProvisionedThroughput"]
    # The capacity report shows the policies and the provisioned units over time.
    scaling = engine.capacity.report(table="orders").table("orders").auto_scaling
    assert [(p.operation, p.min_units, p.max_units) for p in scaling.policies] == [
        ("read", 5, 100),
        ("write", 5, 100),
    ]
    changes = [(a.operation, a.from_units, a.to_units, a.successful) for a in scaling.activities]
    assert changes == [("write", 5, 15, True)]


def test_capacity_comes_down_only_after_fifteen_quiet_minutes(client: Any, engine: Engine) -> None:
    create_table(client, write=50)
    engine.capacity.autoscale("orders", min=5, max=100, target_utilization=70)
    engine.clock.advance(minutes=14)
    assert write_units(client) == 50
    engine.clock.advance(minutes=2)
    # No use at all: down to the minimum, one of the day's decreases.
    assert write_units(client) == 5
    throughput = client.describe_table(TableName="orders")["Table"]["ProvisionedThroughput"]
    assert throughput["NumberOfDecreasesToday"] == 1


def test_registering_moves_capacity_into_the_range(client: Any, engine: Engine) -> None:
    create_table(client, write=1)
    engine.capacity.autoscale("orders", min=10, max=20, target_utilization=70)
    assert write_units(client) == 10


def test_bad_policies_and_on_demand_tables_are_refused(client: Any, engine: Engine) -> None:
    create_table(client)
    with pytest.raises(ValueError, match="90"):
        engine.capacity.autoscale("orders", min=5, max=100, target_utilization=95)
    with pytest.raises(ValueError, match="no less than the minimum"):
        engine.capacity.autoscale("orders", min=50, max=10)
    with pytest.raises(ValueError, match="Table: missing not found"):
        engine.capacity.autoscale("missing", min=5, max=10)
    client.create_table(
        TableName="demand",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(ValueError, match="PAY_PER_REQUEST"):
        engine.capacity.autoscale("demand", min=5, max=10)


def test_autoscaling_ends_the_throttling_of_a_growing_workload() -> None:
    with dynafake.mock(capacity="enforce", frozen_at=FROZEN_AT) as engine:
        client = boto3.client(
            "dynamodb",
            region_name=REGION,
            config=Config(retries={"mode": "legacy", "total_max_attempts": 1}),
        )
        create_table(client, write=5)
        engine.capacity.autoscale("orders", min=5, max=100, target_utilization=70)
        throttles: list[str] = []
        # 10 WCU per second for 8 minutes against 5 provisioned: the burst (1,500 units) runs out
        # after 300 s without scaling; scaling comes after the first two minutes.
        for second in range(480):
            for i in range(10):
                try:
                    client.put_item(TableName="orders", Item={"pk": {"S": f"k{second}-{i}"}})
                except ClientError as error:
                    throttles.append(error.response["Error"]["Code"])
            engine.clock.advance(seconds=1)
        assert throttles == []
        assert write_units(client) == 15  # ceil(10 / 0.7)
