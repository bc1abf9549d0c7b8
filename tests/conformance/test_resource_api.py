"""The boto3 resource layer on top of the service: Table objects, the TypeSerializer and
TypeDeserializer, batch_writer, modeled exception classes and the table waiters.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError, WaiterError
from conformance_support import TableFactory, unique_table_name

# Waiters normally sleep 20 s between polls; one attempt proves the table is already settled.
PROMPT = {"Delay": 1, "MaxAttempts": 1}

PYTHON_VALUES: dict[str, Any] = {
    "string": "text",
    "unicode": "\u00e9\u2603",
    "integer": 42,
    "negative": -7,
    "decimal": Decimal("3.25"),
    "digits38": Decimal("1.2345678901234567890123456789012345678"),
    "big": Decimal("1.5E+37"),
    "tiny": Decimal("1E-130"),
    "true": True,
    "false": False,
    "null": None,
    "bytes": b"\x00\xff",
    "binary": Binary(b"\x01\x02"),
    "string_set": {"a", "b"},
    "number_set": {1, Decimal("2.5")},
    "binary_set": {Binary(b"x"), Binary(b"y")},
    "list": ["a", 1, None, [True]],
    "map": {"inner": {"deeper": ["x", Decimal("0.5")]}, "empty": {}},
    "empty_string": "",
}


def expected_after_round_trip(value: Any) -> Any:
    """What the TypeDeserializer hands back for a value the TypeSerializer accepted."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, bytes):
        return Binary(value)
    if isinstance(value, set):
        return {expected_after_round_trip(member) for member in value}
    if isinstance(value, list):
        return [expected_after_round_trip(element) for element in value]
    if isinstance(value, dict):
        return {k: expected_after_round_trip(v) for k, v in value.items()}
    return value


def read_all(table: Any, keys: list[str]) -> list[dict[str, Any]]:
    """The items stored under these keys, read with BatchGetItem (this suite avoids Scan).

    The resource's client serialises and deserialises plain Python values itself.
    """
    response = table.meta.client.batch_get_item(
        RequestItems={table.name: {"Keys": [{"pk": k} for k in keys], "ConsistentRead": True}}
    )
    items: list[dict[str, Any]] = response["Responses"][table.name]
    return items


@pytest.fixture
def table_resource(resource: Any, table: str) -> Any:
    return resource.Table(table)


@pytest.mark.parametrize("name", list(PYTHON_VALUES))
def test_put_get_round_trip(table_resource: Any, name: str) -> None:
    value = PYTHON_VALUES[name]
    table_resource.put_item(Item={"pk": "k", "v": value})
    item = table_resource.get_item(Key={"pk": "k"}, ConsistentRead=True)["Item"]
    assert item == {"pk": "k", "v": expected_after_round_trip(value)}


def test_whole_item_round_trip(table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k", **PYTHON_VALUES})
    item = table_resource.get_item(Key={"pk": "k"})["Item"]
    assert item == expected_after_round_trip({"pk": "k", **PYTHON_VALUES})


def test_numbers_come_back_as_decimals(table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k", "n": 10, "f": Decimal("2.50")})
    item = table_resource.get_item(Key={"pk": "k"})["Item"]
    assert isinstance(item["n"], Decimal)
    assert item["n"] == Decimal(10)
    assert item["f"] == Decimal("2.5")


@pytest.mark.moto_differs(reason="moto stores numbers as sent")
def test_number_text_is_canonical(table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k", "f": Decimal("2.50"), "e": Decimal("1E+3")})
    item = table_resource.get_item(Key={"pk": "k"})["Item"]
    assert str(item["f"]) == "2.5"
    assert str(item["e"]) == "1000"


@pytest.mark.moto_differs(reason="moto returns the number as sent, 1E+125")
def test_numbers_longer_than_38_digits_in_plain_form_fail_to_deserialize(
    table_resource: Any,
) -> None:
    # The service stores 1E+125 and answers "1" followed by 125 zeros; boto3's deserializer
    # (38-digit context trapping Rounded, boto/boto3#2500) then refuses to read it back.
    table_resource.put_item(Item={"pk": "k", "n": Decimal("1E+125")})
    with pytest.raises(decimal.Rounded):
        table_resource.get_item(Key={"pk": "k"})


def test_get_missing_item(table_resource: Any) -> None:
    assert "Item" not in table_resource.get_item(Key={"pk": "nope"})


def test_delete_item_all_old(table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k", "n": 1})
    response = table_resource.delete_item(Key={"pk": "k"}, ReturnValues="ALL_OLD")
    assert response["Attributes"] == {"pk": "k", "n": Decimal(1)}
    assert "Item" not in table_resource.get_item(Key={"pk": "k"}, ConsistentRead=True)


def test_put_item_all_old(table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k", "n": 1})
    response = table_resource.put_item(Item={"pk": "k", "n": 2}, ReturnValues="ALL_OLD")
    assert response["Attributes"] == {"pk": "k", "n": Decimal(1)}


def test_serializer_refuses_floats(table_resource: Any) -> None:
    with pytest.raises(TypeError, match="Float types are not supported"):
        table_resource.put_item(Item={"pk": "k", "f": 1.5})


def test_serializer_refuses_39_digit_decimals(table_resource: Any) -> None:
    with pytest.raises(decimal.Inexact):
        table_resource.put_item(Item={"pk": "k", "d": Decimal("1." + "1" * 38)})


def test_empty_python_set_reaches_the_service_as_empty_number_set(table_resource: Any) -> None:
    # boto3 serialises set() as {"NS": []}; the service then refuses the empty set.
    with pytest.raises(ClientError) as info:
        table_resource.put_item(Item={"pk": "k", "s": set()})
    assert info.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "One or more parameter values were invalid: An number set  may not be empty",
    }


def test_table_attributes(client: Any, resource: Any, make_table: TableFactory) -> None:
    name = make_table(range=("sk", "N"))
    table = resource.Table(name)
    table.load()
    assert table.table_name == name
    assert table.table_status == "ACTIVE"
    assert table.key_schema == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert table.item_count == 0
    assert table.table_arn == client.describe_table(TableName=name)["Table"]["TableArn"]


def test_resource_create_table(resource: Any) -> None:
    name = unique_table_name()
    table = resource.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )
    table.meta.client.get_waiter("table_exists").wait(TableName=name, WaiterConfig=PROMPT)
    table.put_item(Item={"id": 1})
    assert table.get_item(Key={"id": 1})["Item"] == {"id": Decimal(1)}
    table.delete()


def test_resource_lists_tables(resource: Any, make_table: TableFactory) -> None:
    names = {make_table(), make_table()}
    assert {table.name for table in resource.tables.all()} == names


# --- batch_writer --------------------------------------------------------------------------------


def test_batch_writer_puts_more_than_one_batch(table_resource: Any) -> None:
    with table_resource.batch_writer() as batch:
        for i in range(60):
            batch.put_item(Item={"pk": f"k{i:02}", "n": i})
    items = read_all(table_resource, [f"k{i:02}" for i in range(60)])
    assert sorted((item["pk"], item["n"]) for item in items) == [
        (f"k{i:02}", Decimal(i)) for i in range(60)
    ]


def test_batch_writer_deletes(table_resource: Any) -> None:
    for i in range(5):
        table_resource.put_item(Item={"pk": f"k{i}"})
    with table_resource.batch_writer() as batch:
        for i in range(3):
            batch.delete_item(Key={"pk": f"k{i}"})
    items = read_all(table_resource, [f"k{i}" for i in range(5)])
    assert sorted(item["pk"] for item in items) == ["k3", "k4"]


@pytest.mark.moto_differs(reason="moto accepts the same key twice in one BatchWriteItem")
def test_batch_writer_rejects_duplicates_in_one_batch(table_resource: Any) -> None:
    # Without overwrite_by_pkeys, the same key twice in one flush is a service error.
    def write_twice() -> None:
        with table_resource.batch_writer() as batch:
            batch.put_item(Item={"pk": "same", "v": 1})
            batch.put_item(Item={"pk": "same", "v": 2})

    with pytest.raises(ClientError) as info:
        write_twice()
    assert info.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Provided list of item keys contains duplicates",
    }


def test_batch_writer_overwrite_by_pkeys_keeps_the_last(table_resource: Any) -> None:
    with table_resource.batch_writer(overwrite_by_pkeys=["pk"]) as batch:
        batch.put_item(Item={"pk": "same", "v": 1})
        batch.put_item(Item={"pk": "same", "v": 2})
    assert read_all(table_resource, ["same"]) == [{"pk": "same", "v": Decimal(2)}]


# --- modeled exceptions --------------------------------------------------------------------------


def test_resource_not_found_is_catchable_as_a_class(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.describe_table(TableName=unique_table_name())
    assert isinstance(info.value, ClientError)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_resource_not_found_on_data_operations(resource: Any) -> None:
    table = resource.Table(unique_table_name())
    with pytest.raises(table.meta.client.exceptions.ResourceNotFoundException) as info:
        table.get_item(Key={"pk": "a"})
    assert info.value.response["Error"]["Message"] == "Requested resource not found"


def test_resource_in_use_is_catchable_as_a_class(client: Any, make_table: TableFactory) -> None:
    name = make_table()
    with pytest.raises(client.exceptions.ResourceInUseException):
        make_table(name=name)


def test_conditional_check_failed_is_catchable_as_a_class(client: Any, table_resource: Any) -> None:
    table_resource.put_item(Item={"pk": "k"})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as info:
        table_resource.put_item(Item={"pk": "k"}, ConditionExpression="attribute_not_exists(pk)")
    assert info.value.response["Error"]["Message"] == "The conditional request failed"


def test_validation_errors_are_plain_client_errors(client: Any, table: str) -> None:
    # ValidationException is not a modeled shape, so botocore raises the generic class.
    with pytest.raises(ClientError) as info:
        client.put_item(TableName=table, Item={"other": {"S": "x"}})
    assert type(info.value) is ClientError
    assert info.value.response["Error"]["Code"] == "ValidationException"


# --- waiters -------------------------------------------------------------------------------------


def test_table_exists_waiter_returns_at_once(client: Any) -> None:
    name = unique_table_name()
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig=PROMPT)
    client.delete_table(TableName=name)


def test_table_not_exists_waiter_returns_at_once(client: Any, table: str) -> None:
    client.delete_table(TableName=table)
    client.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig=PROMPT)


def test_table_not_exists_waiter_for_a_table_never_created(client: Any) -> None:
    client.get_waiter("table_not_exists").wait(TableName=unique_table_name(), WaiterConfig=PROMPT)


def test_table_exists_waiter_fails_for_a_missing_table(client: Any) -> None:
    with pytest.raises(WaiterError):
        client.get_waiter("table_exists").wait(TableName=unique_table_name(), WaiterConfig=PROMPT)


def test_resource_wait_until_exists(resource: Any, table: str) -> None:
    # The first poll happens before any sleep, so a settled table returns immediately.
    resource.Table(table).wait_until_exists()
