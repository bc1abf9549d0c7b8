"""Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups and
RestoreTableToPointInTime over a scripted history on the engine's clock (behaviour reference,
section 11)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    error_of,
    index_spec,
    make_indexed_table,
    unique_table_name,
)

pytestmark = pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="moves the dynafake engine's clock",
)

START = 1_767_225_600  # 2026-01-01T00:00:00Z
LAG = timedelta(minutes=5)


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(START + seconds, tz=timezone.utc)


def enable(client: Any, table: str, **spec: Any) -> dict[str, Any]:
    response = client.update_continuous_backups(
        TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, **spec},
    )
    return dict(response["ContinuousBackupsDescription"])


def recovery(client: Any, table: str) -> dict[str, Any]:
    return dict(
        client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"
        ]
    )


def items_of(client: Any, table: str) -> dict[str, str]:
    items = client.scan(TableName=table, ConsistentRead=True)["Items"]
    return {item["pk"]["S"]: item.get("v", {"S": ""})["S"] for item in items}


def restore_at(client: Any, source: str, seconds: float) -> dict[str, str]:
    target = unique_table_name()
    client.restore_table_to_point_in_time(
        SourceTableName=source, TargetTableName=target, RestoreDateTime=at(seconds)
    )
    return items_of(client, target)


@pytest.fixture
def engine(dynafake: Any) -> Any:
    dynafake.clock.freeze(at=START)
    return dynafake


def test_disabled_by_default_and_enable_reports_the_window(
    client: Any, make_table: TableFactory, engine: Any
) -> None:
    table = make_table()
    described = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert described == {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"},
    }
    enabled = enable(client, table)
    pitr = enabled["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["RecoveryPeriodInDays"] == 35
    assert pitr["EarliestRestorableDateTime"] == at(0)
    assert pitr["LatestRestorableDateTime"] == at(0)

    engine.clock.advance(hours=1)
    pitr = recovery(client, table)
    assert pitr["EarliestRestorableDateTime"] == at(0)
    assert pitr["LatestRestorableDateTime"] == at(3600) - LAG

    enable(client, table, RecoveryPeriodInDays=1)
    engine.clock.advance(days=2)
    pitr = recovery(client, table)
    assert pitr["RecoveryPeriodInDays"] == 1
    assert pitr["EarliestRestorableDateTime"] == at(3600 + 2 * 86400) - timedelta(days=1)


def test_errors(client: Any, make_table: TableFactory, engine: Any) -> None:
    assert error_of(client.describe_continuous_backups, TableName="missing-table") == (
        "TableNotFoundException",
        "Table not found: missing-table",
    )
    code, _ = error_of(
        client.update_continuous_backups,
        TableName="missing-table",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    assert code == "TableNotFoundException"
    table = make_table()
    code, _ = error_of(
        client.update_continuous_backups,
        TableName=table,
        PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True,
            "RecoveryPeriodInDays": 36,
        },
    )
    assert code == "ValidationException"
    assert error_of(
        client.restore_table_to_point_in_time,
        SourceTableName=table,
        TargetTableName=unique_table_name(),
        UseLatestRestorableTime=True,
    ) == (
        "PointInTimeRecoveryUnavailableException",
        f"Point in time recovery is not enabled for table '{table}'",
    )
    enable(client, table)
    engine.clock.advance(hours=1)
    code, message = error_of(
        client.restore_table_to_point_in_time,
        SourceTableName=table,
        TargetTableName=unique_table_name(),
        RestoreDateTime=at(-10),
    )
    assert code == "InvalidRestoreTimeException"
    assert "2026-01-01T00:00:00Z" in message
    assert "2026-01-01T00:55:00Z" in message
    code, _ = error_of(
        client.restore_table_to_point_in_time,
        SourceTableName=table,
        TargetTableName=unique_table_name(),
        RestoreDateTime=at(3600 - 60),
    )
    assert code == "InvalidRestoreTimeException"
    other = make_table()
    assert error_of(
        client.restore_table_to_point_in_time,
        SourceTableName=table,
        TargetTableName=other,
        UseLatestRestorableTime=True,
    ) == ("TableAlreadyExistsException", f"Table already exists: {other}")
    assert error_of(
        client.restore_table_to_point_in_time,
        SourceTableName="missing-table",
        TargetTableName=unique_table_name(),
        UseLatestRestorableTime=True,
    ) == ("TableNotFoundException", "Table not found: missing-table")


def test_restores_match_a_scripted_history(
    client: Any, make_table: TableFactory, engine: Any
) -> None:
    table = make_table()
    client.put_item(TableName=table, Item={"pk": {"S": "old"}, "v": {"S": "0"}})
    enable(client, table)
    expected: dict[int, dict[str, str]] = {0: {"old": "0"}}
    engine.clock.set(START + 10)
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"S": "1"}})
    client.put_item(TableName=table, Item={"pk": {"S": "b"}, "v": {"S": "1"}})
    expected[10] = {"old": "0", "a": "1", "b": "1"}
    engine.clock.set(START + 20)
    client.update_item(
        TableName=table,
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"S": "2"}},
    )
    client.delete_item(TableName=table, Key={"pk": {"S": "old"}})
    expected[20] = {"a": "2", "b": "1"}
    engine.clock.set(START + 30)
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": "t1"}, "v": {"S": "3"}}}},
            {"Put": {"TableName": table, "Item": {"pk": {"S": "t2"}, "v": {"S": "3"}}}},
            {"Delete": {"TableName": table, "Key": {"pk": {"S": "b"}}}},
        ]
    )
    expected[30] = {"a": "2", "t1": "3", "t2": "3"}
    engine.clock.set(START + 40)
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"S": "4"}})
    expected[40] = {"a": "4", "t1": "3", "t2": "3"}
    engine.clock.advance(minutes=10)

    for second, items in expected.items():
        assert restore_at(client, table, second) == items, second
        assert restore_at(client, table, second + 5) == items, second + 5
    latest = unique_table_name()
    restored = client.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=latest, UseLatestRestorableTime=True
    )["TableDescription"]
    assert restored["RestoreSummary"]["RestoreDateTime"] == at(40 + 600) - LAG
    assert "SourceBackupArn" not in restored["RestoreSummary"]
    assert items_of(client, latest) == expected[40]


def test_time_to_live_deletions_are_part_of_the_history(
    client: Any, make_table: TableFactory, engine: Any
) -> None:
    table = make_table()
    client.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"}
    )
    enable(client, table)
    client.put_item(
        TableName=table, Item={"pk": {"S": "short"}, "v": {"S": "x"}, "exp": {"N": str(START + 60)}}
    )
    engine.clock.set(START + 120)
    engine.ttl.sweep()
    assert items_of(client, table) == {}
    engine.clock.advance(minutes=10)
    assert restore_at(client, table, 30) == {"short": "x"}
    assert restore_at(client, table, 121) == {}


def test_restore_by_arn_with_indexes_and_overrides(
    client: Any, make_table: TableFactory, engine: Any
) -> None:
    table = make_indexed_table(make_table, attributes={"g": "S"}, gsis=[index_spec("by_g", "g")])
    enable(client, table)
    for i in range(6):
        client.put_item(TableName=table, Item={"pk": {"S": f"k{i}"}, "g": {"S": f"g{i % 2}"}})
    engine.clock.advance(minutes=6)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    with_index = unique_table_name()
    client.restore_table_to_point_in_time(
        SourceTableArn=arn, TargetTableName=with_index, UseLatestRestorableTime=True
    )
    found = client.query(
        TableName=with_index,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "g1"}},
    )["Items"]
    assert len(found) == 3
    without = unique_table_name()
    client.restore_table_to_point_in_time(
        SourceTableName=table,
        TargetTableName=without,
        UseLatestRestorableTime=True,
        GlobalSecondaryIndexOverride=[],
    )
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName=without)["Table"]


def test_disabling_forgets_the_history(client: Any, make_table: TableFactory, engine: Any) -> None:
    table = make_table()
    enable(client, table)
    engine.clock.set(START + 10)
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"S": "1"}})
    client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
    )
    assert recovery(client, table) == {"PointInTimeRecoveryStatus": "DISABLED"}
    engine.clock.set(START + 20)
    enable(client, table)
    pitr = recovery(client, table)
    assert pitr["EarliestRestorableDateTime"] == at(20)
    engine.clock.advance(minutes=10)
    code, _ = error_of(
        client.restore_table_to_point_in_time,
        SourceTableName=table,
        TargetTableName=unique_table_name(),
        RestoreDateTime=at(10),
    )
    assert code == "InvalidRestoreTimeException"
    assert restore_at(client, table, 20) == {"a": "1"}


def test_period_needs_recovery_enabled(client: Any, make_table: TableFactory, engine: Any) -> None:
    table = make_table()
    code, message = error_of(
        client.update_continuous_backups,
        TableName=table,
        PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": False,
            "RecoveryPeriodInDays": 7,
        },
    )
    assert code == "ValidationException"
    assert "RecoveryPeriodInDays" in message
    assert recovery(client, table) == {"PointInTimeRecoveryStatus": "DISABLED"}
