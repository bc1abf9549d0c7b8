"""Engine: one in-process DynamoDB (every region's tables for one account) and its clock."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

from dynafake import _botocore, _core
from dynafake.capacity import Capacity
from dynafake.streams import Streams
from dynafake.transactions import Transactions
from dynafake.ttl import TimeToLive

Outcome = tuple[int, list[tuple[str, str]], bytes, bool]


class Clock:
    """The engine's clock: everything time-driven (table transitions, TTL, retention) follows it.

    It runs at wall-clock time until frozen or set; ``advance`` and ``set`` move it either way and a
    running clock keeps running from the new time."""

    def __init__(self, core: _core.Engine, after_change: Callable[[], None]) -> None:
        self._core = core
        # Delivers to stream subscriptions what the work run by a clock move recorded.
        self._after_change = after_change

    def now(self) -> datetime:
        """The engine's current time, timezone-aware in UTC."""
        return datetime.fromtimestamp(self._core.now(), tz=timezone.utc)

    def timestamp(self) -> float:
        """The engine's current time in epoch seconds."""
        return self._core.now()

    def advance(
        self, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0
    ) -> datetime:
        """Moves the clock forward and runs the background work that became due. Returns now()."""
        total = seconds + 60 * minutes + 3600 * hours + 86400 * days
        if total < 0:
            msg = "the clock only advances; use set() to go back"
            raise ValueError(msg)
        # What the background sweep recorded before the move is delivered as of its own time.
        self._after_change()
        self._core.clock_advance(total)
        self._core.run_due()
        self._after_change()
        return self.now()

    def set(self, when: datetime | float) -> datetime:
        """Moves the clock to ``when`` (an aware datetime, or epoch seconds). Returns now()."""
        self._after_change()
        self._core.clock_set(_epoch_seconds(when))
        self._core.run_due()
        self._after_change()
        return self.now()

    def freeze(self, at: datetime | float | None = None) -> datetime:
        """Stops the clock, at ``at`` if given, else at its current time. Returns now()."""
        self._core.clock_freeze()
        if at is not None:
            self.set(at)
        return self.now()

    def unfreeze(self) -> None:
        """Lets a frozen clock run again from its current time."""
        self._core.clock_unfreeze()

    @property
    def frozen(self) -> bool:
        return self._core.clock_frozen()


def _epoch_seconds(when: datetime | float) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            msg = "a naive datetime is ambiguous: give it a tzinfo (e.g. timezone.utc)"
            raise ValueError(msg)
        return when.timestamp()
    return float(when)


ITEM_COLLECTION_SIZE_LIMIT_BYTES = 10 * 1024**3
"""DynamoDB's limit on an item collection of a table with local secondary indexes (10 GB)."""


class Engine:
    """An in-process DynamoDB. In memory by default; persistent on LevelDB when ``path`` is given.

    ``dynafake.mock()`` routes every boto3 client to an engine; ``client()`` and ``resource()`` make
    clients served by this engine alone, with or without a mock. Safe for concurrent use.

    Options (keyword only):

    - ``account_id``: the account every request is served as (default ``123456789012``).
    - ``frozen_at``: a datetime or epoch seconds; the clock starts frozen there.
    - ``table_transition_seconds``: how long tables and indexes stay CREATING, UPDATING, DELETING
      or backfilling; 0, the default, completes transitions at once.
    - ``item_collection_size_limit_bytes``: the largest item collection (the items and local
      secondary index entries sharing one partition key value) of a table with local secondary
      indexes; a write that would grow one past it fails with
      ItemCollectionSizeLimitExceededException. Defaults to the service's 10 GB; tests lower it to
      reach the limit.
    - ``ttl_sweep_interval_seconds``: how often, by the engine clock, expired items are swept
      (default 60); ``engine.ttl.sweep()`` sweeps at once.
    - ``background_sweeps``: once TTL is enabled on a table, also sweep on a background thread
      every ``ttl_sweep_interval_seconds`` of wall time, so a running clock expires items with no
      request made (default True).
    - ``capacity``: how requests are metered, for every table without a mode of its own
      (``engine.capacity.set_mode``): ``"off"`` records and throttles nothing (responses still
      report ConsumedCapacity); ``"track"``, the default, records what every request consumed for
      ``engine.capacity.report()`` and throttles nothing; ``"enforce"`` also throttles where
      DynamoDB would (provisioned capacity and its burst, on-demand peaks and maximums, the
      per-partition limits), with the service's errors.
    - ``durability``: when a persistent engine's acknowledged writes are durable (ignored in
      memory). ``"process"``, the default: every write is handed to the operating system before
      the call returns, so it survives the process being killed at any moment (not a power loss);
      ``"sync"``: the log is fsynced before every write returns, so it also survives a power loss,
      at the cost of one fsync per write; ``"group"``: as ``"process"``, and the log is fsynced at
      least every 100 ms while writes come, so a power loss loses at most about that much. An
      unknown value raises ValueError. docs/storage-format.md gives the measured costs.

    Opening a path another live engine holds (in this process or another) raises EngineError, as
    does a path written by a newer dynafake's storage format.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        account_id: str | None = None,
        frozen_at: datetime | float | None = None,
        table_transition_seconds: float = 0,
        item_collection_size_limit_bytes: int = ITEM_COLLECTION_SIZE_LIMIT_BYTES,
        ttl_sweep_interval_seconds: float = 60,
        background_sweeps: bool = True,
        capacity: str = "track",
        durability: str = "process",
    ) -> None:
        core_options: dict[str, Any] = {
            "path": None if path is None else os.fspath(path),
            "table_transition_seconds": table_transition_seconds,
            "item_collection_size_limit_bytes": item_collection_size_limit_bytes,
            "ttl_sweep_interval_seconds": ttl_sweep_interval_seconds,
            "background_sweeps": background_sweeps,
            "capacity": capacity,
            "durability": durability,
        }
        if account_id is not None:
            core_options["account_id"] = account_id
        if frozen_at is not None:
            core_options["frozen_at"] = _epoch_seconds(frozen_at)
        self._core = _core.Engine(core_options)
        self._path: str | None = core_options["path"]
        self.streams = Streams(self._core)
        self.clock = Clock(self._core, self.streams._after_write)
        self.ttl = TimeToLive(self._core, self.streams._after_write)
        self.transactions = Transactions(self._core)
        self.capacity = Capacity(self._core)
        self._route = _botocore.Route(self._handle, wire=_botocore.env_forces_wire())

    @property
    def path(self) -> str | None:
        return self._path

    @property
    def closed(self) -> bool:
        return self._core.closed

    def handle(self, region: str, target: str, body: bytes) -> Outcome:
        """One request in DynamoDB's JSON 1.0 protocol: (status, headers, body, retryable)."""
        return self._handle(region, target, body)

    def _handle(self, region: str, target: str, body: bytes) -> Outcome:
        outcome = self._core.handle(region, target, body)
        # Stream subscriptions see a write's records before its caller does.
        self.streams._after_write()
        return outcome

    def _route_for(self, *, wire: bool) -> _botocore.Route:
        """How botocore hooks reach this engine (``wire``: every call via botocore's wire path)."""
        if wire and not self._route.wire:
            return _botocore.Route(self._handle, wire=True)
        return self._route

    def client(
        self, service_name: str = "dynamodb", region_name: str | None = "us-east-1", **kwargs: Any
    ) -> Any:
        """A boto3 client ("dynamodb" or "dynamodbstreams") served by this engine, mock or not."""
        client = _botocore.new_client(service_name, region_name, **kwargs)
        return _botocore.bind_client(client, self._hooks())

    def resource(
        self, service_name: str = "dynamodb", region_name: str | None = "us-east-1", **kwargs: Any
    ) -> Any:
        """A boto3 DynamoDB service resource served by this engine, mock or not."""
        resource = _botocore.new_resource(service_name, region_name, **kwargs)
        _botocore.bind_client(_botocore.client_of(resource), self._hooks())
        return resource

    def run_due(self) -> None:
        """Runs background work that is due by the clock (the engine also does so on requests)."""
        self._core.run_due()
        self.streams._after_write()

    def close(self) -> None:
        """Releases the engine (and a persistent engine's database). Idempotent."""
        self._core.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        where = "memory" if self._path is None else repr(self._path)
        return f"<dynafake.Engine {where} {state}>"

    def _hooks(self) -> _botocore.Hooks:
        route = self._route
        return _botocore.Hooks(lambda: route)
