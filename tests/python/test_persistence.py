"""A persistent engine: a rich table across reopening, acknowledged writes across kill -9, the
storage format record and the directory lock (docs/storage-format.md)."""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from python_support import acknowledged_until_killed

import dynafake

REGION = "eu-west-1"

EVERY_TYPE: dict[str, Any] = {
    "pk": {"S": "user#1"},
    "sk": {"N": "42"},
    "s": {"S": "héllo wörld"},
    "n": {"N": "-1.2345678901234567890123456789012345678E+100"},
    "b": {"B": b"\x00\xff\x10"},
    "bool": {"BOOL": False},
    "null": {"NULL": True},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"\x01", b"\x02\x03"]},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"L": [{"NULL": True}]}, {"M": {"k": {"BOOL": True}}}]},
    "m": {"M": {"nested": {"M": {"deep": {"SS": ["z"]}}}, "empty": {"M": {}}, "list": {"L": []}}},
    "gsi_pk": {"S": "group-a"},
    "lsi_sk": {"S": "2026-01-01"},
    "expires": {"N": "4102444800"},
}


def create_rich_table(client: Any) -> None:
    client.create_table(
        TableName="rich",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "gsi_pk", "AttributeType": "S"},
            {"AttributeName": "lsi_sk", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by_date",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "lsi_sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_group",
                "KeySchema": [{"AttributeName": "gsi_pk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["s", "n"]},
                "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4},
            }
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        Tags=[{"Key": "owner", "Value": "data-team"}, {"Key": "stage", "Value": "test"}],
    )
    arn = client.describe_table(TableName="rich")["Table"]["TableArn"]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "prod"}])
    client.untag_resource(ResourceArn=arn, TagKeys=["owner"])
    client.update_time_to_live(
        TableName="rich",
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"},
    )


def observable_state(client: Any) -> dict[str, Any]:
    """Everything a client can read back about the rich table."""
    table = client.describe_table(TableName="rich")["Table"]
    return {
        "table": table,
        "ttl": client.describe_time_to_live(TableName="rich")["TimeToLiveDescription"],
        "tags": client.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"],
        "items": client.scan(TableName="rich", ConsistentRead=True)["Items"],
        "gsi": client.query(
            TableName="rich",
            IndexName="by_group",
            KeyConditionExpression="gsi_pk = :g",
            ExpressionAttributeValues={":g": {"S": "group-a"}},
        )["Items"],
        "lsi": client.query(
            TableName="rich",
            IndexName="by_date",
            KeyConditionExpression="pk = :p AND lsi_sk > :d",
            ExpressionAttributeValues={":p": {"S": "user#1"}, ":d": {"S": "2000"}},
        )["Items"],
        "tables": client.list_tables()["TableNames"],
    }


def test_a_rich_table_reads_back_the_same_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path, frozen_at=1_767_225_600) as engine:
        client = engine.client(region_name=REGION)
        create_rich_table(client)
        client.put_item(TableName="rich", Item=EVERY_TYPE)
        second = {**EVERY_TYPE, "sk": {"N": "43"}, "lsi_sk": {"S": "2026-02-02"}}
        client.put_item(TableName="rich", Item=second)
        client.update_item(
            TableName="rich",
            Key={"pk": {"S": "user#1"}, "sk": {"N": "43"}},
            UpdateExpression="SET added = :v REMOVE ss",
            ExpressionAttributeValues={":v": {"N": "7"}},
        )
        client.delete_item(TableName="rich", Key={"pk": {"S": "gone"}, "sk": {"N": "1"}})
        before = observable_state(client)
    assert len(before["items"]) == 2
    assert len(before["gsi"]) == 2
    assert len(before["lsi"]) == 2
    assert before["ttl"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    assert before["tags"] == [{"Key": "stage", "Value": "prod"}]

    with dynafake.Engine(path=path, frozen_at=1_767_225_600) as reopened:
        after = observable_state(reopened.client(region_name=REGION))
    assert after == before
    assert Decimal(after["items"][0]["n"]["N"]) == Decimal(EVERY_TYPE["n"]["N"])


# The child of the crash test: writes through boto3 on the persistent engine at argv[1] with the
# durability argv[2], printing each write once DynamoDB acknowledged it, until it is killed.
CRASH_WRITER = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    import dynafake
    engine = dynafake.Engine(path=sys.argv[1], durability=sys.argv[2])
    client = engine.client(region_name="eu-west-1")
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        client.put_item(TableName="log", Item={"pk": {"S": f"put-{i}"}, "v": {"N": str(i)}})
        print(f"put put-{i}", flush=True)
        if i % 5 == 0:
            client.delete_item(TableName="log", Key={"pk": {"S": f"put-{i - 2}"}})
            print(f"delete put-{i - 2}", flush=True)
        if i % 3 == 0:
            marker = f"txn-{i}"
            client.transact_write_items(TransactItems=[
                {"Put": {"TableName": "log", "Item": {
                    "pk": {"S": f"{marker}-{part}"}, "marker": {"S": marker},
                    "blob": {"B": os.urandom(2000)}}}}
                for part in range(3)
            ])
            print(f"txn {marker}", flush=True)
    """
)


def create_log_table(path: Path) -> None:
    with dynafake.Engine(path=path) as engine:
        engine.client(region_name=REGION).create_table(
            TableName="log",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )


def kill_writer_at_random(path: Path, durability: str, rng: random.Random) -> list[str]:
    """Runs CRASH_WRITER, kills it with SIGKILL a random moment after it starts writing and returns
    the writes it reported acknowledged (whole lines only)."""
    return acknowledged_until_killed(CRASH_WRITER, [str(path), durability], rng.uniform(0.05, 0.35))


def check_acknowledged_writes_survived(path: Path, acknowledged: list[str]) -> None:
    with dynafake.Engine(path=path) as engine:
        client = engine.client(region_name=REGION)
        pages = client.get_paginator("scan").paginate(TableName="log", ConsistentRead=True)
        stored = {item["pk"]["S"]: item for page in pages for item in page["Items"]}
    puts = {line.split()[1] for line in acknowledged if line.startswith("put ")}
    deletes = {line.split()[1] for line in acknowledged if line.startswith("delete ")}
    transactions = {line.split()[1] for line in acknowledged if line.startswith("txn ")}
    assert puts, "the writer was killed before any acknowledged write"
    # Killed between a put of put-i (i a multiple of 5) and its delete of put-(i-2), the delete may
    # have been applied without being acknowledged.
    last = acknowledged[-1].split()
    in_flight = set()
    if last[0] == "put" and int(last[1].removeprefix("put-")) % 5 == 0:
        in_flight.add(f"put-{int(last[1].removeprefix('put-')) - 2}")
    assert {key for key in puts - deletes if key not in stored} <= in_flight
    assert deletes & stored.keys() == set()
    parts_by_marker: dict[str, set[str]] = {}
    for key, item in stored.items():
        if "marker" in item:
            parts_by_marker.setdefault(item["marker"]["S"], set()).add(key)
    # Each transaction is there whole (its three items) or not at all; acknowledged ones are there.
    for marker, parts in parts_by_marker.items():
        assert parts == {f"{marker}-{part}" for part in range(3)}, marker
    assert transactions - parts_by_marker.keys() == set()


@pytest.mark.parametrize(("durability", "kills"), [("process", 3), ("group", 1), ("sync", 1)])
def test_acknowledged_writes_survive_kill_9(tmp_path: Path, durability: str, kills: int) -> None:
    rng = random.Random()
    path = tmp_path / "db"
    create_log_table(path)
    for _ in range(kills):
        acknowledged = kill_writer_at_random(path, durability, rng)
        check_acknowledged_writes_survived(path, acknowledged)


def test_durability_must_be_a_known_policy(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown durability 'often': expected process, sync or"):
        dynafake.Engine(path=tmp_path / "db", durability="often")
    for durability in ("process", "sync", "group"):
        with dynafake.Engine(path=tmp_path / durability, durability=durability) as engine:
            assert engine.path == str(tmp_path / durability)


def test_a_path_another_engine_holds_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db"
    held = f"Cannot open the database at '{path}': it is in use by another engine"
    with dynafake.Engine(path=path):
        with pytest.raises(dynafake.EngineError, match=f"{held} \\(its LOCK file is held\\)"):
            dynafake.Engine(path=path)
        opener = "import dynafake, sys\ndynafake.Engine(path=sys.argv[1])"
        other = subprocess.run(
            [sys.executable, "-c", opener, str(path)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert other.returncode == 1
        assert f"dynafake._core.EngineError: InternalServerError: {held}" in other.stderr
    with dynafake.Engine(path=path):
        pass


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli), as LevelDB checksums its log records."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def append_put_to_leveldb_log(path: Path, key: bytes, value: bytes) -> None:
    """Appends to a closed LevelDB database's newest log a record that puts key = value, as the
    database's own Write would; the next open replays it. A sequence number far above any the
    database used makes it the newest version of the key."""
    batch = struct.pack("<QI", 1 << 40, 1) + b"\x01"
    for part in (key, value):
        batch += bytes([len(part)]) + part  # one-byte varints: both are short
    record_type = 1  # a full record
    masked = crc32c(bytes([record_type]) + batch)
    masked = (((masked >> 15) | (masked << 17)) + 0xA282EAD8) & 0xFFFFFFFF
    header = struct.pack("<IHB", masked, len(batch), record_type)
    log = max(path.glob("*.log"), key=lambda file: int(file.stem))
    leftover = 32768 - log.stat().st_size % 32768
    with log.open("ab") as file:
        if leftover < len(header):
            file.write(b"\x00" * leftover)
        file.write(header + batch)


def test_a_database_of_a_newer_storage_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path) as engine:
        engine.client(region_name=REGION).create_table(
            TableName="kept",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
    # The format record: [table id 0: fixed32 BE]['F'] -> [format: fixed32 BE].
    append_put_to_leveldb_log(path, b"\x00\x00\x00\x00F", struct.pack(">I", 9))
    message = (
        f"The database at '{path}' was written by a newer dynafake (storage format 9); "
        "this version reads format 1"
    )
    for _ in range(2):  # the refusal changes nothing and releases the directory
        with pytest.raises(dynafake.EngineError) as refused:
            dynafake.Engine(path=path)
        assert str(refused.value) == f"InternalServerError: {message}"

    append_put_to_leveldb_log(path, b"\x00\x00\x00\x00F", struct.pack(">I", 1))
    with dynafake.Engine(path=path) as engine:
        assert engine.client(region_name=REGION).list_tables()["TableNames"] == ["kept"]


def test_numbers_keep_every_digit_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path) as engine:
        table = engine.resource(region_name=REGION).create_table(
            TableName="numbers",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        table.put_item(Item={"pk": Decimal("12345678901234567890123456789012345678")})
    with dynafake.Engine(path=path) as engine:
        table = engine.resource(region_name=REGION).Table("numbers")
        items = table.scan()["Items"]
    assert items == [{"pk": Decimal("12345678901234567890123456789012345678")}]
