"""The fast path (answered at before-call) parses every outcome as botocore's wire path does.

Each case feeds one engine outcome to two clients: one answered at ``before-call`` by dynafake's own
parser, one sent through botocore's request path (``before-send``) where botocore's parser, retry
logic and error factory run. Their results must be equal, ResponseMetadata included.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.exceptions import ClientError
from python_support import Script, bound_client, error, outcome

import dynafake


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


ITEM = {
    "pk": {"S": "user#1"},
    "n": {"N": "12.5"},
    "blob": {"B": b64(b"\x00\x01\xff")},
    "blobs": {"BS": [b64(b"a"), b64(b"\x80")]},
    "flag": {"BOOL": True},
    "nothing": {"NULL": True},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2"]},
    "map": {"M": {"inner": {"B": b64(b"deep")}, "list": {"L": [{"BS": [b64(b"z")]}, {"S": "s"}]}}},
    "list": {"L": [{"M": {"b": {"B": b64(b"in-list")}}}, {"L": [{"B": b64(b"nested")}]}]},
}
KEY = {"pk": {"S": "user#1"}, "sk": {"B": b64(b"\x10\x20")}}
TABLE = {
    "TableName": "t",
    "TableStatus": "ACTIVE",
    "CreationDateTime": 1700000000.123,
    "ProvisionedThroughput": {
        "LastIncreaseDateTime": 1700000100,
        "LastDecreaseDateTime": 1700000200.5,
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": 5,
        "WriteCapacityUnits": 5,
    },
    "BillingModeSummary": {
        "BillingMode": "PAY_PER_REQUEST",
        "LastUpdateToPayPerRequestDateTime": 1700000300.25,
    },
    "GlobalSecondaryIndexes": [{"IndexName": "g", "IndexStatus": "ACTIVE", "ItemCount": 3}],
    "TableSizeBytes": 10,
    "ItemCount": 1,
}
STREAM_RECORD = {
    "eventID": "1",
    "eventName": "INSERT",
    "dynamodb": {
        "ApproximateCreationDateTime": 1700000000,
        "Keys": KEY,
        "NewImage": ITEM,
        "SequenceNumber": "100",
        "SizeBytes": 40,
        "StreamViewType": "NEW_IMAGE",
    },
}
CAPACITY = {"TableName": "t", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}
GET = {"TableName": "t", "Key": {"pk": {"S": "user#1"}}}

SUCCESS_CASES: list[tuple[str, str, dict[str, Any], Any]] = [
    ("dynamodb", "get_item", GET, {"Item": ITEM, "ConsumedCapacity": CAPACITY}),
    ("dynamodb", "get_item", GET, {}),
    ("dynamodb", "list_tables", {}, {"TableNames": ["a", "b"], "LastEvaluatedTableName": "b"}),
    ("dynamodb", "describe_table", {"TableName": "t"}, {"Table": TABLE}),
    (
        "dynamodb",
        "query",
        {"TableName": "t"},
        {"Items": [ITEM, KEY], "Count": 2, "ScannedCount": 2, "LastEvaluatedKey": KEY},
    ),
    (
        "dynamodb",
        "batch_get_item",
        {"RequestItems": {"t": {"Keys": [GET["Key"]]}}},
        {"Responses": {"t": [ITEM]}, "UnprocessedKeys": {"t": {"Keys": [KEY]}}},
    ),
    (
        "dynamodb",
        "batch_write_item",
        {"RequestItems": {"t": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}},
        {
            "UnprocessedItems": {"t": [{"PutRequest": {"Item": ITEM}}]},
            "ItemCollectionMetrics": {
                "t": [{"ItemCollectionKey": KEY, "SizeEstimateRangeGB": [0, 1]}]
            },
        },
    ),
    (
        "dynamodb",
        "transact_get_items",
        {"TransactItems": [{"Get": GET}]},
        {"Responses": [{"Item": ITEM}, {}]},
    ),
    (
        "dynamodb",
        "create_backup",
        {"TableName": "t", "BackupName": "backup"},
        {
            "BackupDetails": {
                "BackupArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/1",
                "BackupName": "backup",
                "BackupStatus": "CREATING",
                "BackupType": "USER",
                "BackupCreationDateTime": 1700000000.5,
            }
        },
    ),
    (
        "dynamodb",
        "describe_continuous_backups",
        {"TableName": "t"},
        {
            "ContinuousBackupsDescription": {
                "ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": {
                    "PointInTimeRecoveryStatus": "ENABLED",
                    "EarliestRestorableDateTime": 1700000000,
                    "LatestRestorableDateTime": 1700000600.75,
                },
            }
        },
    ),
    (
        "dynamodbstreams",
        "get_records",
        {"ShardIterator": "iterator"},
        {"Records": [STREAM_RECORD], "NextShardIterator": "next"},
    ),
    (
        "dynamodbstreams",
        "describe_stream",
        {"StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/1"},
        {
            "StreamDescription": {
                "StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/1",
                "CreationRequestDateTime": 1700000000.25,
                "Shards": [
                    {"ShardId": "s", "SequenceNumberRange": {"StartingSequenceNumber": "1"}}
                ],
            }
        },
    ),
]

ERROR_CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("get_item", GET, error("ResourceNotFoundException", "Requested resource not found")),
    (
        "get_item",
        GET,
        outcome(
            400,
            {"__type": "com.amazon.coral.validate#ValidationException", "message": "bad key"},
        ),
    ),
    (
        "put_item",
        {"TableName": "t", "Item": {"pk": {"S": "a"}}},
        error("ConditionalCheckFailedException", "The conditional request failed", Item=ITEM),
    ),
    (
        "transact_write_items",
        {"TransactItems": [{"Put": {"TableName": "t", "Item": {"pk": {"S": "a"}}}}]},
        outcome(
            400,
            {
                "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "Message": "Transaction cancelled, please refer cancellation reasons for "
                "specific reasons [ConditionalCheckFailed, None]",
                "CancellationReasons": [
                    {"Code": "ConditionalCheckFailed", "Message": "failed", "Item": ITEM},
                    {"Code": "None"},
                ],
            },
        ),
    ),
    (
        "get_item",
        GET,
        outcome(400, {"__type": "com.amazon.coral.service#SerializationException", "Message": "x"}),
    ),
    (
        "get_item",
        GET,
        outcome(400, {"__type": "com.amazon.coral.service#UnknownOperationException"}),
    ),
    ("get_item", GET, outcome(400, {"__type": "AccessDeniedException", "message": "denied"})),
    ("get_item", GET, outcome(400, b"not json")),
    # botocore retries any 500: the engine marks them retryable, so both paths end on the wire.
    (
        "get_item",
        GET,
        outcome(500, {"__type": "InternalServerError", "message": "boom"}, retryable=True),
    ),
    ("get_item", GET, outcome(500, b"", retryable=True)),
]


def call(client: Any, operation: str, params: dict[str, Any]) -> Any:
    try:
        return getattr(client, operation)(**params)
    except ClientError as caught:
        return type(caught).__name__, caught.response


def both_paths(service: str, operation: str, params: dict[str, Any], result: Any) -> list[Any]:
    return [
        call(bound_client(Script(result), wire=wire, service_name=service), operation, params)
        for wire in (False, True)
    ]


@pytest.mark.parametrize(("service", "operation", "params", "payload"), SUCCESS_CASES)
def test_success_outcomes_parse_identically(
    service: str, operation: str, params: dict[str, Any], payload: Any
) -> None:
    fast, wire = both_paths(service, operation, params, outcome(200, payload))
    assert fast == wire
    assert fast["ResponseMetadata"]["RequestId"] == "REQ1"
    assert fast["ResponseMetadata"]["RetryAttempts"] == 0


# The engine writes compact JSON; other spellings of the same JSON must parse the same way.
SPELLED_BODIES = [
    ("list_tables", {}, b'{"TableNames":["a"]}'),
    ("list_tables", {}, b' {"TableNames": ["a"]}\n'),
    ("list_tables", {}, b"{}"),
    ("list_tables", {}, b"{ }"),
    ("list_tables", {}, b'{"TableNames":["a"]}{"TableNames":["b"]}'),
    ("get_item", GET, b'{"Item":{"pk":{"S":"\\u00e9"},"b":{"B":"AAE="}}}  '),
    ("get_item", GET, b'{"Item":{"pk":{"S":"\xc3\xa9"},"b":{"B":"AAE="}}}'),
    ("get_item", GET, b'{"Item":{"pk":{"S":"B"},"n":{"N":"1"}}}'),
]


@pytest.mark.parametrize(("operation", "params", "body"), SPELLED_BODIES)
def test_json_spellings_parse_identically(
    operation: str, params: dict[str, Any], body: bytes
) -> None:
    fast, wire = both_paths("dynamodb", operation, params, outcome(200, body))
    assert fast == wire


@pytest.mark.parametrize(("operation", "params", "result"), ERROR_CASES)
def test_error_outcomes_parse_identically(
    operation: str, params: dict[str, Any], result: Any
) -> None:
    fast, wire = both_paths("dynamodb", operation, params, result)
    assert fast == wire
    assert isinstance(fast, tuple)


def test_blobs_and_timestamps_are_converted_where_nested() -> None:
    client = bound_client(Script(outcome(200, {"Item": ITEM})), wire=False)
    item = client.get_item(**GET)["Item"]
    assert item["blob"] == {"B": b"\x00\x01\xff"}
    assert item["blobs"] == {"BS": [b"a", b"\x80"]}
    assert item["map"]["M"]["inner"] == {"B": b"deep"}
    assert item["map"]["M"]["list"]["L"][0] == {"BS": [b"z"]}
    assert item["list"]["L"][1]["L"][0] == {"B": b"nested"}
    assert item["n"] == {"N": "12.5"}
    client = bound_client(Script(outcome(200, {"Table": TABLE})), wire=False)
    created = client.describe_table(TableName="t")["Table"]["CreationDateTime"]
    assert created.timestamp() == 1700000000.123
    assert created.tzinfo is not None


def test_modeled_error_members_reach_the_client_error() -> None:
    result = error("ConditionalCheckFailedException", "The conditional request failed", Item=ITEM)
    client = bound_client(Script(result), wire=False)
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as caught:
        client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    response = caught.value.response
    assert response["Error"] == {
        "Code": "ConditionalCheckFailedException",
        "Message": "The conditional request failed",
    }
    assert response["Item"]["blob"] == {"B": b"\x00\x01\xff"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_after_call_handlers_get_a_botocore_http_response() -> None:
    result = outcome(200, {"TableNames": []})
    seen: list[tuple[int, str, bytes, bytes]] = []
    client = bound_client(Script(result), wire=False)

    def after_call(http_response: Any, **_: Any) -> None:
        seen.append(
            (
                http_response.status_code,
                http_response.headers["X-AMZN-REQUESTID"],
                http_response.content,
                b"".join(http_response.raw.stream()),
            )
        )

    client.meta.events.register("after-call.dynamodb.ListTables", after_call)
    client.list_tables()
    assert seen == [(200, "REQ1", result[2], result[2])]


THROTTLED = error("ProvisionedThroughputExceededException", "throughput exceeded", retryable=True)


@pytest.mark.parametrize("wire", [False, True])
def test_retryable_outcomes_are_retried_by_botocore(wire: bool) -> None:
    script = Script(THROTTLED, THROTTLED, outcome(200, {"TableNames": ["t"]}))
    client = bound_client(script, wire=wire)
    response = client.list_tables()
    assert response["TableNames"] == ["t"]
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    # The fast path's first answer is reused by the first attempt, not asked again.
    assert len(script.calls) == 3


@pytest.mark.parametrize("wire", [False, True])
def test_retries_end_with_the_last_error(wire: bool) -> None:
    script = Script(THROTTLED)
    client = bound_client(script, wire=wire)
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException) as caught:
        client.list_tables()
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(script.calls) == 3


def test_a_retryable_outcome_goes_through_before_send() -> None:
    script = Script(error("InternalServerError", "boom", status=500, retryable=True))
    client = bound_client(script, wire=False)
    sent: list[str] = []
    client.meta.events.register(
        "before-send.dynamodb", lambda request, **_: sent.append(request.url)
    )
    with pytest.raises(ClientError, match="InternalServerError"):
        client.list_tables()
    assert len(sent) == 3
    assert len(script.calls) == 3


def test_real_engine_outcomes_parse_identically_on_both_paths() -> None:
    """Every outcome of a scenario run on the real engine, replayed through the wire path."""
    mismatches: list[str] = []
    with dynafake.Engine(frozen_at=1700000000.5) as engine:
        recorded: list[Any] = []

        def handle(region: str, target: str, body: bytes) -> Any:
            recorded.append(engine.handle(region, target, body))
            return recorded[-1]

        fast = bound_client(handle, wire=False)
        for operation, params in REAL_SCENARIO:
            fast_result = call(fast, operation, params)
            replay = bound_client(Script(recorded[-1]), wire=True)
            if call(replay, operation, params) != fast_result:
                mismatches.append(operation)
    assert mismatches == []


REAL_KEY = {"pk": {"S": "a"}, "sk": {"B": b"\x01"}}
REAL_ITEM = {
    **REAL_KEY,
    "b": {"B": b"\x00\xff"},
    "bs": {"BS": [b"x"]},
    "m": {"M": {"l": {"L": [{"B": b"y"}]}}},
}
REAL_SCENARIO: list[tuple[str, dict[str, Any]]] = [
    (
        "create_table",
        {
            "TableName": "items",
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "B"},
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    ),
    ("describe_table", {"TableName": "items"}),
    ("put_item", {"TableName": "items", "Item": REAL_ITEM}),
    ("get_item", {"TableName": "items", "Key": REAL_KEY, "ReturnConsumedCapacity": "TOTAL"}),
    (
        "put_item",
        {
            "TableName": "items",
            "Item": REAL_ITEM,
            "ConditionExpression": "attribute_not_exists(pk)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        },
    ),
    ("put_item", {"TableName": "items", "Item": REAL_ITEM, "ReturnValues": "ALL_OLD"}),
    (
        "query",
        {
            "TableName": "items",
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "a"}},
        },
    ),
    ("scan", {"TableName": "items"}),
    ("batch_get_item", {"RequestItems": {"items": {"Keys": [REAL_KEY]}}}),
    ("batch_write_item", {"RequestItems": {"items": [{"DeleteRequest": {"Key": REAL_KEY}}]}}),
    ("get_item", {"TableName": "missing", "Key": REAL_KEY}),
    ("get_item", {"TableName": "items", "Key": {"pk": {"S": "a"}}}),
    ("list_tables", {}),
    ("delete_table", {"TableName": "items"}),
]
