"""ProjectionExpression on GetItem and BatchGetItem: nested paths, list indexes, placeholders,
overlap and conflict, nesting depth, and the errors.

Sources: dynamodb-behaviour.md 5.1 and 5.3; the facts come from scylladb alternator's
test_projection_expression.py (run against the real service).
"""

from __future__ import annotations

import re
from typing import Any, Union

import pytest
from conformance_support import (
    ExpectedMessage,
    assert_invalid,
    placeholders_used,
    plain,
    syntax_error,
    wire_item,
)

pytestmark = pytest.mark.expressions

PE = "Invalid ProjectionExpression: "
KIND = "ProjectionExpression"
ITEM: dict[str, Any] = {
    "pk": "k",
    "a": {"b": [2, 4, {"x": "hi", "y": "yo"}], "c": 5},
    "s": "hello",
    "n": 1,
    "l": [10, 20, 30, [40, 50]],
    "a.b": "dot",
    "name": "reserved",
}
NAMES = {
    "#n1": "a",
    "#n2": "c",
    "#dot": "a.b",
    "#s": "s",
    "#name": "name",
    "#k": "pk",
    "#br": "[3]",
}

Outcome = Union[dict[str, Any], ExpectedMessage]


def case(expression: str, expected: Outcome, moto: str | None = None) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    return pytest.param(expression, expected, id=expression or "<empty>", marks=marks)


def overlap(one: str, two: str) -> str:
    return (
        f"{PE}Two document paths overlap with each other; must remove or rewrite one of these "
        f"paths; path one: {one}, path two: {two}"
    )


def conflict(one: str, two: str) -> str:
    return (
        f"{PE}Two document paths conflict with each other; must remove or rewrite one of these "
        f"paths; path one: {one}, path two: {two}"
    )


MOTO_MESSAGE = "moto's message differs"
MOTO_PATHS = "moto does not check projected paths for overlap or conflict"
MOTO_LISTS = "moto does not project list elements like the service"

PROJECTIONS = [
    case("s", {"s": "hello"}),
    case("s, n", {"s": "hello", "n": 1}),
    case(" s ,   n ", {"s": "hello", "n": 1}),
    case("s,n", {"s": "hello", "n": 1}),
    case("pk", {"pk": "k"}),  # key attributes only when asked for
    case("a", {"a": ITEM["a"]}),
    case("a.b", {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}]}}),  # nesting is kept
    case("a.b[0]", {"a": {"b": [2]}}),
    case("a.b[2]", {"a": {"b": [{"x": "hi", "y": "yo"}]}}),
    case("a.b[2].y", {"a": {"b": [{"y": "yo"}]}}),
    case("l[3][1]", {"l": [[50]]}, MOTO_LISTS),
    case("a.b[0], a.b[1]", {"a": {"b": [2, 4]}}, MOTO_LISTS),
    case("a.b[0], a.c", {"a": {"b": [2], "c": 5}}),
    case("a.c, s", {"a": {"c": 5}, "s": "hello"}),
    case("l[0], l[2]", {"l": [10, 30]}, MOTO_LISTS),  # the list is packed again
    case("l[1], l[9]", {"l": [20]}),  # missing indexes are dropped
    case("a.b, a.c", {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}], "c": 5}}),
    case("a.b, a.c[1]", {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}]}}),
    # Missing paths are left out; an existing item with nothing left is an empty item.
    case("gone", {}),
    case("a.b[3]", {}),
    case("a.gone", {}),
    case("a.gone.y", {}),
    case("a.b[3].x", {}),
    case("a.b.x", {}),  # a list looked up as a map
    case("a[0]", {}),  # a map indexed as a list
    case("a.b[0].x", {}, MOTO_LISTS),  # a number looked into
    case("a.b[0][0]", {}),
    case("a[1], a[2]", {}),
    case("a.gone, a.b[0], gone, a.b[3].x", {"a": {"b": [2]}}),
    case("#n1.#n2", {"a": {"c": 5}}),
    case("#n1.b[1]", {"a": {"b": [4]}}),
    case("a.#n2", {"a": {"c": 5}}),
    case("#dot", {"a.b": "dot"}),  # a dot inside a placeholder is literal
    case("#name", {"name": "reserved"}),  # placeholders may stand for reserved words
    case("#k, #s", {"pk": "k", "s": "hello"}),
    case("a" + ".b" * 31, {}),  # 32 levels are allowed
]

ERRORS = [
    case("", PE + "The expression can not be empty;"),
    case("s, s", overlap("[s]", "[s]"), MOTO_PATHS),
    case("#s, s", overlap("[s]", "[s]"), MOTO_PATHS),  # compared after substitution
    case("a, a.b", overlap("[a]", "[a, b]"), MOTO_PATHS),
    case("a.b, a", overlap("[a, b]", "[a]"), MOTO_PATHS),
    case("a.b[0], a.b[0]", overlap("[a, b, [0]]", "[a, b, [0]]"), MOTO_PATHS),
    case("a, a.b[2].c", overlap("[a]", "[a, b, [2], c]"), MOTO_PATHS),
    case("a.b, a.b.c", overlap("[a, b]", "[a, b, c]"), MOTO_PATHS),
    case("a.b.d.e, a.b", overlap("[a, b, d, e]", "[a, b]"), MOTO_PATHS),
    case("l[1], l[1]", overlap("[l, [1]]", "[l, [1]]"), MOTO_PATHS),
    case("a.b, a[1]", conflict("[a, b]", "[a, [1]]"), MOTO_PATHS),
    case("a[1], a.b", conflict("[a, [1]]", "[a, b]"), MOTO_PATHS),
    case("a.b[1], a.b.c", conflict("[a, b, [1]]", "[a, b, c]"), MOTO_PATHS),
    # Overlaps are found before conflicts, and the earlier path is "path one".
    case("l[1], l.a, #n1.b, a", overlap("[a, b]", "[a]"), MOTO_PATHS),
    case("a, #n1[1]", overlap("[a]", "[a, [1]]"), MOTO_PATHS),
    case("a.b, #n1[1], s", conflict("[a, b]", "[a, [1]]"), MOTO_PATHS),
    case("a.b[1], #n1[1], s", conflict("[a, b, [1]]", "[a, [1]]"), MOTO_PATHS),
    case("a[3].b, #n1.#br.b", conflict("[a, [3], b]", "[a, [3], b]"), MOTO_PATHS),
    # An undefined name is reported before an overlap, a reserved word before an undefined name.
    case(
        "a, s, a, #gone",
        PE + "An expression attribute name used in the document path is not defined; "
        "attribute name: #gone",
        MOTO_MESSAGE,
    ),
    case(
        "#gone, ABSoLUTE",
        PE + "Attribute name is a reserved keyword; reserved keyword: ABSoLUTE",
        MOTO_MESSAGE,
    ),
    case(
        "a.abORt",
        PE + "Attribute name is a reserved keyword; reserved keyword: abORt",
        MOTO_MESSAGE,
    ),
    case(
        "pk.x",
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: pk",
        MOTO_MESSAGE,
    ),
    case(
        "#k[0]",
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: pk",
        MOTO_MESSAGE,
    ),
    case(
        "a" + ".b" * 32,
        PE + "The document path has too many nesting levels; nesting levels: 33",
        MOTO_MESSAGE,
    ),
    case(
        "l[99999999999999]",
        PE + "List index is not within the allowable range; index: [99999999999999]",
        MOTO_MESSAGE,
    ),
    case("name", PE + "Attribute name is a reserved keyword; reserved keyword: name", MOTO_MESSAGE),
    case(
        "a.Count",
        PE + "Attribute name is a reserved keyword; reserved keyword: Count",
        MOTO_MESSAGE,
    ),
    case(
        "#gone",
        PE + "An expression attribute name used in the document path is not defined; "
        "attribute name: #gone",
        MOTO_MESSAGE,
    ),
    # The near text runs from the token before the offending one to the token after it.
    case("s,", syntax_error(KIND, "<EOF>", ","), MOTO_MESSAGE),
    case(",s", syntax_error(KIND, ",", ",s"), MOTO_MESSAGE),
    case("s,,n", syntax_error(KIND, ",", ",,n"), MOTO_MESSAGE),
    case("s n", syntax_error(KIND, "n", "s n"), MOTO_MESSAGE),
    case("l[-1]", syntax_error(KIND, "-", "[-1"), MOTO_MESSAGE),
    case("l[]", syntax_error(KIND, "]", "[]"), MOTO_MESSAGE),
    case("l[x]", syntax_error(KIND, "x", "[x]"), MOTO_MESSAGE),
    case("a.", syntax_error(KIND, "<EOF>", "."), MOTO_MESSAGE),
    case("a..b", syntax_error(KIND, ".", "..b"), MOTO_MESSAGE),
    case("s = :v", syntax_error(KIND, "="), MOTO_MESSAGE),
    # Syntax errors come before reserved words.
    case("abort,", syntax_error(KIND, "<EOF>", ","), MOTO_MESSAGE),
    *[
        case(expression, syntax_error(KIND, token), MOTO_MESSAGE)
        for expression, token in [
            ("whatever(stuff)", "("),
            (":a", ":a"),
            ("(a)", "("),
            ("(a.b).c", "("),
            ("a-b", "-"),
        ]
    ],
]


@pytest.fixture
def stored(client: Any, table: str) -> str:
    client.put_item(TableName=table, Item=wire_item(ITEM))
    return table


def get(client: Any, table: str, expression: str, key: str = "k") -> dict[str, Any]:
    params: dict[str, Any] = {
        "TableName": table,
        "Key": wire_item({"pk": key}),
        "ConsistentRead": True,
        "ProjectionExpression": expression,
    }
    names = placeholders_used(NAMES, expression)
    if names:
        params["ExpressionAttributeNames"] = names
    response: dict[str, Any] = client.get_item(**params)
    return response


@pytest.mark.parametrize(("expression", "expected"), PROJECTIONS)
def test_projection(client: Any, stored: str, expression: str, expected: dict[str, Any]) -> None:
    response = get(client, stored, expression)
    assert plain(response["Item"]) == plain(wire_item(expected))


@pytest.mark.parametrize(("expression", "expected"), ERRORS)
def test_projection_error(
    client: Any, stored: str, expression: str, expected: ExpectedMessage
) -> None:
    assert isinstance(expected, (str, re.Pattern))
    assert_invalid(expected, lambda: get(client, stored, expression))


@pytest.mark.parametrize("expression", ["gone", "a.x", "a[0]", "s"])
def test_missing_item_has_no_item_member(client: Any, stored: str, expression: str) -> None:
    assert "Item" not in get(client, stored, expression, key="nobody")


def test_projection_keeps_wire_types(client: Any, stored: str) -> None:
    # The projected list is re-packed, not replaced by a map of indexes.
    item = get(client, stored, "a.b[2].y, l[3]")["Item"]
    assert item == {
        "a": {"M": {"b": {"L": [{"M": {"y": {"S": "yo"}}}]}}},
        "l": {"L": [{"L": [{"N": "40"}, {"N": "50"}]}]},
    }


def test_unused_name_is_rejected(client: Any, stored: str) -> None:
    assert_invalid(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#extra}",
        client.get_item,
        TableName=stored,
        Key=wire_item({"pk": "k"}),
        ProjectionExpression="#s",
        ExpressionAttributeNames={"#s": "s", "#extra": "n"},
    )


def test_composite_key_attributes_only_when_projected(client: Any, make_table: Any) -> None:
    table = make_table(range=("sk", "S"))
    client.put_item(TableName=table, Item=wire_item({"pk": "p", "sk": "s", "a": 1}))
    response = client.get_item(
        TableName=table,
        Key=wire_item({"pk": "p", "sk": "s"}),
        ProjectionExpression="a, sk",
        ConsistentRead=True,
    )
    assert plain(response["Item"]) == {"a": 1, "sk": "s"}


def test_batch_get_item_projection(client: Any, stored: str) -> None:
    client.put_item(TableName=stored, Item=wire_item({"pk": "k2", "a": {"c": 6, "d": 7}}))
    response = client.batch_get_item(
        RequestItems={
            stored: {
                "Keys": [wire_item({"pk": "k"}), wire_item({"pk": "k2"})],
                "ProjectionExpression": "#k, #n1.#n2",
                "ExpressionAttributeNames": {"#k": "pk", "#n1": "a", "#n2": "c"},
                "ConsistentRead": True,
            }
        }
    )
    items = sorted((plain(item) for item in response["Responses"][stored]), key=lambda i: i["pk"])
    assert items == [{"pk": "k", "a": {"c": 5}}, {"pk": "k2", "a": {"c": 6}}]


@pytest.mark.moto_differs(reason="moto does not check projected paths for overlap")
def test_batch_get_item_projection_error(client: Any, stored: str) -> None:
    assert_invalid(
        overlap("[s]", "[s]"),
        client.batch_get_item,
        RequestItems={stored: {"Keys": [wire_item({"pk": "k"})], "ProjectionExpression": "s, s"}},
    )


@pytest.mark.moto_differs(reason="moto does not check projected paths for overlap")
def test_projection_does_not_need_the_item_to_exist_for_errors(client: Any, table: str) -> None:
    # Overlap is checked on the expression alone, before any item is read.
    assert_invalid(overlap("[a]", "[a, b]"), lambda: get(client, table, "a, a.b", key="nobody"))
