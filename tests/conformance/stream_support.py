"""Shared by the stream suites: tables with streams, reading whole streams, expected records.

The stream suites move the dynafake engine's clock (retention, iterator expiry, shard rollover,
TTL), so they run under the dynafake backend only (``ENGINE_ONLY``); their clients are the pytest
plugin's ``dynamodb`` and ``dynamodbstreams`` fixtures, served by the test's engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest
from conformance_support import item_size, unique_table_name

ENGINE_ONLY = pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="reads DynamoDB Streams and moves the dynafake engine's clock",
)

REGION = "us-east-1"
VIEW_TYPES = ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")
# The images a record carries under each view type (dynamodb-behaviour.md section 9).
_CARRIES_NEW = {"NEW_IMAGE", "NEW_AND_OLD_IMAGES"}
_CARRIES_OLD = {"OLD_IMAGE", "NEW_AND_OLD_IMAGES"}

# A stream label: its creation time, ISO-8601 UTC with milliseconds (2015-05-20T20:51:10.252).
LABEL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}")
EVENT_ID = re.compile(r"[0-9a-f]{32}")
# Decimal digits, 21 to 40 of them (the model's SequenceNumber bounds).
SEQUENCE_NUMBER = re.compile(r"[0-9]{21,40}")
# What a TTL deletion's record carries (section 8).
TTL_IDENTITY = {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}

MAX_PAGES = 1000  # a read loop that runs longer than this has lost its way

ALREADY_ENABLED = "Table already has an enabled stream: TableName: {}"
NOTHING_TO_DISABLE = "Table has no stream to disable: TableName: {}"


def stream_specification(view_type: str | None) -> dict[str, Any]:
    """An enabled StreamSpecification of this view type; None: a disabled one."""
    if view_type is None:
        return {"StreamEnabled": False}
    return {"StreamEnabled": True, "StreamViewType": view_type}


@dataclass(frozen=True)
class StreamTable:
    name: str
    # The CreateTable response's TableDescription.
    description: dict[str, Any]

    @property
    def stream_arn(self) -> str:
        return str(self.description["LatestStreamArn"])

    @property
    def table_arn(self) -> str:
        return str(self.description["TableArn"])


def create_stream_table(
    client: Any,
    view_type: str | None = "NEW_AND_OLD_IMAGES",
    *,
    hash: tuple[str, str] = ("pk", "S"),
    range: tuple[str, str] | None = None,
    name: str | None = None,
    attributes: Mapping[str, str] | None = None,
    **extra: Any,
) -> StreamTable:
    """An on-demand table with a stream of ``view_type`` (None: without StreamSpecification).

    ``attributes`` types further attributes (index keys); ``extra`` goes to CreateTable as is.
    """
    table_name = name or unique_table_name("strm")
    schema = [{"AttributeName": hash[0], "KeyType": "HASH"}]
    types = {hash[0]: hash[1], **(attributes or {})}
    if range is not None:
        schema.append({"AttributeName": range[0], "KeyType": "RANGE"})
        types[range[0]] = range[1]
    params: dict[str, Any] = {
        "TableName": table_name,
        "KeySchema": schema,
        "AttributeDefinitions": [
            {"AttributeName": attribute, "AttributeType": kind} for attribute, kind in types.items()
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if view_type is not None:
        params["StreamSpecification"] = stream_specification(view_type)
    params.update(extra)
    response = client.create_table(**params)
    return StreamTable(table_name, response["TableDescription"])


def enable_stream(client: Any, table: str, view_type: str) -> dict[str, Any]:
    """UpdateTable enabling a stream; returns the response's TableDescription."""
    response = client.update_table(
        TableName=table, StreamSpecification=stream_specification(view_type)
    )
    return dict(response["TableDescription"])


def disable_stream(client: Any, table: str) -> dict[str, Any]:
    response = client.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})
    return dict(response["TableDescription"])


def describe_table(client: Any, table: str) -> dict[str, Any]:
    return dict(client.describe_table(TableName=table)["Table"])


def label_of(when: datetime) -> str:
    """The stream label of a stream enabled at ``when``."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{when.microsecond // 1000:03d}"
    )


# --- reading streams -----------------------------------------------------------------------------


def describe_stream(streams: Any, arn: str) -> dict[str, Any]:
    """The StreamDescription with every shard (DescribeStream followed page by page)."""
    response = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    description = dict(response)
    shards = list(response.get("Shards", []))
    for _ in range(MAX_PAGES):
        last = response.get("LastEvaluatedShardId")
        if last is None:
            description["Shards"] = shards
            description.pop("LastEvaluatedShardId", None)
            return description
        response = streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=last)[
            "StreamDescription"
        ]
        shards.extend(response.get("Shards", []))
    raise AssertionError(f"DescribeStream of {arn} never reached its last shard")


def parents_first(shards: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The shards ordered so that a parent precedes its children (as a reader must take them)."""
    pending = [dict(shard) for shard in shards]
    known = {shard["ShardId"] for shard in pending}
    ordered: list[dict[str, Any]] = []
    done: set[str] = set()
    while pending:
        ready = [
            shard
            for shard in pending
            if shard.get("ParentShardId") not in known or shard["ParentShardId"] in done
        ]
        assert ready, f"shard lineage has a cycle: {pending!r}"
        for shard in ready:
            ordered.append(shard)
            done.add(shard["ShardId"])
            pending.remove(shard)
    return ordered


def shard_iterator(
    streams: Any,
    arn: str,
    shard_id: str,
    kind: str = "TRIM_HORIZON",
    sequence_number: str | None = None,
) -> str:
    params: dict[str, Any] = {"StreamArn": arn, "ShardId": shard_id, "ShardIteratorType": kind}
    if sequence_number is not None:
        params["SequenceNumber"] = sequence_number
    return str(streams.get_shard_iterator(**params)["ShardIterator"])


@dataclass
class ShardRead:
    records: list[dict[str, Any]]
    # True when GetRecords stopped handing out a NextShardIterator (a closed shard, drained).
    ended: bool
    pages: int


def drain(streams: Any, iterator: str, limit: int | None = None) -> ShardRead:
    """Reads from ``iterator`` until the shard ends or a page comes back empty."""
    records: list[dict[str, Any]] = []
    for page_number in range(1, MAX_PAGES + 1):
        params: dict[str, Any] = {"ShardIterator": iterator}
        if limit is not None:
            params["Limit"] = limit
        page = streams.get_records(**params)
        records.extend(page["Records"])
        if "NextShardIterator" not in page:
            return ShardRead(records, ended=True, pages=page_number)
        if not page["Records"]:
            return ShardRead(records, ended=False, pages=page_number)
        iterator = page["NextShardIterator"]
    raise AssertionError("a shard kept returning records")


def read_shards(streams: Any, arn: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each shard (parents first) with its records from TRIM_HORIZON."""
    shards = parents_first(describe_stream(streams, arn)["Shards"])
    return [
        (shard, drain(streams, shard_iterator(streams, arn, shard["ShardId"])).records)
        for shard in shards
    ]


def read_stream(streams: Any, arn: str) -> list[dict[str, Any]]:
    """Every record the stream holds, shard by shard, parents first."""
    return [record for _, records in read_shards(streams, arn) for record in records]


# --- expected records ----------------------------------------------------------------------------


def content(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record without what differs from run to run (eventID, SequenceNumber, creation time)."""
    stable = {name: value for name, value in record.items() if name != "eventID"}
    stable["dynamodb"] = {
        name: value
        for name, value in record["dynamodb"].items()
        if name not in ("SequenceNumber", "ApproximateCreationDateTime")
    }
    return stable


def expected_record(
    view_type: str,
    event_name: str,
    keys: Mapping[str, Any],
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    *,
    by_ttl: bool = False,
) -> dict[str, Any]:
    """What content() of the record of one change shows (images in wire form).

    SizeBytes is the item size of Keys plus the images the record carries (the AWS Lambda
    tutorial's records: 26, 59 and 38 bytes).
    """
    body: dict[str, Any] = {"Keys": dict(keys)}
    size = item_size(keys)
    if new is not None and view_type in _CARRIES_NEW:
        body["NewImage"] = dict(new)
        size += item_size(new)
    if old is not None and view_type in _CARRIES_OLD:
        body["OldImage"] = dict(old)
        size += item_size(old)
    body["SizeBytes"] = size
    body["StreamViewType"] = view_type
    record: dict[str, Any] = {
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": body,
    }
    if by_ttl:
        record["userIdentity"] = dict(TTL_IDENTITY)
    return record


def keys_of(record: Mapping[str, Any]) -> dict[str, Any]:
    return dict(record["dynamodb"]["Keys"])


def sequence_numbers(records: Sequence[Mapping[str, Any]]) -> list[int]:
    return [int(record["dynamodb"]["SequenceNumber"]) for record in records]


def assert_record_format(record: Mapping[str, Any]) -> None:
    """The members whose values are not predictable have the service's form."""
    assert EVENT_ID.fullmatch(record["eventID"]), record["eventID"]
    body = record["dynamodb"]
    assert SEQUENCE_NUMBER.fullmatch(body["SequenceNumber"]), body["SequenceNumber"]
    created = body["ApproximateCreationDateTime"]
    assert isinstance(created, datetime), created
    assert created.tzinfo is not None, created
