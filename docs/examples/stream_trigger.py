"""A stream trigger and Time to Live on a clock the example controls.

Run: .venv/bin/python docs/examples/stream_trigger.py
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3

import dynafake

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def main() -> None:
    with dynafake.mock(frozen_at=START) as ddb:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="orders",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        client.update_time_to_live(
            TableName="orders",
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"},
        )

        events: list[dict[str, Any]] = []

        def handler(event: dict[str, Any], context: dynafake.LambdaContext) -> None:
            print(f"{context.function_name} got {len(event['Records'])} record(s)")
            events.append(event)

        ddb.streams.subscribe("orders", handler)

        in_an_hour = int(START.timestamp()) + 3600
        client.put_item(
            TableName="orders", Item={"pk": {"S": "a"}, "expires": {"N": str(in_an_hour)}}
        )
        ddb.clock.advance(hours=2)  # the item expires and the next sweep deletes it

        for event in events:
            for record in event["Records"]:
                print(record["eventName"], record["dynamodb"]["Keys"], record.get("userIdentity"))
        assert [r["eventName"] for e in events for r in e["Records"]] == ["INSERT", "REMOVE"]


if __name__ == "__main__":
    main()
