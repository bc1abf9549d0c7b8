"""Numbers: canonical form, precision, range, syntax, and equality by value.

Sources: dynamodb-behaviour.md 2.1 and 2.3 (normalisation table from scylladb alternator's
test_number.py, which runs against the real service). Numbers travel as strings in the
low-level client, so what the service returns is visible exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conformance_support import (
    NUMBER_OVERFLOW,
    NUMBER_UNDERFLOW,
    TOO_MANY_DIGITS,
    TableFactory,
    assert_error,
    s_key,
)

NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
MOTO_NO_CANONICAL_FORM = pytest.mark.moto_differs(reason="moto stores numbers as sent")


def put_number(client: Any, table: str, text: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "k"}, "n": {"N": text}})


def stored_number(client: Any, table: str) -> str:
    item = client.get_item(TableName=table, Key=s_key("k"), ConsistentRead=True)["Item"]
    return str(item["n"]["N"])


CANONICAL = [
    ("0", "0"),
    ("7", "7"),
    ("-5", "-5"),
    ("1000", "1000"),
    ("007", "7"),
    ("001.23", "1.23"),
    ("00", "0"),
    ("+3", "3"),
    ("+0", "0"),
    ("+1.5", "1.5"),
    ("1.0", "1"),
    ("1.10", "1.1"),
    ("100.000", "100"),
    ("0.0", "0"),
    ("0.10", "0.1"),
    ("1e3", "1000"),
    ("1E3", "1000"),
    ("1e+3", "1000"),
    ("5e1", "50"),
    ("-3e2", "-300"),
    ("1.5e2", "150"),
    ("1.23e4", "12300"),
    ("1e-3", "0.001"),
    ("5e-1", "0.5"),
    ("123e-2", "1.23"),
    ("1.0e-1", "0.1"),
    ("1.00e2", "100"),
    ("-0", "0"),
    ("-0.0", "0"),
    ("0e5", "0"),
    ("0e-5", "0"),
    ("0.0e3", "0"),
    (".5", "0.5"),
    ("-.5", "-0.5"),
    ("1e20", "100000000000000000000"),
    ("9.9e10", "99000000000"),
    ("1e-20", "0.00000000000000000001"),
    ("1e125", "1" + "0" * 125),
    ("-17.4E37", "-174" + "0" * 36),
    ("3.14159", "3.14159"),
    ("-273.15", "-273.15"),
]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        pytest.param(
            sent, stored, id=sent, marks=[MOTO_NO_CANONICAL_FORM] if sent != stored else []
        )
        for sent, stored in CANONICAL
    ],
)
def test_canonical_form(client: Any, table: str, sent: str, stored: str) -> None:
    # The canonical form is plain decimal notation, never an exponent.
    put_number(client, table, sent)
    assert stored_number(client, table) == stored


@pytest.mark.parametrize(
    "text",
    [
        "1e-130",
        "-1e-130",
        "9.9999999999999999999999999999999999999e125",
        "-9.9999999999999999999999999999999999999E+125",
        "0.1e126",
        "0e125",
    ],
)
def test_extremes_of_the_range_are_accepted(client: Any, table: str, text: str) -> None:
    put_number(client, table, text)
    assert Decimal(stored_number(client, table)) == Decimal(text)


@pytest.mark.parametrize(
    "text",
    [
        "12345678901234567890123456789012345678",
        "-1.2345678901234567890123456789012345678",
        "3.1415926535897932384626433832795028841",
        "31415926535897932384626433832795028841e30",
        "0.00012345678901234567890123456789012345678",
        "12345678901234567890123456789012345678000",
    ],
    ids=[
        "38-digit-integer",
        "38-digit-fraction",
        "pi-38",
        "38-digits-e30",
        "leading-zeros",
        "trailing-zeros",
    ],
)
def test_38_significant_digits_are_kept(client: Any, table: str, text: str) -> None:
    # Leading and trailing zeros are not significant digits.
    put_number(client, table, text)
    assert Decimal(stored_number(client, table)) == Decimal(text)


def test_38_digit_number_round_trips_exactly(client: Any, table: str) -> None:
    put_number(client, table, "-1.2345678901234567890123456789012345678")
    assert stored_number(client, table) == "-1.2345678901234567890123456789012345678"


@pytest.mark.moto_differs(reason="moto does not limit significant digits")
@pytest.mark.parametrize(
    "text",
    [
        "123456789012345678901234567890123456789",
        "-1.23456789012345678901234567890123456789",
        "3.14159265358979323846264338327950288419",
        "314159265358979323846264338327950288419e30",
    ],
)
def test_39_significant_digits(client: Any, table: str, text: str) -> None:
    assert_error(
        "ValidationException",
        TOO_MANY_DIGITS,
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "n": {"N": text}},
    )


MOTO_126 = pytest.mark.moto_differs(reason="moto accepts an exponent of exactly 126")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("1e126", NUMBER_OVERFLOW, marks=MOTO_126),
        pytest.param("-1e126", NUMBER_OVERFLOW, marks=MOTO_126),
        ("11e125", NUMBER_OVERFLOW),
        ("1e200", NUMBER_OVERFLOW),
        ("1e-131", NUMBER_UNDERFLOW),
        ("-1e-131", NUMBER_UNDERFLOW),
        ("0.9e-130", NUMBER_UNDERFLOW),
    ],
)
def test_out_of_range(client: Any, table: str, text: str, message: str) -> None:
    assert_error(
        "ValidationException",
        message,
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "n": {"N": text}},
    )


@MOTO_126
def test_zero_with_exponent_126_is_an_overflow(client: Any, table: str) -> None:
    # DynamoDB inconsistency: 0e126 is rejected, although it is zero...
    assert_error(
        "ValidationException",
        NUMBER_OVERFLOW,
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "n": {"N": "0e126"}},
    )


@MOTO_NO_CANONICAL_FORM
def test_zero_point_zero_with_exponent_126_is_zero(client: Any, table: str) -> None:
    # ...while 0.0e126 is accepted and stored as 0.
    put_number(client, table, "0.0e126")
    assert stored_number(client, table) == "0"


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        "-NaN",
        "Infinity",
        "-Infinity",
        "inf",
        "dog",
        "-dog",
        " 1",
        "1 ",
        "1e",
        "1.2.3",
        "0x10",
        "1,5",
        "--1",
    ],
)
def test_not_a_number(client: Any, table: str, text: str) -> None:
    assert_error(
        "ValidationException",
        f"{NOT_NUMERIC}: {text}",
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "n": {"N": text}},
    )


@pytest.mark.moto_differs(reason="moto appends ': ' to the message for an empty number")
def test_empty_number(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        NOT_NUMERIC,
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "n": {"N": ""}},
    )


MOTO_NESTED = pytest.mark.moto_differs(reason="moto does not check numbers in lists and sets")


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"L": [{"N": "1"}, {"N": "dog"}]}, marks=MOTO_NESTED),
        {"M": {"a": {"M": {"b": {"N": "dog"}}}}},
        pytest.param({"NS": ["1", "dog"]}, marks=MOTO_NESTED),
    ],
    ids=["in-list", "in-map", "in-number-set"],
)
def test_not_a_number_nested(client: Any, table: str, value: dict[str, Any]) -> None:
    assert_error(
        "ValidationException",
        f"{NOT_NUMERIC}: dog",
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "v": value},
    )


@MOTO_NESTED
def test_overflow_nested_in_a_map(client: Any, table: str) -> None:
    assert_error(
        "ValidationException",
        NUMBER_OVERFLOW,
        client.put_item,
        TableName=table,
        Item={"pk": {"S": "k"}, "m": {"M": {"x": {"L": [{"N": "1e126"}]}}}},
    )


@MOTO_NO_CANONICAL_FORM
def test_nested_numbers_are_canonical(client: Any, table: str) -> None:
    client.put_item(
        TableName=table,
        Item={
            "pk": {"S": "k"},
            "l": {"L": [{"N": "1e3"}, {"M": {"x": {"N": "+0.50"}}}]},
            "ns": {"NS": ["1.50", "2e1", "-0.0"]},
        },
    )
    item = client.get_item(TableName=table, Key=s_key("k"), ConsistentRead=True)["Item"]
    assert item["l"] == {"L": [{"N": "1000"}, {"M": {"x": {"N": "0.5"}}}]}
    assert set(item["ns"]["NS"]) == {"1.5", "20", "0"}


# --- numbers as keys -----------------------------------------------------------------------------


@pytest.fixture
def number_table(make_table: TableFactory) -> str:
    return make_table(hash=("id", "N"))


@pytest.mark.moto_differs(reason="moto compares number keys as text")
@pytest.mark.parametrize("lookup", ["1000", "1e3", "1E+3", "1000.0", "001000", "+1000", "10e2"])
def test_number_hash_key_is_compared_by_value(client: Any, number_table: str, lookup: str) -> None:
    client.put_item(TableName=number_table, Item={"id": {"N": "1e3"}, "v": {"S": "x"}})
    item = client.get_item(TableName=number_table, Key={"id": {"N": lookup}})["Item"]
    assert item == {"id": {"N": "1000"}, "v": {"S": "x"}}


@pytest.mark.moto_differs(reason="moto compares number keys as text")
def test_number_hash_key_overwrite_by_other_spelling(client: Any, number_table: str) -> None:
    client.put_item(TableName=number_table, Item={"id": {"N": "1000"}, "v": {"S": "first"}})
    client.put_item(TableName=number_table, Item={"id": {"N": "1e3"}, "v": {"S": "second"}})
    # Had the second put created another item, reading "1000" would still find "first".
    item = client.get_item(TableName=number_table, Key={"id": {"N": "1000"}}, ConsistentRead=True)
    assert item["Item"] == {"id": {"N": "1000"}, "v": {"S": "second"}}


@pytest.mark.moto_differs(reason="moto compares number keys as text")
def test_number_range_key_is_compared_by_value(client: Any, make_table: TableFactory) -> None:
    name = make_table(range=("n", "N"))
    client.put_item(TableName=name, Item={"pk": {"S": "p"}, "n": {"N": "0.5"}, "v": {"S": "a"}})
    client.put_item(TableName=name, Item={"pk": {"S": "p"}, "n": {"N": "5e-1"}, "v": {"S": "b"}})
    item = client.get_item(TableName=name, Key={"pk": {"S": "p"}, "n": {"N": ".50"}})["Item"]
    assert item == {"pk": {"S": "p"}, "n": {"N": "0.5"}, "v": {"S": "b"}}


def test_delete_by_other_spelling(client: Any, number_table: str) -> None:
    client.put_item(TableName=number_table, Item={"id": {"N": "-25"}})
    client.delete_item(TableName=number_table, Key={"id": {"N": "-2.5e1"}})
    assert "Item" not in client.get_item(
        TableName=number_table, Key={"id": {"N": "-25"}}, ConsistentRead=True
    )


@pytest.mark.moto_differs(reason="moto fails internally on a non-numeric number key")
def test_invalid_number_key_in_get(client: Any, number_table: str) -> None:
    assert_error(
        "ValidationException",
        f"{NOT_NUMERIC}: dog",
        client.get_item,
        TableName=number_table,
        Key={"id": {"N": "dog"}},
    )


def test_38_digit_number_key(client: Any, number_table: str) -> None:
    # Number keys are not length-checked, only bounded by precision.
    key = {"id": {"N": "-" + "9" * 38}}
    client.put_item(TableName=number_table, Item=key)
    assert client.get_item(TableName=number_table, Key=key)["Item"] == key
