"""Capacity: how the engine meters requests, and the capacity report.

The engine meters every request of every table on its own clock: the units each table and global
secondary index consumed, the requests throttled, the busiest second, one point per minute over
the last 24 hours, and the partition key values that consumed the most. ``engine.capacity.report()``
turns that into plain data, with what the same traffic and data would cost a month in each
capacity mode and table class (us-east-1 list prices, USD).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from dynafake import _core

MODES = ("off", "track", "enforce")
"""The capacity modes: ``off`` records and throttles nothing (responses still report consumed
capacity); ``track`` records every request's consumption and throttles nothing; ``enforce`` records
and throttles where DynamoDB would (provisioned capacity, on-demand peaks, per-partition limits)."""


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _optional_time(seconds: float | None) -> datetime | None:
    return None if seconds is None else _time(seconds)


@dataclass(frozen=True)
class MinutePoint:
    """One minute of the engine clock, from ``start``: what was consumed and throttled in it."""

    start: datetime
    read_units: float
    write_units: float
    read_throttled: int
    write_throttled: int

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> MinutePoint:
        return cls(**{**data, "start": _time(data["start"])})


@dataclass(frozen=True)
class HotKey:
    """A partition key value among those that consumed the most.

    The figures are upper bounds: each may exceed the truth by ``error_units`` (0 unless the
    resource saw more distinct values than the engine counts). ``key`` is the value as in a Key
    (``{"pk": {"S": "user#1"}}``), None when the engine could not tell it."""

    key: dict[str, dict[str, Any]] | None
    partition: int
    read_units: float
    write_units: float
    units: float
    error_units: float
    share: float  # of all the units the table or index consumed

    @property
    def label(self) -> str:
        """The key value as short text: ``S:user#1``, ``S:eu,N:7`` for several attributes."""
        if self.key is None:
            return "?"
        parts = []
        for value in self.key.values():
            ((type_name, member),) = value.items()
            parts.append(f"{type_name}:{member}")
        return ",".join(parts)

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> HotKey:
        return cls(**data)


@dataclass(frozen=True)
class Usage:
    """What one table (with its local secondary indexes) or global secondary index consumed."""

    read_units: float
    write_units: float
    read_throttled: int
    write_throttled: int
    peak_read_units_per_second: float
    peak_write_units_per_second: float
    first_recorded_at: datetime | None
    last_recorded_at: datetime | None
    period_seconds: float  # what the on-demand estimate scales to a month: last - first, >= 1
    minutes: list[MinutePoint] = field(default_factory=list)  # ascending, the last 24 hours
    hottest_keys: list[HotKey] = field(default_factory=list)  # by units, descending

    @property
    def throttled(self) -> int:
        return self.read_throttled + self.write_throttled

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> Usage:
        return cls(
            **{
                **data,
                "first_recorded_at": _optional_time(data["first_recorded_at"]),
                "last_recorded_at": _optional_time(data["last_recorded_at"]),
                "minutes": [MinutePoint._from_json(point) for point in data["minutes"]],
                "hottest_keys": [HotKey._from_json(key) for key in data["hottest_keys"]],
            }
        )


@dataclass(frozen=True)
class Cost:
    """Monthly USD in one table class. A mode's bill is its throughput figure plus ``storage``."""

    on_demand: float  # the observed units scaled to a month
    provisioned: float  # capacity for the busiest second at 70 % utilization
    provisioned_reserved_1y: float  # the same with 1-year reserved capacity (Standard only)
    storage: float  # item bytes + 100 bytes per item, beyond the free tier
    on_demand_total: float
    provisioned_total: float
    reserved_total: float
    configured_provisioned: float | None  # the capacity provisioned now; None when on-demand
    provisioned_read_capacity_units: int  # what ``provisioned`` pays for
    provisioned_write_capacity_units: int
    reserved_read_blocks: int
    reserved_write_blocks: int
    reserved_available: bool

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> Cost:
        return cls(**data)


@dataclass(frozen=True)
class Costs:
    """The same usage priced in each table class."""

    standard: Cost
    standard_infrequent_access: Cost

    def for_class(self, table_class: str) -> Cost:
        """The figures of ``STANDARD`` or ``STANDARD_INFREQUENT_ACCESS``."""
        if table_class == "STANDARD_INFREQUENT_ACCESS":
            return self.standard_infrequent_access
        if table_class == "STANDARD":
            return self.standard
        msg = f"unknown table class: {table_class!r}"
        raise ValueError(msg)

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> Costs:
        return cls(
            standard=Cost._from_json(data["standard"]),
            standard_infrequent_access=Cost._from_json(data["standard_infrequent_access"]),
        )


@dataclass(frozen=True)
class ScalingPolicy:
    """A target-tracking policy on the read or write capacity of the table (``index_name`` None)
    or of one of its global secondary indexes."""

    index_name: str | None
    operation: str  # read | write
    min_units: float
    max_units: float
    target_utilization: float  # percent
    registered_at: datetime

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> ScalingPolicy:
        return cls(**{**data, "registered_at": _time(data["registered_at"])})


@dataclass(frozen=True)
class ScalingActivity:
    """A capacity change auto scaling made, or tried and the service refused (``successful``
    False, with the refusal in ``status_message``): the provisioned units over time."""

    at: datetime
    index_name: str | None
    operation: str  # read | write
    from_units: int
    to_units: int
    successful: bool
    cause: str
    status_message: str

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> ScalingActivity:
        return cls(**{**data, "at": _time(data["at"])})


@dataclass(frozen=True)
class AutoScaling:
    """A table's auto scaling: its policies and its activities, oldest first."""

    policies: list[ScalingPolicy] = field(default_factory=list)
    activities: list[ScalingActivity] = field(default_factory=list)

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> AutoScaling:
        return cls(
            policies=[ScalingPolicy._from_json(policy) for policy in data["policies"]],
            activities=[ScalingActivity._from_json(entry) for entry in data["activities"]],
        )


@dataclass(frozen=True)
class IndexReport:
    """A global secondary index: its own capacity, usage and cost."""

    index_name: str
    index_status: str
    provisioned_read_capacity_units: int | None  # None when on-demand
    provisioned_write_capacity_units: int | None
    item_count: int
    size_bytes: int
    partition_count: int
    usage: Usage
    cost: Costs

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> IndexReport:
        return cls(
            **{
                **data,
                "usage": Usage._from_json(data["usage"]),
                "cost": Costs._from_json(data["cost"]),
            }
        )


@dataclass(frozen=True)
class TableReport:
    """A table: its settings, its usage and cost (with its local secondary indexes), and each
    global secondary index's; ``total_cost`` adds them up."""

    region: str
    table_name: str
    table_arn: str
    table_status: str
    billing_mode: str  # PROVISIONED | PAY_PER_REQUEST
    table_class: str  # STANDARD | STANDARD_INFREQUENT_ACCESS
    capacity_mode: str  # off | track | enforce
    provisioned_read_capacity_units: int | None  # None when on-demand
    provisioned_write_capacity_units: int | None
    item_count: int
    size_bytes: int
    partition_count: int
    usage: Usage
    cost: Costs
    indexes: list[IndexReport]
    total_cost: Costs
    auto_scaling: AutoScaling

    def index(self, name: str) -> IndexReport:
        """The global secondary index ``name`` (KeyError if the table has none by that name)."""
        for index in self.indexes:
            if index.index_name == name:
                return index
        raise KeyError(name)

    def summary(self) -> str:
        """One line: consumption (indexes included), throttles, the hottest key, monthly cost."""
        read = self.usage.read_units + sum(index.usage.read_units for index in self.indexes)
        write = self.usage.write_units + sum(index.usage.write_units for index in self.indexes)
        throttled = self.usage.throttled + sum(index.usage.throttled for index in self.indexes)
        parts = [f"{self.table_name}: {_units(read)} RCU / {_units(write)} WCU consumed"]
        parts.append(f"{throttled:,} throttled")
        if self.usage.hottest_keys:
            hottest = self.usage.hottest_keys[0]
            parts.append(f"hottest key {hottest.label} ({hottest.share:.0%})")
        cost = self.total_cost.for_class(self.table_class)
        parts.append(
            f"est. ${cost.on_demand_total:,.2f}/month on-demand"
            f" vs ${cost.provisioned_total:,.2f} provisioned"
        )
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.summary()

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> TableReport:
        return cls(
            **{
                **data,
                "usage": Usage._from_json(data["usage"]),
                "cost": Costs._from_json(data["cost"]),
                "indexes": [IndexReport._from_json(index) for index in data["indexes"]],
                "total_cost": Costs._from_json(data["total_cost"]),
                "auto_scaling": AutoScaling._from_json(data["auto_scaling"]),
            }
        )


def _units(units: float) -> str:
    return f"{units:,.0f}" if units == int(units) else f"{units:,.1f}"


@dataclass(frozen=True)
class CapacityReport:
    """``engine.capacity.report()``: every table's capacity figures at ``generated_at``."""

    generated_at: datetime
    tables: list[TableReport]

    def table(self, name: str, region: str | None = None) -> TableReport:
        """The table ``name`` (in ``region`` when given); KeyError if the report has none."""
        for table in self.tables:
            if table.table_name == name and region in (None, table.region):
                return table
        raise KeyError(name)

    def summary(self) -> str:
        """One line per table, joined with "; "."""
        if not self.tables:
            return "no tables"
        return "; ".join(table.summary() for table in self.tables)

    def __str__(self) -> str:
        return self.summary()

    def to_dict(self) -> dict[str, Any]:
        """The whole report as nested plain dicts and lists (datetimes stay datetimes)."""
        return dataclasses.asdict(self)

    def to_dataframe(self) -> Any:
        """A pandas DataFrame, one row per table and per global secondary index (``index_name``
        None for the table's own row), with the main figures; costs in the table's own class.
        Raises ImportError when pandas is not installed."""
        try:
            pandas = importlib.import_module("pandas")
        except ImportError as error:
            msg = "CapacityReport.to_dataframe() needs pandas: pip install pandas"
            raise ImportError(msg) from error
        return pandas.DataFrame(self.rows())

    def rows(self) -> list[dict[str, Any]]:
        """The report as plain dicts, one per table and per global secondary index: the rows of
        ``to_dataframe()``."""
        rows = []
        for table in self.tables:
            resources: list[tuple[str | None, TableReport | IndexReport]] = [(None, table)]
            resources += [(index.index_name, index) for index in table.indexes]
            for index_name, resource in resources:
                usage = resource.usage
                cost = resource.cost.for_class(table.table_class)
                hottest = usage.hottest_keys[0] if usage.hottest_keys else None
                rows.append(
                    {
                        "region": table.region,
                        "table_name": table.table_name,
                        "index_name": index_name,
                        "billing_mode": table.billing_mode,
                        "table_class": table.table_class,
                        "capacity_mode": table.capacity_mode,
                        "item_count": resource.item_count,
                        "size_bytes": resource.size_bytes,
                        "partition_count": resource.partition_count,
                        "read_units": usage.read_units,
                        "write_units": usage.write_units,
                        "read_throttled": usage.read_throttled,
                        "write_throttled": usage.write_throttled,
                        "peak_read_units_per_second": usage.peak_read_units_per_second,
                        "peak_write_units_per_second": usage.peak_write_units_per_second,
                        "hottest_key": None if hottest is None else hottest.label,
                        "hottest_key_share": None if hottest is None else hottest.share,
                        "on_demand_monthly": cost.on_demand_total,
                        "provisioned_monthly": cost.provisioned_total,
                        "reserved_1y_monthly": cost.reserved_total,
                    }
                )
        return rows

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> CapacityReport:
        return cls(
            generated_at=_time(data["generated_at"]),
            tables=[TableReport._from_json(table) for table in data["tables"]],
        )


class Capacity:
    """``engine.capacity``: the capacity mode of the engine and of each table, auto scaling, and the
    capacity report. Tables are named as in requests, in a region (``us-east-1`` unless given)."""

    def __init__(self, core: _core.Engine) -> None:
        self._core = core

    def mode(self, table: str | None = None, region: str = "us-east-1") -> str:
        """The mode ``table``'s requests run under (its own or the default); with no table, the
        engine's default: "off", "track" or "enforce"."""
        return self._core.capacity_mode(region, table)

    def set_mode(
        self, mode: str | None, table: str | None = None, region: str = "us-east-1"
    ) -> None:
        """Sets ``table``'s own mode (None: back to the engine default), or with no table the
        engine default. ValueError for an unknown mode or table."""
        if mode is None and table is None:
            msg = "the engine's default mode must be one of 'off', 'track', 'enforce'"
            raise ValueError(msg)
        self._core.capacity_set_mode(region, table, mode)

    def autoscale(
        self,
        table: str,
        min: float,
        max: float,
        target_utilization: float = 70,
        *,
        index: str | None = None,
        read: bool = True,
        write: bool = True,
        region: str = "us-east-1",
    ) -> None:
        """Auto scales a provisioned table's (or its global secondary index ``index``'s) read
        and/or write capacity between ``min`` and ``max`` units on the engine clock, keeping
        consumed capacity near ``target_utilization`` percent (20 to 90) of provisioned, as
        Application Auto Scaling's target tracking does. ValueError with the reason for an
        on-demand table, a missing table or index, or figures out of range."""
        self._core.capacity_autoscale(
            region, table, index or "", min, max, target_utilization, read, write
        )

    def remove_autoscale(
        self,
        table: str,
        *,
        index: str | None = None,
        read: bool = True,
        write: bool = True,
        region: str = "us-east-1",
    ) -> None:
        """Stops auto scaling the read and/or write capacity; the capacity stays as it is."""
        self._core.capacity_remove_autoscale(region, table, index or "", read, write)

    def reset(self) -> None:
        """Forgets every recorded consumption and throttle (modes and auto scaling stay)."""
        self._core.capacity_reset()

    def report(self, region: str | None = None, table: str | None = None) -> CapacityReport:
        """The capacity report now, of every table, or of those in ``region`` and/or named
        ``table``."""
        data = json.loads(self._core.capacity_report())
        report = CapacityReport._from_json(data)
        tables = [
            entry
            for entry in report.tables
            if region in (None, entry.region) and table in (None, entry.table_name)
        ]
        return CapacityReport(generated_at=report.generated_at, tables=tables)
