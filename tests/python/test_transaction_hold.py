"""dynafake.Engine.transactions.hold(): the hook that holds a TransactWriteItems in flight."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from python_support import create_table

import dynafake

PUT_A = {"Put": {"TableName": "accounts", "Item": {"pk": {"S": "a"}}}}


def transact_in_thread(client: Any, done: threading.Event) -> threading.Thread:
    def run() -> None:
        client.transact_write_items(TransactItems=[PUT_A])
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_leaving_the_block_releases_the_held_transaction() -> None:
    with dynafake.Engine() as engine:
        client = engine.client()
        create_table(client, "accounts")
        done = threading.Event()
        with engine.transactions.hold() as hold:
            thread = transact_in_thread(client, done)
            assert hold.wait(timeout=5.0)
            assert not done.wait(timeout=0.1)
        thread.join(timeout=5.0)
        assert done.is_set()
        assert "Item" in client.get_item(TableName="accounts", Key={"pk": {"S": "a"}})


def test_a_hold_released_early_holds_nothing() -> None:
    with dynafake.Engine() as engine:
        client = engine.client()
        create_table(client, "accounts")
        with engine.transactions.hold() as hold:
            hold.release()
            hold.release()  # idempotent
            client.transact_write_items(TransactItems=[PUT_A])
            assert hold.wait(timeout=0.0)  # the transaction passed through it


def test_wait_outside_the_block_is_an_error() -> None:
    with dynafake.Engine() as engine:
        hold = engine.transactions.hold()
        with pytest.raises(RuntimeError, match="armed on entering"):
            hold.wait(timeout=0.1)


def test_negative_timeout_is_refused() -> None:
    with (
        dynafake.Engine() as engine,
        engine.transactions.hold() as hold,
        pytest.raises(ValueError, match="timeout"),
    ):
        hold.wait(timeout=-1)
