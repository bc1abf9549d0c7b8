"""The engine serves many Python threads at once (the GIL is released inside it)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

import dynafake

THREADS = 8
WRITES_PER_THREAD = 150


def _worker(client: Any, worker: int) -> int:
    torn = 0
    for index in range(WRITES_PER_THREAD):
        key = {"pk": {"S": f"shared-{index % 5}"}}
        value = {"N": str(worker * 100_000 + index)}
        client.put_item(TableName="counters", Item={**key, "a": value, "b": value})
        client.put_item(TableName="counters", Item={"pk": {"S": f"own-{worker}-{index}"}})
        item = client.get_item(TableName="counters", Key=key, ConsistentRead=True)["Item"]
        torn += item["a"] != item["b"]
    return torn


def test_concurrent_clients_never_see_half_an_item() -> None:
    with dynafake.mock():
        setup = boto3.client("dynamodb", region_name="us-east-1")
        setup.create_table(
            TableName="counters",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        clients = [boto3.client("dynamodb", region_name="us-east-1") for _ in range(THREADS)]
        with ThreadPoolExecutor(THREADS) as pool:
            torn = sum(pool.map(_worker, clients, range(THREADS)))
        assert torn == 0
        table = setup.describe_table(TableName="counters")["Table"]
        assert table["ItemCount"] == 5 + THREADS * WRITES_PER_THREAD
