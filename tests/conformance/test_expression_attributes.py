"""ExpressionAttributeNames / ExpressionAttributeValues hygiene and the expression limits:
undefined, unused, empty and badly named placeholders, placeholders without expressions, invalid
values, reserved words, expression size, operator count, placeholder length and path depth.

Sources: dynamodb-behaviour.md 2.1, 5.1, 5.5 and Appendix A; the facts come from dynalite's
test/updateItem.js, test/deleteItem.js and test/scan.js and from scylladb alternator's
test_limits.py, test_update_expression.py and test_condition_expression.py (all checked against
the real service).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conformance_support import (
    MessagePrefix,
    assert_invalid,
    wire_item,
)

pytestmark = pytest.mark.expressions

CE = "Invalid ConditionExpression: "
UE = "Invalid UpdateExpression: "
PE = "Invalid ProjectionExpression: "
KEY = {"pk": {"S": "k"}}
ITEM = {"pk": {"S": "k"}, "n": {"N": "5"}, "n2": {"N": "7"}, "s": {"S": "hello"}}
MOTO_MESSAGE = "moto's message differs"
MOTO_HYGIENE = "moto does not check this placeholder rule"


@pytest.fixture
def stored(client: Any, table: str) -> str:
    client.put_item(TableName=table, Item=ITEM)
    return table


def put(client: Any, table: str, **params: Any) -> Any:
    return lambda: client.put_item(TableName=table, Item=ITEM, **params)


def update(client: Any, table: str, **params: Any) -> Any:
    return lambda: client.update_item(TableName=table, Key=KEY, **params)


def get(client: Any, table: str, **params: Any) -> Any:
    return lambda: client.get_item(TableName=table, Key=KEY, **params)


# --- empty maps and bad keys -----------------------------------------------------------------


@pytest.mark.moto_differs(reason=MOTO_HYGIENE)
def test_empty_names(client: Any, stored: str) -> None:
    assert_invalid(
        "ExpressionAttributeNames must not be empty",
        put(
            client,
            stored,
            ConditionExpression="n = :v",
            ExpressionAttributeNames={},
            ExpressionAttributeValues={":v": {"N": "5"}},
        ),
    )


@pytest.mark.moto_differs(reason=MOTO_HYGIENE)
def test_empty_values(client: Any, stored: str) -> None:
    assert_invalid(
        "ExpressionAttributeValues must not be empty",
        put(
            client, stored, ConditionExpression="attribute_exists(n)", ExpressionAttributeValues={}
        ),
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(
            "a",
            'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"',
            id="a",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
        # The message format beyond the prefix is confirmed for "a" only.
        pytest.param(
            "#",
            MessagePrefix("ExpressionAttributeNames contains invalid key: "),
            id="#",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
        pytest.param(
            "#a-b",
            MessagePrefix("ExpressionAttributeNames contains invalid key: "),
            id="#a-b",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
        pytest.param(
            ":a",
            MessagePrefix("ExpressionAttributeNames contains invalid key: "),
            id=":a",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
    ],
)
def test_invalid_name_key(client: Any, stored: str, key: str, expected: Any) -> None:
    assert_invalid(
        expected,
        put(
            client,
            stored,
            ConditionExpression="attribute_exists(#n)",
            ExpressionAttributeNames={"#n": "n", key: "s"},
        ),
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(
            "b",
            'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"',
            id="b",
        ),
        pytest.param(
            ":",
            MessagePrefix("ExpressionAttributeValues contains invalid key: "),
            id=":",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
        pytest.param(
            ":a!",
            MessagePrefix("ExpressionAttributeValues contains invalid key: "),
            id=":a!",
            marks=pytest.mark.moto_differs(reason=MOTO_HYGIENE),
        ),
        pytest.param(
            "#a",
            MessagePrefix("ExpressionAttributeValues contains invalid key: "),
            id="#a",
        ),
    ],
)
def test_invalid_value_key(client: Any, stored: str, key: str, expected: Any) -> None:
    assert_invalid(
        expected,
        put(
            client,
            stored,
            ConditionExpression="n = :v",
            ExpressionAttributeValues={":v": {"N": "5"}, key: {"N": "1"}},
        ),
    )


# --- undefined and unused placeholders -------------------------------------------------------


def undefined(operation: str, expression: str, placeholder: str, moto: bool = True) -> Any:
    prefix = {"put": CE, "update": UE, "get": PE}[operation]
    if placeholder.startswith("#"):
        detail = "An expression attribute name used in the document path is not defined; "
        detail += f"attribute name: {placeholder}"
    else:
        detail = "An expression attribute value used in expression is not defined; "
        detail += f"attribute value: {placeholder}"
    marks = [pytest.mark.moto_differs(reason=MOTO_HYGIENE)] if moto else []
    return pytest.param(
        operation, expression, prefix + detail, id=f"{operation}: {expression}", marks=marks
    )


@pytest.mark.parametrize(
    ("operation", "expression", "expected"),
    [
        undefined("put", "#gone = :v", "#gone"),
        undefined("put", "n = :gone", ":gone"),
        undefined("put", ":gone < :other", ":gone"),  # the first one is reported
        undefined("put", "attribute_exists(a.#gone)", "#gone"),
        undefined("update", "SET #gone = :v", "#gone"),
        undefined("update", "SET n = :gone", ":gone", moto=False),
        undefined("update", "SET n = if_not_exists(:gone)", ":gone"),  # before the arity
        undefined("get", "s, #gone", "#gone"),
    ],
)
def test_undefined_placeholder(
    client: Any, stored: str, operation: str, expression: str, expected: str
) -> None:
    values = {":v": {"N": "1"}} if ":v" in expression else {}
    extra = {"ExpressionAttributeValues": values} if values else {}
    if operation == "put":
        call = put(client, stored, ConditionExpression=expression, **extra)
    elif operation == "update":
        call = update(client, stored, UpdateExpression=expression, **extra)
    else:
        call = get(client, stored, ProjectionExpression=expression)
    assert_invalid(expected, call)


@pytest.mark.moto_differs(reason=MOTO_HYGIENE)
def test_undefined_name_is_reported_before_unused_values(client: Any, stored: str) -> None:
    assert_invalid(
        CE + "An expression attribute name used in the document path is not defined; attribute "
        "name: #gone",
        put(
            client,
            stored,
            ConditionExpression="#gone = :v",
            ExpressionAttributeValues={":v": {"N": "1"}, ":unused": {"N": "2"}},
        ),
    )


UNUSED_NAMES = "Value provided in ExpressionAttributeNames unused in expressions: keys: "
UNUSED_VALUES = "Value provided in ExpressionAttributeValues unused in expressions: keys: "


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        (
            "put",
            {
                "ConditionExpression": "#a = :v",
                "ExpressionAttributeNames": {"#a": "n", "#b": "s"},
                "ExpressionAttributeValues": {":v": {"N": "5"}},
            },
            UNUSED_NAMES + "{#b}",
        ),
        (
            "put",
            {
                "ConditionExpression": "n = :v",
                "ExpressionAttributeValues": {":v": {"N": "5"}, ":c": {"N": "1"}},
            },
            UNUSED_VALUES + "{:c}",
        ),
        (
            "put",
            {
                "ConditionExpression": "n = :v",
                "ExpressionAttributeNames": {"#a": "n", "#b": "s"},
                "ExpressionAttributeValues": {":v": {"N": "5"}},
            },
            re.compile(re.escape(UNUSED_NAMES) + r"\{(#a, #b|#b, #a)\}"),
        ),
        (
            "update",
            {
                "UpdateExpression": "REMOVE n",
                "ConditionExpression": "s = :b",
                "ExpressionAttributeValues": {
                    ":a": {"S": "a"},
                    ":b": {"S": "hello"},
                    ":c": {"S": "c"},
                },
            },
            re.compile(re.escape(UNUSED_VALUES) + r"\{(:a, :c|:c, :a)\}"),
        ),
        (
            "update",
            {
                "UpdateExpression": "SET #one = #two",
                "ExpressionAttributeNames": {"#one": "c", "#two": "n", "#three": "z"},
            },
            UNUSED_NAMES + "{#three}",
        ),
    ],
    ids=["put-name", "put-value", "two-names", "two-values", "update-name"],
)
@pytest.mark.moto_differs(reason="moto prefixes the message with '1 validation error detected: '")
def test_unused_placeholder(
    client: Any, stored: str, operation: str, params: dict[str, Any], expected: Any
) -> None:
    call = {"put": put, "update": update, "get": get}[operation](client, stored, **params)
    assert_invalid(expected, call)


def test_placeholders_may_be_shared_by_condition_and_update(client: Any, stored: str) -> None:
    # Each entry must be used by one of the request's expressions, not by each.
    client.update_item(
        TableName=stored,
        Key=KEY,
        UpdateExpression="SET #a = :new",
        ConditionExpression="#b = :old",
        ExpressionAttributeNames={"#a": "n", "#b": "n2"},
        ExpressionAttributeValues={":new": {"N": "6"}, ":old": {"N": "7"}},
    )
    item = client.get_item(TableName=stored, Key=KEY, ConsistentRead=True)["Item"]
    assert item["n"] == {"N": "6"}


# --- placeholders without expressions --------------------------------------------------------

NAMES_WITHOUT = "ExpressionAttributeNames can only be specified when using expressions"
VALUES_WITHOUT = "ExpressionAttributeValues can only be specified when using expressions: "


NAMES_ONLY = {"ExpressionAttributeNames": {"#a": "n"}}
VALUES_ONLY = {"ExpressionAttributeValues": {":a": {"N": "1"}}}
MOTO_WITHOUT = pytest.mark.moto_differs(reason=MOTO_HYGIENE)


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        pytest.param("put", NAMES_ONLY, NAMES_WITHOUT, id="put-names", marks=MOTO_WITHOUT),
        pytest.param("get", NAMES_ONLY, NAMES_WITHOUT, id="get-names"),
        pytest.param("update", NAMES_ONLY, NAMES_WITHOUT, id="update-names", marks=MOTO_WITHOUT),
        pytest.param(
            "put",
            VALUES_ONLY,
            VALUES_WITHOUT + "ConditionExpression is null",
            id="put-values",
            marks=MOTO_WITHOUT,
        ),
        pytest.param(
            "delete",
            VALUES_ONLY,
            VALUES_WITHOUT + "ConditionExpression is null",
            id="delete-values",
            marks=MOTO_WITHOUT,
        ),
        pytest.param(
            "update",
            VALUES_ONLY,
            VALUES_WITHOUT + "UpdateExpression and ConditionExpression are null",
            id="update-values",
            marks=MOTO_WITHOUT,
        ),
    ],
)
def test_placeholders_without_expressions(
    client: Any, stored: str, operation: str, params: dict[str, Any], expected: str
) -> None:
    if operation == "delete":
        call = lambda: client.delete_item(TableName=stored, Key=KEY, **params)  # noqa: E731
    else:
        call = {"put": put, "update": update, "get": get}[operation](client, stored, **params)
    assert_invalid(expected, call)


# --- invalid values --------------------------------------------------------------------------

BAD_VALUE = "ExpressionAttributeValues contains invalid value: "
INVALID = "One or more parameter values were invalid: "


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            {"N": "b"}, "The parameter cannot be converted to a numeric value: b", id="N-text"
        ),
        pytest.param(
            {"N": "1e126"},
            "Number overflow. Attempting to store a number with "
            "magnitude larger than supported range",
            id="N-overflow",
        ),
        pytest.param(
            {"N": "1" * 39},
            "Attempting to store more than 38 significant digits in a Number",
            id="N-digits",
        ),
        pytest.param({"SS": []}, INVALID + "An string set  may not be empty", id="SS-empty"),
        pytest.param({"NS": []}, INVALID + "An number set  may not be empty", id="NS-empty"),
        pytest.param(
            {"SS": ["a", "a"]},
            INVALID + "Input collection [a, a] contains duplicates.",
            id="SS-duplicate",
        ),
        pytest.param(
            {"NS": ["1", "1.0"]}, "Input collection contains duplicates", id="NS-duplicate"
        ),
        pytest.param(
            {"NULL": False},
            INVALID + "Null attribute value types must have the value of true",
            id="NULL-false",
        ),
        pytest.param(
            {"S": "a", "N": "1"},
            "Supplied AttributeValue has more than one datatypes "
            "set, must contain exactly one of the supported datatypes",
            id="two-types",
        ),
        pytest.param(
            {},
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
            id="no-type",
        ),
    ],
)
@pytest.mark.moto_differs(reason="moto does not validate ExpressionAttributeValues like this")
def test_invalid_value(client: Any, stored: str, value: Any, message: str) -> None:
    assert_invalid(
        f"{BAD_VALUE}{message} for key :b",
        put(client, stored, ConditionExpression="n <> :b", ExpressionAttributeValues={":b": value}),
    )


# --- reserved words --------------------------------------------------------------------------

RESERVED = [
    "abort",
    "Abort",
    "FLATTERN",
    "INNTER",
    "LOGED",
    "zone",
    "Timestamp",
    "user",
    "Date",
    "ttl",
    "Year",
    "data",
    "count",
    "value",
    "items",
    "missing",
    "empty",
]


@pytest.mark.parametrize("word", RESERVED)
def test_reserved_word_in_condition(client: Any, stored: str, word: str) -> None:
    assert_invalid(
        f"{CE}Attribute name is a reserved keyword; reserved keyword: {word}",
        put(client, stored, ConditionExpression=f"attribute_exists({word})"),
    )


@pytest.mark.parametrize("word", ["date", "Comment", "SECTION"])
def test_reserved_word_in_update(client: Any, stored: str, word: str) -> None:
    assert_invalid(
        f"{UE}Attribute name is a reserved keyword; reserved keyword: {word}",
        update(client, stored, UpdateExpression=f"REMOVE n, s.{word}"),
    )


@pytest.mark.parametrize("word", ["date", "SIZE", "Values"])
@pytest.mark.moto_differs(reason="moto's message lacks the 'Invalid ' prefix")
def test_reserved_word_in_projection(client: Any, stored: str, word: str) -> None:
    assert_invalid(
        f"{PE}Attribute name is a reserved keyword; reserved keyword: {word}",
        get(client, stored, ProjectionExpression=f"s, {word}"),
    )


@pytest.mark.parametrize("word", ["dates", "abortion", "zones", "n_date", "Year2"])
def test_near_reserved_names_are_fine(client: Any, stored: str, word: str) -> None:
    client.put_item(
        TableName=stored, Item=ITEM, ConditionExpression=f"attribute_not_exists({word})"
    )


# --- expression size -------------------------------------------------------------------------


def padded(head: str, tail: str, size: int) -> str:
    """``head`` + spaces + ``tail``, exactly ``size`` bytes long."""
    return head + " " * (size - len(head) - len(tail)) + tail


@pytest.mark.moto_differs(reason="moto does not limit the expression size")
def test_condition_size_limit(client: Any, stored: str) -> None:
    values = {":v": {"N": "5"}}
    client.put_item(
        TableName=stored,
        Item=ITEM,
        ConditionExpression=padded("n", " = :v", 4096),
        ExpressionAttributeValues=values,
    )
    assert_invalid(
        CE + "Expression size has exceeded the maximum allowed size; expression size: 4097",
        put(
            client,
            stored,
            ConditionExpression=padded("n", " = :v", 4097),
            ExpressionAttributeValues=values,
        ),
    )


@pytest.mark.moto_differs(reason="moto does not limit the expression size")
def test_update_size_limit(client: Any, stored: str) -> None:
    values = {":v": {"N": "1"}}
    client.update_item(
        TableName=stored,
        Key=KEY,
        UpdateExpression=padded("SET", "a = :v", 4096),
        ExpressionAttributeValues=values,
    )
    # Only the start is confirmed for UpdateExpression (the size suffix is seen for conditions
    # and filters).
    assert_invalid(
        MessagePrefix(UE + "Expression size has exceeded the maximum allowed size;"),
        update(
            client,
            stored,
            UpdateExpression=padded("SET ", "a = :v", 4097),
            ExpressionAttributeValues=values,
        ),
    )


@pytest.mark.moto_differs(reason="moto does not limit the expression size")
def test_projection_size_limit(client: Any, stored: str) -> None:
    assert client.get_item(TableName=stored, Key=KEY, ProjectionExpression=padded("s", "", 4096))
    assert_invalid(
        MessagePrefix(PE + "Expression size has exceeded the maximum allowed size;"),
        get(client, stored, ProjectionExpression=padded("s", "", 4097)),
    )


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("(" * 15000, id="open-parentheses"),
        pytest.param("n<n2 " + "and (n<n2 " * 20000 + ")" * 20000, id="deep-and"),
        pytest.param("not " * 20000 + "n<n2", id="deep-not"),
        pytest.param("n < " + "f(" * 20000 + "n2" + ")" * 20000, id="deep-calls"),
    ],
)
@pytest.mark.moto_differs(reason="moto does not limit the expression size")
def test_size_is_checked_before_parsing(client: Any, stored: str, expression: str) -> None:
    assert_invalid(
        f"{CE}Expression size has exceeded the maximum allowed size; expression size: "
        f"{len(expression)}",
        put(client, stored, ConditionExpression=expression),
    )


# --- operator count --------------------------------------------------------------------------

MOTO_COUNT = pytest.mark.moto_differs(reason="moto does not count operators")
TOO_MANY = CE + "The expression contains too many operators; operator count: 301"


def comparisons(count: int) -> str:
    """``count`` comparisons joined by OR: 2 * count - 1 operators."""
    return " OR ".join(["n < n2"] * count)


@pytest.mark.parametrize(
    ("expression", "accepted"),
    [
        pytest.param(comparisons(150), True, id="299-operators"),
        pytest.param("NOT " + comparisons(150), True, id="300-operators"),
        pytest.param(comparisons(151), False, id="301-operators", marks=MOTO_COUNT),
        pytest.param("NOT NOT " + comparisons(150), False, id="301-with-not", marks=MOTO_COUNT),
        pytest.param("n<n2 " + "or (n<n2 " * 149 + ")" * 149, True, id="nested-299"),
        pytest.param(
            "n<s " + "or (n<s " * 454 + ")" * 454, False, id="nested-909", marks=MOTO_COUNT
        ),
        pytest.param("not " * 1000 + "n<n2", False, id="1000-not", marks=MOTO_COUNT),
    ],
)
def test_operator_count_limit(client: Any, stored: str, expression: str, accepted: bool) -> None:
    # Comparisons, AND, OR and NOT count; parentheses do not. Counting stops at 301.
    assert len(expression) <= 4096
    if accepted:
        client.put_item(TableName=stored, Item=ITEM, ConditionExpression=expression)
    else:
        assert_invalid(TOO_MANY, put(client, stored, ConditionExpression=expression))


# --- placeholder length and path depth -------------------------------------------------------


def test_placeholders_of_255_bytes_are_accepted(client: Any, stored: str) -> None:
    name, value = "#" + "n" * 254, ":" + "v" * 254
    client.put_item(
        TableName=stored,
        Item=ITEM,
        ConditionExpression=f"{name} = {value}",
        ExpressionAttributeNames={name: "n"},
        ExpressionAttributeValues={value: {"N": "5"}},
    )


@pytest.mark.parametrize("which", ["name", "value"])
@pytest.mark.moto_differs(reason="moto does not limit placeholder length")
def test_placeholders_over_255_bytes_are_rejected(client: Any, stored: str, which: str) -> None:
    # The limit is documented; the message is unconfirmed, so only the code is asserted.
    name = "#" + "n" * (255 if which == "name" else 10)
    value = ":" + "v" * (255 if which == "value" else 10)
    assert_invalid(
        MessagePrefix(""),
        put(
            client,
            stored,
            ConditionExpression=f"{name} = {value}",
            ExpressionAttributeNames={name: "n"},
            ExpressionAttributeValues={value: {"N": "5"}},
        ),
    )


def path(levels: int) -> str:
    return "a" + ".b" * (levels - 1)


@pytest.mark.moto_differs(reason="moto does not limit the path depth")
def test_condition_path_depth(client: Any, stored: str) -> None:
    client.put_item(
        TableName=stored, Item=ITEM, ConditionExpression=f"attribute_not_exists({path(32)})"
    )
    assert_invalid(
        CE + "The document path has too many nesting levels; nesting levels: 33",
        put(client, stored, ConditionExpression=f"attribute_not_exists({path(33)})"),
    )


@pytest.mark.moto_differs(reason="moto does not limit the path depth")
def test_update_path_depth(client: Any, stored: str) -> None:
    assert_invalid(
        UE + "The document path has too many nesting levels; nesting levels: 33",
        update(client, stored, UpdateExpression=f"REMOVE {path(33)}"),
    )


def test_values_are_not_needed_for_value_free_expressions(client: Any, stored: str) -> None:
    client.put_item(
        TableName=stored,
        Item=wire_item({"pk": "k", "x": 1}),
        ConditionExpression="attribute_exists(n) AND n < n2",
    )
