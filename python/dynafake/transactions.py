"""Transactions: a hook that holds a TransactWriteItems in flight, to test what meets it."""

from __future__ import annotations

from types import TracebackType

from dynafake import _core


class TransactionHold:
    """Holds the next TransactWriteItems on the engine in flight, from ``with`` until ``release()``
    or the end of the block.

    The held transaction has claimed its items and has read and written nothing yet. Meanwhile, as
    in the service, a PutItem, UpdateItem or DeleteItem of one of them fails with
    TransactionConflictException, another transaction or a TransactGetItems including one is
    cancelled with TransactionConflict, a repeat of its ClientRequestToken gets
    TransactionInProgressException, and reads see the items as they were. Only that one
    transaction is held; the others run as usual."""

    def __init__(self, core: _core.Engine) -> None:
        self._core = core
        self._hold: _core.TransactionHold | None = None

    def __enter__(self) -> TransactionHold:
        self._hold = self._core.hold_next_transaction()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def wait(self, timeout: float = 5.0) -> bool:
        """Waits up to ``timeout`` seconds for a transaction to be held; True once one is."""
        if self._hold is None:
            msg = "the hold is armed on entering its with block"
            raise RuntimeError(msg)
        return self._hold.wait(timeout)

    def release(self) -> None:
        """Lets the held transaction go on (a hold released before any transaction holds none)."""
        if self._hold is not None:
            self._hold.release()


class Transactions:
    """The engine's transactions, as tests see them."""

    def __init__(self, core: _core.Engine) -> None:
        self._core = core

    def hold(self) -> TransactionHold:
        """A hold for the next TransactWriteItems; armed on entering its ``with`` block."""
        return TransactionHold(self._core)
