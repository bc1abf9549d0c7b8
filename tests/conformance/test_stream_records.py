"""Stream records: which writes produce them and exactly what they hold, read with GetRecords.

Sources: dynamodb-behaviour.md sections 8 (a TTL deletion's REMOVE record and its userIdentity)
and 9 (record format, images per view type, which writes produce records); botocore's
dynamodbstreams model (Record, StreamRecord, Identity; ApproximateCreationDateTime is a timestamp
that botocore parses into a datetime); the AWS Lambda tutorial's DynamoDB event (eventVersion
"1.1", 32-hex eventIDs, SizeBytes 26, 59 and 38 for its INSERT, MODIFY and REMOVE); the developer
guide's Streams and time-to-live-ttl-streams pages; scylladb's alternator test_streams.py (tests
that pass against DynamoDB: no record for an identical put or the delete of a missing item, an
overwrite is one MODIFY, UpdateItem creating an item is an INSERT, images are whole items, an
UpdateItem without updates creates a key-only item, sequence numbers grow as big integers).

Unconfirmed (⚠): SizeBytes as the item size of Keys plus the images carried is confirmed by the
tutorial's NEW_AND_OLD_IMAGES records only; for the other view types (whose records carry fewer
images) it is the engine's reading of the same rule, asserted by every test comparing whole
records. When a TTL sweep runs (the engine's sweep interval) is not asserted beyond "after the
expiry, by the end of the clock advance".

Every test here runs with a stream of a known view type on a fresh table, so the stream holds
exactly the records of the test's writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from conformance_support import (
    assert_condition_fails,
    code_and_message,
    expect_error,
    index_spec,
    wire_item,
)
from stream_support import (
    ENGINE_ONLY,
    TTL_IDENTITY,
    VIEW_TYPES,
    assert_record_format,
    content,
    create_stream_table,
    enable_stream,
    expected_record,
    keys_of,
    read_stream,
    sequence_numbers,
)

pytestmark = ENGINE_ONLY

FROZEN_AT = datetime(2024, 5, 6, 7, 8, 9, 750000, tzinfo=timezone.utc)
TTL_ATTRIBUTE = "expires"


def put(client: Any, table: str, **attributes: Any) -> dict[str, Any]:
    item = wire_item(attributes)
    client.put_item(TableName=table, Item=item)
    return item


def keys(**attributes: Any) -> dict[str, Any]:
    return wire_item(attributes)


def contents(streams: Any, arn: str) -> list[dict[str, Any]]:
    return [content(record) for record in read_stream(streams, arn)]


def enable_ttl(client: Any, table: str) -> None:
    client.update_time_to_live(
        TableName=table,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )


# --- the record format ---------------------------------------------------------------------------


def test_record_members(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES", range=("sk", "N"))
    put(dynamodb, table.name, pk="a", sk=1, v="x")
    (record,) = read_stream(dynamodbstreams, table.stream_arn)
    assert_record_format(record)
    assert sorted(record) == sorted(
        ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb"]
    )
    assert sorted(record["dynamodb"]) == sorted(
        [
            "ApproximateCreationDateTime",
            "Keys",
            "NewImage",
            "SequenceNumber",
            "SizeBytes",
            "StreamViewType",
        ]
    )
    assert content(record) == {
        "eventName": "INSERT",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"pk": {"S": "a"}, "sk": {"N": "1"}},
            "NewImage": {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"S": "x"}},
            # pk 2+1, sk 2+2 (Keys); plus v 1+1 in NewImage.
            "SizeBytes": 7 + 9,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }


def test_event_ids_are_distinct(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    for number in range(20):
        put(dynamodb, table.name, pk="same", n=number)
    records = read_stream(dynamodbstreams, table.stream_arn)
    assert len(records) == 20
    for record in records:
        assert_record_format(record)
    assert len({record["eventID"] for record in records}) == 20


def test_size_bytes_of_the_lambda_tutorial(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES", hash=("Id", "N"))
    first = put(dynamodb, table.name, Id=101, Message="New item!")
    dynamodb.update_item(
        TableName=table.name,
        Key=keys(Id=101),
        UpdateExpression="SET Message = :m",
        ExpressionAttributeValues={":m": {"S": "This item has changed"}},
    )
    dynamodb.delete_item(TableName=table.name, Key=keys(Id=101))
    changed = wire_item({"Id": 101, "Message": "This item has changed"})
    records = [record["dynamodb"] for record in read_stream(dynamodbstreams, table.stream_arn)]
    assert [(body.get("OldImage"), body.get("NewImage")) for body in records] == [
        (None, first),
        (first, changed),
        (changed, None),
    ]
    assert [body["SizeBytes"] for body in records] == [26, 59, 38]


@pytest.mark.parametrize(
    ("view_type", "images"),
    [
        ("KEYS_ONLY", [set(), set(), set()]),
        ("NEW_IMAGE", [{"NewImage"}, {"NewImage"}, set()]),
        ("OLD_IMAGE", [set(), {"OldImage"}, {"OldImage"}]),
        ("NEW_AND_OLD_IMAGES", [{"NewImage"}, {"NewImage", "OldImage"}, {"OldImage"}]),
    ],
)
def test_images_per_view_type(
    dynamodb: Any, dynamodbstreams: Any, view_type: str, images: list[set[str]]
) -> None:
    table = create_stream_table(dynamodb, view_type)
    put(dynamodb, table.name, pk="a", v=1)
    put(dynamodb, table.name, pk="a", v=2)
    dynamodb.delete_item(TableName=table.name, Key=keys(pk="a"))
    records = read_stream(dynamodbstreams, table.stream_arn)
    assert [record["eventName"] for record in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert [set(record["dynamodb"]) & {"NewImage", "OldImage"} for record in records] == images
    assert {record["dynamodb"]["StreamViewType"] for record in records} == {view_type}


def test_aws_region_is_the_tables_region(dynafake: Any) -> None:
    client = dynafake.client("dynamodb", region_name="eu-west-1")
    streams = dynafake.client("dynamodbstreams", region_name="eu-west-1")
    table = create_stream_table(client, "KEYS_ONLY")
    assert table.stream_arn.startswith("arn:aws:dynamodb:eu-west-1:")
    put(client, table.name, pk="a")
    (record,) = read_stream(streams, table.stream_arn)
    assert record["awsRegion"] == "eu-west-1"


# --- a whole event-driven scenario ---------------------------------------------------------------


@pytest.mark.dynafake_frozen_clock(at=FROZEN_AT)
@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_event_driven_scenario(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any, view_type: str
) -> None:
    table = create_stream_table(dynamodb, view_type)
    enable_ttl(dynamodb, table.name)

    order = put(dynamodb, table.name, pk="order#1", status="placed", total=42)
    dynamodb.update_item(
        TableName=table.name,
        Key=keys(pk="order#1"),
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "shipped"}},
    )
    shipped = wire_item({"pk": "order#1", "status": "shipped", "total": 42})
    dynamodb.delete_item(TableName=table.name, Key=keys(pk="order#1"))

    written_at = dynafake.clock.timestamp()
    expires = int(written_at) + 1800
    session = put(dynamodb, table.name, pk="session#1", user="ana", expires=expires)
    swept_by = dynafake.clock.advance(hours=1)

    assert dynamodb.get_item(TableName=table.name, Key=keys(pk="session#1")).get("Item") is None
    records = read_stream(dynamodbstreams, table.stream_arn)
    assert [content(record) for record in records] == [
        expected_record(view_type, "INSERT", keys(pk="order#1"), new=order),
        expected_record(view_type, "MODIFY", keys(pk="order#1"), old=order, new=shipped),
        expected_record(view_type, "REMOVE", keys(pk="order#1"), old=shipped),
        expected_record(view_type, "INSERT", keys(pk="session#1"), new=session),
        expected_record(view_type, "REMOVE", keys(pk="session#1"), old=session, by_ttl=True),
    ]
    for record in records:
        assert_record_format(record)
    numbers = sequence_numbers(records)
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)
    user_writes = {record["dynamodb"]["ApproximateCreationDateTime"] for record in records[:4]}
    assert user_writes == {FROZEN_AT.replace(microsecond=0)}
    swept_at = records[4]["dynamodb"]["ApproximateCreationDateTime"]
    assert datetime.fromtimestamp(expires, timezone.utc) <= swept_at <= swept_by


def test_ttl_sweep_records_a_service_remove(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "OLD_IMAGE")
    enable_ttl(dynamodb, table.name)
    expired = put(dynamodb, table.name, pk="old", expires=int(dynafake.clock.timestamp()) - 60)
    put(dynamodb, table.name, pk="fresh", expires=int(dynafake.clock.timestamp()) + 86400)
    dynafake.ttl.sweep()
    records = read_stream(dynamodbstreams, table.stream_arn)
    assert [content(record) for record in records[2:]] == [
        expected_record("OLD_IMAGE", "REMOVE", keys(pk="old"), old=expired, by_ttl=True)
    ]
    assert records[-1]["userIdentity"] == TTL_IDENTITY
    assert all("userIdentity" not in record for record in records[:2])


# --- writes that change nothing produce nothing --------------------------------------------------

BASE = {"pk": "a", "n": 1, "m": {"x": 1, "y": "two"}, "l": ["p", 2]}


def _identical_put(client: Any, table: str) -> None:
    put(client, table, **BASE)


def _put_with_map_members_reordered(client: Any, table: str) -> None:
    item = wire_item(BASE)
    item["m"] = {"M": {"y": {"S": "two"}, "x": {"N": "1"}}}
    client.put_item(TableName=table, Item=item)


def _update_setting_same_values(client: Any, table: str) -> None:
    client.update_item(
        TableName=table,
        Key=keys(pk="a"),
        UpdateExpression="SET n = :n, m.x = :x",
        ExpressionAttributeValues=wire_item({":n": 1, ":x": 1}),
    )


def _remove_missing_attribute(client: Any, table: str) -> None:
    client.update_item(
        TableName=table,
        Key=keys(pk="a"),
        UpdateExpression="REMOVE #absent",
        ExpressionAttributeNames={"#absent": "never_set"},
    )


def _delete_missing_item(client: Any, table: str) -> None:
    client.delete_item(TableName=table, Key=keys(pk="nobody"))


def _failed_put_condition(client: Any, table: str) -> None:
    assert_condition_fails(
        client.put_item,
        TableName=table,
        Item=wire_item({"pk": "a", "n": 2}),
        ConditionExpression="attribute_not_exists(pk)",
    )


def _failed_update_condition(client: Any, table: str) -> None:
    assert_condition_fails(
        client.update_item,
        TableName=table,
        Key=keys(pk="a"),
        UpdateExpression="SET n = :two",
        ConditionExpression="n = :two",
        ExpressionAttributeValues=wire_item({":two": 2}),
    )


def _failed_delete_condition(client: Any, table: str) -> None:
    assert_condition_fails(
        client.delete_item,
        TableName=table,
        Key=keys(pk="a"),
        ConditionExpression="attribute_not_exists(n)",
    )


def _cancelled_transaction(client: Any, table: str) -> None:
    error = expect_error(
        client.transact_write_items,
        TransactItems=[
            {"Put": {"TableName": table, "Item": wire_item({"pk": "b", "n": 5})}},
            {
                "ConditionCheck": {
                    "TableName": table,
                    "Key": keys(pk="a"),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ],
    )
    assert code_and_message(error)[0] == "TransactionCanceledException"


@pytest.mark.parametrize(
    "no_change",
    [
        _identical_put,
        _put_with_map_members_reordered,
        _update_setting_same_values,
        _remove_missing_attribute,
        _delete_missing_item,
        _failed_put_condition,
        _failed_update_condition,
        _failed_delete_condition,
        _cancelled_transaction,
    ],
    ids=lambda call: call.__name__.strip("_").replace("_", "-"),
)
def test_no_record_when_nothing_changes(
    dynamodb: Any, dynamodbstreams: Any, no_change: Any
) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES")
    base = put(dynamodb, table.name, **BASE)
    no_change(dynamodb, table.name)
    marker = put(dynamodb, table.name, pk="marker")
    assert contents(dynamodbstreams, table.stream_arn) == [
        expected_record("NEW_AND_OLD_IMAGES", "INSERT", keys(pk="a"), new=base),
        expected_record("NEW_AND_OLD_IMAGES", "INSERT", keys(pk="marker"), new=marker),
    ]


# --- which record each write produces ------------------------------------------------------------


def test_overwrite_is_one_modify(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES")
    first = put(dynamodb, table.name, pk="a", v=1)
    second = put(dynamodb, table.name, pk="a", w="other")
    emptied = put(dynamodb, table.name, pk="a")
    assert contents(dynamodbstreams, table.stream_arn) == [
        expected_record("NEW_AND_OLD_IMAGES", "INSERT", keys(pk="a"), new=first),
        expected_record("NEW_AND_OLD_IMAGES", "MODIFY", keys(pk="a"), old=first, new=second),
        expected_record("NEW_AND_OLD_IMAGES", "MODIFY", keys(pk="a"), old=second, new=emptied),
    ]


def test_update_item_creating_an_item_is_an_insert(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES", range=("sk", "S"))
    key = keys(pk="a", sk="1")
    dynamodb.update_item(
        TableName=table.name,
        Key=key,
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "1"}},
    )
    # An UpdateItem without updates creates an item holding its key only.
    other = keys(pk="b", sk="2")
    dynamodb.update_item(TableName=table.name, Key=other)
    dynamodb.update_item(
        TableName=table.name,
        Key=other,
        UpdateExpression="SET y = :y",
        ExpressionAttributeValues={":y": {"S": "set"}},
    )
    view = "NEW_AND_OLD_IMAGES"
    assert contents(dynamodbstreams, table.stream_arn) == [
        expected_record(view, "INSERT", key, new={**key, "v": {"N": "1"}}),
        expected_record(view, "INSERT", other, new=other),
        expected_record(view, "MODIFY", other, old=other, new={**other, "y": {"S": "set"}}),
    ]


def test_images_are_whole_items(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES")
    before = put(dynamodb, table.name, pk="a", x=1, y={"deep": ["list", 1]}, z=b"\x00\x01")
    dynamodb.update_item(
        TableName=table.name,
        Key=keys(pk="a"),
        UpdateExpression="SET y.deep[1] = :two REMOVE x",
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    after = wire_item({"pk": "a", "y": {"deep": ["list", 2]}, "z": b"\x00\x01"})
    assert contents(dynamodbstreams, table.stream_arn)[1:] == [
        expected_record("NEW_AND_OLD_IMAGES", "MODIFY", keys(pk="a"), old=before, new=after)
    ]


def by_key(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records of different items in an order of their own (the service does not order them)."""
    return sorted(records, key=lambda record: repr(record["dynamodb"]["Keys"]))


def test_batch_write_item_records_each_item(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_IMAGE")
    doomed = put(dynamodb, table.name, pk="doomed")
    kept = put(dynamodb, table.name, pk="kept", v=1)
    first, second = wire_item({"pk": "b1", "v": 1}), wire_item({"pk": "b2", "v": 2})
    overwrite = wire_item({"pk": "kept", "v": 2})
    response = dynamodb.batch_write_item(
        RequestItems={
            table.name: [
                {"PutRequest": {"Item": first}},
                {"PutRequest": {"Item": second}},
                {"PutRequest": {"Item": overwrite}},
                {"DeleteRequest": {"Key": keys(pk="doomed")}},
                {"DeleteRequest": {"Key": keys(pk="never-written")}},
            ]
        }
    )
    assert response["UnprocessedItems"] == {}
    records = contents(dynamodbstreams, table.stream_arn)
    assert records[:2] == [
        expected_record("NEW_IMAGE", "INSERT", keys(pk="doomed"), new=doomed),
        expected_record("NEW_IMAGE", "INSERT", keys(pk="kept"), new=kept),
    ]
    assert by_key(records[2:]) == by_key(
        [
            expected_record("NEW_IMAGE", "INSERT", keys(pk="b1"), new=first),
            expected_record("NEW_IMAGE", "INSERT", keys(pk="b2"), new=second),
            expected_record("NEW_IMAGE", "MODIFY", keys(pk="kept"), old=kept, new=overwrite),
            expected_record("NEW_IMAGE", "REMOVE", keys(pk="doomed"), old=doomed),
        ]
    )


def test_transact_write_items_records_each_item(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_AND_OLD_IMAGES")
    other = create_stream_table(dynamodb, "KEYS_ONLY")
    doomed = put(dynamodb, table.name, pk="doomed")
    checked = put(dynamodb, table.name, pk="checked")
    added = wire_item({"pk": "added", "v": 1})
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table.name, "Item": added}},
            {
                "Update": {
                    "TableName": table.name,
                    "Key": keys(pk="created"),
                    "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"N": "2"}},
                }
            },
            {"Delete": {"TableName": table.name, "Key": keys(pk="doomed")}},
            {
                "ConditionCheck": {
                    "TableName": table.name,
                    "Key": keys(pk="checked"),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
            {"Put": {"TableName": other.name, "Item": wire_item({"pk": "elsewhere"})}},
        ]
    )
    view = "NEW_AND_OLD_IMAGES"
    records = contents(dynamodbstreams, table.stream_arn)
    assert records[:2] == [
        expected_record(view, "INSERT", keys(pk="doomed"), new=doomed),
        expected_record(view, "INSERT", keys(pk="checked"), new=checked),
    ]
    # One record per written item; none for the ConditionCheck.
    assert by_key(records[2:]) == by_key(
        [
            expected_record(view, "INSERT", keys(pk="added"), new=added),
            expected_record(
                view, "INSERT", keys(pk="created"), new=wire_item({"pk": "created", "v": 2})
            ),
            expected_record(view, "REMOVE", keys(pk="doomed"), old=doomed),
        ]
    )
    assert contents(dynamodbstreams, other.stream_arn) == [
        expected_record("KEYS_ONLY", "INSERT", keys(pk="elsewhere"))
    ]


def test_order_of_each_item_is_kept(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, "NEW_IMAGE")
    items, rounds = 5, 40
    for _ in range(rounds):
        for item in range(items):
            dynamodb.update_item(
                TableName=table.name,
                Key=keys(pk=f"item-{item}"),
                UpdateExpression="ADD n :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )
    records = read_stream(dynamodbstreams, table.stream_arn)
    assert len(records) == items * rounds
    numbers = sequence_numbers(records)
    assert all(earlier < later for earlier, later in zip(numbers, numbers[1:]))
    for item in range(items):
        mine = [record for record in records if keys_of(record) == keys(pk=f"item-{item}")]
        assert [record["eventName"] for record in mine] == ["INSERT"] + ["MODIFY"] * (rounds - 1)
        assert [record["dynamodb"]["NewImage"]["n"] for record in mine] == [
            {"N": str(number)} for number in range(1, rounds + 1)
        ]


@pytest.mark.dynafake_frozen_clock(at=FROZEN_AT)
def test_approximate_creation_time_is_the_write_second(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    put(dynamodb, table.name, pk="a")  # 07:08:09.750
    dynafake.clock.advance(seconds=30.5)  # 07:08:40.250
    put(dynamodb, table.name, pk="b")
    dynafake.clock.advance(seconds=0.7)  # 07:08:40.950
    put(dynamodb, table.name, pk="c")
    dynafake.clock.advance(seconds=0.05)  # 07:08:41.000
    put(dynamodb, table.name, pk="d")
    times = [
        record["dynamodb"]["ApproximateCreationDateTime"]
        for record in read_stream(dynamodbstreams, table.stream_arn)
    ]
    start = FROZEN_AT.replace(microsecond=0)
    assert times == [
        start,
        start + timedelta(seconds=31),
        start + timedelta(seconds=31),
        start + timedelta(seconds=32),
    ]


def test_approximate_creation_time_with_a_running_clock(
    dynafake: Any, dynamodb: Any, dynamodbstreams: Any
) -> None:
    table = create_stream_table(dynamodb, "KEYS_ONLY")
    before = dynafake.clock.now()
    put(dynamodb, table.name, pk="a")
    after = dynafake.clock.now()
    (record,) = read_stream(dynamodbstreams, table.stream_arn)
    created = record["dynamodb"]["ApproximateCreationDateTime"]
    assert before.replace(microsecond=0) <= created <= after
    assert created.microsecond == 0


def test_writes_before_the_stream_are_not_in_it(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(dynamodb, None)
    early = put(dynamodb, table.name, pk="early", v=1)
    put(dynamodb, table.name, pk="gone")
    arn = enable_stream(dynamodb, table.name, "NEW_AND_OLD_IMAGES")["LatestStreamArn"]
    late = put(dynamodb, table.name, pk="late")
    changed = put(dynamodb, table.name, pk="early", v=2)
    dynamodb.delete_item(TableName=table.name, Key=keys(pk="gone"))
    view = "NEW_AND_OLD_IMAGES"
    assert contents(dynamodbstreams, arn) == [
        expected_record(view, "INSERT", keys(pk="late"), new=late),
        expected_record(view, "MODIFY", keys(pk="early"), old=early, new=changed),
        expected_record(view, "REMOVE", keys(pk="gone"), old=wire_item({"pk": "gone"})),
    ]


def test_indexed_table_records_base_items_only(dynamodb: Any, dynamodbstreams: Any) -> None:
    table = create_stream_table(
        dynamodb,
        "NEW_AND_OLD_IMAGES",
        range=("sk", "S"),
        attributes={"g": "S", "l": "S"},
        GlobalSecondaryIndexes=[index_spec("by_g", "g")],
        LocalSecondaryIndexes=[index_spec("by_l", "pk", "l", projection="KEYS_ONLY")],
    )
    key = keys(pk="a", sk="1")
    first = put(dynamodb, table.name, pk="a", sk="1", g="x", l="p", v=1)
    dynamodb.update_item(
        TableName=table.name,
        Key=key,
        UpdateExpression="SET g = :g REMOVE l",
        ExpressionAttributeValues={":g": {"S": "y"}},
    )
    second = wire_item({"pk": "a", "sk": "1", "g": "y", "v": 1})
    dynamodb.delete_item(TableName=table.name, Key=key)
    view = "NEW_AND_OLD_IMAGES"
    assert contents(dynamodbstreams, table.stream_arn) == [
        expected_record(view, "INSERT", key, new=first),
        expected_record(view, "MODIFY", key, old=first, new=second),
        expected_record(view, "REMOVE", key, old=second),
    ]
