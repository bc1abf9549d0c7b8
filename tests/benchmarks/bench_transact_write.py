#!/usr/bin/env python3
"""transact_write_items of 4 items through boto3: dynafake against moto, at 3,000 and 100,000 items.

Tables of accounts (~200-byte items: partition key ``pk`` (S), a numeric ``balance`` and a few
attributes) are loaded through boto3 with batch_write_item (25 items a call; the load time is
information only). Each timed call is one transfer between accounts, 4 actions on 4 distinct random
existing items:

* Update: debit ``amount`` from one account, ConditionExpression ``balance >= :amount``;
* Update: credit it to another, ConditionExpression ``attribute_exists(pk)``;
* ConditionCheck: a third (approving) account has ``status = ACTIVE``;
* Put: replaces a fourth account with a new version of it, ConditionExpression
  ``attribute_exists(pk)``.

Every condition holds, so every call commits (a cancelled transaction raises and stops the run).
The keys and amounts come from an RNG seeded by the table size, so both fakes run the same
transactions on the table of 3,000 items; the requests are built before the clock starts, so only
the client call is timed. botocore fills in a fresh ClientRequestToken on every call, so no call is
answered as an idempotent replay. Before timing, one transfer is checked on each table (balances
moved by the amount, the Put's item replaced) and one with a failing condition must be cancelled
and leave the balances alone: a fake that skipped the work would stop the run there.

One process, one run:

* dynafake: ``dynafake.mock()`` (fast path), both tables in the one engine; the two sizes run
  interleaved: rounds of blocks of --block calls, sizes in turn (in a rotating order), so that drift
  of a shared, noisy machine affects them alike; the p50 is over all samples. As both tables share
  one heap, the small table's calls pay for the large table's memory too: the growth figure catches
  work that grows with the table being written, less so cache effects of a bigger heap (--apart
  times each size in a mock of its own instead, one after the other).
* moto: ``moto.mock_aws()``, after dynafake, at 3,000 items only, a handful of calls in a row:
  moto deep-copies the whole table for every action of a transaction, so a call costs in proportion
  to the table (a few tenths of a second at 3,000 items). --moto-large adds its table of 100,000
  items: 33 times as much to copy a call, and a long load; it is off by default for that reason.

Prints the p50 microseconds per call for each fake and size and the targets: dynafake at least 100x
faster than moto at 3,000 items, and dynafake's cost at 100,000 items within 1.2x of its cost at
3,000, each with PASS or MISS.
Usage: bench_transact_write.py [--iterations N] [--block N] [--warmup N] [--moto-iterations N]
                               [--moto-warmup N] [--moto-large] [--apart]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench_item_ops import new_client, timed

REGION = "us-east-1"
SMALL = 3_000
LARGE = 100_000
BATCH = 25
OPENING_BALANCE = 1_000_000
MAX_AMOUNT = 500
TARGET_SPEEDUP = 100.0
TARGET_GROWTH = 1.2
SEED = 20240611

Call = Callable[[int], Any]


def table_name(size: int) -> str:
    return f"accounts_{size}"


def key_of(index: int) -> dict[str, Any]:
    return {"pk": {"S": f"account#{index:07d}"}}


def make_item(index: int, version: int = 1) -> dict[str, Any]:
    """A ~200-byte account; ``version`` tells a replaced account from its original."""
    item = key_of(index)
    item["balance"] = {"N": str(OPENING_BALANCE + index % 1000)}
    item["version"] = {"N": str(version)}
    item["owner"] = {"S": f"Customer {index:07d}, 42 Example Street, Springfield"}
    item["currency"] = {"S": "EUR"}
    item["status"] = {"S": "ACTIVE"}
    item["opened"] = {"S": f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}T10:{index % 60:02d}Z"}
    item["overdraft"] = {"N": str(index % 5 * 100)}
    item["note"] = {"S": f"statement {version:04d}: monthly by post, paper copy requested"}
    return item


def item_bytes(item: dict[str, Any]) -> int:
    """The item's size by the service's rule (names plus values), for the attribute types used."""
    return sum(len(name) + len(next(iter(value.values()))) for name, value in item.items())


def create_table(client: Any, size: int) -> None:
    client.create_table(
        TableName=table_name(size),
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def load(client: Any, size: int) -> float:
    """Creates the table of ``size`` items, writes them BATCH a call; returns the seconds taken."""
    started = time.perf_counter()
    create_table(client, size)
    name = table_name(size)
    for start in range(0, size, BATCH):
        requests = [
            {"PutRequest": {"Item": make_item(index)}}
            for index in range(start, min(size, start + BATCH))
        ]
        pending: dict[str, Any] = {name: requests}
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
    return time.perf_counter() - started


def transfer(size: int, accounts: list[int], amount: int, version: int) -> list[dict[str, Any]]:
    """The 4 actions of one transfer: debit, credit, approver check, account replaced."""
    name = table_name(size)
    debited, credited, approver, replaced = accounts
    moved = {":amount": {"N": str(amount)}, ":one": {"N": "1"}}
    return [
        {
            "Update": {
                "TableName": name,
                "Key": key_of(debited),
                "UpdateExpression": "SET balance = balance - :amount, version = version + :one",
                "ConditionExpression": "balance >= :amount",
                "ExpressionAttributeValues": moved,
            }
        },
        {
            "Update": {
                "TableName": name,
                "Key": key_of(credited),
                "UpdateExpression": "SET balance = balance + :amount, version = version + :one",
                "ConditionExpression": "attribute_exists(pk)",
                "ExpressionAttributeValues": moved,
            }
        },
        {
            "ConditionCheck": {
                "TableName": name,
                "Key": key_of(approver),
                "ConditionExpression": "#status = :active",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": {":active": {"S": "ACTIVE"}},
            }
        },
        {
            "Put": {
                "TableName": name,
                "Item": make_item(replaced, version),
                "ConditionExpression": "attribute_exists(pk)",
            }
        },
    ]


def plans(size: int, count: int) -> list[list[dict[str, Any]]]:
    """The TransactItems of ``count`` calls: 4 distinct random accounts each, seeded by size."""
    rng = random.Random(SEED + size)
    return [
        transfer(size, rng.sample(range(size), 4), rng.randint(1, MAX_AMOUNT), 2 + i)
        for i in range(count)
    ]


def transact_call(client: Any, size: int, count: int) -> Call:
    """Call i runs the i-th planned transfer (each plan once: count covers warm-up and samples)."""
    planned = plans(size, count)

    def call(i: int) -> Any:
        return client.transact_write_items(TransactItems=planned[i])

    return call


def check(client: Any, size: int) -> None:
    """Stops the run unless a transfer does its work and one with a failing condition does none."""
    name = table_name(size)

    def account(index: int) -> dict[str, Any]:
        item: dict[str, Any] = client.get_item(
            TableName=name, Key=key_of(index), ConsistentRead=True
        )["Item"]
        return item

    def fail(what: str) -> None:
        msg = f"table of {size:,} items: {what}"
        raise SystemExit(msg)

    accounts = [size - 1, size - 2, size - 3, size - 4]
    before = [int(account(index)["balance"]["N"]) for index in accounts[:2]]
    client.transact_write_items(TransactItems=transfer(size, accounts, 7, 999_999))
    after = [int(account(index)["balance"]["N"]) for index in accounts[:2]]
    if after != [before[0] - 7, before[1] + 7]:
        fail(f"a transfer of 7 moved balances {before} to {after}")
    if account(accounts[3]) != make_item(accounts[3], 999_999):
        fail("the transfer's Put did not replace its item")
    overdrawn = transfer(size, accounts, after[0] + 1, 999_998)
    try:
        client.transact_write_items(TransactItems=overdrawn)
    except client.exceptions.TransactionCanceledException:
        pass
    else:
        fail("a transfer of more than the balance was not cancelled")
    unchanged = [int(account(index)["balance"]["N"]) for index in accounts[:2]]
    if unchanged != after or account(accounts[3]) != make_item(accounts[3], 999_999):
        fail("a cancelled transfer changed its items")


def measure_interleaved(
    calls: dict[int, Call], iterations: int, block: int, warmup: int
) -> dict[int, float]:
    """p50 microseconds per size; the sizes take turns in blocks of ``block`` calls."""
    samples: dict[int, list[int]] = {}
    for size, call in calls.items():
        timed(call, 0, warmup)
        samples[size] = []
    sizes = list(calls)
    rounds = max(1, -(-iterations // block))
    for index in range(rounds):
        for size in sizes[index % len(sizes) :] + sizes[: index % len(sizes)]:
            samples[size] += timed(calls[size], warmup + len(samples[size]), block)
    return {size: statistics.median(taken) / 1000.0 for size, taken in samples.items()}


def measure(call: Call, iterations: int, warmup: int) -> float:
    """p50 microseconds of ``iterations`` calls in a row, after ``warmup`` calls."""
    timed(call, 0, warmup)
    return statistics.median(timed(call, warmup, iterations)) / 1000.0


def print_load(fake: str, size: int, seconds: float) -> None:
    print(
        f"  {fake:<9}{size:>10,} items loaded in {seconds:7.1f} s"
        f" ({size / seconds:>9,.0f} items/s)",
        flush=True,
    )


def prepared(fake: str, client: Any, size: int, count: int) -> Call:
    """Loads and checks the table of ``size`` items; returns its timed call."""
    print_load(fake, size, load(client, size))
    check(client, size)
    return transact_call(client, size, count)


@contextmanager
def dynafake_client() -> Iterator[Any]:
    import dynafake

    with dynafake.mock():
        yield new_client()


def run_dynafake(args: argparse.Namespace) -> dict[int, float]:
    """Both sizes in one engine, interleaved; with --apart, each in an engine of its own in turn."""
    rounds = max(1, -(-args.iterations // args.block))
    count = args.warmup + rounds * args.block
    if args.apart:
        results = {}
        for size in (SMALL, LARGE):
            with dynafake_client() as client:
                call = prepared("dynafake", client, size, count)
                results[size] = measure(call, rounds * args.block, args.warmup)
        how = "in a row, each size alone in its own mock"
    else:
        with dynafake_client() as client:
            calls = {size: prepared("dynafake", client, size, count) for size in (SMALL, LARGE)}
            results = measure_interleaved(calls, args.iterations, args.block, args.warmup)
        how = f"sizes interleaved in one mock in {rounds} rounds of {args.block}"
    print(f"dynafake: {rounds * args.block} calls a size ({args.warmup} warm-up), {how}")
    return results


def run_moto(args: argparse.Namespace) -> dict[int, float]:
    """Each size in a mock of its own, one after the other, calls in a row."""
    from moto import mock_aws

    results = {}
    for size in (SMALL, LARGE) if args.moto_large else (SMALL,):
        with mock_aws():
            client = new_client()
            call = prepared("moto", client, size, args.moto_warmup + args.moto_iterations)
            results[size] = measure(call, args.moto_iterations, args.moto_warmup)
    print(f"moto: {args.moto_iterations} calls a size in a row ({args.moto_warmup} warm-up)")
    return results


def verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def report(results: dict[str, dict[int, float]]) -> None:
    print("p50 microseconds per transact_write_items call (4 actions)")
    print(f"{'items':>12}" + "".join(f"{fake:>14}" for fake in results))
    for size in (SMALL, LARGE):
        row = "".join(
            f"{by_size[size]:>14,.1f}" if size in by_size else f"{'-':>14}"
            for by_size in results.values()
        )
        print(f"{size:>12,}{row}")
    dynafake, moto = results["dynafake"], results["moto"]
    speedup = moto[SMALL] / dynafake[SMALL]
    print(
        f"speed-up over moto at {SMALL:,} items: {speedup:,.1f}x"
        f" (target >= {TARGET_SPEEDUP:.0f}x)  {verdict(speedup >= TARGET_SPEEDUP)}"
    )
    if LARGE in moto:
        print(f"speed-up over moto at {LARGE:,} items: {moto[LARGE] / dynafake[LARGE]:,.1f}x")
    growth = dynafake[LARGE] / dynafake[SMALL]
    print(
        f"dynafake growth, cost at {LARGE:,} items / cost at {SMALL:,}: {growth:.2f}x"
        f" (target <= {TARGET_GROWTH}x)  {verdict(growth <= TARGET_GROWTH)}"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000, help="timed dynafake calls a size")
    parser.add_argument("--block", type=int, default=200, help="calls per interleaved block")
    parser.add_argument("--warmup", type=int, default=200, help="dynafake warm-up calls a size")
    parser.add_argument("--moto-iterations", type=int, default=20, help="timed moto calls a size")
    parser.add_argument("--moto-warmup", type=int, default=2)
    parser.add_argument(
        "--moto-large",
        action="store_true",
        help=f"also time moto at {LARGE:,} items (slow: a long load, 33x the copying a call)",
    )
    parser.add_argument(
        "--apart", action="store_true", help="time each dynafake size alone in its own mock"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    for name, value in (("AWS_ACCESS_KEY_ID", "bench"), ("AWS_SECRET_ACCESS_KEY", "bench")):
        os.environ.setdefault(name, value)
    import moto  # noqa: F401

    import dynafake  # noqa: F401  (hooks botocore sessions created from here on)

    print(
        f"item size: ~{item_bytes(make_item(1234567))} bytes; each call: 2 conditional Updates"
        " (a transfer), 1 ConditionCheck, 1 Put replacing an item, on 4 distinct random items"
    )
    results = {"dynafake": run_dynafake(args), "moto": run_moto(args)}
    report(results)


if __name__ == "__main__":
    main()
