"""dynafake: Amazon DynamoDB as an in-process C++ engine for boto3.

``with dynafake.mock() as engine:`` serves every boto3 DynamoDB client in-process;
``dynafake.Engine(path=...)`` is a persistent engine whose ``client()`` is served without a mock.
"""

from __future__ import annotations

from dynafake._core import EngineError, __version__
from dynafake.capacity import (
    AutoScaling,
    Capacity,
    CapacityReport,
    Cost,
    Costs,
    HotKey,
    IndexReport,
    MinutePoint,
    ScalingActivity,
    ScalingPolicy,
    TableReport,
    Usage,
)
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
    "AutoScaling",
    "Capacity",
    "CapacityReport",
    "Clock",
    "Cost",
    "Costs",
    "Engine",
    "EngineError",
    "FailedBatch",
    "HotKey",
    "IndexReport",
    "LambdaContext",
    "MinutePoint",
    "Mock",
    "ScalingActivity",
    "ScalingPolicy",
    "StreamHandlerError",
    "StreamRecordsTrimmedError",
    "Subscription",
    "TableReport",
    "Usage",
    "__version__",
    "mock",
    "mock_dynamodb",
]
