"""The DynamoDB Streams API itself: ListStreams and DescribeStream paging, the ShardFilter,
GetShardIterator's iterator types, GetRecords' Limit and NextShardIterator, and each operation's
errors for malformed, unknown and other-region arguments.

Sources: dynamodb-behaviour.md section 9; botocore's dynamodbstreams model (Limit 1-100 for
ListStreams and DescribeStream, 1-1000 for GetRecords; SequenceNumber 21-40 characters; ShardId
28-65; the ShardIteratorType and ShardFilterType enums; LastEvaluatedStreamArn and
LastEvaluatedShardId); scylladb's alternator test_streams.py, run against DynamoDB (ListStreams
Limit 100000 and GetRecords Limit 1001 refused with a ValidationException naming the limit; a
malformed StreamArn, ExclusiveStartStreamArn or ShardIterator is a ValidationException; an unknown
ShardId a ResourceNotFoundException; a sequence number with TRIM_HORIZON or LATEST, or none with
AT/AFTER_SEQUENCE_NUMBER, a ValidationException; an ExclusiveStartShardId past every shard an empty
page; shard ids listed in lexical order; a closed shard read to its end answers without
NextShardIterator); aws-sdk-js's integration test against the service ("Invalid StreamArn" for
DescribeStream of "fake-stream"); a captured answer "Requested resource not found: Stream: <arn>
not found".

Unconfirmed (⚠, marked where asserted): the texts of the Limit violations (written as the
service's request validator writes other range violations), of the sequence number and timestamp
rules, of a ShardFilter without ShardId, and of a malformed ExclusiveStartStreamArn; ListStreams
for a table without streams (or none at all) answering an empty list; a stream of another region,
named by ARN or by iterator, being not found.

Every test freezes the engine clock; shards roll over every 4 hours of it (⚠ the service does so
"roughly" every four hours).
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from conformance_support import assert_error, code_and_message, expect_error, wire_item
from stream_support import (
    ENGINE_ONLY,
    SEQUENCE_NUMBER,
    StreamTable,
    create_stream_table,
    disable_stream,
    enable_stream,
    keys_of,
    shard_iterator,
)

START = datetime(2024, 3, 1, 12, 0, 0, 250000, tzinfo=timezone.utc)

pytestmark = [ENGINE_ONLY, pytest.mark.dynafake_frozen_clock(at=START)]

VALIDATION = "ValidationException"
NOT_FOUND = "ResourceNotFoundException"
INVALID_ARN = "Invalid StreamArn"
# ⚠ The service's validator wording for a value above a member's maximum.
TOO_MANY = (
    "1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: "
    "Member must have value less than or equal to {limit}"
)
# A shard id of the right length that no stream has: it sorts after every shard of the engine.
NO_SUCH_SHARD = "shardId-99999999999999999999-ffffffff"


def stream_not_found(arn: str) -> str:
    return f"Requested resource not found: Stream: {arn} not found"


def put(client: Any, table: str, key: str) -> None:
    client.put_item(TableName=table, Item=wire_item({"pk": key}))


def put_many(client: Any, table: str, keys: list[str]) -> None:
    for start in range(0, len(keys), 25):
        requests = [{"PutRequest": {"Item": wire_item({"pk": key})}} for key in keys[start:][:25]]
        client.batch_write_item(RequestItems={table: requests})


def pk_values(records: list[dict[str, Any]]) -> list[str]:
    return [keys_of(record)["pk"]["S"] for record in records]


def shards_of(streams: Any, arn: str, **params: Any) -> list[dict[str, Any]]:
    return list(streams.describe_stream(StreamArn=arn, **params)["StreamDescription"]["Shards"])


def only_shard_id(streams: Any, arn: str) -> str:
    (shard,) = shards_of(streams, arn)
    return str(shard["ShardId"])


def read_all(streams: Any, iterator: str) -> list[str]:
    """The keys of every record from ``iterator`` until a page comes back empty or ends."""
    keys: list[str] = []
    for _ in range(100):
        page = streams.get_records(ShardIterator=iterator)
        keys += pk_values(page["Records"])
        if not page["Records"] or "NextShardIterator" not in page:
            return keys
        iterator = page["NextShardIterator"]
    raise AssertionError("the shard kept returning records")


def sequence_numbers_of(streams: Any, arn: str, shard_id: str) -> list[str]:
    page = streams.get_records(ShardIterator=shard_iterator(streams, arn, shard_id))
    return [record["dynamodb"]["SequenceNumber"] for record in page["Records"]]


def rolled_over_stream(dynafake: Any, dynamodb: Any, rollovers: int) -> StreamTable:
    """A stream whose first shard rolled over ``rollovers`` times, one record in each shard."""
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    for period in range(rollovers):
        put(dynamodb, table.name, f"in-{period}")
        dynafake.clock.advance(hours=4)
    put(dynamodb, table.name, f"in-{rollovers}")
    return table


def region_client(dynafake: Any, service: str, region: str) -> Any:
    return dynafake.client(service, region_name=region)


# --- ListStreams ---------------------------------------------------------------------------------


def test_list_streams_pages_by_arn(dynamodb: Any, dynamodbstreams: Any) -> None:
    tables = [create_stream_table(dynamodb, "KEYS_ONLY", name=f"page-{n}") for n in "abc"]
    arns = [table.stream_arn for table in tables]
    first = dynamodbstreams.list_streams(Limit=2)
    assert [entry["StreamArn"] for entry in first["Streams"]] == arns[:2]
    assert first["LastEvaluatedStreamArn"] == arns[1]
    second = dynamodbstreams.list_streams(Limit=2, ExclusiveStartStreamArn=arns[1])
    assert [entry["StreamArn"] for entry in second["Streams"]] == arns[2:]
    assert "LastEvaluatedStreamArn" not in second


def test_list_streams_full_last_page_has_no_last_evaluated(
    dynamodb: Any, dynamodbstreams: Any
) -> None:
    for name in ("full-a", "full-b"):
        create_stream_table(dynamodb, "KEYS_ONLY", name=name)
    page = dynamodbstreams.list_streams(Limit=2)
    assert len(page["Streams"]) == 2
    assert "LastEvaluatedStreamArn" not in page


def test_list_streams_of_one_table_pages_through_old_streams(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    create_stream_table(dynamodb, "KEYS_ONLY")  # another table's stream, never listed below
    arns = [table.stream_arn]
    for _ in range(2):
        dynafake.clock.advance(seconds=1)
        disable_stream(dynamodb, table.name)
        arns.append(enable_stream(dynamodb, table.name, "NEW_IMAGE")["LatestStreamArn"])
    seen: list[str] = []
    params: dict[str, Any] = {"TableName": table.name, "Limit": 1}
    for _ in range(10):
        page = dynamodbstreams.list_streams(**params)
        assert len(page["Streams"]) <= 1
        seen += [entry["StreamArn"] for entry in page["Streams"]]
        if "LastEvaluatedStreamArn" not in page:
            break
        params["ExclusiveStartStreamArn"] = page["LastEvaluatedStreamArn"]
    # The disabled streams are listed too, oldest first (their labels are their creation times).
    assert seen == arns


def test_list_streams_resumes_after_an_unknown_start(dynamodb: Any, dynamodbstreams: Any) -> None:
    tables = [create_stream_table(dynamodb, "KEYS_ONLY", name=f"resume-{n}") for n in "abc"]
    # Table resume-b's ARN with a label older than its stream's: it sorts just before that stream.
    start = f"{tables[1].table_arn}/stream/2000-01-01T00:00:00.000"
    page = dynamodbstreams.list_streams(ExclusiveStartStreamArn=start)
    assert [entry["StreamArn"] for entry in page["Streams"]] == [
        tables[1].stream_arn,
        tables[2].stream_arn,
    ]


def test_list_streams_default_limit_is_100(dynamodb: Any, dynamodbstreams: Any) -> None:
    arns = sorted(create_stream_table(dynamodb, "KEYS_ONLY").stream_arn for _ in range(101))
    page = dynamodbstreams.list_streams()
    assert [entry["StreamArn"] for entry in page["Streams"]] == arns[:100]
    assert page["LastEvaluatedStreamArn"] == arns[99]
    rest = dynamodbstreams.list_streams(ExclusiveStartStreamArn=arns[99])
    assert [entry["StreamArn"] for entry in rest["Streams"]] == arns[100:]


def test_list_streams_limit_above_100(dynamodbstreams: Any) -> None:
    # ⚠ text
    assert_error(
        VALIDATION,
        TOO_MANY.format(value=101, limit=100),
        dynamodbstreams.list_streams,
        Limit=101,
    )
    assert dynamodbstreams.list_streams(Limit=100)["Streams"] == []


@pytest.mark.parametrize("name", [None, "no-such-table"])
def test_list_streams_of_a_table_without_streams(
    dynamodb: Any, dynamodbstreams: Any, name: str | None
) -> None:
    # ⚠ A table that has no stream, or does not exist, has an empty list.
    table = create_stream_table(dynamodb, None).name if name is None else name
    page = dynamodbstreams.list_streams(TableName=table)
    assert page["Streams"] == []
    assert "LastEvaluatedStreamArn" not in page


def test_list_streams_malformed_start_arn(dynamodbstreams: Any) -> None:
    # ⚠ text (the code is the service's)
    assert_error(
        VALIDATION,
        INVALID_ARN,
        dynamodbstreams.list_streams,
        ExclusiveStartStreamArn="kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas",
    )


def test_list_streams_shows_only_the_callers_region(dynafake: Any, dynamodb: Any) -> None:
    east = create_stream_table(dynamodb, "KEYS_ONLY")
    west_client = region_client(dynafake, "dynamodb", "us-west-2")
    west = create_stream_table(west_client, "KEYS_ONLY", name=east.name)
    west_streams = region_client(dynafake, "dynamodbstreams", "us-west-2")
    assert [entry["StreamArn"] for entry in west_streams.list_streams()["Streams"]] == [
        west.stream_arn
    ]
    assert ":us-west-2:" in west.stream_arn


# --- DescribeStream ------------------------------------------------------------------------------


def test_describe_stream_of_a_hash_key_table(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "OLD_IMAGE", hash=("id", "N"))
    description = dynamodbstreams.describe_stream(StreamArn=table.stream_arn)["StreamDescription"]
    assert description["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    # The request time, to the millisecond, as the label shows it.
    assert description["CreationRequestDateTime"] == START
    assert description["StreamLabel"] == "2024-03-01T12:00:00.250"
    assert "LastEvaluatedShardId" not in description


def test_stream_status_follows_the_transitions() -> None:
    from dynafake import Engine  # the module runs under the dynafake backend only

    with Engine(frozen_at=START, table_transition_seconds=5) as engine:
        client = engine.client("dynamodb", region_name="us-east-1")
        streams = engine.client("dynamodbstreams", region_name="us-east-1")
        table = create_stream_table(client, "KEYS_ONLY")

        def status() -> str:
            answer = streams.describe_stream(StreamArn=table.stream_arn)
            return str(answer["StreamDescription"]["StreamStatus"])

        assert status() == "ENABLING"
        engine.clock.advance(seconds=5)
        assert status() == "ENABLED"
        disable_stream(client, table.name)
        assert status() == "DISABLING"
        engine.clock.advance(seconds=5)
        assert status() == "DISABLED"


def test_describe_stream_pages_shards(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = rolled_over_stream(dynafake, dynamodb, rollovers=2)
    every = shards_of(dynamodbstreams, table.stream_arn)
    ids = [shard["ShardId"] for shard in every]
    assert len(ids) == 3
    # Oldest first, each the parent of the next; the ids sort the same way.
    assert ids == sorted(ids)
    assert [shard.get("ParentShardId") for shard in every] == [None, ids[0], ids[1]]
    paged: list[str] = []
    params: dict[str, Any] = {"StreamArn": table.stream_arn, "Limit": 2}
    for _ in range(5):
        description = dynamodbstreams.describe_stream(**params)["StreamDescription"]
        assert len(description["Shards"]) <= 2
        paged += [shard["ShardId"] for shard in description["Shards"]]
        if "LastEvaluatedShardId" not in description:
            break
        assert description["LastEvaluatedShardId"] == paged[-1]
        params["ExclusiveStartShardId"] = description["LastEvaluatedShardId"]
    assert paged == ids
    # Starting after the last shard, or after an id past every shard, gives an empty page.
    for start in (ids[-1], NO_SUCH_SHARD):
        assert shards_of(dynamodbstreams, table.stream_arn, ExclusiveStartShardId=start) == []


def test_describe_stream_limit_above_100(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    # ⚠ text
    assert_error(
        VALIDATION,
        TOO_MANY.format(value=101, limit=100),
        dynamodbstreams.describe_stream,
        StreamArn=table.stream_arn,
        Limit=101,
    )


def test_child_shards_filter(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = rolled_over_stream(dynafake, dynamodb, rollovers=2)
    parent, child, grandchild = shards_of(dynamodbstreams, table.stream_arn)

    def children_of(shard_id: str) -> list[dict[str, Any]]:
        shard_filter = {"Type": "CHILD_SHARDS", "ShardId": shard_id}
        return shards_of(dynamodbstreams, table.stream_arn, ShardFilter=shard_filter)

    assert children_of(parent["ShardId"]) == [child]
    assert children_of(child["ShardId"]) == [grandchild]
    # The open shard has no children yet; an unknown shard has none at all.
    assert children_of(grandchild["ShardId"]) == []
    assert children_of(NO_SUCH_SHARD) == []


@pytest.mark.parametrize(
    ("shard_filter", "message"),
    [
        ({"Type": "CHILD_SHARDS"}, "ShardFilter of type CHILD_SHARDS must specify a ShardId"),
        ({"ShardId": NO_SUCH_SHARD}, "ShardFilter must specify a Type"),
    ],
)
def test_shard_filter_needs_both_members(
    dynamodb: Any, dynamodbstreams: Any, shard_filter: dict[str, str], message: str
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    # ⚠ texts
    assert_error(
        VALIDATION,
        message,
        dynamodbstreams.describe_stream,
        StreamArn=table.stream_arn,
        ShardFilter=shard_filter,
    )


def test_describe_unknown_stream(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    arn = f"{table.table_arn}/stream/2000-01-01T00:00:00.000"
    assert_error(NOT_FOUND, stream_not_found(arn), dynamodbstreams.describe_stream, StreamArn=arn)


MALFORMED_ARNS = [
    # scylladb's probe of the service: no ARN at all.
    "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf",
    # A table's ARN is not a stream's.
    "arn:aws:dynamodb:us-east-1:123456789012:table/some-table",
    # Another service.
    "arn:aws:kinesis:us-east-1:123456789012:table/t-1/stream/2024-03-01T12:00:00.250",
    # Not an account id.
    "arn:aws:dynamodb:us-east-1:account:table/t-1/stream/2024-03-01T12:00:00.250",
    # Not a table name.
    "arn:aws:dynamodb:us-east-1:123456789012:table/a/stream/2024-03-01T12:00:00.250",
]


@pytest.mark.parametrize("arn", MALFORMED_ARNS)
def test_malformed_stream_arn_is_invalid(dynamodbstreams: Any, arn: str) -> None:
    assert_error(VALIDATION, INVALID_ARN, dynamodbstreams.describe_stream, StreamArn=arn)
    assert_error(
        VALIDATION,
        INVALID_ARN,
        dynamodbstreams.get_shard_iterator,
        StreamArn=arn,
        ShardId=NO_SUCH_SHARD,
        ShardIteratorType="LATEST",
    )


def test_stream_of_another_region_is_not_found(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    # ⚠ Each region is its own endpoint: another region's stream does not exist there.
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    west = region_client(dynafake, "dynamodbstreams", "us-west-2")
    missing = stream_not_found(table.stream_arn)
    assert_error(NOT_FOUND, missing, west.describe_stream, StreamArn=table.stream_arn)
    assert_error(
        NOT_FOUND,
        missing,
        west.get_shard_iterator,
        StreamArn=table.stream_arn,
        ShardId=shard_id,
        ShardIteratorType="TRIM_HORIZON",
    )
    assert_error(NOT_FOUND, missing, west.get_records, ShardIterator=iterator)


# --- GetShardIterator ----------------------------------------------------------------------------


@pytest.fixture
def abc(dynamodb: Any, dynamodbstreams: Any) -> tuple[StreamTable, str]:
    """A stream holding the records of the writes of a, b and c, and its shard's id."""
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    for key in "abc":
        put(dynamodb, table.name, key)
    return table, only_shard_id(dynamodbstreams, table.stream_arn)


def test_trim_horizon_reads_from_the_oldest_record(
    dynamodbstreams: Any, abc: tuple[StreamTable, str]
) -> None:
    table, shard_id = abc
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, "TRIM_HORIZON")
    assert read_all(dynamodbstreams, iterator) == ["a", "b", "c"]


def test_latest_reads_only_later_records(
    dynamodb: Any, dynamodbstreams: Any, abc: tuple[StreamTable, str]
) -> None:
    table, shard_id = abc
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, "LATEST")
    put(dynamodb, table.name, "d")
    assert read_all(dynamodbstreams, iterator) == ["d"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("AT_SEQUENCE_NUMBER", ["b", "c"]), ("AFTER_SEQUENCE_NUMBER", ["c"])],
)
def test_sequence_number_iterators(
    dynamodbstreams: Any, abc: tuple[StreamTable, str], kind: str, expected: list[str]
) -> None:
    table, shard_id = abc
    numbers = sequence_numbers_of(dynamodbstreams, table.stream_arn, shard_id)
    assert all(SEQUENCE_NUMBER.fullmatch(number) for number in numbers), numbers
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, kind, numbers[1])
    assert read_all(dynamodbstreams, iterator) == expected


def test_at_timestamp_reads_from_that_time(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "early")
    dynafake.clock.advance(seconds=10)
    put(dynamodb, table.name, "late")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)

    def from_time(when: datetime) -> list[str]:
        iterator = dynamodbstreams.get_shard_iterator(
            StreamArn=table.stream_arn,
            ShardId=shard_id,
            ShardIteratorType="AT_TIMESTAMP",
            Timestamp=when,
        )["ShardIterator"]
        return read_all(dynamodbstreams, iterator)

    assert from_time(START) == ["early", "late"]
    assert from_time(START + timedelta(seconds=5)) == ["late"]
    assert from_time(START + timedelta(seconds=10)) == ["late"]


def test_sequence_number_only_with_its_types(
    dynamodbstreams: Any, abc: tuple[StreamTable, str]
) -> None:
    table, shard_id = abc
    (number, *_) = sequence_numbers_of(dynamodbstreams, table.stream_arn, shard_id)
    call = dynamodbstreams.get_shard_iterator
    base = {"StreamArn": table.stream_arn, "ShardId": shard_id}
    # ⚠ texts (the code is the service's)
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        message = f"SequenceNumber is required when ShardIteratorType is {kind}"
        assert_error(VALIDATION, message, call, ShardIteratorType=kind, **base)
    for kind in ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"):
        message = f"SequenceNumber must not be given when ShardIteratorType is {kind}"
        assert_error(
            VALIDATION, message, call, ShardIteratorType=kind, SequenceNumber=number, **base
        )


def test_timestamp_only_with_at_timestamp(
    dynamodbstreams: Any, abc: tuple[StreamTable, str]
) -> None:
    table, shard_id = abc
    call = dynamodbstreams.get_shard_iterator
    base = {"StreamArn": table.stream_arn, "ShardId": shard_id}
    # ⚠ texts
    assert_error(
        VALIDATION,
        "Timestamp is required when ShardIteratorType is AT_TIMESTAMP",
        call,
        ShardIteratorType="AT_TIMESTAMP",
        **base,
    )
    assert_error(
        VALIDATION,
        "Timestamp must not be given when ShardIteratorType is LATEST",
        call,
        ShardIteratorType="LATEST",
        Timestamp=START,
        **base,
    )


def test_unknown_iterator_type(dynamodbstreams: Any, abc: tuple[StreamTable, str]) -> None:
    table, shard_id = abc
    assert_error(
        VALIDATION,
        "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, "
        "AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP]",
        dynamodbstreams.get_shard_iterator,
        StreamArn=table.stream_arn,
        ShardId=shard_id,
        ShardIteratorType="OLDEST",
    )


def error_code(call: Any, /, **params: Any) -> str:
    return code_and_message(expect_error(call, **params))[0]


def test_iterator_errors_of_the_store(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = rolled_over_stream(dynafake, dynamodb, rollovers=1)
    parent, child = shards_of(dynamodbstreams, table.stream_arn)
    (child_number,) = sequence_numbers_of(dynamodbstreams, table.stream_arn, child["ShardId"])
    call = dynamodbstreams.get_shard_iterator
    arn = table.stream_arn
    # An unknown shard of a known stream.
    assert error_code(call, StreamArn=arn, ShardId=NO_SUCH_SHARD, ShardIteratorType="LATEST") == (
        NOT_FOUND
    )
    # A sequence number of another shard, and one that is no sequence number.
    for number in (child_number, "x" * 25):
        code = error_code(
            call,
            StreamArn=arn,
            ShardId=parent["ShardId"],
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=number,
        )
        assert code == VALIDATION, number
    # A time still to come.
    future = START + timedelta(days=1)
    assert (
        error_code(
            call,
            StreamArn=arn,
            ShardId=child["ShardId"],
            ShardIteratorType="AT_TIMESTAMP",
            Timestamp=future,
        )
        == VALIDATION
    )


# --- GetRecords ----------------------------------------------------------------------------------


def test_get_records_limit_pages(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put_many(dynamodb, table.name, ["k1", "k2", "k3", "k4", "k5"])
    iterator = shard_iterator(
        dynamodbstreams, table.stream_arn, only_shard_id(dynamodbstreams, table.stream_arn)
    )
    pages: list[list[str]] = []
    for _ in range(4):
        page = dynamodbstreams.get_records(ShardIterator=iterator, Limit=2)
        pages.append(pk_values(page["Records"]))
        iterator = page["NextShardIterator"]  # the shard is open: there is always one
    assert pages == [["k1", "k2"], ["k3", "k4"], ["k5"], []]


def test_get_records_default_limit_is_1000(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put_many(dynamodb, table.name, [f"k{n:04d}" for n in range(1001)])
    iterator = shard_iterator(
        dynamodbstreams, table.stream_arn, only_shard_id(dynamodbstreams, table.stream_arn)
    )
    first = dynamodbstreams.get_records(ShardIterator=iterator)
    assert len(first["Records"]) == 1000
    second = dynamodbstreams.get_records(ShardIterator=first["NextShardIterator"])
    assert pk_values(second["Records"]) == ["k1000"]


def test_get_records_limit_above_1000(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, "LATEST")
    # ⚠ text
    assert_error(
        VALIDATION,
        TOO_MANY.format(value=1001, limit=1000),
        dynamodbstreams.get_records,
        ShardIterator=iterator,
        Limit=1001,
    )
    assert dynamodbstreams.get_records(ShardIterator=iterator, Limit=1000)["Records"] == []


def test_empty_page_of_an_open_shard_goes_on(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, "LATEST")
    page = dynamodbstreams.get_records(ShardIterator=iterator)
    assert page["Records"] == []
    put(dynamodb, table.name, "later")
    assert pk_values(
        dynamodbstreams.get_records(ShardIterator=page["NextShardIterator"])["Records"]
    ) == ["later"]


def test_drained_closed_shard_ends(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put_many(dynamodb, table.name, ["a", "b"])
    dynafake.clock.advance(hours=4)
    parent, _ = shards_of(dynamodbstreams, table.stream_arn)
    assert "EndingSequenceNumber" in parent["SequenceNumberRange"]
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, parent["ShardId"])
    first = dynamodbstreams.get_records(ShardIterator=iterator, Limit=1)
    assert pk_values(first["Records"]) == ["a"]
    # The last record of a closed shard comes without a NextShardIterator.
    last = dynamodbstreams.get_records(ShardIterator=first["NextShardIterator"], Limit=1)
    assert pk_values(last["Records"]) == ["b"]
    assert "NextShardIterator" not in last


def test_closed_empty_shard_ends_at_once(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    dynafake.clock.advance(hours=4)
    parent, _ = shards_of(dynamodbstreams, table.stream_arn)
    for kind in ("TRIM_HORIZON", "LATEST"):
        iterator = shard_iterator(dynamodbstreams, table.stream_arn, parent["ShardId"], kind)
        page = dynamodbstreams.get_records(ShardIterator=iterator)
        assert page["Records"] == [], kind
        assert "NextShardIterator" not in page, kind


def edited(iterator: str) -> str:
    """The iterator with one byte of its payload changed."""
    head, payload = iterator.rsplit("|", 1)
    raw = bytearray(base64.b64decode(payload))
    raw[len(raw) // 2] ^= 0x01
    return f"{head}|{base64.b64encode(bytes(raw)).decode()}"


def test_malformed_iterators(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    for token in (
        "sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg",
        edited(iterator),
        iterator[:-8],
    ):
        assert error_code(dynamodbstreams.get_records, ShardIterator=token) == VALIDATION, token


def test_iterator_names_its_stream(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    shard_id = only_shard_id(dynamodbstreams, table.stream_arn)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    # The service's form: "<stream ARN>|1|<opaque>", at most 2048 characters.
    assert iterator.startswith(f"{table.stream_arn}|1|"), iterator
    assert len(iterator) <= 2048
