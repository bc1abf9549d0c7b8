"""OnDemandThroughput and WarmThroughput: CreateTable, UpdateTable and what DescribeTable shows.

Sources: dynamodb-behaviour.md 7.3, botocore's model, and the 2026 lab probes of the real service
(quirks:table-throughput-billing.md and table-indexes.md; DDB-TABLE-<n> below names the finding).
OnDemandThroughput sets maximums for an on-demand table or index: at least 1, or -1 at UpdateTable
to remove one; only the maximums set are shown. WarmThroughput is always shown: what the capacity
mode gives (12000/4000 on demand, the capacity when provisioned), raised to what was asked for;
it never decreases. Changes are polled for where the service applies them later than it answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    assert_error,
    attribute_definitions,
    index_spec,
    unique_table_name,
)

INVALID = "One or more parameter values were invalid: "
ON_DEMAND_INITIAL = (
    "initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/"
    "developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial"
)
DEFAULT_WARM = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}

MOTO_NO_MAXIMUMS = pytest.mark.moto_differs(reason="moto ignores OnDemandThroughput")
MOTO_NO_LINK = pytest.mark.moto_differs(reason="moto leaves out the link to the documentation")
MOTO_NO_WARM_UPDATES = pytest.mark.moto_differs(
    reason="moto applies any WarmThroughput update at once, without its rules"
)


def maximums(read: int | None = None, write: int | None = None) -> dict[str, int]:
    given = {"MaxReadRequestUnits": read, "MaxWriteRequestUnits": write}
    return {name: value for name, value in given.items() if value is not None}


def warm(read: int | None = None, write: int | None = None) -> dict[str, int]:
    given = {"ReadUnitsPerSecond": read, "WriteUnitsPerSecond": write}
    return {name: value for name, value in given.items() if value is not None}


def describe(client: Any, table: str) -> dict[str, Any]:
    return dict(client.describe_table(TableName=table)["Table"])


def gsi(description: Mapping[str, Any], index: str = "gsi1") -> dict[str, Any]:
    return next(
        dict(entry)
        for entry in description["GlobalSecondaryIndexes"]
        if entry["IndexName"] == index
    )


def settled(
    client: Any, table: str, done: Callable[[dict[str, Any]], bool], attempts: int = 600
) -> dict[str, Any]:
    """DescribeTable once `done` holds (at once under the fakes; minutes for warm throughput)."""
    for _ in range(attempts):
        description = describe(client, table)
        if done(description):
            return description
        time.sleep(0.05)
    raise AssertionError(f"{table} never settled: {description!r}")


def warm_settled(description: Mapping[str, Any]) -> bool:
    entries = [description, *description.get("GlobalSecondaryIndexes", [])]
    return all(entry["WarmThroughput"]["Status"] == "ACTIVE" for entry in entries)


def on_demand_settled(description: Mapping[str, Any]) -> bool:
    # DynamoDB: a removed maximum shows as -1 for about a second (DDB-TABLE-182).
    entries = [description, *description.get("GlobalSecondaryIndexes", [])]
    return all(-1 not in entry.get("OnDemandThroughput", {}).values() for entry in entries)


def with_index(make_table: TableFactory, billing: str = "PAY_PER_REQUEST", **index: Any) -> str:
    """A table keyed by pk with one GSI gsi1 on g; `index` adds members to it."""
    spec = {**index_spec("gsi1", "g"), **index}
    if billing == "PROVISIONED":
        spec.setdefault("ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    return make_table(
        billing=billing,
        AttributeDefinitions=attribute_definitions({"pk": "S", "g": "S"}),
        GlobalSecondaryIndexes=[spec],
    )


def create_params(**extra: Any) -> dict[str, Any]:
    return {
        "TableName": unique_table_name(),
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
        **extra,
    }


PROVISIONED = {
    "BillingMode": "PROVISIONED",
    "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10},
}


# --- CreateTable: OnDemandThroughput ----------------------------------------------------------


@MOTO_NO_MAXIMUMS
def test_create_with_maximums(client: Any, make_table: TableFactory) -> None:
    table = make_table(OnDemandThroughput=maximums(100, 200))
    assert describe(client, table)["OnDemandThroughput"] == maximums(100, 200)


@MOTO_NO_MAXIMUMS
def test_create_response_shows_maximums(client: Any) -> None:
    params = create_params(OnDemandThroughput=maximums(100, 200))
    try:
        description = client.create_table(**params)["TableDescription"]
        assert description["OnDemandThroughput"] == maximums(100, 200)
    finally:
        client.delete_table(TableName=params["TableName"])


@MOTO_NO_MAXIMUMS
def test_only_the_maximums_set_are_shown(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-039: a read-only structure is accepted and shown as given.
    table = make_table(OnDemandThroughput=maximums(read=100))
    assert describe(client, table)["OnDemandThroughput"] == maximums(read=100)


def test_no_maximums_without_on_demand_throughput(client: Any, table: str) -> None:
    assert "OnDemandThroughput" not in describe(client, table)


@MOTO_NO_MAXIMUMS
@pytest.mark.parametrize(
    ("given", "member"),
    [(maximums(5), "MaxReadRequestUnits"), (maximums(write=5), "MaxWriteRequestUnits")],
)
def test_create_maximums_on_provisioned_table(
    client: Any, given: dict[str, int], member: str
) -> None:
    # DDB-TABLE-038 (CreateTable's wording, with the final period).
    assert_error(
        "ValidationException",
        INVALID + f"{member} for OnDemandThroughput cannot be specified when table BillingMode "
        "is PROVISIONED.",
        client.create_table,
        **create_params(OnDemandThroughput=given, **PROVISIONED),
    )


@MOTO_NO_MAXIMUMS
@pytest.mark.parametrize("value", [0, -1, -2])
def test_create_maximum_outside_valid_range(client: Any, value: int) -> None:
    # DDB-TABLE-039: at creation -1 is out of range too.
    assert_error(
        "ValidationException",
        INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of "
        "valid range",
        client.create_table,
        **create_params(OnDemandThroughput=maximums(value, value)),
    )


@MOTO_NO_MAXIMUMS
def test_create_index_maximum_outside_valid_range(client: Any) -> None:
    # DDB-TABLE-128.
    index = {**index_spec("gsi1", "pk"), "OnDemandThroughput": maximums(read=0)}
    assert_error(
        "ValidationException",
        INVALID
        + "Requested MaxReadRequestUnits for OnDemandThroughput for index : gsi1 is outside "
        "of valid range",
        client.create_table,
        **create_params(GlobalSecondaryIndexes=[index]),
    )


@MOTO_NO_MAXIMUMS
def test_create_maximum_above_the_table_quota(client: Any) -> None:
    # DDB-TABLE-154: DescribeLimits' TableMaxReadCapacityUnits (40000) caps it.
    assert_error(
        "LimitExceededException",
        "Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput for "
        "table exceeds TableMaxReadCapacityUnits of the account in region us-east-1",
        client.create_table,
        **create_params(OnDemandThroughput=maximums(read=40001)),
    )


@MOTO_NO_MAXIMUMS
def test_create_index_maximums(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-135: an index's maximums are its own; the table shows none.
    table = with_index(make_table, OnDemandThroughput=maximums(50, 50))
    description = describe(client, table)
    assert gsi(description)["OnDemandThroughput"] == maximums(50, 50)
    assert "OnDemandThroughput" not in description


# --- CreateTable: WarmThroughput --------------------------------------------------------------


def test_on_demand_table_reports_initial_warm_throughput(
    client: Any, make_table: TableFactory
) -> None:
    table = with_index(make_table)
    description = describe(client, table)
    assert description["WarmThroughput"] == DEFAULT_WARM
    assert gsi(description)["WarmThroughput"] == DEFAULT_WARM


def test_provisioned_table_reports_its_capacity(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-032.
    table = make_table(billing="PROVISIONED", throughput=(5, 7))
    assert describe(client, table)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 5,
        "WriteUnitsPerSecond": 7,
        "Status": "ACTIVE",
    }


def test_create_with_warm_throughput(client: Any, make_table: TableFactory) -> None:
    table = make_table(WarmThroughput=warm(13000, 5000))
    assert settled(client, table, warm_settled)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 13000,
        "WriteUnitsPerSecond": 5000,
        "Status": "ACTIVE",
    }


@pytest.mark.moto_differs(reason="moto shows only the members given")
def test_create_with_one_warm_member(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-039: the other member keeps its default.
    table = make_table(WarmThroughput=warm(read=12001))
    assert settled(client, table, warm_settled)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12001,
        "WriteUnitsPerSecond": 4000,
        "Status": "ACTIVE",
    }


@pytest.mark.moto_differs(reason="moto answers ACTIVE at once")
def test_create_response_shows_warm_throughput_being_prepared(client: Any) -> None:
    # DDB-TABLE-032/033: shown in the CreateTable answer only when asked for, Status UPDATING.
    params = create_params(WarmThroughput=warm(12001, 4001))
    try:
        description = client.create_table(**params)["TableDescription"]
        assert description["WarmThroughput"] == {
            "ReadUnitsPerSecond": 12001,
            "WriteUnitsPerSecond": 4001,
            "Status": "UPDATING",
        }
    finally:
        client.delete_table(TableName=params["TableName"])


@pytest.mark.moto_differs(reason="moto shows a default WarmThroughput in the CreateTable answer")
def test_create_response_has_no_warm_throughput_unless_asked(client: Any) -> None:
    params = create_params()
    try:
        assert "WarmThroughput" not in client.create_table(**params)["TableDescription"]
    finally:
        client.delete_table(TableName=params["TableName"])


@MOTO_NO_LINK
@pytest.mark.parametrize(
    ("given", "member"),
    [(warm(1, 1), "ReadUnitsPerSecond"), (warm(12000, 3999), "WriteUnitsPerSecond")],
)
def test_create_warm_throughput_below_on_demand_initial(
    client: Any, given: dict[str, int], member: str
) -> None:
    assert_error(
        "ValidationException",
        INVALID
        + f"Requested {member} for WarmThroughput for table is lower than "
        + ON_DEMAND_INITIAL,
        client.create_table,
        **create_params(WarmThroughput=given),
    )


def test_create_warm_throughput_below_provisioned_capacity(client: Any) -> None:
    # DDB-TABLE-039.
    assert_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than "
        "ReadCapacityUnits of ProvisionedThroughput",
        client.create_table,
        **create_params(WarmThroughput=warm(5, 5), **PROVISIONED),
    )


@pytest.mark.moto_differs(reason="moto reports the warm throughput asked for as given")
def test_provisioned_warm_throughput_above_capacity(client: Any, make_table: TableFactory) -> None:
    table = make_table(billing="PROVISIONED", throughput=(10, 10), WarmThroughput=warm(read=100))
    assert settled(client, table, warm_settled)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 100,
        "WriteUnitsPerSecond": 10,
        "Status": "ACTIVE",
    }


@MOTO_NO_LINK
def test_create_index_warm_throughput_below_on_demand_initial(client: Any) -> None:
    index = {**index_spec("gsi1", "pk"), "WarmThroughput": warm(read=11999)}
    assert_error(
        "ValidationException",
        INVALID
        + "Requested ReadUnitsPerSecond for WarmThroughput for index gsi1 is lower than "
        + ON_DEMAND_INITIAL,
        client.create_table,
        **create_params(GlobalSecondaryIndexes=[index]),
    )


def test_create_index_warm_throughput(client: Any, make_table: TableFactory) -> None:
    table = with_index(make_table, WarmThroughput=warm(13000, 5000))
    assert gsi(settled(client, table, warm_settled))["WarmThroughput"] == {
        "ReadUnitsPerSecond": 13000,
        "WriteUnitsPerSecond": 5000,
        "Status": "ACTIVE",
    }


def test_create_with_empty_structures(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-039/456: accepted, and nothing is set.
    table = with_index(make_table, OnDemandThroughput={}, WarmThroughput={})
    description = describe(client, table)
    assert "OnDemandThroughput" not in gsi(description)
    assert gsi(description)["WarmThroughput"] == DEFAULT_WARM


# --- UpdateTable: OnDemandThroughput ----------------------------------------------------------


@MOTO_NO_MAXIMUMS
def test_update_sets_maximums_and_table_stays_active(client: Any, table: str) -> None:
    # DDB-TABLE-178: synchronous; the answer already shows the new maximums.
    description = client.update_table(TableName=table, OnDemandThroughput=maximums(1000, 500))[
        "TableDescription"
    ]
    assert description["TableStatus"] == "ACTIVE"
    assert description["OnDemandThroughput"] == maximums(1000, 500)
    assert describe(client, table)["OnDemandThroughput"] == maximums(1000, 500)


@MOTO_NO_MAXIMUMS
def test_update_merges_maximums(client: Any, table: str) -> None:
    client.update_table(TableName=table, OnDemandThroughput=maximums(1000, 500))
    client.update_table(TableName=table, OnDemandThroughput=maximums(read=2000))
    assert describe(client, table)["OnDemandThroughput"] == maximums(2000, 500)


@MOTO_NO_MAXIMUMS
def test_minus_one_removes_a_maximum(client: Any, table: str) -> None:
    # DDB-TABLE-182: the answer shows -1; afterwards the member is gone.
    client.update_table(TableName=table, OnDemandThroughput=maximums(1000, 500))
    description = client.update_table(TableName=table, OnDemandThroughput=maximums(read=-1))[
        "TableDescription"
    ]
    assert description["OnDemandThroughput"] == maximums(-1, 500)
    assert settled(client, table, on_demand_settled)["OnDemandThroughput"] == maximums(write=500)


@MOTO_NO_MAXIMUMS
def test_removing_every_maximum_removes_the_structure(client: Any, table: str) -> None:
    client.update_table(TableName=table, OnDemandThroughput=maximums(1000, 500))
    description = client.update_table(TableName=table, OnDemandThroughput=maximums(-1, -1))[
        "TableDescription"
    ]
    assert description["OnDemandThroughput"] == maximums(-1, -1)
    assert "OnDemandThroughput" not in settled(client, table, on_demand_settled)


@MOTO_NO_MAXIMUMS
@pytest.mark.parametrize(
    ("value", "member"), [(0, "MaxWriteRequestUnits"), (-2, "MaxReadRequestUnits")]
)
def test_update_maximum_outside_valid_range(
    client: Any, table: str, value: int, member: str
) -> None:
    # DDB-TABLE-051.
    given = maximums(write=value) if member == "MaxWriteRequestUnits" else maximums(read=value)
    assert_error(
        "ValidationException",
        INVALID + f"Requested {member} for OnDemandThroughput for table is outside of valid range",
        client.update_table,
        TableName=table,
        OnDemandThroughput=given,
    )


@MOTO_NO_MAXIMUMS
def test_update_maximums_on_provisioned_table(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-059 (UpdateTable's wording).
    table = make_table(billing="PROVISIONED")
    assert_error(
        "ValidationException",
        INVALID + "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table "
        "BillingMode is PROVISIONED",
        client.update_table,
        TableName=table,
        OnDemandThroughput=maximums(100, 100),
    )


@MOTO_NO_MAXIMUMS
def test_switch_to_on_demand_with_maximums(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-056.
    table = make_table(billing="PROVISIONED")
    client.update_table(
        TableName=table, BillingMode="PAY_PER_REQUEST", OnDemandThroughput=maximums(100, 100)
    )
    assert describe(client, table)["OnDemandThroughput"] == maximums(100, 100)


def test_switch_to_provisioned_drops_maximums(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-153: from the table and its indexes.
    table = with_index(make_table, OnDemandThroughput=maximums(6000, 5000))
    client.update_table(TableName=table, OnDemandThroughput=maximums(100, 100))
    client.update_table(
        TableName=table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        GlobalSecondaryIndexUpdates=[
            {
                "Update": {
                    "IndexName": "gsi1",
                    "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                }
            }
        ],
    )
    description = describe(client, table)
    assert "OnDemandThroughput" not in description
    assert "OnDemandThroughput" not in gsi(description)


@MOTO_NO_MAXIMUMS
def test_update_maximum_above_the_table_quota(client: Any, table: str) -> None:
    assert_error(
        "LimitExceededException",
        "Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput for "
        "table exceeds TableMaxReadCapacityUnits of the account in region us-east-1",
        client.update_table,
        TableName=table,
        OnDemandThroughput=maximums(40001, 1000),
    )


# --- UpdateTable: WarmThroughput --------------------------------------------------------------


@MOTO_NO_WARM_UPDATES
def test_warm_increase_answers_old_values_updating(client: Any, table: str) -> None:
    # DDB-TABLE-179: the table stays ACTIVE; only WarmThroughput.Status says UPDATING.
    description = client.update_table(TableName=table, WarmThroughput=warm(12001, 4001))[
        "TableDescription"
    ]
    assert description["TableStatus"] == "ACTIVE"
    assert description["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12000,
        "WriteUnitsPerSecond": 4000,
        "Status": "UPDATING",
    }


def test_warm_increase_is_applied(client: Any, table: str) -> None:
    client.update_table(TableName=table, WarmThroughput=warm(12001, 4001))
    assert settled(client, table, warm_settled)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12001,
        "WriteUnitsPerSecond": 4001,
        "Status": "ACTIVE",
    }


@MOTO_NO_WARM_UPDATES
def test_warm_decrease_is_refused(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than "
        "current WarmThroughput, decreasing WarmThroughput is not supported",
        client.update_table,
        TableName=table,
        WarmThroughput=warm(11999, 4000),
    )


@MOTO_NO_WARM_UPDATES
def test_warm_below_provisioned_capacity_is_a_decrease(
    client: Any, make_table: TableFactory
) -> None:
    # DDB-TABLE-059/061.
    table = make_table(billing="PROVISIONED", throughput=(10, 10))
    assert_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than "
        "current WarmThroughput, decreasing WarmThroughput is not supported",
        client.update_table,
        TableName=table,
        WarmThroughput=warm(1, 1),
    )


def test_warm_resent_is_accepted(client: Any, table: str) -> None:
    # DDB-TABLE-155/179: equal values are no decrease.
    client.update_table(TableName=table, WarmThroughput=warm(12000, 4000))
    assert describe(client, table)["WarmThroughput"]["ReadUnitsPerSecond"] == 12000


@pytest.mark.moto_differs(reason="moto replaces the whole WarmThroughput")
def test_warm_single_member_keeps_the_other(client: Any, table: str) -> None:
    client.update_table(TableName=table, WarmThroughput=warm(12001, 4001))
    settled(client, table, warm_settled)
    client.update_table(TableName=table, WarmThroughput=warm(write=4002))
    assert settled(client, table, warm_settled)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12001,
        "WriteUnitsPerSecond": 4002,
        "Status": "ACTIVE",
    }


# --- UpdateTable: what may come together ------------------------------------------------------


@pytest.mark.moto_differs(reason="moto accepts any combination")
def test_warm_must_come_alone(client: Any, table: str) -> None:
    # DDB-TABLE-382.
    assert_error(
        "ValidationException",
        INVALID + "WarmThroughput must be the only operation in the request",
        client.update_table,
        TableName=table,
        WarmThroughput=warm(13000, 5000),
        BillingMode="PAY_PER_REQUEST",
    )


@pytest.mark.moto_differs(reason="moto accepts any combination")
@pytest.mark.parametrize(
    "other",
    [
        {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
        {"WarmThroughput": {"ReadUnitsPerSecond": 13000}},
    ],
    ids=["stream", "warm"],
)
def test_maximums_only_with_billing_mode(client: Any, table: str, other: dict[str, Any]) -> None:
    # DDB-TABLE-382.
    assert_error(
        "ValidationException",
        INVALID + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable "
        "request",
        client.update_table,
        TableName=table,
        OnDemandThroughput=maximums(100, 100),
        **other,
    )


@pytest.mark.moto_differs(reason="moto accepts any combination")
def test_deletion_protection_with_warm(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        INVALID + "DeletionProtection modification must be the only operation in the request",
        client.update_table,
        TableName=table,
        DeletionProtectionEnabled=True,
        WarmThroughput=warm(13000, 5000),
    )


def test_empty_structures_are_ignored(client: Any, table: str) -> None:
    # DDB-TABLE-456: also by the combination rules.
    client.update_table(
        TableName=table, OnDemandThroughput={}, WarmThroughput={}, DeletionProtectionEnabled=True
    )
    description = describe(client, table)
    assert description["DeletionProtectionEnabled"] is True
    assert "OnDemandThroughput" not in description
    assert description["WarmThroughput"] == DEFAULT_WARM
    client.update_table(TableName=table, DeletionProtectionEnabled=False)


# --- UpdateTable: global secondary indexes ----------------------------------------------------


def index_updates(**members: Any) -> list[dict[str, Any]]:
    """GlobalSecondaryIndexUpdates with one Update of gsi1 with `members`."""
    return [{"Update": {"IndexName": "gsi1", **members}}]


def update_index(client: Any, table: str, **members: Any) -> dict[str, Any]:
    return dict(
        client.update_table(TableName=table, GlobalSecondaryIndexUpdates=index_updates(**members))[
            "TableDescription"
        ]
    )


@MOTO_NO_MAXIMUMS
def test_index_maximums_update(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-135: the index turns UPDATING, the table stays ACTIVE.
    table = with_index(make_table)
    description = update_index(client, table, OnDemandThroughput=maximums(5000, 5000))
    assert description["TableStatus"] == "ACTIVE"
    assert gsi(description)["IndexStatus"] == "UPDATING"
    assert gsi(description)["OnDemandThroughput"] == maximums(5000, 5000)
    assert gsi(describe(client, table))["OnDemandThroughput"] == maximums(5000, 5000)


@MOTO_NO_MAXIMUMS
def test_index_maximum_removed(client: Any, make_table: TableFactory) -> None:
    table = with_index(make_table, OnDemandThroughput=maximums(6000, 5000))
    description = update_index(client, table, OnDemandThroughput=maximums(read=-1))
    assert gsi(description)["OnDemandThroughput"] == maximums(-1, 5000)
    settled_description = settled(client, table, on_demand_settled)
    assert gsi(settled_description)["OnDemandThroughput"] == maximums(write=5000)


@MOTO_NO_MAXIMUMS
def test_index_maximum_outside_valid_range(client: Any, make_table: TableFactory) -> None:
    table = with_index(make_table)
    assert_error(
        "ValidationException",
        INVALID + "Requested MaxWriteRequestUnits for OnDemandThroughput for index : gsi1 is "
        "outside of valid range",
        client.update_table,
        TableName=table,
        GlobalSecondaryIndexUpdates=index_updates(OnDemandThroughput=maximums(write=0)),
    )


@MOTO_NO_WARM_UPDATES
def test_index_warm_increase(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-155: the index stays ACTIVE; the answer shows the old values, UPDATING.
    table = with_index(make_table)
    description = update_index(client, table, WarmThroughput=warm(12001, 4001))
    assert gsi(description)["IndexStatus"] == "ACTIVE"
    assert gsi(description)["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12000,
        "WriteUnitsPerSecond": 4000,
        "Status": "UPDATING",
    }
    assert gsi(settled(client, table, warm_settled))["WarmThroughput"] == {
        "ReadUnitsPerSecond": 12001,
        "WriteUnitsPerSecond": 4001,
        "Status": "ACTIVE",
    }


@MOTO_NO_WARM_UPDATES
def test_index_warm_decrease_is_refused(client: Any, make_table: TableFactory) -> None:
    table = with_index(make_table)
    assert_error(
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for index gsi1 is lower than "
        "current WarmThroughput, decreasing WarmThroughput is not supported",
        client.update_table,
        TableName=table,
        GlobalSecondaryIndexUpdates=index_updates(WarmThroughput=warm(100, 100)),
    )


@MOTO_NO_WARM_UPDATES
def test_index_empty_warm_is_refused(client: Any, make_table: TableFactory) -> None:
    # DDB-TABLE-456: unlike the table's, an index's empty WarmThroughput is an error.
    table = with_index(make_table)
    assert_error(
        "ValidationException",
        INVALID + "WarmThroughput must have at least one of ReadUnitsPerSecond or "
        "WriteUnitsPerSecond specified for index: gsi1",
        client.update_table,
        TableName=table,
        GlobalSecondaryIndexUpdates=index_updates(WarmThroughput={}),
    )


@pytest.mark.moto_differs(reason="moto accepts any update of an on-demand index")
def test_on_demand_index_takes_no_capacity(client: Any, make_table: TableFactory) -> None:
    table = with_index(make_table)
    assert_error(
        "ValidationException",
        INVALID + "The only Updates for index: gsi1 when TableThroughputMode is PAY_PER_REQUEST "
        "can be to OnDemandThroughput, WarmThroughput",
        client.update_table,
        TableName=table,
        GlobalSecondaryIndexUpdates=index_updates(OnDemandThroughput={}),
    )
