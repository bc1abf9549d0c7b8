"""Backups, point-in-time recovery settings and the change log of a persistent engine survive
reopening it (docs/storage-format.md)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import dynafake

REGION = "eu-west-1"
START = 1_767_225_600


def create_table(client: Any, name: str) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def items_of(client: Any, table: str) -> dict[str, str]:
    items = client.scan(TableName=table, ConsistentRead=True)["Items"]
    return {item["pk"]["S"]: item["v"]["S"] for item in items}


def test_backups_and_recovery_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path, frozen_at=START) as engine:
        client = engine.client(region_name=REGION)
        create_table(client, "orders")
        client.update_continuous_backups(
            TableName="orders",
            PointInTimeRecoverySpecification={
                "PointInTimeRecoveryEnabled": True,
                "RecoveryPeriodInDays": 7,
            },
        )
        client.put_item(TableName="orders", Item={"pk": {"S": "a"}, "v": {"S": "1"}})
        arn = client.create_backup(TableName="orders", BackupName="first")["BackupDetails"][
            "BackupArn"
        ]
        engine.clock.set(START + 60)
        client.put_item(TableName="orders", Item={"pk": {"S": "a"}, "v": {"S": "2"}})
        client.put_item(TableName="orders", Item={"pk": {"S": "b"}, "v": {"S": "2"}})
        before = client.describe_continuous_backups(TableName="orders")

    with dynafake.Engine(path=path, frozen_at=START + 60) as reopened:
        client = reopened.client(region_name=REGION)
        after = client.describe_continuous_backups(TableName="orders")
        assert after["ContinuousBackupsDescription"] == before["ContinuousBackupsDescription"]
        listed = client.list_backups(TableName="orders")["BackupSummaries"]
        assert [summary["BackupArn"] for summary in listed] == [arn]
        client.restore_table_from_backup(TargetTableName="from-backup", BackupArn=arn)
        assert items_of(client, "from-backup") == {"a": "1"}

        # Writes after reopening extend the same history.
        reopened.clock.set(START + 120)
        client.delete_item(TableName="orders", Key={"pk": {"S": "b"}})
        reopened.clock.advance(minutes=10)
        for second, expected in ((0, {"a": "1"}), (60, {"a": "2", "b": "2"}), (120, {"a": "2"})):
            target = f"at-{second}"
            client.restore_table_to_point_in_time(
                SourceTableName="orders",
                TargetTableName=target,
                RestoreDateTime=datetime.fromtimestamp(START + second, tz=timezone.utc),
            )
            assert items_of(client, target) == expected, second

    with dynafake.Engine(path=path, frozen_at=START + 720) as third:
        client = third.client(region_name=REGION)
        tables = client.list_tables()["TableNames"]
        assert {"from-backup", "at-0", "at-60", "at-120"} <= set(tables)
        assert items_of(client, "at-60") == {"a": "2", "b": "2"}
