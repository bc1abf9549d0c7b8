"""Stream retention on the engine clock: trimming after 24 hours, iterator expiry after 15 minutes,
shard rollover, and how long a disabled stream stays.

Sources: dynamodb-behaviour.md section 9 (24-hour retention; TrimmedDataAccessException for a
sequence number before the trim horizon; ExpiredIteratorException 15 minutes after an iterator
was issued; shards roll over, a parent is read before its children; a closed shard's GetRecords
has no NextShardIterator once drained); botocore's dynamodbstreams model (the documentation of
GetShardIterator, GetRecords and Shard); the developer guide's Streams page (a disabled stream
stays readable for 24 hours); scylladb's alternator test_streams.py (a closed shard read to its
end answers without NextShardIterator, as DynamoDB does).

Every test freezes the engine clock and moves it with ``dynafake.clock.advance``.

Engine choices (⚠, marked where asserted): the service rolls shards over "roughly every four
hours"; the engine does so exactly every 4 hours of the clock, with or without records. A
disabled stream is forgotten (gone from ListStreams, DescribeStream ResourceNotFoundException)
24 hours after it was disabled.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from conformance_support import code_and_message, expect_error, wire_item
from stream_support import (
    ENGINE_ONLY,
    SEQUENCE_NUMBER,
    create_stream_table,
    describe_stream,
    disable_stream,
    drain,
    keys_of,
    parents_first,
    read_stream,
    shard_iterator,
)

pytestmark = [
    ENGINE_ONLY,
    pytest.mark.dynafake_frozen_clock(at=datetime(2024, 2, 1, 9, 0, 0, tzinfo=timezone.utc)),
]


def put(client: Any, table: str, key: str) -> dict[str, Any]:
    item = wire_item({"pk": key})
    client.put_item(TableName=table, Item=item)
    return item


def read_keys(streams: Any, arn: str) -> list[str]:
    return [keys_of(record)["pk"]["S"] for record in read_stream(streams, arn)]


def only_shard(streams: Any, arn: str) -> dict[str, Any]:
    (shard,) = describe_stream(streams, arn)["Shards"]
    return dict(shard)


def error_code(call: Any, /, **params: Any) -> str:
    return code_and_message(expect_error(call, **params))[0]


# --- trimming after 24 hours ---------------------------------------------------------------------


def test_records_younger_than_a_day_stay(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    dynafake.clock.advance(hours=23, minutes=59)
    assert read_keys(dynamodbstreams, table.stream_arn) == ["a"]


def test_records_older_than_a_day_are_trimmed(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "old")
    dynafake.clock.advance(hours=2)
    put(dynamodb, table.name, "younger")  # the same shard: it closes after 4 hours
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    old, younger = read_stream(dynamodbstreams, table.stream_arn)
    old_number = old["dynamodb"]["SequenceNumber"]

    dynafake.clock.advance(hours=23)  # "old" is 25 hours old, "younger" 23
    put(dynamodb, table.name, "new")

    assert read_keys(dynamodbstreams, table.stream_arn) == ["younger", "new"]
    # TRIM_HORIZON starts after the trimmed record.
    from_horizon = drain(
        dynamodbstreams, shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    )
    assert [record["dynamodb"] for record in from_horizon.records] == [younger["dynamodb"]]
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        code = error_code(
            dynamodbstreams.get_shard_iterator,
            StreamArn=table.stream_arn,
            ShardId=shard_id,
            ShardIteratorType=kind,
            SequenceNumber=old_number,
        )
        assert code == "TrimmedDataAccessException", kind


def test_iterator_into_trimmed_records(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    dynafake.clock.advance(hours=23, minutes=50)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    # 11 minutes later the iterator has not expired, but the record it points to is 24 h 1 min
    # old and trimmed.
    dynafake.clock.advance(minutes=11)
    code = error_code(dynamodbstreams.get_records, ShardIterator=iterator)
    assert code == "TrimmedDataAccessException"


# --- iterator expiry -----------------------------------------------------------------------------


def test_iterator_expires_after_15_minutes(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    dynafake.clock.advance(minutes=16)
    code = error_code(dynamodbstreams.get_records, ShardIterator=iterator)
    assert code == "ExpiredIteratorException"
    # A new iterator reads on.
    fresh = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    assert len(dynamodbstreams.get_records(ShardIterator=fresh)["Records"]) == 1


@pytest.mark.parametrize("kind", ["TRIM_HORIZON", "LATEST"])
def test_iterator_still_valid_after_14_minutes(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any, kind: str
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "before")
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, kind)
    dynafake.clock.advance(minutes=14)
    put(dynamodb, table.name, "after")
    page = dynamodbstreams.get_records(ShardIterator=iterator)
    expected = ["before", "after"] if kind == "TRIM_HORIZON" else ["after"]
    assert [keys_of(record)["pk"]["S"] for record in page["Records"]] == expected
    assert "NextShardIterator" in page


def test_next_shard_iterator_is_fresh(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    first = shard_iterator(dynamodbstreams, table.stream_arn, shard_id)
    dynafake.clock.advance(minutes=10)
    page = dynamodbstreams.get_records(ShardIterator=first)
    assert len(page["Records"]) == 1
    following = page["NextShardIterator"]
    dynafake.clock.advance(minutes=10)  # first: 20 minutes old; following: 10
    put(dynamodb, table.name, "b")
    page = dynamodbstreams.get_records(ShardIterator=following)
    assert [keys_of(record)["pk"]["S"] for record in page["Records"]] == ["b"]
    code = error_code(dynamodbstreams.get_records, ShardIterator=first)
    assert code == "ExpiredIteratorException"


# --- shard rollover ------------------------------------------------------------------------------


def test_no_rollover_before_4_hours(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    # ⚠ The engine's 4-hour shard lifetime.
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    dynafake.clock.advance(hours=3, minutes=59)
    put(dynamodb, table.name, "b")
    shard = only_shard(dynamodbstreams, table.stream_arn)
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]


def test_shard_rolls_over_after_4_hours(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    # ⚠ The engine rolls over exactly every 4 hours (the service: "roughly every four hours").
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    parent = only_shard(dynamodbstreams, table.stream_arn)
    dynafake.clock.advance(hours=4)
    put(dynamodb, table.name, "b")

    closed, child = describe_stream(dynamodbstreams, table.stream_arn)["Shards"]
    assert closed["ShardId"] == parent["ShardId"]
    assert "ParentShardId" not in closed
    assert child["ParentShardId"] == parent["ShardId"]
    assert "EndingSequenceNumber" not in child["SequenceNumberRange"]
    ending = closed["SequenceNumberRange"]["EndingSequenceNumber"]
    assert SEQUENCE_NUMBER.fullmatch(ending)
    starting = closed["SequenceNumberRange"]["StartingSequenceNumber"]
    assert starting == parent["SequenceNumberRange"]["StartingSequenceNumber"]

    # The closed shard: its record, and no NextShardIterator once read to its end.
    page = dynamodbstreams.get_records(
        ShardIterator=shard_iterator(dynamodbstreams, table.stream_arn, closed["ShardId"])
    )
    assert [keys_of(record)["pk"]["S"] for record in page["Records"]] == ["a"]
    assert "NextShardIterator" not in page
    (a_record,) = page["Records"]
    a_number = int(a_record["dynamodb"]["SequenceNumber"])
    assert int(starting) <= a_number <= int(ending)

    # The child takes the new records and stays open.
    page = dynamodbstreams.get_records(
        ShardIterator=shard_iterator(dynamodbstreams, table.stream_arn, child["ShardId"])
    )
    assert [keys_of(record)["pk"]["S"] for record in page["Records"]] == ["b"]
    assert "NextShardIterator" in page
    b_number = int(page["Records"][0]["dynamodb"]["SequenceNumber"])
    assert int(ending) < int(child["SequenceNumberRange"]["StartingSequenceNumber"]) <= b_number


def test_open_shard_iterator_ends_after_rollover(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    # An iterator taken while the shard was open reads it to its end once it has closed.
    # ⚠ The engine's 4-hour shard lifetime decides when.
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    shard_id = only_shard(dynamodbstreams, table.stream_arn)["ShardId"]
    dynafake.clock.advance(hours=3, minutes=50)
    iterator = shard_iterator(dynamodbstreams, table.stream_arn, shard_id, "LATEST")
    put(dynamodb, table.name, "b")
    dynafake.clock.advance(minutes=11)  # the shard closes at 4 hours
    put(dynamodb, table.name, "c")
    read = drain(dynamodbstreams, iterator)
    assert [keys_of(record)["pk"]["S"] for record in read.records] == ["b"]
    assert read.ended


def test_shards_roll_over_without_records(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    # ⚠ Engine choice: a shard closes after 4 hours whether or not it holds records.
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    dynafake.clock.advance(hours=4)
    dynafake.clock.advance(hours=4)
    put(dynamodb, table.name, "late")
    shards = describe_stream(dynamodbstreams, table.stream_arn)["Shards"]
    assert len(shards) == 3
    assert "ParentShardId" not in shards[0]
    assert [shard.get("ParentShardId") for shard in shards[1:]] == [
        shard["ShardId"] for shard in shards[:-1]
    ]
    assert ["EndingSequenceNumber" in shard["SequenceNumberRange"] for shard in shards] == [
        True,
        True,
        False,
    ]
    assert read_keys(dynamodbstreams, table.stream_arn) == ["late"]


def test_long_jump_keeps_shard_lineage(dynafake: Any, dynamodb: Any, dynamodbstreams: Any) -> None:
    # ⚠ The engine's 4-hour shard lifetime: 9 hours close at least one shard.
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    dynafake.clock.advance(hours=9)
    put(dynamodb, table.name, "b")
    shards = describe_stream(dynamodbstreams, table.stream_arn)["Shards"]
    assert len(shards) >= 2
    assert parents_first(shards) == shards  # DescribeStream lists parents before children
    open_shards = [s for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    assert len(open_shards) == 1
    assert read_keys(dynamodbstreams, table.stream_arn) == ["a", "b"]


# --- a disabled stream ---------------------------------------------------------------------------


def test_disabled_stream_readable_for_24_hours(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    disable_stream(dynamodb, table.name)

    dynafake.clock.advance(hours=23)
    listed = dynamodbstreams.list_streams(TableName=table.name)["Streams"]
    assert [entry["StreamArn"] for entry in listed] == [table.stream_arn]
    assert describe_stream(dynamodbstreams, table.stream_arn)["StreamStatus"] == "DISABLED"
    assert read_keys(dynamodbstreams, table.stream_arn) == ["a"]

    # ⚠ Engine choice: 24 hours after it was disabled the stream is forgotten.
    dynafake.clock.advance(hours=1, minutes=1)
    assert dynamodbstreams.list_streams(TableName=table.name)["Streams"] == []
    assert table.stream_arn not in [
        entry["StreamArn"] for entry in dynamodbstreams.list_streams()["Streams"]
    ]
    code = error_code(dynamodbstreams.describe_stream, StreamArn=table.stream_arn)
    assert code == "ResourceNotFoundException"


def test_disabled_stream_does_not_roll_over(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, "a")
    disable_stream(dynamodb, table.name)
    dynafake.clock.advance(hours=9)
    (shard,) = describe_stream(dynamodbstreams, table.stream_arn)["Shards"]
    assert "EndingSequenceNumber" in shard["SequenceNumberRange"]
    read = drain(
        dynamodbstreams, shard_iterator(dynamodbstreams, table.stream_arn, shard["ShardId"])
    )
    assert [keys_of(record)["pk"]["S"] for record in read.records] == ["a"]
    assert read.ended


def test_deleted_tables_stream_is_forgotten_after_24_hours(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "NEW_IMAGE")
    put(dynamodb, table.name, "a")
    dynamodb.delete_table(TableName=table.name)
    dynafake.clock.advance(hours=12)
    assert read_keys(dynamodbstreams, table.stream_arn) == ["a"]
    # ⚠ Engine choice: forgotten 24 hours after DeleteTable disabled it.
    dynafake.clock.advance(hours=12, minutes=1)
    assert dynamodbstreams.list_streams(TableName=table.name)["Streams"] == []
