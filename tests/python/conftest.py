"""Fixtures for the Python-layer tests.

The fixtures dynafake, dynamodb, dynamodb_resource and dynamodbstreams come from dynafake's pytest
plugin (entry point pytest11), loaded once the package is installed.
"""

from __future__ import annotations

import pytest
from python_support import Script, ScriptedCore, outcome

import dynafake


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Script:
    """Engines built while the test runs answer from the returned Script (default: ``{}``)."""
    script = Script(outcome(200, {}))
    core = type("BoundScriptedCore", (ScriptedCore,), {"script": script})
    monkeypatch.setattr(dynafake._core, "Engine", core)
    return script
