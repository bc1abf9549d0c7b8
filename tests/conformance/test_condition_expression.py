"""ConditionExpression: every operator and function, precedence, types, paths and the errors.

Sources: dynamodb-behaviour.md 5.1, 5.2 and 5.5; the facts come from scylladb alternator's
test_condition_expression.py and test_limits.py and from dynalite's test/scan.js,
test/deleteItem.js and test/updateItem.js, which were checked against the real service.

Most cases evaluate one condition with a conditional PutItem that writes back the very item the
table holds (ITEM), so a true condition changes nothing, a false one fails with
ConditionalCheckFailedException, and a bad expression fails with its ValidationException. Each
case sends exactly the placeholders its expression uses, taken from VALUES and NAMES.
"""

from __future__ import annotations

import re
from typing import Any, Union

import pytest
from conformance_support import (
    ExpectedMessage,
    MessagePrefix,
    Raw,
    assert_condition_fails,
    assert_invalid,
    placeholders_used,
    plain,
    read_item,
    syntax_error,
    wire_item,
)

pytestmark = pytest.mark.expressions

CE = "Invalid ConditionExpression: "
KIND = "ConditionExpression"
TYPES = r"\{(?:(?:B|NULL|SS|BOOL|L|BS|N|NS|S|M),?){10}\}"  # the service lists them in any order

ITEM: dict[str, Any] = {
    "pk": "k",
    "n": 5,
    "n2": 7,
    "zero": 0,
    "s": "hello",
    "s2": "world",
    "blank": "",
    "b": b"hi there",
    "b127": bytes([127]),
    "t": True,
    "f": False,
    "nul": None,
    "ss": Raw({"SS": ["cat", "dog"]}),
    "ns": Raw({"NS": ["1", "2", "3"]}),
    "bs": Raw({"BS": [b"\x01", b"\x02"]}),
    "l": [1, "two", [3], {"four": 4}],
    "m": {"x": 1, "y": {"z": [10, 20]}},
    "a.b": "dot",
    "name": "r",
}

VALUES: dict[str, Any] = {
    ":zero": 0,
    ":one": 1,
    ":two": 2,
    ":three": 3,
    ":four": 4,
    ":five": 5,
    ":six": 6,
    ":seven": 7,
    ":eight": 8,
    ":ten": 10,
    ":twenty": 20,
    ":five_dec": Raw({"N": "5.0"}),
    ":five_exp": Raw({"N": "0.5e1"}),
    ":str5": "5",
    ":hello": "hello",
    ":Hello": "Hello",
    ":hell": "hell",
    ":help": "help",
    ":world": "world",
    ":dog": "dog",
    ":bird": "bird",
    ":ell": "ell",
    ":xyz": "xyz",
    ":a": "a",
    ":z": "z",
    ":hellohi": "hellohi",
    ":two_s": "two",
    ":empty": "",
    ":k": "k",
    ":dot": "dot",
    ":reserved": "r",
    ":hi": b"hi",
    ":here": b"here",
    ":hi_there": b"hi there",
    ":b01": b"\x01",
    ":b126": bytes([126]),
    ":b128": bytes([128]),
    ":true": True,
    ":false": False,
    ":null": None,
    ":ss": Raw({"SS": ["dog", "cat"]}),
    ":ss_dog": Raw({"SS": ["dog"]}),
    ":ns": Raw({"NS": ["3", "1", "2"]}),
    ":ns_dec": Raw({"NS": ["1.0", "2", "3"]}),
    ":bs": Raw({"BS": [b"\x02", b"\x01"]}),
    ":l": [1, "two", [3], {"four": 4}],
    ":l_rev": [{"four": 4}, [3], "two", 1],
    ":list3": [3],
    ":list12": [1, 2],
    ":list34": [3, 4],
    ":dog_cat": ["cat", "dog"],
    ":four_map": {"four": 4},
    ":m": Raw({"M": {"y": {"M": {"z": {"L": [{"N": "10"}, {"N": "20"}]}}}, "x": {"N": "1"}}}),
    ":y_map": {"z": [10, 20]},
    ":t_S": "S",
    ":t_N": "N",
    ":t_B": "B",
    ":t_BOOL": "BOOL",
    ":t_NULL": "NULL",
    ":t_SS": "SS",
    ":t_NS": "NS",
    ":t_BS": "BS",
    ":t_L": "L",
    ":t_M": "M",
    ":t_dog": "DOG",
}

NAMES = {
    "#dot": "a.b",
    "#n": "n",
    "#m": "m",
    "#y": "y",
    "#z": "z",
    "#name": "name",
    "#k": "pk",
}

Outcome = Union[bool, ExpectedMessage]


def case(expression: str, expected: Outcome, moto: str | None = None) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    return pytest.param(expression, expected, id=expression or "<empty>", marks=marks)


def condition_params(table: str, item: dict[str, Any], expression: str) -> dict[str, Any]:
    params: dict[str, Any] = {
        "TableName": table,
        "Item": wire_item(item),
        "ConditionExpression": expression,
    }
    names = placeholders_used(NAMES, expression)
    values = placeholders_used(VALUES, expression)
    if names:
        params["ExpressionAttributeNames"] = names
    if values:
        params["ExpressionAttributeValues"] = wire_item(values)
    return params


def check(client: Any, params: dict[str, Any], expected: Outcome) -> None:
    if expected is True:
        client.put_item(**params)
    elif expected is False:
        assert_condition_fails(client.put_item, **params)
    else:
        assert isinstance(expected, (str, re.Pattern))
        assert_invalid(expected, client.put_item, **params)


@pytest.fixture
def stored(client: Any, table: str) -> str:
    client.put_item(TableName=table, Item=wire_item(ITEM))
    return table


MOTO_TYPE_CHECK = "moto does not reject constants of an unsupported type"
MOTO_MESSAGE = "moto's message differs"
MOTO_ACROSS_TYPES = "moto raises an internal error ordering values of different types"
MOTO_TWO_MISSING = "moto finds two missing attributes equal"
MOTO_BINARY = "moto handles begins_with and contains on strings only"
MOTO_SIZE = "moto raises an internal error for size() of N, BOOL, NULL, constants or missing"
MOTO_PARSER = "moto's parser rejects NOT NOT and parentheses around an operand"

COMPARISONS = [
    case("n = :five", True),
    case("n = :six", False),
    case("n <> :six", True),
    case("n <> :five", False),
    case("n < :six", True),
    case("n < :five", False),
    case("n <= :five", True),
    case("n > :four", True),
    case("n > :five", False),
    case("n >= :five", True),
    case("n >= :six", False),
    case("n < :ten", True),  # numeric, not textual order
    case("n = :five_dec", True),  # numbers compare by value
    case("n = :five_exp", True),
    case("n2 > n", True),
    case(":four < n", True),
    case(":six < n", False),
    case("s < :help", True),
    case("s > :help", False),
    case("s <= :hello", True),
    case(":Hello < s", True),  # byte order: upper case first
    case("b127 < :b128", True),  # binary bytes are unsigned
    case("b127 > :b128", False),
    case("b127 >= :b126", True),
    case("b = :hi_there", True),
    case("t = :true", True),
    case("t = :false", False),
    case("f <> :true", True),
    case("nul = :null", True),
    case("ss = :ss", True),  # sets are unordered
    case("ss = :ss_dog", False),
    case("ns = :ns", True),
    case("ns = :ns_dec", True),  # set members compare by value
    case("bs = :bs", True),
    case("l = :l", True),
    case("l = :l_rev", False),  # lists are ordered
    case("m = :m", True),  # maps are unordered
    case("m.y = :y_map", True),
    case("pk = :k", True),
    # Different types: = is false, <> is true, ordering is false; never an error.
    case("n = :str5", False),
    case("n <> :str5", True),
    case("n >= :str5", False, MOTO_ACROSS_TYPES),
    case("s > :one", False, MOTO_ACROSS_TYPES),
    case("ss = :dog_cat", False),
    case("l < :five", False, MOTO_ACROSS_TYPES),
    case(":five < l", False, MOTO_ACROSS_TYPES),
    case("m > :one", False, MOTO_ACROSS_TYPES),
    # A missing attribute: every comparison is false except <>.
    case("gone = :five", False),
    case("gone <> :five", True),
    case("gone < :five", False),
    case(":five > gone", False),
    case("gone = gone2", False, MOTO_TWO_MISSING),
    case("gone <> gone2", True, MOTO_TWO_MISSING),
    case("gone >= gone2", False),
    case("m.nope = :one", False),
    case("l[10] = :one", False),
    case("s.x = :one", False),
    # A request constant of a type that cannot be ordered is an error, not a false condition.
    # Only the prefix is confirmed: the rest of the message is unverified (dynamodb-behaviour.md
    # 5.2 marks it).
    case("n < :list12", MessagePrefix(CE), MOTO_TYPE_CHECK),
    case(":list12 < n", MessagePrefix(CE), MOTO_TYPE_CHECK),
    case("n <= :ss", MessagePrefix(CE), MOTO_TYPE_CHECK),
]

BETWEEN_AND_IN = [
    case("n BETWEEN :one AND :ten", True),
    case("n BETWEEN :five AND :five", True),
    case("n BETWEEN :six AND :ten", False),
    case("n between :one and :ten", True),
    case("s BETWEEN :a AND :z", True),
    case("b127 BETWEEN :b126 AND :b128", True),
    case("n BETWEEN :a AND :z", False, MOTO_ACROSS_TYPES),
    case("n BETWEEN zero AND n2", True),
    case("n BETWEEN n2 AND zero", False),  # bounds from the item: no order check
    case("l BETWEEN :one AND :ten", False, MOTO_ACROSS_TYPES),
    case("gone BETWEEN :one AND :ten", False),
    case(
        "n BETWEEN :ten AND :one",
        CE + "The BETWEEN operator requires upper bound to be greater than or equal to lower "
        "bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: "
        "AttributeValue: {N:1}",
        MOTO_MESSAGE,
    ),
    case(
        "s BETWEEN :z AND :a",
        CE + "The BETWEEN operator requires upper bound to be greater than or equal to lower "
        "bound; lower bound operand: AttributeValue: {S:z}, upper bound operand: "
        "AttributeValue: {S:a}",
        MOTO_MESSAGE,
    ),
    case(
        "n BETWEEN :one AND :a",
        CE + "The BETWEEN operator requires same data type for lower and upper bounds; lower "
        "bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
        MOTO_MESSAGE,
    ),
    case("n BETWEEN :list12 AND :list34", MessagePrefix(CE), MOTO_TYPE_CHECK),
    case("n IN (:one, :five)", True),
    case("n IN (:one, :two)", False),
    case("n IN (:a, :five)", True),  # unlike legacy IN, the operands may mix types
    case("n in (:five)", True),
    case("s IN (:hello)", True),
    case("ss IN (:ss)", True),
    case("l IN (:l)", True),
    case("n IN (n2, zero)", False),
    case("n IN (n2, :five)", True),
    case("gone IN (:one, :five)", False),
]

FUNCTIONS = [
    case("attribute_exists(n)", True),
    case("attribute_exists(gone)", False),
    case("attribute_not_exists(gone)", True),
    case("attribute_not_exists(n)", False),
    case("attribute_exists(nul)", True),
    case("attribute_exists(blank)", True),
    case("attribute_exists(pk)", True),
    case("attribute_not_exists(pk)", False),
    case("attribute_exists(m.y.z[1])", True),
    case("attribute_exists(m.y.z[2])", False),
    case("attribute_exists(l[3].four)", True),
    case("attribute_exists(#dot)", True),
    case("attribute_exists(a.b)", False),  # a path, not the dotted name
    case("attribute_exists (n)", True),
    case("attribute_type(s, :t_S)", True),
    case("attribute_type(n, :t_N)", True),
    case("attribute_type(b, :t_B)", True),
    case("attribute_type(t, :t_BOOL)", True),
    case("attribute_type(nul, :t_NULL)", True),
    case("attribute_type(ss, :t_SS)", True),
    case("attribute_type(ns, :t_NS)", True),
    case("attribute_type(bs, :t_BS)", True),
    case("attribute_type(l, :t_L)", True),
    case("attribute_type(m, :t_M)", True),
    case("attribute_type(s, :t_N)", False),
    case("attribute_type(ns, :t_SS)", False),
    case("attribute_type(gone, :t_S)", False),
    case("attribute_type(:five, :t_N)", True),  # the first operand may be a value
    case("begins_with(s, :hell)", True),
    case("begins_with(s, :hello)", True),
    case("begins_with(s, :dog)", False),
    case("begins_with(b, :hi)", True, MOTO_BINARY),
    case("begins_with(b, :here)", False),
    case("begins_with(n, :hell)", False),  # a number in the item: just false
    case("begins_with(:hellohi, s)", True),  # either operand may be a path or a value
    case("begins_with(s, s2)", False),
    case("begins_with(gone, :hell)", False),
    case("contains(s, :ell)", True),
    case("contains(s, :xyz)", False),
    case("contains(ss, :dog)", True),
    case("contains(ss, :bird)", False),
    case("contains(ns, :two)", True),
    case("contains(ns, :ten)", False),
    case("contains(ns, :two_s)", False),
    case("contains(bs, :b01)", True),
    case("contains(b, :here)", True, MOTO_BINARY),
    case("contains(l, :two_s)", True),
    case("contains(l, :one)", True),
    case("contains(l, :list3)", True),  # list membership uses deep equality
    case("contains(l, :four_map)", True),
    case("contains(l, :ten)", False),
    case("contains(m.y.z, :ten)", True),
    case("contains(n, :five)", False),
    case("contains(s, s2)", False),
    case("contains(gone, :ell)", False),
    case("size(s) = :five", True),
    case("size(b) = :eight", True),
    case("size(ss) = :two", True),
    case("size(ns) = :three", True),
    case("size(bs) = :two", True),
    case("size(l) = :four", True),
    case("size(m) = :two", True),
    case("size(m.y.z) = :two", True),
    case("size(l[3]) = :one", True),
    case("size(blank) = :zero", True),
    case("size(n) = :one", False, MOTO_SIZE),  # no size for N, BOOL or NULL in the item: false
    case("size(t) = :one", False, MOTO_SIZE),
    case("size(nul) = :one", False, MOTO_SIZE),
    case("size(s) = :str5", False),
    case("size(s) > :four", True),
    case("size(s) BETWEEN :four AND :six", True),
    case("size(s) IN (:one, :five)", True),
    case("size(s) = n", True),
    case("size(:hello) = :five", True, MOTO_SIZE),  # size of a constant
    case("size(gone) = :zero", False, MOTO_SIZE),
]

FUNCTION_ERRORS = [
    case(
        "attribute_exists(:five)",
        CE + "Operator or function requires a document path; operator or function: "
        "attribute_exists",
        MOTO_MESSAGE,
    ),
    case(
        "attribute_not_exists(size(:hello))",
        CE + "Operator or function requires a document path; operator or function: "
        "attribute_not_exists",
        MOTO_MESSAGE,
    ),
    case(
        "attribute_type(n, :t_dog)",
        re.compile(
            re.escape(CE + "Invalid attribute type name found; type: DOG, valid types: ") + TYPES
        ),
        MOTO_MESSAGE,
    ),
    case(
        "attribute_type(n, :five)",
        CE + "Incorrect operand type for operator or function; operator or function: "
        "attribute_type, operand type: N",
        MOTO_MESSAGE,
    ),
    case(
        "attribute_type(n, s2)",
        re.compile(
            re.escape(
                CE + "Incorrect operand type for operator or function; operator or function: "
                "attribute_type, operand type: "
            )
            + TYPES
        ),
        MOTO_MESSAGE,
    ),
    *[
        case(
            expression,
            CE + "Incorrect operand type for operator or function; operator or function: "
            f"{function}, operand type: {operand_type}",
            MOTO_TYPE_CHECK,
        )
        for expression, function, operand_type in [
            ("begins_with(s, :five)", "begins_with", "N"),
            ("begins_with(:five, s)", "begins_with", "N"),
            ("begins_with(s, :list12)", "begins_with", "L"),
            ("begins_with(s, :true)", "begins_with", "BOOL"),
            ("size(:five) = :one", "size", "N"),
            ("size(:true) > n", "size", "BOOL"),
            ("size(size(s)) > :one", "size", "N"),
        ]
    ],
    *[
        case(
            expression,
            CE
            + "The function is not allowed to be used this way in an expression; function: "
            + function,
            MOTO_MESSAGE,
        )
        for expression, function in [
            ("size(s)", "size"),
            ("attribute_exists(n) = :true", "attribute_exists"),
            ("attribute_not_exists(n) > s", "attribute_not_exists"),
            ("begins_with(s, :hell) = :true", "begins_with"),
            ("contains(ss, :dog) <> :false", "contains"),
            ("size(contains(ss, :dog)) > :one", "contains"),
            ("n BETWEEN :one AND attribute_exists(s)", "attribute_exists"),
            ("n IN (:one, attribute_exists(s))", "attribute_exists"),
        ]
    ],
    # Update functions have their own message; only its start is confirmed (seen in
    # application logs without the rest).
    case(
        "if_not_exists(n, :one) = :five",
        MessagePrefix(CE + "The function is not allowed in a condition expression"),
        MOTO_MESSAGE,
    ),
    case(
        "list_append(l, :l) = :l",
        MessagePrefix(CE + "The function is not allowed in a condition expression"),
        MOTO_MESSAGE,
    ),
    *[
        case(expression, CE + "Invalid function name; function: " + function, MOTO_MESSAGE)
        for expression, function in [
            ("dog(n) = :five", "dog"),
            ("BEGINS_WITH(s, :hell)", "BEGINS_WITH"),  # function names are case-sensitive
            ("attRIbute_exIsts(n)", "attRIbute_exIsts"),
            ("n < f(f(f(s)))", "f"),
        ]
    ],
    *[
        case(
            expression,
            CE + "Incorrect number of operands for operator or function; operator or function: "
            f"{function}, number of operands: {count}",
            MOTO_MESSAGE,
        )
        for expression, function, count in [
            ("attribute_exists(n, s)", "attribute_exists", 2),
            ("attribute_not_exists(n, s)", "attribute_not_exists", 2),
            ("attribute_type(n)", "attribute_type", 1),
            ("begins_with(s)", "begins_with", 1),
            ("begins_with(s, :a, :z)", "begins_with", 3),
            ("contains(s)", "contains", 1),
            ("size(s, s2) = :one", "size", 2),
        ]
    ],
    *[
        case(
            expression,
            CE + "The first operand must be distinct from the remaining operands for this "
            f"operator or function; operator: {operator}, first operand: {path}",
            MOTO_MESSAGE,
        )
        for expression, operator, path in [
            ("n = n", "=", "[n]"),
            ("#n <> n", "<>", "[n]"),
            ("m.y > m.y", ">", "[m, y]"),
            ("contains(s, s)", "contains", "[s]"),
            ("begins_with(m.y, m.#y)", "begins_with", "[m, y]"),
        ]
    ],
]

LOGIC = [
    case("n = :five AND s = :hello", True),
    case("n = :five AND s = :world", False),
    case("n = :six OR s = :hello", True),
    case("n = :six OR s = :world", False),
    case("NOT n = :six", True),
    case("NOT n = :five", False),
    case("n = :five aNd s = :hello", True),  # keywords are case-insensitive
    case("n = :six oR s = :hello", True),
    case("nOt n = :six", True),
    case("NOT NOT NOT NOT n = :five", True, MOTO_PARSER),
    case("NOT NOT n = :six", False, MOTO_PARSER),
    # AND binds tighter than OR: a OR (b AND c).
    case("n = :five OR n = :six AND s = :world", True),
    case("n = :six AND s = :world OR n = :five", True),
    case("(n = :five OR n = :six) AND s = :world", False),
    # NOT binds tighter than AND: (NOT a) AND b.
    case("NOT n = :six AND s = :world", False),
    case("NOT (n = :six AND s = :world)", True),
    case("NOT(n = :six)", True),
    case("n BETWEEN :one AND :ten AND s = :hello", True),
    case("n IN (:five) AND s IN (:hello)", True),
    case("(n = :five)", True),
    case("((n = :five) AND s = :hello)", True),  # one pair of parentheses is fine
    case("n = :five AND (s = :hello)", True),
    case("(n) = :five", True, MOTO_PARSER),
    case("size((s)) = :five", True, MOTO_PARSER),
    case("(n < n2 OR n2 < n) AND (n2 > zero AND (n < n2 OR n > n2))", True),
    case("((n = :five))", CE + "The expression has redundant parentheses;"),
    case("(((n = :five)))", CE + "The expression has redundant parentheses;"),
    case("n = ((:five))", CE + "The expression has redundant parentheses;", MOTO_MESSAGE),
    case(
        "n = :five AND ((s = :hello AND n2 = :seven)) AND t = :true",
        CE + "The expression has redundant parentheses;",
    ),
    case(
        "n = :five OR ((s = :hello OR (n2 = :seven OR t = :true)))",
        CE + "The expression has redundant parentheses;",
    ),
]

PATHS = [
    case("m.x = :one", True),
    case("m.y.z[0] = :ten", True),
    case("m.y.z[1] > m.y.z[0]", True),
    case("l[0] = :one", True),
    case("l[2][0] = :three", True),
    case("l[3].four = :four", True),
    case("#m.#y.#z[1] = :twenty", True),
    case("#dot = :dot", True),
    case("a.b = :dot", False),
    case("#name = :reserved", True),  # placeholders may stand for reserved words
    case("#k = :k", True),
]

# The near text is the source from the token before the offending one to the token after it.
# Cases marked "seen" copy messages observed from the service (for other attribute names);
# the others apply the same rule.
SYNTAX = [
    case("", CE + "The expression can not be empty;", MOTO_MESSAGE),
    case("n", syntax_error(KIND, "<EOF>", "n"), MOTO_MESSAGE),  # seen
    case("n+:five<n2", syntax_error(KIND, "+", "n+:five"), MOTO_MESSAGE),  # seen
    case("contains(ss, :dog", syntax_error(KIND, "<EOF>", ":dog"), MOTO_MESSAGE),  # seen
    case("NOT (n)", syntax_error(KIND, "<EOF>", ")"), MOTO_MESSAGE),  # seen
    case("n = :five AND", syntax_error(KIND, "<EOF>", "AND"), MOTO_MESSAGE),
    case("n =", syntax_error(KIND, "<EOF>", "="), MOTO_MESSAGE),
    case("(n = :five", syntax_error(KIND, "<EOF>", ":five"), MOTO_MESSAGE),
    case("n BETWEEN :one", syntax_error(KIND, "<EOF>", ":one"), MOTO_MESSAGE),
    case("n IN ()", syntax_error(KIND, ")", "()"), MOTO_MESSAGE),
    case("n = :five)", syntax_error(KIND, ")", ":five)"), MOTO_MESSAGE),
    case("n = :five s = :hello", syntax_error(KIND, "s", ":five s ="), MOTO_MESSAGE),
    case("n > 4", syntax_error(KIND, "4", "> 4"), MOTO_MESSAGE),
    case("n == :five", syntax_error(KIND, "=", "== :five"), MOTO_MESSAGE),
    case("n IN n2", syntax_error(KIND, "n2", "IN n2"), MOTO_MESSAGE),
    case("l[-1] = :one", syntax_error(KIND, "-", "[-1"), MOTO_MESSAGE),
    case("l[x] = :one", syntax_error(KIND, "x", "[x]"), MOTO_MESSAGE),
    case("l[:one] = :one", syntax_error(KIND, ":one", "[:one]"), MOTO_MESSAGE),
    case("size(s).x > :one", syntax_error(KIND, ".", ").x"), MOTO_MESSAGE),
    case("attribute_exists()", syntax_error(KIND, ")", "()"), MOTO_MESSAGE),
    # Characters outside the grammar: only the token part is asserted.
    case("_n = :five", syntax_error(KIND, "_"), MOTO_MESSAGE),
    case("n = :five ; s = :hello", syntax_error(KIND, ";"), MOTO_MESSAGE),
    *[
        case(
            expression,
            CE + "Attribute name is a reserved keyword; reserved keyword: " + word,
        )
        for expression, word in [
            ("name = :reserved", "name"),
            ("m.name = :reserved", "name"),  # path elements after a dot count too
            ("Status = :five", "Status"),  # reported as written
            (":five < abOrT", "abOrT"),
            ("attribute_exists(views, #n)", "views"),  # before the operand count
        ]
    ],
]


@pytest.mark.parametrize(
    ("expression", "expected"),
    COMPARISONS + BETWEEN_AND_IN + FUNCTIONS + FUNCTION_ERRORS + LOGIC + PATHS + SYNTAX,
)
def test_condition(client: Any, stored: str, expression: str, expected: Outcome) -> None:
    check(client, condition_params(stored, ITEM, expression), expected)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        case("attribute_not_exists(pk)", True),  # the create-only idiom
        case("attribute_exists(pk)", False),
        case("pk <> :k", True),
        case("n = :five", False),
        case("NOT n = :five", True),
        case("n <> :five", True),
        case("size(s) = :five", False, MOTO_SIZE),
        case("contains(ss, :dog)", False),
        case("attribute_type(n, :t_N)", False),
    ],
)
def test_condition_on_a_missing_item(
    client: Any, table: str, expression: str, expected: Outcome
) -> None:
    # The condition sees the absent item as an empty one.
    check(client, condition_params(table, {"pk": "k"}, expression), expected)


def test_in_accepts_ninety_nine_listed_operands(client: Any, stored: str) -> None:
    values = {f":v{i}": i for i in range(99)}
    client.put_item(
        TableName=stored,
        Item=wire_item(ITEM),
        ConditionExpression=f"n IN ({', '.join(values)})",
        ExpressionAttributeValues=wire_item(values),
    )


@pytest.mark.moto_differs(reason="moto does not limit the operand count of IN")
def test_in_rejects_too_many_operands(client: Any, stored: str) -> None:
    # The documented limit is 100 operands; the exact boundary and message are unconfirmed
    # (dynamodb-behaviour.md Appendix B.8), so only the error code is asserted.
    values = {f":v{i}": i for i in range(101)}
    assert_invalid(
        MessagePrefix(""),
        client.put_item,
        TableName=stored,
        Item=wire_item(ITEM),
        ConditionExpression=f"n IN ({', '.join(values)})",
        ExpressionAttributeValues=wire_item(values),
    )


# --- the condition on each conditional write ----------------------------------------------------


def test_put_with_false_condition_leaves_the_item(client: Any, stored: str) -> None:
    assert_condition_fails(
        client.put_item,
        TableName=stored,
        Item=wire_item({"pk": "k", "other": 1}),
        ConditionExpression="n = :six",
        ExpressionAttributeValues=wire_item({":six": 6}),
    )
    assert read_item(client, stored, {"pk": "k"}) == plain(wire_item(ITEM))


def test_put_with_true_condition_replaces_the_item(client: Any, stored: str) -> None:
    client.put_item(
        TableName=stored,
        Item=wire_item({"pk": "k", "other": 1}),
        ConditionExpression="n = :five",
        ExpressionAttributeValues=wire_item({":five": 5}),
    )
    assert read_item(client, stored, {"pk": "k"}) == {"pk": "k", "other": 1}


def test_delete_with_false_condition_keeps_the_item(client: Any, stored: str) -> None:
    assert_condition_fails(
        client.delete_item,
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        ConditionExpression="s = :dog",
        ExpressionAttributeValues=wire_item({":dog": "dog"}),
    )
    assert read_item(client, stored, {"pk": "k"}) is not None


def test_delete_with_true_condition_deletes(client: Any, stored: str) -> None:
    client.delete_item(
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        ConditionExpression="s = :hello",
        ExpressionAttributeValues=wire_item({":hello": "hello"}),
    )
    assert read_item(client, stored, {"pk": "k"}) is None


def test_delete_of_a_missing_item_with_attribute_exists_fails(client: Any, table: str) -> None:
    assert_condition_fails(
        client.delete_item,
        TableName=table,
        Key=wire_item({"pk": "nobody"}),
        ConditionExpression="attribute_exists(pk)",
    )


def test_update_with_false_condition_neither_updates_nor_creates(client: Any, table: str) -> None:
    assert_condition_fails(
        client.update_item,
        TableName=table,
        Key=wire_item({"pk": "k"}),
        UpdateExpression="SET a = :one",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues=wire_item({":one": 1}),
    )
    assert read_item(client, table, {"pk": "k"}) is None


@pytest.mark.moto_differs(reason="moto requires an update in UpdateItem with a condition")
def test_update_with_only_a_condition_creates_the_key(client: Any, table: str) -> None:
    # The "create if absent" idiom: no update at all, a condition on the key.
    params = {
        "TableName": table,
        "Key": wire_item({"pk": "k"}),
        "ConditionExpression": "pk <> :k",
        "ExpressionAttributeValues": wire_item({":k": "k"}),
    }
    client.update_item(**params)
    assert read_item(client, table, {"pk": "k"}) == {"pk": "k"}
    assert_condition_fails(client.update_item, **params)


def test_condition_is_checked_against_the_old_item(client: Any, stored: str) -> None:
    client.update_item(
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        UpdateExpression="SET n = :six",
        ConditionExpression="n = :five",
        ExpressionAttributeValues=wire_item({":five": 5, ":six": 6}),
    )
    assert_condition_fails(
        client.update_item,
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        UpdateExpression="SET n = :six",
        ConditionExpression="n = :five",
        ExpressionAttributeValues=wire_item({":five": 5, ":six": 6}),
    )


@pytest.mark.parametrize("operation", ["put_item", "update_item", "delete_item"])
def test_return_values_on_condition_check_failure_all_old(
    client: Any, stored: str, operation: str
) -> None:
    params: dict[str, Any] = {
        "TableName": stored,
        "ConditionExpression": "n = :six",
        "ExpressionAttributeValues": wire_item({":six": 6}),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    if operation == "put_item":
        params["Item"] = wire_item({"pk": "k"})
    else:
        params["Key"] = wire_item({"pk": "k"})
    if operation == "update_item":
        params["UpdateExpression"] = "REMOVE s"
    error = assert_condition_fails(getattr(client, operation), **params)
    assert plain(error.response["Item"]) == plain(wire_item(ITEM))


@pytest.mark.parametrize("setting", ["NONE", "ALL_OLD"])
def test_return_values_on_condition_check_failure_without_old_item(
    client: Any, table: str, setting: str
) -> None:
    error = assert_condition_fails(
        client.put_item,
        TableName=table,
        Item=wire_item({"pk": "k"}),
        ConditionExpression="attribute_exists(pk)",
        ReturnValuesOnConditionCheckFailure=setting,
    )
    assert "Item" not in error.response


def test_return_values_on_condition_check_failure_none_omits_the_item(
    client: Any, stored: str
) -> None:
    error = assert_condition_fails(
        client.delete_item,
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        ConditionExpression="attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure="NONE",
    )
    assert "Item" not in error.response


@pytest.mark.moto_differs(reason="moto does not validate ReturnValuesOnConditionCheckFailure")
def test_return_values_on_condition_check_failure_bad_value(client: Any, stored: str) -> None:
    # The order of the listed values is unconfirmed.
    assert_invalid(
        re.compile(
            re.escape(
                "1 validation error detected: Value 'ALL_NEW' at "
                "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must "
                "satisfy enum value set: "
            )
            + r"\[(ALL_OLD, NONE|NONE, ALL_OLD)\]"
        ),
        client.put_item,
        TableName=stored,
        Item=wire_item({"pk": "k"}),
        ConditionExpression="attribute_exists(pk)",
        ReturnValuesOnConditionCheckFailure="ALL_NEW",
    )


def test_short_circuit_still_counts_placeholders_as_used(client: Any, stored: str) -> None:
    # #b and :two are only reached if the left side were false; they are still "used".
    client.update_item(
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        ConditionExpression="#a = :five OR #b = :two",
        UpdateExpression="SET #a = :six",
        ExpressionAttributeNames={"#a": "n", "#b": "n2"},
        ExpressionAttributeValues=wire_item({":five": 5, ":two": 2, ":six": 6}),
    )
    item = read_item(client, stored, {"pk": "k"})
    assert item is not None
    assert item["n"] == 6


@pytest.mark.moto_differs(reason="moto evaluates the condition before checking placeholders")
def test_failed_condition_with_unused_value_is_a_validation_error(client: Any, stored: str) -> None:
    # Placeholder hygiene is checked before the condition is evaluated.
    assert_invalid(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
        client.put_item,
        TableName=stored,
        Item=wire_item(ITEM),
        ConditionExpression="n = :six",
        ExpressionAttributeValues=wire_item({":six": 6, ":unused": 1}),
    )
