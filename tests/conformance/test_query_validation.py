"""Query's validation errors, each with its exact message: the key condition (expression and
legacy), the filter on key attributes, mixing expression and legacy parameters, Select against
the projection parameters, and ExclusiveStartKey.

Sources: dynamodb-behaviour.md 4.6 and 5.6; dynalite's test/query.js and actions/query.js (its
messages were captured from the service); the Select messages (with the "1 validation error
detected: " envelope Query adds) from moto's aws_verified test_dynamodb_select.py and
nubo-db/dynamodb-conformance, both run against the service.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import (
    NOT_FOUND,
    ExpectedMessage,
    MessagePrefix,
    TableFactory,
    assert_error,
    assert_invalid,
    placeholders_used,
    syntax_error,
    unique_table_name,
    wire,
)

KCE = "Invalid KeyConditionExpression: "
INVALID = "One or more parameter values were invalid: "
TYPE_MISMATCH = INVALID + "Condition parameter type does not match schema type"
NOT_SUPPORTED = "Query key condition not supported"
NOT_INDEXABLE = "Attempted conditional constraint is not an indexable operation"
ENVELOPE = "1 validation error detected: "
START_INVALID = "The provided starting key is invalid"
KEY_MISMATCH = "The provided key element does not match the schema"
MOTO_MESSAGE = "moto's message differs"
MOTO_LENIENT = "moto accepts this request"

# What every case may use; only the placeholders an expression names are sent.
VALUES: dict[str, Any] = {
    ":p": "p",
    ":q": "q",
    ":a": "a",
    ":b": "b",
    ":n": 1,
    ":n2": 2,
    ":t": "S",
}


def used_values(*expressions: str) -> dict[str, Any]:
    return {name: wire(value) for name, value in placeholders_used(VALUES, *expressions).items()}


@pytest.fixture
def composite(make_table: TableFactory) -> str:
    return make_table(range=("sk", "S"))


@pytest.fixture
def numeric(make_table: TableFactory) -> str:
    return make_table(range=("sk", "N"))


def kce_case(expression: str, message: ExpectedMessage, moto: str = MOTO_MESSAGE) -> Any:
    marks = [pytest.mark.moto_differs(reason=moto)] if moto else []
    return pytest.param(expression, message, id=expression or "<empty>", marks=marks)


def operator_error(operator: str) -> str:
    return f"Invalid operator used in KeyConditionExpression: {operator}"


KEY_CONDITION_ERRORS = [
    kce_case("pk = :p OR pk = :q", operator_error("OR")),
    kce_case("NOT pk = :p", operator_error("NOT")),
    kce_case("pk IN (:p, :q)", operator_error("IN")),
    kce_case("pk <> :p", operator_error("<>")),
    kce_case("pk = :p AND attribute_exists(sk)", operator_error("attribute_exists")),
    kce_case("pk = :p AND attribute_not_exists(sk)", operator_error("attribute_not_exists")),
    kce_case("pk = :p AND attribute_type(sk, :t)", operator_error("attribute_type")),
    kce_case("pk = :p AND contains(sk, :a)", operator_error("contains")),
    kce_case("size(pk) = :n", "KeyConditionExpressions cannot contain nested operations"),
    kce_case(
        "pk = :p AND size(sk) > :n", "KeyConditionExpressions cannot contain nested operations"
    ),
    kce_case(
        "pk = :p AND :a BETWEEN sk AND :b",
        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
        "attribute as its first operand",
    ),
    kce_case(
        "pk = :p AND begins_with(:a, sk)",
        "Invalid condition in KeyConditionExpression: begins_with operator must have the key "
        "attribute as its first operand",
    ),
    kce_case(
        "pk = :p AND sk > zz",
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
        "condition",
        moto="",
    ),
    kce_case(
        "pk = sk",
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
        "condition",
        moto="",
    ),
    kce_case(
        "pk = :p AND sk.x > :a",
        "KeyConditionExpressions cannot have conditions on nested attributes",
    ),
    kce_case("pk[0] = :p", "KeyConditionExpressions cannot have conditions on nested attributes"),
    kce_case(
        "pk = :p AND :a < :b",
        "Invalid condition in KeyConditionExpression: No key attribute specified",
    ),
    kce_case(
        "pk = :p AND sk > :a AND sk < :b",
        "KeyConditionExpressions must only contain one condition per key",
    ),
    kce_case(
        "pk = :p AND pk = :q",
        "KeyConditionExpressions must only contain one condition per key",
    ),
    kce_case("pk = :p AND sk > :a AND zz = :b", "Conditions can be of length 1 or 2 only"),
    kce_case("sk = :a", "Query condition missed key schema element: pk", moto=""),
    kce_case("zz = :a", "Query condition missed key schema element: pk", moto=""),
    kce_case("pk = :p AND zz = :a", "Query condition missed key schema element: sk", moto=""),
    kce_case("pk > :p", NOT_SUPPORTED, moto=""),
    kce_case("begins_with(pk, :p)", NOT_SUPPORTED, moto=""),
    kce_case("pk BETWEEN :p AND :q", NOT_SUPPORTED, moto=""),
    kce_case("pk = :n", TYPE_MISMATCH),
    kce_case("pk = :p AND sk > :n", TYPE_MISMATCH),
    kce_case("pk = :p AND sk BETWEEN :n AND :n2", TYPE_MISMATCH),
    kce_case(
        "pk = :p AND sk BETWEEN :b AND :a",
        KCE + "The BETWEEN operator requires upper bound to be greater than or equal to lower "
        "bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: "
        "AttributeValue: {S:a}",
    ),
    kce_case(
        "pk = :p AND sk BETWEEN :n AND :a",
        KCE + "The BETWEEN operator requires same data type for lower and upper bounds; lower "
        "bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
    ),
    kce_case("", KCE + "The expression can not be empty;"),
    kce_case("pk = :p AND", syntax_error("KeyConditionExpression", "<EOF>")),
    kce_case(
        "pk = :nope",
        KCE + "An expression attribute value used in expression is not defined; attribute "
        "value: :nope",
    ),
]


@pytest.mark.parametrize(("expression", "message"), KEY_CONDITION_ERRORS)
def test_key_condition_expression_error(
    client: Any, composite: str, expression: str, message: ExpectedMessage
) -> None:
    params: dict[str, Any] = {"TableName": composite, "KeyConditionExpression": expression}
    values = used_values(expression)
    if values:
        params["ExpressionAttributeValues"] = values
    assert_invalid(message, client.query, **params)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        kce_case("pk = :p AND zz = :a", NOT_SUPPORTED, moto=""),
        kce_case("zz = :a AND pk = :p", NOT_SUPPORTED, moto=""),
    ],
)
def test_second_condition_on_a_hash_only_table(
    client: Any, table: str, expression: str, message: str
) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=table,
        KeyConditionExpression=expression,
        ExpressionAttributeValues=used_values(expression),
    )


@pytest.mark.moto_differs(reason=MOTO_MESSAGE)
def test_begins_with_on_a_number_sort_key(client: Any, numeric: str) -> None:
    assert_invalid(
        KCE + "Incorrect operand type for operator or function; operator or function: "
        "begins_with, operand type: N",
        client.query,
        TableName=numeric,
        KeyConditionExpression="pk = :p AND begins_with(sk, :n)",
        ExpressionAttributeValues=used_values(":p :n"),
    )


@pytest.mark.moto_differs(reason=MOTO_MESSAGE)
def test_string_bound_on_a_number_sort_key(client: Any, numeric: str) -> None:
    assert_invalid(
        TYPE_MISMATCH,
        client.query,
        TableName=numeric,
        KeyConditionExpression="pk = :p AND sk < :a",
        ExpressionAttributeValues=used_values(":p :a"),
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_no_key_condition(client: Any, composite: str) -> None:
    assert_invalid(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.",
        client.query,
        TableName=composite,
    )


def test_unknown_table(client: Any) -> None:
    assert_error(
        "ResourceNotFoundException",
        NOT_FOUND,
        client.query,
        TableName=unique_table_name(),
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
    )


# --- filters on key attributes, unused and undefined placeholders -------------------------------

FILTER_ON_KEY = (
    "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
)


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    ("filter_expression", "key"),
    [
        ("sk = :a", "sk"),
        ("pk = :q", "pk"),
        ("attribute_exists(sk)", "sk"),
        ("zz = :a AND begins_with(sk, :b)", "sk"),
        ("sk[1] = :a", "sk"),
    ],
)
def test_filter_on_a_key_attribute(
    client: Any, composite: str, filter_expression: str, key: str
) -> None:
    assert_invalid(
        FILTER_ON_KEY + key,
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        FilterExpression=filter_expression,
        ExpressionAttributeValues=used_values("pk = :p", filter_expression),
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_query_filter_on_a_key_attribute(client: Any, composite: str) -> None:
    assert_invalid(
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk",
        client.query,
        TableName=composite,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [wire("p")]}},
        QueryFilter={"sk": {"ComparisonOperator": "EQ", "AttributeValueList": [wire("a")]}},
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_unused_value(client: Any, composite: str) -> None:
    assert_invalid(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}",
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p :q"),
    )


def test_unused_name(client: Any, composite: str) -> None:
    assert_invalid(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
        ExpressionAttributeNames={"#unused": "x"},
    )


@pytest.mark.moto_differs(reason=MOTO_MESSAGE)
def test_undefined_name_in_the_filter(client: Any, composite: str) -> None:
    assert_invalid(
        "Invalid FilterExpression: An expression attribute name used in the document path is not "
        "defined; attribute name: #missing",
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        FilterExpression="#missing = :a",
        ExpressionAttributeValues=used_values(":p :a"),
    )


# --- legacy parameters ----------------------------------------------------------------------


def legacy(operator: str, *values: Any) -> dict[str, Any]:
    condition: dict[str, Any] = {"ComparisonOperator": operator}
    if values:
        condition["AttributeValueList"] = [wire(v) for v in values]
    return condition


P = {"pk": legacy("EQ", "p")}


def key_conditions_case(conditions: dict[str, Any], message: str, id: str) -> Any:
    lenient = id not in ("pk GT", "pk BEGINS_WITH", "no pk")
    marks = [pytest.mark.moto_differs(reason=MOTO_LENIENT)] if lenient else []
    return pytest.param(conditions, message, id=id, marks=marks)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        key_conditions_case({**P, "sk": legacy("NE", "a")}, NOT_INDEXABLE, id="sk NE"),
        key_conditions_case({**P, "sk": legacy("NULL")}, NOT_INDEXABLE, id="sk NULL"),
        key_conditions_case({**P, "sk": legacy("NOT_NULL")}, NOT_INDEXABLE, id="sk NOT_NULL"),
        key_conditions_case({**P, "sk": legacy("CONTAINS", "a")}, NOT_INDEXABLE, id="sk CONTAINS"),
        key_conditions_case(
            {**P, "sk": legacy("NOT_CONTAINS", "a")}, NOT_INDEXABLE, id="NOT_CONTAINS"
        ),
        key_conditions_case({**P, "sk": legacy("IN", "a")}, NOT_INDEXABLE, id="sk IN"),
        key_conditions_case({"pk": legacy("IN", "p")}, NOT_INDEXABLE, id="pk IN"),
        key_conditions_case({"pk": legacy("GT", "p")}, NOT_SUPPORTED, id="pk GT"),
        key_conditions_case({"pk": legacy("BEGINS_WITH", "p")}, NOT_SUPPORTED, id="pk BEGINS_WITH"),
        key_conditions_case(
            {"sk": legacy("EQ", "a")}, "Query condition missed key schema element: pk", id="no pk"
        ),
        key_conditions_case({"pk": legacy("EQ", 1)}, TYPE_MISMATCH, id="pk type"),
        key_conditions_case({**P, "sk": legacy("LT", b"a")}, TYPE_MISMATCH, id="sk type"),
        key_conditions_case(
            {"pk": legacy("EQ", "p", "q")},
            INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator",
            id="EQ arity",
        ),
        key_conditions_case(
            {**P, "sk": legacy("BETWEEN", "b", "a")},
            "The BETWEEN condition was provided a range where the lower bound is greater than the "
            "upper bound",
            id="BETWEEN order",
        ),
    ],
)
def test_key_conditions_error(
    client: Any, composite: str, conditions: dict[str, Any], message: str
) -> None:
    assert_invalid(message, client.query, TableName=composite, KeyConditions=conditions)


def mixing(non_expression: str, expression: str) -> str:
    return (
        "Can not use both expression and non-expression parameters in the same request: "
        f"Non-expression parameters: {{{non_expression}}} Expression parameters: {{{expression}}}"
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {"KeyConditions": P}, mixing("KeyConditions", "KeyConditionExpression"), id="keys"
        ),
        pytest.param(
            {"QueryFilter": {"x": legacy("EQ", "a")}},
            mixing("QueryFilter", "KeyConditionExpression"),
            id="filter",
        ),
        pytest.param(
            {"AttributesToGet": ["x"]},
            mixing("AttributesToGet", "KeyConditionExpression"),
            id="attributes",
        ),
    ],
)
def test_mixing_legacy_and_expression_parameters(
    client: Any, composite: str, extra: dict[str, Any], message: str
) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
        **extra,
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_names_without_expressions(client: Any, composite: str) -> None:
    assert_invalid(
        "ExpressionAttributeNames can only be specified when using expressions",
        client.query,
        TableName=composite,
        KeyConditions=P,
        ExpressionAttributeNames={"#a": "a"},
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_values_without_expressions(client: Any, composite: str) -> None:
    # Only the beginning is confirmed; the rest names the missing expressions.
    assert_invalid(
        MessagePrefix("ExpressionAttributeValues can only be specified when using expressions"),
        client.query,
        TableName=composite,
        KeyConditions=P,
        ExpressionAttributeValues=used_values(":a"),
    )


# --- Select ---------------------------------------------------------------------------------

SELECT_ERRORS = [
    pytest.param(
        {"Select": "ALL_PROJECTED_ATTRIBUTES"},
        ENVELOPE + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        id="all-projected-without-index",
    ),
    pytest.param(
        {"Select": "SPECIFIC_ATTRIBUTES"},
        ENVELOPE + "Must specify the AttributesToGet or ProjectionExpression when choosing to "
        "get SPECIFIC_ATTRIBUTES",
        id="specific-without-projection",
    ),
    pytest.param(
        {"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "sk"},
        ENVELOPE + "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
        id="projection-all",
    ),
    pytest.param(
        {"Select": "COUNT", "ProjectionExpression": "sk"},
        ENVELOPE + "Cannot specify the ProjectionExpression when choosing to get only the Count",
        id="projection-count",
    ),
    pytest.param(
        {"Select": "count"},
        ENVELOPE + "Value 'count' at 'select' failed to satisfy constraint: Member must satisfy "
        "enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        id="lowercase",
    ),
]


@pytest.mark.parametrize(("extra", "message"), SELECT_ERRORS)
def test_select_error(client: Any, composite: str, extra: dict[str, Any], message: str) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
        **extra,
    )


@pytest.mark.parametrize(
    ("select", "described"), [("ALL_ATTRIBUTES", "ALL_ATTRIBUTES"), ("COUNT", "only the Count")]
)
def test_attributes_to_get_with_select(
    client: Any, composite: str, select: str, described: str
) -> None:
    assert_invalid(
        f"{ENVELOPE}Cannot specify the AttributesToGet when choosing to get {described}",
        client.query,
        TableName=composite,
        KeyConditions=P,
        AttributesToGet=["sk"],
        Select=select,
    )


# --- ExclusiveStartKey ----------------------------------------------------------------------


def start(**key: Any) -> dict[str, Any]:
    return {name: value if isinstance(value, dict) else wire(value) for name, value in key.items()}


START_KEY_ERRORS = [
    pytest.param(start(pk="p"), START_INVALID, id="no sort key"),
    pytest.param(start(pk="p", sk="a", x="x"), START_INVALID, id="extra attribute"),
    pytest.param(start(pk="p", x="a"), START_INVALID, id="other attribute"),
    pytest.param({}, START_INVALID, id="empty"),
    pytest.param(start(pk=1, sk="a"), KEY_MISMATCH, id="partition type"),
    pytest.param(start(pk="p", sk=1), KEY_MISMATCH, id="sort type"),
    pytest.param(start(pk="p", sk=b"a"), KEY_MISMATCH, id="sort binary"),
    pytest.param(start(pk="p", sk={"SS": ["a"]}), KEY_MISMATCH, id="sort set"),
]


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(("start_key", "message"), START_KEY_ERRORS)
def test_start_key_shape(
    client: Any, composite: str, start_key: dict[str, Any], message: str
) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=composite,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
        ExclusiveStartKey=start_key,
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    "start_key",
    [start(pk=1), start(pk={"NULL": True}), start(pk="p", sk="a"), start(sk="a")],
    ids=["number", "null", "extra", "other"],
)
def test_start_key_of_a_hash_only_table(client: Any, table: str, start_key: dict[str, Any]) -> None:
    message = KEY_MISMATCH if list(start_key) == ["pk"] else START_INVALID
    assert_invalid(
        message,
        client.query,
        TableName=table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues=used_values(":p"),
        ExclusiveStartKey=start_key,
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
@pytest.mark.parametrize(
    ("expression", "start_key", "message"),
    [
        pytest.param(
            "pk = :b",
            start(pk="a", sk="a"),
            "The provided starting key is outside query boundaries based on provided conditions",
            id="other partition",
        ),
        pytest.param(
            "pk = :b AND sk > :b",
            start(pk="a", sk="a"),
            "The provided starting key does not match the range key predicate",
            id="other partition, outside the range",
        ),
        pytest.param(
            "pk = :b AND sk > :b",
            start(pk="b", sk="a"),
            "The provided starting key does not match the range key predicate",
            id="outside the range",
        ),
        pytest.param(
            "pk = :b AND sk < :b",
            start(pk="a", sk="a"),
            "The query can return at most one row and cannot be restarted",
            id="other partition, inside the range",
        ),
    ],
)
def test_start_key_outside_the_condition(
    client: Any, composite: str, expression: str, start_key: dict[str, Any], message: str
) -> None:
    assert_invalid(
        message,
        client.query,
        TableName=composite,
        KeyConditionExpression=expression,
        ExpressionAttributeValues=used_values(expression),
        ExclusiveStartKey=start_key,
    )


@pytest.mark.moto_differs(reason=MOTO_LENIENT)
def test_start_key_outside_the_legacy_condition(client: Any, composite: str) -> None:
    assert_invalid(
        "The provided starting key does not match the range key predicate",
        client.query,
        TableName=composite,
        KeyConditions={"pk": legacy("EQ", "b"), "sk": legacy("GT", "a")},
        ExclusiveStartKey=start(pk="a", sk="a"),
    )
