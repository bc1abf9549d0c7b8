"""engine.streams.subscribe(): Python handlers triggered by a table's stream as AWS Lambda functions
are by a DynamoDB event source mapping, through a real engine and boto3."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from dynafake import Engine
from dynafake.streams import (
    BatchItemFailuresError,
    FailedBatch,
    LambdaContext,
    StreamHandlerError,
    StreamRecordsTrimmedError,
)

FROZEN_AT = 1_700_000_000
pytestmark = pytest.mark.dynafake_frozen_clock(at=FROZEN_AT)
TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


def create_stream_table(
    dynamodb: Any, name: str = "orders", view_type: str = "NEW_AND_OLD_IMAGES"
) -> str:
    """An on-demand table keyed by pk (S) with a stream; returns the stream's ARN."""
    response = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )
    return str(response["TableDescription"]["LatestStreamArn"])


def put(dynamodb: Any, pk: str, table: str = "orders", **attributes: Any) -> None:
    item = {"pk": {"S": pk}, **attributes}
    dynamodb.put_item(TableName=table, Item=item)


class Recorder:
    """A handler that keeps every event it gets. It raises on the calls numbered in
    ``fail_calls`` and on batches holding a key of ``fail_keys``; it returns ``respond(event)``
    when given, else ``returns``."""

    def __init__(
        self,
        *,
        fail_calls: tuple[int, ...] = (),
        fail_keys: tuple[str, ...] = (),
        returns: Any = None,
        respond: Any = None,
    ) -> None:
        self.events: list[dict[str, Any]] = []
        self.contexts: list[LambdaContext] = []
        self.fail_calls = fail_calls
        self.fail_keys = fail_keys
        self.returns = returns
        self.respond = respond

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> Any:
        self.events.append(event)
        self.contexts.append(context)
        call = len(self.events)
        if call in self.fail_calls or set(keys_of(event["Records"])) & set(self.fail_keys):
            raise ValueError(f"handler failed on call {call}")
        return self.returns if self.respond is None else self.respond(event)

    @property
    def records(self) -> list[dict[str, Any]]:
        return [record for event in self.events for record in event["Records"]]

    def keys(self) -> list[str]:
        return keys_of(self.records)

    def batch_keys(self) -> list[list[str]]:
        return [keys_of(event["Records"]) for event in self.events]


def keys_of(records: list[dict[str, Any]]) -> list[str]:
    return [record["dynamodb"]["Keys"]["pk"]["S"] for record in records]


def sequence_numbers(records: list[dict[str, Any]]) -> list[int]:
    return [int(record["dynamodb"]["SequenceNumber"]) for record in records]


# --- the event --------------------------------------------------------------------------------


def test_insert_modify_remove_arrive_as_lambda_events(dynafake: Engine, dynamodb: Any) -> None:
    stream_arn = create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler)

    put(dynamodb, "a", status={"S": "new"})
    assert len(handler.events) == 1  # delivered before put_item returned
    dynamodb.update_item(
        TableName="orders",
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET #s = :done",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":done": {"S": "done"}},
    )
    dynamodb.delete_item(TableName="orders", Key={"pk": {"S": "a"}})

    assert [len(event["Records"]) for event in handler.events] == [1, 1, 1]
    assert set(handler.events[0]) == {"Records"}
    inserted, modified, removed = handler.records
    assert [r["eventName"] for r in handler.records] == ["INSERT", "MODIFY", "REMOVE"]
    for record in handler.records:
        assert record["eventSourceARN"] == stream_arn
        assert record["eventSource"] == "aws:dynamodb"
        assert record["eventVersion"] == "1.1"
        assert record["awsRegion"] == "us-east-1"
        assert "userIdentity" not in record
        body = record["dynamodb"]
        assert body["ApproximateCreationDateTime"] == float(FROZEN_AT)
        assert isinstance(body["ApproximateCreationDateTime"], float)
        assert body["Keys"] == {"pk": {"S": "a"}}
        assert body["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert inserted["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "status": {"S": "new"}}
    assert "OldImage" not in inserted["dynamodb"]
    assert modified["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "status": {"S": "new"}}
    assert modified["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "status": {"S": "done"}}
    assert removed["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "status": {"S": "done"}}
    assert "NewImage" not in removed["dynamodb"]
    numbers = sequence_numbers(handler.records)
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 3
    assert subscription.delivered == 3
    assert subscription.failures == []


def test_records_are_those_get_records_returns(
    dynafake: Engine, dynamodb: Any, dynamodbstreams: Any
) -> None:
    stream_arn = create_stream_table(dynamodb, view_type="NEW_IMAGE")
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler)
    put(dynamodb, "a", blob={"B": b"\x00\x01"}, n={"N": "1.5"})
    put(dynamodb, "b")

    shard = dynamodbstreams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    iterator = dynamodbstreams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    read = dynamodbstreams.get_records(ShardIterator=iterator)["Records"]
    assert len(read) == len(handler.records) == 2
    for delivered, stored in zip(handler.records, read):
        assert delivered["eventID"] == stored["eventID"]
        assert delivered["dynamodb"]["SequenceNumber"] == stored["dynamodb"]["SequenceNumber"]
        assert delivered["dynamodb"]["SizeBytes"] == stored["dynamodb"]["SizeBytes"]
    # Lambda hands binary values as the wire's base64 text.
    assert handler.records[0]["dynamodb"]["NewImage"]["blob"] == {"B": "AAE="}
    assert handler.records[0]["dynamodb"]["NewImage"]["n"] == {"N": "1.5"}


def test_context_names_the_function_and_each_call(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)

    def on_order(event: dict[str, Any], context: LambdaContext) -> None:
        contexts.append(context)

    contexts: list[LambdaContext] = []
    dynafake.streams.subscribe("orders", on_order)
    put(dynamodb, "a")
    put(dynamodb, "b")
    first, second = contexts
    assert first.function_name == "on_order"
    assert first.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:on_order"
    assert first.function_version == "$LATEST"
    assert first.get_remaining_time_in_millis() > 0
    assert uuid.UUID(first.aws_request_id) != uuid.UUID(second.aws_request_id)

    named = Recorder()
    dynafake.streams.subscribe("orders", named, function_name="audit")
    assert named.contexts[0].function_name == "audit"


def test_subscribe_needs_an_enabled_stream(dynafake: Engine, dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="plain",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(ValueError, match="'plain' in us-east-1 has no enabled stream"):
        dynafake.streams.subscribe("plain", Recorder())
    with pytest.raises(ValueError, match="'missing'"):
        dynafake.streams.subscribe("missing", Recorder())
    create_stream_table(dynamodb)
    dynamodb.update_table(TableName="orders", StreamSpecification={"StreamEnabled": False})
    with pytest.raises(ValueError, match="no enabled stream"):
        dynafake.streams.subscribe("orders", Recorder())
    with pytest.raises(ValueError, match="'orders' in eu-west-1"):
        dynafake.streams.subscribe("orders", Recorder(), region="eu-west-1")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 10001}, "batch_size"),
        ({"starting_position": "AT_TIMESTAMP"}, "starting_position"),
        ({"delivery": "async"}, "delivery"),
        ({"retry_attempts": -1}, "retry_attempts"),
    ],
)
def test_invalid_options_are_refused(
    dynafake: Engine, dynamodb: Any, options: dict[str, Any], message: str
) -> None:
    create_stream_table(dynamodb)
    with pytest.raises(ValueError, match=message):
        dynafake.streams.subscribe("orders", Recorder(), **options)
    assert dynafake.streams.subscriptions == []


def test_the_subscription_binds_to_the_stream_it_found(dynafake: Engine, dynamodb: Any) -> None:
    first_arn = create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler)
    assert subscription.stream_arn == first_arn
    dynamodb.update_table(TableName="orders", StreamSpecification={"StreamEnabled": False})
    dynafake.clock.advance(seconds=1)  # the next stream gets another label
    dynamodb.update_table(
        TableName="orders",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    put(dynamodb, "a")
    assert handler.events == []  # a Lambda mapping stays on its stream


# --- batches ----------------------------------------------------------------------------------


def test_batch_size_splits_a_batch_write(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler, batch_size=10)
    keys = [f"k{index:02d}" for index in range(25)]
    dynamodb.batch_write_item(
        RequestItems={"orders": [{"PutRequest": {"Item": {"pk": {"S": key}}}} for key in keys]}
    )
    assert [len(event["Records"]) for event in handler.events] == [10, 10, 5]
    assert sorted(handler.keys()) == keys
    numbers = sequence_numbers(handler.records)
    assert numbers == sorted(numbers)
    assert subscription.delivered == 25


def test_trim_horizon_delivers_what_the_stream_holds(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    put(dynamodb, "before-1")
    put(dynamodb, "before-2")
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler, starting_position="TRIM_HORIZON")
    assert handler.batch_keys() == [["before-1", "before-2"]]  # at subscribe
    put(dynamodb, "after")
    assert handler.keys() == ["before-1", "before-2", "after"]


def test_latest_skips_what_the_stream_holds(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb, "empty")
    from_empty = Recorder()
    dynafake.streams.subscribe("empty", from_empty, starting_position="LATEST")
    put(dynamodb, "a", table="empty")
    assert from_empty.keys() == ["a"]
    create_stream_table(dynamodb)
    put(dynamodb, "before-1")
    put(dynamodb, "before-2")
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler, starting_position="LATEST")
    assert handler.events == []
    put(dynamodb, "after")
    assert handler.keys() == ["after"]
    assert subscription.delivered == 1


# --- filters ----------------------------------------------------------------------------------


def test_callable_filter(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe(
        "orders", handler, filter=lambda record: record["eventName"] == "REMOVE"
    )
    put(dynamodb, "a")
    put(dynamodb, "b")
    dynamodb.delete_item(TableName="orders", Key={"pk": {"S": "a"}})
    assert [r["eventName"] for r in handler.records] == ["REMOVE"]
    assert handler.keys() == ["a"]
    assert subscription.delivered == 1


PATTERN_CASES = [
    # eventName, exact values
    pytest.param({"eventName": ["INSERT"]}, ["a", "b", "c", "d"], id="exact"),
    pytest.param({"eventName": ["MODIFY", "REMOVE"]}, ["a"], id="any-of"),
    # Nested: the record's DynamoDB JSON, type descriptor included.
    pytest.param(
        {"dynamodb": {"NewImage": {"status": {"S": ["done"]}}}, "eventName": ["INSERT"]},
        ["b"],
        id="nested",
    ),
    pytest.param(
        {"dynamodb": {"NewImage": {"region": {"S": [{"prefix": "eu-"}]}}}}, ["a", "c"], id="prefix"
    ),
    pytest.param({"dynamodb": {"Keys": {"pk": {"S": [{"suffix": "d"}]}}}}, ["d"], id="suffix"),
    pytest.param(
        {"dynamodb": {"NewImage": {"status": {"S": [{"equals-ignore-case": "DONE"}]}}}},
        ["b"],
        id="equals-ignore-case",
    ),
    pytest.param(
        {"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": ["done", "new"]}]}}}},
        ["d", "a"],
        id="anything-but",
    ),
    pytest.param(
        {"dynamodb": {"NewImage": {"status": {"S": [{"exists": True}]}}}},
        ["b", "d", "a"],
        id="exists",
    ),
    pytest.param(
        {"dynamodb": {"NewImage": {"status": {"S": [{"exists": False}]}}}},
        ["a", "c"],
        id="exists-false",
    ),
    # An object is not a value: exists never sees it (AWS measured the same).
    pytest.param(
        {"dynamodb": {"NewImage": {"status": [{"exists": False}]}}},
        ["a", "b", "c", "d", "a"],
        id="exists-false-on-an-object",
    ),
    # numeric matches JSON numbers: the creation time, never an N value (a string in the record).
    pytest.param(
        {"dynamodb": {"ApproximateCreationDateTime": [{"numeric": [">", 0, "<=", FROZEN_AT]}]}},
        ["a", "b", "c", "d", "a"],
        id="numeric",
    ),
    pytest.param(
        {"dynamodb": {"NewImage": {"amount": {"N": [{"numeric": [">", 0]}]}}}}, [], id="numeric-N"
    ),
    pytest.param({"dynamodb": {"NewImage": {"amount": {"N": ["20"]}}}}, ["b"], id="N-as-text"),
    pytest.param(
        {"$or": [{"eventName": ["MODIFY"]}, {"dynamodb": {"Keys": {"pk": {"S": ["c"]}}}}]},
        ["c", "a"],
        id="or",
    ),
    # Lambda's spelling of a TTL deletion's identity; none here.
    pytest.param({"userIdentity": {"type": ["Service"]}}, [], id="user-identity"),
]


@pytest.mark.parametrize(("pattern", "expected"), PATTERN_CASES)
def test_filter_patterns(
    dynafake: Engine, dynamodb: Any, pattern: dict[str, Any], expected: list[str]
) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler, filter=pattern)
    put(dynamodb, "a", region={"S": "eu-west-1"}, amount={"N": "10"})
    put(dynamodb, "b", status={"S": "done"}, amount={"N": "20"})
    put(dynamodb, "c", region={"S": "eu-central-1"})
    put(dynamodb, "d", status={"S": "late"}, region={"S": "us-east-1"})
    put(dynamodb, "a", status={"S": "cancelled"})  # MODIFY
    assert handler.keys() == expected


def test_filter_criteria_forms(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    as_text = Recorder()
    as_criteria = Recorder()
    as_list = Recorder()
    dynafake.streams.subscribe("orders", as_text, filter='{"eventName": ["MODIFY"]}')
    dynafake.streams.subscribe(
        "orders",
        as_criteria,
        filter={"Filters": [{"Pattern": '{"eventName": ["MODIFY"]}'}]},
    )
    dynafake.streams.subscribe(
        "orders",
        as_list,
        filter=[{"eventName": ["MODIFY"]}, '{"dynamodb": {"Keys": {"pk": {"S": ["b"]}}}}'],
    )
    put(dynamodb, "a")
    put(dynamodb, "b")
    put(dynamodb, "a", changed={"BOOL": True})
    assert as_text.keys() == ["a"]
    assert as_criteria.keys() == ["a"]
    assert as_list.keys() == ["b", "a"]


def test_filtered_out_records_are_consumed(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", batch_size=2, filter={"eventName": ["REMOVE"]}
    )
    for key in "abc":
        put(dynamodb, key)
    dynamodb.delete_item(TableName="orders", Key={"pk": {"S": "b"}})
    assert dynafake.streams.deliver() == 1
    assert handler.batch_keys() == [["b"]]
    assert dynafake.streams.deliver() == 0
    assert subscription.delivered == 1


@pytest.mark.parametrize(
    "pattern",
    [
        {"eventName": "INSERT"},  # a value where a list of matchers belongs
        {"eventName": []},
        {},
        {"eventName": [{"prefix": 5}]},
        {"eventName": [{"numeric": [">", "1"]}]},
        {"eventName": [{"numeric": ["<", 5, ">", 1]}]},
        {"eventName": [{"numeric": [">", 5, "<", 1]}]},
        {"eventName": [{"exists": "yes"}]},
        {"eventName": [{"wildcard": "IN*"}]},
        {"eventName": [{"prefix": "I", "suffix": "T"}]},
        {"$or": [{"eventName": ["INSERT"]}]},
        '{"eventName": ["INSERT"=123}]',
        "single-string",
        '["INSERT"]',
        {"Filters": []},
        42,
    ],
)
def test_invalid_patterns_are_refused_at_subscribe(
    dynafake: Engine, dynamodb: Any, pattern: Any
) -> None:
    create_stream_table(dynamodb)
    with pytest.raises(ValueError, match=r"filter|pattern|Filters|matcher|numeric|exists|operator"):
        dynafake.streams.subscribe("orders", Recorder(), filter=pattern)
    assert dynafake.streams.subscriptions == []


# --- sync and manual delivery ----------------------------------------------------------------


def test_manual_delivery_waits_for_deliver(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    manual = Recorder()
    sync = Recorder()
    dynafake.streams.subscribe("orders", manual, delivery="manual")
    dynafake.streams.subscribe("orders", sync)
    put(dynamodb, "a")
    put(dynamodb, "b")
    assert manual.events == []
    assert sync.keys() == ["a", "b"]
    assert dynafake.streams.deliver() == 2
    assert manual.batch_keys() == [["a", "b"]]
    assert dynafake.streams.deliver() == 0
    put(dynamodb, "c")
    assert manual.keys() == ["a", "b"]
    assert dynafake.streams.deliver() == 1
    assert manual.keys() == ["a", "b", "c"]
    assert sync.keys() == ["a", "b", "c"]


def test_writes_that_change_nothing_deliver_nothing(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler)
    put(dynamodb, "a")
    put(dynamodb, "a")  # identical
    dynamodb.delete_item(TableName="orders", Key={"pk": {"S": "missing"}})
    dynamodb.get_item(TableName="orders", Key={"pk": {"S": "a"}})
    assert handler.keys() == ["a"]


# --- errors -----------------------------------------------------------------------------------


def test_a_failing_handler_is_retried_with_the_same_records(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)

    def edit_then_fail(event: dict[str, Any], context: LambdaContext) -> None:
        seen.append(event["Records"][0]["dynamodb"]["Keys"]["pk"]["S"])
        event["Records"][0]["dynamodb"]["Keys"]["pk"]["S"] = "edited"
        if len(seen) < 3:
            raise RuntimeError("not yet")

    seen: list[str] = []
    subscription = dynafake.streams.subscribe("orders", edit_then_fail, retry_attempts=2)
    put(dynamodb, "a")
    assert seen == ["a", "a", "a"]
    assert subscription.delivered == 1
    assert subscription.failures == []


def test_exhausted_retries_raise_from_the_write(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder(fail_calls=(1, 2))
    subscription = dynafake.streams.subscribe("orders", handler, retry_attempts=1)

    with pytest.raises(StreamHandlerError, match="failed on a batch of 1 record") as raised:
        put(dynamodb, "a")
    assert isinstance(raised.value.__cause__, ValueError)
    assert raised.value.subscription is subscription
    (failure,) = subscription.failures
    assert raised.value.failure is failure
    assert failure.attempts == 2
    assert keys_of(failure.records) == ["a"]
    assert isinstance(failure.error, ValueError)
    # The write itself happened.
    assert "Item" in dynamodb.get_item(TableName="orders", Key={"pk": {"S": "a"}})

    # Delivery moves past the failed batch.
    put(dynamodb, "b")
    assert handler.batch_keys() == [["a"], ["a"], ["b"]]
    assert subscription.delivered == 1


def test_on_failure_takes_the_failed_batch_instead(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder(fail_keys=("poison",))
    subscription = dynafake.streams.subscribe(
        "orders", handler, retry_attempts=0, on_failure=failed.append
    )
    put(dynamodb, "poison")
    put(dynamodb, "fine")
    assert [keys_of(batch.records) for batch in failed] == [["poison"]]
    assert failed == subscription.failures
    assert failed[0].attempts == 1
    assert handler.keys() == ["poison", "fine"]
    assert subscription.delivered == 1


def test_manual_delivery_raises_from_deliver(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder(fail_calls=(1,))
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", retry_attempts=0, batch_size=1
    )
    put(dynamodb, "a")
    put(dynamodb, "b")
    with pytest.raises(StreamHandlerError):
        dynafake.streams.deliver()
    assert handler.keys() == ["a"]
    assert dynafake.streams.deliver() == 1
    assert handler.keys() == ["a", "b"]
    assert keys_of(subscription.failures[0].records) == ["a"]


def test_bisect_isolates_the_failing_record(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder(fail_keys=("b",))
    subscription = dynafake.streams.subscribe(
        "orders",
        handler,
        delivery="manual",
        retry_attempts=0,
        bisect_batch_on_error=True,
        on_failure=failed.append,
    )
    for key in "abcd":
        put(dynamodb, key)
    assert dynafake.streams.deliver() == 3
    assert handler.batch_keys() == [["a", "b", "c", "d"], ["a", "b"], ["a"], ["b"], ["c", "d"]]
    assert [keys_of(batch.records) for batch in failed] == [["b"]]
    assert subscription.delivered == 3


def test_bisect_retries_single_records(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder(fail_keys=("b",))
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", retry_attempts=2, bisect_batch_on_error=True
    )
    put(dynamodb, "a")
    put(dynamodb, "b")
    put(dynamodb, "c")
    with pytest.raises(StreamHandlerError):
        dynafake.streams.deliver()
    assert handler.batch_keys() == [["a", "b", "c"], ["a", "b"], ["a"], ["b"], ["b"], ["b"]]
    assert subscription.failures[0].attempts == 3
    # What follows the failed record comes next time.
    assert dynafake.streams.deliver() == 1
    assert handler.batch_keys()[-1] == ["c"]


def test_batch_item_failures_resume_from_the_lowest_reported(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)

    def report(event: dict[str, Any]) -> Any:
        records = event["Records"]
        if len(handler.events) == 1:
            # Reported out of order: delivery resumes at the lowest, "b".
            return {
                "batchItemFailures": [
                    {"itemIdentifier": records[3]["dynamodb"]["SequenceNumber"]},
                    {"itemIdentifier": records[1]["dynamodb"]["SequenceNumber"]},
                ]
            }
        return {"batchItemFailures": []}

    handler = Recorder(respond=report)
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", report_batch_item_failures=True
    )
    for key in "abcd":
        put(dynamodb, key)
    assert dynafake.streams.deliver() == 4
    assert handler.batch_keys() == [["a", "b", "c", "d"], ["b", "c", "d"]]
    assert subscription.failures == []


def test_batch_item_failures_exhausted(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)

    def report_last(event: dict[str, Any]) -> Any:
        last = event["Records"][-1]["dynamodb"]["SequenceNumber"]
        return {"batchItemFailures": [{"itemIdentifier": last}]}

    handler = Recorder(respond=report_last)
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", retry_attempts=1, report_batch_item_failures=True
    )
    for key in "abc":
        put(dynamodb, key)
    with pytest.raises(StreamHandlerError) as raised:
        dynafake.streams.deliver()
    assert isinstance(raised.value.__cause__, BatchItemFailuresError)
    assert handler.batch_keys() == [["a", "b", "c"], ["c"]]
    (failure,) = subscription.failures
    assert keys_of(failure.records) == ["c"]
    assert subscription.delivered == 2


@pytest.mark.parametrize(
    "response",
    [
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": [{"itemIdentifier": "100000000000000000000"}]},
        {"batchItemFailures": [{"foo": 1}]},
    ],
)
def test_an_invalid_item_identifier_fails_the_whole_batch(
    dynafake: Engine, dynamodb: Any, response: Any
) -> None:
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder(returns=response)
    dynafake.streams.subscribe(
        "orders",
        handler,
        retry_attempts=1,
        report_batch_item_failures=True,
        on_failure=failed.append,
    )
    put(dynamodb, "a")
    assert handler.batch_keys() == [["a"], ["a"]]
    assert [keys_of(batch.records) for batch in failed] == [["a"]]


@pytest.mark.parametrize("response", [None, {}, [], {"batchItemFailures": None}, "ok"])
def test_responses_that_report_success(dynafake: Engine, dynamodb: Any, response: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder(returns=response)
    subscription = dynafake.streams.subscribe("orders", handler, report_batch_item_failures=True)
    put(dynamodb, "a")
    assert handler.batch_keys() == [["a"]]
    assert subscription.delivered == 1


def test_batch_item_failures_are_ignored_unless_asked_for(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder(returns={"batchItemFailures": [{"itemIdentifier": ""}]})
    subscription = dynafake.streams.subscribe("orders", handler)
    put(dynamodb, "a")
    assert handler.batch_keys() == [["a"]]
    assert subscription.failures == []


# --- handlers that write -----------------------------------------------------------------------


def test_a_handler_writing_to_another_table_does_not_nest(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb, "orders")
    create_stream_table(dynamodb, "audit")
    calls: list[str] = []
    inside = threading.local()

    def copy_to_audit(event: dict[str, Any], context: LambdaContext) -> None:
        inside.orders = True
        calls.append("orders")
        for record in event["Records"]:
            put(dynamodb, "audit-" + record["dynamodb"]["Keys"]["pk"]["S"], table="audit")
        inside.orders = False

    def audit(event: dict[str, Any], context: LambdaContext) -> None:
        assert not getattr(inside, "orders", False), "delivered from inside another handler"
        calls.append("audit:" + ",".join(keys_of(event["Records"])))

    dynafake.streams.subscribe("orders", copy_to_audit)
    dynafake.streams.subscribe("audit", audit)
    put(dynamodb, "a")
    assert calls == ["orders", "audit:audit-a"]
    put(dynamodb, "b")
    assert calls == ["orders", "audit:audit-a", "orders", "audit:audit-b"]


def test_a_handler_writing_to_its_own_table_sees_its_writes_next(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)

    def count_down(event: dict[str, Any], context: LambdaContext) -> None:
        for record in event["Records"]:
            left = int(record["dynamodb"]["NewImage"]["left"]["N"])
            if left > 0:
                put(dynamodb, f"n{left - 1}", left={"N": str(left - 1)})

    subscription = dynafake.streams.subscribe("orders", count_down)
    put(dynamodb, "n3", left={"N": "3"})
    assert subscription.delivered == 4


def test_deliver_from_a_handler_is_left_to_the_delivery_running(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)
    manual = Recorder()
    returned: list[int] = []

    def trigger(event: dict[str, Any], context: LambdaContext) -> None:
        returned.append(dynafake.streams.deliver())

    dynafake.streams.subscribe("orders", manual, delivery="manual")
    dynafake.streams.subscribe("orders", trigger)
    put(dynamodb, "a")
    assert returned == [0]
    assert manual.keys() == ["a"]


def test_writes_from_several_threads_are_each_delivered_once(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler, batch_size=7)
    client = dynafake.client("dynamodb", region_name="us-east-1")

    def write(worker: int) -> None:
        for index in range(25):
            client.put_item(TableName="orders", Item={"pk": {"S": f"w{worker}-{index}"}})

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(handler.keys()) == sorted(f"w{w}-{i}" for w in range(4) for i in range(25))
    numbers = sequence_numbers(handler.records)
    assert numbers == sorted(numbers)


# --- unsubscribe --------------------------------------------------------------------------------


def test_unsubscribe_stops_delivery(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler)
    assert dynafake.streams.subscriptions == [subscription]
    put(dynamodb, "a")
    subscription.unsubscribe()
    subscription.unsubscribe()
    assert dynafake.streams.subscriptions == []
    assert not subscription.active
    put(dynamodb, "b")
    assert dynafake.streams.deliver() == 0
    assert handler.keys() == ["a"]


def test_a_handler_may_unsubscribe_itself(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)

    def stop(event: dict[str, Any]) -> None:
        assert event["Records"]
        subscription.unsubscribe()

    handler = Recorder(respond=stop)
    subscription = dynafake.streams.subscribe("orders", handler, delivery="manual", batch_size=1)
    put(dynamodb, "a")
    put(dynamodb, "b")
    assert dynafake.streams.deliver() == 1
    assert handler.keys() == ["a"]


# --- time: TTL, shards, trimming ---------------------------------------------------------------


def enable_ttl(dynamodb: Any) -> None:
    dynamodb.update_time_to_live(
        TableName="orders", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
    )


def test_ttl_deletion_event(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb, view_type="OLD_IMAGE")
    enable_ttl(dynamodb)
    handler = Recorder()
    by_service = Recorder()
    dynafake.streams.subscribe("orders", handler)
    service = {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}
    dynafake.streams.subscribe("orders", by_service, filter={"userIdentity": service})
    put(dynamodb, "gone", expires={"N": str(FROZEN_AT - 60)})
    put(dynamodb, "kept", expires={"N": str(FROZEN_AT + 3600)})
    put(dynamodb, "deleted")
    dynamodb.delete_item(TableName="orders", Key={"pk": {"S": "deleted"}})

    dynafake.ttl.sweep()

    by_user, by_ttl = [r for r in handler.records if r["eventName"] == "REMOVE"]
    assert keys_of([by_user, by_ttl]) == ["deleted", "gone"]
    assert "userIdentity" not in by_user
    assert by_ttl["userIdentity"] == TTL_IDENTITY
    old_image = {"pk": {"S": "gone"}, "expires": {"N": str(FROZEN_AT - 60)}}
    assert by_ttl["dynamodb"]["OldImage"] == old_image
    assert "NewImage" not in by_ttl["dynamodb"]
    assert by_service.records == [by_ttl]


def test_a_failure_raises_from_the_clock_move_that_swept(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    enable_ttl(dynamodb)
    put(dynamodb, "gone", expires={"N": str(FROZEN_AT + 10)})
    handler = Recorder(fail_calls=(1,))
    dynafake.streams.subscribe("orders", handler, starting_position="LATEST", retry_attempts=0)
    with pytest.raises(StreamHandlerError):
        dynafake.clock.advance(hours=1)  # the sweeps that fall due delete "gone"
    assert handler.keys() == ["gone"]
    assert handler.records[0]["userIdentity"] == TTL_IDENTITY


def test_records_on_both_sides_of_a_shard_rollover(
    dynafake: Engine, dynamodb: Any, dynamodbstreams: Any
) -> None:
    stream_arn = create_stream_table(dynamodb)
    sync = Recorder()
    manual = Recorder()
    dynafake.streams.subscribe("orders", sync)
    dynafake.streams.subscribe("orders", manual, delivery="manual")
    put(dynamodb, "a")
    put(dynamodb, "b")
    dynafake.clock.advance(hours=5)
    put(dynamodb, "c")

    shards = dynamodbstreams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]
    assert len(shards) == 2
    assert shards[1]["ParentShardId"] == shards[0]["ShardId"]
    assert sync.keys() == ["a", "b", "c"]
    assert dynafake.streams.deliver() == 3
    # One batch a shard, the parent's first.
    assert manual.batch_keys() == [["a", "b"], ["c"]]
    numbers = sequence_numbers(manual.records)
    assert numbers == sorted(numbers)


def test_a_day_later_nothing_is_reported_lost(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    sync = Recorder()
    manual = Recorder()
    subscriptions = [
        dynafake.streams.subscribe("orders", sync),
        dynafake.streams.subscribe("orders", manual, delivery="manual"),
    ]
    put(dynamodb, "a")
    assert dynafake.streams.deliver() == 1
    dynafake.clock.advance(hours=25)  # "a" is trimmed, its shard still listed
    put(dynamodb, "b")
    assert dynafake.streams.deliver() == 1
    dynafake.clock.advance(days=3)  # every shard so far is forgotten
    put(dynamodb, "c")
    assert dynafake.streams.deliver() == 1
    assert sync.keys() == ["a", "b", "c"]
    assert manual.keys() == ["a", "b", "c"]
    assert [s.failures for s in subscriptions] == [[], []]


def test_records_trimmed_before_delivery_are_reported(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    handler = Recorder()
    subscription = dynafake.streams.subscribe("orders", handler, delivery="manual")
    put(dynamodb, "a")
    dynafake.clock.advance(hours=25)  # "a" is trimmed, never delivered
    put(dynamodb, "b")

    with pytest.raises(StreamHandlerError, match=r"records were lost .* trimmed") as raised:
        dynafake.streams.deliver()
    assert isinstance(raised.value.__cause__, StreamRecordsTrimmedError)
    (failure,) = subscription.failures
    assert failure.records == []
    assert failure.attempts == 0
    # What was still there was delivered all the same, once.
    assert handler.keys() == ["b"]
    assert dynafake.streams.deliver() == 0
    assert len(subscription.failures) == 1


def test_records_trimmed_after_a_partial_delivery_are_reported(
    dynafake: Engine, dynamodb: Any
) -> None:
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder()
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", on_failure=failed.append
    )
    put(dynamodb, "a")
    assert dynafake.streams.deliver() == 1
    put(dynamodb, "b")
    dynafake.clock.advance(hours=25)
    put(dynamodb, "c")
    assert dynafake.streams.deliver() == 1
    assert handler.keys() == ["a", "c"]
    assert [type(batch.error) for batch in failed] == [StreamRecordsTrimmedError]
    assert failed == subscription.failures


def test_shards_forgotten_before_delivery_are_reported(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder()
    dynafake.streams.subscribe("orders", handler, delivery="manual", on_failure=failed.append)
    put(dynamodb, "a")
    dynafake.clock.advance(days=3)  # the shard holding "a" is forgotten
    put(dynamodb, "b")
    assert dynafake.streams.deliver() == 1
    assert handler.keys() == ["b"]
    assert len(failed) == 1
    assert isinstance(failed[0].error, StreamRecordsTrimmedError)
    assert "forgotten" in str(failed[0].error)


def test_records_trimmed_after_the_last_delivered_are_found_without_a_look_ahead(
    dynafake: Engine, dynamodb: Any
) -> None:
    # Records appended where no delivery round followed (a background TTL sweep) were never
    # looked at: the subscription still tells from the engine that some were trimmed.
    create_stream_table(dynamodb)
    failed: list[FailedBatch] = []
    handler = Recorder()
    subscription = dynafake.streams.subscribe(
        "orders", handler, delivery="manual", on_failure=failed.append
    )
    put(dynamodb, "a")
    put(dynamodb, "b")
    assert dynafake.streams.deliver() == 2
    put(dynamodb, "c")
    for state in subscription._shards.values():
        state.pending_from = None  # as if "c" had not been looked at
    dynafake.clock.advance(hours=25)
    put(dynamodb, "d")
    assert dynafake.streams.deliver() == 1
    assert handler.keys() == ["a", "b", "d"]
    assert [type(batch.error) for batch in failed] == [StreamRecordsTrimmedError]


def test_subscribing_to_an_old_stream_reports_nothing_lost(dynafake: Engine, dynamodb: Any) -> None:
    create_stream_table(dynamodb)
    put(dynamodb, "a")
    dynafake.clock.advance(days=3)  # the first shards are forgotten
    put(dynamodb, "b")
    for position in ("TRIM_HORIZON", "LATEST"):
        handler = Recorder()
        subscription = dynafake.streams.subscribe(
            "orders", handler, delivery="manual", starting_position=position
        )
        put(dynamodb, f"after-{position}")
        dynafake.streams.deliver()
        assert subscription.failures == []
        expected = ["b"] if position == "TRIM_HORIZON" else []
        assert handler.keys() == [*expected, f"after-{position}"]
