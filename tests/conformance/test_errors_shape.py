"""What a boto3 caller sees of an error or a success: the ClientError shape, HTTP status,
request ids and headers (dynamodb-behaviour.md 1.2 and 1.3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conformance_support import expect_error, s_key, unique_table_name

ErrorCase = Callable[[Any, str], ClientError]


def _conditional_put_failure(client: Any, table: str) -> ClientError:
    client.put_item(TableName=table, Item=s_key("a"))
    return expect_error(
        client.put_item,
        TableName=table,
        Item=s_key("a"),
        ConditionExpression="attribute_not_exists(pk)",
    )


ERROR_CASES: dict[str, tuple[ErrorCase, str, str]] = {
    "describe-unknown-table": (
        lambda c, t: expect_error(c.describe_table, TableName=t + "-missing"),
        "ResourceNotFoundException",
        "DescribeTable",
    ),
    "get-from-unknown-table": (
        lambda c, t: expect_error(c.get_item, TableName=t + "-missing", Key=s_key("a")),
        "ResourceNotFoundException",
        "GetItem",
    ),
    "create-existing-table": (
        lambda c, t: expect_error(
            c.create_table,
            TableName=t,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        ),
        "ResourceInUseException",
        "CreateTable",
    ),
    "put-without-key": (
        lambda c, t: expect_error(c.put_item, TableName=t, Item={"x": {"S": "a"}}),
        "ValidationException",
        "PutItem",
    ),
    "batch-write-duplicates": (
        lambda c, t: expect_error(
            c.batch_write_item,
            RequestItems={t: [{"PutRequest": {"Item": s_key("a")}}] * 2},
        ),
        "ValidationException",
        "BatchWriteItem",
    ),
}


@pytest.fixture(params=list(ERROR_CASES))
def case(request: pytest.FixtureRequest, client: Any, table: str) -> tuple[ClientError, str, str]:
    produce, code, operation = ERROR_CASES[request.param]
    return produce(client, table), code, operation


def test_error_code(case: tuple[ClientError, str, str]) -> None:
    error, code, operation = case
    assert error.response["Error"]["Code"] == code
    assert error.operation_name == operation


def test_conditional_failure_code(client: Any, table: str) -> None:
    error = _conditional_put_failure(client, table)
    assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert error.response["Error"]["Message"] == "The conditional request failed"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.operation_name == "PutItem"


def test_error_has_a_message(case: tuple[ClientError, str, str]) -> None:
    error, _, _ = case
    message = error.response["Error"]["Message"]
    assert isinstance(message, str)
    assert message


def test_every_client_error_is_http_400(case: tuple[ClientError, str, str]) -> None:
    error, _, _ = case
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_error_carries_a_request_id(case: tuple[ClientError, str, str]) -> None:
    error, _, _ = case
    metadata = error.response["ResponseMetadata"]
    assert isinstance(metadata["RequestId"], str)
    assert metadata["RequestId"]
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]


def test_errors_are_not_retried(case: tuple[ClientError, str, str]) -> None:
    error, _, _ = case
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_error_string(client: Any) -> None:
    name = unique_table_name()
    error = expect_error(client.describe_table, TableName=name)
    assert str(error) == (
        "An error occurred (ResourceNotFoundException) when calling the DescribeTable "
        f"operation: Requested resource not found: Table: {name} not found"
    )


@pytest.mark.moto_differs(reason="moto omits the ': Table: <name> not found' part")
def test_error_string_for_update(client: Any) -> None:
    name = unique_table_name()
    error = expect_error(client.update_table, TableName=name, DeletionProtectionEnabled=True)
    assert str(error) == (
        "An error occurred (ResourceNotFoundException) when calling the UpdateTable "
        f"operation: Requested resource not found: Table: {name} not found"
    )


def test_modeled_error_classes(client: Any, table: str) -> None:
    error = expect_error(client.get_item, TableName=table + "-missing", Key=s_key("a"))
    assert isinstance(error, client.exceptions.ResourceNotFoundException)
    assert client.exceptions.from_code("ResourceNotFoundException") is type(error)


def test_conditional_failure_without_return_values_has_no_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    error = expect_error(
        client.put_item,
        TableName=table,
        Item=s_key("a"),
        ConditionExpression="attribute_not_exists(pk)",
    )
    assert error.response["Error"] == {
        "Code": "ConditionalCheckFailedException",
        "Message": "The conditional request failed",
    }
    assert "Item" not in error.response


# --- successful responses ------------------------------------------------------------------------


def test_success_metadata(client: Any, table: str) -> None:
    metadata = client.put_item(TableName=table, Item=s_key("a"))["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RetryAttempts"] == 0
    assert metadata["RequestId"]
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]


def test_success_content_type(client: Any, table: str) -> None:
    headers = client.get_item(TableName=table, Key=s_key("a"))["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/x-amz-json-1.0"


def test_request_ids_differ(client: Any, table: str) -> None:
    first = client.get_item(TableName=table, Key=s_key("a"))["ResponseMetadata"]["RequestId"]
    second = client.get_item(TableName=table, Key=s_key("a"))["ResponseMetadata"]["RequestId"]
    assert first != second


@pytest.mark.moto_differs(reason="moto's request ids are not 52 upper-case alphanumerics")
def test_request_id_format(client: Any, table: str) -> None:
    # Real DynamoDB request ids are 52 upper-case letters and digits.
    request_id = client.get_item(TableName=table, Key=s_key("a"))["ResponseMetadata"]["RequestId"]
    assert re.fullmatch(r"[A-Z0-9]{52}", request_id)
