"""engine.capacity: metering modes and the capacity report, through boto3 under dynafake.mock().

Every figure is worked out here by hand from DynamoDB's rules (docs: dynamodb-behaviour.md 2.7
item sizes, 7.1 capacity units, 7.4 prices) rather than read back from the engine.
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config

import dynafake
from dynafake import CapacityReport, Engine

FROZEN = datetime(2030, 1, 2, 3, 4, 0, tzinfo=timezone.utc)  # on a minute boundary
REGION = "us-east-1"

# The price table (us-east-1, USD) and a 730-hour month.
MONTH_SECONDS = 730 * 3600
STANDARD_WRITE_PER_MILLION = 0.625
STANDARD_READ_PER_MILLION = 0.125
IA_WRITE_PER_MILLION = 0.78
IA_READ_PER_MILLION = 0.156
STANDARD_WCU_HOUR = 0.00065
STANDARD_RCU_HOUR = 0.00013
IA_STORAGE_GB_MONTH = 0.10
STORAGE_OVERHEAD_BYTES = 100  # billed per item
GB = 2**30

# "pk" + "user#1" + "data" + 2,000 characters: 2 + 6 + 4 + 2,000 bytes.
BIG_ITEM_BYTES = 2012
# "pk" + "user#2" + "data" + 500 characters.
SMALL_ITEM_BYTES = 512


def client(**retries: Any) -> Any:
    config = Config(retries={"mode": "legacy", "total_max_attempts": 1, **retries})
    return boto3.client("dynamodb", region_name=REGION, config=config)


def create_orders(dynamodb: Any, name: str = "orders", **settings: Any) -> None:
    settings.setdefault("BillingMode", "PAY_PER_REQUEST")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        **settings,
    )


def put(dynamodb: Any, pk: str, data_bytes: int) -> float:
    """Puts {pk, data} and returns the write units the response reports."""
    response = dynamodb.put_item(
        TableName="orders",
        Item={"pk": {"S": pk}, "data": {"S": "x" * data_bytes}},
        ReturnConsumedCapacity="TOTAL",
    )
    return float(response["ConsumedCapacity"]["CapacityUnits"])


def get(dynamodb: Any, pk: str, *, consistent: bool) -> float:
    response = dynamodb.get_item(
        TableName="orders",
        Key={"pk": {"S": pk}},
        ConsistentRead=consistent,
        ReturnConsumedCapacity="TOTAL",
    )
    return float(response["ConsumedCapacity"]["CapacityUnits"])


@pytest.fixture
def engine() -> Iterator[Engine]:
    with dynafake.mock(capacity="track") as mocked:
        mocked.clock.freeze(FROZEN)
        yield mocked


def run_orders_workload(engine: Engine) -> None:
    """Over 70 seconds of a frozen clock, across two minutes:

    03:04:00  put user#1 (2,012 bytes: ceil(2012 / 1024) = 2 WCU), put user#2 (512 bytes: 1 WCU)
    03:04:10  3 strong gets of user#1 (ceil(2012 / 4096) = 1 RCU each), 1 eventual get of user#2
              (0.5 RCU)
    03:05:10  put user#1 again, same size (the larger of old and new: 2 WCU), 1 strong get (1 RCU)
    """
    dynamodb = client()
    create_orders(dynamodb)
    assert put(dynamodb, "user#1", 2000) == 2
    assert put(dynamodb, "user#2", 500) == 1
    engine.clock.advance(seconds=10)
    for _ in range(3):
        assert get(dynamodb, "user#1", consistent=True) == 1
    assert get(dynamodb, "user#2", consistent=False) == 0.5
    engine.clock.advance(seconds=60)
    assert put(dynamodb, "user#1", 2000) == 2
    assert get(dynamodb, "user#1", consistent=True) == 1


def test_the_report_has_the_tables_settings_and_contents(engine: Engine) -> None:
    run_orders_workload(engine)
    report = engine.capacity.report()
    assert isinstance(report, CapacityReport)
    assert report.generated_at == FROZEN + timedelta(seconds=70)
    (orders,) = report.tables
    assert (orders.region, orders.table_name) == (REGION, "orders")
    assert orders.table_arn == "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    assert orders.billing_mode == "PAY_PER_REQUEST"
    assert orders.table_class == "STANDARD"
    assert orders.capacity_mode == "track"
    assert orders.provisioned_read_capacity_units is None
    assert orders.provisioned_write_capacity_units is None
    assert orders.item_count == 2
    assert orders.size_bytes == BIG_ITEM_BYTES + SMALL_ITEM_BYTES
    # A new on-demand table serves 12,000 RRU and 4,000 WRU: ceil(12000/3000 + 4000/1000) = 8.
    assert orders.partition_count == 8
    assert orders.indexes == []


def test_usage_totals_peaks_and_minutes_are_the_workloads(engine: Engine) -> None:
    run_orders_workload(engine)
    usage = engine.capacity.report().table("orders").usage
    # Writes 2 + 1 + 2; reads 3 x 1 + 0.5 + 1.
    assert (usage.write_units, usage.read_units) == (5, 4.5)
    assert (usage.read_throttled, usage.write_throttled) == (0, 0)
    # The busiest seconds: 03:04:00 (2 + 1 WCU) and 03:04:10 (3 + 0.5 RCU).
    assert usage.peak_write_units_per_second == 3
    assert usage.peak_read_units_per_second == 3.5
    assert usage.first_recorded_at == FROZEN
    assert usage.last_recorded_at == FROZEN + timedelta(seconds=70)
    assert usage.period_seconds == 70
    points = [(p.start, p.read_units, p.write_units, p.read_throttled) for p in usage.minutes]
    assert points == [
        (FROZEN, 3.5, 3, 0),
        (FROZEN + timedelta(minutes=1), 1, 2, 0),
    ]


def test_the_hottest_key_is_the_one_most_consumed(engine: Engine) -> None:
    run_orders_workload(engine)
    orders = engine.capacity.report().table("orders")
    hottest, second = orders.usage.hottest_keys
    # user#1: 2 + 2 WCU and 3 + 1 RCU = 8 of the 9.5 units; user#2: 1 + 0.5.
    assert hottest.key == {"pk": {"S": "user#1"}}
    assert hottest.label == "S:user#1"
    assert (hottest.write_units, hottest.read_units, hottest.units) == (4, 4, 8)
    assert hottest.error_units == 0
    assert hottest.share == pytest.approx(8 / 9.5)
    assert 0 <= hottest.partition < orders.partition_count
    assert second.key == {"pk": {"S": "user#2"}}
    assert second.units == 1.5


def test_the_cost_is_priced_from_the_price_table(engine: Engine) -> None:
    run_orders_workload(engine)
    cost = engine.capacity.report().table("orders").cost
    standard = cost.standard
    # On-demand: the 70 s period's units scaled to a month of 2,628,000 s, per million.
    scale = MONTH_SECONDS / 70
    on_demand = (
        5 * scale / 1e6 * STANDARD_WRITE_PER_MILLION + 4.5 * scale / 1e6 * STANDARD_READ_PER_MILLION
    )
    assert on_demand == pytest.approx(0.1384393, abs=1e-7)
    assert standard.on_demand == pytest.approx(on_demand, rel=1e-12)
    # Provisioned for the busiest second at 70 %: ceil(3 / 0.7) = 5 WCU, 3.5 / 0.7 = 5 RCU.
    assert (
        standard.provisioned_write_capacity_units,
        standard.provisioned_read_capacity_units,
    ) == (
        5,
        5,
    )
    provisioned = (5 * STANDARD_WCU_HOUR + 5 * STANDARD_RCU_HOUR) * 730
    assert provisioned == pytest.approx(2.847)
    assert standard.provisioned == pytest.approx(provisioned, rel=1e-12)
    # 5 units are far below a block of 100: nothing reserved, so the same figure.
    assert (standard.reserved_write_blocks, standard.reserved_read_blocks) == (0, 0)
    assert standard.provisioned_reserved_1y == pytest.approx(provisioned, rel=1e-12)
    # 2,524 bytes + 100 per item: inside the Standard class's free 25 GB.
    assert standard.storage == 0
    assert standard.on_demand_total == pytest.approx(on_demand, rel=1e-12)
    assert standard.configured_provisioned is None

    infrequent = cost.standard_infrequent_access
    assert infrequent.on_demand == pytest.approx(
        5 * scale / 1e6 * IA_WRITE_PER_MILLION + 4.5 * scale / 1e6 * IA_READ_PER_MILLION,
        rel=1e-12,
    )
    stored = BIG_ITEM_BYTES + SMALL_ITEM_BYTES + 2 * STORAGE_OVERHEAD_BYTES
    assert infrequent.storage == pytest.approx(stored / GB * IA_STORAGE_GB_MONTH, rel=1e-12)
    assert not infrequent.reserved_available
    # Without indexes, the total is the table's own.
    assert engine.capacity.report().table("orders").total_cost == cost


def test_the_summary_is_one_line_of_the_main_figures(engine: Engine) -> None:
    run_orders_workload(engine)
    report = engine.capacity.report()
    # $0.138 on-demand, $2.847 provisioned (see test_the_cost_is_priced_from_the_price_table).
    expected = (
        "orders: 4.5 RCU / 5 WCU consumed, 0 throttled, hottest key S:user#1 (84%), "
        "est. $0.14/month on-demand vs $2.85 provisioned"
    )
    assert report.summary() == expected
    assert str(report) == expected
    assert str(report.table("orders")) == expected


def test_a_global_index_has_its_own_usage_and_cost(engine: Engine) -> None:
    dynamodb = client()
    dynamodb.create_table(
        TableName="visits",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "site", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_site",
                "KeySchema": [{"AttributeName": "site", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    # The item: "pk" + "v1" + "site" + "eu" + "pad" + 2,000 bytes = 2,013 bytes: 2 WCU on the
    # table. Its KEYS_ONLY entry, pk and site, is 10 bytes: 1 WCU on the index.
    put = dynamodb.put_item(
        TableName="visits",
        Item={"pk": {"S": "v1"}, "site": {"S": "eu"}, "pad": {"S": "x" * 2000}},
        ReturnConsumedCapacity="INDEXES",
    )["ConsumedCapacity"]
    assert put["Table"]["CapacityUnits"] == 2
    assert put["GlobalSecondaryIndexes"]["by_site"]["CapacityUnits"] == 1
    engine.clock.advance(seconds=30)
    # A Query of the index reads the 10-byte entry, eventually consistent: 0.5 RCU on the index.
    query = dynamodb.query(
        TableName="visits",
        IndexName="by_site",
        KeyConditionExpression="site = :s",
        ExpressionAttributeValues={":s": {"S": "eu"}},
        ReturnConsumedCapacity="INDEXES",
    )["ConsumedCapacity"]
    assert query["GlobalSecondaryIndexes"]["by_site"]["CapacityUnits"] == 0.5

    visits = engine.capacity.report(table="visits").table("visits")
    assert (visits.usage.write_units, visits.usage.read_units) == (2, 0)
    by_site = visits.index("by_site")
    assert by_site.index_status == "ACTIVE"
    assert (by_site.item_count, by_site.size_bytes) == (1, 10)
    assert (by_site.usage.write_units, by_site.usage.read_units) == (1, 0.5)
    assert by_site.usage.period_seconds == 30
    # The write of the entry and the Query both name the index's key value "eu": all of the
    # index's 1.5 units.
    (hottest,) = by_site.usage.hottest_keys
    assert (hottest.key, hottest.write_units, hottest.read_units) == ({"site": {"S": "eu"}}, 1, 0.5)
    assert hottest.share == pytest.approx(1.0)
    # Each resource is priced over its own period; the total adds them.
    table_on_demand = 2 * MONTH_SECONDS / 1 / 1e6 * STANDARD_WRITE_PER_MILLION  # 1 s: one record
    index_on_demand = (
        1 * MONTH_SECONDS / 30 / 1e6 * STANDARD_WRITE_PER_MILLION
        + 0.5 * MONTH_SECONDS / 30 / 1e6 * STANDARD_READ_PER_MILLION
    )
    assert visits.cost.standard.on_demand == pytest.approx(table_on_demand, rel=1e-12)
    assert by_site.cost.standard.on_demand == pytest.approx(index_on_demand, rel=1e-12)
    assert visits.total_cost.standard.on_demand == pytest.approx(
        table_on_demand + index_on_demand, rel=1e-12
    )


def test_provisioned_tables_price_their_configured_capacity(engine: Engine) -> None:
    create_orders(
        client(),
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 10},
    )
    orders = engine.capacity.report().table("orders")
    assert orders.provisioned_read_capacity_units == 5
    assert orders.provisioned_write_capacity_units == 10
    # ceil(5 / 3000 + 10 / 1000) = 1 partition.
    assert orders.partition_count == 1
    # (10 WCU x $0.00065 + 5 RCU x $0.00013) x 730 h = $5.2195.
    configured = orders.cost.standard.configured_provisioned
    assert configured == pytest.approx((10 * STANDARD_WCU_HOUR + 5 * STANDARD_RCU_HOUR) * 730)
    assert configured == pytest.approx(5.2195)


def test_enforce_mode_counts_throttled_requests() -> None:
    with dynafake.mock(capacity="enforce") as engine:
        engine.clock.freeze(FROZEN)
        dynamodb = client()
        create_orders(
            dynamodb,
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )
        # 2 + 6 + 4 + 399 x 1024 bytes: ceil(408,588 / 1024) = 400 WCU, more than the 300 s of
        # burst one WCU banks. The first is admitted (into debt), the second throttled.
        assert put(dynamodb, "user#1", 399 * 1024) == 400
        with pytest.raises(dynamodb.exceptions.ProvisionedThroughputExceededException):
            put(dynamodb, "user#1", 399 * 1024)
        orders = engine.capacity.report().table("orders")
        assert orders.capacity_mode == "enforce"
        assert (orders.usage.write_units, orders.usage.write_throttled) == (400, 1)
        assert orders.usage.minutes[0].write_throttled == 1
        assert ", 1 throttled, " in orders.summary()


def test_modes_per_table_and_by_default() -> None:
    with dynafake.mock(capacity="off") as engine:
        dynamodb = client()
        create_orders(dynamodb)
        assert engine.capacity.mode() == "off"
        assert engine.capacity.mode("orders") == "off"
        put(dynamodb, "user#1", 10)
        assert engine.capacity.report().table("orders").usage.write_units == 0

        engine.capacity.set_mode("track", table="orders")
        assert engine.capacity.mode("orders") == "track"
        assert engine.capacity.mode() == "off"
        assert engine.capacity.report().table("orders").capacity_mode == "track"
        put(dynamodb, "user#1", 10)  # 2 + 6 + 4 + 10 = 22 bytes: 1 WCU
        assert engine.capacity.report().table("orders").usage.write_units == 1

        engine.capacity.set_mode(None, table="orders")
        assert engine.capacity.mode("orders") == "off"
        engine.capacity.set_mode("track")
        assert engine.capacity.mode("orders") == "track"

        with pytest.raises(ValueError, match="sometimes"):
            engine.capacity.set_mode("sometimes")
        with pytest.raises(ValueError, match="missing"):
            engine.capacity.set_mode("track", table="missing")
        with pytest.raises(ValueError, match="default mode"):
            engine.capacity.set_mode(None)


def test_reset_forgets_the_usage(engine: Engine) -> None:
    run_orders_workload(engine)
    engine.capacity.reset()
    usage = engine.capacity.report().table("orders").usage
    assert (usage.read_units, usage.write_units) == (0, 0)
    assert usage.minutes == usage.hottest_keys == []
    assert usage.first_recorded_at is None
    assert engine.capacity.report().table("orders").item_count == 2  # the items stay


def test_autoscale_names_what_is_wrong(engine: Engine) -> None:
    with pytest.raises(ValueError, match="missing"):
        engine.capacity.autoscale("missing", 1, 10)


def test_the_report_filters_by_region_and_table(engine: Engine) -> None:
    create_orders(client())
    europe = boto3.client("dynamodb", region_name="eu-west-1")
    create_orders(europe)
    create_orders(europe, "other")
    every = engine.capacity.report()
    assert [(t.region, t.table_name) for t in every.tables] == [
        ("eu-west-1", "orders"),
        ("eu-west-1", "other"),
        ("us-east-1", "orders"),
    ]
    europe_names = [t.table_name for t in engine.capacity.report(region="eu-west-1").tables]
    assert europe_names == ["orders", "other"]
    orders_regions = [t.region for t in engine.capacity.report(table="orders").tables]
    assert orders_regions == ["eu-west-1", "us-east-1"]
    assert every.table("orders", region="us-east-1").region == "us-east-1"
    with pytest.raises(KeyError):
        every.table("missing")
    assert engine.capacity.report(table="missing").summary() == "no tables"


def test_to_dataframe_has_a_row_per_table_and_index(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_orders_workload(engine)
    report = engine.capacity.report()
    fake_pandas = types.SimpleNamespace(DataFrame=lambda rows: rows)
    monkeypatch.setitem(sys.modules, "pandas", fake_pandas)
    (row,) = report.to_dataframe()
    assert report.rows() == [row]
    assert report.to_dict()["tables"][0]["usage"]["write_units"] == 5
    assert row["table_name"] == "orders"
    assert row["index_name"] is None
    assert (row["read_units"], row["write_units"]) == (4.5, 5)
    assert row["hottest_key"] == "S:user#1"
    assert math.isclose(row["on_demand_monthly"], report.table("orders").cost.standard.on_demand)

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="needs pandas"):
        report.to_dataframe()
