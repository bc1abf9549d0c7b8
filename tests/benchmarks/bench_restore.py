#!/usr/bin/env python3
"""How long a restore takes: RestoreTableFromBackup and RestoreTableToPointInTime of a table of
100,000 items (with one global secondary index) through the engine API (``Engine.handle``, no
boto3), on an in-memory engine and on a LevelDB one. The target is under 2 seconds.

The source table, with point-in-time recovery on, is filled with BatchWriteItem and then every item
is written again a second later; CreateBackup copies it. Three restores are timed: from the backup,
to the latest restorable time (nothing to undo), and to the second before the rewrite (every item
is taken from the change log). The run checks every restored table has every item (its ItemCount
and its index's, a Scan count of the first restore of each kind, and one item's version) so that a
fast restore that dropped or mixed up items would stop the run. Prints the time of the one
CreateBackup and each restore's median over --rounds.
Usage: bench_restore.py [--items N] [--rounds N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_persistence import request

SOURCE = "source"
TARGET_SECONDS = 2.0


def write_all(engine: Any, items: int, version: str) -> None:
    payload = "x" * 100
    for first in range(0, items, 25):
        writes = [
            {
                "PutRequest": {
                    "Item": {
                        "pk": {"S": f"item-{i:09d}"},
                        "group": {"S": f"g{i % 100}"},
                        "version": {"S": version},
                        "data": {"S": payload},
                    }
                }
            }
            for i in range(first, min(first + 25, items))
        ]
        request(engine, "BatchWriteItem", {"RequestItems": {SOURCE: writes}})


def fill(engine: Any, items: int) -> None:
    request(
        engine,
        "CreateTable",
        {
            "TableName": SOURCE,
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "group", "AttributeType": "S"},
            ],
            "GlobalSecondaryIndexes": [
                {
                    "IndexName": "by_group",
                    "KeySchema": [{"AttributeName": "group", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    request(
        engine,
        "UpdateContinuousBackups",
        {
            "TableName": SOURCE,
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        },
    )
    engine.clock.advance(seconds=1)
    write_all(engine, items, "first")
    engine.clock.advance(seconds=1)
    write_all(engine, items, "second")


def check_restored(engine: Any, table: str, items: int, scan: bool, version: str) -> None:
    key = {"pk": {"S": f"item-{items // 2:09d}"}}
    item = request(engine, "GetItem", {"TableName": table, "Key": key})["Item"]
    if item["version"]["S"] != version:
        sys.exit(f"{table}: version {item['version']['S']}, expected {version}")
    described = request(engine, "DescribeTable", {"TableName": table})["Table"]
    index_items = described["GlobalSecondaryIndexes"][0]["ItemCount"]
    if described["ItemCount"] != items or index_items != items:
        sys.exit(f"{table}: {described['ItemCount']} items, {index_items} in the index")
    if not scan:
        return
    count = 0
    body: dict[str, Any] = {"TableName": table, "Select": "COUNT"}
    while True:
        page = request(engine, "Scan", body)
        count += int(page["Count"])
        if "LastEvaluatedKey" not in page:
            break
        body["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    if count != items:
        sys.exit(f"{table}: Scan counted {count} of {items} items")


def measure(engine: Any, label: str, items: int, rounds: int) -> None:
    start = engine.clock.timestamp()
    fill(engine, items)
    engine.clock.advance(minutes=6)  # the latest restorable time lags the clock by 5 minutes
    began = time.perf_counter()
    backup_arn = request(engine, "CreateBackup", {"TableName": SOURCE, "BackupName": "bench"})[
        "BackupDetails"
    ]["BackupArn"]
    print(f"{label:>8}  {'CreateBackup':<18} {time.perf_counter() - began:6.3f} s")
    restores: dict[str, tuple[str, dict[str, Any], str]] = {
        "from backup": (
            "RestoreTableFromBackup",
            {"BackupArn": backup_arn},
            "second",
        ),
        "to latest time": (
            "RestoreTableToPointInTime",
            {"SourceTableName": SOURCE, "UseLatestRestorableTime": True},
            "second",
        ),
        "to before rewrite": (
            "RestoreTableToPointInTime",
            {"SourceTableName": SOURCE, "RestoreDateTime": start + 1},
            "first",
        ),
    }
    for name, (operation, body, version) in restores.items():
        seconds: list[float] = []
        for number in range(rounds):
            target = f"{name.replace(' ', '-')}-{number}"
            arguments = {**body, "TargetTableName": target}
            began = time.perf_counter()
            request(engine, operation, arguments)
            seconds.append(time.perf_counter() - began)
            check_restored(engine, target, items, scan=number == 0, version=version)
        median = statistics.median(seconds)
        verdict = "under" if median < TARGET_SECONDS else "OVER"
        print(f"{label:>8}  {name:<18} {median:6.3f} s  ({verdict} the 2 s target)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the database goes (default: a temp dir)")
    args = parser.parse_args()

    import dynafake

    print(f"restoring a table of {args.items:,} items with one global secondary index")
    root = tempfile.mkdtemp(prefix="bench_restore_", dir=args.dir)
    try:
        with dynafake.Engine(frozen_at=1_767_225_600) as memory:
            measure(memory, "memory", args.items, args.rounds)
        with dynafake.Engine(path=Path(root) / "db", frozen_at=1_767_225_600) as persistent:
            measure(persistent, "leveldb", args.items, args.rounds)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
