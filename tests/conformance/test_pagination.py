"""Pagination: following LastEvaluatedKey under any Limit visits every item exactly once and in
the order of an unpaged read, for Query (both directions), Scan, an index Query and an index
Scan; a page that stops at Limit carries LastEvaluatedKey even when nothing is left (the next page
is empty and has none); pages can be empty yet carry LastEvaluatedKey when the filter drops
everything; LastEvaluatedKey is the key of the last item read (table key plus index key for an
index); and the 1 MB page limit.

Sources: dynamodb-behaviour.md 4.6, 4.7 and 6.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from conformance_support import (
    PAGE_LIMIT_BYTES,
    TableFactory,
    index_spec,
    item_size,
    make_indexed_table,
    padded_item,
    paged_items,
    put_items,
    read_pages,
    wire_item,
)

PARTITIONS = {"a": 7, "b": 1, "c": 2}  # partition -> number of items
MOTO_LAST_PAGE = pytest.mark.moto_differs(
    reason="moto omits LastEvaluatedKey when a page stops at Limit on the last item"
)
MOTO_MEGABYTE = pytest.mark.moto_differs(reason="moto measures the 1 MB page differently")


def check_paging(
    call: Callable[..., Any], key_names: Sequence[str], **params: Any
) -> list[dict[str, Any]]:
    """Pages the read under every Limit from 1 to one past its size; returns the unpaged items."""
    whole = call(**params)
    assert "LastEvaluatedKey" not in whole
    items = list(whole["Items"])
    for limit in range(1, len(items) + 2):
        pages = read_pages(call, **params, Limit=limit)
        assert paged_items(pages) == items, f"Limit={limit}"
        # Every page that stops at Limit has a successor, even when nothing is left.
        assert len(pages) == len(items) // limit + 1, f"Limit={limit}"
        for page in pages[:-1]:
            assert page["Count"] == page["ScannedCount"] == limit
            last = page["Items"][-1]
            assert page["LastEvaluatedKey"] == {name: last[name] for name in key_names}
        assert "LastEvaluatedKey" not in pages[-1]
        assert pages[-1]["Count"] == len(items) % limit
    return items


@pytest.fixture
def partitions(client: Any, composite_table: str) -> str:
    items = [
        {"pk": pk, "sk": f"s{i}", "v": i} for pk, count in PARTITIONS.items() for i in range(count)
    ]
    # Written in reverse so that insertion order is not key order.
    put_items(client, composite_table, [wire_item(item) for item in reversed(items)])
    return composite_table


@MOTO_LAST_PAGE
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
@pytest.mark.parametrize("partition", list(PARTITIONS))
def test_query_pages(client: Any, partitions: str, partition: str, forward: bool) -> None:
    items = check_paging(
        client.query,
        ("pk", "sk"),
        TableName=partitions,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": partition}},
        ScanIndexForward=forward,
    )
    expected = [f"s{i}" for i in range(PARTITIONS[partition])]
    if not forward:
        expected.reverse()
    assert [item["sk"]["S"] for item in items] == expected


def test_query_pages_with_a_sort_key_condition(client: Any, partitions: str) -> None:
    items = check_paging(
        client.query,
        ("pk", "sk"),
        TableName=partitions,
        KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues={":p": {"S": "a"}, ":lo": {"S": "s2"}, ":hi": {"S": "s5"}},
        ScanIndexForward=False,
    )
    assert [item["sk"]["S"] for item in items] == ["s5", "s4", "s3", "s2"]


@MOTO_LAST_PAGE
def test_scan_pages_of_a_composite_table(client: Any, partitions: str) -> None:
    items = check_paging(client.scan, ("pk", "sk"), TableName=partitions)
    assert len(items) == sum(PARTITIONS.values())


@MOTO_LAST_PAGE
def test_scan_pages_of_a_hash_table(client: Any, table: str) -> None:
    put_items(client, table, [wire_item({"pk": f"k{i}", "v": i}) for i in range(9)])
    items = check_paging(client.scan, ("pk",), TableName=table)
    assert sorted(item["pk"]["S"] for item in items) == [f"k{i}" for i in range(9)]


def test_scan_of_an_empty_table_has_one_page(client: Any, table: str) -> None:
    pages = read_pages(client.scan, TableName=table, Limit=1)
    assert len(pages) == 1
    assert pages[0]["Items"] == []


@MOTO_LAST_PAGE
def test_last_page_is_empty_when_the_limit_fits_exactly(client: Any, partitions: str) -> None:
    params = {
        "TableName": partitions,
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "c"}},
    }
    first = client.query(**params, Limit=2)
    assert [item["sk"]["S"] for item in first["Items"]] == ["s0", "s1"]
    assert first["LastEvaluatedKey"] == {"pk": {"S": "c"}, "sk": {"S": "s1"}}
    second = client.query(**params, Limit=2, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert second["Items"] == []
    assert (second["Count"], second["ScannedCount"]) == (0, 0)
    assert "LastEvaluatedKey" not in second


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_filter_dropping_everything_still_pages(
    client: Any, partitions: str, operation: str
) -> None:
    params: dict[str, Any] = {"TableName": partitions, "FilterExpression": "v > :big"}
    params["ExpressionAttributeValues"] = {":big": {"N": "100"}}
    if operation == "query":
        params["KeyConditionExpression"] = "pk = :p"
        params["ExpressionAttributeValues"][":p"] = {"S": "a"}
    total = PARTITIONS["a"] if operation == "query" else sum(PARTITIONS.values())
    pages = read_pages(getattr(client, operation), **params, Limit=3)
    assert len(pages) == total // 3 + 1
    for page in pages:
        assert page["Items"] == []
        assert page["Count"] == 0
    assert [page["ScannedCount"] for page in pages] == [3] * (total // 3) + [total % 3]
    assert all("LastEvaluatedKey" in page for page in pages[:-1])


def test_filtered_pages_cover_the_filtered_read(client: Any, partitions: str) -> None:
    params = {
        "TableName": partitions,
        "KeyConditionExpression": "pk = :p",
        "FilterExpression": "v <> :two",
        "ExpressionAttributeValues": {":p": {"S": "a"}, ":two": {"N": "2"}},
    }
    whole = client.query(**params)["Items"]
    assert len(whole) == 6
    for limit in range(1, 9):
        assert paged_items(read_pages(client.query, **params, Limit=limit)) == whole


# --- indexes --------------------------------------------------------------------------------


@pytest.fixture
def indexed(client: Any, make_table: TableFactory) -> str:
    """GSI by_g (g, gs), LSI by_l (pk, l); 'x' holds eight index entries, 'y' three; some items
    are in no index."""
    name = make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S", "gs": "N", "l": "S"},
        gsis=[index_spec("by_g", "g", "gs", projection="KEYS_ONLY")],
        lsis=[index_spec("by_l", "pk", "l", projection="INCLUDE", non_key=["v"])],
    )
    items = []
    for i in range(8):
        items.append({"pk": f"p{i % 3}", "sk": f"s{i}", "g": "x", "gs": 10 - i, "l": f"l{7 - i}"})
    for i in range(3):
        items.append({"pk": "p9", "sk": f"t{i}", "g": "y", "gs": i, "v": i})
    items.extend({"pk": "p0", "sk": f"u{i}", "v": i} for i in range(4))  # sparse in both
    put_items(client, name, [wire_item(item) for item in items])
    return name


@MOTO_LAST_PAGE
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_global_index_query_pages(client: Any, indexed: str, forward: bool) -> None:
    items = check_paging(
        client.query,
        ("pk", "sk", "g", "gs"),
        TableName=indexed,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "x"}},
        ScanIndexForward=forward,
    )
    expected = [str(10 - i) for i in reversed(range(8))]
    if not forward:
        expected.reverse()
    assert [item["gs"]["N"] for item in items] == expected


@MOTO_LAST_PAGE
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_local_index_query_pages(client: Any, indexed: str, forward: bool) -> None:
    items = check_paging(
        client.query,
        ("pk", "sk", "l"),
        TableName=indexed,
        IndexName="by_l",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p0"}},
        ScanIndexForward=forward,
    )
    # p0 holds s0, s3 and s6 in the index (l7, l4, l1), and the u items not at all.
    expected = ["l1", "l4", "l7"] if forward else ["l7", "l4", "l1"]
    assert [item["l"]["S"] for item in items] == expected


@MOTO_LAST_PAGE
def test_global_index_scan_pages(client: Any, indexed: str) -> None:
    items = check_paging(client.scan, ("pk", "sk", "g", "gs"), TableName=indexed, IndexName="by_g")
    assert len(items) == 11


@MOTO_LAST_PAGE
def test_local_index_scan_pages(client: Any, indexed: str) -> None:
    items = check_paging(client.scan, ("pk", "sk", "l"), TableName=indexed, IndexName="by_l")
    assert len(items) == 8


def test_ties_on_the_index_key_page_exactly_once(client: Any, make_table: TableFactory) -> None:
    name = make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S"},
        gsis=[index_spec("by_g", "g", projection="KEYS_ONLY")],
    )
    keys = [(f"p{i % 2}", f"s{i}") for i in range(7)]
    put_items(client, name, [wire_item({"pk": pk, "sk": sk, "g": "same"}) for pk, sk in keys])
    for limit in range(1, 9):
        pages = read_pages(
            client.query,
            TableName=name,
            IndexName="by_g",
            KeyConditionExpression="g = :g",
            ExpressionAttributeValues={":g": {"S": "same"}},
            Limit=limit,
        )
        seen = [(item["pk"]["S"], item["sk"]["S"]) for item in paged_items(pages)]
        assert sorted(seen) == sorted(keys), f"Limit={limit}"
        for page in pages[:-1]:
            assert set(page["LastEvaluatedKey"]) == {"pk", "sk", "g"}


# --- the 1 MB page limit --------------------------------------------------------------------

BIG_ITEM_BYTES = 100 * 1024
BIG_ITEMS = 24  # 2.4 MB in one partition


@pytest.fixture
def big(client: Any, composite_table: str) -> str:
    put_items(
        client,
        composite_table,
        [padded_item({"pk": "big", "sk": f"s{i:02}"}, BIG_ITEM_BYTES) for i in range(BIG_ITEMS)],
    )
    return composite_table


def check_megabyte_pages(pages: list[dict[str, Any]]) -> None:
    sizes = [[item_size(item) for item in page["Items"]] for page in pages]
    assert all(size == BIG_ITEM_BYTES for page in sizes for size in page)
    assert len(pages) >= 3
    for page, following in zip(pages[:-1], pages[1:]):
        assert 0 < page["Count"] < BIG_ITEMS
        assert "LastEvaluatedKey" in page
        page_bytes = page["Count"] * BIG_ITEM_BYTES
        # The page did not go on past 1 MB, and did not stop well before it.
        assert page_bytes - BIG_ITEM_BYTES < PAGE_LIMIT_BYTES
        if following["Count"]:
            assert page_bytes + BIG_ITEM_BYTES > PAGE_LIMIT_BYTES


@MOTO_MEGABYTE
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_query_page_stops_at_one_megabyte(client: Any, big: str, forward: bool) -> None:
    pages = read_pages(
        client.query,
        TableName=big,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "big"}},
        ScanIndexForward=forward,
    )
    check_megabyte_pages(pages)
    expected = [f"s{i:02}" for i in range(BIG_ITEMS)]
    if not forward:
        expected.reverse()
    assert [item["sk"]["S"] for item in paged_items(pages)] == expected


@MOTO_MEGABYTE
def test_scan_page_stops_at_one_megabyte(client: Any, big: str) -> None:
    pages = read_pages(client.scan, TableName=big)
    check_megabyte_pages(pages)
    assert [item["sk"]["S"] for item in paged_items(pages)] == [
        f"s{i:02}" for i in range(BIG_ITEMS)
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"Select": "COUNT"},
        {"FilterExpression": "attribute_exists(gone)"},
        {"ProjectionExpression": "sk"},
    ],
    ids=["count", "filter", "projection"],
)
def test_megabyte_counts_what_is_read(client: Any, big: str, extra: dict[str, Any]) -> None:
    pages = read_pages(client.scan, TableName=big, **extra)
    assert len(pages) >= 3
    assert sum(page["ScannedCount"] for page in pages) == BIG_ITEMS
    first = pages[0]
    assert 0 < first["ScannedCount"] < BIG_ITEMS
    assert "LastEvaluatedKey" in first
