"""mock(): serve every boto3 DynamoDB and DynamoDB Streams client in-process.

Which clients are served: every client (and resource) of service ``dynamodb`` or ``dynamodbstreams``
made from a botocore or boto3 session created after ``import dynafake``, plus clients created later
from boto3's default session even if that session is older. Region, credentials (any or none) and
``endpoint_url`` do not matter; the region selects the engine's namespace of tables. Clients made
before ``import dynafake`` from an older session are not served (the same rule as moto's). While no
mock is active the hooks step aside and requests go where they would without dynafake.

The routing is process-wide (clients in every thread are served), like moto's. Nested mocks share
the outermost engine: options given to an inner mock are ignored. The engine is closed when the
last active mock stops.
"""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

from dynafake import _botocore
from dynafake.engine import Engine

T = TypeVar("T")


class _Active:
    """The engine every hooked client is routed to, shared by the mocks currently started."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.engine: Engine | None = None
        self.route: _botocore.Route | None = None
        self.depth = 0


_ACTIVE = _Active()
_HOOKS = _botocore.Hooks(lambda: _ACTIVE.route)
_botocore.install_builtin(_HOOKS)


class Mock:
    """A started-or-stopped routing of all DynamoDB clients to one engine.

    Use as a context manager (``with dynafake.mock() as engine``), a decorator of functions or test
    classes, or with ``start()`` / ``stop()`` from different places. Each start of an outermost mock
    builds a fresh engine from the options.
    """

    def __init__(self, *, wire: bool = False, **engine_options: Any) -> None:
        self._wire = wire
        self._options = engine_options
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The engine this mock routes to. REQUIRES: started."""
        if self._engine is None:
            msg = "the mock is not started"
            raise RuntimeError(msg)
        return self._engine

    @property
    def active(self) -> bool:
        return self._engine is not None

    def start(self) -> Engine:
        if self._engine is not None:
            msg = "this mock is already started"
            raise RuntimeError(msg)
        with _ACTIVE.lock:
            if _ACTIVE.engine is None:
                engine = Engine(**self._options)
                _ACTIVE.engine = engine
                _ACTIVE.route = engine._route_for(wire=self._wire)
            _ACTIVE.depth += 1
            self._engine = _ACTIVE.engine
        return self._engine

    def stop(self) -> None:
        if self._engine is None:
            msg = "this mock is not started"
            raise RuntimeError(msg)
        self._engine = None
        closing = None
        with _ACTIVE.lock:
            _ACTIVE.depth -= 1
            if _ACTIVE.depth == 0:
                closing = _ACTIVE.engine
                _ACTIVE.engine = None
                _ACTIVE.route = None
        if closing is not None:
            closing.close()

    def __enter__(self) -> Engine:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def copy(self) -> Mock:
        """A stopped mock with the same options."""
        return Mock(wire=self._wire, **self._options)

    def __call__(self, target: T) -> T:
        """Decorates a function (a fresh mock per call) or a class (a fresh mock per test)."""
        if isinstance(target, type):
            return _decorate_class(self, target)  # type: ignore[return-value]
        if callable(target):
            return _decorate_function(self, target)  # type: ignore[return-value]
        msg = f"mock() decorates functions and classes, not {type(target).__name__}"
        raise TypeError(msg)


def _decorate_function(template: Mock, function: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            with template.copy():
                return await function(*args, **kwargs)

        return run_async

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with template.copy():
            return function(*args, **kwargs)

    return run


def _decorate_class(template: Mock, cls: type[Any]) -> type[Any]:
    # unittest: one mock from setUp to the last cleanup, so setUp, the test and tearDown share it.
    if issubclass(cls, unittest.TestCase):
        _mock_from_setup(template, cls)
        return cls
    # pytest-style classes with setup_method: the same, from setup_method to teardown_method.
    if callable(getattr(cls, "setup_method", None)):
        _mock_from_setup_method(template, cls)
        return cls
    for name, member in list(vars(cls).items()):
        if name.startswith("test") and inspect.isfunction(member):
            setattr(cls, name, _decorate_function(template, member))
    return cls


def _mock_from_setup(template: Mock, cls: type[unittest.TestCase]) -> None:
    original = cls.setUp

    @functools.wraps(original)
    def set_up(self: unittest.TestCase) -> None:
        started = template.copy()
        started.start()
        self.addCleanup(started.stop)
        original(self)

    cls.setUp = set_up  # type: ignore[method-assign]


_STARTED_ATTRIBUTE = "_dynafake_mock"


def _mock_from_setup_method(template: Mock, cls: type[Any]) -> None:
    original_setup = cls.setup_method
    original_teardown = getattr(cls, "teardown_method", None)

    @functools.wraps(original_setup)
    def setup_method(self: Any, *args: Any) -> None:
        started = template.copy()
        started.start()
        setattr(self, _STARTED_ATTRIBUTE, started)
        try:
            original_setup(self, *args)
        except BaseException:
            started.stop()
            raise

    def teardown_method(self: Any, *args: Any) -> None:
        started: Mock | None = self.__dict__.pop(_STARTED_ATTRIBUTE, None)
        try:
            if original_teardown is not None:
                original_teardown(self, *args)
        finally:
            if started is not None and started.active:
                started.stop()

    cls.setup_method = setup_method
    cls.teardown_method = teardown_method


@overload
def mock(target: T, /) -> T: ...


@overload
def mock(*, wire: bool = False, **engine_options: Any) -> Mock: ...


def mock(target: Any = None, /, *, wire: bool = False, **engine_options: Any) -> Any:
    """Serves DynamoDB in-process for boto3: ``with dynafake.mock() as engine:``,
    ``@dynafake.mock()`` or bare ``@dynafake.mock`` on a function or test class, or
    ``m = dynafake.mock(); m.start()`` ... ``m.stop()``.

    ``engine_options`` are those of ``dynafake.Engine`` (``path``, ``account_id``, ``frozen_at``,
    ``table_transition_seconds``, ``item_collection_size_limit_bytes``). ``wire=True`` (or
    DYNAFAKE_FORCE_WIRE=1 in the environment) sends every call through botocore's full request
    path (signing step, HTTP objects, parser, retries) instead of answering at ``before-call``;
    results are the same, only slower.
    """
    template = Mock(wire=wire, **engine_options)
    if target is None:
        return template
    return template(target)


mock_dynamodb = mock
