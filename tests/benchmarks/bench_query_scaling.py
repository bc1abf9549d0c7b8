#!/usr/bin/env python3
"""Query and Scan pages against table size: dynafake's page cost must not grow with the table.

Tables of 1,000 to 1,000,000 items (~200 bytes each: partition key, sort key, a GSI key pair and a
few attributes), loaded through boto3 with batch_write_item (25 items a call; the load time is
information only). Partitions hold 1,000 items each, in the table and in its GSI (``by_region``,
projection ALL), so a page of 100 items exists in every partition at every size.

Three pages are timed through boto3 client calls, each of Limit 100:

* query: the first page of a random partition of the table;
* gsi_query: the first page of a random partition of the GSI;
* scan: the page after a random item, that item's key being the ExclusiveStartKey (a random point
  of the scan order rather than always its beginning); only start points followed by a full page
  of 100 items are kept.

Each table lives in a worker process of its own, under ``dynafake.mock()`` or ``moto.mock_aws()``:
in one process, the small tables' pages would pay for the large tables' items (a larger heap, more
cache misses) and the comparison of sizes would flatter the large ones. The parent has the workers
of one backend time blocks of --block calls in turn (rounds in a rotating order), so that drift of
a shared, noisy machine affects all sizes alike; the p50 is over all samples. dynafake's workers
run first, then moto's.

Prints the p50 microseconds per page for each size, each worker's RSS after its load, and the
targets: page cost at 1,000,000 items within 1.2x of the cost at 1,000, and every page at least
20x faster than moto at 10,000 items.
Usage: bench_query_scaling.py [--sizes N,N,...] [--moto-sizes N,N,...] [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]

REGION = "us-east-1"
INDEX = "by_region"
PAGE = 100
PER_PARTITION = 1000
BATCH = 25
START_POINTS = 16
TARGET_GROWTH = 1.2
TARGET_SPEEDUP = 20.0
GROWTH_SIZES = (1_000, 1_000_000)
SPEEDUP_SIZE = 10_000
OPERATIONS = ("query", "gsi_query", "scan")
STATUSES = ("PENDING", "SHIPPED", "DELIVERED")
SEED = 20240601

Call = Callable[[int], Any]


def table_name(size: int) -> str:
    return f"orders_{size}"


def partitions(size: int) -> int:
    return max(1, size // PER_PARTITION)


def key_of(index: int, size: int) -> dict[str, Any]:
    count = partitions(size)
    return {"pk": {"S": f"user#{index % count:06d}"}, "sk": {"S": f"order#{index // count:08d}"}}


def region_of(index: int, size: int) -> str:
    """The GSI partition: every partition holds PER_PARTITION items, grouped unlike the table's."""
    return f"region#{(index * 31 + 7) % partitions(size):06d}"


def make_item(index: int, size: int) -> dict[str, Any]:
    """A ~200-byte order: table key, GSI key (a string and a number), a few attributes."""
    cents = (index * 7919) % 1_000_003
    item = key_of(index, size)
    item["gpk"] = {"S": region_of(index, size)}
    item["gsk"] = {"N": f"{cents // 100}.{cents % 100:02d}"}
    item["name"] = {"S": f"Customer {index:07d}, 42 Example Street"}
    item["status"] = {"S": STATUSES[index % len(STATUSES)]}
    item["quantity"] = {"N": str(index % 17 + 1)}
    item["created"] = {"S": f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}T10:{index % 60:02d}Z"}
    item["express"] = {"BOOL": index % 5 == 0}
    item["note"] = {"S": "leave at the door if nobody answers, ring"}
    return item


def item_bytes(item: dict[str, Any]) -> int:
    """The item's size by the service's rule (names plus values), for the attribute types used."""
    total = 0
    for name, value in item.items():
        ((kind, data),) = value.items()
        total += len(name) + (1 if kind == "BOOL" else len(data))
    return total


def create_table(client: Any, size: int) -> None:
    client.create_table(
        TableName=table_name(size),
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in (("pk", "S"), ("sk", "S"), ("gpk", "S"), ("gsk", "N"))
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": INDEX,
                "KeySchema": [
                    {"AttributeName": "gpk", "KeyType": "HASH"},
                    {"AttributeName": "gsk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )


def load(client: Any, size: int) -> None:
    """Creates the table of ``size`` items and writes them, BATCH a call."""
    create_table(client, size)
    name = table_name(size)
    for start in range(0, size, BATCH):
        requests = [
            {"PutRequest": {"Item": make_item(index, size)}}
            for index in range(start, min(size, start + BATCH))
        ]
        pending: dict[str, Any] = {name: requests}
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]


def full_page(response: dict[str, Any], what: str) -> dict[str, Any]:
    if response["Count"] != PAGE or "LastEvaluatedKey" not in response:
        msg = f"{what}: expected a full page of {PAGE} items, got {response['Count']}"
        raise SystemExit(msg)
    return response


def scan_start_points(client: Any, size: int, rng: random.Random) -> list[dict[str, Any]]:
    """Keys of random items that a full page follows in the scan order (each tried once)."""
    kept = []
    for _ in range(START_POINTS):
        key = key_of(rng.randrange(size), size)
        response = client.scan(TableName=table_name(size), Limit=PAGE, ExclusiveStartKey=key)
        if response["Count"] == PAGE:
            kept.append(key)
    if not kept:
        msg = f"scan of {size} items: no random start point is followed by {PAGE} items"
        raise SystemExit(msg)
    return kept


def operations(client: Any, size: int, rng: random.Random) -> dict[str, Call]:
    """The three timed pages on the table of ``size`` items; call i picks its partition or start."""
    name = table_name(size)
    table_keys = [key_of(rng.randrange(size), size)["pk"] for _ in range(256)]
    regions = [{"S": region_of(rng.randrange(size), size)} for _ in range(256)]
    starts = scan_start_points(client, size, rng)

    def query(i: int) -> Any:
        return client.query(
            TableName=name,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": table_keys[i % len(table_keys)]},
            Limit=PAGE,
        )

    def gsi_query(i: int) -> Any:
        return client.query(
            TableName=name,
            IndexName=INDEX,
            KeyConditionExpression="gpk = :g",
            ExpressionAttributeValues={":g": regions[i % len(regions)]},
            Limit=PAGE,
        )

    def scan(i: int) -> Any:
        return client.scan(TableName=name, Limit=PAGE, ExclusiveStartKey=starts[i % len(starts)])

    calls: dict[str, Call] = {"query": query, "gsi_query": gsi_query, "scan": scan}
    for operation, call in calls.items():
        full_page(call(0), f"{operation} on {size} items")
    return calls


def timed(call: Call, first: int, count: int) -> list[int]:
    """Nanoseconds of each of ``count`` calls, numbered from ``first``."""
    samples = []
    for i in range(first, first + count):
        started = time.perf_counter_ns()
        call(i)
        samples.append(time.perf_counter_ns() - started)
    return samples


def rss_bytes() -> int:
    """The process's resident set now (Linux), else its peak."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def new_client() -> Any:
    return boto3.session.Session().client("dynamodb", region_name=REGION)


@contextmanager
def backend(name: str) -> Iterator[Any]:
    if name == "dynafake":
        import dynafake

        with dynafake.mock():
            yield new_client()
    else:
        from moto import mock_aws

        with mock_aws():
            yield new_client()


def serve(connection: Connection, name: str, size: int) -> None:
    """A worker: loads the table of ``size`` items under backend ``name``, sends the load time and
    its RSS, then times the blocks of calls the parent asks for, until it asks for None."""
    with backend(name) as client:
        started = time.perf_counter()
        load(client, size)
        seconds = time.perf_counter() - started
        rss = rss_bytes()
        calls = operations(client, size, random.Random(SEED + size))
        connection.send((seconds, rss))
        while (request := connection.recv()) is not None:
            operation, first, count = request
            connection.send(timed(calls[operation], first, count))


@dataclass
class Worker:
    """The parent's end of one worker process, and the samples it sent."""

    name: str
    size: int
    process: BaseProcess
    connection: Connection
    samples: dict[str, list[int]] = field(default_factory=dict)

    def receive(self) -> Any:
        try:
            return self.connection.recv()
        except EOFError:
            msg = f"the {self.name} worker of {self.size:,} items stopped (its error is above)"
            raise SystemExit(msg) from None

    def run(self, operation: str, first: int, count: int) -> list[int]:
        self.connection.send((operation, first, count))
        samples: list[int] = self.receive()
        return samples

    def stop(self) -> None:
        self.connection.send(None)
        self.process.join()


def start_worker(name: str, size: int) -> Worker:
    """Starts the worker of ``size`` items and waits for its load (printing time and RSS)."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=serve, args=(child_end, name, size), daemon=True)
    process.start()
    child_end.close()
    worker = Worker(name, size, process, parent_end)
    seconds, rss = worker.receive()
    print(
        f"  {name:<9}{size:>10,} items loaded in {seconds:7.1f} s"
        f" ({size / seconds:>8,.0f} items/s); worker RSS {rss / 2**20:7,.0f} MB",
        flush=True,
    )
    return worker


def measure_interleaved(
    workers: list[Worker], iterations: int, block: int, warmup: int
) -> dict[int, dict[str, float]]:
    """p50 microseconds per size and operation; workers take turns in blocks of ``block`` calls."""
    for worker in workers:
        for operation in OPERATIONS:
            worker.run(operation, 0, warmup)
            worker.samples[operation] = []
    rounds = max(1, -(-iterations // block))
    for index in range(rounds):
        order = workers[index % len(workers) :] + workers[: index % len(workers)]
        for operation in OPERATIONS:
            for worker in order:
                taken = worker.samples[operation]
                taken += worker.run(operation, warmup + len(taken), block)
    return {
        worker.size: {
            operation: statistics.median(worker.samples[operation]) / 1000.0
            for operation in OPERATIONS
        }
        for worker in workers
    }


def run_backend(
    name: str, sizes: list[int], counts: tuple[int, int, int]
) -> dict[int, dict[str, float]]:
    """Starts a worker per size, one after the other, then times the pages, sizes interleaved."""
    workers = [start_worker(name, size) for size in sizes]
    iterations, block, warmup = counts
    results = measure_interleaved(workers, iterations, block, warmup)
    for worker in workers:
        worker.stop()
    rounds = max(1, -(-iterations // block))
    print(
        f"{name}: p50 microseconds per page, {rounds * block} calls each"
        f" ({warmup} warm-up), sizes interleaved in {rounds} rounds of {block}"
    )
    print(f"{'items':>12}" + "".join(f"{operation:>12}" for operation in OPERATIONS))
    for size, by_operation in results.items():
        print(f"{size:>12,}" + "".join(f"{by_operation[op]:>12.1f}" for op in OPERATIONS))
    return results


def verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def report(results: dict[str, dict[int, dict[str, float]]]) -> None:
    dynafake = results.get("dynafake", {})
    moto = results.get("moto", {})
    small, large = GROWTH_SIZES
    if small in dynafake and large in dynafake:
        print(f"growth, cost at {large:,} items / cost at {small:,} (target <= {TARGET_GROWTH}x):")
        for operation in OPERATIONS:
            growth = dynafake[large][operation] / dynafake[small][operation]
            print(f"  {operation:<10}{growth:>8.2f}x  {verdict(growth <= TARGET_GROWTH)}")
    elif len(dynafake) > 1:
        low, high = min(dynafake), max(dynafake)
        print(
            f"growth, cost at {high:,} items / cost at {low:,} (target is for {large:,}/{small:,}):"
        )
        for operation in OPERATIONS:
            print(f"  {operation:<10}{dynafake[high][operation] / dynafake[low][operation]:>8.2f}x")
    if SPEEDUP_SIZE in dynafake and SPEEDUP_SIZE in moto:
        print(f"speed-up over moto at {SPEEDUP_SIZE:,} items (target >= {TARGET_SPEEDUP:.0f}x):")
        for operation in OPERATIONS:
            speedup = moto[SPEEDUP_SIZE][operation] / dynafake[SPEEDUP_SIZE][operation]
            print(f"  {operation:<10}{speedup:>8.1f}x  {verdict(speedup >= TARGET_SPEEDUP)}")
    for size in sorted(set(dynafake) & set(moto) - {SPEEDUP_SIZE}):
        ratios = ", ".join(f"{op} {moto[size][op] / dynafake[size][op]:.1f}x" for op in OPERATIONS)
        print(f"speed-up over moto at {size:,} items: {ratios}")


def sizes_arg(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes_arg, default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--moto-sizes", type=sizes_arg, default=[1_000, 10_000])
    parser.add_argument("--quick", action="store_true", help="sizes 1,000 and 10,000 only")
    parser.add_argument("--iterations", type=int, default=2000, help="timed pages per variant")
    parser.add_argument("--block", type=int, default=100, help="pages per interleaved block")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--moto-iterations", type=int, default=15)
    parser.add_argument("--moto-block", type=int, default=5)
    parser.add_argument("--moto-warmup", type=int, default=2)
    parser.add_argument(
        "--backends", default="dynafake,moto", help="comma-separated: dynafake, moto or both"
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes = [size for size in args.sizes if size <= 10_000]
        args.moto_sizes = [size for size in args.moto_sizes if size <= 10_000]
        args.iterations = min(args.iterations, 300)
    return args


def main() -> None:
    args = parse_args()
    for name, value in (("AWS_ACCESS_KEY_ID", "bench"), ("AWS_SECRET_ACCESS_KEY", "bench")):
        os.environ.setdefault(name, value)
    print(
        f"item size: ~{item_bytes(make_item(123456, 1_000_000))} bytes; {PER_PARTITION:,} items"
        f" per partition of the table and of GSI {INDEX} (ALL); pages of Limit {PAGE}; scan pages"
        " start after a random item; a worker process per table"
    )
    results: dict[str, dict[int, dict[str, float]]] = {}
    for name in args.backends.split(","):
        if name == "dynafake":
            sizes, counts = args.sizes, (args.iterations, args.block, args.warmup)
        else:
            sizes = args.moto_sizes
            counts = (args.moto_iterations, args.moto_block, args.moto_warmup)
        results[name] = run_backend(name, sizes, counts)
    report(results)


if __name__ == "__main__":
    main()
