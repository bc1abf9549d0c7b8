"""Sort-key order: numbers by value across magnitudes and signs, strings by their UTF-8 bytes
compared unsigned (code-point order, not UTF-16), binaries by unsigned bytes, a prefix before
its extensions; in both directions, on a table sort key and on a global secondary index sort key,
and the same order behind the range operators of a key condition.

Sources: dynamodb-behaviour.md 2.3 (the number range) and 3.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conformance_support import (
    TableFactory,
    index_spec,
    make_indexed_table,
    put_items,
)

# Ascending. Written as sent: the service returns numbers in canonical form, compared by value.
NUMBERS = [
    "-9.9999999999999999999999999999999999999E+125",
    "-1E+125",
    "-100",
    "-1",
    "-0.5",
    "-1E-130",
    "0",
    "1E-130",
    "0.1",
    "0.10000000000000000000000000000000000001",  # 38 significant digits
    "0.5",
    "1",
    "1.5",
    "2",
    "10",
    "100",
    "12345678901234567890123456789012345678",
    "12345678901234567890123456789012345679",
    "1E+125",
    "9.9999999999999999999999999999999999999E+125",
]
# Ascending by UTF-8 bytes; UTF-16 order would put the two astral characters before U+E000.
STRINGS = [
    "A",
    "Z",
    "a",
    "ab",
    "abc",
    "b",
    "z",
    "\x7f",
    "\u0080",
    "é",
    "ÿ",
    "\u0800",
    "\ud7ff",
    "\ue000",
    "\uffff",
    "\U0001d11e",
    "\U0001f600",
]
BINARIES = [
    b"\x00",
    b"\x00\x00",
    b"\x00\x01",
    b"\x01",
    b"\x7f",
    b"\x7f\xff",
    b"\x80",
    b"\x80\x00",
    b"\xfe",
    b"\xff",
    b"\xff\x00",
    b"\xff\xff",
]
SORTED: dict[str, list[Any]] = {"N": NUMBERS, "S": STRINGS, "B": BINARIES}


def wire_value(kind: str, value: Any) -> dict[str, Any]:
    return {kind: value}


def comparable(kind: str, wire: dict[str, Any]) -> Any:
    """A returned sort key in a form that compares with the expected list's entries."""
    value = wire[kind]
    return Decimal(value) if kind == "N" else value


def expected_values(kind: str, values: list[Any]) -> list[Any]:
    return [Decimal(v) for v in values] if kind == "N" else list(values)


def shuffled(values: list[Any]) -> list[Any]:
    """A fixed permutation, so insertion order never matches key order by accident."""
    return [values[(i * 7) % len(values)] for i in range(len(values))]


def test_the_lists_are_in_the_documented_order() -> None:
    assert len(set(NUMBERS)) == len(NUMBERS)
    assert [Decimal(v) for v in NUMBERS] == sorted(Decimal(v) for v in NUMBERS)
    assert sorted(STRINGS, key=lambda s: s.encode()) == STRINGS
    assert sorted(STRINGS, key=lambda s: s.encode("utf-16-be")) != STRINGS
    assert sorted(BINARIES) == BINARIES
    assert all(len(values) % 7 != 0 for values in SORTED.values())  # shuffled() is a permutation


def table_with_sort_key(client: Any, make_table: TableFactory, kind: str) -> str:
    name = make_table(range=("sk", kind))
    items = [{"pk": {"S": "p"}, "sk": wire_value(kind, value)} for value in shuffled(SORTED[kind])]
    put_items(client, name, items)
    return name


def table_with_index_sort_key(client: Any, make_table: TableFactory, kind: str) -> str:
    name = make_indexed_table(
        make_table,
        attributes={"g": "S", "gsk": kind},
        gsis=[index_spec("by_g", "g", "gsk")],
    )
    items = [
        {"pk": {"S": f"item{i:02}"}, "g": {"S": "g"}, "gsk": wire_value(kind, value)}
        for i, value in enumerate(shuffled(SORTED[kind]))
    ]
    put_items(client, name, items)
    return name


@pytest.mark.parametrize("forward", [True, False], ids=["ascending", "descending"])
@pytest.mark.parametrize("kind", ["N", "S", "B"])
def test_table_sort_key_order(
    client: Any, make_table: TableFactory, kind: str, forward: bool
) -> None:
    name = table_with_sort_key(client, make_table, kind)
    response = client.query(
        TableName=name,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
        ScanIndexForward=forward,
    )
    expected = expected_values(kind, SORTED[kind])
    if not forward:
        expected.reverse()
    assert [comparable(kind, item["sk"]) for item in response["Items"]] == expected


@pytest.mark.parametrize("forward", [True, False], ids=["ascending", "descending"])
@pytest.mark.parametrize("kind", ["N", "S", "B"])
def test_index_sort_key_order(
    client: Any, make_table: TableFactory, kind: str, forward: bool
) -> None:
    name = table_with_index_sort_key(client, make_table, kind)
    response = client.query(
        TableName=name,
        IndexName="by_g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "g"}},
        ScanIndexForward=forward,
    )
    expected = expected_values(kind, SORTED[kind])
    if not forward:
        expected.reverse()
    assert [comparable(kind, item["gsk"]) for item in response["Items"]] == expected


@pytest.mark.moto_differs(reason="moto stores numbers as sent")
def test_numbers_come_back_in_canonical_form(client: Any, make_table: TableFactory) -> None:
    name = table_with_sort_key(client, make_table, "N")
    response = client.query(
        TableName=name,
        KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues={
            ":p": {"S": "p"},
            ":lo": {"N": "-1e-130"},
            ":hi": {"N": "1e-130"},
        },
    )
    tiny = "0." + "0" * 129 + "1"
    assert [item["sk"]["N"] for item in response["Items"]] == ["-" + tiny, "0", tiny]


RANGE_CASES = [
    ("N", "sk < :v", {"N": "0"}, NUMBERS[:6]),
    ("N", "sk > :v", {"N": "1.2345678901234567890123456789012345678E+37"}, NUMBERS[17:]),
    ("N", "sk >= :v", {"N": "0.1"}, NUMBERS[8:]),
    ("N", "sk BETWEEN :v AND :w", {"N": "-1"}, NUMBERS[3:9]),
    ("S", "sk > :v", {"S": "z"}, STRINGS[7:]),
    ("S", "sk < :v", {"S": "\ue000"}, STRINGS[:13]),
    ("S", "sk >= :v", {"S": "\U0001d11e"}, STRINGS[15:]),
    ("S", "begins_with(sk, :v)", {"S": "a"}, ["a", "ab", "abc"]),
    ("B", "sk > :v", {"B": b"\x7f\xff"}, BINARIES[6:]),
    ("B", "sk < :v", {"B": b"\x01"}, BINARIES[:3]),
    ("B", "begins_with(sk, :v)", {"B": b"\xff"}, BINARIES[9:]),
    ("B", "sk BETWEEN :v AND :w", {"B": b"\x00\x01"}, BINARIES[2:8]),
]
UPPER_BOUNDS = {"N": {"N": "0.1"}, "B": {"B": b"\x80\x00"}}


@pytest.mark.parametrize(
    "range_case", [pytest.param(case, id=f"{case[0]}: {case[1]} {case[2]}") for case in RANGE_CASES]
)
def test_range_operators_follow_the_order(
    client: Any, make_table: TableFactory, range_case: tuple[str, str, dict[str, Any], list[Any]]
) -> None:
    kind, condition, value, expected = range_case
    name = table_with_sort_key(client, make_table, kind)
    values = {":p": {"S": "p"}, ":v": value}
    if ":w" in condition:
        values[":w"] = UPPER_BOUNDS[kind]
    response = client.query(
        TableName=name,
        KeyConditionExpression=f"pk = :p AND {condition}",
        ExpressionAttributeValues=values,
    )
    assert [comparable(kind, item["sk"]) for item in response["Items"]] == expected_values(
        kind, expected
    )
