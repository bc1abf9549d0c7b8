"""botocore plumbing: the one module that knows botocore's events, responses and parser rules.

A dynamodb or dynamodb-streams call made through a client whose event system carries these hooks
is answered in-process while a route is active:

* fast path: at ``before-call`` the engine answers and the hook returns ``(http_response,
  parsed)``, where ``parsed`` is what botocore's JSON parser makes of the same status, headers and
  body. Signing, the HTTP objects and botocore's generic parser never run.
* wire path: an outcome botocore would retry (throttling, InternalServerError), or every outcome
  when the route asks for it, goes through botocore's own machinery. ``request-created`` points the
  request at a sentinel URL, ``choose-signer`` turns signing off, and ``before-send`` answers each
  attempt with an ``AWSResponse``; botocore then parses, retries and raises as against the service.
  The sentinel URL also tells other ``before-send`` stubs (moto's ``mock_aws``) that the request is
  not theirs: ``before-send`` calls every handler, and ours, registered on a more specific event,
  runs first and rewrites the URL once it has answered.

The fast path trusts the engine to send only modeled members and never ``null`` (as the service
does); botocore's parser would drop anything else. Tests compare both paths on the same outcomes.
"""

from __future__ import annotations

import binascii
import json
import os
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Protocol

import boto3  # type: ignore[import-untyped]
import botocore  # type: ignore[import-untyped]
import botocore.handlers  # type: ignore[import-untyped]
import botocore.parsers  # type: ignore[import-untyped]
from botocore.awsrequest import AWSResponse, HeadersDict  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.utils import parse_timestamp  # type: ignore[import-untyped]

Headers = list[tuple[str, str]]
Outcome = tuple[int, Headers, bytes, bool]
Convert = Callable[[Any], Any]

SERVICE_IDS = ("dynamodb", "dynamodb-streams")
SERVICE_NAMES = ("dynamodb", "dynamodbstreams")

# Requests the hooks answer are pointed here; nothing else matches it (RFC 2606 reserves .invalid).
_PENDING_URL = "https://dynafake.invalid/pending/"
_ANSWERED_URL = "https://dynafake.invalid/answered"
_CONTEXT_KEY = "dynafake"


def env_forces_wire() -> bool:
    """True when DYNAFAKE_FORCE_WIRE asks for every call to take the wire path."""
    return os.environ.get("DYNAFAKE_FORCE_WIRE", "").lower() not in ("", "0", "false", "no")


class Handler(Protocol):
    """What a route dispatches to: ``_core.Engine.handle``'s signature."""

    def __call__(self, region: str, target: str, body: bytes, /) -> Outcome: ...


@dataclass(frozen=True)
class Route:
    """Where calls go while it is active: an engine's handle function, and the path to take."""

    handle: Handler
    wire: bool = False


RouteProvider = Callable[[], "Route | None"]


@dataclass
class _Pending:
    """One call on the wire path, kept in botocore's request context across its attempts."""

    route: Route
    region: str
    target: str
    body: bytes
    url: str
    stashed: Outcome | None
    token: str = field(default="")


# token -> pending call; an entry lives as long as the request context that holds the call.
_PENDING: weakref.WeakValueDictionary[str, _Pending] = weakref.WeakValueDictionary()
_TOKENS = count()


class _RawBody:
    """The ``raw`` of an AWSResponse: what botocore reads the body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_kwargs: Any) -> Iterator[bytes]:
        yield self._body

    def read(self, *_args: Any) -> bytes:
        return self._body


class _Response(AWSResponse):  # type: ignore[misc]
    """An AWSResponse built cheaply: its case-insensitive headers and its ``raw`` are made on first
    use (handlers of ``after-call`` may read them, the fast path itself never does), and its content
    is the body, as botocore would read it from ``raw``."""

    def __init__(self, url: str, outcome: Outcome) -> None:
        # AWSResponse.__init__ is skipped: it would build headers and raw that are rarely read.
        self.url = url
        self.status_code = outcome[0]
        self._pairs = outcome[1]
        self._content = outcome[2]
        self._headers: Any = None
        self._raw: Any = None

    @property
    def headers(self) -> Any:
        if self._headers is None:
            self._headers = HeadersDict(self._pairs)
        return self._headers

    @headers.setter
    def headers(self, value: Any) -> None:
        self._headers = value

    @property
    def raw(self) -> Any:
        if self._raw is None:
            self._raw = _RawBody(self._content)
        return self._raw

    @raw.setter
    def raw(self, value: Any) -> None:
        self._raw = value


class Hooks:
    """The event handlers, dispatching to the route ``route_provider`` returns (None: inactive)."""

    def __init__(self, route_provider: RouteProvider) -> None:
        self._route = route_provider

    def handlers(self) -> list[tuple[str, Callable[..., Any]]]:
        """(event, handler) pairs for both services."""
        pairs: list[tuple[str, Callable[..., Any]]] = []
        for service in SERVICE_IDS:
            pairs += [
                (f"before-call.{service}", self.before_call),
                (f"request-created.{service}", self.request_created),
                (f"choose-signer.{service}", self.choose_signer),
                (f"before-send.{service}", self.before_send),
            ]
        return pairs

    def before_call(self, model: Any, params: Any, context: Any, **_kwargs: Any) -> Any:
        if _CONTEXT_KEY in context:
            return None  # Another route (a client bound to one engine) already took this call.
        route = self._route()
        if route is None:
            return None
        target = params["headers"].get("X-Amz-Target")
        if target is None:
            return None
        region = context.get("client_region") or ""
        body = params["body"]
        if isinstance(body, str):
            body = body.encode("utf-8")
        stashed = None
        if not route.wire:
            outcome = route.handle(region, target, body)
            # botocore retries every 5xx, whatever the engine says; those take the wire path too.
            if not outcome[3] and outcome[0] < 500:
                return _Response(params["url"], outcome), parse_outcome(model, outcome)
            stashed = outcome
        context[_CONTEXT_KEY] = _Pending(route, region, target, body, params["url"], stashed)
        return None

    def request_created(self, request: Any, **_kwargs: Any) -> None:
        pending = request.context.get(_CONTEXT_KEY)
        if pending is None:
            return
        if not pending.token:
            pending.token = str(next(_TOKENS))
            _PENDING[pending.token] = pending
        request.url = _PENDING_URL + pending.token

    def choose_signer(self, context: Any, **_kwargs: Any) -> Any:
        # The request never leaves the process: no credentials are needed, none are looked up.
        return botocore.UNSIGNED if _CONTEXT_KEY in context else None

    def before_send(self, request: Any, **_kwargs: Any) -> Any:
        url = request.url
        if not url.startswith(_PENDING_URL):
            return None
        pending = _PENDING.get(url[len(_PENDING_URL) :])
        if pending is None:
            return None
        outcome = pending.stashed
        pending.stashed = None
        if outcome is None:
            outcome = pending.route.handle(pending.region, pending.target, pending.body)
        request.url = _ANSWERED_URL  # Later before-send handlers (moto's) leave it alone.
        return _Response(pending.url, outcome)


def install_builtin(hooks: Hooks) -> None:
    """Adds the hooks to every botocore session created from now on, and to boto3's default session
    if it already exists (its clients created later are then served too)."""
    for event, handler in hooks.handlers():
        botocore.handlers.BUILTIN_HANDLERS.append((event, handler))
    session = boto3.DEFAULT_SESSION
    if session is not None:
        for event, handler in hooks.handlers():
            session.events.register(event, handler, unique_id=f"dynafake-{event}")


def bind_client(client: Any, hooks: Hooks) -> Any:
    """Registers the hooks on one client, ahead of any route the builtin hooks would pick."""
    for event, handler in hooks.handlers():
        client.meta.events.register_first(event, handler, unique_id=f"dynafake-bound-{event}")
    return client


def new_client(service_name: str, region_name: str | None, **kwargs: Any) -> Any:
    _check_service(service_name)
    return boto3.client(service_name, region_name=region_name, **kwargs)


def new_resource(service_name: str, region_name: str | None, **kwargs: Any) -> Any:
    if service_name != "dynamodb":
        msg = f"dynafake serves the 'dynamodb' resource, not {service_name!r}"
        raise ValueError(msg)
    return boto3.resource(service_name, region_name=region_name, **kwargs)


def client_of(resource: Any) -> Any:
    return resource.meta.client


def fast_retry_config() -> Any:
    """A client Config whose retries are few, short and deterministic: 3 attempts in botocore's
    legacy mode, whose DynamoDB policy waits 50 ms then 100 ms (standard mode, botocore's default,
    waits a random time of up to 1 s, then up to 2 s, and so on)."""
    return Config(retries={"mode": "legacy", "total_max_attempts": 3})


def _check_service(service_name: str) -> None:
    if service_name not in SERVICE_NAMES:
        msg = f"dynafake serves {', '.join(SERVICE_NAMES)}, not {service_name!r}"
        raise ValueError(msg)


# ---------------------------------------------------------------------------------------------
# Parsing: botocore's JSON parser, for the shapes DynamoDB has, without its per-member walk.


def parse_outcome(model: Any, outcome: Outcome) -> dict[str, Any]:
    """What botocore's endpoint returns as ``parsed`` for this outcome of operation ``model``."""
    status, headers, body, _ = outcome
    if status >= 300:
        parsed = _parse_error(model, status, headers, body)
    else:
        parsed = _parse_success(model, body)
    http_headers = {}
    for name, value in headers:
        http_headers[name.lower()] = value
    metadata = parsed.get("ResponseMetadata")
    if metadata is None:
        parsed["ResponseMetadata"] = metadata = {}
    request_id = http_headers.get("x-amzn-requestid")
    if request_id is not None:
        metadata["RequestId"] = request_id
    metadata["HTTPStatusCode"] = status
    metadata["HTTPHeaders"] = http_headers
    metadata["RetryAttempts"] = 0
    return parsed


def _parse_success(model: Any, body: bytes) -> dict[str, Any]:
    plan = _output_plan(model)
    if plan is None or not body:
        return {}
    value = None if plan.use_botocore else _loads(body)
    if not isinstance(value, dict):
        return _botocore_parse(model.output_shape, 200, [], body)
    conversion = plan.conversion
    if conversion is not None and value and conversion[0].search(body) is not None:
        conversion[1](value)
    return value


_DECODER = json.JSONDecoder()


def _loads(body: bytes) -> Any:
    """``json.loads(body)``; None when the body is not JSON."""
    if body == b"{}":
        return {}  # Most writes answer an empty object.
    try:
        # For the compact UTF-8 JSON the engine writes, raw_decode gives what json.loads does
        # without its encoding detection and whitespace skipping; any other body takes json.loads.
        text = body.decode()
        value, end = _DECODER.raw_decode(text)
        if end == len(text):
            return value
    except ValueError:
        pass
    try:
        return json.loads(body)
    except ValueError:
        return None


def _parse_error(model: Any, status: int, headers: Headers, body: bytes) -> dict[str, Any]:
    # Errors are not the hot path: botocore's own parser, plus the modeled members of the error
    # shape as botocore's endpoint adds them (Item, CancellationReasons, ...).
    parsed = _botocore_parse(model.output_shape, status, headers, body)
    code = parsed.get("Error", {}).get("Code")
    error_shape = model.service_model.shape_for_error_code(code) if code is not None else None
    if error_shape is not None:
        parsed.update(_botocore_parse(error_shape, status, headers, body))
    return parsed


def _botocore_parse(shape: Any, status: int, headers: Headers, body: bytes) -> dict[str, Any]:
    response = {"status_code": status, "headers": HeadersDict(headers), "body": body, "context": {}}
    parsed: dict[str, Any] = botocore.parsers.create_parser("json").parse(response, shape)
    return parsed


@dataclass(frozen=True)
class _OutputPlan:
    """How to finish json.loads output of one operation's output shape.

    ``conversion`` is None when the shape holds no blob or timestamp. Otherwise it is (triggers,
    convert): ``convert`` rewrites blobs and timestamps in place; it only runs when ``triggers``
    finds in the body one of the quoted member names under which a blob or timestamp can sit
    (``"B"``, ``"BS"``, ``"CreationDateTime"``, ...): the engine writes member names unescaped, so a
    body without them has nothing to convert. One regular expression for all the names costs less
    than a search per name (the quote they end with is everywhere in JSON).

    ``use_botocore`` marks shapes this module does not mirror (renamed members), which botocore's
    parser handles instead."""

    conversion: tuple[re.Pattern[bytes], Convert] | None
    use_botocore: bool = False


# id(operation model) -> (weak reference to it, plan). A plain dict keyed by id is cheaper to read
# than a WeakKeyDictionary; the weak reference tells a live model from a recycled id.
_OUTPUT_PLANS: dict[int, tuple[weakref.ref[Any], _OutputPlan | None]] = {}


def _output_plan(model: Any) -> _OutputPlan | None:
    """The plan for the operation's output shape; None when the operation has no output."""
    entry = _OUTPUT_PLANS.get(id(model))
    if entry is not None and entry[0]() is model:
        return entry[1]
    shape = model.output_shape
    plan = None if shape is None else _compile(shape)
    key = id(model)
    _OUTPUT_PLANS[key] = (weakref.ref(model, lambda _: _OUTPUT_PLANS.pop(key, None)), plan)
    return plan


def _compile(root: Any) -> _OutputPlan:
    shapes = _reachable(root)
    if any(_has_renamed_member(shape) for shape in shapes.values()):
        return _OutputPlan(None, use_botocore=True)
    needed = _shapes_needing_conversion(shapes)
    if root.name not in needed:
        return _OutputPlan(None)
    triggers = {
        f'"{key}"'.encode()
        for shape in shapes.values()
        if shape.type_name == "structure"
        for key, member in shape.members.items()
        if member.name in needed and _holds_leaf_directly(member)
    }
    pattern = re.compile(b"|".join(re.escape(trigger) for trigger in sorted(triggers)))
    return _OutputPlan((pattern, _Compiler(needed).build(root)))


class _Compiler:
    """Builds converters mirroring botocore's JSON parser for the shapes in ``needed`` (those that
    hold blobs or timestamps). Structures convert in place; a map or list of structures walks its
    elements inline, so an item costs one call however many attributes it has."""

    def __init__(self, needed: set[str]) -> None:
        self._needed = needed
        self._built: dict[str, Convert] = {}
        # Structure name -> member name -> converter; filled after registration so that recursive
        # shapes (AttributeValue inside M and L) find their own table.
        self._tables: dict[str, dict[str, Convert]] = {}

    def build(self, shape: Any) -> Convert:
        name = shape.name
        if name in self._built:
            return self._built[name]
        kind = shape.type_name
        if kind == "blob":
            # base64.b64decode without its wrapper: the same result, and the same ValueError for a
            # non-ASCII string.
            return binascii.a2b_base64
        if kind == "timestamp":
            convert: Convert = parse_timestamp
            return convert
        if kind == "structure":
            table: dict[str, Convert] = {}
            self._tables[name] = table
            self._built[name] = convert = _structure_converter(table)
            for key, member in shape.members.items():
                if member.name in self._needed:
                    table[key] = self.build(member)
            return convert
        element = shape.member if kind == "list" else shape.value
        element_convert = self.build(element)
        if element.type_name == "structure":
            table = self._tables[element.name]
            convert = _list_of_structures(table) if kind == "list" else _map_of_structures(table)
        else:
            convert = (
                _list_converter(element_convert)
                if kind == "list"
                else _map_converter(element_convert)
            )
        self._built[name] = convert
        return convert


def _reachable(root: Any) -> dict[str, Any]:
    shapes: dict[str, Any] = {}
    stack = [root]
    while stack:
        shape = stack.pop()
        if shape.name in shapes:
            continue
        shapes[shape.name] = shape
        stack.extend(_children(shape))
    return shapes


def _has_renamed_member(shape: Any) -> bool:
    if shape.type_name != "structure":
        return False
    return any(
        member.serialization.get("name", name) != name for name, member in shape.members.items()
    )


def _children(shape: Any) -> list[Any]:
    if shape.type_name == "structure":
        return list(shape.members.values())
    if shape.type_name == "list":
        return [shape.member]
    if shape.type_name == "map":
        return [shape.value]
    return []


def _shapes_needing_conversion(shapes: dict[str, Any]) -> set[str]:
    needed = {name for name, shape in shapes.items() if shape.type_name in ("blob", "timestamp")}
    changed = True
    while changed:
        changed = False
        for name, shape in shapes.items():
            if name not in needed and any(child.name in needed for child in _children(shape)):
                needed.add(name)
                changed = True
    return needed


def _holds_leaf_directly(shape: Any) -> bool:
    """True for a blob or timestamp, or lists and maps of them without a structure in between."""
    while shape.type_name in ("list", "map"):
        shape = shape.member if shape.type_name == "list" else shape.value
    return bool(shape.type_name in ("blob", "timestamp"))


def _structure_converter(table: dict[str, Convert]) -> Convert:
    get = table.get

    def convert_structure(value: dict[str, Any]) -> dict[str, Any]:
        # Walks the value's own keys: cheap for unions such as AttributeValue, whose one key is
        # most often S or N, and for structures with few members present.
        for key, member in value.items():
            convert = get(key)
            if convert is not None and member is not None:
                value[key] = convert(member)
        return value

    return convert_structure


def _map_of_structures(table: dict[str, Convert]) -> Convert:
    # Iterating keys, rather than items, spares a tuple per attribute value of an item.
    get = table.get

    def convert_map(value: dict[str, Any]) -> dict[str, Any]:
        for structure in value.values():
            if structure is not None:
                for key in structure:
                    convert = get(key)
                    if convert is not None:
                        member = structure[key]
                        if member is not None:
                            structure[key] = convert(member)
        return value

    return convert_map


def _list_of_structures(table: dict[str, Convert]) -> Convert:
    get = table.get

    def convert_list(value: list[Any]) -> list[Any]:
        for structure in value:
            if structure is not None:
                for key in structure:
                    convert = get(key)
                    if convert is not None:
                        member = structure[key]
                        if member is not None:
                            structure[key] = convert(member)
        return value

    return convert_list


def _list_converter(convert: Convert) -> Convert:
    def convert_list(value: list[Any]) -> list[Any]:
        return [None if item is None else convert(item) for item in value]

    return convert_list


def _map_converter(convert: Convert) -> Convert:
    def convert_map(value: dict[str, Any]) -> dict[str, Any]:
        for key, item in value.items():
            if item is not None:
                value[key] = convert(item)
        return value

    return convert_map
