"""Time to Live: the engine's sweep of expired items, run by a test when it wants it."""

from __future__ import annotations

from collections.abc import Callable

from dynafake import _core


class TimeToLive:
    """``engine.ttl``: the background process that deletes expired items.

    As in DynamoDB, an item whose TTL attribute (a Number of epoch seconds) is in the past stays
    readable until a sweep deletes it. The engine sweeps every ``ttl_sweep_interval_seconds`` of its
    clock (60 by default): when ``clock.advance()`` or ``clock.set()`` passes a due sweep, on the
    next request, and with a running clock on a background thread. ``sweep()`` runs one now."""

    def __init__(self, core: _core.Engine, after_change: Callable[[], None]) -> None:
        self._core = core
        self._after_change = after_change

    def sweep(self) -> int:
        """Deletes every expired item of the tables with TTL enabled now; returns how many. Each
        deletion is a REMOVE stream record by the DynamoDB service and consumes no capacity."""
        deleted = self._core.ttl_sweep()
        self._after_change()
        return deleted
