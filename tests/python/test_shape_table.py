"""The committed request-shape table matches what botocore's model generates."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "tests" / "tools" / "gen_shapes.py"


@pytest.mark.skipif(
    importlib.util.find_spec("botocore") is None,
    reason="botocore is not importable, so its DynamoDB model cannot be read",
)
def test_shape_table_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
