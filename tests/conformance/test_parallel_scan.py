"""Parallel scan: for any TotalSegments the segments are disjoint and together hold the whole
table (or index), a key lands in the same segment every time (and in every table), a partition
is never split, an ExclusiveStartKey from another segment is refused, and the Segment /
TotalSegments validation messages.

Sources: dynamodb-behaviour.md 3 (parallel scan) and 4.7; dynalite's validations/scan.js and
test/scan.js (messages captured from the service); nubo-db/dynamodb-conformance's
tier3/error-messages/scan.test.ts (run against the service).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    assert_invalid,
    index_spec,
    make_indexed_table,
    paged_items,
    put_items,
    read_pages,
    wire_item,
)

SEGMENT_COUNTS = [1, 2, 3, 7, 16]
MOTO_LENIENT = "moto accepts this request"

# 40 partitions, four of them holding three items each: 48 items.
ITEMS = [
    {"pk": f"key-{p:02}", "sk": s, "v": p * 10 + s}
    for p in range(40)
    for s in (range(3) if p % 10 == 0 else range(1))
]


def key_of(item: dict[str, Any]) -> tuple[str, str]:
    return (item["pk"]["S"], item["sk"]["N"])


@pytest.fixture
def filled(client: Any, make_table: TableFactory) -> str:
    name = make_table(range=("sk", "N"))
    put_items(client, name, [wire_item(item) for item in ITEMS])
    return name


def segment_keys(client: Any, table: str, total: int, **extra: Any) -> list[list[tuple[str, str]]]:
    """The keys of every segment, read in pages of at most five items."""
    return [
        [
            key_of(item)
            for item in paged_items(
                read_pages(
                    client.scan,
                    TableName=table,
                    Segment=segment,
                    TotalSegments=total,
                    Limit=5,
                    **extra,
                )
            )
        ]
        for segment in range(total)
    ]


def all_keys() -> list[tuple[str, str]]:
    return sorted((item["pk"], str(item["sk"])) for item in ITEMS)


@pytest.mark.parametrize("total", SEGMENT_COUNTS)
def test_segments_split_the_table_exactly(client: Any, filled: str, total: int) -> None:
    segments = segment_keys(client, filled, total)
    found = [key for segment in segments for key in segment]
    assert len(found) == len(set(found)), "a key appeared in two segments or twice in one"
    assert sorted(found) == all_keys()


@pytest.mark.parametrize("total", [2, 7])
def test_the_split_is_the_same_every_time(
    client: Any, make_table: TableFactory, filled: str, total: int
) -> None:
    first = segment_keys(client, filled, total)
    assert segment_keys(client, filled, total) == first
    # The segment of a key depends on the key alone, so another table with the same keys,
    # written in another order, splits the same way.
    other = make_table(range=("sk", "N"))
    put_items(client, other, [wire_item(item) for item in reversed(ITEMS)])
    assert [sorted(segment) for segment in segment_keys(client, other, total)] == [
        sorted(segment) for segment in first
    ]


@pytest.mark.parametrize("total", [3, 16])
def test_a_partition_stays_in_one_segment(client: Any, filled: str, total: int) -> None:
    segments = segment_keys(client, filled, total)
    for p in (0, 10, 20, 30):
        pk = f"key-{p:02}"
        holding = [i for i, segment in enumerate(segments) if any(k[0] == pk for k in segment)]
        assert len(holding) == 1, f"{pk} is in segments {holding}"
        segment = segments[holding[0]]
        assert [k for k in segment if k[0] == pk] == [(pk, "0"), (pk, "1"), (pk, "2")]


def test_one_segment_is_the_whole_scan(client: Any, filled: str) -> None:
    whole = client.scan(TableName=filled)["Items"]
    single = client.scan(TableName=filled, Segment=0, TotalSegments=1)["Items"]
    assert single == whole


def test_more_segments_than_items(client: Any, table: str) -> None:
    put_items(client, table, [wire_item({"pk": k}) for k in ("a", "b", "c")])
    segments = [
        client.scan(TableName=table, Segment=segment, TotalSegments=64) for segment in range(64)
    ]
    assert sorted(item["pk"]["S"] for page in segments for item in page["Items"]) == ["a", "b", "c"]
    empty = [page for page in segments if not page["Items"]]
    assert len(empty) >= 61
    for page in empty:
        assert (page["Count"], page["ScannedCount"]) == (0, 0)
        assert "LastEvaluatedKey" not in page


def test_segments_of_an_index(client: Any, make_table: TableFactory) -> None:
    name = make_indexed_table(
        make_table, attributes={"g": "S"}, gsis=[index_spec("by_g", "g", projection="KEYS_ONLY")]
    )
    items = [{"pk": f"k{i:02}", "g": f"g{i % 5}"} for i in range(30)]
    put_items(client, name, [wire_item(item) for item in items])
    found = []
    for segment in range(4):
        pages = read_pages(
            client.scan, TableName=name, IndexName="by_g", Segment=segment, TotalSegments=4, Limit=4
        )
        found.extend((item["pk"]["S"], item["g"]["S"]) for item in paged_items(pages))
    assert sorted(found) == sorted((item["pk"], item["g"]) for item in items)


def test_segment_with_filter_and_count(client: Any, filled: str) -> None:
    counted = 0
    for segment in range(3):
        for page in read_pages(
            client.scan,
            TableName=filled,
            Segment=segment,
            TotalSegments=3,
            Select="COUNT",
            FilterExpression="sk = :zero",
            ExpressionAttributeValues={":zero": {"N": "0"}},
            Limit=7,
        ):
            assert "Items" not in page
            counted += page["Count"]
    assert counted == 40


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_start_key_from_another_segment(client: Any, filled: str) -> None:
    other = client.scan(TableName=filled, Segment=1, TotalSegments=2)["Items"]
    assert other, "segment 1 of 2 holds none of 48 keys"
    assert_invalid(
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
        "ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0",
        client.scan,
        TableName=filled,
        Segment=0,
        TotalSegments=2,
        ExclusiveStartKey={"pk": other[0]["pk"], "sk": other[0]["sk"]},
    )


def test_start_key_from_the_same_segment(client: Any, filled: str) -> None:
    items = client.scan(TableName=filled, Segment=1, TotalSegments=2)["Items"]
    assert len(items) >= 2
    rest = client.scan(
        TableName=filled,
        Segment=1,
        TotalSegments=2,
        ExclusiveStartKey={"pk": items[0]["pk"], "sk": items[0]["sk"]},
    )
    assert rest["Items"] == items[1:]


SEGMENT_ERRORS = [
    pytest.param(
        {"Segment": 0},
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present",
        id="segment-alone",
    ),
    pytest.param(
        {"TotalSegments": 4},
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present",
        id="total-alone",
    ),
    pytest.param(
        {"Segment": 7, "TotalSegments": 5},
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 7 is not less than TotalSegments: 5",
        id="segment-7-of-5",
        marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
    ),
    pytest.param(
        {"Segment": 5, "TotalSegments": 5},
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 5 is not less than TotalSegments: 5",
        id="segment-5-of-5",
        marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
    ),
    pytest.param(
        {"Segment": 1, "TotalSegments": 1},
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 1 is not less than TotalSegments: 1",
        id="segment-1-of-1",
        marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
    ),
    pytest.param(
        {"Segment": 0, "TotalSegments": 1000001},
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy "
        "constraint: Member must have value less than or equal to 1000000",
        id="total-too-large",
        marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
    ),
    pytest.param(
        {"Segment": 1000000, "TotalSegments": 1000000},
        "1 validation error detected: Value '1000000' at 'segment' failed to satisfy "
        "constraint: Member must have value less than or equal to 999999",
        id="segment-too-large",
        marks=pytest.mark.moto_differs(reason=MOTO_LENIENT),
    ),
]


@pytest.mark.parametrize(("extra", "message"), SEGMENT_ERRORS)
def test_segment_error(client: Any, table: str, extra: dict[str, Any], message: str) -> None:
    assert_invalid(message, client.scan, TableName=table, **extra)


def test_largest_segment_count(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "a"}})
    found = [
        client.scan(TableName=table, Segment=segment, TotalSegments=1000000)["Count"]
        for segment in (0, 1, 499999, 999999)
    ]
    assert sum(found) <= 1
