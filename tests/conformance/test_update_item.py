"""UpdateItem semantics: upsert, key attributes, ReturnValues NONE / ALL_OLD / UPDATED_OLD /
ALL_NEW / UPDATED_NEW (top-level and nested), the item size after the update,
ReturnValuesOnConditionCheckFailure, and consumed capacity.

Sources: dynamodb-behaviour.md 2.6, 2.7, 4.4, 4.10 and 7.1; the facts come from scylladb
alternator's test_returnvalues.py, test_update_expression.py and test_item.py and from dynalite's
test/updateItem.js (all checked against the real service).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    MAX_ITEM_BYTES,
    TableFactory,
    assert_condition_fails,
    assert_invalid,
    placeholders_used,
    plain,
    read_item,
    wire_item,
)

pytestmark = pytest.mark.expressions

KEY = {"pk": "k"}
INVALID = "One or more parameter values were invalid: "
VALUES: dict[str, Any] = {
    ":one": 1,
    ":two": 2,
    ":dog": "dog",
    ":cat": "cat",
    ":hi": "hi",
    ":yo": "yo",
    ":seven": 7,
    ":seventy": 70,
    ":ss": {"x"},
}


def update(client: Any, table: str, expression: str | None = None, **params: Any) -> Any:
    request: dict[str, Any] = {"TableName": table, "Key": wire_item(KEY), **params}
    if expression is not None:
        request["UpdateExpression"] = expression
        values = placeholders_used(VALUES, expression)
        if values:
            request["ExpressionAttributeValues"] = wire_item(values)
    return client.update_item(**request)


def attributes(response: dict[str, Any]) -> dict[str, Any] | None:
    return plain(response["Attributes"]) if "Attributes" in response else None


# --- upsert ----------------------------------------------------------------------------------


def test_update_creates_a_missing_item(client: Any, table: str) -> None:
    update(client, table, "SET a = :one")
    assert read_item(client, table, KEY) == {"pk": "k", "a": 1}


def test_update_merges_into_the_existing_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=wire_item({"pk": "k", "a": "hi"}))
    update(client, table, "SET b = :dog")
    assert read_item(client, table, KEY) == {"pk": "k", "a": "hi", "b": "dog"}


@pytest.mark.moto_differs(reason="moto requires an update")
def test_update_without_any_update_creates_just_the_key(client: Any, table: str) -> None:
    response = update(client, table)
    assert attributes(response) is None
    assert read_item(client, table, KEY) == {"pk": "k"}


@pytest.mark.moto_differs(reason="moto creates the item")
def test_remove_only_update_of_a_missing_item_creates_nothing(client: Any, table: str) -> None:
    response = update(client, table, "REMOVE a", ReturnValues="ALL_NEW")
    assert attributes(response) is None
    assert read_item(client, table, KEY) is None


@pytest.mark.moto_differs(reason="moto refuses key attributes on the right-hand side")
def test_key_attributes_can_be_read(client: Any, make_table: TableFactory) -> None:
    table = make_table(range=("sk", "N"))
    key = wire_item({"pk": "p", "sk": 7})
    client.update_item(TableName=table, Key=key, UpdateExpression="SET c = pk, d = sk + sk")
    item = read_item(client, table, {"pk": "p", "sk": 7})
    assert item == {"pk": "p", "sk": 7, "c": "p", "d": 14}


# --- key attributes --------------------------------------------------------------------------


def cannot_update(name: str) -> str:
    return f"{INVALID}Cannot update attribute {name}. This attribute is part of the key"


@pytest.mark.parametrize(
    ("expression", "name"),
    [
        ("SET pk = :dog", "pk"),
        ("SET #key = :dog", "pk"),
        ("REMOVE pk", "pk"),
        ("ADD pk :one", "pk"),
        ("DELETE pk :ss", "pk"),
        ("SET a = :one, pk = :dog", "pk"),
        ("ADD pk.x :one", "pk"),
        ("SET sk = :one", "sk"),
        ("REMOVE a SET sk = :two", "sk"),
    ],
)
def test_key_attributes_cannot_be_updated(
    client: Any, make_table: TableFactory, expression: str, name: str
) -> None:
    table = make_table(range=("sk", "N"))
    params: dict[str, Any] = {
        "TableName": table,
        "Key": wire_item({"pk": "p", "sk": 7}),
        "UpdateExpression": expression,
    }
    if "#key" in expression:
        params["ExpressionAttributeNames"] = {"#key": "pk"}
    values = placeholders_used(VALUES, expression)
    if values:
        params["ExpressionAttributeValues"] = wire_item(values)
    assert_invalid(cannot_update(name), client.update_item, **params)
    assert read_item(client, table, {"pk": "p", "sk": 7}) is None


# --- ReturnValues ----------------------------------------------------------------------------


MOTO_RETURN = pytest.mark.moto_differs(reason="moto's ReturnValues differ here")


def rv(
    stored: dict[str, Any] | None,
    expression: str,
    return_values: str | None,
    expected: dict[str, Any] | None,
    *marks: Any,
) -> Any:
    label = f"{return_values or 'default'}: {expression}" + ("" if stored else " (no item)")
    return pytest.param(stored, expression, return_values, expected, id=label, marks=marks)


TWO = {"a": "hi", "b": "dog"}


@pytest.mark.parametrize(
    ("stored", "expression", "return_values", "expected"),
    [
        rv(TWO, "SET b = :cat", None, None),
        rv(TWO, "SET b = :cat", "NONE", None),
        rv(TWO, "SET b = :cat", "ALL_OLD", {"pk": "k", **TWO}),
        rv(None, "SET b = :cat", "ALL_OLD", None),
        rv(TWO, "SET b = :cat, c = :hi", "UPDATED_OLD", {"b": "dog"}),
        # Writing the same value again still counts as an update.
        rv({"b": "cat"}, "SET b = :cat", "UPDATED_OLD", {"b": "cat"}, MOTO_RETURN),
        rv({"b": "cat"}, "REMOVE b", "UPDATED_OLD", {"b": "cat"}),
        rv({"a": "hi"}, "SET b = :cat", "UPDATED_OLD", None),  # nothing existed before
        rv({"b": "cat", "d": "x"}, "SET b = :dog, d = :hi", "UPDATED_OLD", {"b": "cat", "d": "x"}),
        rv({"b": "cat"}, "SET b = :dog, e = :hi", "UPDATED_OLD", {"b": "cat"}),
        rv(TWO, "SET b = :cat", "ALL_NEW", {"pk": "k", "a": "hi", "b": "cat"}),
        rv(TWO, "REMOVE b", "ALL_NEW", {"pk": "k", "a": "hi"}),
        rv(None, "SET b = :cat", "ALL_NEW", {"pk": "k", "b": "cat"}),
        rv(TWO, "SET b = :cat, c = :hi", "UPDATED_NEW", {"b": "cat", "c": "hi"}),
        rv({"b": "dog"}, "REMOVE b", "UPDATED_NEW", None, MOTO_RETURN),  # removals: not returned
        rv(
            {"b": "dog", "c": 1},
            "SET a = :dog, b = :hi REMOVE c",
            "UPDATED_NEW",
            {"a": "dog", "b": "hi"},
        ),
        rv({"a": 1}, "SET a = a + :one", "UPDATED_NEW", {"a": 2}),
        rv({"a": 1}, "ADD a :one, n :seven", "UPDATED_NEW", {"a": 2, "n": 7}),
        # A newly created item's key is not one of the updated attributes.
        rv(None, "SET a = :one", "UPDATED_NEW", {"a": 1}, MOTO_RETURN),
        rv({"ss": {"x", "y"}}, "DELETE ss :ss", "UPDATED_OLD", {"ss": {"x", "y"}}),
        rv({"ss": {"x", "y"}}, "DELETE ss :ss", "UPDATED_NEW", {"ss": {"y"}}),
    ],
)
def test_return_values(  # noqa: PLR0917
    client: Any,
    table: str,
    stored: dict[str, Any] | None,
    expression: str,
    return_values: str | None,
    expected: dict[str, Any] | None,
) -> None:
    if stored is not None:
        client.put_item(TableName=table, Item=wire_item({**KEY, **stored}))
    extra = {"ReturnValues": return_values} if return_values else {}
    assert attributes(update(client, table, expression, **extra)) == expected


NESTED = {"pk": "k", "a": {"b": "dog", "c": [1, 2, 3]}, "d": "cat"}
MOTO_NESTED = pytest.mark.moto_differs(reason="moto returns whole top-level attributes")


@pytest.mark.parametrize(
    ("expression", "return_values", "expected"),
    [
        ("SET a.b = :hi", "ALL_OLD", NESTED),
        pytest.param("SET a.b = :hi", "UPDATED_OLD", {"a": {"b": "dog"}}, marks=MOTO_NESTED),
        pytest.param("SET a.c[1] = :seven", "UPDATED_OLD", {"a": {"c": [2]}}, marks=MOTO_NESTED),
        pytest.param(
            "SET a.c[1] = :seven, a.b = :yo",
            "UPDATED_OLD",
            {"a": {"b": "dog", "c": [2]}},
            marks=MOTO_NESTED,
        ),
        ("SET a.b = :hi", "UPDATED_NEW", {"a": {"b": "hi"}}),
        pytest.param("SET a.c[1] = :seven", "UPDATED_NEW", {"a": {"c": [7]}}, marks=MOTO_NESTED),
        pytest.param(
            "SET a.c[1] = :seven, a.b = :yo",
            "UPDATED_NEW",
            {"a": {"b": "yo", "c": [7]}},
            marks=MOTO_NESTED,
        ),
        ("SET a.c[1] = :seven", "ALL_NEW", {**NESTED, "a": {"b": "dog", "c": [1, 7, 3]}}),
        pytest.param(
            "REMOVE a.c[1], a.c[5]", "UPDATED_OLD", {"a": {"c": [2]}}, marks=MOTO_NESTED
        ),  # a.c[5] did not exist
        pytest.param("SET a.x = :one", "UPDATED_OLD", None, marks=MOTO_NESTED),
        ("SET a.x = :one", "UPDATED_NEW", {"a": {"x": 1}}),
        # Appending past the end returns nothing: the new element is not at index 100.
        pytest.param("SET a.c[100] = :seventy", "UPDATED_NEW", None, marks=MOTO_NESTED),
        # After REMOVE a.c[1] the new a.c[1] is the shifted element, and it is returned.
        pytest.param("REMOVE a.c[1]", "UPDATED_NEW", {"a": {"c": [3]}}, marks=MOTO_NESTED),
    ],
)
def test_return_values_of_nested_updates(
    client: Any, table: str, expression: str, return_values: str, expected: Any
) -> None:
    client.put_item(TableName=table, Item=wire_item(NESTED))
    response = update(client, table, expression, ReturnValues=return_values)
    assert attributes(response) == expected


@pytest.mark.moto_differs(reason="moto does not return updated list elements like the service")
def test_updated_new_of_several_list_indexes(client: Any, table: str) -> None:
    # dynalite's capture: the indexes are looked up again in the new list.
    client.put_item(
        TableName=table, Item=wire_item({"pk": "k", "b": {"a": 1, "b": 2, "c": 3}, "c": [1, 3]})
    )
    response = client.update_item(
        TableName=table,
        Key=wire_item(KEY),
        UpdateExpression="set b.c=((c[1])+(b.a)),b.a = pk,c[1] = pk, c[4] = b.a - b.b, "
        "c[2] = b.c add c[8] :b, c[6] :a",
        ExpressionAttributeValues=wire_item({":a": 2, ":b": {"a"}}),
        ReturnValues="UPDATED_NEW",
    )
    assert attributes(response) == {"b": {"a": "k", "c": 4}, "c": ["k", 3, 2]}
    assert read_item(client, table, KEY) == {
        "pk": "k",
        "b": {"a": "k", "b": 2, "c": 4},
        "c": [1, "k", 3, -1, 2, {"a"}],
    }


@pytest.mark.parametrize(
    ("stored", "return_values", "expected"),
    [
        (False, "UPDATED_OLD", None),
        pytest.param(False, "UPDATED_NEW", None, marks=MOTO_RETURN),
        (False, "ALL_NEW", {"pk": "k"}),
        (True, "ALL_NEW", {"pk": "k", "a": "hi"}),
        pytest.param(True, "UPDATED_NEW", None, marks=MOTO_RETURN),
        (True, "ALL_OLD", {"pk": "k", "a": "hi"}),
    ],
)
def test_return_values_of_an_empty_attribute_updates(
    client: Any, table: str, stored: bool, return_values: str, expected: Any
) -> None:
    if stored:
        client.put_item(TableName=table, Item=wire_item({"pk": "k", "a": "hi"}))
    response = update(client, table, AttributeUpdates={}, ReturnValues=return_values)
    assert attributes(response) == expected


@pytest.mark.parametrize("value", ["DOG", "none", "ALL"])
@pytest.mark.moto_differs(reason="moto's message differs")
def test_invalid_return_values(client: Any, table: str, value: str) -> None:
    assert_invalid(
        f"1 validation error detected: Value '{value}' at 'returnValues' failed to satisfy "
        "constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, "
        "UPDATED_NEW]",
        lambda: update(client, table, "SET a = :one", ReturnValues=value),
    )


# --- item size after the update --------------------------------------------------------------

BASE_BYTES = len("pk") + len("k") + len("b")


def near_limit_item(spare: int) -> dict[str, Any]:
    """An item ``spare`` bytes below the 400 KB limit."""
    return {"pk": "k", "b": "x" * (MAX_ITEM_BYTES - BASE_BYTES - spare)}


@pytest.mark.moto_differs(reason="moto's item size accounting differs")
def test_update_may_fill_the_item_exactly(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=wire_item(near_limit_item(100)))
    update(client, table, "SET c = :s", ExpressionAttributeValues={":s": {"S": "y" * 99}})
    item = read_item(client, table, KEY)
    assert item is not None
    assert len(item["c"]) == 99


@pytest.mark.moto_differs(reason="moto's message differs")
def test_update_beyond_the_item_size_limit(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=wire_item(near_limit_item(100)))
    assert_invalid(
        "Item size to update has exceeded the maximum allowed size",
        lambda: update(
            client, table, "SET c = :s", ExpressionAttributeValues={":s": {"S": "y" * 100}}
        ),
    )
    assert "c" not in (read_item(client, table, KEY) or {})


@pytest.mark.moto_differs(reason="moto's message differs")
def test_attribute_updates_beyond_the_item_size_limit(client: Any, table: str) -> None:
    assert_invalid(
        "Item size to update has exceeded the maximum allowed size",
        lambda: update(
            client,
            table,
            AttributeUpdates={
                "b": {"Action": "PUT", "Value": {"S": "a" * (MAX_ITEM_BYTES - 1)}},
                "c": {"Action": "PUT", "Value": {"N": "1" * 38 + "0" * 88}},
            },
        ),
    )


# --- ReturnValuesOnConditionCheckFailure -----------------------------------------------------


def test_condition_failure_returns_the_old_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=wire_item({"pk": "k", "a": 1, "m": {"x": [1]}}))
    error = assert_condition_fails(
        client.update_item,
        TableName=table,
        Key=wire_item(KEY),
        UpdateExpression="SET a = :two",
        ConditionExpression="a = :two",
        ExpressionAttributeValues=wire_item({":two": 2}),
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert error.response["Item"] == wire_item({"pk": "k", "a": 1, "m": {"x": [1]}})
    assert read_item(client, table, KEY) == {"pk": "k", "a": 1, "m": {"x": [1]}}


@pytest.mark.moto_differs(reason="moto omits the item for a failed Expected")
def test_condition_failure_with_legacy_expected_returns_the_old_item(
    client: Any, table: str
) -> None:
    client.put_item(TableName=table, Item=wire_item({"pk": "k", "a": 1}))
    error = assert_condition_fails(
        client.update_item,
        TableName=table,
        Key=wire_item(KEY),
        AttributeUpdates={"a": {"Action": "PUT", "Value": {"N": "2"}}},
        Expected={"a": {"Value": {"N": "2"}}},
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert plain(error.response["Item"]) == {"pk": "k", "a": 1}


# --- consumed capacity -----------------------------------------------------------------------


def sized(total_bytes: int) -> dict[str, Any]:
    """An item of exactly ``total_bytes`` (pk "k" plus attribute "b")."""
    return {"pk": "k", "b": "x" * (total_bytes - BASE_BYTES)}


@pytest.mark.parametrize(
    ("stored_bytes", "added", "units"),
    [
        (None, 10, 1.0),  # creating a small item
        (1000, 10, 1.0),  # 1010 bytes before and after: one unit
        (1020, 10, 2.0),  # grows past 1 KB: the larger size counts
        (3000, 0, 3.0),  # an update that adds nothing is charged by the item size
    ],
    ids=["create", "small", "grows", "unchanged-size"],
)
@pytest.mark.moto_differs(reason="moto charges 1 unit per write whatever the size")
def test_consumed_capacity(
    client: Any, table: str, stored_bytes: int | None, added: int, units: float
) -> None:
    if stored_bytes is not None:
        client.put_item(TableName=table, Item=wire_item(sized(stored_bytes)))
    if added:
        # Attribute "c" plus a value of added - 1 characters: exactly `added` bytes.
        response = update(
            client,
            table,
            "SET c = :v",
            ExpressionAttributeValues={":v": {"S": "z" * (added - 1)}},
            ReturnConsumedCapacity="TOTAL",
        )
    else:
        response = update(client, table, "REMOVE gone", ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": units}


@pytest.mark.moto_differs(reason="moto charges 0.5 units and omits Table")
def test_consumed_capacity_indexes(client: Any, table: str) -> None:
    response = update(client, table, "SET a = :one", ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 1.0,
        "Table": {"CapacityUnits": 1.0},
    }
