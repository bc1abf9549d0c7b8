"""TransactWriteItems: Put, Update, Delete and ConditionCheck across tables, all or nothing.

Sources: dynamodb-behaviour.md sections 10 (transactions), 7.1 (capacity), 2 and 4 (single-item
validation texts); botocore's model (shapes, the TransactionCanceledException documentation of
the cancellation codes); the developer guide's "transaction-apis" page (two underlying writes per
item, GSIs updated like normal writes); scylladb's alternator test_transact.py (tests that pass
against DynamoDB: reasons in request order, every failed condition reported, only the first
invalid action reported, expression errors as plain ValidationException, the 4 MB limit being on
the request, not on the items it deletes); real-service captures in nubo-db/dynamodb-conformance
(the empty-list, 101-action, multiple-operations, not-found and key-validation texts, the
top-level cancellation message); the AWS CLI's transact-write-items example (a TOTAL entry carries
WriteCapacityUnits beside CapacityUnits).

Unconfirmed facts (marked ⚠ where they are asserted): the text for an entry with two actions
(moto's); reason texts for a missing key, an oversized item, arithmetic overflow, a wrong operand
type and a too-large update (taken from the single-item operations); the Coral path of a missing
ConditionExpression or a bad ReturnValuesOnConditionCheckFailure; ConditionCheck capacity; index
units doubled like the table's; item collection metrics only for tables with local indexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conformance_support import (
    CONDITION_FAILED,
    ITEM_TOO_LARGE,
    KEY_SCHEMA_MISMATCH,
    MAX_ITEM_BYTES,
    NOT_FOUND,
    NUMBER_OVERFLOW,
    Raw,
    TableFactory,
    assert_error,
    assert_rejected,
    code_and_message,
    expect_error,
    read_item,
    s_key,
    syntax_error,
    unique_table_name,
    wire_item,
)
from transaction_support import (
    EMPTY_LIST,
    MULTIPLE_OPERATIONS,
    NONE,
    cancellation,
    check,
    delete,
    item,
    put,
    stored,
    update,
    validation_error,
    values,
    wire_form,
)

# The service echoes the whole list in a Java toString form; only the frame is pinned.
TOO_MANY = re.compile(
    r"1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy "
    r"constraint: Member must have length less than or equal to 100",
    re.DOTALL,
)
INVALID = "One or more parameter values were invalid: "
FAILED: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}

MOTO_CAPACITY = pytest.mark.moto_differs(reason="moto returns an empty ConsumedCapacity list")
MOTO_VALIDATION = pytest.mark.moto_differs(
    reason="moto reports per-action validation errors differently"
)


# --- successful transactions ---------------------------------------------------------------------


def test_actions_across_two_tables(client: Any, table: str, other_table: str) -> None:
    client.put_item(TableName=table, Item=item("upd", n=1, keep="k"))
    client.put_item(TableName=table, Item=item("del"))
    client.put_item(TableName=other_table, Item=wire_item({"pk": "chk", "sk": "1", "s": "on"}))
    client.transact_write_items(
        TransactItems=[
            put(table, item("new", n=7)),
            update(
                table, s_key("upd"), "SET n = n + :one", ExpressionAttributeValues=values(one=1)
            ),
            delete(table, s_key("del")),
            check(
                other_table,
                wire_item({"pk": "chk", "sk": "1"}),
                "s = :on",
                ExpressionAttributeValues=wire_item({":on": "on"}),
            ),
            put(other_table, wire_item({"pk": "chk", "sk": "2"})),
        ]
    )
    assert stored(client, table, "new") == {"pk": "new", "n": 7}
    assert stored(client, table, "upd") == {"pk": "upd", "n": 2, "keep": "k"}
    assert stored(client, table, "del") is None
    assert read_item(client, other_table, {"pk": "chk", "sk": "1"}) == {
        "pk": "chk",
        "sk": "1",
        "s": "on",
    }
    assert read_item(client, other_table, {"pk": "chk", "sk": "2"}) == {"pk": "chk", "sk": "2"}


@pytest.mark.moto_differs(reason="moto adds ConsumedCapacity and ItemCollectionMetrics unasked")
def test_response_is_empty(client: Any, table: str) -> None:
    response = client.transact_write_items(TransactItems=[put(table, item("a"))])
    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {}


def test_put_replaces_the_whole_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=item("a", old="x"))
    client.transact_write_items(TransactItems=[put(table, item("a", new="y"))])
    assert stored(client, table, "a") == {"pk": "a", "new": "y"}


def test_update_creates_a_missing_item(client: Any, table: str) -> None:
    client.transact_write_items(
        TransactItems=[
            update(
                table,
                s_key("a"),
                "SET #s = :v",
                ConditionExpression="attribute_not_exists(pk)",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues=wire_item({":v": "created"}),
            )
        ]
    )
    assert stored(client, table, "a") == {"pk": "a", "status": "created"}


def test_delete_of_a_missing_item_succeeds(client: Any, table: str) -> None:
    client.transact_write_items(TransactItems=[delete(table, s_key("nothing"))])
    assert stored(client, table, "nothing") is None


def test_condition_check_writes_nothing(client: Any, table: str) -> None:
    client.transact_write_items(
        TransactItems=[
            check(table, s_key("ghost"), "attribute_not_exists(pk)"),
            put(table, item("witness")),
        ]
    )
    assert stored(client, table, "ghost") is None
    assert stored(client, table, "witness") == {"pk": "witness"}


def test_100_actions(client: Any, table: str) -> None:
    client.transact_write_items(
        TransactItems=[put(table, item(f"k{i:03}", n=i)) for i in range(100)]
    )
    for i in (0, 57, 99):
        assert stored(client, table, f"k{i:03}") == {"pk": f"k{i:03}", "n": i}


# --- cancellation: failed conditions ------------------------------------------------------------

# One action of each kind whose condition fails on the seeded item {pk: "a", n: 1}.
FAILING: dict[str, Callable[[str], dict[str, Any]]] = {
    "Put": lambda t: put(t, item("a", n=2), ConditionExpression="attribute_not_exists(pk)"),
    "Update": lambda t: update(
        t,
        s_key("a"),
        "SET n = :two",
        ConditionExpression="n = :five",
        ExpressionAttributeValues=wire_item({":two": 2, ":five": 5}),
    ),
    "Delete": lambda t: delete(t, s_key("a"), ConditionExpression="attribute_not_exists(pk)"),
    "ConditionCheck": lambda t: check(t, s_key("a"), "attribute_not_exists(pk)"),
}


@pytest.mark.parametrize("kind", list(FAILING))
def test_failed_condition_of_each_kind(client: Any, table: str, kind: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1))
    reasons = cancellation(client.transact_write_items, TransactItems=[FAILING[kind](table)])
    assert reasons == [FAILED]
    assert stored(client, table, "a") == {"pk": "a", "n": 1}


def test_one_failed_condition_cancels_everything(client: Any, table: str, other_table: str) -> None:
    client.put_item(TableName=table, Item=item("upd", n=1))
    client.put_item(TableName=table, Item=item("del"))
    error = expect_error(
        client.transact_write_items,
        TransactItems=[
            put(table, item("new")),
            update(table, s_key("upd"), "SET n = :two", ExpressionAttributeValues=values(two=2)),
            delete(table, s_key("del")),
            put(other_table, wire_item({"pk": "x", "sk": "1"})),
            check(table, s_key("missing"), "attribute_exists(pk)"),
        ],
    )
    assert code_and_message(error) == (
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, None, None, None, ConditionalCheckFailed]",
    )
    assert error.response["CancellationReasons"] == [NONE, NONE, NONE, NONE, FAILED]
    assert stored(client, table, "new") is None
    assert stored(client, table, "upd") == {"pk": "upd", "n": 1}
    assert stored(client, table, "del") == {"pk": "del"}
    assert read_item(client, other_table, {"pk": "x", "sk": "1"}) is None


def test_top_level_message_lists_codes_in_order(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=item("old"))
    assert_error(
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, ConditionalCheckFailed]",
        client.transact_write_items,
        TransactItems=[
            put(table, item("fresh"), ConditionExpression="attribute_not_exists(pk)"),
            put(table, item("old"), ConditionExpression="attribute_not_exists(pk)"),
        ],
    )


def test_every_failed_condition_is_reported(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1))
    client.put_item(TableName=table, Item=item("b", n=1))
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            put(table, item("a", n=9), ConditionExpression="attribute_not_exists(pk)"),
            put(table, item("fine")),
            check(table, s_key("nobody"), "attribute_exists(pk)"),
            update(
                table,
                s_key("b"),
                "SET n = :nine",
                ConditionExpression="n > :five",
                ExpressionAttributeValues=wire_item({":nine": 9, ":five": 5}),
            ),
            delete(table, s_key("c"), ConditionExpression="attribute_exists(pk)"),
        ],
    )
    assert reasons == [FAILED, NONE, FAILED, FAILED, FAILED]
    assert stored(client, table, "fine") is None


def test_update_with_a_false_condition_creates_no_item(client: Any, table: str) -> None:
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            update(
                table,
                s_key("ghost"),
                "ADD hits :one",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=wire_item({":one": 1}),
            )
        ],
    )
    assert reasons == [FAILED]
    assert stored(client, table, "ghost") is None


# --- ReturnValuesOnConditionCheckFailure ---------------------------------------------------------


@pytest.mark.parametrize("kind", list(FAILING))
def test_all_old_returns_the_item(client: Any, table: str, kind: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1, s="x"))
    action = FAILING[kind](table)
    action[kind]["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    reasons = cancellation(client.transact_write_items, TransactItems=[action])
    # boto3 leaves the item in wire form here.
    assert reasons == [{**FAILED, "Item": item("a", n=1, s="x")}]


@pytest.mark.parametrize("kind", list(FAILING))
def test_none_returns_no_item(client: Any, table: str, kind: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1))
    action = FAILING[kind](table)
    action[kind]["ReturnValuesOnConditionCheckFailure"] = "NONE"
    assert cancellation(client.transact_write_items, TransactItems=[action]) == [FAILED]


def test_all_old_on_a_missing_item_returns_no_item(client: Any, table: str) -> None:
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            check(
                table,
                s_key("missing"),
                "attribute_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        ],
    )
    assert reasons == [FAILED]


def test_only_the_asking_action_gets_its_item(client: Any, table: str) -> None:
    client.put_item(TableName=table, Item=item("a", n=1))
    client.put_item(TableName=table, Item=item("b", n=2))
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            check(table, s_key("a"), "attribute_not_exists(pk)"),
            check(
                table,
                s_key("b"),
                "attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ),
        ],
    )
    assert reasons == [FAILED, {**FAILED, "Item": item("b", n=2)}]


@pytest.mark.moto_differs(reason="moto does not validate ReturnValuesOnConditionCheckFailure")
@pytest.mark.parametrize("value", ["dog", "none", "ALL_NEW"])
def test_return_values_on_condition_check_failure_bad_value(
    client: Any, table: str, value: str
) -> None:
    # A plain ValidationException for the request, not a cancellation reason. ⚠ The member path
    # follows the service's validator format; the order of the enum values is unconfirmed.
    assert_rejected(
        "ValidationException",
        re.compile(
            re.escape(
                f"1 validation error detected: Value '{value}' at "
                "'transactItems.1.member.update.returnValuesOnConditionCheckFailure' failed to "
                "satisfy constraint: Member must satisfy enum value set: "
            )
            + r"\[(ALL_OLD, NONE|NONE, ALL_OLD)\]"
        ),
        client.transact_write_items,
        TransactItems=[
            update(
                table,
                s_key("a"),
                "SET n = :one",
                ExpressionAttributeValues=wire_item({":one": 1}),
                ReturnValuesOnConditionCheckFailure=value,
            )
        ],
    )
    assert stored(client, table, "a") is None


# --- cancellation: validation errors -------------------------------------------------------------


@MOTO_VALIDATION
def test_only_the_first_invalid_action_is_reported(client: Any, table: str) -> None:
    # Actions are validated before any condition is evaluated: the second bad key and the false
    # condition of the third action both come back as None.
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            put(table, {"pk": {"N": "7"}}),
            put(table, {"pk": {"N": "8"}}),
            put(table, item("c"), ConditionExpression="attribute_exists(pk)"),
        ],
    )
    assert reasons == [
        validation_error(INVALID + "Type mismatch for key pk expected: S actual: N"),
        NONE,
        NONE,
    ]
    assert stored(client, table, "c") is None


@MOTO_VALIDATION
def test_a_validation_error_hides_earlier_failed_conditions(client: Any, table: str) -> None:
    # Inferred from the rule above (validation of every action precedes every condition).
    client.put_item(TableName=table, Item=item("a"))
    reasons = cancellation(
        client.transact_write_items,
        TransactItems=[
            put(table, item("a", n=1), ConditionExpression="attribute_not_exists(pk)"),
            put(table, item("b")),
            delete(table, {"pk": {"N": "5"}}),
        ],
    )
    assert reasons == [NONE, NONE, validation_error(KEY_SCHEMA_MISMATCH)]
    assert stored(client, table, "a") == {"pk": "a"}
    assert stored(client, table, "b") is None


HUGE = "9.9999999999999999999999999999999999999E+125"

# (id, seed item or None, the offending action on table t, reason message). The first six texts
# are real-service captures; the others are the single-item operations' texts, ⚠ unconfirmed as
# transaction reasons.
VALIDATION_ERRORS: list[tuple[str, dict[str, Any] | None, Callable[[str], Any], str]] = [
    (
        "put-wrong-key-type",
        None,
        lambda t: put(t, {"pk": {"N": "5"}}),
        INVALID + "Type mismatch for key pk expected: S actual: N",
    ),
    (
        "put-non-scalar-key",
        None,
        lambda t: put(t, {"pk": {"L": [{"S": "x"}]}}),
        INVALID + "Type mismatch for key pk expected: S actual: L",
    ),
    (
        "update-wrong-key-type",
        None,
        lambda t: update(
            t, {"pk": {"N": "5"}}, "SET v = :v", ExpressionAttributeValues=values(v="x")
        ),
        KEY_SCHEMA_MISMATCH,
    ),
    (
        "update-non-scalar-key",
        None,
        lambda t: update(
            t, {"pk": {"L": [{"S": "x"}]}}, "SET v = :v", ExpressionAttributeValues=values(v="x")
        ),
        KEY_SCHEMA_MISMATCH,
    ),
    ("delete-wrong-key-type", None, lambda t: delete(t, {"pk": {"N": "5"}}), KEY_SCHEMA_MISMATCH),
    (
        "check-wrong-key-type",
        None,
        lambda t: check(t, {"pk": {"N": "5"}}, "attribute_not_exists(pk)"),
        KEY_SCHEMA_MISMATCH,
    ),
    (
        "delete-extra-key-attribute",
        None,
        lambda t: delete(t, {"pk": {"S": "a"}, "other": {"S": "b"}}),
        KEY_SCHEMA_MISMATCH,
    ),
    (
        "put-missing-key",
        None,
        lambda t: put(t, {"other": {"S": "x"}}),
        INVALID + "Missing the key pk in the item",
    ),
    (
        "put-oversized",
        None,
        lambda t: put(t, item("big", d="x" * MAX_ITEM_BYTES)),
        ITEM_TOO_LARGE,
    ),
    (
        "update-beyond-the-size-limit",
        {"pk": "a", "d": "x" * (MAX_ITEM_BYTES - 1000)},
        lambda t: update(
            t, s_key("a"), "SET e = :e", ExpressionAttributeValues=values(e="y" * 2000)
        ),
        "Item size to update has exceeded the maximum allowed size",
    ),
    (
        "update-arithmetic-overflow",
        {"pk": "a", "n": Raw({"N": HUGE})},
        lambda t: update(
            t, s_key("a"), "SET n = n + :huge", ExpressionAttributeValues={":huge": {"N": HUGE}}
        ),
        NUMBER_OVERFLOW,
    ),
    (
        "update-wrong-operand-type",
        {"pk": "a", "s": "text"},
        lambda t: update(
            t, s_key("a"), "SET c = s + :one", ExpressionAttributeValues=values(one=1)
        ),
        "An operand in the update expression has an incorrect data type",
    ),
]


@MOTO_VALIDATION
@pytest.mark.parametrize(
    ("seed", "action", "message"),
    [
        pytest.param(seed, action, message, id=name)
        for name, seed, action, message in VALIDATION_ERRORS
    ],
)
def test_validation_error_reason(
    client: Any,
    table: str,
    seed: dict[str, Any] | None,
    action: Callable[[str], Any],
    message: str,
) -> None:
    if seed is not None:
        client.put_item(TableName=table, Item=wire_item(seed))
    before = wire_form(client, table, "a")
    reasons = cancellation(
        client.transact_write_items, TransactItems=[put(table, item("witness")), action(table)]
    )
    assert reasons == [NONE, validation_error(message)]
    assert stored(client, table, "witness") is None
    assert wire_form(client, table, "a") == before


# --- request-level ValidationException -----------------------------------------------------------


@pytest.mark.moto_differs(reason="moto accepts an empty list")
def test_empty_transaction(unchecked_client: Any) -> None:
    # botocore refuses an empty list itself (min 1); the unchecked client lets it through.
    assert_error(
        "ValidationException", EMPTY_LIST, unchecked_client.transact_write_items, TransactItems=[]
    )


@pytest.mark.moto_differs(reason="moto's message has no echoed value")
def test_101_actions(client: Any, table: str) -> None:
    assert_rejected(
        "ValidationException",
        TOO_MANY,
        client.transact_write_items,
        TransactItems=[put(table, item(f"k{i:03}")) for i in range(101)],
    )
    assert stored(client, table, "k000") is None


def twin_items(table: str, other_table: str) -> dict[str, list[dict[str, Any]]]:
    a = s_key("a")
    return {
        "put-put": [put(table, item("a", n=1)), put(table, item("a", n=2))],
        "put-check": [put(table, item("a")), check(table, a, "attribute_not_exists(pk)")],
        "check-check": [
            put(table, item("b")),
            check(table, a, "attribute_not_exists(pk)"),
            check(table, a, "attribute_not_exists(pk)"),
        ],
        "update-delete": [
            update(table, a, "SET n = :one", ExpressionAttributeValues=values(one=1)),
            delete(table, a),
        ],
        "composite-key": [
            put(other_table, wire_item({"pk": "a", "sk": "1"})),
            delete(other_table, wire_item({"pk": "a", "sk": "1"})),
        ],
    }


@pytest.mark.parametrize(
    "case", ["put-put", "put-check", "check-check", "update-delete", "composite-key"]
)
def test_two_actions_on_one_item(client: Any, table: str, other_table: str, case: str) -> None:
    # Rejected as a whole, ahead of the (failing) condition check that closes the list.
    actions = [
        *twin_items(table, other_table)[case],
        check(table, s_key("missing"), "attribute_exists(pk)"),
    ]
    assert_error(
        "ValidationException",
        MULTIPLE_OPERATIONS,
        client.transact_write_items,
        TransactItems=actions,
    )
    assert stored(client, table, "a") is None
    assert stored(client, table, "b") is None
    assert read_item(client, other_table, {"pk": "a", "sk": "1"}) is None


@pytest.mark.moto_differs(reason="moto compares number keys as text")
def test_number_spellings_are_one_item(client: Any, make_table: TableFactory) -> None:
    # ⚠ Inferred: keys compare by numeric value everywhere else (section 2.3).
    numbered = make_table(hash=("id", "N"))
    assert_error(
        "ValidationException",
        MULTIPLE_OPERATIONS,
        client.transact_write_items,
        TransactItems=[
            put(numbered, {"id": {"N": "1000"}}),
            delete(numbered, {"id": {"N": "1e3"}}),
        ],
    )


def test_same_key_in_two_tables_is_two_items(
    client: Any, make_table: TableFactory, table: str
) -> None:
    second = make_table()
    client.transact_write_items(TransactItems=[put(table, item("a")), put(second, item("a"))])
    assert stored(client, table, "a") == stored(client, second, "a") == {"pk": "a"}


def test_same_hash_key_with_different_range_keys(client: Any, other_table: str) -> None:
    client.transact_write_items(
        TransactItems=[
            put(other_table, wire_item({"pk": "a", "sk": "1"})),
            put(other_table, wire_item({"pk": "a", "sk": "2"})),
        ]
    )
    for sk in ("1", "2"):
        assert read_item(client, other_table, {"pk": "a", "sk": sk}) == {"pk": "a", "sk": sk}


@pytest.mark.moto_differs(reason="moto writes the actions before the bad entry")
def test_entry_with_two_actions(client: Any, table: str) -> None:
    # ⚠ Text from moto; the service's is unconfirmed.
    assert_error(
        "ValidationException",
        "TransactItems can only contain one of Check, Put, Update or Delete",
        client.transact_write_items,
        TransactItems=[
            put(table, item("first")),
            {**put(table, item("a")), **delete(table, s_key("b"))},
        ],
    )
    assert stored(client, table, "first") is None
    assert stored(client, table, "a") is None


@pytest.mark.moto_differs(reason="moto fails with an internal error on an empty entry")
def test_entry_with_no_action(client: Any, table: str) -> None:
    # ⚠ Only the code is asserted: the service's text for an empty entry is unconfirmed.
    error = expect_error(client.transact_write_items, TransactItems=[put(table, item("first")), {}])
    assert code_and_message(error)[0] == "ValidationException"
    assert stored(client, table, "first") is None


def test_missing_table(client: Any, table: str) -> None:
    assert_error(
        "ResourceNotFoundException",
        NOT_FOUND,
        client.transact_write_items,
        TransactItems=[put(table, item("a")), put(unique_table_name(), item("b"))],
    )
    assert stored(client, table, "a") is None


# (id, the offending action on table t, message, needs the unchecked client)
MOTO_EXPRESSION_ERRORS = pytest.mark.moto_differs(
    reason="moto fails internally, cancels, or words the message differently"
)
MOTO_EXPRESSION_CASES = {
    "condition-syntax",
    "condition-undefined-name",
    "condition-undefined-value",
    "unused-value",
    "update-undefined-value",
    "update-overlapping-paths",
    "update-empty",
}
EXPRESSION_ERRORS: list[tuple[str, Callable[[str], dict[str, Any]], Any]] = [
    (
        "condition-syntax",
        lambda t: put(
            t,
            item("a"),
            ConditionExpression="n = :five AND",
            ExpressionAttributeValues=wire_item({":five": 5}),
        ),
        syntax_error("ConditionExpression", "<EOF>", "AND"),
    ),
    (
        "condition-undefined-name",
        lambda t: put(t, item("a"), ConditionExpression="attribute_exists(#xyz)"),
        "Invalid ConditionExpression: An expression attribute name used in the document path "
        "is not defined; attribute name: #xyz",
    ),
    (
        "condition-undefined-value",
        lambda t: delete(t, s_key("a"), ConditionExpression="n = :xyz"),
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :xyz",
    ),
    (
        "unused-value",
        lambda t: check(
            t,
            s_key("a"),
            "attribute_not_exists(pk)",
            ExpressionAttributeValues=wire_item({":xyz": 7}),
        ),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:xyz}",
    ),
    (
        "unused-name",
        lambda t: put(
            t,
            item("a"),
            ConditionExpression="attribute_not_exists(pk)",
            ExpressionAttributeNames={"#xyz": "x"},
        ),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#xyz}",
    ),
    (
        "empty-values",
        lambda t: put(
            t,
            item("a"),
            ConditionExpression="attribute_not_exists(pk)",
            ExpressionAttributeValues={},
        ),
        "ExpressionAttributeValues must not be empty",
    ),
    (
        "update-syntax",
        lambda t: update(t, s_key("a"), "SET _123 = :one", ExpressionAttributeValues=values(one=1)),
        syntax_error("UpdateExpression", "_", "SET _123"),
    ),
    (
        "update-undefined-value",
        lambda t: update(t, s_key("a"), "SET v = :v"),
        "Invalid UpdateExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :v",
    ),
    (
        "update-overlapping-paths",
        lambda t: update(
            t,
            s_key("a"),
            "SET m = :one, m.a = :two",
            ExpressionAttributeValues=wire_item({":one": 1, ":two": 2}),
        ),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [m], path two: [m, a]",
    ),
    (
        "update-empty",
        lambda t: update(t, s_key("a"), ""),
        "Invalid UpdateExpression: The expression can not be empty;",
    ),
]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        pytest.param(
            action,
            message,
            id=name,
            marks=[MOTO_EXPRESSION_ERRORS] if name in MOTO_EXPRESSION_CASES else [],
        )
        for name, action, message in EXPRESSION_ERRORS
    ],
)
def test_expression_error_rejects_the_request(
    client: Any, table: str, action: Callable[[str], dict[str, Any]], message: Any
) -> None:
    # The same texts as the single-item operations, as a ValidationException for the whole
    # request: the failing condition check that opens the list is never reported.
    assert_rejected(
        "ValidationException",
        message,
        client.transact_write_items,
        TransactItems=[
            check(table, s_key("missing"), "attribute_exists(pk)"),
            put(table, item("witness")),
            action(table),
        ],
    )
    assert stored(client, table, "witness") is None
    assert stored(client, table, "a") is None


@pytest.mark.moto_differs(reason="moto fails with an internal error")
def test_condition_check_without_a_condition(unchecked_client: Any, table: str) -> None:
    # botocore requires ConditionExpression itself. ⚠ The member path follows the service's
    # validator format (alternator only confirms that the message names ConditionExpression).
    assert_error(
        "ValidationException",
        "1 validation error detected: Value null at "
        "'transactItems.2.member.conditionCheck.conditionExpression' failed to satisfy "
        "constraint: Member must not be null",
        unchecked_client.transact_write_items,
        TransactItems=[
            put(table, item("witness")),
            {"ConditionCheck": {"TableName": table, "Key": s_key("a")}},
        ],
    )
    assert stored(unchecked_client, table, "witness") is None
