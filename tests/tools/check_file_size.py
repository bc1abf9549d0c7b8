#!/usr/bin/env python3
"""Checks that no source file outgrows the size limits of the project conventions.

.cc, .h and .py files may have at most 800 lines, test files (*_test.cc, test_*.py, *_test.py,
conftest.py) at most 1,000. A larger file passes only when tests/tools/file_size_allowlist.txt lists
it, one line per file: its path from the repository root, then the reason. An entry for a file that
is missing or back within its limit is reported too, so the list stays true.

Exit status 1 with one line per problem; 0 with a one-line summary.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

DESCRIPTION = "Checks .cc/.h/.py files against the line limits."
REPO_ROOT = Path(__file__).resolve().parents[2]
ALLOWLIST = Path("tests/tools/file_size_allowlist.txt")
SUFFIXES = frozenset({".cc", ".h", ".py"})
LIMIT = 800
TEST_LIMIT = 1000
# Build output and environments at the top of the repository; hidden directories anywhere.
SKIPPED_TOP_DIRECTORIES = frozenset({"build", "dist", "venv"})
SKIPPED_DIRECTORIES = frozenset({"__pycache__", "node_modules"})


def is_test_file(path: Path) -> bool:
    if path.suffix == ".py":
        return path.name.startswith(("test_", "conftest")) or path.stem.endswith("_test")
    return path.stem.endswith("_test")


def limit_for(path: Path) -> int:
    return TEST_LIMIT if is_test_file(path) else LIMIT


def is_skipped_directory(directory: Path, root: Path) -> bool:
    name = directory.name
    if directory.parent == root and name in SKIPPED_TOP_DIRECTORIES:
        return True
    return name.startswith(".") or name in SKIPPED_DIRECTORIES or name.endswith(".egg-info")


def checked_files(directory: Path, root: Path) -> Iterator[Path]:
    """The files to check under directory, without descending into skipped directories."""
    for path in sorted(directory.iterdir()):
        if path.is_dir() and not path.is_symlink():
            if not is_skipped_directory(path, root):
                yield from checked_files(path, root)
        elif path.suffix in SUFFIXES and path.is_file():
            yield path


def count_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8", errors="replace").splitlines())


def measured_files(root: Path) -> dict[str, int]:
    """Line counts of the checked files, by path from root."""
    return {
        path.relative_to(root).as_posix(): count_lines(path) for path in checked_files(root, root)
    }


def read_allowlist(path: Path, problems: list[str]) -> dict[str, str]:
    """Allowlisted paths and their reasons; malformed lines are added to problems."""
    entries: dict[str, str] = {}
    if not path.is_file():
        return entries
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, _, reason = text.replace("\t", " ").partition(" ")
        where = f"{ALLOWLIST.as_posix()}:{number}"
        if not reason.strip():
            problems.append(f"{where}: {name} needs a one-line reason after the path")
        elif name in entries:
            problems.append(f"{where}: {name} is listed twice")
        else:
            entries[name] = reason.strip()
    return entries


def check_tree(root: Path) -> tuple[list[str], int]:
    """Returns the problems found under root and the number of files checked."""
    problems: list[str] = []
    allowlist = read_allowlist(root / ALLOWLIST, problems)
    counts = measured_files(root)
    for name, lines in counts.items():
        limit = limit_for(Path(name))
        if lines > limit and name not in allowlist:
            problems.append(
                f"{name}: {lines} lines, over the limit of {limit}: split it, or list it with a "
                f"reason in {ALLOWLIST.as_posix()}"
            )
    for name in allowlist:
        if name not in counts:
            problems.append(f"{ALLOWLIST.as_posix()}: {name} is not a checked file")
        elif counts[name] <= limit_for(Path(name)):
            problems.append(
                f"{ALLOWLIST.as_posix()}: {name} is within its limit now: remove the entry"
            )
    return problems, len(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    problems, checked = check_tree(root)
    if problems:
        for problem in problems:
            print(problem)
        print(f"check_file_size: {len(problems)} problem(s)")
        return 1
    print(f"check_file_size: {checked} files within their line limits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
