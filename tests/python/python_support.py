"""Helpers for the Python-layer tests: scripted engines and clients bound to them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from typing import Any

import boto3
from botocore.config import Config

from dynafake import _botocore

Outcome = tuple[int, list[tuple[str, str]], bytes, bool]

# The discard port on loopback: a request that escaped dynafake fails at once instead of leaving.
NOWHERE = "http://127.0.0.1:9"
KEY_SCHEMA = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def retry_config(total_max_attempts: int = 3) -> Config:
    # Legacy mode: DynamoDB's fixed delays (50 ms, 100 ms), so retried calls stay short.
    return Config(
        retries={"mode": "legacy", "total_max_attempts": total_max_attempts},
        connect_timeout=1,
        read_timeout=1,
    )


def outcome(
    status: int, payload: Any, *, retryable: bool = False, request_id: str = "REQ1"
) -> Outcome:
    """An engine outcome carrying ``payload`` as its JSON body, with the service's headers."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = [
        ("x-amzn-RequestId", request_id),
        ("Content-Type", "application/x-amz-json-1.0"),
        ("Content-Length", str(len(body))),
        ("x-amz-crc32", str(zlib.crc32(body) & 0xFFFFFFFF)),
    ]
    return status, headers, body, retryable


def error(code: str, message: str, *, status: int = 400, retryable: bool = False, **extra: Any):
    namespace = "com.amazonaws.dynamodb.v20120810#"
    payload = {"__type": namespace + code, "message": message, **extra}
    return outcome(status, payload, retryable=retryable)


class Script:
    """A handle function answering with prepared outcomes in turn (the last one repeats)."""

    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, str, Any]] = []

    def __call__(self, region: str, target: str, body: bytes) -> Outcome:
        self.calls.append((region, target, json.loads(body)))
        if len(self.outcomes) > 1:
            return self.outcomes.pop(0)
        return self.outcomes[0]


def bound_client(handle: Any, *, wire: bool, service_name: str = "dynamodb", **kwargs: Any) -> Any:
    """A client served by ``handle`` alone, on the fast path or (wire=True) the wire path."""
    kwargs.setdefault("region_name", "us-east-1")
    kwargs.setdefault("config", retry_config())
    client = boto3.session.Session().client(service_name, endpoint_url=NOWHERE, **kwargs)
    route = _botocore.Route(handle, wire=wire)
    return _botocore.bind_client(client, _botocore.Hooks(lambda: route))


class ScriptedCore:
    """Stands in for dynafake._core.Engine: every request is answered by ``script``."""

    script: Script

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.closed = False
        self._now = 0.0
        self._frozen = False

    def handle(self, region: str, target: str, body: bytes) -> Outcome:
        return self.script(region, target, body)

    def now(self) -> float:
        return self._now

    def clock_set(self, seconds: float) -> None:
        self._now = seconds

    def clock_advance(self, seconds: float) -> None:
        self._now += seconds

    def clock_freeze(self) -> None:
        self._frozen = True

    def clock_unfreeze(self) -> None:
        self._frozen = False

    def clock_frozen(self) -> bool:
        return self._frozen

    def run_due(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def create_table(client: Any, name: str = "items") -> None:
    client.create_table(TableName=name, **KEY_SCHEMA)


def table_names(client: Any) -> list[str]:
    names: list[str] = client.list_tables()["TableNames"]
    return names


def acknowledged_until_killed(script: str, args: Sequence[str], seconds: float) -> list[str]:
    """Runs ``script`` in a child Python with ``args``. The child prints "ready", then a line per
    write DynamoDB acknowledged. Kills it with SIGKILL ``seconds`` after "ready" and returns the
    whole lines it printed after that."""
    with subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(seconds)
        child.send_signal(signal.SIGKILL)
        # Through the same buffered reader as "ready", which may hold the first acknowledgements.
        output = child.stdout.read()
        assert child.wait(timeout=10) == -signal.SIGKILL
    return output.split("\n")[:-1]
