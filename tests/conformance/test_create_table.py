"""CreateTable: the table description it returns, the names it accepts, and its errors.

Sources: dynamodb-behaviour.md 2.5 and 4.1; messages confirmed where noted against captures of
the real service (architect/dynalite tests, nubo-db/dynamodb-conformance).
"""

from __future__ import annotations

import datetime
import re
import string
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from conformance_support import (
    TableFactory,
    assert_error,
    code_and_message,
    expect_error,
    unique_table_name,
)

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
INVALID = "One or more parameter values were invalid: "


def hash_schema(name: str = "pk", attribute_type: str = "S") -> dict[str, Any]:
    return {
        "KeySchema": [{"AttributeName": name, "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": attribute_type}],
    }


def on_demand(table_name: str, **schema: Any) -> dict[str, Any]:
    return {"TableName": table_name, "BillingMode": "PAY_PER_REQUEST", **(schema or hash_schema())}


# --- the description in the CreateTable response -------------------------------------------------


def test_response_echoes_name_and_schema(client: Any) -> None:
    name = unique_table_name()
    schema = {
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
    }
    description = client.create_table(**on_demand(name, **schema))["TableDescription"]
    assert description["TableName"] == name
    assert description["KeySchema"] == schema["KeySchema"]
    assert description["AttributeDefinitions"] == schema["AttributeDefinitions"]


@pytest.mark.moto_differs(reason="moto creates tables ACTIVE and says so in the response")
def test_response_status_is_creating(client: Any) -> None:
    description = client.create_table(**on_demand(unique_table_name()))["TableDescription"]
    assert description["TableStatus"] == "CREATING"


def test_describe_right_after_create_is_active(client: Any) -> None:
    # dynafake's default settles tables at once; the real service takes a few seconds.
    name = unique_table_name()
    client.create_table(**on_demand(name))
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


def test_table_arn(client: Any) -> None:
    name = unique_table_name()
    description = client.create_table(**on_demand(name))["TableDescription"]
    assert re.fullmatch(
        rf"arn:aws:dynamodb:us-east-1:\d{{12}}:table/{name}", description["TableArn"]
    )


@pytest.mark.moto_differs(reason="moto returns no TableId")
def test_table_id_is_a_uuid_that_describe_repeats(client: Any) -> None:
    name = unique_table_name()
    table_id = client.create_table(**on_demand(name))["TableDescription"]["TableId"]
    assert re.fullmatch(UUID_RE, table_id)
    assert client.describe_table(TableName=name)["Table"]["TableId"] == table_id


@pytest.mark.moto_differs(reason="moto returns no TableId")
def test_table_ids_differ_between_tables(client: Any) -> None:
    first = client.create_table(**on_demand(unique_table_name()))["TableDescription"]
    second = client.create_table(**on_demand(unique_table_name()))["TableDescription"]
    assert first["TableId"] != second["TableId"]


def test_creation_date_time_is_a_timestamp_that_describe_repeats(client: Any) -> None:
    name = unique_table_name()
    created = client.create_table(**on_demand(name))["TableDescription"]["CreationDateTime"]
    assert isinstance(created, datetime.datetime)
    assert created.tzinfo is not None
    assert client.describe_table(TableName=name)["Table"]["CreationDateTime"] == created


def test_new_table_is_empty(client: Any) -> None:
    description = client.create_table(**on_demand(unique_table_name()))["TableDescription"]
    assert description["ItemCount"] == 0
    assert description["TableSizeBytes"] == 0


def test_on_demand_table_reports_zero_throughput(client: Any) -> None:
    description = client.create_table(**on_demand(unique_table_name()))["TableDescription"]
    assert description["ProvisionedThroughput"] == {
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": 0,
        "WriteCapacityUnits": 0,
    }
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_provisioned_table_echoes_throughput(client: Any) -> None:
    description = client.create_table(
        TableName=unique_table_name(),
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 7},
        **hash_schema(),
    )["TableDescription"]
    assert description["ProvisionedThroughput"] == {
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": 3,
        "WriteCapacityUnits": 7,
    }


@pytest.mark.moto_differs(reason="moto reports BillingModeSummary PROVISIONED for such tables")
def test_table_created_provisioned_has_no_billing_mode_summary(client: Any) -> None:
    # DynamoDB: BillingModeSummary only appears once a table is or was on-demand.
    name = unique_table_name()
    description = client.create_table(
        TableName=name,
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        **hash_schema(),
    )["TableDescription"]
    assert "BillingModeSummary" not in description
    assert "BillingModeSummary" not in client.describe_table(TableName=name)["Table"]


def test_billing_mode_defaults_to_provisioned(client: Any) -> None:
    name = unique_table_name()
    client.create_table(
        TableName=name,
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 4},
        **hash_schema(),
    )
    throughput = client.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
    assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (2, 4)


@pytest.mark.parametrize("attribute_type", ["S", "N", "B"])
def test_every_key_type_is_accepted(
    make_table: TableFactory, client: Any, attribute_type: str
) -> None:
    name = make_table(hash=("h", attribute_type), range=("r", attribute_type))
    table = client.describe_table(TableName=name)["Table"]
    assert table["AttributeDefinitions"] == [
        {"AttributeName": "h", "AttributeType": attribute_type},
        {"AttributeName": "r", "AttributeType": attribute_type},
    ]


def test_deletion_protection_at_create(client: Any, make_table: TableFactory) -> None:
    name = make_table(DeletionProtectionEnabled=True)
    assert client.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True


# --- table names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "abc",
        "n" * 255,
        ".leading-dot",
        "All_allowed.chars-09",
        string.ascii_letters + string.digits + "_.-",
    ],
    ids=["3-chars", "255-chars", "leading-dot", "mixed", "whole-alphabet"],
)
def test_valid_table_names(client: Any, name: str) -> None:
    description = client.create_table(**on_demand(name))["TableDescription"]
    assert description["TableName"] == name
    assert name in client.list_tables()["TableNames"]


def _name_error(value: str, rule: str) -> str:
    return f"Value '{value}' at 'tableName' failed to satisfy constraint: {rule}"


TOO_SHORT = "Member must have length greater than or equal to 3"
TOO_LONG = "Member must have length less than or equal to 255"
PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"


@pytest.mark.moto_differs(reason="moto accepts any table name")
@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("ab", TOO_SHORT),
        ("n" * 256, TOO_LONG),
        ("bad name!", PATTERN),
        ("semi;colon", PATTERN),
        ("caf\u00e9", PATTERN),
    ],
    ids=["2-chars", "256-chars", "space-and-bang", "semicolon", "non-ascii"],
)
def test_invalid_table_name_one_constraint(client: Any, name: str, rule: str) -> None:
    # Confirmed for CreateTable 'ab' by a real-service capture (nubo-db/dynamodb-conformance).
    assert_error(
        "ValidationException",
        f"1 validation error detected: {_name_error(name, rule)}",
        client.create_table,
        **on_demand(name),
    )


@pytest.mark.moto_differs(reason="moto accepts any table name")
@pytest.mark.parametrize(
    ("name", "rules"),
    [("a!", {PATTERN, TOO_SHORT}), ("!" * 256, {PATTERN, TOO_LONG})],
    ids=["short-and-bad-chars", "long-and-bad-chars"],
)
def test_invalid_table_name_two_constraints(client: Any, name: str, rules: set[str]) -> None:
    # The reference gives the "N validation errors detected: a; b" form but not the order of
    # two failures on one member (dynalite's captures list the pattern first), so the two
    # clauses are compared as a set.
    code, message = code_and_message(expect_error(client.create_table, **on_demand(name)))
    assert code == "ValidationException"
    prefix = "2 validation errors detected: "
    assert message.startswith(prefix)
    assert set(message[len(prefix) :].split("; ")) == {_name_error(name, rule) for rule in rules}


def test_empty_table_name_is_refused_by_botocore(client: Any) -> None:
    # botocore checks min lengths itself (section 1.6): the request never leaves.
    with pytest.raises(ParamValidationError):
        client.create_table(**on_demand(""))


def test_duplicate_table(client: Any, table: str) -> None:
    assert_error(
        "ResourceInUseException",
        f"Table already exists: {table}",
        client.create_table,
        **on_demand(table),
    )


def test_duplicate_table_with_a_different_schema(client: Any, table: str) -> None:
    assert_error(
        "ResourceInUseException",
        f"Table already exists: {table}",
        client.create_table,
        **on_demand(table, **hash_schema("other", "N")),
    )


# --- key schema and attribute definitions --------------------------------------------------------


def _keys(*elements: tuple[str, str]) -> list[dict[str, str]]:
    return [{"AttributeName": name, "KeyType": key_type} for name, key_type in elements]


def _defs(*names: str, attribute_type: str = "S") -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": attribute_type} for name in names]


MOTO_SCHEMA = pytest.mark.moto_differs(
    reason="moto accepts this key schema or words it differently"
)

SCHEMA_ERRORS = [
    pytest.param(
        _keys(("pk", "HASH"), ("sk", "RANGE")),
        _defs("pk"),
        "Invalid KeySchema: Some index key attribute have no definition",
        id="more-keys-than-definitions",
    ),
    pytest.param(
        _keys(("pk", "HASH"), ("pk", "RANGE")),
        _defs("pk"),
        "Invalid KeySchema: Some index key attribute have no definition",
        id="same-key-twice-one-definition",
        marks=MOTO_SCHEMA,
    ),
    pytest.param(
        _keys(("pk", "HASH")),
        _defs("other"),
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
        "Keys: [pk], AttributeDefinitions: [other]",
        id="key-not-defined",
    ),
    pytest.param(
        _keys(("pk", "HASH"), ("pk", "RANGE")),
        _defs("pk", "sk"),
        "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        id="hash-and-range-same-name",
        marks=MOTO_SCHEMA,
    ),
    pytest.param(
        _keys(("pk", "RANGE")),
        _defs("pk"),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        id="first-not-hash",
        marks=MOTO_SCHEMA,
    ),
    pytest.param(
        _keys(("pk", "HASH"), ("sk", "HASH")),
        _defs("pk", "sk"),
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        id="second-not-range",
        marks=MOTO_SCHEMA,
    ),
    pytest.param(
        _keys(("pk", "HASH")),
        _defs("pk", "extra"),
        INVALID + "Number of attributes in KeySchema does not exactly match number of "
        "attributes defined in AttributeDefinitions",
        id="unused-definition",
    ),
    pytest.param(
        _keys(("pk", "PRIMARY")),
        _defs("pk"),
        "1 validation error detected: Value 'PRIMARY' at 'keySchema.1.member.keyType' failed "
        "to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
        id="unknown-key-type",
    ),
    pytest.param(
        _keys(("pk", "HASH")),
        _defs("pk", attribute_type="SS"),
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
        id="set-attribute-type",
        marks=MOTO_SCHEMA,
    ),
]


@pytest.mark.parametrize(("key_schema", "definitions", "message"), SCHEMA_ERRORS)
def test_key_schema_errors(
    client: Any, key_schema: list[dict[str, str]], definitions: list[dict[str, str]], message: str
) -> None:
    name = unique_table_name()
    assert_error(
        "ValidationException",
        message,
        client.create_table,
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=key_schema,
        AttributeDefinitions=definitions,
    )
    assert name not in client.list_tables()["TableNames"]


# --- billing mode --------------------------------------------------------------------------------

PPR_WITH_THROUGHPUT = (
    INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
    "BillingMode is PAY_PER_REQUEST"
)
PROVISIONED_WITHOUT_THROUGHPUT = (
    INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when "
    "BillingMode is PROVISIONED"
)


@pytest.mark.moto_differs(reason="moto words this error differently")
def test_on_demand_with_throughput(client: Any) -> None:
    assert_error(
        "ValidationException",
        PPR_WITH_THROUGHPUT,
        client.create_table,
        TableName=unique_table_name(),
        BillingMode="PAY_PER_REQUEST",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        **hash_schema(),
    )


@pytest.mark.parametrize(
    "billing", [{"BillingMode": "PROVISIONED"}, {}], ids=["explicit", "default"]
)
def test_provisioned_without_throughput(client: Any, billing: dict[str, str]) -> None:
    assert_error(
        "ValidationException",
        PROVISIONED_WITHOUT_THROUGHPUT,
        client.create_table,
        TableName=unique_table_name(),
        **billing,
        **hash_schema(),
    )


@pytest.mark.moto_differs(reason="moto treats an unknown billing mode as PROVISIONED")
def test_unknown_billing_mode(client: Any) -> None:
    # botocore does not check enums (section 1.6); the enum listing order is not in the reference.
    code, message = code_and_message(
        expect_error(
            client.create_table,
            TableName=unique_table_name(),
            BillingMode="pay_per_request",
            **hash_schema(),
        )
    )
    assert code == "ValidationException"
    assert message.startswith(
        "1 validation error detected: Value 'pay_per_request' at 'billingMode' failed to "
        "satisfy constraint: Member must satisfy enum value set: ["
    )
