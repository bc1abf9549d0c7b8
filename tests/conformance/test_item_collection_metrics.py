"""ReturnItemCollectionMetrics on PutItem, UpdateItem, DeleteItem and BatchWriteItem.

Sources: dynamodb-behaviour.md 4.3 and 4.9 and the service's API reference: the metrics exist only
for tables with local secondary indexes ("If the table does not have any local secondary indexes,
this information is not returned in the response"), as {ItemCollectionKey: {<partition key>:
<value>}, SizeEstimateRangeGB: [lower, upper]}; BatchWriteItem groups them by table. A small
collection reports [0.0, 1.0] (responses recorded from the service in SDK test fixtures).
Choices where the service is unconfirmed: BatchWriteItem lists one entry per write of a table with
local secondary indexes, and leaves the member out when no table of the batch has one, as the
single-item operations do.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import TableFactory, index_spec, make_indexed_table

SMALL = [0.0, 1.0]
MOTO_METRICS = pytest.mark.moto_differs(reason="moto returns no item collection metrics")
MOTO_EMPTY_METRICS = pytest.mark.moto_differs(
    reason="moto's BatchWriteItem always returns an empty ItemCollectionMetrics"
)


@pytest.fixture
def gsi_table(make_table: TableFactory) -> str:
    return make_indexed_table(
        make_table, range=("sk", "S"), attributes={"g": "S"}, gsis=[index_spec("by_g", "g")]
    )


def key(pk: str, sk: str = "1") -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def metrics(pk: str) -> dict[str, Any]:
    return {"ItemCollectionKey": {"pk": {"S": pk}}, "SizeEstimateRangeGB": SMALL}


@MOTO_METRICS
def test_put_item_reports_the_collection(client: Any, lsi_table: str) -> None:
    response = client.put_item(
        TableName=lsi_table,
        Item={**key("a"), "l": {"S": "x"}, "data": {"S": "hello"}},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert response["ItemCollectionMetrics"] == metrics("a")


@MOTO_METRICS
def test_an_item_outside_the_local_index_is_still_in_the_collection(
    client: Any, lsi_table: str
) -> None:
    response = client.put_item(
        TableName=lsi_table, Item=key("a"), ReturnItemCollectionMetrics="SIZE"
    )
    assert response["ItemCollectionMetrics"] == metrics("a")


@MOTO_METRICS
def test_update_item_reports_the_collection(client: Any, lsi_table: str) -> None:
    response = client.update_item(
        TableName=lsi_table,
        Key=key("b"),
        UpdateExpression="SET l = :v",
        ExpressionAttributeValues={":v": {"S": "x"}},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert response["ItemCollectionMetrics"] == metrics("b")


@MOTO_METRICS
def test_delete_item_reports_the_collection(client: Any, lsi_table: str) -> None:
    client.put_item(TableName=lsi_table, Item={**key("c"), "l": {"S": "x"}})
    response = client.delete_item(
        TableName=lsi_table, Key=key("c"), ReturnItemCollectionMetrics="SIZE"
    )
    assert response["ItemCollectionMetrics"] == metrics("c")


@pytest.mark.parametrize("setting", [None, "NONE"], ids=["omitted", "NONE"])
def test_no_metrics_unless_asked(client: Any, lsi_table: str, setting: str | None) -> None:
    params: dict[str, Any] = {} if setting is None else {"ReturnItemCollectionMetrics": setting}
    put = client.put_item(TableName=lsi_table, Item=key("a"), **params)
    update = client.update_item(
        TableName=lsi_table,
        Key=key("a"),
        UpdateExpression="SET x = :v",
        ExpressionAttributeValues={":v": {"S": "y"}},
        **params,
    )
    delete = client.delete_item(TableName=lsi_table, Key=key("a"), **params)
    for response in (put, update, delete):
        assert "ItemCollectionMetrics" not in response


def test_no_metrics_without_a_local_index(client: Any, gsi_table: str) -> None:
    put = client.put_item(
        TableName=gsi_table, Item={**key("a"), "g": {"S": "x"}}, ReturnItemCollectionMetrics="SIZE"
    )
    delete = client.delete_item(
        TableName=gsi_table, Key=key("a"), ReturnItemCollectionMetrics="SIZE"
    )
    for response in (put, delete):
        assert "ItemCollectionMetrics" not in response


@MOTO_METRICS
def test_batch_write_groups_the_metrics_by_table(
    client: Any, lsi_table: str, gsi_table: str
) -> None:
    client.put_item(TableName=lsi_table, Item=key("gone"))
    response = client.batch_write_item(
        RequestItems={
            lsi_table: [
                {"PutRequest": {"Item": {**key("a"), "l": {"S": "x"}}}},
                {"PutRequest": {"Item": key("a", "2")}},
                {"DeleteRequest": {"Key": key("gone")}},
            ],
            gsi_table: [{"PutRequest": {"Item": key("a")}}],
        },
        ReturnItemCollectionMetrics="SIZE",
    )
    assert response["UnprocessedItems"] == {}
    assert response["ItemCollectionMetrics"] == {
        lsi_table: [metrics("a"), metrics("a"), metrics("gone")]
    }


@MOTO_EMPTY_METRICS
def test_batch_write_without_a_local_index_has_no_metrics(client: Any, gsi_table: str) -> None:
    response = client.batch_write_item(
        RequestItems={gsi_table: [{"PutRequest": {"Item": key("a")}}]},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert "ItemCollectionMetrics" not in response


@MOTO_EMPTY_METRICS
def test_batch_write_metrics_only_when_asked(client: Any, lsi_table: str) -> None:
    response = client.batch_write_item(
        RequestItems={lsi_table: [{"PutRequest": {"Item": key("a")}}]},
        ReturnItemCollectionMetrics="NONE",
    )
    assert "ItemCollectionMetrics" not in response


@pytest.mark.moto_differs(reason="moto accepts unknown settings")
def test_unknown_setting(client: Any, lsi_table: str) -> None:
    # botocore does not check enums (section 1.6).
    with pytest.raises(client.exceptions.ClientError) as info:
        client.put_item(TableName=lsi_table, Item=key("a"), ReturnItemCollectionMetrics="ALL")
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        "1 validation error detected: Value 'ALL' at 'returnItemCollectionMetrics' failed to "
        "satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]",
    )
