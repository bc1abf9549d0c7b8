"""UpdateExpression: SET (arithmetic, list_append, if_not_exists), REMOVE, ADD and DELETE on
top-level and nested paths, list indexes, sets, exact 38-digit arithmetic, and the errors.

Sources: dynamodb-behaviour.md 2.3 and 5.4; the facts come from scylladb alternator's
test_update_expression.py and test_number.py and from dynalite's test/updateItem.js, which were
checked against the real service.

Each case stores ITEM (or nothing), applies one UpdateExpression with exactly the placeholders
it uses (from VALUES and NAMES), then compares the whole stored item with ITEM plus the expected
changes, or checks the error and that the item did not change.
"""

from __future__ import annotations

import re
from typing import Any, Union

import pytest
from conformance_support import (
    NUMBER_OVERFLOW,
    ExpectedMessage,
    MessagePrefix,
    Raw,
    assert_invalid,
    placeholders_used,
    plain,
    read_item,
    syntax_error,
    wire_item,
)

pytestmark = pytest.mark.expressions

UE = "Invalid UpdateExpression: "
KIND = "UpdateExpression"
MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item"
WRONG_TYPE = "An operand in the update expression has an incorrect data type"
BAD_PATH = "The document path provided in the update expression is invalid for update"
GONE = object()  # in a change list: the attribute is removed
NO_ITEM = object()  # as an outcome: no item is stored afterwards

ITEM: dict[str, Any] = {
    "pk": "k",
    "n": 5,
    "s": "hello",
    "t": True,
    "l": [1, 2, 3],
    "m": {"a": 1, "b": {"c": 2}},
    "ss": Raw({"SS": ["a", "b"]}),
    "ns": Raw({"NS": ["1", "2"]}),
    "bs": Raw({"BS": [b"\x01", b"\x02"]}),
    "deep": {"lst": [10, 20, {"x": 30}]},
}

VALUES: dict[str, Any] = {
    ":one": 1,
    ":two": 2,
    ":five": 5,
    ":ten": 10,
    ":neg": -1,
    ":half": Raw({"N": "0.5"}),
    ":dog": "dog",
    ":blank_s": "",
    ":blank_b": b"",
    ":b": b"\x01",
    ":true": True,
    ":null": None,
    ":l": [4, 5],
    ":l1": [1],
    ":blank_l": [],
    ":m": {"x": 1},
    ":blank_m": {},
    ":ss_a": Raw({"SS": ["a"]}),
    ":ss_x": Raw({"SS": ["x"]}),
    ":ss_ab": Raw({"SS": ["b", "a"]}),
    ":ns": Raw({"NS": ["3"]}),
    ":ns_1": Raw({"NS": ["1.0"]}),
    ":bs": Raw({"BS": [b"\x03"]}),
    ":bs_1": Raw({"BS": [b"\x01"]}),
    ":no_ss": Raw({"SS": []}),
}

NAMES = {"#n": "n", "#m": "m", "#l": "l", "#dot": "a.b", "#br": "[3]", "#pk": "pk"}

Changes = dict[str, Any]
Outcome = Union[Changes, ExpectedMessage, object]


def case(
    expression: str,
    expected: Outcome,
    moto: str | None = None,
    item: dict[str, Any] | None = ITEM,
) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    name = expression or "<empty>"
    return pytest.param(
        expression, expected, item, id=name if item else f"no item: {name}", marks=marks
    )


def updated(changes: Changes, base: dict[str, Any] | None = ITEM) -> dict[str, Any]:
    result = plain(wire_item(base or {"pk": "k"}))
    for name, value in changes.items():
        if value is GONE:
            result.pop(name, None)
        else:
            result[name] = plain(wire_item({name: value}))[name]
    return result


def update(client: Any, table: str, expression: str) -> None:
    params: dict[str, Any] = {
        "TableName": table,
        "Key": wire_item({"pk": "k"}),
        "UpdateExpression": expression,
    }
    names = placeholders_used(NAMES, expression)
    values = placeholders_used(VALUES, expression)
    if names:
        params["ExpressionAttributeNames"] = names
    if values:
        params["ExpressionAttributeValues"] = wire_item(values)
    client.update_item(**params)


MOTO_MESSAGE = "moto's message differs"
MOTO_PATH = "moto does not reject an update through a missing or scalar path"
MOTO_OPERAND = "moto does not check operand types the way the service does"
MOTO_LIST_INDEX = "moto does not append past the end of a list the way the service does"
MOTO_REMOVE = "moto removes list indexes one after another instead of from the original list"
MOTO_CREATES = "moto creates the item even when the update writes nothing"
MOTO_NESTING = "moto cannot parse a function call nested in if_not_exists"
MOTO_SET_TEXT = "moto compares number-set members as text"

SET = [
    case("SET a2 = :one", {"a2": 1}),
    case("SET n = :ten", {"n": 10}),
    case("set n = :ten", {"n": 10}),  # clause keywords are case-insensitive
    case("sEt n = :ten", {"n": 10}),
    case("  SET   n=:ten  ", {"n": 10}),
    case("SET x = :one, y = :two", {"x": 1, "y": 2}),
    case("SET c = s", {"c": "hello"}),
    case("SET c = m.b.c", {"c": 2}),
    case("SET c = deep.lst[2].x", {"c": 30}),
    case("SET n = n", {}),
    case("SET m.a = :ten", {"m": {"a": 10, "b": {"c": 2}}}),
    case("SET m.z = :ten", {"m": {"a": 1, "b": {"c": 2}, "z": 10}}),
    case("SET m.b.c = :dog", {"m": {"a": 1, "b": {"c": "dog"}}}),
    case("SET m.b = :ten", {"m": {"a": 1, "b": 10}}),
    case("SET #m.#n = :one", {"m": {"a": 1, "b": {"c": 2}, "n": 1}}),
    case("SET deep.lst[2].x = :ten", {"deep": {"lst": [10, 20, {"x": 10}]}}),
    case("SET l[1] = :ten", {"l": [1, 10, 3]}),
    case("SET l[7] = :ten", {"l": [1, 2, 3, 10]}),  # past the end: appended
    case(
        "SET l[84] = :one, l[37] = :two, l[17] = :five, l[50] = :ten",
        {"l": [1, 2, 3, 5, 2, 10, 1]},  # appended in index order
        MOTO_LIST_INDEX,
    ),
    case("SET #dot = :one", {"a.b": 1}),  # a dot inside a placeholder is literal
    case("SET #br = :one", {"[3]": 1}),
    case(
        "SET x = :blank_l, y = :blank_m, z = :blank_s, w = :blank_b",
        {"x": [], "y": {}, "z": "", "w": b""},
    ),
    case("SET n = n + :one", {"n": 6}),
    case("SET n = :one + n", {"n": 6}),
    case("SET n = n - :one", {"n": 4}),
    case("SET n = :one - n", {"n": -4}),
    case("SET c = :two + :five", {"c": 7}),
    case("SET n = n - n", {"n": 0}),
    case("SET n = n + :half", {"n": Raw({"N": "5.5"})}),
    case("SET n = n+:neg", {"n": 4}),
    case("SET c = if_not_exists(gone, :one)", {"c": 1}),
    case("SET n = if_not_exists(n, :one)", {}),
    case("SET c = if_not_exists(n, :one)", {"c": 5}),
    case("SET n = if_not_exists(n, :one) + :two", {"n": 7}),
    case("SET c = if_not_exists(gone, if_not_exists(n, :one))", {"c": 5}, MOTO_NESTING),
    case("SET l = list_append(l, :l)", {"l": [1, 2, 3, 4, 5]}),
    case("SET l = list_append(:l, l)", {"l": [4, 5, 1, 2, 3]}),
    case("SET c = list_append(l, l)", {"c": [1, 2, 3, 1, 2, 3]}),
    case("SET c = list_append(:l, :l1)", {"c": [4, 5, 1]}),
    case("SET l = list_append(l, :blank_l)", {}),
    case("SET c = list_append(if_not_exists(gone, :blank_l), :l)", {"c": [4, 5]}),
    case("SET #l = list_append(#l, :l1)", {"l": [1, 2, 3, 1]}),
    # Every right-hand side reads the item as it was before the update.
    case("SET c = n, n = :ten", {"c": 5, "n": 10}),
    case("REMOVE s SET c = s", {"c": "hello", "s": GONE}),
    case("SET c = s REMOVE s", {"c": "hello", "s": GONE}),
]

SET_ERRORS = [
    case("SET c = gone", MISSING_ATTRIBUTE),
    case("SET x = :one, y = x", MISSING_ATTRIBUTE),
    case("SET c = list_append(gone, :l)", MISSING_ATTRIBUTE),
    case("SET c = s + :one", WRONG_TYPE, MOTO_MESSAGE),
    case("SET c = n + l", WRONG_TYPE, MOTO_MESSAGE),
    case("SET c = list_append(s, :l)", WRONG_TYPE, MOTO_MESSAGE),
    case("SET c = list_append(:l, m)", WRONG_TYPE, MOTO_MESSAGE),
    *[
        case(
            expression,
            UE + "Incorrect operand type for operator or function; operator or function: "
            f"{operator}, operand type: {operand_type}",
            MOTO_OPERAND if moto else None,
        )
        for expression, operator, operand_type, moto in [
            ("SET n = n + :dog", "+", "S", True),
            ("SET n = :dog - n", "-", "S", False),
            ("SET n = n + :l", "+", "L", True),
            ("SET n = n - :m", "-", "M", True),
            ("SET n = n + :true", "+", "BOOL", True),
            ("SET n = n + :null", "+", "NULL", True),
            ("SET n = n - :ss_a", "-", "SS", True),
            ("SET n = n + :ns", "+", "NS", True),
            ("SET n = :b - n", "-", "B", False),
            ("SET c = list_append(:dog, l)", "list_append", "S", False),
            ("SET c = list_append(l, :one)", "list_append", "N", False),
            ("SET c = list_append(:m, l)", "list_append", "M", False),
            ("SET c = list_append(:ss_a, l)", "list_append", "SS", False),
            ("SET c = list_append(:null, l)", "list_append", "NULL", False),
        ]
    ],
    case(
        "SET c = list_append(:l)",
        UE + "Incorrect number of operands for operator or function; operator or function: "
        "list_append, number of operands: 1",
        MOTO_MESSAGE,
    ),
    case(
        "SET c = list_append(:l, :l1, :l)",
        UE + "Incorrect number of operands for operator or function; operator or function: "
        "list_append, number of operands: 3",
        MOTO_MESSAGE,
    ),
    case(
        "SET c = if_not_exists(gone)",
        UE + "Incorrect number of operands for operator or function; operator or function: "
        "if_not_exists, number of operands: 1",
        MOTO_MESSAGE,
    ),
    case(
        "SET c = LIST_APPEND(:l, :l1)",
        UE + "Invalid function name; function: LIST_APPEND",
        MOTO_MESSAGE,
    ),
    case("SET c = f(s, n)", UE + "Invalid function name; function: f", MOTO_MESSAGE),
    # Condition functions in an update: only the start of the message is confirmed.
    case("SET c = size(s)", MessagePrefix(UE + "The function is not allowed"), MOTO_MESSAGE),
    case(
        "SET c = attribute_exists(s)",
        MessagePrefix(UE + "The function is not allowed"),
        MOTO_MESSAGE,
    ),
    case(
        "SET c = list_append(list_append(:l, :l1), :l)",
        UE + "The function is not allowed to be used this way in an expression; function: "
        "list_append",
        MOTO_MESSAGE,
    ),
    case(
        "SET c = if_not_exists(:one, :two)",
        UE + "Operator or function requires a document path; operator or function: if_not_exists",
        MOTO_MESSAGE,
    ),
    case(
        "SET c = if_not_exists(if_not_exists(n, :one), :two)",
        UE + "Operator or function requires a document path; operator or function: if_not_exists",
        MOTO_MESSAGE,
    ),
    case("SET gone.a = :one", BAD_PATH),
    case("SET s.a = :one", BAD_PATH, MOTO_PATH),
    case("SET l.a = :one", BAD_PATH, MOTO_PATH),
    case("SET gone[0] = :one", BAD_PATH),
    case("SET s[0] = :one", BAD_PATH),
    case("SET m[0] = :one", BAD_PATH),
    case(
        "SET c = :no_ss",
        "ExpressionAttributeValues contains invalid value: One or more parameter values were "
        "invalid: An string set  may not be empty for key :no_ss",
        MOTO_MESSAGE,
    ),
]

REMOVE = [
    case("REMOVE s", {"s": GONE}),
    case("REMOVE s, n", {"s": GONE, "n": GONE}),
    case("REMOVE gone", {}),
    case("REMOVE m.a", {"m": {"b": {"c": 2}}}),
    case("REMOVE m.zz", {}),  # a missing member of an existing map: nothing to do
    case("REMOVE m.b.c", {"m": {"a": 1, "b": {}}}),  # leaves an empty map
    case("REMOVE l[0]", {"l": [2, 3]}),  # later elements shift
    case("REMOVE l[0], l[2]", {"l": [2]}),  # both index the original list
    case("REMOVE l[1], l[0]", {"l": [3]}),
    case("REMOVE l[0], l[1], l[2]", {"l": []}),  # leaves an empty list
    case("REMOVE l[7]", {}),  # past the end: nothing to do
    case("REMOVE l[1] SET l[2] = :ten", {"l": [1, 10]}, MOTO_REMOVE),
    case("SET l[2] = :ten REMOVE l[1]", {"l": [1, 10]}),
    case("REMOVE deep.lst[2].x, deep.lst[0]", {"deep": {"lst": [20, {}]}}),
    case("REMOVE gone.a", BAD_PATH),
    case("REMOVE s.a", BAD_PATH, MOTO_PATH),
    case("REMOVE s[0]", BAD_PATH),
    case("REMOVE gone[0]", BAD_PATH),
]

ADD_DELETE = [
    case("ADD n :one", {"n": 6}),
    case("ADD n :neg", {"n": 4}),
    case("ADD c :five", {"c": 5}),  # a missing number starts at 0
    case("ADD ss :ss_x", {"ss": Raw({"SS": ["a", "b", "x"]})}),
    case("ADD ss :ss_a", {}),
    case("ADD ns :ns", {"ns": Raw({"NS": ["1", "2", "3"]})}),
    case("ADD ns :ns_1", {}),  # set members compare by value: 1.0 is 1
    case("ADD bs :bs", {"bs": Raw({"BS": [b"\x01", b"\x02", b"\x03"]})}),
    case("ADD c :ss_x", {"c": Raw({"SS": ["x"]})}),  # a missing set starts empty
    case("ADD m.b.c :one", {"m": {"a": 1, "b": {"c": 3}}}),
    case("ADD m.z :one", {"m": {"a": 1, "b": {"c": 2}, "z": 1}}),
    case("ADD n :one, c :five", {"n": 6, "c": 5}),
    case("DELETE ss :ss_a", {"ss": Raw({"SS": ["b"]})}),
    case("DELETE ss :ss_x", {}),
    case("DELETE ss :ss_ab", {"ss": GONE}),  # an emptied set is removed
    case("DELETE gone :ss_a", {}),
    case("DELETE ns :ns_1", {"ns": Raw({"NS": ["2"]})}, MOTO_SET_TEXT),
    case("DELETE bs :bs_1", {"bs": Raw({"BS": [b"\x02"]})}),
    case(
        "REMOVE s DELETE ss :ss_a ADD n :one SET c = :two",
        {"s": GONE, "ss": Raw({"SS": ["b"]}), "n": 6, "c": 2},
    ),
    case("ADD n :one DELETE ss :ss_a", {"n": 6, "ss": Raw({"SS": ["b"]})}),
    *[
        case(
            expression,
            UE + "Incorrect operand type for operator or function; operator: "
            f"{operator}, operand type: {operand_type}, typeSet: ALLOWED_FOR_{operator}_OPERAND",
            MOTO_OPERAND,
        )
        for expression, operator, operand_type in [
            ("ADD n :dog", "ADD", "STRING"),
            ("ADD n :l", "ADD", "LIST"),  # unlike legacy AttributeUpdates ADD
            ("ADD l :l", "ADD", "LIST"),
            ("ADD n :m", "ADD", "MAP"),
            ("ADD n :true", "ADD", "BOOLEAN"),
            ("ADD n :null", "ADD", "NULL"),
            ("ADD n :b", "ADD", "BINARY"),
            ("DELETE ss :dog", "DELETE", "STRING"),
            ("DELETE ss :one", "DELETE", "NUMBER"),
            ("DELETE ss :l", "DELETE", "LIST"),
            ("DELETE ss :m", "DELETE", "MAP"),
            ("DELETE ss :b", "DELETE", "BINARY"),
            ("DELETE ss :true", "DELETE", "BOOLEAN"),
            ("DELETE ss :null", "DELETE", "NULL"),
        ]
    ],
    case("ADD s :one", WRONG_TYPE),
    case("ADD ss :ns", WRONG_TYPE),
    case("ADD n :ss_x", WRONG_TYPE),
    case("DELETE ss :ns_1", WRONG_TYPE),
    case("DELETE n :ns_1", WRONG_TYPE),
    case("ADD gone.a :one", BAD_PATH),
    case("ADD s.a :one", BAD_PATH, MOTO_PATH),
]

CLAUSES = [
    case("", UE + "The expression can not be empty;", MOTO_MESSAGE),
    *[
        case(
            expression,
            f'{UE}The "{section}" section can only be used once in an update expression;',
            MOTO_MESSAGE,
        )
        for expression, section in [
            ("SET c = :one SET d = :two", "SET"),
            ("SET c = :one REMOVE d SET e = :two", "SET"),
            ("REMOVE c SET d = :one REMOVE e", "REMOVE"),
            ("ADD n :one SET c = :two ADD x :one", "ADD"),
            ("DELETE ss :ss_a SET c = :one DELETE ns :ns_1", "DELETE"),
        ]
    ],
    *[
        case(
            expression,
            f"{UE}Two document paths overlap with each other; must remove or rewrite one of "
            f"these paths; path one: {one}, path two: {two}",
            MOTO_MESSAGE,
        )
        for expression, one, two in [
            ("SET n = :one REMOVE n", "[n]", "[n]"),
            ("REMOVE n SET n = :one", "[n]", "[n]"),
            ("SET n = :one, n = :two", "[n]", "[n]"),
            ("SET #n = :one, n = :two", "[n]", "[n]"),  # compared after substitution
            ("SET m = :one, m.a = :two", "[m]", "[m, a]"),
            ("SET m.a = :one, m = :two", "[m, a]", "[m]"),
            ("SET l[1] = :one, l = :two", "[l, [1]]", "[l]"),
            ("SET l[1] = :one, l[1] = :two", "[l, [1]]", "[l, [1]]"),
            ("REMOVE l, l[0]", "[l]", "[l, [0]]"),
            ("ADD n :one SET n = :two", "[n]", "[n]"),
            ("SET m.#br = :one, m = :two", "[m, [3]]", "[m]"),
            ("REMOVE gone.a, gone", "[gone, a]", "[gone]"),  # checked before reading the item
        ]
    ],
    *[
        case(
            expression,
            f"{UE}Two document paths conflict with each other; must remove or rewrite one of "
            f"these paths; path one: {one}, path two: {two}",
            MOTO_MESSAGE,
        )
        for expression, one, two in [
            ("SET m.a = :one, m[1] = :two", "[m, a]", "[m, [1]]"),
            ("REMOVE m.a SET m[1] = :one", "[m, a]", "[m, [1]]"),
            ("SET m.b.c = :one, m.b[2] = :two", "[m, b, c]", "[m, b, [2]]"),
        ]
    ],
]

# Syntax errors; the near text runs from the token before the offending one to the token after
# it. "seen" marks a message observed from the service; the others apply the same rule.
SYNTAX = [
    case("SET _123 = :one", syntax_error(KIND, "_", "SET _123")),  # seen
    case("SET c = :one + :two + :five", syntax_error(KIND, "+", ":two + :five"), MOTO_MESSAGE),
    case("SET c = n * :two", syntax_error(KIND, "*", "n * :two"), MOTO_MESSAGE),
    case(
        "SET c = if_not_exists(gone, :one + :two)",
        syntax_error(KIND, "+", ":one + :two"),
    ),
    case("SET c", syntax_error(KIND, "<EOF>", "c")),
    case("SET c = :one,", syntax_error(KIND, "<EOF>", ",")),
    case("SET :one = :two", syntax_error(KIND, ":one", "SET :one =")),
    case("SET l[:one] = :two", syntax_error(KIND, ":one", "[:one]")),
    case("REMOVE c = :one", syntax_error(KIND, "=", "c = :one")),
    case("ADD c", syntax_error(KIND, "<EOF>", "c")),
    case("DELETE ss", syntax_error(KIND, "<EOF>", "ss")),
    case("SET c = :one REMOVE", syntax_error(KIND, "<EOF>", "REMOVE")),
    # The offending token opens the expression or is outside the grammar: token part only.
    case("HELLO c = :one", syntax_error(KIND, "HELLO")),
    case("SET c = s / n", syntax_error(KIND, "/")),
    case(
        "SET Absolute = :one",
        UE + "Attribute name is a reserved keyword; reserved keyword: Absolute",
    ),
    case(
        " remove Absolute ", UE + "Attribute name is a reserved keyword; reserved keyword: Absolute"
    ),
    case("REMOVE m.size", UE + "Attribute name is a reserved keyword; reserved keyword: size"),
]

ON_A_MISSING_ITEM = [
    case("SET a2 = :one", {"a2": 1}, item=None),
    case("ADD n :five", {"n": 5}, item=None),
    case("ADD ss :ss_x", {"ss": Raw({"SS": ["x"]})}, item=None),
    case("SET c = if_not_exists(c, :one)", {"c": 1}, item=None),
    case("REMOVE gone", NO_ITEM, MOTO_CREATES, item=None),  # nothing to write: no item is created
    case("REMOVE gone.a", NO_ITEM, MOTO_PATH, item=None),  # not an error without an item
    case("REMOVE gone[0]", NO_ITEM, MOTO_PATH, item=None),
    case("SET c = gone", MISSING_ATTRIBUTE, item=None),
    case("SET gone.a = :one", BAD_PATH, item=None),
    case("SET gone[0] = :one", BAD_PATH, item=None),
]


@pytest.mark.parametrize(
    ("expression", "expected", "item"),
    SET + SET_ERRORS + REMOVE + ADD_DELETE + CLAUSES + SYNTAX + ON_A_MISSING_ITEM,
)
def test_update_expression(
    client: Any, table: str, expression: str, expected: Outcome, item: dict[str, Any] | None
) -> None:
    if item is not None:
        client.put_item(TableName=table, Item=wire_item(item))
    before = read_item(client, table, {"pk": "k"})
    if isinstance(expected, (str, re.Pattern)):
        assert_invalid(expected, lambda: update(client, table, expression))
        assert read_item(client, table, {"pk": "k"}) == before
        return
    update(client, table, expression)
    after = read_item(client, table, {"pk": "k"})
    if expected is NO_ITEM:
        assert after is None
    else:
        assert isinstance(expected, dict)
        assert after == updated(expected, item)


# --- exact decimal arithmetic ----------------------------------------------------------------

THIRTY_EIGHT_NINES = "9" * 38


def arithmetic(stored: str, expression: str, operand: str, expected: str, moto: str = "") -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    return pytest.param(
        stored, expression, operand, expected, id=f"{stored} {expression} {operand}", marks=marks
    )


MOTO_OVERFLOW = "moto does not limit the result of arithmetic to 38 digits and 1E126"
MOTO_CANONICAL = "moto keeps trailing zeros or fails on exponents in arithmetic results"

ARITHMETIC = [
    arithmetic("9" * 37 + "8", "SET n = n + :v", "1", THIRTY_EIGHT_NINES),
    arithmetic(THIRTY_EIGHT_NINES, "SET n = n + :v", "1", "1" + "0" * 38),  # one digit
    arithmetic(THIRTY_EIGHT_NINES, "ADD n :v", "1", "1" + "0" * 38),
    arithmetic("1" * 38, "SET n = n - :v", "1" * 37 + "0", "1"),
    arithmetic("1", "SET n = n + :v", "10000000000000000000000", "10000000000000000000001"),
    arithmetic("10000000000000000000000", "SET n = n - :v", "1", "9999999999999999999999"),
    arithmetic("0.1", "SET n = n + :v", "0.2", "0.3"),
    arithmetic("1.5", "SET n = n - :v", "2.25", "-0.75"),
    arithmetic("3.14", "SET n = n + :v", "-3.14", "0", MOTO_CANONICAL),
    arithmetic("1e-130", "SET n = n + :v", "1e-130", "0." + "0" * 129 + "2", MOTO_CANONICAL),
    arithmetic("1e125", "SET n = n + :v", "1e125", "2" + "0" * 125, MOTO_CANONICAL),
    arithmetic("-5", "ADD n :v", "5", "0"),
    arithmetic("1.000001", "ADD n :v", "-0.000001", "1", MOTO_CANONICAL),
    arithmetic("1e50", "SET n = n + :v", "1", NUMBER_OVERFLOW, MOTO_OVERFLOW),
    arithmetic("1e50", "SET n = n - :v", "1", NUMBER_OVERFLOW, MOTO_OVERFLOW),
    arithmetic("1e50", "ADD n :v", "1", NUMBER_OVERFLOW, MOTO_OVERFLOW),
    arithmetic("9e125", "SET n = n + :v", "9e125", NUMBER_OVERFLOW, MOTO_OVERFLOW),
    arithmetic("9e125", "SET n = n - :v", "-9e125", NUMBER_OVERFLOW, MOTO_OVERFLOW),
    arithmetic("5e125", "ADD n :v", "5e125", NUMBER_OVERFLOW, MOTO_OVERFLOW),
]


@pytest.mark.parametrize(("stored", "expression", "operand", "expected"), ARITHMETIC)
def test_exact_decimal_arithmetic(  # noqa: PLR0917
    client: Any, table: str, stored: str, expression: str, operand: str, expected: str
) -> None:
    # Numbers are checked as text: the result is exact and in canonical form.
    key = wire_item({"pk": "k"})
    client.put_item(TableName=table, Item={**key, "n": {"N": stored}})
    params = {
        "TableName": table,
        "Key": key,
        "UpdateExpression": expression,
        "ExpressionAttributeValues": {":v": {"N": operand}},
    }
    if expected == NUMBER_OVERFLOW:
        # DynamoDB calls a result that needs more than 38 digits an overflow too.
        assert_invalid(NUMBER_OVERFLOW, client.update_item, **params)
        return
    client.update_item(**params)
    item = client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    assert item["n"] == {"N": expected}
