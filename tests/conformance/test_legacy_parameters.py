"""The pre-expression parameters: Expected (with ConditionalOperator), AttributeUpdates
(PUT/ADD/DELETE) and AttributesToGet, and mixing them with expression parameters.

Sources: dynamodb-behaviour.md 4.4 and 5.6; the facts come from scylladb alternator's
test_expected.py and test_projection_expression.py and from dynalite's test/putItem.js,
test/updateItem.js, test/deleteItem.js and test/scan.js (all checked against the real service).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    ExpectedMessage,
    MessagePrefix,
    Raw,
    assert_condition_fails,
    assert_invalid,
    code_and_message,
    expect_error,
    plain,
    read_item,
    wire,
    wire_item,
)

pytestmark = pytest.mark.expressions

INVALID = "One or more parameter values were invalid: "
ITEM: dict[str, Any] = {
    "pk": "k",
    "n": 5,
    "s": "hello",
    "b": b"hi there",
    "t": True,
    "nul": None,
    "ss": Raw({"SS": ["cat", "dog"]}),
    "ns": Raw({"NS": ["1", "2"]}),
    "l": [1, "two"],
    "m": {"x": 1},
    "a.b": "dot",
}
MOTO_MESSAGE = "moto's message differs"
MOTO_LEGACY = "moto does not validate Expected like the service"
MOTO_TYPES = "moto raises an internal error comparing values of different types"
MOTO_BINARY = "moto handles CONTAINS and BEGINS_WITH on strings only"
MOTO_BOOL = "moto stores a BOOL false sent through AttributeUpdates as the string 'False'"


@pytest.fixture
def stored(client: Any, table: str) -> str:
    client.put_item(TableName=table, Item=wire_item(ITEM))
    return table


def op(operator: str, *values: Any) -> dict[str, Any]:
    return {"ComparisonOperator": operator, "AttributeValueList": [wire(v) for v in values]}


def expected_case(
    attribute: str, condition: dict[str, Any], outcome: bool | ExpectedMessage, moto: str = ""
) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    label = condition.get("ComparisonOperator") or ",".join(sorted(condition))
    shown = list(condition.get("AttributeValueList", []))
    if "Value" in condition:
        shown.append(condition["Value"])
    values = [":".join(map(str, next(iter(value.items())))) for value in shown]
    return pytest.param(
        attribute,
        condition,
        outcome,
        id=f"{attribute} {label} {' '.join(values)}".strip(),
        marks=marks,
    )


EXPECTED = [
    expected_case("n", {"Value": wire(5)}, True),
    expected_case("n", {"Value": wire(6)}, False),
    expected_case("gone", {"Value": wire(5)}, False),
    expected_case("n", {"Value": wire(5), "Exists": True}, True),
    expected_case(
        "n",
        {"Value": wire(6), "Exists": True},
        False,
        "moto reads Exists: true as an existence test only",
    ),
    expected_case("gone", {"Exists": False}, True),
    expected_case("n", {"Exists": False}, False),
    expected_case("nul", {"Exists": False}, False),  # a NULL value exists
    expected_case("n", op("EQ", 5), True),
    expected_case("n", op("EQ", 6), False),
    expected_case("n", op("EQ", "5"), False),  # another type: false, not an error
    expected_case("ss", op("EQ", Raw({"SS": ["dog", "cat"]})), True),
    expected_case("n", op("NE", 6), True),
    expected_case("n", op("NE", 5), False),
    expected_case("n", op("NE", "5"), True),
    expected_case("gone", op("NE", 5), True),
    expected_case("n", op("LT", 6), True),
    expected_case("n", op("LT", 5), False),
    expected_case("n", op("LT", "6"), False, MOTO_TYPES),
    expected_case("n", op("LE", 5), True),
    expected_case("s", op("LE", "help"), True),
    expected_case("b", op("LE", b"hi"), False),
    expected_case("n", op("GT", 4), True),
    expected_case("s", op("GT", "help"), False),
    expected_case("n", op("GE", 5), True),
    expected_case("gone", op("GE", 5), False),
    expected_case("n", op("NOT_NULL"), True),
    expected_case("nul", op("NOT_NULL"), True),
    expected_case("gone", op("NOT_NULL"), False),
    expected_case("gone", op("NULL"), True),
    expected_case("nul", op("NULL"), False),
    expected_case("s", op("CONTAINS", "ell"), True),
    expected_case("s", op("CONTAINS", "dog"), False),
    expected_case("ss", op("CONTAINS", "dog"), True),
    expected_case("ns", op("CONTAINS", 2), True),
    expected_case("ns", op("CONTAINS", 3), False),
    expected_case("b", op("CONTAINS", b"the"), True, MOTO_BINARY),
    expected_case("l", op("CONTAINS", "two"), True),
    expected_case("gone", op("CONTAINS", "a"), False),
    expected_case("s", op("NOT_CONTAINS", "dog"), True),
    expected_case("s", op("NOT_CONTAINS", "ell"), False),
    expected_case("ss", op("NOT_CONTAINS", "bird"), True),
    expected_case("s", op("BEGINS_WITH", "hell"), True),
    expected_case("s", op("BEGINS_WITH", "dog"), False),
    expected_case("b", op("BEGINS_WITH", b"hi"), True, MOTO_BINARY),
    expected_case("n", op("BEGINS_WITH", "5"), False),
    expected_case("n", op("IN", 1, 5, 9), True),
    expected_case("n", op("IN", 1, 9), False),
    expected_case("ns", op("IN", 1), False),  # IN tests the attribute, not its members
    expected_case("n", op("BETWEEN", 1, 5), True),
    expected_case("n", op("BETWEEN", 6, 9), False),
    expected_case("s", op("BETWEEN", "a", "z"), True),
    expected_case("gone", op("BETWEEN", 1, 9), False),
    expected_case("a.b", {"Value": wire("dot")}, True),  # a name, never a path
]

VALUE_A = {"Value": {"S": "a"}}

EXPECTED_ERRORS = [
    expected_case("a", {}, INVALID + "Value must be provided when Exists is null for Attribute: a"),
    expected_case(
        "a",
        {"Exists": True},
        INVALID + "Value must be provided when Exists is true for Attribute: a",
    ),
    expected_case(
        "a",
        {"Exists": False, **VALUE_A},
        INVALID + "Value cannot be used when Exists is false for Attribute: a",
    ),
    expected_case(
        "a",
        {"ComparisonOperator": "LT"},
        INVALID + "Value or AttributeValueList must be used with ComparisonOperator: LT for "
        "Attribute: a",
    ),
    expected_case(
        "a",
        {"Exists": True, "ComparisonOperator": "LT"},
        INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: a",
    ),
    expected_case(
        "a",
        {"AttributeValueList": [{"S": "a"}]},
        INVALID + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a",
    ),
    expected_case(
        "a",
        {"Exists": True, "AttributeValueList": [{"S": "a"}]},
        INVALID + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a",
    ),
    expected_case(
        "a",
        {**op("LT", "a"), **VALUE_A},
        INVALID + "Value and AttributeValueList cannot be used together for Attribute: a",
    ),
    *[
        expected_case(
            "a",
            condition,
            f"{INVALID}Invalid number of argument(s) for the {operator} ComparisonOperator",
        )
        for operator, condition in [
            ("EQ", op("EQ")),
            ("EQ", op("EQ", 2, 3)),
            ("NULL", op("NULL", "a")),
            ("IN", op("IN")),
            ("BETWEEN", op("BETWEEN", 1, 2, 3)),
            ("BETWEEN", {"ComparisonOperator": "BETWEEN", **VALUE_A}),
            ("NULL", {"ComparisonOperator": "NULL", **VALUE_A}),
        ]
    ],
    expected_case(
        "a",
        op("IN", "b", 1),
        INVALID + "AttributeValues inside AttributeValueList must be of same type",
    ),
    expected_case(
        "a",
        op("BETWEEN", 1, "a"),
        INVALID + "AttributeValues inside AttributeValueList must be of same type",
    ),
    expected_case(
        "a",
        op("BETWEEN", "b", "a"),
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound",
    ),
    *[
        expected_case(
            "a",
            op(operator, value),
            f"{INVALID}ComparisonOperator {operator} is not valid for {type_name} AttributeValue "
            "type",
        )
        for operator, value, type_name in [
            ("GT", Raw({"SS": ["a"]}), "SS"),
            ("LT", [1], "L"),
            ("CONTAINS", Raw({"NS": ["1"]}), "NS"),
            ("CONTAINS", {"m": 1}, "M"),
            ("NOT_CONTAINS", [1], "L"),
            ("BEGINS_WITH", 3, "N"),
            ("BEGINS_WITH", True, "BOOL"),
        ]
    ],
]


@pytest.mark.parametrize(("attribute", "condition", "outcome"), EXPECTED)
def test_expected(
    client: Any, stored: str, attribute: str, condition: dict[str, Any], outcome: bool
) -> None:
    params = {"TableName": stored, "Item": wire_item(ITEM), "Expected": {attribute: condition}}
    if outcome:
        client.put_item(**params)
    else:
        assert_condition_fails(client.put_item, **params)


@pytest.mark.parametrize(("attribute", "condition", "outcome"), EXPECTED_ERRORS)
@pytest.mark.moto_differs(reason=MOTO_LEGACY)
def test_expected_error(
    client: Any, stored: str, attribute: str, condition: dict[str, Any], outcome: ExpectedMessage
) -> None:
    assert_invalid(
        outcome,
        client.put_item,
        TableName=stored,
        Item=wire_item(ITEM),
        Expected={attribute: condition},
    )


@pytest.mark.parametrize(
    ("conditional_operator", "conditions", "outcome"),
    [
        (None, {"n": {"Value": wire(5)}, "s": op("EQ", "hello"), "gone": {"Exists": False}}, True),
        ("AND", {"n": {"Value": wire(5)}, "s": op("EQ", "hello")}, True),
        ("AND", {"n": {"Value": wire(5)}, "s": op("EQ", "bye")}, False),
        (None, {"n": {"Value": wire(5)}, "s": op("EQ", "bye")}, False),
        pytest.param(
            "OR",
            {"n": {"Value": wire(9)}, "s": op("EQ", "hello")},
            True,
            marks=pytest.mark.moto_differs(reason="moto fails an OR whose first check is false"),
        ),
        ("OR", {"n": {"Value": wire(9)}, "s": op("EQ", "bye"), "t": {"Exists": False}}, False),
    ],
    ids=["default-and", "and-true", "and-false", "default-and-false", "or-true", "or-false"],
)
def test_conditional_operator(
    client: Any, stored: str, conditional_operator: str | None, conditions: Any, outcome: bool
) -> None:
    params: dict[str, Any] = {"TableName": stored, "Item": wire_item(ITEM), "Expected": conditions}
    if conditional_operator:
        params["ConditionalOperator"] = conditional_operator
    if outcome:
        client.put_item(**params)
    else:
        assert_condition_fails(client.put_item, **params)


def test_empty_expected_always_passes(client: Any, stored: str) -> None:
    client.put_item(TableName=stored, Item=wire_item({"pk": "k"}), Expected={})
    assert read_item(client, stored, {"pk": "k"}) == {"pk": "k"}


@pytest.mark.moto_differs(reason=MOTO_LEGACY)
def test_conditional_operator_needs_conditions(client: Any, stored: str) -> None:
    # The message names ConditionalOperator; its exact text is unconfirmed.
    error = expect_error(
        client.put_item,
        TableName=stored,
        Item=wire_item(ITEM),
        Expected={},
        ConditionalOperator="OR",
    )
    code, message = code_and_message(error)
    assert code == "ValidationException"
    assert "ConditionalOperator" in message


@pytest.mark.parametrize("operation", ["update_item", "delete_item"])
@pytest.mark.moto_differs(reason="moto fails on Expected without AttributeUpdates or value checks")
def test_expected_on_update_and_delete(client: Any, stored: str, operation: str) -> None:
    params: dict[str, Any] = {"TableName": stored, "Key": wire_item({"pk": "k"})}
    assert_condition_fails(getattr(client, operation), Expected={"n": {"Value": wire(6)}}, **params)
    getattr(client, operation)(Expected={"n": {"Value": wire(5)}}, **params)


# --- AttributeUpdates --------------------------------------------------------------------------

DELETED = object()
NO_VALUE = object()


def updates_case(
    updates: dict[str, Any], changes: dict[str, Any] | ExpectedMessage, moto: str = ""
) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    label = " ".join(
        f"{name}:{update.get('Action', 'PUT')}" for name, update in sorted(updates.items())
    )
    return pytest.param(updates, changes, id=label or "nothing", marks=marks)


def put_(value: Any) -> dict[str, Any]:
    return {"Action": "PUT", "Value": wire(value)}


def add(value: Any) -> dict[str, Any]:
    return {"Action": "ADD", "Value": wire(value)}


def delete(value: Any = NO_VALUE) -> dict[str, Any]:
    if value is NO_VALUE:
        return {"Action": "DELETE"}
    return {"Action": "DELETE", "Value": wire(value)}


MISMATCH = "Type mismatch for attribute to update"
MOTO_UPDATES = "moto does not validate AttributeUpdates like the service"

ATTRIBUTE_UPDATES = [
    updates_case({"c": {"Value": wire(1)}}, {"c": 1}),  # PUT is the default action
    updates_case({"n": put_("five")}, {"n": "five"}),
    updates_case({"c": put_(1), "d": put_([1, {"x": True}])}, {"c": 1, "d": [1, {"x": True}]}),
    updates_case({"s": delete()}, {"s": DELETED}),
    updates_case({"gone": delete()}, {}),
    updates_case({"ss": delete(Raw({"SS": ["cat"]}))}, {"ss": Raw({"SS": ["dog"]})}),
    updates_case(
        {"ss": delete(Raw({"SS": ["cat", "dog"]}))}, {"ss": DELETED}, "moto keeps an empty set"
    ),
    updates_case({"ns": delete(Raw({"NS": ["1", "9"]}))}, {"ns": Raw({"NS": ["2"]})}),
    updates_case({"n": add(3)}, {"n": 8}),
    updates_case({"c": add(3)}, {"c": 3}),
    updates_case(
        {"ss": add(Raw({"SS": ["cat", "eel"]}))}, {"ss": Raw({"SS": ["cat", "dog", "eel"]})}
    ),
    updates_case({"c": add(Raw({"NS": ["7"]}))}, {"c": Raw({"NS": ["7"]})}),
    # Unlike the expression ADD, the legacy ADD appends to lists.
    updates_case({"l": add([3])}, {"l": [1, "two", 3]}),
    updates_case({"c": add(["x"])}, {"c": ["x"]}),
    updates_case({"a.b": put_(1)}, {"a.b": 1}),  # names are never paths
    updates_case({}, {}),
    updates_case(
        {"n": {"Action": "PUT"}},
        INVALID + "Only DELETE action is allowed when no attribute value is specified",
        MOTO_UPDATES,
    ),
    updates_case(
        {"n": {"Action": "ADD"}},
        INVALID + "Only DELETE action is allowed when no attribute value is specified",
        MOTO_UPDATES,
    ),
    *[
        updates_case(
            {"c": delete(value)},
            f"{INVALID}DELETE action with value is not supported for the type {type_name}",
            MOTO_UPDATES,
        )
        for value, type_name in [
            ("1", "S"),
            (1, "N"),
            (b"a", "B"),
            (True, "BOOL"),
            (None, "NULL"),
            ({}, "M"),
            ([], "L"),
        ]
    ],
    *[
        updates_case(
            {"c": add(value)},
            f"{INVALID}ADD action is not supported for the type {type_name}",
            MOTO_UPDATES,
        )
        for value, type_name in [("1", "S"), (b"a", "B"), (True, "BOOL"), (None, "NULL"), ({}, "M")]
    ],
    updates_case({"ss": add(Raw({"NS": ["1"]}))}, MISMATCH, MOTO_UPDATES),
    updates_case({"ss": delete(Raw({"NS": ["1"]}))}, MISMATCH, MOTO_UPDATES),
    updates_case({"n": delete(Raw({"NS": ["1"]}))}, MISMATCH, MOTO_UPDATES),
    updates_case({"ns": add(1)}, MISMATCH, MOTO_UPDATES),
    updates_case({"s": add(1)}, MISMATCH, MOTO_UPDATES),
    updates_case(
        {"pk": put_("other")},
        INVALID + "Cannot update attribute pk. This attribute is part of the key",
        MOTO_MESSAGE,
    ),
]


@pytest.mark.parametrize(("updates", "changes"), ATTRIBUTE_UPDATES)
def test_attribute_updates(client: Any, stored: str, updates: dict[str, Any], changes: Any) -> None:
    params = {"TableName": stored, "Key": wire_item({"pk": "k"}), "AttributeUpdates": updates}
    if not isinstance(changes, dict):
        assert_invalid(changes, client.update_item, **params)
        assert read_item(client, stored, {"pk": "k"}) == plain(wire_item(ITEM))
        return
    client.update_item(**params)
    expected = plain(wire_item(ITEM))
    for name, value in changes.items():
        if value is DELETED:
            expected.pop(name)
        else:
            expected[name] = plain({name: wire(value)})[name]
    assert read_item(client, stored, {"pk": "k"}) == expected


def test_empty_attribute_updates_creates_the_key(client: Any, table: str) -> None:
    client.update_item(TableName=table, Key=wire_item({"pk": "k"}), AttributeUpdates={})
    assert read_item(client, table, {"pk": "k"}) == {"pk": "k"}


@pytest.mark.moto_differs(reason="moto does not apply DELETE and ADD like the service")
def test_attribute_updates_on_a_missing_item(client: Any, table: str) -> None:
    client.update_item(
        TableName=table,
        Key=wire_item({"pk": "k"}),
        AttributeUpdates={
            "b": delete(),
            "c": delete(Raw({"SS": ["a", "b"]})),
            "d": add(5),
            "e": add(Raw({"SS": ["a", "b"]})),
        },
    )
    assert read_item(client, table, {"pk": "k"}) == {"pk": "k", "d": 5, "e": {"a", "b"}}


@pytest.mark.moto_differs(reason=MOTO_BOOL)
def test_expected_with_attribute_updates(client: Any, stored: str) -> None:
    params: dict[str, Any] = {
        "TableName": stored,
        "Key": wire_item({"pk": "k"}),
        "AttributeUpdates": {"t": put_(False)},
    }
    assert_condition_fails(client.update_item, Expected={"t": {"Value": wire(False)}}, **params)
    client.update_item(Expected={"t": {"Value": wire(True)}}, ReturnValues="UPDATED_NEW", **params)
    assert read_item(client, stored, {"pk": "k"})["t"] is False  # type: ignore[index]


# --- AttributesToGet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["s"], {"s": "hello"}),
        (["s", "n", "gone"], {"s": "hello", "n": 5}),
        (["pk"], {"pk": "k"}),
        (["a.b"], {"a.b": "dot"}),  # a top-level name, not a path
        (["gone"], {}),
    ],
    ids=["one", "several", "key", "dotted", "missing"],
)
@pytest.mark.moto_differs(reason="moto ignores AttributesToGet in GetItem")
def test_attributes_to_get(
    client: Any, stored: str, names: list[str], expected: dict[str, Any]
) -> None:
    response = client.get_item(
        TableName=stored, Key=wire_item({"pk": "k"}), AttributesToGet=names, ConsistentRead=True
    )
    assert plain(response["Item"]) == expected


@pytest.mark.moto_differs(reason="moto accepts duplicate names")
def test_attributes_to_get_duplicates(client: Any, stored: str) -> None:
    assert_invalid(
        INVALID + "Duplicate value in attribute name: s",
        client.get_item,
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        AttributesToGet=["s", "n", "s"],
    )


def test_batch_get_item_attributes_to_get(client: Any, stored: str) -> None:
    response = client.batch_get_item(
        RequestItems={stored: {"Keys": [wire_item({"pk": "k"})], "AttributesToGet": ["n", "t"]}}
    )
    assert [plain(item) for item in response["Responses"][stored]] == [{"n": 5, "t": True}]


# --- mixing legacy and expression parameters -------------------------------------------------

BOTH = "Can not use both expression and non-expression parameters in the same request: "


@pytest.mark.parametrize(
    ("operation", "params", "message"),
    [
        (
            "put_item",
            {
                "Item": {"pk": {"S": "k"}},
                "Expected": {"n": {"Exists": False}},
                "ConditionExpression": "attribute_not_exists(n)",
            },
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ),
        (
            "delete_item",
            {
                "Key": {"pk": {"S": "k"}},
                "Expected": {"n": {"Exists": False}},
                "ConditionExpression": "attribute_not_exists(n)",
            },
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ),
        (
            "update_item",
            {
                "Key": {"pk": {"S": "k"}},
                "AttributeUpdates": {"a": {"Value": {"N": "1"}}},
                "ConditionExpression": "attribute_exists(n)",
            },
            "Non-expression parameters: {AttributeUpdates} Expression parameters: "
            "{ConditionExpression}",
        ),
        (
            "update_item",
            {
                "Key": {"pk": {"S": "k"}},
                "Expected": {"n": {"Exists": False}},
                "UpdateExpression": "REMOVE a",
            },
            "Non-expression parameters: {Expected} Expression parameters: {UpdateExpression}",
        ),
        (
            "update_item",
            {
                "Key": {"pk": {"S": "k"}},
                "Expected": {"n": {"Exists": False}},
                "AttributeUpdates": {"a": {"Value": {"N": "1"}}},
                "UpdateExpression": "REMOVE a",
                "ConditionExpression": "attribute_exists(n)",
            },
            "Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: "
            "{UpdateExpression, ConditionExpression}",
        ),
    ],
    ids=["put", "delete", "update-attribute-updates", "update-expected", "update-all"],
)
@pytest.mark.moto_differs(reason=MOTO_MESSAGE)
def test_mixing_legacy_and_expression_parameters(
    client: Any, stored: str, operation: str, params: dict[str, Any], message: str
) -> None:
    assert_invalid(BOTH + message, getattr(client, operation), TableName=stored, **params)


def test_mixing_attributes_to_get_and_projection(client: Any, stored: str) -> None:
    assert_invalid(
        BOTH + "Non-expression parameters: {AttributesToGet} Expression parameters: "
        "{ProjectionExpression}",
        client.get_item,
        TableName=stored,
        Key={"pk": {"S": "k"}},
        AttributesToGet=["s"],
        ProjectionExpression="n",
    )


@pytest.mark.moto_differs(reason=MOTO_MESSAGE)
def test_legacy_expected_with_expression_names(client: Any, stored: str) -> None:
    assert_invalid(
        MessagePrefix("ExpressionAttributeNames can only be specified when using expressions"),
        client.put_item,
        TableName=stored,
        Item=wire_item(ITEM),
        Expected={"n": {"Value": wire(5)}},
        ExpressionAttributeNames={"#n": "n"},
    )
