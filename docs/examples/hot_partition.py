"""A hot partition and its fix, with capacity="enforce" and the capacity report.

An orders table keyed by day takes 1,200 order writes per second. Every write of a day goes to one
partition key value, and DynamoDB serves one partition key value at most 1,000 write units per
second whatever the table has provisioned: the design throttles although the table has twice the
capacity it needs. Spreading each day over 10 key values ("write sharding") fixes it, and the
capacity report shows both: the throttles, the hottest key's share, and the monthly bill.

Run: .venv/bin/python docs/examples/hot_partition.py
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import dynafake

START = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
DAY = "2026-11-21"
WRITES_PER_SECOND = 1200
SECONDS = 10
SHARDS = 10


def create_orders_table(client: Any, name: str) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        # Twice the 1,200 WCU the workload needs.
        ProvisionedThroughput={"ReadCapacityUnits": 100, "WriteCapacityUnits": 2400},
    )


def write_orders(client: Any, ddb: dynafake.Engine, table: str, sharded: bool) -> int:
    """The workload; returns how many writes were throttled (left unprocessed)."""
    throttled = 0
    for second in range(SECONDS):
        orders = range(second * WRITES_PER_SECOND, (second + 1) * WRITES_PER_SECOND)
        for start in range(orders.start, orders.stop, 25):
            requests = []
            for order in range(start, min(start + 25, orders.stop)):
                pk = f"{DAY}#{order % SHARDS}" if sharded else DAY
                item = {"pk": {"S": pk}, "sk": {"S": f"order#{order:06d}"}, "total": {"N": "42"}}
                requests.append({"PutRequest": {"Item": item}})
            try:
                response = client.batch_write_item(RequestItems={table: requests})
                throttled += len(response["UnprocessedItems"].get(table, []))
            except ClientError as error:
                if error.response["Error"]["Code"] != "ProvisionedThroughputExceededException":
                    raise
                throttled += len(requests)  # none of the batch could be written
        ddb.clock.advance(seconds=1)
    return throttled


def main() -> None:
    with dynafake.mock(capacity="enforce", frozen_at=START) as ddb:
        config = Config(retries={"mode": "legacy", "total_max_attempts": 1})
        client = boto3.client("dynamodb", region_name="us-east-1", config=config)
        create_orders_table(client, "orders_by_day")
        create_orders_table(client, "orders_by_day_shard")

        hot = write_orders(client, ddb, "orders_by_day", sharded=False)
        even = write_orders(client, ddb, "orders_by_day_shard", sharded=True)
        print(f"one key per day:  {hot:,} of {WRITES_PER_SECOND * SECONDS:,} writes throttled")
        print(f"10 keys per day:  {even:,} throttled")

        report = ddb.capacity.report()
        for name in ("orders_by_day", "orders_by_day_shard"):
            table = report.table(name)
            print(table.summary())
            hottest = table.usage.hottest_keys[0]
            print(
                f"  hottest key {hottest.label}: {hottest.write_units:,.0f} WCU,"
                f" {hottest.share:.0%} of the table's; peak"
                f" {table.usage.peak_write_units_per_second:,.0f} WCU/s"
            )
            cost = table.cost.for_class("STANDARD")
            print(
                f"  a month of this traffic: on-demand ${cost.on_demand_total:,.2f},"
                f" provisioned ${cost.provisioned_total:,.2f},"
                f" reserved ${cost.reserved_total:,.2f}"
            )

        # The hot design loses 200 writes of every second's 1,200 to the 1,000 WCU ceiling of one
        # key value; the sharded one none, for the same table capacity.
        assert hot == (WRITES_PER_SECOND - 1000) * SECONDS
        assert even == 0
        assert report.table("orders_by_day").usage.write_throttled > 0
        assert report.table("orders_by_day_shard").usage.write_throttled == 0


if __name__ == "__main__":
    main()
