"""Time to Live: UpdateTimeToLive, DescribeTimeToLive, and the expiry of items.

Sources: dynamodb-behaviour.md section 8; the API reference of UpdateTimeToLive (one change per
hour, ValidationException otherwise; the answer echoes TimeToLiveSpecification); the developer
guide's "howitworks-ttl" and "time-to-live-ttl-before-you-start" pages (a top-level Number of epoch
seconds; other types ignored; values more than five years in the past ignored; expired items
still read until deleted, within days; deletions remove index entries and consume no capacity);
scylladb's alternator test_ttl.py (the never-configured description; "already enabled", "active
on a different AttributeName", "disabled", "different" and "multiple times" messages; a
disable must name the current attribute; content errors before the cooldown); observations
published by users of the service (DescribeTimeToLive on a CREATING or DELETING table;
UpdateTimeToLive on a CREATING table; the cooldown measured at about 31 minutes).

Expiry follows the engine's clock and a sweep of the dynafake engine (``engine.ttl.sweep()``, and
the periodic sweep every ``ttl_sweep_interval_seconds`` of engine time, 60 by default, that
``engine.clock.advance`` runs). Those tests, and those that move the clock, need the dynafake
engine and are skipped under --backend=moto.

Unconfirmed (⚠): the full text of "TimeToLive is active on a different AttributeName: current
AttributeName is <name>" (reported by users) and its use for a disable naming another attribute
(the service's text is only known to contain "different"); the cooldown's length (documented one
hour, measured about 31 minutes: the documented hour is used); the five-year cut-off taken as
5 * 365 days; the ResourceInUseException of UpdateTimeToLive for the whole of CREATING (the
service first answers ResourceNotFoundException for a few seconds).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conformance_support import (
    assert_error,
    index_spec,
    make_indexed_table,
    read_item,
    s_key,
    table_not_found,
    unique_table_name,
    wire_item,
)

ALREADY_ENABLED = "TimeToLive is already enabled"
ALREADY_DISABLED = "TimeToLive is already disabled"
CHANGED_TOO_OFTEN = "Time to live has been modified multiple times within a fixed interval"
COOLDOWN_HOURS = 1
TRANSITION_SECONDS = 5
FIVE_YEARS_SECONDS = 5 * 365 * 86400

ENGINE_CLOCK = pytest.mark.skipif(
    "config.getoption('--backend') != 'dynafake'",
    reason="moves the dynafake engine's clock or runs its TTL sweep",
)


def different_attribute(current: str) -> str:
    """⚠ The text is reported by users of the service, not confirmed."""
    return f"TimeToLive is active on a different AttributeName: current AttributeName is {current}"


def spec(attribute: str = "expires", enabled: bool = True) -> dict[str, Any]:
    return {"AttributeName": attribute, "Enabled": enabled}


def update_ttl(client: Any, table: str, attribute: str = "expires", enabled: bool = True) -> Any:
    return client.update_time_to_live(
        TableName=table, TimeToLiveSpecification=spec(attribute, enabled)
    )


def describe_ttl(client: Any, table: str) -> dict[str, Any]:
    return dict(client.describe_time_to_live(TableName=table)["TimeToLiveDescription"])


def body(response: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in response.items() if name != "ResponseMetadata"}


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Any:
    """The dynafake engine serving the test, clock frozen (tests using it carry ENGINE_CLOCK)."""
    served = request.getfixturevalue("dynafake")
    # A whole second, so that expiry times written as whole seconds sit exactly where a test puts
    # them; just ahead of the current time, so the periodic sweep keeps its schedule.
    served.clock.freeze(at=int(served.clock.timestamp()) + 1)
    return served


@pytest.fixture
def slow_engine() -> Iterator[Any]:
    """An engine of its own whose tables and TTL settings take TRANSITION_SECONDS to settle."""
    import dynafake

    with dynafake.Engine(
        frozen_at=1_700_000_000, table_transition_seconds=TRANSITION_SECONDS
    ) as created:
        yield created


def create_table(client: Any, name: str | None = None) -> str:
    table = name or unique_table_name()
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return table


# --- UpdateTimeToLive and DescribeTimeToLive ----------------------------------------------------


def test_never_configured_is_disabled(client: Any, table: str) -> None:
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "DISABLED"}


def test_enable_answers_with_the_specification(client: Any, table: str) -> None:
    answer = update_ttl(client, table)
    assert body(answer) == {"TimeToLiveSpecification": spec()}
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }


def test_table_may_be_named_by_arn(client: Any, table: str) -> None:
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    update_ttl(client, arn)
    assert describe_ttl(client, arn) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}


def test_key_attribute_may_be_the_ttl_attribute(client: Any, make_table: Any) -> None:
    table = make_table(hash=("pk", "S"), range=("sk", "N"))
    update_ttl(client, table, "sk")
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "sk"}


@pytest.mark.moto_differs(reason="moto accepts enabling TTL when it is enabled")
def test_enable_when_enabled(client: Any, table: str) -> None:
    update_ttl(client, table)
    assert_error(
        "ValidationException",
        ALREADY_ENABLED,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(),
    )


@pytest.mark.moto_differs(reason="moto accepts enabling TTL when it is enabled")
def test_enable_another_attribute_when_enabled(client: Any, table: str) -> None:
    update_ttl(client, table)
    assert_error(
        "ValidationException",
        different_attribute("expires"),
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec("other"),
    )
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }


@pytest.mark.moto_differs(reason="moto accepts disabling TTL that is not enabled")
def test_disable_when_never_enabled(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        ALREADY_DISABLED,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(enabled=False),
    )


@pytest.mark.moto_differs(reason="moto accepts disabling TTL on any attribute")
def test_disable_naming_another_attribute(client: Any, table: str) -> None:
    update_ttl(client, table)
    assert_error(
        "ValidationException",
        different_attribute("expires"),
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec("dog", enabled=False),
    )


@pytest.mark.moto_differs(reason="moto has no TTL change cooldown")
def test_second_change_right_away_is_refused(client: Any, table: str) -> None:
    update_ttl(client, table)
    assert_error(
        "ValidationException",
        CHANGED_TOO_OFTEN,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(enabled=False),
    )
    # The refused change changed nothing.
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }


@pytest.mark.moto_differs(reason="moto has no TTL change cooldown")
def test_content_errors_come_before_the_cooldown(client: Any, table: str) -> None:
    update_ttl(client, table)
    for attribute, enabled, message in (
        ("expires", True, ALREADY_ENABLED),
        ("other", True, different_attribute("expires")),
        ("other", False, different_attribute("expires")),
    ):
        assert_error(
            "ValidationException",
            message,
            client.update_time_to_live,
            TableName=table,
            TimeToLiveSpecification=spec(attribute, enabled),
        )


@ENGINE_CLOCK
def test_second_change_within_the_hour_is_refused(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    engine.clock.advance(hours=COOLDOWN_HOURS, seconds=-1)
    assert_error(
        "ValidationException",
        CHANGED_TOO_OFTEN,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(enabled=False),
    )
    # Refused attempts do not extend the window.
    engine.clock.advance(seconds=1)
    answer = update_ttl(client, table, enabled=False)
    assert body(answer) == {"TimeToLiveSpecification": spec(enabled=False)}
    # Each successful change starts a new window.
    assert_error(
        "ValidationException",
        CHANGED_TOO_OFTEN,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec("other"),
    )
    engine.clock.advance(hours=COOLDOWN_HOURS)
    update_ttl(client, table, "other")
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "other"}


@ENGINE_CLOCK
def test_disabled_shows_no_attribute_name(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    engine.clock.advance(hours=COOLDOWN_HOURS)
    update_ttl(client, table, enabled=False)
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "DISABLED"}
    # Disabled again is disabled, whatever attribute is named.
    assert_error(
        "ValidationException",
        ALREADY_DISABLED,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec("anything", enabled=False),
    )


@pytest.mark.moto_differs(reason="moto answers ResourceNotFound with its own message")
def test_missing_table(client: Any) -> None:
    name = unique_table_name()
    assert_error(
        "ResourceNotFoundException",
        table_not_found(name),
        client.update_time_to_live,
        TableName=name,
        TimeToLiveSpecification=spec(),
    )
    assert_error(
        "ResourceNotFoundException",
        table_not_found(name),
        client.describe_time_to_live,
        TableName=name,
    )


@pytest.mark.moto_differs(reason="moto does not check the AttributeName length")
def test_attribute_name_longer_than_255(client: Any, table: str) -> None:
    name = "x" * 256
    assert_error(
        "ValidationException",
        "1 validation error detected: Value '"
        + name
        + "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
        "Member must have length less than or equal to 255",
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(name),
    )
    update_ttl(client, table, "x" * 255)


@pytest.mark.moto_differs(reason="moto does not validate the specification")
def test_empty_or_missing_members(unchecked_client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed "
        "to satisfy constraint: Member must have length greater than or equal to 1",
        unchecked_client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(""),
    )
    assert_error(
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
        "failed to satisfy constraint: Member must not be null",
        unchecked_client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification={"Enabled": True},
    )
    assert_error(
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' "
        "failed to satisfy constraint: Member must not be null",
        unchecked_client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification={"AttributeName": "expires"},
    )
    assert_error(
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification' "
        "failed to satisfy constraint: Member must not be null",
        unchecked_client.update_time_to_live,
        TableName=table,
    )
    assert describe_ttl(unchecked_client, table) == {"TimeToLiveStatus": "DISABLED"}


# --- statuses on the clock ------------------------------------------------------------------------


@ENGINE_CLOCK
def test_enabling_and_disabling_take_the_transition_time(slow_engine: Any) -> None:
    client = slow_engine.client()
    table = create_table(client)
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    update_ttl(client, table)
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "ENABLING",
        "AttributeName": "expires",
    }
    assert_error(
        "ValidationException",
        ALREADY_ENABLED,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(),
    )
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS - 1)
    assert describe_ttl(client, table)["TimeToLiveStatus"] == "ENABLING"
    slow_engine.clock.advance(seconds=1)
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }

    slow_engine.clock.advance(hours=COOLDOWN_HOURS)
    update_ttl(client, table, enabled=False)
    assert describe_ttl(client, table) == {
        "TimeToLiveStatus": "DISABLING",
        "AttributeName": "expires",
    }
    assert_error(
        "ValidationException",
        ALREADY_DISABLED,
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(enabled=False),
    )
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "DISABLED"}


@ENGINE_CLOCK
def test_update_while_creating(slow_engine: Any) -> None:
    client = slow_engine.client()
    table = create_table(client)
    assert_error(
        "ResourceInUseException",
        f"Attempt to change a resource which is still in use: Table {table} is being created",
        client.update_time_to_live,
        TableName=table,
        TimeToLiveSpecification=spec(),
    )
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    update_ttl(client, table)


@ENGINE_CLOCK
def test_describe_while_creating_or_deleting(slow_engine: Any) -> None:
    client = slow_engine.client()
    table = create_table(client)

    def refused(state: str) -> None:
        assert_error(
            "ValidationException",
            f"Cannot describe time to live while table is in {state} state: "
            f"Current table state is {state}",
            client.describe_time_to_live,
            TableName=table,
        )

    refused("CREATING")
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    assert describe_ttl(client, table) == {"TimeToLiveStatus": "DISABLED"}
    client.delete_table(TableName=table)
    refused("DELETING")


@ENGINE_CLOCK
def test_deleting_table_accepts_a_change(slow_engine: Any) -> None:
    client = slow_engine.client()
    table = create_table(client)
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    client.delete_table(TableName=table)
    answer = update_ttl(client, table)
    assert body(answer) == {"TimeToLiveSpecification": spec()}
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    assert_error(
        "ResourceNotFoundException",
        table_not_found(table),
        client.describe_time_to_live,
        TableName=table,
    )


# --- expiry ---------------------------------------------------------------------------------------


def put(client: Any, table: str, key: str, **attributes: Any) -> None:
    client.put_item(TableName=table, Item=wire_item({"pk": key, **attributes}))


def exists(client: Any, table: str, key: str) -> bool:
    return read_item(client, table, {"pk": key}) is not None


def now(engine: Any) -> int:
    return int(engine.clock.timestamp())


@ENGINE_CLOCK
def test_expired_items_are_read_until_swept(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    put(client, table, "old", expires=now(engine) - 10)
    put(client, table, "new", expires=now(engine) + 3600)
    # Expired but not deleted yet: every read still returns it.
    assert exists(client, table, "old")
    scanned = client.scan(TableName=table, ConsistentRead=True)["Items"]
    assert sorted(item["pk"]["S"] for item in scanned) == ["new", "old"]
    queried = client.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "old"}},
    )["Items"]
    assert [item["pk"]["S"] for item in queried] == ["old"]

    assert engine.ttl.sweep() == 1
    assert not exists(client, table, "old")
    assert exists(client, table, "new")
    assert engine.ttl.sweep() == 0


@ENGINE_CLOCK
def test_items_expire_as_the_clock_advances(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    put(client, table, "soon", expires=now(engine) + 30 * 60)
    put(client, table, "later", expires=now(engine) + 3 * 3600)
    engine.clock.advance(minutes=29)
    assert exists(client, table, "soon")
    engine.clock.advance(hours=1)
    assert not exists(client, table, "soon")
    assert exists(client, table, "later")
    engine.clock.advance(hours=2)
    assert not exists(client, table, "later")


@ENGINE_CLOCK
def test_sweeps_run_every_interval_of_engine_time(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    # The periodic sweep runs at most once a minute (ttl_sweep_interval_seconds, 60 by default):
    # an item expiring between two sweeps waits for the next.
    engine.clock.advance(seconds=60)
    put(client, table, "a", expires=now(engine) + 1)
    engine.clock.advance(seconds=2)
    assert exists(client, table, "a")
    engine.clock.advance(seconds=58)
    assert not exists(client, table, "a")


@ENGINE_CLOCK
def test_update_rescues_an_expired_item(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    put(client, table, "a", expires=now(engine) - 10, v="kept")
    client.update_item(
        TableName=table,
        Key=s_key("a"),
        UpdateExpression="SET expires = :later",
        ExpressionAttributeValues={":later": {"N": str(now(engine) + 86400)}},
    )
    assert engine.ttl.sweep() == 0
    assert read_item(client, table, {"pk": "a"}) == {
        "pk": "a",
        "v": "kept",
        "expires": Decimal(now(engine) + 86400),
    }
    # Removing the attribute rescues it for good.
    client.update_item(TableName=table, Key=s_key("a"), UpdateExpression="REMOVE expires")
    engine.clock.advance(days=2)
    assert engine.ttl.sweep() == 0
    assert exists(client, table, "a")


@ENGINE_CLOCK
def test_only_recent_top_level_numbers_expire(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    t = now(engine)
    put(client, table, "number", expires=t - 1)
    put(client, table, "fraction", expires=Decimal(t) - Decimal("0.5"))
    client.put_item(
        TableName=table,
        Item={"pk": {"S": "exponent"}, "expires": {"N": f"{Decimal(t - 100):E}"}},
    )
    put(client, table, "five_years", expires=t - FIVE_YEARS_SECONDS)
    survivors: dict[str, dict[str, Any]] = {
        "missing": {},
        "string": {"expires": str(t - 1)},
        "number_set": {"expires": {t - 1}},
        "list": {"expires": [t - 1]},
        "nested": {"m": {"expires": t - 1}},
        "bool": {"expires": True},
        "far_past": {"expires": t - FIVE_YEARS_SECONDS - 1},
        "zero": {"expires": 0},
        "negative": {"expires": -1},
        "milliseconds": {"expires": (t - 1) * 1000},
        "future": {"expires": t + 1},
        "other_name": {"Expires": t - 1},
    }
    for key, attributes in survivors.items():
        put(client, table, key, **attributes)
    assert engine.ttl.sweep() == 4
    for key in ("number", "fraction", "exponent", "five_years"):
        assert not exists(client, table, key), key
    for key in survivors:
        assert exists(client, table, key), key


@ENGINE_CLOCK
def test_expiry_removes_index_entries(client: Any, make_table: Any, engine: Any) -> None:
    table = make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"g": "S", "l": "S"},
        gsis=[index_spec("by_g", "g")],
        lsis=[index_spec("by_l", "pk", "l")],
    )
    update_ttl(client, table)
    item = {"pk": "a", "sk": "1", "g": "group", "l": "x", "expires": now(engine) - 1}
    client.put_item(TableName=table, Item=wire_item(item))
    client.put_item(
        TableName=table, Item=wire_item({**item, "sk": "2", "expires": now(engine) + 60})
    )

    def index_keys(index: str, condition: str, value: str) -> list[str]:
        items = client.query(
            TableName=table,
            IndexName=index,
            KeyConditionExpression=condition,
            ExpressionAttributeValues={":v": {"S": value}},
        )["Items"]
        return sorted(entry["sk"]["S"] for entry in items)

    assert index_keys("by_g", "g = :v", "group") == ["1", "2"]
    assert engine.ttl.sweep() == 1
    assert index_keys("by_g", "g = :v", "group") == ["2"]
    assert index_keys("by_l", "pk = :v", "a") == ["2"]
    described = client.describe_table(TableName=table)["Table"]
    assert described["ItemCount"] == 1
    assert [index["ItemCount"] for index in described["GlobalSecondaryIndexes"]] == [1]


@ENGINE_CLOCK
def test_tables_without_ttl_keep_their_items(client: Any, make_table: Any, engine: Any) -> None:
    plain = make_table()
    with_ttl = make_table()
    update_ttl(client, with_ttl)
    for table in (plain, with_ttl):
        put(client, table, "a", expires=now(engine) - 10)
    assert engine.ttl.sweep() == 1
    assert exists(client, plain, "a")
    assert not exists(client, with_ttl, "a")


@ENGINE_CLOCK
def test_disabling_stops_expiry(client: Any, table: str, engine: Any) -> None:
    update_ttl(client, table)
    engine.clock.advance(hours=COOLDOWN_HOURS)
    update_ttl(client, table, enabled=False)
    put(client, table, "a", expires=now(engine) - 10)
    engine.clock.advance(days=1)
    assert engine.ttl.sweep() == 0
    assert exists(client, table, "a")


@ENGINE_CLOCK
def test_nothing_expires_while_enabling(slow_engine: Any) -> None:
    client = slow_engine.client()
    table = create_table(client)
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    update_ttl(client, table)
    put(client, table, "a", expires=now(slow_engine) - 10)
    assert slow_engine.ttl.sweep() == 0
    assert exists(client, table, "a")
    slow_engine.clock.advance(seconds=TRANSITION_SECONDS)
    assert slow_engine.ttl.sweep() == 1
    assert not exists(client, table, "a")
