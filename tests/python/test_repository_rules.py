"""The repository's structural rules: include layering and file sizes.

Runs tests/tools/check_layers.py and tests/tools/check_file_size.py on the repository, and on small
trees built here to show that each rule can fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS = REPO_ROOT / "tests" / "tools"


def run_tool(name: str, root: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOLS / name), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_repository_includes_follow_the_dependency_matrix() -> None:
    result = run_tool("check_layers.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("check_layers: ")
    assert result.stdout.endswith(" follow the dependency matrix\n")


def test_repository_files_are_within_their_size_limits() -> None:
    result = run_tool("check_file_size.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(" files within their line limits\n")


MODULES = ("util", "model", "storage", "table", "wire", "api", "engine", "pybind")


@pytest.mark.parametrize(
    ("source", "include", "reason"),
    [
        ("storage/memory_store.cc", '"model/number.h"', "storage/ may not include model/"),
        ("table/table.cc", '"storage/kv_store.h"', None),
        ("table/table.cc", '"wire/json.h"', "table/ may not include wire/"),
        ("table/table.cc", '"util/coding.h"', None),
        ("table/table.cc", "<vector>", None),
        ("table/table.cc", "<sys/stat.h>", None),
        ("table/table.cc", '"dynafake/status.h"', None),
        (
            "table/table.cc",
            '"dynafake/options.h"',
            "table/ may include only dynafake/clock.h, dynafake/status.h of the public API",
        ),
        ("table/table.cc", '"../wire/json.h"', "include paths are written from cpp/ or"),
        ("table/table.cc", '"keyspace.h"', "quoted includes name a header by its path"),
        ("storage/leveldb_store.cc", "<leveldb/db.h>", None),
        (
            "storage/memory_store.cc",
            "<leveldb/db.h>",
            "LevelDB is included only by storage/leveldb_store.cc",
        ),
        ("wire/json.h", "<nlohmann/json.hpp>", None),
        ("api/operation.h", "<nlohmann/json.hpp>", "the JSON library is included only in wire/"),
        ("pybind/module.cc", "<pybind11/pybind11.h>", None),
        ("pybind/module.cc", "<dynafake/engine.h>", None),
        ("pybind/module.cc", "<string>", None),
        ("pybind/module.cc", '"util/result.h"', "pybind/ includes only the public API"),
        ("engine/engine.cc", "<pybind11/pybind11.h>", "pybind11 is included only in pybind/"),
        ("engine/engine.cc", '"api/operation.h"', None),
        ("engine/engine.cc", '"pybind/module.h"', "engine/ may not include pybind/"),
        ("include/dynafake/engine.h", '"dynafake/options.h"', None),
        ("include/dynafake/engine.h", '"util/result.h"', "include/ includes only the public API"),
        ("model/number_test.cc", "<gtest/gtest.h>", None),
        ("model/number.cc", "<gtest/gtest.h>", "GoogleTest is included only by *_test.cc"),
        ("model/number.cc", "<absl/strings/str_cat.h>", "unknown library <absl/...>"),
        ("model/number.cc", '"util/check.h"', None),
        ("util/status.cc", '"model/number.h"', "util/ may not include model/"),
    ],
)
def test_check_layers_applies_the_matrix(
    tmp_path: Path, source: str, include: str, reason: str | None
) -> None:
    for module in MODULES:
        (tmp_path / "cpp" / module).mkdir(parents=True)
    write(tmp_path / "cpp" / source, f"// A file.\n#include {include}\n")
    result = run_tool("check_layers.py", tmp_path)
    if reason is None:
        assert result.returncode == 0, result.stdout
        assert result.stdout == "check_layers: 1 includes in 1 files follow the dependency matrix\n"
    else:
        assert result.returncode == 1
        first_line = result.stdout.splitlines()[0]
        assert first_line.startswith(f"cpp/{source}:2: #include {include}: {reason}")


def test_check_layers_lists_every_violation(tmp_path: Path) -> None:
    for module in MODULES:
        (tmp_path / "cpp" / module).mkdir(parents=True)
    write(tmp_path / "cpp/model/key.h", '#include "table/table.h"\n#include "wire/json.h"\n')
    result = run_tool("check_layers.py", tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'cpp/model/key.h:1: #include "table/table.h": model/ may not include table/',
        'cpp/model/key.h:2: #include "wire/json.h": model/ may not include wire/',
        "check_layers: 2 include(s) break the dependency matrix",
    ]


def lines(count: int) -> str:
    return "x = 1\n" * count


@pytest.mark.parametrize(
    ("name", "count", "passes"),
    [
        ("cpp/model/number.cc", 800, True),
        ("cpp/model/number.cc", 801, False),
        ("cpp/model/number.h", 801, False),
        ("python/dynafake/mock.py", 801, False),
        ("cpp/model/number_test.cc", 1000, True),
        ("cpp/model/number_test.cc", 1001, False),
        ("tests/conformance/test_put_item.py", 1000, True),
        ("tests/conformance/conftest.py", 1001, False),
        ("docs/notes.md", 5000, True),
        ("build/generated/big.cc", 5000, True),
        (".venv/lib/site.py", 5000, True),
        ("python/dynafake/__pycache__/mock.py", 5000, True),
    ],
)
def test_check_file_size_limits(tmp_path: Path, name: str, count: int, passes: bool) -> None:
    write(tmp_path / name, lines(count))
    result = run_tool("check_file_size.py", tmp_path)
    assert result.returncode == (0 if passes else 1), result.stdout
    if not passes:
        assert result.stdout.startswith(f"{name}: {count} lines, over the limit of ")


def test_check_file_size_allowlist(tmp_path: Path) -> None:
    write(tmp_path / "cpp/api/big.cc", lines(900))
    write(tmp_path / "cpp/api/small.cc", lines(10))
    allowlist = tmp_path / "tests/tools/file_size_allowlist.txt"
    write(allowlist, "# comment\ncpp/api/big.cc generated operation table\n")
    result = run_tool("check_file_size.py", tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "check_file_size: 2 files within their line limits\n"

    write(allowlist, "cpp/api/big.cc\ncpp/api/small.cc was big\ncpp/api/gone.cc was big\n")
    result = run_tool("check_file_size.py", tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/tools/file_size_allowlist.txt:1: cpp/api/big.cc needs a one-line reason after the "
        "path",
        "cpp/api/big.cc: 900 lines, over the limit of 800: split it, or list it with a reason in "
        "tests/tools/file_size_allowlist.txt",
        "tests/tools/file_size_allowlist.txt: cpp/api/small.cc is within its limit now: remove the "
        "entry",
        "tests/tools/file_size_allowlist.txt: cpp/api/gone.cc is not a checked file",
        "check_file_size: 4 problem(s)",
    ]
