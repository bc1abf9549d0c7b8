#!/usr/bin/env python3
"""Checks every #include under cpp/ against the dependency matrix (architecture, section 5).

A file's module is the first directory under cpp/ (cpp/include/dynafake/ is the public API).
Standard and system headers and util/ may be included everywhere except from the public API; the
public headers dynafake/status.h and dynafake/clock.h everywhere; a module includes another only
along its row of the matrix. Third-party headers are confined: LevelDB to
storage/leveldb_store.cc, nlohmann to wire/, pybind11 to pybind/, GoogleTest to tests
(*_test.cc, *_test_util.h), which may also wire up any module below pybind/. pybind/ sees only
the public API, pybind11 and the standard library.

Exit status 1 with one line per violation; 0 with a one-line summary.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DESCRIPTION = "Checks every #include under cpp/ against the dependency matrix."
REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_SUFFIXES = frozenset({".h", ".hpp", ".cc", ".cpp"})
INCLUDE_PATTERN = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

PUBLIC_MODULE = "include"
PUBLIC_PREFIX = "dynafake"
# Public headers every module may include; engine/, pybind/ and the public API itself see them all.
PUBLIC_EVERYWHERE = frozenset({"dynafake/status.h", "dynafake/clock.h"})
SEES_ALL_PUBLIC = frozenset({"engine", "pybind", PUBLIC_MODULE})

# The dependency matrix: module -> the other cpp/ modules it may include besides util/.
MATRIX: dict[str, frozenset[str]] = {
    "util": frozenset(),
    "model": frozenset(),
    "storage": frozenset(),
    "expr": frozenset({"model"}),
    "capacity": frozenset({"model"}),
    "table": frozenset({"storage", "expr", "model"}),
    "txn": frozenset({"table", "expr", "model"}),
    "streams": frozenset({"table", "storage", "model"}),
    "ttl": frozenset({"table", "model"}),
    "backup": frozenset({"table", "storage", "model"}),
    "wire": frozenset({"model"}),
    "api": frozenset(
        {"wire", "txn", "streams", "ttl", "backup", "table", "capacity", "expr", "model"}
    ),
}
# engine/ is the composition root: every module but pybind/. pybind/ and the public API include
# no module at all (not even util/).
SPECIAL_MODULES = frozenset({"engine", "pybind", PUBLIC_MODULE})

# Angle-bracket directories that belong to the C library and the operating system.
SYSTEM_DIRECTORIES = frozenset({"sys", "arpa", "netinet", "net", "linux"})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    header: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: #include {self.header}: {self.reason}"


def module_of(relative: Path) -> str:
    """The module of a file given relative to cpp/: its first directory ("" when at the top)."""
    return relative.parts[0] if len(relative.parts) > 1 else ""


def is_test_file(relative: Path) -> bool:
    """Tests and their helpers (`foo_test.cc`, `foo_test_util.h`) are not part of any library."""
    return relative.stem.endswith(("_test", "_test_util"))


def third_party_rule(library: str, relative: Path) -> str | None:
    """Why `relative` may not include `library`'s headers, or None when it may."""
    module = module_of(relative)
    if library == "leveldb":
        allowed = relative.as_posix() == "storage/leveldb_store.cc"
        return None if allowed else "LevelDB is included only by storage/leveldb_store.cc"
    if library == "nlohmann":
        return None if module == "wire" else "the JSON library is included only in wire/"
    if library == "pybind11":
        return None if module == "pybind" else "pybind11 is included only in pybind/"
    if library in ("gtest", "gmock"):
        return None if is_test_file(relative) else "GoogleTest is included only by *_test.cc"
    return f"unknown library <{library}/...>: add it to the rules in {Path(__file__).name}"


def module_rule(target: str, relative: Path) -> str | None:
    """Why `relative` may not include a header of module `target`, or None when it may."""
    module = module_of(relative)
    if target == module:
        return None
    # A test may wire up any engine module below pybind/ (e.g. a store under an api/ handler).
    if is_test_file(relative) and module not in (PUBLIC_MODULE, "pybind") and target != "pybind":
        return None
    if module in (PUBLIC_MODULE, "pybind"):
        return f"{module}/ includes only the public API <dynafake/...> and the standard library"
    if target == "util":
        return None
    if module == "engine":
        return None if target != "pybind" else "engine/ may not include pybind/"
    if module not in MATRIX:
        return f"module {module or '(top level)'}/ is not in the dependency matrix"
    if target in MATRIX[module]:
        return None
    return f"{module}/ may not include {target}/"


def public_rule(header: str, relative: Path) -> str | None:
    module = module_of(relative)
    if module in SEES_ALL_PUBLIC or header in PUBLIC_EVERYWHERE:
        return None
    allowed = ", ".join(sorted(PUBLIC_EVERYWHERE))
    return f"{module}/ may include only {allowed} of the public API"


def check_include(
    delimiter: str, header: str, relative: Path, modules: frozenset[str]
) -> str | None:
    """Why this include breaks the rules, or None when it follows them."""
    parts = header.split("/")
    if ".." in parts or header.startswith("/"):
        return "include paths are written from cpp/ or cpp/include/, without '..'"
    first = parts[0]
    if len(parts) > 1 and first == PUBLIC_PREFIX:
        return public_rule(header, relative)
    if len(parts) > 1 and first in modules:
        return module_rule(first, relative)
    if delimiter == '"':
        return "quoted includes name a header by its path under cpp/ or cpp/include/"
    if len(parts) == 1 or first in SYSTEM_DIRECTORIES:
        return None
    return third_party_rule(first, relative)


def source_files(cpp: Path) -> list[Path]:
    return sorted(
        path for path in cpp.rglob("*") if path.is_file() and path.suffix in SOURCE_SUFFIXES
    )


def check_tree(root: Path) -> tuple[list[Violation], int, int]:
    """Returns the violations under root/cpp, and the numbers of includes and files checked."""
    cpp = root / "cpp"
    modules = frozenset(
        path.name for path in cpp.iterdir() if path.is_dir() and path.name != PUBLIC_MODULE
    )
    violations: list[Violation] = []
    includes = 0
    files = source_files(cpp)
    for path in files:
        relative = path.relative_to(cpp)
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = INCLUDE_PATTERN.match(line)
            if match is None:
                continue
            includes += 1
            delimiter, header = match.groups()
            reason = check_include(delimiter, header, relative, modules)
            if reason is not None:
                shown = f'"{header}"' if delimiter == '"' else f"<{header}>"
                location = path.relative_to(root).as_posix()
                violations.append(Violation(location, number, shown, reason))
    return violations, includes, len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    if not (root / "cpp").is_dir():
        print(f"check_layers: no cpp/ directory under {root}", file=sys.stderr)
        return 2
    violations, includes, files = check_tree(root)
    if violations:
        for violation in violations:
            print(violation)
        print(f"check_layers: {len(violations)} include(s) break the dependency matrix")
        return 1
    print(f"check_layers: {includes} includes in {files} files follow the dependency matrix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
