"""Fixtures for the boto3 conformance suites.

The suites run against dynafake by default (through the ``dynafake`` fixture of the package's
pytest plugin). ``--backend=moto`` runs the very same tests under moto's ``mock_aws`` instead;
tests that pin a behaviour where moto is known to differ from DynamoDB carry the
``moto_differs`` marker, which turns into a non-strict xfail under that backend only.

The expression suites carry the ``expressions`` marker; ``--skip-expressions`` deselects them
(useful while a backend does not evaluate expressions yet).

Every test gets a fresh backend, so table names only need to be unique within a test; they are
random anyway so that the suites could also run against a shared account.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conformance_support import (
    TableFactory,
    index_spec,
    make_indexed_table,
    unique_table_name,
)

REGION = "us-east-1"
BACKENDS = ("dynafake", "moto")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default="dynafake",
        help="what serves the conformance suites: dynafake (default) or moto's mock_aws",
    )
    parser.addoption(
        "--skip-expressions",
        action="store_true",
        default=False,
        help="deselect the expression suites (tests marked `expressions`)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "moto_differs(reason): moto answers differently from DynamoDB here; "
        "xfail (non-strict) under --backend=moto only",
    )
    config.addinivalue_line(
        "markers",
        "expressions: part of the expression suites (condition, update, projection, legacy "
        "parameters); --skip-expressions deselects them",
    )
    if config.getoption("--backend") == "dynafake":
        _register_dynafake_plugin(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--skip-expressions"):
        _deselect_expression_suites(config, items)
    if config.getoption("--backend") != "moto":
        return
    for item in items:
        marker = item.get_closest_marker("moto_differs")
        if marker is None:
            continue
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        item.add_marker(pytest.mark.xfail(reason=f"moto differs: {reason}", strict=False))


def _deselect_expression_suites(config: pytest.Config, items: list[pytest.Item]) -> None:
    deselected = [item for item in items if item.get_closest_marker("expressions") is not None]
    if not deselected:
        return
    config.hook.pytest_deselected(items=deselected)
    items[:] = [item for item in items if item.get_closest_marker("expressions") is None]


def _register_dynafake_plugin(config: pytest.Config) -> None:
    """Loads the plugin when dynafake is importable but its entry point is not installed."""
    manager = config.pluginmanager
    if manager.has_plugin("dynafake") or manager.is_blocked("dynafake"):
        return
    try:
        module = importlib.import_module("dynafake.pytest_plugin")
    except ImportError:
        return  # reported by the backend fixture, with what to do about it
    if not manager.is_registered(module):
        manager.register(module, "dynafake")


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Activates the backend for one test and yields its name."""
    for variable, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_SESSION_TOKEN", "testing"),
        ("AWS_DEFAULT_REGION", REGION),
    ):
        monkeypatch.setenv(variable, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = request.config.getoption("--backend")
    if name == "moto":
        from moto import mock_aws

        with mock_aws():
            yield name
        return
    _require_dynafake(request.config)
    request.getfixturevalue("dynafake")
    yield name


def _require_dynafake(config: pytest.Config) -> None:
    try:
        importlib.import_module("dynafake")
    except ImportError as error:
        pytest.fail(
            f"the dynafake backend is selected but `import dynafake` failed ({error}); "
            "build and install the package (`make build` or `pip install -e .`), "
            "or run the suite against moto with --backend=moto",
            pytrace=False,
        )
    if not config.pluginmanager.has_plugin("dynafake"):
        pytest.fail(
            "the dynafake pytest plugin is not active (disabled with -p no:dynafake, or "
            "dynafake.pytest_plugin is missing); drop -p no:dynafake or use --backend=moto",
            pytrace=False,
        )


@pytest.fixture
def client(backend: str) -> Any:
    # One attempt: a throttled or failing call should surface at once, not after backoff sleeps.
    config = Config(retries={"mode": "standard", "max_attempts": 1})
    return boto3.client("dynamodb", region_name=REGION, config=config)


@pytest.fixture
def resource(backend: str) -> Any:
    return boto3.resource("dynamodb", region_name=REGION)


@pytest.fixture
def make_table(client: Any) -> Iterator[TableFactory]:
    """Creates tables with a small schema language and deletes them after the test.

    ``hash`` and ``range`` are ``(attribute name, S|N|B)``; ``billing`` is PAY_PER_REQUEST or
    PROVISIONED (then ``throughput`` = (read, write) units, default (5, 5)). Extra keyword
    arguments go to CreateTable unchanged.
    """
    created: list[str] = []

    def make(
        hash: tuple[str, str] = ("pk", "S"),
        range: tuple[str, str] | None = None,
        billing: str = "PAY_PER_REQUEST",
        throughput: tuple[int, int] = (5, 5),
        name: str | None = None,
        **extra: Any,
    ) -> str:
        table_name = name or unique_table_name()
        keys = [(hash, "HASH")] + ([(range, "RANGE")] if range else [])
        params: dict[str, Any] = {
            "TableName": table_name,
            "KeySchema": [{"AttributeName": a, "KeyType": kt} for (a, _), kt in keys],
            "AttributeDefinitions": [
                {"AttributeName": a, "AttributeType": t} for (a, t), _ in keys
            ],
            "BillingMode": billing,
        }
        if billing == "PROVISIONED":
            params["ProvisionedThroughput"] = {
                "ReadCapacityUnits": throughput[0],
                "WriteCapacityUnits": throughput[1],
            }
        params.update(extra)
        client.create_table(**params)
        created.append(table_name)
        return table_name

    yield make
    for table_name in created:
        _delete_quietly(client, table_name)


def _delete_quietly(client: Any, table_name: str) -> None:
    try:
        client.delete_table(TableName=table_name)
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":
            return  # already gone, or still settling: the backend is discarded anyway
        # Deletion protection: switch it off, then delete.
        try:
            client.update_table(TableName=table_name, DeletionProtectionEnabled=False)
            client.delete_table(TableName=table_name)
        except ClientError:
            return


@pytest.fixture
def table(make_table: TableFactory) -> str:
    """An on-demand table keyed by pk (S)."""
    return make_table()


@pytest.fixture
def composite_table(make_table: TableFactory) -> str:
    """An on-demand table keyed by pk (S) and sk (S)."""
    return make_table(range=("sk", "S"))


# --- shared by several suites --------------------------------------------------------------------


@pytest.fixture
def lsi_table(make_table: TableFactory) -> str:
    """A table keyed by pk (S) and sk (S) with a KEYS_ONLY local index by_l on l (S)."""
    return make_indexed_table(
        make_table,
        range=("sk", "S"),
        attributes={"l": "S"},
        lsis=[index_spec("by_l", "pk", "l", projection="KEYS_ONLY")],
    )


@pytest.fixture
def other_table(make_table: TableFactory) -> str:
    """A second table, keyed by pk (S) and sk (S)."""
    return make_table(range=("sk", "S"))


@pytest.fixture
def unchecked_client(client: Any) -> Any:
    """A client that sends what botocore would refuse (an empty list or token, a missing member)."""
    config = Config(parameter_validation=False, retries={"mode": "standard", "max_attempts": 1})
    return boto3.client("dynamodb", region_name=client.meta.region_name, config=config)
