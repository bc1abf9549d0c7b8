"""dynafake.mock(): which clients it serves; its forms (context manager, decorators, start/stop)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import unittest
from typing import Any

import boto3
import botocore.exceptions
import pytest
from python_support import KEY_SCHEMA, NOWHERE, create_table, retry_config, table_names

import dynafake
from dynafake import _botocore


def new_client(region: str = "us-east-1", **kwargs: Any) -> Any:
    kwargs.setdefault("config", retry_config())
    return boto3.session.Session().client("dynamodb", region_name=region, **kwargs)


def test_context_manager_serves_clients_and_closes_the_engine() -> None:
    with dynafake.mock() as engine:
        assert isinstance(engine, dynafake.Engine)
        client = new_client()
        create_table(client)
        assert table_names(client) == ["items"]
    assert engine.closed


def test_requests_go_their_usual_way_when_no_mock_is_active() -> None:
    client = new_client(
        endpoint_url=NOWHERE,
        config=retry_config(total_max_attempts=1),
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )
    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        client.list_tables()


def test_a_client_created_before_the_mock_started_is_served() -> None:
    client = new_client()
    with dynafake.mock():
        create_table(client)
        assert table_names(client) == ["items"]


def test_each_outermost_mock_has_a_fresh_engine() -> None:
    client = new_client()
    with dynafake.mock():
        create_table(client)
    with dynafake.mock():
        assert table_names(client) == []


def test_nested_mocks_share_the_outer_engine() -> None:
    client = new_client()
    with dynafake.mock() as outer:
        create_table(client, "outer")
        with dynafake.mock(account_id="999999999999") as inner:
            assert inner is outer
            create_table(client, "inner")
        assert not outer.closed
        assert table_names(client) == ["inner", "outer"]
    assert outer.closed


def test_start_and_stop_from_different_functions() -> None:
    started = dynafake.mock()

    def set_up() -> dynafake.Engine:
        return started.start()

    def tear_down() -> None:
        started.stop()

    engine = set_up()
    assert started.engine is engine
    create_table(new_client())
    tear_down()
    assert engine.closed
    assert not started.active


def test_start_twice_or_stop_unstarted_is_an_error() -> None:
    started = dynafake.mock()
    with pytest.raises(RuntimeError, match="not started"):
        started.stop()
    started.start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            started.start()
    finally:
        started.stop()
    with pytest.raises(RuntimeError, match="not started"):
        _ = started.engine


def test_function_decorator_gives_each_call_a_fresh_engine() -> None:
    @dynafake.mock()
    def make_table() -> list[str]:
        client = new_client()
        create_table(client)
        return table_names(client)

    assert make_table() == ["items"]
    assert make_table() == ["items"]


def test_bare_decorator_and_alias() -> None:
    @dynafake.mock
    def bare() -> list[str]:
        return table_names(new_client())

    @dynafake.mock_dynamodb()
    def aliased() -> list[str]:
        return table_names(new_client())

    assert bare() == []
    assert aliased() == []
    assert dynafake.mock_dynamodb is dynafake.mock


def test_class_decorator_mocks_each_test_method() -> None:
    @dynafake.mock()
    class Tests:
        def test_one(self) -> list[str]:
            client = new_client()
            create_table(client)
            return table_names(client)

        def helper(self) -> None:
            pass

    assert Tests().test_one() == ["items"]
    assert Tests().test_one() == ["items"]
    assert hasattr(Tests.test_one, "__wrapped__")
    assert not hasattr(Tests.helper, "__wrapped__")


def test_class_decorator_spans_setup_method_and_teardown_method() -> None:
    seen: list[list[str]] = []

    @dynafake.mock()
    class Tests:
        def setup_method(self, method: Any) -> None:  # noqa: ARG002 (pytest's signature)
            create_table(new_client())

        def test_sees_setup_table(self) -> None:
            seen.append(table_names(new_client()))

        def teardown_method(self, method: Any) -> None:  # noqa: ARG002
            seen.append(table_names(new_client()))

    tests = Tests()
    tests.setup_method(Tests.test_sees_setup_table)
    tests.test_sees_setup_table()
    tests.teardown_method(Tests.test_sees_setup_table)
    assert seen == [["items"], ["items"]]
    with dynafake.mock():
        assert table_names(new_client()) == []


def test_class_decorator_on_unittest_testcase() -> None:
    seen: list[list[str]] = []

    @dynafake.mock()
    class Tests(unittest.TestCase):
        def setUp(self) -> None:
            create_table(new_client(), "from_setup")

        def test_one(self) -> None:
            seen.append(table_names(new_client()))

        def test_two(self) -> None:
            seen.append(table_names(new_client()))

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Tests).run(result)
    assert result.errors == []
    assert result.failures == []
    assert seen == [["from_setup"], ["from_setup"]]


def test_regions_are_separate_namespaces() -> None:
    with dynafake.mock():
        create_table(new_client("us-east-1"), "east")
        create_table(new_client("eu-west-1"), "west")
        assert table_names(new_client("us-east-1")) == ["east"]
        assert table_names(new_client("eu-west-1")) == ["west"]
        assert table_names(new_client("ap-southeast-2")) == []


def test_region_is_passed_to_the_engine(scripted: Any) -> None:
    with dynafake.mock():
        new_client("eu-central-1").list_tables()
        streams = boto3.session.Session().client("dynamodbstreams", region_name="sa-east-1")
        streams.list_streams()
    assert [(region, target) for region, target, _ in scripted.calls] == [
        ("eu-central-1", "DynamoDB_20120810.ListTables"),
        ("sa-east-1", "DynamoDBStreams_20120810.ListStreams"),
    ]


@pytest.mark.parametrize("wire", [False, True])
def test_no_credentials_are_needed(monkeypatch: pytest.MonkeyPatch, wire: bool) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = boto3.session.Session()
    assert session.get_credentials() is None
    with dynafake.mock(wire=wire):
        client = session.client("dynamodb", region_name="us-east-1")
        create_table(client)
        assert table_names(client) == ["items"]


def test_any_credentials_and_endpoint_url_are_accepted() -> None:
    with dynafake.mock():
        client = new_client(
            endpoint_url=NOWHERE,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            aws_session_token="token",
        )
        create_table(client)
        assert table_names(new_client()) == ["items"]


def test_resource_is_served() -> None:
    with dynafake.mock():
        resource = boto3.session.Session().resource("dynamodb", region_name="us-east-1")
        table = resource.create_table(TableName="items", **KEY_SCHEMA)
        table.put_item(Item={"pk": "a", "n": 1})
        assert table.get_item(Key={"pk": "a"})["Item"] == {"pk": "a", "n": 1}


def test_wire_mode_sends_every_call_through_botocores_request_path() -> None:
    created: list[str] = []
    with dynafake.mock(wire=True):
        client = new_client()
        client.meta.events.register(
            "request-created.dynamodb", lambda request, **_: created.append(request.method)
        )
        create_table(client)
        assert table_names(client) == ["items"]
    assert created == ["POST", "POST"]


@pytest.mark.skipif(_botocore.env_forces_wire(), reason="DYNAFAKE_FORCE_WIRE is set")
def test_fast_mode_answers_before_any_request_is_created() -> None:
    created: list[str] = []
    with dynafake.mock():
        client = new_client()
        client.meta.events.register(
            "request-created.dynamodb", lambda request, **_: created.append(request.method)
        )
        create_table(client)
    assert created == []


def test_engine_client_is_served_by_its_engine_alone() -> None:
    with dynafake.Engine() as engine:
        own = engine.client(region_name="eu-west-1", config=retry_config())
        create_table(own, "own")
        with dynafake.mock():
            mocked = new_client("eu-west-1")
            create_table(mocked, "mocked")
            assert table_names(own) == ["own"]
            assert table_names(mocked) == ["mocked"]
        assert table_names(own) == ["own"]
        resource = engine.resource(region_name="eu-west-1")
        assert [table.name for table in resource.tables.all()] == ["own"]


def test_engine_client_rejects_other_services() -> None:
    with dynafake.Engine() as engine, pytest.raises(ValueError, match="not 's3'"):
        engine.client("s3")


def test_async_functions_can_be_decorated() -> None:
    @dynafake.mock()
    async def make_table() -> list[str]:
        client = new_client()
        create_table(client)
        return table_names(client)

    assert asyncio.run(make_table()) == ["items"]


def test_boto3_default_session_older_than_the_import_is_served() -> None:
    script = """
import boto3
boto3.setup_default_session(region_name="us-east-1")
import dynafake
with dynafake.mock():
    client = boto3.client("dynamodb")
    client.create_table(
        TableName="items",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    print(client.list_tables()["TableNames"])
"""
    environment = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=environment
    )
    assert (result.returncode, result.stdout) == (0, "['items']\n"), result.stderr
