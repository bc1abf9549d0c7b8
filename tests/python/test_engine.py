"""dynafake.Engine: options, persistence, raw handle(), the clock API and engine-level errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from python_support import create_table, table_names

import dynafake
from dynafake import _core

FROZEN = datetime(2030, 1, 2, 3, 4, 5, 250000, tzinfo=timezone.utc)


def test_version_is_the_packages() -> None:
    assert dynafake.__version__ == _core.__version__ == "0.1.0"


def test_handle_answers_in_the_wire_format() -> None:
    with dynafake.Engine() as engine:
        status, headers, body, retryable = engine.handle(
            "us-east-1", "DynamoDB_20120810.ListTables", b"{}"
        )
        assert (status, json.loads(body), retryable) == (200, {"TableNames": []}, False)
        assert "x-amzn-requestid" in {name.lower() for name, _ in headers}


def test_a_persistent_engine_keeps_its_tables_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with dynafake.Engine(path=path) as engine:
        assert engine.path == str(path)
        client = engine.client(region_name="eu-west-1")
        create_table(client, "kept")
        client.put_item(TableName="kept", Item={"pk": {"S": "a"}, "b": {"B": b"\x00"}})
    with dynafake.Engine(path=str(path)) as reopened:
        client = reopened.client(region_name="eu-west-1")
        assert table_names(client) == ["kept"]
        item = client.get_item(TableName="kept", Key={"pk": {"S": "a"}})["Item"]
        assert item == {"pk": {"S": "a"}, "b": {"B": b"\x00"}}
        assert table_names(reopened.client(region_name="us-east-1")) == []


def test_a_persistent_mock_keeps_its_tables(tmp_path: Path) -> None:
    with dynafake.mock(path=tmp_path / "db") as engine:
        create_table(engine.client())
    with dynafake.mock(path=tmp_path / "db") as engine:
        assert table_names(engine.client()) == ["items"]


def test_an_unopenable_path_raises_engine_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(dynafake.EngineError):
        dynafake.Engine(path=blocker / "db")


def test_a_closed_engine_raises_engine_error() -> None:
    engine = dynafake.Engine()
    engine.close()
    engine.close()
    assert engine.closed
    with pytest.raises(dynafake.EngineError, match="closed"):
        engine.handle("us-east-1", "DynamoDB_20120810.ListTables", b"{}")


def test_unknown_options_are_rejected() -> None:
    options: dict[str, Any] = {"colour": "blue"}
    with pytest.raises(TypeError, match="colour"):
        dynafake.Engine(**options)
    with pytest.raises(TypeError, match="unknown engine option: 'colour'"):
        _core.Engine({"colour": "blue"})


def test_item_collection_size_limit_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="item_collection_size_limit_bytes must be >= 0"):
        dynafake.Engine(item_collection_size_limit_bytes=-1)


def test_clock_starts_frozen_at_frozen_at() -> None:
    with dynafake.Engine(frozen_at=FROZEN) as engine:
        assert engine.clock.frozen
        assert engine.clock.now() == FROZEN
        assert engine.clock.now().tzinfo == timezone.utc
        assert engine.clock.timestamp() == FROZEN.timestamp()


def test_clock_advance_adds_every_unit() -> None:
    with dynafake.Engine(frozen_at=FROZEN.timestamp()) as engine:
        now = engine.clock.advance(seconds=1.5, minutes=2, hours=3, days=4)
        assert now == FROZEN + timedelta(days=4, hours=3, minutes=2, seconds=1.5)
        assert engine.clock.now() == now
        with pytest.raises(ValueError, match="only advances"):
            engine.clock.advance(seconds=-1)


def test_clock_set_accepts_datetimes_and_epoch_seconds() -> None:
    with dynafake.Engine(frozen_at=FROZEN) as engine:
        later = datetime(2031, 5, 6, tzinfo=timezone(timedelta(hours=2)))
        assert engine.clock.set(later) == later
        assert engine.clock.set(1_000_000_000.5).timestamp() == 1_000_000_000.5
        with pytest.raises(ValueError, match="naive"):
            engine.clock.set(datetime(2031, 1, 1))


def test_clock_freeze_and_unfreeze() -> None:
    with dynafake.Engine() as engine:
        assert not engine.clock.frozen
        frozen = engine.clock.freeze()
        assert engine.clock.frozen
        assert engine.clock.now() == frozen
        assert engine.clock.freeze(at=FROZEN) == FROZEN
        engine.clock.unfreeze()
        assert not engine.clock.frozen
        assert engine.clock.now() >= FROZEN


def test_tables_are_created_at_the_engine_clock() -> None:
    with dynafake.Engine(frozen_at=FROZEN) as engine:
        client = engine.client()
        create_table(client)
        created = client.describe_table(TableName="items")["Table"]["CreationDateTime"]
        assert created == FROZEN
