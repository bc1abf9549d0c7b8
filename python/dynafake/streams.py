"""Stream subscriptions: Python functions triggered by a table's stream, as AWS Lambda functions are
by a DynamoDB event source mapping.

``engine.streams.subscribe(table_name, handler, **options) -> Subscription`` binds ``handler`` to
the table's latest stream, which must be enabled (else ValueError), and stays on it as a Lambda
mapping does. It calls ``handler(event, context)`` with the event Lambda receives::

    {"Records": [{"eventID": ..., "eventName": "INSERT" | "MODIFY" | "REMOVE",
                  "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": ...,
                  "dynamodb": {"ApproximateCreationDateTime": 1700000000.0, "Keys": {...},
                               "NewImage": {...}, "OldImage": {...}, "SequenceNumber": "...",
                               "SizeBytes": 26, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                  "eventSourceARN": "<stream ARN>"}, ...]}

Images are DynamoDB JSON; a TTL deletion carries ``"userIdentity": {"type": "Service",
"principalId": "dynamodb.amazonaws.com"}`` (Lambda's spelling of GetRecords' Type and PrincipalId).
Each call gets its own copy of the records. ``context`` is a ``LambdaContext`` (function_name,
function_version, invoked_function_arn, memory_limit_in_mb, aws_request_id: a new uuid per call,
log_group_name, log_stream_name, get_remaining_time_in_millis()).

Options (keyword only):

- ``region`` (default ``us-east-1``).
- ``batch_size`` (1..10000, default 100): records per call, all of one shard, in stream order;
  shards are read parents first.
- ``starting_position``: ``"TRIM_HORIZON"`` (default: every record the stream holds) or
  ``"LATEST"`` (records written after subscribe).
- ``filter``: a callable(record) -> bool, or Lambda FilterCriteria: a pattern (dict or JSON text),
  ``{"Filters": [{"Pattern": "..."}]}`` or a list of patterns (one must match); see
  ``dynafake._event_filter``. Records filtered out are consumed, not delivered. An invalid pattern
  is a ValueError at subscribe.
- ``delivery``: ``"sync"`` (default) delivers after each request that wrote, each clock move and
  each TTL sweep, before the call that caused them returns (a TRIM_HORIZON subscription gets what
  the stream holds at subscribe). ``"manual"`` waits for ``engine.streams.deliver()``, which
  delivers every subscription's pending records and returns how many handlers completed.
- ``retry_attempts`` (default 2): a handler that raises gets the same batch that many more times.
- ``bisect_batch_on_error``: a failing batch of several records is split in halves, each delivered
  with its own retries, down to single records.
- ``report_batch_item_failures``: the handler may return ``{"batchItemFailures":
  [{"itemIdentifier": <SequenceNumber>}]}``: the records before the lowest reported are done, the
  rest is retried (an attempt). An identifier empty, null or not in the batch fails the whole
  batch; None, ``{}``, ``[]`` and an empty or null list are success (Lambda's rules).
- ``on_failure``: called with the ``FailedBatch`` of a batch whose retries are exhausted.
- ``function_name``: the context's function name (default: the handler's name).

A batch whose retries are exhausted is recorded in ``subscription.failures`` as
``FailedBatch(records, error, attempts)`` and handed to ``on_failure``; without it, it is raised as
``StreamHandlerError`` (chained to the handler's exception) from the call that triggered delivery
(the boto3 write, ``deliver()``, ``clock.advance()``...). Either way the subscription moves past
it: what follows is delivered next time. Records trimmed (24 hours) before they were delivered are
reported the same way, as a ``FailedBatch`` without records whose error is a
``StreamRecordsTrimmedError``, after the records still there were delivered. Nothing is dropped
silently. When several subscriptions fail at once, the first failure is raised.

A handler may write to DynamoDB or move the clock: the records that makes are delivered by the
delivery running, after the current batch, never by a nested one. One lock serializes delivery: a
write on another thread meanwhile leaves its records to the delivery running. Records the engine
appends on its own (TTL sweeps on its background thread, with a running clock) are delivered with
the next request, clock move or ``deliver()``.

``subscription.delivered`` counts the records handlers completed, ``subscription.failures`` lists
the failed batches, ``subscription.unsubscribe()`` stops it after the batch in progress;
``engine.streams.subscriptions`` lists the active subscriptions.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from dynafake import _core
from dynafake._event_filter import Predicate, compile_filter, copy_json, lambda_record

Record = dict[str, Any]
Handler = Callable[[dict[str, Any], "LambdaContext"], Any]

MAX_BATCH_SIZE = 10000
"""Lambda's largest batch for a DynamoDB event source."""

_STREAMS_TARGET = "DynamoDBStreams_20120810."
_DYNAMODB_TARGET = "DynamoDB_20120810."
_STARTING_POSITIONS = ("TRIM_HORIZON", "LATEST")
_DELIVERIES = ("sync", "manual")
_MAX_RETRY_ATTEMPTS = 10000
# DynamoDB: GetRecords returns at most 1000 records a call.
_READ_LIMIT = 1000
# A delivery whose handlers keep producing records for themselves never settles; past this many
# rounds it stops and says so rather than hang the test.
_MAX_ROUNDS = 1000
_FUNCTION_NAME = re.compile(r"[^A-Za-z0-9_-]")


class StreamHandlerError(Exception):
    """A batch failed after its retries and the subscription has no ``on_failure``: raised (chained
    to the handler's exception) from the call that triggered the delivery."""

    def __init__(self, subscription: Subscription, failure: FailedBatch) -> None:
        self.subscription = subscription
        self.failure = failure
        who = f"stream handler {subscription.function_name!r} of {subscription.table_name!r}"
        error = failure.error
        if isinstance(error, StreamRecordsTrimmedError):
            super().__init__(f"records were lost before {who} got them: {error}")
            return
        super().__init__(
            f"{who} failed on a batch of {len(failure.records)} record(s) after "
            f"{failure.attempts} attempt(s): {type(error).__name__}: {error}"
        )


class StreamRecordsTrimmedError(Exception):
    """Records were trimmed from the stream (after 24 hours) before they were delivered."""


class BatchItemFailuresError(Exception):
    """The handler reported failed records (``batchItemFailures``), or a response Lambda reads as a
    failure of the whole batch. ``item_identifiers``: the identifiers it reported."""

    def __init__(self, message: str, item_identifiers: list[Any]) -> None:
        super().__init__(message)
        self.item_identifiers = item_identifiers


@dataclass(frozen=True)
class FailedBatch:
    """Records a subscription gave up on: ``error`` is the handler's last exception (or a
    BatchItemFailuresError / StreamRecordsTrimmedError), ``attempts`` the calls made with them."""

    records: list[Record]
    error: BaseException
    attempts: int


@dataclass(frozen=True)
class LambdaContext:
    """The ``context`` a handler gets: the members of Lambda's context object Python code reads.
    The engine imposes no timeout: ``get_remaining_time_in_millis`` is always Lambda's maximum."""

    function_name: str
    aws_request_id: str
    invoked_function_arn: str
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    log_group_name: str = ""
    log_stream_name: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


@dataclass
class _ShardState:
    # The SequenceNumber of the last record consumed (delivered, filtered out or failed past);
    # None: read the shard from its trim horizon.
    last: str | None = None
    # Read to the end of the closed shard: nothing more will come from it.
    done: bool = False
    # Records are known to wait after `last` (see Subscription._records_lost).
    pending: bool = False
    # The first of them, when a look (Subscription._peek) found it: reading resumes at exactly that
    # record, so that its trimming shows.
    pending_from: str | None = None


@dataclass
class _Round:
    """What one subscription's turn in a delivery round did."""

    delivered: int = 0
    # A batch failed without on_failure (or on_failure raised): the subscription stops there.
    error: BaseException | None = None
    # Records were lost to the trim horizon: raised once the round is over.
    gap: BaseException | None = None


class _ServiceError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass(frozen=True)
class _Options:
    """A subscription's settings, as subscribe() checked them."""

    handler: Handler
    function_name: str
    batch_size: int
    starting_position: str
    predicate: Predicate | None
    delivery: str
    retry_attempts: int
    bisect_batch_on_error: bool
    report_batch_item_failures: bool
    on_failure: Callable[[FailedBatch], Any] | None


class Subscription:
    """One handler bound to one stream; made by ``engine.streams.subscribe``."""

    def __init__(
        self, streams: Streams, table_name: str, region: str, stream_arn: str, options: _Options
    ) -> None:
        self.table_name = table_name
        self.region = region
        self.stream_arn = stream_arn
        self.function_name = options.function_name
        self.delivery = options.delivery
        self.delivered = 0
        self.failures: list[FailedBatch] = []
        self._streams = streams
        self._options = options
        self._active = True
        self._stream_gone = False
        self._shards: dict[str, _ShardState] = {}
        # True when every known shard's `pending` is accurate: the last round ran to its end.
        self._states_known = False
        account = stream_arn.split(":")[4] if stream_arn.count(":") >= 5 else "000000000000"
        name = self.function_name
        arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
        # Each call's context is this one with its own request id.
        self._context = LambdaContext(name, "", arn, log_group_name=f"/aws/lambda/{name}")

    @property
    def active(self) -> bool:
        return self._active

    def unsubscribe(self) -> None:
        """Stops delivery to this subscription (a batch in progress completes). Idempotent."""
        if self._active:
            self._active = False
            self._streams._remove(self)

    def __repr__(self) -> str:
        state = "active" if self._active else "unsubscribed"
        return (
            f"<dynafake.streams.Subscription {self.function_name!r} on {self.table_name!r} "
            f"{self.delivery} {state} delivered={self.delivered} failures={len(self.failures)}>"
        )

    # --- rounds --------------------------------------------------------------------------------

    def _start(self) -> None:
        """Takes the starting position: TRIM_HORIZON before every record the stream holds, LATEST
        after them."""
        shards = self._describe() or []
        listed = {shard["ShardId"] for shard in shards}
        for shard in shards:
            parent = shard.get("ParentShardId")
            if parent and parent not in listed:
                # Forgotten before the subscription began: nothing of it was ever to be delivered.
                self._shards[parent] = _ShardState(done=True)
            state = self._shards.setdefault(shard["ShardId"], _ShardState())
            if self._options.starting_position != "LATEST":
                continue
            if "EndingSequenceNumber" in shard["SequenceNumberRange"]:
                state.done = True
                continue
            # The open shard: reading resumes after its last record (an open shard's records are
            # at most 4 hours old, never trimmed).
            records, ended = self._read_from(self._iterator(shard["ShardId"], "TRIM_HORIZON"))
            if records:
                state.last = records[-1]["dynamodb"]["SequenceNumber"]
            state.done = ended
        self._round(deliver=False)

    def _round(self, *, deliver: bool) -> _Round:
        """Reads what is new in every shard, parents first, and delivers it; or, when ``deliver`` is
        False (a manual subscription between deliveries, or one that failed in this delivery), only
        notes which shards have records waiting. Either way every shard's ``pending`` is accurate
        afterwards, which is what tells lost records from none when the clock moves far enough for
        shards to be forgotten (see _records_lost)."""
        result = _Round()
        if self._stream_gone:
            return result
        states_were_known = self._states_known
        self._states_known = False
        shards = self._describe()
        if shards is None:
            self._stream_gone = True
            unread = [shard_id for shard_id, state in self._shards.items() if not state.done]
            lost = self._records_lost(unread, states_were_known)
            if lost:
                result.gap = self._gap(
                    f"the stream was deleted (24 hours after it was disabled) before shard(s) "
                    f"{', '.join(lost)} were read to their end"
                )
            self._states_known = True
            return result
        listed = {shard["ShardId"] for shard in shards}
        vanished = [
            shard_id
            for shard_id, state in self._shards.items()
            if not state.done and shard_id not in listed
        ]
        unseen = [
            shard["ParentShardId"]
            for shard in shards
            if shard.get("ParentShardId")
            and shard["ParentShardId"] not in listed
            and shard["ParentShardId"] not in self._shards
        ]
        lost = self._records_lost(vanished, states_were_known)
        if unseen and not states_were_known:
            lost += unseen
        for shard_id in vanished + unseen:
            self._shards[shard_id] = _ShardState(done=True)
        if lost:
            result.gap = self._gap(
                f"shard(s) {', '.join(lost)} were forgotten (24 hours after they closed) before "
                "they were read to their end"
            )
        for shard in shards:
            if not self._active:
                return result
            shard_id = shard["ShardId"]
            state = self._shards.setdefault(shard_id, _ShardState())
            if state.done:
                continue
            parent = self._shards.get(shard.get("ParentShardId", ""))
            if deliver and (parent is None or parent.done):
                error = self._read_and_deliver(shard_id, state, result)
                if error is not None:
                    result.error = error
                    deliver = False  # the rest only has its pending records noted
                    state.pending = False
                    self._peek(shard_id, state)
            else:
                self._peek(shard_id, state)
        self._states_known = True
        return result

    def _records_lost(self, shard_ids: list[str], states_were_known: bool) -> list[str]:
        """Which of these shards, forgotten by the stream, held records this subscription never
        read. A round follows every request and clock move that appended records (the engine's
        hook), and records are only ever appended to the open shard of the moment; so a shard that
        had nothing pending at the last round got nothing since, and one the rounds never saw was
        opened and closed by a clock move, empty."""
        if not states_were_known:
            return list(shard_ids)
        return [shard_id for shard_id in shard_ids if self._shards[shard_id].pending]

    def _peek(self, shard_id: str, state: _ShardState) -> None:
        """Notes whether records wait in the shard after ``state.last``."""
        if state.pending:
            return
        try:
            iterator, gap = self._resume(shard_id, state)
            page = self._call("GetRecords", {"ShardIterator": iterator, "Limit": 1})
        except _ServiceError as error:
            if error.code not in ("ResourceNotFoundException", "TrimmedDataAccessException"):
                raise
            state.pending = True  # the next delivery finds out what happened
            return
        if page["Records"]:
            state.pending = True
            if gap is None:
                state.pending_from = page["Records"][0]["dynamodb"]["SequenceNumber"]
        elif gap is not None:
            state.pending = True
        elif "NextShardIterator" not in page:
            state.done = True

    def _read_and_deliver(
        self, shard_id: str, state: _ShardState, result: _Round
    ) -> BaseException | None:
        """Delivers what is new in the shard; returns the error that stops the subscription."""
        read = self._read_shard(shard_id, state)
        if read is None:
            # Forgotten since DescribeStream listed it: the next round reports what that lost.
            state.pending = True
            return None
        records, ended, gap = read
        state.pending_from = None
        if gap is not None:
            state.last = None
            result.gap = result.gap or self._gap(gap)
        state.pending = bool(records)
        through: str | None = None
        batch: list[Record] = []
        for raw in records:
            record = lambda_record(raw, self.stream_arn)
            through = record["dynamodb"]["SequenceNumber"]
            if self._options.predicate is None or self._options.predicate(record):
                batch.append(record)
            if len(batch) == self._options.batch_size:
                error = self._deliver_batch(state, batch, result)
                batch = []
                if error is not None or not self._active:
                    return error
            if not batch:
                state.last = through
        if batch:
            error = self._deliver_batch(state, batch, result)
            if error is not None or not self._active:
                return error
            state.last = through
        state.pending = False
        state.done = ended
        return None

    # --- one batch -----------------------------------------------------------------------------

    def _deliver_batch(
        self, state: _ShardState, records: list[Record], result: _Round
    ) -> BaseException | None:
        """Delivers ``records`` with retries (and bisection); returns the error to raise, if any."""
        attempts = 0
        while self._active:
            attempts += 1
            try:
                response = self._invoke(records)
            except Exception as error:
                if self._options.bisect_batch_on_error and len(records) > 1:
                    middle = (len(records) + 1) // 2
                    for half in (records[:middle], records[middle:]):
                        raised = self._deliver_batch(state, half, result)
                        if raised is not None:
                            return raised
                    return None
                if attempts > self._options.retry_attempts:
                    return self._fail(state, records, error, attempts)
                continue
            failed_at, failure = self._reported_failure(records, response)
            self._complete(state, records[:failed_at], result)
            if failure is None:
                return None
            records = records[failed_at:]
            if attempts > self._options.retry_attempts:
                return self._fail(state, records, failure, attempts)
        return None

    def _invoke(self, records: list[Record]) -> Any:
        context = replace(self._context, aws_request_id=str(uuid.uuid4()))
        # A copy per call: a handler that edits its event changes neither what a retry nor what
        # the failure record holds.
        return self._options.handler({"Records": copy_json(records)}, context)

    def _reported_failure(
        self, records: list[Record], response: Any
    ) -> tuple[int, BatchItemFailuresError | None]:
        """(index of the first record to retry, the failure); (len(records), None) on success."""
        if not self._options.report_batch_item_failures or not isinstance(response, Mapping):
            return len(records), None
        reported = response.get("batchItemFailures")
        if reported is None or reported == []:
            return len(records), None
        positions = {
            record["dynamodb"]["SequenceNumber"]: index for index, record in enumerate(records)
        }
        identifiers: list[Any] = []
        indexes: list[int] = []
        for entry in reported if isinstance(reported, list) else [reported]:
            identifier = entry.get("itemIdentifier") if isinstance(entry, Mapping) else None
            identifiers.append(identifier)
            index = positions.get(identifier) if isinstance(identifier, str) else None
            if index is None or not isinstance(reported, list):
                # Lambda: an identifier that is empty, null or not in the batch fails it whole.
                return 0, BatchItemFailuresError(
                    f"batchItemFailures names no record of the batch: {reported!r}", identifiers
                )
            indexes.append(index)
        message = f"the handler reported {len(indexes)} failed record(s)"
        return min(indexes), BatchItemFailuresError(message, identifiers)

    def _complete(self, state: _ShardState, records: list[Record], result: _Round) -> None:
        if records:
            state.last = records[-1]["dynamodb"]["SequenceNumber"]
            self.delivered += len(records)
            result.delivered += len(records)

    def _fail(
        self, state: _ShardState, records: list[Record], error: BaseException, attempts: int
    ) -> BaseException | None:
        """Records the failure and moves past it; returns the error to raise, if any."""
        if records:
            state.last = records[-1]["dynamodb"]["SequenceNumber"]
        failure = FailedBatch(records, error, attempts)
        self.failures.append(failure)
        if self._options.on_failure is not None:
            try:
                self._options.on_failure(failure)
            except Exception as raised:
                return raised
            return None
        raised_error = StreamHandlerError(self, failure)
        raised_error.__cause__ = error
        return raised_error

    def _gap(self, message: str) -> BaseException | None:
        return self._fail(_ShardState(), [], StreamRecordsTrimmedError(message), 0)

    # --- reading through the engine's DynamoDB Streams API ---------------------------------------

    def _call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self._streams._call(self.region, _STREAMS_TARGET + operation, payload)

    def _describe(self) -> list[dict[str, Any]] | None:
        """The stream's shards, oldest first (so parents first); None once the stream is gone."""
        shards: list[dict[str, Any]] = []
        request: dict[str, Any] = {"StreamArn": self.stream_arn}
        while True:
            try:
                description = self._call("DescribeStream", request)["StreamDescription"]
            except _ServiceError as error:
                if error.code == "ResourceNotFoundException":
                    return None
                raise
            shards.extend(description.get("Shards", []))
            last = description.get("LastEvaluatedShardId")
            if last is None:
                return shards
            request = {"StreamArn": self.stream_arn, "ExclusiveStartShardId": last}

    def _iterator(self, shard_id: str, kind: str, sequence_number: str | None = None) -> str:
        request = {"StreamArn": self.stream_arn, "ShardId": shard_id, "ShardIteratorType": kind}
        if sequence_number is not None:
            request["SequenceNumber"] = sequence_number
        return str(self._call("GetShardIterator", request)["ShardIterator"])

    def _read_shard(
        self, shard_id: str, state: _ShardState
    ) -> tuple[list[Record], bool, str | None] | None:
        """The shard's records after ``state.last``, whether the shard ended, and what was lost to
        the trim horizon (None: nothing); None when the shard is gone. Iterators are never kept
        from one round to the next: they expire after 15 minutes of the engine's clock."""
        for attempt in (1, 2):
            try:
                iterator, gap = self._resume(shard_id, state)
                return (*self._read_from(iterator), gap)
            except _ServiceError as error:
                if error.code == "ResourceNotFoundException":
                    return None  # forgotten since DescribeStream listed it
                # TrimmedDataAccessException: trimmed between two calls (by a background sweep
                # with a running clock); the second attempt takes it from the start.
                if error.code != "TrimmedDataAccessException" or attempt == 2:
                    raise
        return None

    def _resume(self, shard_id: str, state: _ShardState) -> tuple[str, str | None]:
        """An iterator after ``state.last``, and what was lost to the trim horizon before it."""
        lost = (
            f"records of shard {shard_id} were trimmed (24 hours after they were written) before "
            "they were delivered; delivery resumed at the shard's trim horizon"
        )
        if state.pending_from is not None:
            try:
                return self._iterator(shard_id, "AT_SEQUENCE_NUMBER", state.pending_from), None
            except _ServiceError as error:
                if error.code != "TrimmedDataAccessException":
                    raise
            return self._iterator(shard_id, "TRIM_HORIZON"), lost
        if state.last is None:
            return self._iterator(shard_id, "TRIM_HORIZON"), None
        try:
            return self._iterator(shard_id, "AFTER_SEQUENCE_NUMBER", state.last), None
        except _ServiceError as error:
            if error.code != "TrimmedDataAccessException":
                raise
        # The last record consumed has been trimmed since. Were records after it trimmed too? The
        # engine takes any sequence number within the shard's range for AT_SEQUENCE_NUMBER, refuses
        # one past the shard's last record, and says TrimmedDataAccessException for a trimmed one.
        following = str(int(state.last) + 1)
        try:
            return self._iterator(shard_id, "AT_SEQUENCE_NUMBER", following), None
        except _ServiceError as error:
            if error.code == "ValidationException":
                # The record consumed was the shard's last: nothing was lost.
                return self._iterator(shard_id, "TRIM_HORIZON"), None
            if error.code != "TrimmedDataAccessException":
                raise
        return self._iterator(shard_id, "TRIM_HORIZON"), lost

    def _read_from(self, iterator: str) -> tuple[list[Record], bool]:
        """Records up to the end of what the shard holds; True when it is closed and read out."""
        records: list[Record] = []
        while True:
            page = self._call("GetRecords", {"ShardIterator": iterator, "Limit": _READ_LIMIT})
            records.extend(page["Records"])
            following = page.get("NextShardIterator")
            if following is None:
                return records, True
            if not page["Records"]:
                return records, False
            iterator = following


class Streams:
    """The engine's stream subscriptions (``engine.streams``)."""

    def __init__(self, core: _core.Engine) -> None:
        self._core = core
        self._registry = threading.Lock()
        self._subscriptions: tuple[Subscription, ...] = ()
        # One delivery at a time; a thread that finds it taken leaves its records to the holder.
        self._delivery = threading.Lock()
        self._local = threading.local()
        # The engine's stream sequence when every subscription last caught up (None: unknown).
        # It moves whenever a record is appended (or a shard opens) anywhere in the engine.
        self._seen: int | None = None
        # Set by subscribe: a round must run even if the sequence has not moved.
        self._dirty = False

    @property
    def subscriptions(self) -> list[Subscription]:
        """The active subscriptions, oldest first."""
        return list(self._subscriptions)

    def subscribe(
        self,
        table_name: str,
        handler: Handler,
        *,
        region: str = "us-east-1",
        batch_size: int = 100,
        starting_position: str = "TRIM_HORIZON",
        filter: Any = None,
        delivery: str = "sync",
        retry_attempts: int = 2,
        bisect_batch_on_error: bool = False,
        report_batch_item_failures: bool = False,
        on_failure: Callable[[FailedBatch], Any] | None = None,
        function_name: str | None = None,
    ) -> Subscription:
        """Calls ``handler(event, context)`` with the table's stream records; see the module
        documentation for the options."""
        if not callable(handler):
            raise TypeError("handler must be callable as handler(event, context)")
        if not _is_int_in(batch_size, 1, MAX_BATCH_SIZE):
            raise ValueError(f"batch_size must be an integer from 1 to {MAX_BATCH_SIZE}")
        if starting_position not in _STARTING_POSITIONS:
            raise ValueError(f"starting_position must be one of {', '.join(_STARTING_POSITIONS)}")
        if delivery not in _DELIVERIES:
            raise ValueError(f"delivery must be one of {', '.join(_DELIVERIES)}")
        if not _is_int_in(retry_attempts, 0, _MAX_RETRY_ATTEMPTS):
            raise ValueError(f"retry_attempts must be an integer from 0 to {_MAX_RETRY_ATTEMPTS}")
        if on_failure is not None and not callable(on_failure):
            raise TypeError("on_failure must be callable as on_failure(failed_batch)")
        predicate = None if filter is None else compile_filter(filter)
        stream_arn = self._enabled_stream(region, table_name)
        name = function_name or _FUNCTION_NAME.sub(
            "_", getattr(handler, "__name__", type(handler).__name__)
        )
        options = _Options(
            handler,
            name,
            batch_size,
            starting_position,
            predicate,
            delivery,
            retry_attempts,
            bisect_batch_on_error,
            report_batch_item_failures,
            on_failure,
        )
        subscription = Subscription(self, table_name, region, stream_arn, options)
        subscription._start()
        with self._registry:
            self._subscriptions = (*self._subscriptions, subscription)
            self._dirty = True
        if delivery == "sync":
            self._after_write()
        return subscription

    def deliver(self) -> int:
        """Delivers every subscription's pending records (manual and sync); returns how many records
        handlers received and completed. Raises StreamHandlerError as a write does. Called from a
        handler, it returns 0 and the delivery running delivers them."""
        if getattr(self._local, "delivering", False):
            self._local.manual_requested = True
            self._dirty = True  # one more round, with the manual subscriptions
            return 0
        with self._delivery:
            delivered = self._run(manual=True)
        # A write on another thread may have left its records to this delivery as it ended.
        self._after_write()
        return delivered

    # --- the engine's hook -----------------------------------------------------------------------

    def _after_write(self) -> None:
        """Delivers to the sync subscriptions whatever the streams gained (and notes what waits for
        the manual ones). Cheap when nothing was appended. The engine calls it after every request,
        clock move and TTL sweep."""
        if not self._subscriptions or getattr(self._local, "delivering", False):
            return
        while True:
            mark = self._core.stream_next_sequence()
            if mark == self._seen and not self._dirty:
                return
            if not self._delivery.acquire(blocking=False):
                # The thread delivering goes on until the sequence stops moving: it takes these.
                return
            try:
                self._run(manual=False)
            finally:
                self._delivery.release()

    # --- internals -------------------------------------------------------------------------------

    def _run(self, *, manual: bool) -> int:
        """Rounds until one appends nothing; returns the records delivered. Then raises the first
        error a subscription stopped on (the others are in their subscriptions' failures).
        REQUIRES: the delivery lock held."""
        local = self._local
        local.delivering = True
        local.manual_requested = manual
        self._seen = None
        errors: list[BaseException] = []
        stopped: set[int] = set()
        delivered = 0
        try:
            for _ in range(_MAX_ROUNDS):
                self._dirty = False
                mark = self._core.stream_next_sequence()
                for subscription in self._subscriptions:
                    if not subscription.active:
                        continue
                    wanted = subscription.delivery == "sync" or local.manual_requested
                    turn = subscription._round(deliver=wanted and id(subscription) not in stopped)
                    delivered += turn.delivered
                    error = turn.error or turn.gap
                    if error is not None:
                        errors.append(error)
                        stopped.add(id(subscription))
                if mark == self._core.stream_next_sequence() and not self._dirty:
                    if not errors:
                        self._seen = mark
                    break
            else:
                raise RuntimeError(
                    f"stream delivery did not settle after {_MAX_ROUNDS} rounds: a handler keeps "
                    "writing records that are delivered to it"
                )
        finally:
            local.delivering = False
            local.manual_requested = False
        if errors:
            first = errors[0]
            if isinstance(first, StreamHandlerError):
                raise first from first.__cause__
            raise first
        return delivered

    def _remove(self, subscription: Subscription) -> None:
        with self._registry:
            self._subscriptions = tuple(s for s in self._subscriptions if s is not subscription)

    def _call(self, region: str, target: str, payload: dict[str, Any]) -> dict[str, Any]:
        status, _headers, body, _retryable = self._core.handle(
            region, target, json.dumps(payload).encode()
        )
        parsed: dict[str, Any] = json.loads(body) if body else {}
        if status != 200:
            code = str(parsed.get("__type", "")).rpartition("#")[2] or f"HTTP {status}"
            raise _ServiceError(code, str(parsed.get("message", parsed.get("Message", ""))))
        return parsed

    def _enabled_stream(self, region: str, table_name: str) -> str:
        try:
            table = self._call(
                region, _DYNAMODB_TARGET + "DescribeTable", {"TableName": table_name}
            )
        except _ServiceError as error:
            raise ValueError(
                f"cannot subscribe to table {table_name!r} in {region}: {error}"
            ) from None
        description = table["Table"]
        specification = description.get("StreamSpecification") or {}
        arn = description.get("LatestStreamArn")
        if not specification.get("StreamEnabled") or not arn:
            raise ValueError(
                f"table {table_name!r} in {region} has no enabled stream: enable one with "
                "StreamSpecification={'StreamEnabled': True, 'StreamViewType': ...} at CreateTable "
                "or UpdateTable"
            )
        return str(arn)


def _is_int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
