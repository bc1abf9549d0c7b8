"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
RestoreTableFromBackup (behaviour reference, section 11)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    error_of,
    index_spec,
    make_indexed_table,
    unique_table_name,
)

ENGINE_CLOCK = pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="moves the dynafake engine's clock",
)


def put_items(client: Any, table: str, count: int, **extra: Any) -> None:
    for i in range(count):
        item = {"pk": {"S": f"k{i:03}"}, "n": {"N": str(i)}}
        item.update({name: {"S": f"{value}{i % 3}"} for name, value in extra.items()})
        client.put_item(TableName=table, Item=item)


def all_items(client: Any, table: str) -> list[dict[str, Any]]:
    items = client.scan(TableName=table, ConsistentRead=True)["Items"]
    return sorted(items, key=lambda item: item["pk"]["S"])


@pytest.fixture
def indexed(make_table: TableFactory) -> str:
    return make_indexed_table(
        make_table,
        attributes={"g": "S", "l": "S"},
        range=("n", "N"),
        lsis=[index_spec("by_l", "pk", "l")],
        gsis=[index_spec("by_g", "g")],
    )


def test_create_backup_answers_details(client: Any, indexed: str) -> None:
    put_items(client, indexed, 3, g="group", l="local")
    details = client.create_backup(TableName=indexed, BackupName="nightly-1")["BackupDetails"]
    arn = details["BackupArn"]
    table_arn = client.describe_table(TableName=indexed)["Table"]["TableArn"]
    assert re.fullmatch(re.escape(table_arn) + r"/backup/\d{14}-[0-9a-f]{8}", arn)
    assert details["BackupName"] == "nightly-1"
    assert details["BackupStatus"] == "CREATING"
    assert details["BackupType"] == "USER"
    assert isinstance(details["BackupCreationDateTime"], datetime)
    assert "BackupExpiryDateTime" not in details

    described = client.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert described["BackupDetails"]["BackupSizeBytes"] > 0
    source = described["SourceTableDetails"]
    assert source["TableName"] == indexed
    assert source["ItemCount"] == 3
    assert source["BillingMode"] == "PAY_PER_REQUEST"
    assert [key["AttributeName"] for key in source["KeySchema"]] == ["pk", "n"]
    features = described["SourceTableFeatureDetails"]
    assert [index["IndexName"] for index in features["LocalSecondaryIndexes"]] == ["by_l"]
    assert [index["IndexName"] for index in features["GlobalSecondaryIndexes"]] == ["by_g"]


def test_backup_errors(client: Any, make_table: TableFactory) -> None:
    code, message = error_of(client.create_backup, TableName="missing-table", BackupName="backup-1")
    assert (code, message) == ("TableNotFoundException", "Table not found: missing-table")
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01489602797149-73d8d5bc"
    assert error_of(client.describe_backup, BackupArn=arn) == (
        "BackupNotFoundException",
        f"Backup not found: {arn}",
    )
    assert error_of(client.delete_backup, BackupArn=arn)[0] == "BackupNotFoundException"
    code, _ = error_of(
        client.restore_table_from_backup, TargetTableName="target-table", BackupArn=arn
    )
    assert code == "BackupNotFoundException"
    table = make_table()
    code, _ = error_of(client.create_backup, TableName=table, BackupName="no spaces allowed")
    assert code == "ValidationException"


def test_backup_is_a_snapshot_and_restores_items_and_indexes(client: Any, indexed: str) -> None:
    put_items(client, indexed, 20, g="group", l="local")
    before = all_items(client, indexed)
    arn = client.create_backup(TableName=indexed, BackupName="snap")["BackupDetails"]["BackupArn"]
    client.put_item(TableName=indexed, Item={"pk": {"S": "after"}, "n": {"N": "1"}})
    client.delete_item(TableName=indexed, Key={"pk": {"S": "k000"}, "n": {"N": "0"}})

    target = unique_table_name()
    restored = client.restore_table_from_backup(TargetTableName=target, BackupArn=arn)[
        "TableDescription"
    ]
    assert restored["TableStatus"] == "CREATING"
    summary = restored["RestoreSummary"]
    assert summary["SourceBackupArn"] == arn
    assert summary["RestoreInProgress"] is True
    assert summary["SourceTableArn"].endswith(f":table/{indexed}")

    client.get_waiter("table_exists").wait(TableName=target)
    assert all_items(client, target) == before
    table = client.describe_table(TableName=target)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert "RestoreSummary" not in table
    assert table["ItemCount"] == 20
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["by_g"]
    assert table["GlobalSecondaryIndexes"][0]["ItemCount"] == 20
    by_group = client.query(
        TableName=target,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "group1"}},
    )["Items"]
    assert len(by_group) == 7
    by_local = client.query(
        TableName=target,
        IndexName="by_l",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "k005"}},
    )["Items"]
    assert len(by_local) == 1


def test_restore_without_indexes_and_with_billing_override(client: Any, indexed: str) -> None:
    put_items(client, indexed, 5, g="group", l="local")
    arn = client.create_backup(TableName=indexed, BackupName="snap")["BackupDetails"]["BackupArn"]
    target = unique_table_name()
    client.restore_table_from_backup(
        TargetTableName=target,
        BackupArn=arn,
        GlobalSecondaryIndexOverride=[],
        LocalSecondaryIndexOverride=[],
        BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
    )
    table = client.describe_table(TableName=target)["Table"]
    assert "GlobalSecondaryIndexes" not in table
    assert "LocalSecondaryIndexes" not in table
    assert {d["AttributeName"] for d in table["AttributeDefinitions"]} == {"pk", "n"}
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    assert table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == "PROVISIONED"
    assert len(all_items(client, target)) == 5

    code, message = error_of(
        client.restore_table_from_backup,
        TargetTableName=unique_table_name(),
        BackupArn=arn,
        BillingModeOverride="PROVISIONED",
    )
    assert code == "ValidationException"
    assert "ReadCapacityUnits and WriteCapacityUnits must both be specified" in message


def test_restore_does_not_carry_stream_ttl_tags_or_recovery(
    client: Any, make_table: TableFactory
) -> None:
    table = make_table(
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        Tags=[{"Key": "team", "Value": "data"}],
        DeletionProtectionEnabled=True,
    )
    client.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"}
    )
    client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    arn = client.create_backup(TableName=table, BackupName="snap")["BackupDetails"]["BackupArn"]
    features = client.describe_backup(BackupArn=arn)["BackupDescription"][
        "SourceTableFeatureDetails"
    ]
    assert features["StreamDescription"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert features["TimeToLiveDescription"]["AttributeName"] == "exp"

    target = unique_table_name()
    client.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    restored = client.describe_table(TableName=target)["Table"]
    assert "StreamSpecification" not in restored
    assert restored["DeletionProtectionEnabled"] is False
    assert client.describe_time_to_live(TableName=target)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"
    }
    recovery = client.describe_continuous_backups(TableName=target)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"
    ]
    assert recovery["PointInTimeRecoveryStatus"] == "DISABLED"
    client.update_table(TableName=table, DeletionProtectionEnabled=False)


def test_restore_target_must_not_exist(client: Any, make_table: TableFactory) -> None:
    table = make_table()
    other = make_table()
    arn = client.create_backup(TableName=table, BackupName="snap")["BackupDetails"]["BackupArn"]
    assert error_of(client.restore_table_from_backup, TargetTableName=other, BackupArn=arn) == (
        "TableAlreadyExistsException",
        f"Table already exists: {other}",
    )


def test_backup_outlives_its_table_and_restores_in_another_region(
    client: Any, make_table: TableFactory, backend: str
) -> None:
    import boto3

    table = make_table()
    put_items(client, table, 4)
    arn = client.create_backup(TableName=table, BackupName="keep")["BackupDetails"]["BackupArn"]
    client.delete_table(TableName=table)
    assert (
        client.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"]
        == "AVAILABLE"
    )
    west = boto3.client("dynamodb", region_name="eu-west-1")
    target = unique_table_name()
    west.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    assert len(west.scan(TableName=target)["Items"]) == 4
    assert target not in client.list_tables()["TableNames"]
    west.delete_table(TableName=target)


def test_list_backups_filters_and_pages(client: Any, make_table: TableFactory) -> None:
    first = make_table()
    second = make_table()
    arns = [
        client.create_backup(TableName=name, BackupName=f"backup-{i}")["BackupDetails"]["BackupArn"]
        for i, name in enumerate([first, second, first])
    ]
    listed = client.list_backups()["BackupSummaries"]
    assert {summary["BackupArn"] for summary in listed} >= set(arns)
    of_first = client.list_backups(TableName=first)["BackupSummaries"]
    assert [summary["BackupArn"] for summary in of_first] == [arns[0], arns[2]]
    summary = of_first[0]
    assert summary["TableName"] == first
    assert summary["BackupType"] == "USER"
    assert summary["BackupStatus"] == "AVAILABLE"

    page = client.list_backups(TableName=first, Limit=1)
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == [arns[0]]
    assert page["LastEvaluatedBackupArn"] == arns[0]
    rest = client.list_backups(TableName=first, Limit=1, ExclusiveStartBackupArn=arns[0])
    assert [s["BackupArn"] for s in rest["BackupSummaries"]] == [arns[2]]
    assert "LastEvaluatedBackupArn" not in rest

    assert client.list_backups(TableName=first, BackupType="SYSTEM")["BackupSummaries"] == []
    created = summary["BackupCreationDateTime"]
    later = client.list_backups(TableName=first, TimeRangeLowerBound=created + timedelta(days=1))[
        "BackupSummaries"
    ]
    assert later == []
    earlier = client.list_backups(TableName=first, TimeRangeUpperBound=created)
    assert earlier["BackupSummaries"] == []


def test_delete_backup_answers_deleted(client: Any, make_table: TableFactory) -> None:
    table = make_table()
    arn = client.create_backup(TableName=table, BackupName="gone")["BackupDetails"]["BackupArn"]
    deleted = client.delete_backup(BackupArn=arn)["BackupDescription"]
    assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
    assert deleted["SourceTableDetails"]["TableName"] == table
    assert error_of(client.describe_backup, BackupArn=arn)[0] == "BackupNotFoundException"


@ENGINE_CLOCK
def test_system_backup_of_deleted_table(
    client: Any, make_table: TableFactory, dynafake: Any
) -> None:
    dynafake.clock.freeze()
    table = make_table()
    put_items(client, table, 3)
    client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    client.delete_table(TableName=table)
    system = client.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"]
    assert len(system) == 1
    backup = system[0]
    assert backup["BackupName"] == f"{table}$DeletedTableBackup"
    assert backup["BackupType"] == "SYSTEM"
    expiry = backup["BackupExpiryDateTime"] - backup["BackupCreationDateTime"]
    assert expiry == timedelta(days=35)
    assert client.list_backups(TableName=table)["BackupSummaries"] == []
    assert error_of(client.delete_backup, BackupArn=backup["BackupArn"])[0] == "ValidationException"

    target = unique_table_name()
    client.restore_table_from_backup(TargetTableName=target, BackupArn=backup["BackupArn"])
    assert len(client.scan(TableName=target)["Items"]) == 3

    dynafake.clock.advance(days=35)
    assert client.list_backups(TableName=table, BackupType="ALL")["BackupSummaries"] == []


@ENGINE_CLOCK
def test_transitions_on_a_slow_engine() -> None:
    import dynafake

    with dynafake.Engine(frozen_at=1_700_000_000, table_transition_seconds=5) as engine:
        client = engine.client(region_name="us-east-1")
        client.create_table(
            TableName="slow-table",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        code, message = error_of(client.create_backup, TableName="slow-table", BackupName="early")
        assert code == "ContinuousBackupsUnavailableException"
        assert message == "Backups are being enabled for the table: slow-table. Please retry later"
        engine.clock.advance(seconds=5)
        arn = client.create_backup(TableName="slow-table", BackupName="snap")["BackupDetails"][
            "BackupArn"
        ]
        described = client.describe_backup(BackupArn=arn)["BackupDescription"]
        assert described["BackupDetails"]["BackupStatus"] == "CREATING"
        # A backup still being created can be neither restored nor deleted.
        code, _ = error_of(
            client.restore_table_from_backup, TargetTableName="slow-copy", BackupArn=arn
        )
        assert code == "BackupInUseException"
        assert error_of(client.delete_backup, BackupArn=arn)[0] == "BackupInUseException"
        engine.clock.advance(seconds=5)
        restored = client.restore_table_from_backup(TargetTableName="slow-copy", BackupArn=arn)
        assert restored["TableDescription"]["TableStatus"] == "CREATING"
        assert client.describe_table(TableName="slow-copy")["Table"]["TableStatus"] == "CREATING"
        assert "RestoreSummary" in client.describe_table(TableName="slow-copy")["Table"]
        engine.clock.advance(seconds=5)
        table = client.describe_table(TableName="slow-copy")["Table"]
        assert table["TableStatus"] == "ACTIVE"
        assert "RestoreSummary" not in table
        assert (
            client.delete_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
                "BackupStatus"
            ]
            == "DELETED"
        )
