"""moto's mock_aws keeps serving other services while dynafake serves DynamoDB.

botocore's before-send event calls every handler: dynafake's, registered on the more specific
``before-send.dynamodb``, runs first and leaves the request pointing at a URL moto does not serve,
so moto's DynamoDB backend never sees a request dynafake answered.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from python_support import create_table, table_names

import dynafake

moto = pytest.importorskip("moto")
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.dynamodb.models import dynamodb_backends  # noqa: E402

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _fake_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def clients() -> tuple[Any, Any]:
    # A session created after both imports: moto's and dynafake's handlers are both on it.
    session = boto3.session.Session(region_name=REGION)
    return session.client("dynamodb"), session.client("s3")


def moto_tables() -> list[str]:
    return sorted(dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].tables)


def exercise(dynamodb: Any, s3: Any) -> None:
    create_table(dynamodb)
    dynamodb.put_item(TableName="items", Item={"pk": {"S": "a"}})
    assert dynamodb.get_item(TableName="items", Key={"pk": {"S": "a"}})["Item"] == {
        "pk": {"S": "a"}
    }
    s3.create_bucket(Bucket="bucket")
    s3.put_object(Bucket="bucket", Key="k", Body=b"v")
    assert s3.get_object(Bucket="bucket", Key="k")["Body"].read() == b"v"


@pytest.mark.parametrize("wire", [False, True])
def test_dynafake_inside_mock_aws(wire: bool) -> None:
    with moto.mock_aws():
        dynamodb, s3 = clients()
        with dynafake.mock(wire=wire) as engine:
            exercise(dynamodb, s3)
            assert table_names(engine.client()) == ["items"]
            assert moto_tables() == []
        # dynafake stopped: DynamoDB is moto's again.
        assert table_names(dynamodb) == []
        create_table(dynamodb, "in_moto")
        assert moto_tables() == ["in_moto"]


@pytest.mark.parametrize("wire", [False, True])
def test_mock_aws_inside_dynafake(wire: bool) -> None:
    with dynafake.mock(wire=wire) as engine:
        with moto.mock_aws():
            dynamodb, s3 = clients()
            exercise(dynamodb, s3)
            assert moto_tables() == []
        assert table_names(engine.client()) == ["items"]
