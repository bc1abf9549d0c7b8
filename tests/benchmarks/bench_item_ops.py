#!/usr/bin/env python3
"""Item operations through boto3: dynafake against moto and against botocore's own floor.

Runs get_item, put_item and batch_write_item (1 KB items) in one process through:

* floor: a botocore client answered at ``before-call`` with a canned parsed response, so only
  botocore's own per-call work remains (parameter validation, serialization, events);
* dynafake: ``dynafake.mock()``, fast path (and, with --wire, the wire path too);
* moto: ``moto.mock_aws()``;
* engine-alone: ``Engine.handle`` on the same request bodies, without boto3 (the engine's share).

floor, dynafake and engine-alone run interleaved: rounds of blocks of --block calls, each variant in
turn (in a rotating order), so that drift of a shared, noisy machine affects them alike; their p50
is over all samples. moto and the wire path, much slower, run after them, one after the other.

Prints the median (p50) microseconds per call, the speed-up over moto and the ratio to the floor,
with the project's targets beside them (get_item and put_item: >= 8x moto, <= 1.3x the floor), and
moto / floor: the speed-up over moto no in-process fake could exceed, botocore's own work being the
floor.
Usage: bench_item_ops.py [--iterations N] [--block N] [--warmup N] [--batch N] [--wire]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import boto3

REGION = "us-east-1"
TABLE = "bench"
TARGET_SPEEDUP = 8.0
TARGET_FLOOR_RATIO = 1.3
TARGETED = ("get_item", "put_item")


def make_item(key: str) -> dict[str, Any]:
    """A 1 KB item: strings, numbers, a binary and a small map, as applications store them."""
    item: dict[str, Any] = {"pk": {"S": key}}
    for index in range(7):
        item[f"text{index}"] = {"S": f"{index}" * 100}
    for index in range(3):
        item[f"number{index}"] = {"N": str(12345.678 * (index + 1))}
    item["payload"] = {"B": bytes(range(64))}
    item["meta"] = {"M": {"owner": {"S": "someone@example.com"}, "tags": {"SS": ["a", "b", "c"]}}}
    return item


def item_bytes(item: dict[str, Any]) -> int:
    total = 0
    for name, value in item.items():
        ((kind, data),) = value.items()
        total += len(name) + (len(data) if kind in ("S", "B", "N") else len(str(data)))
    return total


def operations(client: Any, batch: int) -> dict[str, Callable[[int], Any]]:
    keys = [f"item-{index}" for index in range(64)]
    items = [make_item(key) for key in keys]

    def get_item(i: int) -> Any:
        return client.get_item(TableName=TABLE, Key={"pk": {"S": keys[i % len(keys)]}})

    def put_item(i: int) -> Any:
        return client.put_item(TableName=TABLE, Item=items[i % len(items)])

    def batch_write_item(i: int) -> Any:
        start = (i * batch) % len(items)
        chunk = [items[(start + offset) % len(items)] for offset in range(batch)]
        requests = [{"PutRequest": {"Item": item}} for item in chunk]
        return client.batch_write_item(RequestItems={TABLE: requests})

    return {"get_item": get_item, "put_item": put_item, "batch_write_item": batch_write_item}


def prepare(client: Any) -> None:
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for index in range(64):
        client.put_item(TableName=TABLE, Item=make_item(f"item-{index}"))


def measure(call: Callable[[int], Any], iterations: int, warmup: int) -> float:
    for i in range(warmup):
        call(i)
    return statistics.median(timed(call, 0, iterations)) / 1000.0


def timed(call: Callable[[int], Any], first: int, count: int) -> list[int]:
    """Nanoseconds of each of ``count`` calls, numbered from ``first``."""
    samples = []
    for i in range(first, first + count):
        started = time.perf_counter_ns()
        call(i)
        samples.append(time.perf_counter_ns() - started)
    return samples


def measure_interleaved(
    variants: dict[str, dict[str, Callable[[int], Any]]], args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    """p50 microseconds per variant and operation; variants alternate in blocks of args.block."""
    samples: dict[tuple[str, str], list[int]] = {}
    for name, calls in variants.items():
        for operation, call in calls.items():
            for i in range(args.warmup):
                call(i)
            samples[(name, operation)] = []
    names = list(variants)
    rounds = max(1, -(-args.iterations // args.block))
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for operation in variants[names[0]]:
            for name in order:
                taken = samples[(name, operation)]
                taken += timed(variants[name][operation], args.warmup + len(taken), args.block)
    return {
        name: {
            operation: statistics.median(samples[(name, operation)]) / 1000.0 for operation in calls
        }
        for name, calls in variants.items()
    }


def new_client() -> Any:
    return boto3.session.Session().client("dynamodb", region_name=REGION)


@contextmanager
def dynafake_backend(wire: bool) -> Iterator[Any]:
    import dynafake

    with dynafake.mock(wire=wire):
        client = new_client()
        prepare(client)
        yield client


@contextmanager
def moto_backend() -> Iterator[Any]:
    from moto import mock_aws

    with mock_aws():
        client = new_client()
        prepare(client)
        yield client


def floor_operations(recorder: Any, batch: int) -> dict[str, Callable[[int], Any]]:
    """Calls of a client answered at before-call with the responses ``recorder`` gave once."""
    from botocore.awsrequest import AWSResponse

    canned = {name: call(0) for name, call in operations(recorder, batch).items()}
    http = AWSResponse("https://dynamodb.us-east-1.amazonaws.com/", 200, {}, None)
    by_operation = {
        "GetItem": canned["get_item"],
        "PutItem": canned["put_item"],
        "BatchWriteItem": canned["batch_write_item"],
    }
    client = new_client()

    def answer(model: Any, **_: Any) -> Any:
        return http, by_operation[model.name]

    client.meta.events.register_first("before-call.dynamodb", answer)
    return operations(client, batch)


def engine_operations(engine: Any, client: Any, batch: int) -> dict[str, Callable[[int], Any]]:
    """engine.handle alone, on the very request body each operation's client call sends."""
    sent: dict[str, tuple[str, bytes]] = {}

    def record(model: Any, params: Any, **_: Any) -> None:
        sent[model.name] = (params["headers"]["X-Amz-Target"], params["body"])

    client.meta.events.register_first("before-call.dynamodb", record)
    calls: dict[str, Callable[[int], Any]] = {}
    for name, call in operations(client, batch).items():
        call(0)
        ((target, body),) = sent.values()
        sent.clear()
        calls[name] = handle_call(engine, target, body)
    return calls


def handle_call(engine: Any, target: str, body: bytes) -> Callable[[int], Any]:
    def call(_: int) -> Any:
        return engine.handle(REGION, target, body)

    return call


def run_interleaved(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """floor, dynafake (fast path) and engine-alone, one engine serving the last two."""
    import dynafake

    with dynafake.mock() as engine:
        client = new_client()
        prepare(client)
        variants = {
            "floor": floor_operations(client, args.batch),
            "dynafake": operations(client, args.batch),
            "engine-alone": engine_operations(engine, new_client(), args.batch),
        }
        return measure_interleaved(variants, args)


def run(backend: AbstractContextManager[Any], args: argparse.Namespace) -> dict[str, float]:
    with backend as client:
        return {
            name: measure(call, args.iterations, args.warmup)
            for name, call in operations(client, args.batch).items()
        }


def report(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    header = f"{'operation':<18}" + "".join(f"{name:>16}" for name in results)
    rounds = max(1, -(-args.iterations // args.block))
    print(
        f"p50 microseconds per call; floor, dynafake, engine-alone: {rounds * args.block} calls"
        f" each, interleaved in {rounds} rounds of {args.block}; others: {args.iterations} calls"
        f" in a row ({args.warmup} warm-up calls each)"
    )
    print(header + f"{'moto/dynafake':>16}{'dynafake/floor':>16}")
    for operation in results["floor"]:
        row = f"{operation:<18}" + "".join(f"{r[operation]:>16.1f}" for r in results.values())
        speedup = results["moto"][operation] / results["dynafake"][operation]
        over_floor = results["dynafake"][operation] / results["floor"][operation]
        row += f"{speedup:>15.1f}x{over_floor:>15.2f}x"
        if operation in TARGETED:
            met = speedup >= TARGET_SPEEDUP and over_floor <= TARGET_FLOOR_RATIO
            row += f"   target >= {TARGET_SPEEDUP:.0f}x, <= {TARGET_FLOOR_RATIO}x: "
            row += "met" if met else "MISSED"
        print(row)
    for operation in TARGETED:
        ceiling = results["moto"][operation] / results["floor"][operation]
        print(
            f"{operation}: moto/floor {ceiling:.1f}x, the most any in-process fake could gain over"
            " moto here (botocore's own work on the call is the floor)"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000, help="timed calls per variant")
    parser.add_argument("--block", type=int, default=200, help="calls per interleaved block")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--batch", type=int, default=25, help="items per batch_write_item")
    parser.add_argument("--wire", action="store_true", help="also time dynafake's wire path")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    for name, value in (("AWS_ACCESS_KEY_ID", "bench"), ("AWS_SECRET_ACCESS_KEY", "bench")):
        os.environ.setdefault(name, value)
    import moto  # noqa: F401

    import dynafake  # noqa: F401  (hooks botocore sessions created from here on)

    print(f"item size: ~{item_bytes(make_item('item-0'))} bytes")
    interleaved = run_interleaved(args)
    results = {"floor": interleaved["floor"], "dynafake": interleaved["dynafake"]}
    results["moto"] = run(moto_backend(), args)
    if args.wire:
        results["dynafake-wire"] = run(dynafake_backend(wire=True), args)
    results["engine-alone"] = interleaved["engine-alone"]
    report(results, args)


if __name__ == "__main__":
    main()
