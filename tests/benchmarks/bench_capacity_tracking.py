#!/usr/bin/env python3
"""What capacity tracking costs: put_item and get_item on an engine with ``capacity="track"`` (the
default: every request's consumption recorded for the capacity report) against one with
``capacity="off"``.

Two engines, each with a provisioned table of the 1 KB items of bench_item_ops (64 keys), called
through boto3 clients bound to each engine (fast path). The variants run interleaved in blocks
(bench_item_ops.measure_interleaved), so drift of a shared, noisy machine affects them alike.
Before timing, the tracked engine's report must show the units of the calls made so far and the
untracked one none, or the run stops (tracking that recorded nothing would be cheap for nothing).

Prints the p50 microseconds per call and the ratio track / off for each operation, with the
target (under 1.1x: PASS or MISS).
Usage: bench_capacity_tracking.py [--iterations N] [--block N] [--warmup N]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from bench_item_ops import make_item, measure_interleaved

REGION = "us-east-1"
TABLE = "items"
KEYS = 64
TARGET_RATIO = 1.1
MODES = ("off", "track")


def create_table(client: Any) -> None:
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 1000, "WriteCapacityUnits": 1000},
    )


def calls(client: Any, items: list[dict[str, Any]]) -> dict[str, Callable[[int], Any]]:
    keys = [{"pk": item["pk"]} for item in items]

    def put_item(i: int) -> Any:
        return client.put_item(TableName=TABLE, Item=items[i % KEYS])

    def get_item(i: int) -> Any:
        return client.get_item(TableName=TABLE, Key=keys[i % KEYS])

    return {"put_item": put_item, "get_item": get_item}


def recorded_units(engine: Any) -> float:
    """Read plus write units the engine's capacity report holds for the table."""
    report = engine.capacity.report(table=TABLE)
    if not report.tables:
        return 0.0
    usage = report.tables[0].usage
    return float(usage.read_units + usage.write_units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20_000)
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

    import dynafake

    items = [make_item(f"item-{index}") for index in range(KEYS)]
    engines = {mode: dynafake.Engine(capacity=mode) for mode in MODES}
    variants: dict[str, dict[str, Callable[[int], Any]]] = {}
    for mode, engine in engines.items():
        client = engine.client("dynamodb", region_name=REGION)
        create_table(client)
        for item in items:
            client.put_item(TableName=TABLE, Item=item)
        variants[mode] = calls(client, items)

    # Each 1 KB item costs 2 write units (it is a little over 1 KB) and 0.5 read units.
    if recorded_units(engines["off"]) != 0 or recorded_units(engines["track"]) <= 0:
        sys.exit("capacity='track' recorded nothing, or capacity='off' recorded something")
    before = recorded_units(engines["track"])
    p50 = measure_interleaved(variants, args)
    if recorded_units(engines["track"]) <= before:
        sys.exit("the timed calls were not recorded under capacity='track'")

    print(f"p50 per call, 1 KB items, {args.iterations} calls per variant (boto3, fast path)")
    for operation in ("put_item", "get_item"):
        off = p50["off"][operation]
        track = p50["track"][operation]
        ratio = track / off
        verdict = "PASS" if ratio < TARGET_RATIO else "MISS"
        print(
            f"  {operation:<9} off {off:8.1f} us  track {track:8.1f} us  "
            f"{ratio:.3f}x (target < {TARGET_RATIO}x) {verdict}"
        )
    for engine in engines.values():
        engine.close()


if __name__ == "__main__":
    main()
