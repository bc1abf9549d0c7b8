"""The pytest plugin's fixtures and marker."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from python_support import KEY_SCHEMA, create_table, table_names

import dynafake

FROZEN = datetime(2029, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


def test_dynafake_fixture_is_an_engine_with_the_mock_active(dynafake: dynafake.Engine) -> None:
    client = boto3.session.Session().client("dynamodb", region_name="us-east-1")
    create_table(client)
    assert table_names(dynafake.client()) == ["items"]


def test_dynamodb_fixture_is_a_client_of_the_engine(
    dynafake: dynafake.Engine, dynamodb: Any
) -> None:
    create_table(dynamodb)
    assert table_names(dynafake.client()) == ["items"]
    assert dynamodb.meta.region_name == "us-east-1"
    assert dynamodb.meta.config.retries == {"mode": "legacy", "total_max_attempts": 3}


def test_dynamodb_resource_fixture(dynamodb_resource: Any) -> None:
    table = dynamodb_resource.create_table(TableName="items", **KEY_SCHEMA)
    table.put_item(Item={"pk": "a", "data": b"\x01"})
    assert table.get_item(Key={"pk": "a"})["Item"]["data"].value == b"\x01"


def test_dynamodbstreams_fixture(dynamodbstreams: Any) -> None:
    assert dynamodbstreams.meta.service_model.service_name == "dynamodbstreams"
    assert dynamodbstreams.meta.region_name == "us-east-1"


def test_clock_runs_by_default(dynafake: dynafake.Engine) -> None:
    assert not dynafake.clock.frozen


@pytest.mark.dynafake_frozen_clock
def test_frozen_clock_marker(dynafake: dynafake.Engine) -> None:
    assert dynafake.clock.frozen
    assert dynafake.clock.now() == dynafake.clock.now()


@pytest.mark.dynafake_frozen_clock(at=FROZEN)
def test_frozen_clock_marker_at(dynafake: dynafake.Engine) -> None:
    assert dynafake.clock.now() == FROZEN
