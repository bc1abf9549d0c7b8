"""Tags: TagResource, UntagResource, ListTagsOfResource, and CreateTable's Tags.

Sources: dynamodb-behaviour.md section 4.1 (upsert, untag of an absent key, the aws: prefix, 50
tags, key 1-128 and value 0-256 characters, every rule a ValidationException); the developer
guide's "Tagging restrictions in DynamoDB" (letters, digits, spaces and + - = . _ : / @; case
sensitive keys); the API reference of the three operations; observations of the service published
with their probes (the texts "The Tag Key provided is invalid, Key: <key>", "The Tag Value provided
is invalid, Value: <value>", "Atleast one Tag needs to be provided as Input.", "Atleast one Tag Key
needs to be provided as Input.", the count checked on the merged set and on UntagResource's keys,
all-or-nothing requests, no NextToken at 50 tags, backups not taggable, "Requested resource not
found: ResourceArn: <arn> not found", a DELETING table refusing a change with "Table is being
deleted"); dynalite's tests (AccessDeniedException for a ResourceArn that is no ARN, "Invalid
TableArn: Invalid ResourceArn provided as input <arn>" for one that is not a table's).

Unconfirmed (⚠): the principal named by AccessDeniedException (the service names the caller's;
dynafake has none and names the account's root); the characters beyond the documented classes
(letters, digits and spaces of other scripts are told apart from symbols by Unicode block); tags
accepted on a CREATING table.

The service applies tag changes eventually: ListTagsOfResource shows them about two seconds later,
and in that time another change to the table's tags is refused with LimitExceededException
"Subscriber limit exceeded: Table tags are being updated: <name>" (one that changes nothing is
not) and DeleteTable with ResourceInUseException. dynafake models this with the engine's
``table_transition_seconds`` (0 by default: changes settle at once); that test needs the dynafake
engine and is skipped under --backend=moto.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from conformance_support import assert_error, error_of, unique_table_name

TOO_MANY = "Number of Tags exceed the current limit for the provided ResourceArn"


def arn_of(client: Any, table: str) -> str:
    return str(client.describe_table(TableName=table)["Table"]["TableArn"])


def tags_of(client: Any, arn: str) -> dict[str, str]:
    answer = client.list_tags_of_resource(ResourceArn=arn)
    assert "NextToken" not in answer
    return {tag["Key"]: tag["Value"] for tag in answer["Tags"]}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def test_a_new_table_has_no_tags(client: Any, table: str) -> None:
    answer = client.list_tags_of_resource(ResourceArn=arn_of(client, table))
    assert answer["Tags"] == []
    assert "NextToken" not in answer


def test_tag_upserts_and_untag_removes(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    client.tag_resource(ResourceArn=arn, Tags=tag_list({"k": "v1", "Env": "", "env": "x"}))
    client.tag_resource(ResourceArn=arn, Tags=tag_list({"k": "v2", "team": "data"}))
    # Keys are case sensitive, an empty value is kept, and a changed key keeps its place.
    answer = client.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert answer == tag_list({"k": "v2", "Env": "", "env": "x", "team": "data"})
    # A key the table does not have is no error; the others are removed.
    client.untag_resource(ResourceArn=arn, TagKeys=["Env", "never-set"])
    assert tags_of(client, arn) == {"k": "v2", "env": "x", "team": "data"}
    # Tags are not part of the table's description.
    assert "Tags" not in client.describe_table(TableName=table)["Table"]


def test_create_table_tags(client: Any, make_table: Any) -> None:
    table = make_table(Tags=tag_list({"owner": "me", "ключ": "café 表"}))
    assert tags_of(client, arn_of(client, table)) == {"owner": "me", "ключ": "café 表"}
    # An empty list is accepted at creation.
    assert tags_of(client, arn_of(client, make_table(Tags=[]))) == {}
    # CreateTable counts its tags before reading them, and creates nothing when one is invalid.
    name = unique_table_name()
    too_many = [{"Key": f"k{i}", "Value": "#"} for i in range(51)]
    assert_error("ValidationException", TOO_MANY, make_table, name=name, Tags=too_many)
    code, message = error_of(make_table, name=name, Tags=tag_list({"aws:foo": "x"}))
    assert (code, message) == (
        "ValidationException",
        "Tag Key cannot be prefixed with aws:, Key: aws:foo",
    )
    assert name not in client.list_tables()["TableNames"]


def test_invalid_keys_and_values(unchecked_client: Any, table: str) -> None:
    client = unchecked_client
    arn = arn_of(client, table)
    long_key, long_value = "k" * 129, "v" * 257
    cases: list[tuple[list[dict[str, str]], str]] = [
        ([{"Key": long_key, "Value": "v"}], f"The Tag Key provided is invalid, Key: {long_key}"),
        (
            [{"Key": "k", "Value": long_value}],
            f"The Tag Value provided is invalid, Value: {long_value}",
        ),
        ([{"Key": "", "Value": "v"}], "The Tag Key provided is invalid, Key: "),
        ([{"Value": "v"}], "The Tag Key provided is invalid, Key: null"),
        ([{"Key": "k"}], "The Tag Value provided is invalid, Value: null"),
        ([{"Key": "bad#char", "Value": "v"}], "The Tag Key provided is invalid, Key: bad#char"),
        ([{"Key": "k", "Value": "100%"}], "The Tag Value provided is invalid, Value: 100%"),
        ([{"Key": "k", "Value": "🔑"}], "The Tag Value provided is invalid, Value: 🔑"),
        (
            [{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}],
            "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup",
        ),
        # A request is all or nothing: the valid tag before the invalid one is not applied.
        (
            [{"Key": "good", "Value": "1"}, {"Key": "x" * 129, "Value": "2"}],
            f"The Tag Key provided is invalid, Key: {'x' * 129}",
        ),
        ([], "Atleast one Tag needs to be provided as Input."),
    ]
    for tags, message in cases:
        assert_error(
            "ValidationException", message, client.tag_resource, ResourceArn=arn, Tags=tags
        )
    assert tags_of(client, arn) == {}
    # The longest key and value are accepted, and so are letters, digits and spaces of any script.
    edge = {"k" * 128: "v" * 256, "sp ace": "a b+c-d=e.f_g:h/i@j", " lead": "x\u00a0y\u3000z"}
    client.tag_resource(ResourceArn=arn, Tags=tag_list(edge))
    assert tags_of(client, arn) == edge


def test_reserved_prefix(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    for key in ("aws:foo", "AWS:foo"):
        message = f"Tag Key cannot be prefixed with aws:, Key: {key}"
        assert_error(
            "ValidationException",
            message,
            client.tag_resource,
            ResourceArn=arn,
            Tags=tag_list({key: "x"}),
        )
        # Even removing one is refused.
        assert_error(
            "ValidationException", message, client.untag_resource, ResourceArn=arn, TagKeys=[key]
        )
    client.tag_resource(ResourceArn=arn, Tags=tag_list({"myaws:foo": "x"}))
    assert tags_of(client, arn) == {"myaws:foo": "x"}


def test_tag_limit(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    fifty = {f"k{i:02}": "v" for i in range(50)}
    client.tag_resource(ResourceArn=arn, Tags=tag_list(fifty))
    assert len(tags_of(client, arn)) == 50
    # The count is of the merged set: new values for present keys are fine, any new key is not.
    client.tag_resource(ResourceArn=arn, Tags=tag_list({"k00": "new"}))
    for tags in ({"k51": "v"}, {"k01": "new", "k51": "v"}):
        assert_error(
            "ValidationException",
            TOO_MANY,
            client.tag_resource,
            ResourceArn=arn,
            Tags=tag_list(tags),
        )
    assert tags_of(client, arn) == {**fifty, "k00": "new"}
    # Fifty-one tags in one request are too many for any table.
    client.untag_resource(ResourceArn=arn, TagKeys=list(fifty))
    fifty_one = [{"Key": f"n{i}", "Value": "v"} for i in range(51)]
    assert_error(
        "ValidationException", TOO_MANY, client.tag_resource, ResourceArn=arn, Tags=fifty_one
    )
    assert tags_of(client, arn) == {}


def test_untag_rules(unchecked_client: Any, table: str) -> None:
    client = unchecked_client
    arn = arn_of(client, table)
    client.tag_resource(ResourceArn=arn, Tags=tag_list({"a": "1"}))
    too_many = [f"k{i}" for i in range(51)]
    assert_error(
        "ValidationException", TOO_MANY, client.untag_resource, ResourceArn=arn, TagKeys=too_many
    )
    message = "Atleast one Tag Key needs to be provided as Input."
    assert_error("ValidationException", message, client.untag_resource, ResourceArn=arn, TagKeys=[])
    for key, shown in (("", ""), ("k" * 129, "k" * 129)):
        message = f"The Tag Key provided is invalid, Key: {shown}"
        assert_error(
            "ValidationException",
            message,
            client.untag_resource,
            ResourceArn=arn,
            TagKeys=["a", key],
        )
    assert tags_of(client, arn) == {"a": "1"}


def test_resource_arn_forms(unchecked_client: Any, client: Any, table: str) -> None:
    account = arn_of(client, table).split(":")[4]
    region = client.meta.region_name
    for resource in ("", "abcd", "a:b:c:d:e:f", "a:b:c:d:e/f"):
        code, message = error_of(unchecked_client.list_tags_of_resource, ResourceArn=resource)
        assert code == "AccessDeniedException"
        action = "dynamodb:ListTagsOfResource"
        assert message.endswith(
            f" is not authorized to perform: {action} on resource: {resource or '*'}"
        )
        assert message.startswith(f"User: arn:aws:iam::{account}:")
    invalid = "Invalid TableArn: Invalid ResourceArn provided as input "
    short_name = f"arn:aws:dynamodb:{region}:{account}:table/ab"
    for resource in ("a:b:c:d:e:f/g", short_name):
        assert_error(
            "ValidationException",
            invalid + resource,
            unchecked_client.tag_resource,
            ResourceArn=resource,
            Tags=[],
        )
    missing = f"arn:aws:dynamodb:{region}:{account}:table/{unique_table_name()}"
    # The form of the ARN is checked before the tags, the table's existence after them.
    assert_error(
        "ValidationException",
        "Atleast one Tag needs to be provided as Input.",
        unchecked_client.tag_resource,
        ResourceArn=missing,
        Tags=[],
    )
    not_found = f"Requested resource not found: ResourceArn: {missing} not found"
    for call, params in (
        (client.tag_resource, {"Tags": tag_list({"a": "b"})}),
        (client.untag_resource, {"TagKeys": ["a"]}),
        (client.list_tags_of_resource, {}),
    ):
        assert_error("ResourceNotFoundException", not_found, call, ResourceArn=missing, **params)
    # A table of another region is not found through this one.
    elsewhere = arn_of(client, table).replace(f":{region}:", ":eu-west-1:")
    code, _ = error_of(client.list_tags_of_resource, ResourceArn=elsewhere)
    assert code == "ResourceNotFoundException"


def test_backups_and_indexes_are_not_taggable(client: Any, table: str) -> None:
    backup = client.create_backup(TableName=table, BackupName="snap")["BackupDetails"]["BackupArn"]
    index = arn_of(client, table) + "/index/by_x"
    for resource in (backup, index):
        message = (
            "One or more parameter values were invalid: "
            f"Provided Arn is not a DynamoDB resource arn: {resource}"
        )
        assert_error(
            "ValidationException", message, client.list_tags_of_resource, ResourceArn=resource
        )
        assert_error(
            "ValidationException",
            message,
            client.tag_resource,
            ResourceArn=resource,
            Tags=tag_list({"a": "b"}),
        )
    assert "Tags" not in client.describe_backup(BackupArn=backup)["BackupDescription"]
    client.delete_backup(BackupArn=backup)


def test_list_has_no_pages(unchecked_client: Any, table: str) -> None:
    arn = arn_of(unchecked_client, table)
    unchecked_client.tag_resource(ResourceArn=arn, Tags=tag_list({"a": "1"}))
    answer = unchecked_client.list_tags_of_resource(ResourceArn=arn, NextToken="anything")
    assert answer["Tags"] == tag_list({"a": "1"})
    assert "NextToken" not in answer


def test_a_restored_table_has_no_tags(client: Any, make_table: Any) -> None:
    table = make_table(Tags=tag_list({"owner": "me"}))
    backup = client.create_backup(TableName=table, BackupName="snap")["BackupDetails"]["BackupArn"]
    target = unique_table_name()
    client.restore_table_from_backup(TargetTableName=target, BackupArn=backup)
    try:
        assert tags_of(client, arn_of(client, target)) == {}
        assert tags_of(client, arn_of(client, table)) == {"owner": "me"}
    finally:
        client.delete_table(TableName=target)
        client.delete_backup(BackupArn=backup)


def test_a_recreated_table_starts_without_tags(client: Any, make_table: Any) -> None:
    name = unique_table_name()
    make_table(name=name, Tags=tag_list({"owner": "me"}))
    client.delete_table(TableName=name)
    make_table(name=name)
    assert tags_of(client, arn_of(client, name)) == {}


@pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="holds a table in DELETING with the dynafake engine's transition time",
)
def test_tags_while_deleting() -> None:
    import dynafake

    with dynafake.Engine(frozen_at=1_700_000_000, table_transition_seconds=5) as engine:
        client = engine.client(region_name="us-east-1")
        arn = client.create_table(
            TableName="doomed",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=tag_list({"a": "1"}),
        )["TableDescription"]["TableArn"]
        engine.clock.advance(seconds=5)
        # A table being updated takes tag changes.
        client.update_table(
            TableName="doomed",
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )
        client.tag_resource(ResourceArn=arn, Tags=tag_list({"b": "2"}))
        engine.clock.advance(seconds=5)
        client.delete_table(TableName="doomed")
        # Readable while DELETING; a change is refused, a write that changes nothing is not.
        assert tags_of(client, arn) == {"a": "1", "b": "2"}
        message = (
            "Attempt to change a resource which is still in use: Table is being deleted: doomed"
        )
        assert_error(
            "ResourceInUseException",
            message,
            client.tag_resource,
            ResourceArn=arn,
            Tags=tag_list({"a": "2"}),
        )
        assert_error(
            "ResourceInUseException", message, client.untag_resource, ResourceArn=arn, TagKeys=["a"]
        )
        client.tag_resource(ResourceArn=arn, Tags=tag_list({"a": "1"}))
        client.untag_resource(ResourceArn=arn, TagKeys=["never-set"])
        engine.clock.advance(seconds=5)
        code, _ = error_of(client.list_tags_of_resource, ResourceArn=arn)
        assert code == "ResourceNotFoundException"


@pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="lets tag changes settle with the dynafake engine's transition time",
)
def test_tag_changes_settle_on_a_slow_engine() -> None:
    import dynafake

    with dynafake.Engine(frozen_at=1_700_000_000, table_transition_seconds=2) as engine:
        client = engine.client(config=Config(retries={"mode": "standard", "max_attempts": 1}))
        arn = client.create_table(
            TableName="settling",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]["TableArn"]
        engine.clock.advance(seconds=2)
        client.tag_resource(ResourceArn=arn, Tags=tag_list({"a": "1"}))
        # Until the change settles, the tags before it are shown ...
        assert tags_of(client, arn) == {}
        # ... another change to them is refused, though one that changes nothing is not ...
        busy = "Subscriber limit exceeded: Table tags are being updated: settling"
        for call, params in (
            (client.tag_resource, {"Tags": tag_list({"b": "2"})}),
            (client.untag_resource, {"TagKeys": ["a"]}),
        ):
            assert_error("LimitExceededException", busy, call, ResourceArn=arn, **params)
        client.tag_resource(ResourceArn=arn, Tags=tag_list({"a": "1"}))
        client.untag_resource(ResourceArn=arn, TagKeys=["never-set"])
        # ... and the table cannot be deleted.
        assert_error(
            "ResourceInUseException",
            "Attempt to change a resource which is still in use: Table tags are being updated: "
            "settling",
            client.delete_table,
            TableName="settling",
        )
        engine.clock.advance(seconds=2)
        assert tags_of(client, arn) == {"a": "1"}
        client.untag_resource(ResourceArn=arn, TagKeys=["a"])
        assert tags_of(client, arn) == {"a": "1"}
        engine.clock.advance(seconds=2)
        assert tags_of(client, arn) == {}
        client.delete_table(TableName="settling")
