"""pytest plugin (entry point ``pytest11``): fixtures serving DynamoDB in-process.

* ``dynafake``: a fresh engine with the mock active for the test.
* ``dynamodb``, ``dynamodb_resource``, ``dynamodbstreams``: us-east-1 clients of that engine. They
  make at most 3 attempts with botocore's legacy DynamoDB delays (50 ms, 100 ms), so throttling
  tests stay short and deterministic.
* marker ``dynafake_frozen_clock(at=None)``: the test starts with the engine's clock frozen, at
  ``at`` (an aware datetime or epoch seconds) or at the current time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dynafake import _botocore
from dynafake.engine import Engine
from dynafake.mock import mock

_FROZEN_MARKER = "dynafake_frozen_clock"
_REGION = "us-east-1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_FROZEN_MARKER}(at=None): start the test with the dynafake engine's clock frozen, at "
        "`at` (an aware datetime or epoch seconds) or at the current time",
    )


@pytest.fixture(name="dynafake")
def dynafake_fixture(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A fresh in-memory engine, with every boto3 DynamoDB client routed to it for the test."""
    marker = request.node.get_closest_marker(_FROZEN_MARKER)
    with mock() as engine:
        if marker is not None:
            at = marker.kwargs.get("at", marker.args[0] if marker.args else None)
            engine.clock.freeze(at)
        yield engine


@pytest.fixture
def dynamodb(dynafake: Engine) -> Any:
    """A low-level DynamoDB client (us-east-1) of the test's engine."""
    return dynafake.client("dynamodb", region_name=_REGION, config=_botocore.fast_retry_config())


@pytest.fixture
def dynamodb_resource(dynafake: Engine) -> Any:
    """A boto3 DynamoDB service resource (us-east-1) of the test's engine."""
    return dynafake.resource("dynamodb", region_name=_REGION, config=_botocore.fast_retry_config())


@pytest.fixture
def dynamodbstreams(dynafake: Engine) -> Any:
    """A DynamoDB Streams client (us-east-1) of the test's engine."""
    return dynafake.client(
        "dynamodbstreams", region_name=_REGION, config=_botocore.fast_retry_config()
    )
