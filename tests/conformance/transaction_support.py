"""Shared by the transaction suites: request builders, the cancellation message and reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance_support import code_and_message, expect_error, read_item, s_key, wire_item

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]"
MULTIPLE_OPERATIONS = "Transaction request cannot include multiple operations on one item"
EMPTY_LIST = (
    "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
    "Member must have length greater than or equal to 1"
)
NONE: dict[str, Any] = {"Code": "None"}
KB = 1024


def put(table: str, item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"Put": {"TableName": table, "Item": item, **extra}}


def update(table: str, key: dict[str, Any], expression: str, **extra: Any) -> dict[str, Any]:
    return {"Update": {"TableName": table, "Key": key, "UpdateExpression": expression, **extra}}


def delete(table: str, key: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"Delete": {"TableName": table, "Key": key, **extra}}


def check(table: str, key: dict[str, Any], condition: str, **extra: Any) -> dict[str, Any]:
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": key,
            "ConditionExpression": condition,
            **extra,
        }
    }


def item(key: str, **attributes: Any) -> dict[str, Any]:
    """A wire-form item keyed by pk (Python values as in wire_item)."""
    return wire_item({"pk": key, **attributes})


def values(**named: Any) -> dict[str, Any]:
    """ExpressionAttributeValues in wire form: values(one=1) == {":one": {"N": "1"}}."""
    return wire_item({f":{name}": value for name, value in named.items()})


def stored(client: Any, table: str, key: str) -> dict[str, Any] | None:
    return read_item(client, table, {"pk": key})


def wire_form(client: Any, table: str, key: str) -> dict[str, Any] | None:
    """The stored item as the service returns it (boto3 cannot turn every number into Decimal)."""
    response = client.get_item(TableName=table, Key=s_key(key), ConsistentRead=True)
    found: dict[str, Any] | None = response.get("Item")
    return found


def cancellation(call: Callable[..., Any], /, **params: Any) -> list[dict[str, Any]]:
    """The CancellationReasons of a cancelled call, after checking the code and that the top-level
    message lists the reason codes in order."""
    error = expect_error(call, **params)
    code, message = code_and_message(error)
    assert code == "TransactionCanceledException", (code, message)
    reasons: list[dict[str, Any]] = error.response.get("CancellationReasons", [])
    codes = ", ".join(str(reason.get("Code")) for reason in reasons)
    assert message == CANCELLED.format(codes)
    return reasons


def validation_error(message: str) -> dict[str, Any]:
    return {"Code": "ValidationError", "Message": message}


def units_only(entry: dict[str, Any]) -> dict[str, Any]:
    """A ConsumedCapacity entry without the Read/WriteCapacityUnits split (pinned separately)."""
    return {
        name: units_only(value) if isinstance(value, dict) else value
        for name, value in entry.items()
        if name not in ("ReadCapacityUnits", "WriteCapacityUnits")
    }


def by_table(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted((units_only(entry) for entry in entries), key=lambda e: str(e["TableName"]))
