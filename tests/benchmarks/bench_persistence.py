#!/usr/bin/env python3
"""What persistence costs: PutItem through the engine API (``Engine.handle``, no boto3) on an
in-memory engine against LevelDB engines under each durability policy ("process", "group",
"sync"), and what point-in-time recovery's change log adds (the "+pitr" variants, with recovery
enabled on the table).

Each variant gets its own engine and an on-demand table; every call puts a new 1 KB item (a fresh
key, as a write-heavy workload does), so LevelDB's log, memtable and compactions all take part.
The variants run in interleaved rounds and each reports its median round, so drift of a shared,
noisy machine affects them alike. After timing, every LevelDB engine is reopened and must hold
every item it was given, or the run stops (a fast store that lost writes would prove nothing).

Prints microseconds per put and the ratio to memory for each variant, and the filesystem the
databases were on (fsync costs depend on it: use --dir to pick one).
Usage: bench_persistence.py [--puts N] [--rounds N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REGION = "us-east-1"
TABLE = "items"
VARIANTS = ("memory", "memory+pitr", "process", "process+pitr", "group", "sync")


def request(engine: Any, operation: str, body: dict[str, Any]) -> dict[str, Any]:
    status, _, answer, _ = engine.handle(
        REGION, f"DynamoDB_20120810.{operation}", json.dumps(body).encode()
    )
    if status != 200:
        sys.exit(f"{operation} failed: {answer!r}")
    result: dict[str, Any] = json.loads(answer)
    return result


def put_bodies(first: int, count: int) -> list[bytes]:
    payload = "x" * 1000
    return [
        json.dumps(
            {"TableName": TABLE, "Item": {"pk": {"S": f"item-{i:09d}"}, "data": {"S": payload}}}
        ).encode()
        for i in range(first, first + count)
    ]


def timed_round(engine: Any, bodies: list[bytes]) -> float:
    """Microseconds per put over ``bodies``."""
    target = "DynamoDB_20120810.PutItem"
    start = time.perf_counter()
    for body in bodies:
        status, _, answer, _ = engine.handle(REGION, target, body)
        if status != 200:
            sys.exit(f"PutItem failed: {answer!r}")
    return (time.perf_counter() - start) * 1e6 / len(bodies)


def count_items(engine: Any) -> int:
    """The table's item count by Scan, page by page (a page stops at 1 MB)."""
    count = 0
    scan: dict[str, Any] = {"TableName": TABLE, "Select": "COUNT"}
    while True:
        page = request(engine, "Scan", scan)
        count += int(page["Count"])
        if "LastEvaluatedKey" not in page:
            return count
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def filesystem_of(directory: str) -> str:
    try:
        result = subprocess.run(
            ["stat", "-f", "-c", "%T", directory], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--puts", type=int, default=2_000, help="puts per variant per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", default=None, help="where the databases go (default: a temp dir)")
    args = parser.parse_args()

    import dynafake

    root = tempfile.mkdtemp(prefix="bench_persistence_", dir=args.dir)
    try:
        engines: dict[str, Any] = {}
        for variant in VARIANTS:
            durability = variant.removesuffix("+pitr")
            engines[variant] = (
                dynafake.Engine()
                if durability == "memory"
                else dynafake.Engine(path=Path(root) / variant, durability=durability)
            )
        for variant, engine in engines.items():
            request(
                engine,
                "CreateTable",
                {
                    "TableName": TABLE,
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                    "BillingMode": "PAY_PER_REQUEST",
                },
            )
            if variant.endswith("+pitr"):
                request(
                    engine,
                    "UpdateContinuousBackups",
                    {
                        "TableName": TABLE,
                        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    },
                )
            timed_round(engine, put_bodies(10**8, 200))  # warm-up, keys outside the timed range

        rounds: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for number in range(args.rounds):
            bodies = put_bodies(number * args.puts, args.puts)
            for variant in VARIANTS:
                rounds[variant].append(timed_round(engines[variant], bodies))
        written = args.rounds * args.puts + 200
        persistent = [variant for variant in VARIANTS if not variant.startswith("memory")]
        for variant in persistent:
            engines[variant].close()
            with dynafake.Engine(path=Path(root) / variant) as reopened:
                count = count_items(reopened)
            if count != written:
                sys.exit(f"{variant}: {count} items after reopening, {written} were put")
        for variant in VARIANTS:
            if variant.startswith("memory"):
                engines[variant].close()

        print(
            f"PutItem via Engine.handle, 1 KB items, new key each, {args.puts} puts x "
            f"{args.rounds} rounds per variant (median round); databases on "
            f"{filesystem_of(root)} ({root})"
        )
        memory = statistics.median(rounds["memory"])
        for variant in VARIANTS:
            median = statistics.median(rounds[variant])
            label = variant if variant.startswith("memory") else f"leveldb/{variant}"
            print(f"  {label:<20} {median:9.1f} us/put  {median / memory:6.2f}x memory")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
