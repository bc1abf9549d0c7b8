"""dynafake: Amazon DynamoDB as an in-process C++ engine for boto3.

``with dynafake.mock() as engine:`` serves every boto3 DynamoDB client in-process;
``dynafake.Engine(path=...)`` is a persistent engine whose ``client()`` is served without a mock.
"""

from __future__ import annotations

from dynafake._core import EngineError, __version__
from dynafake.engine import Clock, Engine
from dynafake.mock import Mock, mock, mock_dynamodb
from dynafake.streams import (
    FailedBatch,
    LambdaContext,
    StreamHandlerError,
    StreamRecordsTrimmedError,
    Subscription,
)

__all__ = [
    "Clock",
    "Engine",
    "EngineError",
    "FailedBatch",
    "LambdaContext",
    "Mock",
    "StreamHandlerError",
    "StreamRecordsTrimmedError",
    "Subscription",
    "__version__",
    "mock",
    "mock_dynamodb",
]
