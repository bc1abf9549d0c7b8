#!/usr/bin/env python3
"""put_item through boto3 on a table with a stream against the same put on a table without one.

Three tables in one ``dynafake.mock()`` (fast path), each with the 1 KB items of bench_item_ops
(64 keys written round and round, each put with a new ``version``, so that every put changes
the item: a put that changes nothing makes no record. After the first round every put replaces an
item, and its record carries both images where the view type asks for them):

* ``plain``: no stream;
* ``keys_only``: a stream of view type KEYS_ONLY;
* ``new_and_old``: a stream of view type NEW_AND_OLD_IMAGES, the costliest record (both images).

The three run interleaved: rounds of blocks of --block calls, tables in turn (in a rotating order),
so that drift of a shared, noisy machine affects them alike; the p50 is over all samples. Before
timing, the streams are read back through the dynamodbstreams client: each streamed table must hold
one record per put made so far, with the view type's images, or the run stops (a fake that skipped
the records would be cheap for nothing).

Prints the p50 microseconds per put for each table and each streamed table's ratio to ``plain``,
with the target (a put with a stream enabled costs under 1.3x a put without: PASS or MISS).
Usage: bench_stream_put.py [--iterations N] [--block N] [--warmup N]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

import boto3
from bench_item_ops import make_item, measure_interleaved

REGION = "us-east-1"
KEYS = 64
# Distinct versions in the cycle of prepared items: a key never gets the version it holds.
VERSIONS = 4096
TARGET_RATIO = 1.3
TABLES = {"plain": None, "keys_only": "KEYS_ONLY", "new_and_old": "NEW_AND_OLD_IMAGES"}


def create_table(client: Any, name: str, view_type: str | None) -> None:
    extra: dict[str, Any] = {}
    if view_type is not None:
        extra["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view_type}
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )


def put_call(client: Any, name: str, items: list[dict[str, Any]]) -> Callable[[int], Any]:
    def put_item(i: int) -> Any:
        # Past the first round, which fills the table.
        return client.put_item(TableName=name, Item=items[(KEYS + i) % len(items)])

    return put_item


def stream_records(client: Any, streams: Any, name: str) -> list[dict[str, Any]]:
    """Every record of the table's stream, across its shards."""
    arn = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    records: list[dict[str, Any]] = []
    shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    for shard in shards:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            records += page["Records"]
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return records


def check_streams(client: Any, streams: Any, puts: int) -> None:
    """Each streamed table holds one record per put, with its view type's images."""
    for name, view_type in TABLES.items():
        if view_type is None:
            continue
        records = stream_records(client, streams, name)
        if len(records) != puts:
            sys.exit(f"{name}: {len(records)} stream records for {puts} puts")
        last = records[-1]
        images = {image for image in ("NewImage", "OldImage") if image in last["dynamodb"]}
        expected: set[str] = set()
        if view_type == "NEW_AND_OLD_IMAGES":
            expected = {"NewImage", "OldImage"} if last["eventName"] == "MODIFY" else {"NewImage"}
        if images != expected:
            sys.exit(f"{name}: the last record carries {sorted(images)} under {view_type}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20_000)
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

    import dynafake

    with dynafake.mock():
        client = boto3.session.Session().client("dynamodb", region_name=REGION)
        streams = boto3.session.Session().client("dynamodbstreams", region_name=REGION)
        items = [make_item(f"item-{index % KEYS}") for index in range(VERSIONS)]
        for version, item in enumerate(items):
            item["version"] = {"N": str(version)}
        variants: dict[str, dict[str, Callable[[int], Any]]] = {}
        for name, view_type in TABLES.items():
            create_table(client, name, view_type)
            variants[name] = {"put_item": put_call(client, name, items)}
        for name in TABLES:
            for item in items[:KEYS]:
                client.put_item(TableName=name, Item=item)
        check_streams(client, streams, KEYS)
        p50 = measure_interleaved(variants, args)
        rounds = max(1, -(-args.iterations // args.block))
        check_streams(client, streams, KEYS + args.warmup + rounds * args.block)

    plain = p50["plain"]["put_item"]
    print(f"put_item p50, 1 KB items, {args.iterations} calls per table (fast path)")
    print(f"  {'plain':<12} {plain:8.1f} us")
    for name in ("keys_only", "new_and_old"):
        micros = p50[name]["put_item"]
        ratio = micros / plain
        verdict = "PASS" if ratio < TARGET_RATIO else "MISS"
        target = f"(target < {TARGET_RATIO}x) {verdict}"
        print(f"  {name:<12} {micros:8.1f} us  {ratio:.3f}x plain  {target}")


if __name__ == "__main__":
    main()
