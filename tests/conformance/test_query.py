"""Query on a table: every sort-key operator on S, N and B keys, the key on either side of the
comparison, ScanIndexForward, Limit, Select, ProjectionExpression and AttributesToGet,
FilterExpression (Count against ScannedCount), the legacy KeyConditions / QueryFilter /
ConditionalOperator, ConsistentRead and ReturnConsumedCapacity.

Sources: dynamodb-behaviour.md 3, 4.6, 5.6 and 7.1 (units per page: the bytes of every item read,
before the filter and the projection, rounded up once to 4 KB, halved when eventually
consistent, at least one unit).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conformance_support import (
    Raw,
    TableFactory,
    item_size,
    padded_item,
    plain,
    put_items,
    read_units,
    wire,
    wire_item,
)

S_KEYS: list[Any] = ["a", "ab", "abc", "b", "ba", "c"]
N_KEYS: list[Any] = [Decimal(v) for v in ("-10", "-1.5", "0", "2", "10", "100")]
B_KEYS: list[Any] = [b"\x00", b"\x01", b"\x01\x02", b"\x7f", b"\x80", b"\xff"]
KEYS = {"S": S_KEYS, "N": N_KEYS, "B": B_KEYS}
MOTO_UNITS = pytest.mark.moto_differs(reason="moto does not size Query pages like the service")
MOTO_KEY_ON_THE_RIGHT = pytest.mark.moto_differs(
    reason="moto rejects a key condition with the value on the left"
)
MOTO_LEGACY = pytest.mark.moto_differs(
    reason="moto ignores AttributesToGet and repeats items under QueryFilter in Query"
)


def stored(pk: str, sk: Any, position: int) -> dict[str, Any]:
    return {"pk": pk, "sk": sk, "n": position}


def typed_table(client: Any, make_table: TableFactory, kind: str) -> str:
    """A table keyed pk (S) + sk of ``kind``, holding partition 'p' (the keys in order, ``n`` =
    position) between neighbours 'o' and 'q' with the same sort keys."""
    name = make_table(range=("sk", kind))
    items = [
        stored(pk, sk, position) for pk in ("o", "p", "q") for position, sk in enumerate(KEYS[kind])
    ]
    put_items(client, name, [wire_item(item) for item in items])
    return name


def query(client: Any, table: str, condition: str, values: dict[str, Any], **extra: Any) -> Any:
    return client.query(
        TableName=table,
        KeyConditionExpression=condition,
        ExpressionAttributeValues={name: wire(v) for name, v in values.items()},
        **extra,
    )


def sort_keys(response: dict[str, Any]) -> list[Any]:
    return [plain(item)["sk"] for item in response["Items"]]


def case(kind: str, condition: str, values: dict[str, Any], positions: list[int]) -> Any:
    shown = " ".join(f"{k}={v!r}" for k, v in values.items())
    marks = [MOTO_KEY_ON_THE_RIGHT] if condition.startswith(":") else []
    return pytest.param(
        (kind, condition, values, positions), id=f"{kind}: {condition} {shown}", marks=marks
    )


OPERATOR_CASES = [
    case("S", "sk = :a", {":a": "ab"}, [1]),
    case("S", "sk = :a", {":a": "zz"}, []),
    case("S", "sk < :a", {":a": "b"}, [0, 1, 2]),
    case("S", "sk <= :a", {":a": "b"}, [0, 1, 2, 3]),
    case("S", "sk > :a", {":a": "ab"}, [2, 3, 4, 5]),
    case("S", "sk >= :a", {":a": "b"}, [3, 4, 5]),
    case("S", "sk BETWEEN :a AND :b", {":a": "ab", ":b": "b"}, [1, 2, 3]),
    case("S", "sk between :a and :b", {":a": "a", ":b": "a"}, [0]),
    case("S", "sk BETWEEN :a AND :b", {":a": "aa", ":b": "az"}, [1, 2]),
    case("S", "begins_with(sk, :a)", {":a": "ab"}, [1, 2]),
    case("S", "begins_with(sk, :a)", {":a": "b"}, [3, 4]),
    case("S", "begins_with(sk, :a)", {":a": "abcd"}, []),
    case("S", ":a = sk", {":a": "ba"}, [4]),
    case("S", ":a > sk", {":a": "b"}, [0, 1, 2]),
    case("S", ":a <= sk", {":a": "b"}, [3, 4, 5]),
    case("N", "sk = :a", {":a": Decimal(2)}, [3]),
    case("N", "sk = :a", {":a": Raw({"N": "2.000"})}, [3]),
    case("N", "sk = :a", {":a": Raw({"N": "1e2"})}, [5]),
    case("N", "sk < :a", {":a": Decimal(0)}, [0, 1]),
    case("N", "sk < :a", {":a": Decimal(9)}, [0, 1, 2, 3]),  # not "10" < "9"
    case("N", "sk <= :a", {":a": Decimal(0)}, [0, 1, 2]),
    case("N", "sk > :a", {":a": Decimal("-1.5")}, [2, 3, 4, 5]),
    case("N", "sk > :a", {":a": Raw({"N": "1e1"})}, [5]),
    case("N", "sk >= :a", {":a": Decimal(10)}, [4, 5]),
    case("N", "sk BETWEEN :a AND :b", {":a": Decimal("-1.5"), ":b": Decimal(10)}, [1, 2, 3, 4]),
    case("N", "sk BETWEEN :a AND :b", {":a": Decimal("-9.99"), ":b": Decimal("-0.01")}, [1]),
    case("N", ":a < sk", {":a": Decimal(2)}, [4, 5]),
    case("B", "sk = :a", {":a": b"\x01"}, [1]),
    case("B", "sk < :a", {":a": b"\x7f"}, [0, 1, 2]),
    case("B", "sk <= :a", {":a": b"\x80"}, [0, 1, 2, 3, 4]),
    case("B", "sk > :a", {":a": b"\x01"}, [2, 3, 4, 5]),
    case("B", "sk > :a", {":a": b"\x7f"}, [4, 5]),  # unsigned: 0x80 after 0x7F
    case("B", "sk >= :a", {":a": b"\x80"}, [4, 5]),
    case("B", "sk BETWEEN :a AND :b", {":a": b"\x01", ":b": b"\x7f"}, [1, 2, 3]),
    case("B", "begins_with(sk, :a)", {":a": b"\x01"}, [1, 2]),
    case("B", "begins_with(sk, :a)", {":a": b"\xff"}, [5]),
    case("B", ":a >= sk", {":a": b"\x01\x02"}, [0, 1, 2]),
]


@pytest.mark.parametrize("operator_case", OPERATOR_CASES)
def test_sort_key_operator(
    client: Any, make_table: TableFactory, operator_case: tuple[str, str, dict[str, Any], list[int]]
) -> None:
    kind, condition, values, positions = operator_case
    name = typed_table(client, make_table, kind)
    expected = [stored("p", KEYS[kind][i], i) for i in positions]
    for forward in (True, False):
        response = query(
            client,
            name,
            f"pk = :p AND {condition}",
            {":p": "p", **values},
            ScanIndexForward=forward,
        )
        assert [plain(item) for item in response["Items"]] == (
            expected if forward else expected[::-1]
        )
        assert response["Count"] == len(expected)
        assert response["ScannedCount"] == len(expected)
        assert "LastEvaluatedKey" not in response


@pytest.mark.parametrize(
    ("condition", "names"),
    [
        ("pk = :p", None),
        pytest.param(":p = pk", None, marks=MOTO_KEY_ON_THE_RIGHT),
        ("#k = :p", {"#k": "pk"}),
        ("(pk = :p)", None),
        ("pk = :p AND sk >= :a", None),
        ("sk >= :a AND pk = :p", None),
        pytest.param(":a <= sk AND :p = pk", None, marks=MOTO_KEY_ON_THE_RIGHT),
        ("#k = :p AND #s >= :a", {"#k": "pk", "#s": "sk"}),
    ],
)
def test_partition_condition_forms(
    client: Any, make_table: TableFactory, condition: str, names: dict[str, str] | None
) -> None:
    name = typed_table(client, make_table, "S")
    values = {":p": "p", ":a": "a"} if ":a" in condition else {":p": "p"}
    extra = {"ExpressionAttributeNames": names} if names else {}
    response = query(client, name, condition, values, **extra)
    assert sort_keys(response) == S_KEYS


def test_only_the_queried_partition(client: Any, composite_table: str) -> None:
    put_items(
        client,
        composite_table,
        [wire_item({"pk": pk, "sk": sk}) for pk in ("a", "aa", "b", "ab") for sk in ("1", "2")],
    )
    response = query(client, composite_table, "pk = :p", {":p": "a"})
    assert [plain(item) for item in response["Items"]] == [
        {"pk": "a", "sk": "1"},
        {"pk": "a", "sk": "2"},
    ]


def test_unknown_partition_is_empty(client: Any, composite_table: str) -> None:
    response = query(client, composite_table, "pk = :p", {":p": "nothing"})
    assert response["Items"] == []
    assert (response["Count"], response["ScannedCount"]) == (0, 0)
    assert "LastEvaluatedKey" not in response


def test_hash_only_table(client: Any, table: str) -> None:
    put_items(client, table, [wire_item({"pk": k, "v": i}) for i, k in enumerate("abc")])
    response = query(client, table, "pk = :p", {":p": "b"})
    assert [plain(item) for item in response["Items"]] == [{"pk": "b", "v": 1}]


def test_numeric_partition_key_matches_by_value(client: Any, make_table: TableFactory) -> None:
    name = make_table(hash=("pk", "N"), range=("sk", "S"))
    client.put_item(TableName=name, Item={"pk": {"N": "1000"}, "sk": {"S": "x"}})
    response = query(client, name, "pk = :p", {":p": Raw({"N": "1e3"})})
    assert response["Items"] == [{"pk": {"N": "1000"}, "sk": {"S": "x"}}]


# --- Limit, Select, projection, filter ----------------------------------------------------------


@pytest.fixture
def six(client: Any, composite_table: str) -> str:
    """Partition 'p' with sort keys a..f; item i has n = i and tag 'even'/'odd'."""
    items = [
        {"pk": "p", "sk": sk, "n": i, "tag": "even" if i % 2 == 0 else "odd", "extra": {"x": i}}
        for i, sk in enumerate("abcdef")
    ]
    put_items(client, composite_table, [wire_item(item) for item in items])
    return composite_table


def test_limit_stops_and_returns_the_last_key(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, Limit=2)
    assert sort_keys(response) == ["a", "b"]
    assert (response["Count"], response["ScannedCount"]) == (2, 2)
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "b"}}


def test_limit_reverse(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, Limit=2, ScanIndexForward=False)
    assert sort_keys(response) == ["f", "e"]
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "e"}}


def test_limit_larger_than_the_result(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, Limit=7)
    assert sort_keys(response) == list("abcdef")
    assert "LastEvaluatedKey" not in response


def test_start_key_need_not_exist(client: Any, six: str) -> None:
    start = {"pk": {"S": "p"}, "sk": {"S": "bb"}}
    forward = query(client, six, "pk = :p", {":p": "p"}, ExclusiveStartKey=start)
    assert sort_keys(forward) == list("cdef")
    reverse = query(
        client, six, "pk = :p", {":p": "p"}, ExclusiveStartKey=start, ScanIndexForward=False
    )
    assert sort_keys(reverse) == ["b", "a"]


def test_start_key_with_a_sort_key_condition(client: Any, six: str) -> None:
    response = query(
        client,
        six,
        "pk = :p AND sk BETWEEN :lo AND :hi",
        {":p": "p", ":lo": "b", ":hi": "e"},
        ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"S": "c"}},
    )
    assert sort_keys(response) == ["d", "e"]


def test_filter_counts_after_reading(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p", ":t": "even"}, FilterExpression="tag = :t")
    assert sort_keys(response) == ["a", "c", "e"]
    assert (response["Count"], response["ScannedCount"]) == (3, 6)
    assert "LastEvaluatedKey" not in response


def test_limit_applies_before_the_filter(client: Any, six: str) -> None:
    response = query(
        client, six, "pk = :p", {":p": "p", ":t": "odd"}, FilterExpression="tag = :t", Limit=3
    )
    assert sort_keys(response) == ["b"]
    assert (response["Count"], response["ScannedCount"]) == (1, 3)
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "c"}}


def test_filter_matching_nothing(client: Any, six: str) -> None:
    response = query(
        client, six, "pk = :p", {":p": "p", ":t": "none"}, FilterExpression="tag = :t", Limit=4
    )
    assert response["Items"] == []
    assert (response["Count"], response["ScannedCount"]) == (0, 4)
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "d"}}


def test_filter_on_nested_and_missing_attributes(client: Any, six: str) -> None:
    response = query(
        client,
        six,
        "pk = :p",
        {":p": "p", ":x": 3},
        FilterExpression="extra.x >= :x OR attribute_exists(gone)",
    )
    assert sort_keys(response) == ["d", "e", "f"]


@pytest.mark.parametrize("select", [None, "ALL_ATTRIBUTES"])
def test_select_all_attributes(client: Any, six: str, select: str | None) -> None:
    extra = {"Select": select} if select else {}
    response = query(client, six, "pk = :p AND sk = :s", {":p": "p", ":s": "b"}, **extra)
    assert [plain(item) for item in response["Items"]] == [
        {"pk": "p", "sk": "b", "n": 1, "tag": "odd", "extra": {"x": 1}}
    ]


def test_select_count(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, Select="COUNT")
    assert "Items" not in response
    assert (response["Count"], response["ScannedCount"]) == (6, 6)


def test_select_count_with_filter_and_limit(client: Any, six: str) -> None:
    response = query(
        client,
        six,
        "pk = :p",
        {":p": "p", ":t": "even"},
        FilterExpression="tag = :t",
        Select="COUNT",
        Limit=4,
    )
    assert "Items" not in response
    assert (response["Count"], response["ScannedCount"]) == (2, 4)
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "d"}}


@pytest.mark.parametrize("select", [None, "SPECIFIC_ATTRIBUTES"])
def test_projection_expression(client: Any, six: str, select: str | None) -> None:
    extra = {"Select": select} if select else {}
    response = query(
        client, six, "pk = :p", {":p": "p"}, ProjectionExpression="n, extra.x, gone", **extra
    )
    assert [plain(item) for item in response["Items"]] == [
        {"n": i, "extra": {"x": i}} for i in range(6)
    ]


def test_projection_keeps_the_last_key_whole(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, ProjectionExpression="tag", Limit=1)
    assert [plain(item) for item in response["Items"]] == [{"tag": "even"}]
    assert response["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "a"}}


def test_projection_of_nested_paths_with_names(client: Any, composite_table: str) -> None:
    item = {"pk": "p", "sk": "s", "a": {"b": [1, {"c": "x", "d": "y"}], "e": 2}, "name": "r"}
    client.put_item(TableName=composite_table, Item=wire_item(item))
    response = query(
        client,
        composite_table,
        "pk = :p",
        {":p": "p"},
        ProjectionExpression="#a.b[1].c, #n, sk",
        ExpressionAttributeNames={"#a": "a", "#n": "name"},
    )
    assert [plain(i) for i in response["Items"]] == [
        {"a": {"b": [{"c": "x"}]}, "name": "r", "sk": "s"}
    ]


def test_projection_with_nothing_left_gives_empty_items(client: Any, six: str) -> None:
    response = query(client, six, "pk = :p", {":p": "p"}, ProjectionExpression="gone", Limit=2)
    assert response["Items"] == [{}, {}]


@MOTO_LEGACY
def test_attributes_to_get(client: Any, six: str) -> None:
    response = client.query(
        TableName=six,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [wire("p")]}},
        AttributesToGet=["sk", "tag", "gone"],
        Limit=2,
    )
    assert [plain(item) for item in response["Items"]] == [
        {"sk": "a", "tag": "even"},
        {"sk": "b", "tag": "odd"},
    ]


def test_consistent_read_sees_the_same_items(client: Any, six: str) -> None:
    eventual = query(client, six, "pk = :p", {":p": "p"}, ConsistentRead=False)
    strong = query(client, six, "pk = :p", {":p": "p"}, ConsistentRead=True)
    assert strong["Items"] == eventual["Items"]
    assert sort_keys(strong) == list("abcdef")


def test_resource_api_key_conditions(resource: Any, six: str) -> None:
    from boto3.dynamodb.conditions import Attr, Key

    response = resource.Table(six).query(
        KeyConditionExpression=Key("pk").eq("p") & Key("sk").between("b", "e"),
        FilterExpression=Attr("n").gt(1),
        ScanIndexForward=False,
    )
    assert [item["sk"] for item in response["Items"]] == ["e", "d", "c"]
    assert (response["Count"], response["ScannedCount"]) == (3, 4)


# --- legacy parameters --------------------------------------------------------------------------


def legacy(operator: str, *values: Any) -> dict[str, Any]:
    return {"ComparisonOperator": operator, "AttributeValueList": [wire(v) for v in values]}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (legacy("EQ", "c"), ["c"]),
        (legacy("LT", "c"), ["a", "b"]),
        (legacy("LE", "c"), ["a", "b", "c"]),
        (legacy("GT", "d"), ["e", "f"]),
        (legacy("GE", "d"), ["d", "e", "f"]),
        (legacy("BETWEEN", "b", "d"), ["b", "c", "d"]),
        (legacy("BEGINS_WITH", "e"), ["e"]),
        (None, list("abcdef")),
    ],
    ids=["EQ", "LT", "LE", "GT", "GE", "BETWEEN", "BEGINS_WITH", "hash-only"],
)
def test_key_conditions(
    client: Any, six: str, condition: dict[str, Any] | None, expected: list[str]
) -> None:
    conditions = {"pk": legacy("EQ", "p")}
    if condition is not None:
        conditions["sk"] = condition
    response = client.query(TableName=six, KeyConditions=conditions)
    assert sort_keys(response) == expected


@pytest.mark.parametrize(
    ("operator", "expected"),
    [(None, ["b", "d"]), ("AND", ["b", "d"]), ("OR", ["a", "b", "c", "d", "f"])],
    ids=["default-AND", "AND", "OR"],
)
@MOTO_LEGACY
def test_query_filter(client: Any, six: str, operator: str | None, expected: list[str]) -> None:
    params: dict[str, Any] = {
        "TableName": six,
        "KeyConditions": {"pk": legacy("EQ", "p")},
        "QueryFilter": {"tag": legacy("EQ", "odd"), "n": legacy("LT", 4)},
    }
    if operator:
        params["ConditionalOperator"] = operator
    response = client.query(**params)
    assert sort_keys(response) == expected
    assert response["ScannedCount"] == 6


# --- consumed capacity --------------------------------------------------------------------------


def sized(sk: str, total_bytes: int, pk: str = "p") -> dict[str, Any]:
    return padded_item({"pk": pk, "sk": sk}, total_bytes)


@pytest.fixture
def sized_partition(client: Any, composite_table: str) -> str:
    """Partition 'p' holding three items of 1,500 bytes: 4,500 bytes, two units strongly."""
    put_items(client, composite_table, [sized(sk, 1500) for sk in "abc"])
    return composite_table


def units_of(response: dict[str, Any]) -> float:
    return float(response["ConsumedCapacity"]["CapacityUnits"])


@pytest.mark.parametrize(
    ("consistent", "units"), [pytest.param(True, 2.0, marks=MOTO_UNITS), (False, 1.0)]
)
def test_units_round_once_per_page(
    client: Any, sized_partition: str, consistent: bool, units: float
) -> None:
    response = query(
        client,
        sized_partition,
        "pk = :p",
        {":p": "p"},
        ConsistentRead=consistent,
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["ConsumedCapacity"] == {"TableName": sized_partition, "CapacityUnits": units}


@pytest.mark.parametrize(
    ("sizes", "units"),
    [
        pytest.param([2048, 2048], 1.0, id="4096B"),
        pytest.param([2048, 2049], 2.0, id="4097B", marks=MOTO_UNITS),
        pytest.param([1000] * 10, 3.0, id="10x1000B", marks=MOTO_UNITS),
        pytest.param([4096] * 3, 3.0, id="3x4096B", marks=MOTO_UNITS),
        pytest.param([100], 1.0, id="100B"),
    ],
)
def test_units_from_item_sizes(
    client: Any, composite_table: str, sizes: list[int], units: float
) -> None:
    items = [sized(f"k{i:02}", size) for i, size in enumerate(sizes)]
    assert sum(item_size(item) for item in items) == sum(sizes)
    put_items(client, composite_table, items)
    response = query(
        client,
        composite_table,
        "pk = :p",
        {":p": "p"},
        ConsistentRead=True,
        ReturnConsumedCapacity="TOTAL",
    )
    assert units_of(response) == units == read_units(sum(sizes), True)


@pytest.mark.parametrize(
    ("consistent", "units"), [(True, 1.0), pytest.param(False, 0.5, marks=MOTO_UNITS)]
)
def test_empty_result_costs_the_minimum(
    client: Any, composite_table: str, consistent: bool, units: float
) -> None:
    response = query(
        client,
        composite_table,
        "pk = :p",
        {":p": "none"},
        ConsistentRead=consistent,
        ReturnConsumedCapacity="TOTAL",
    )
    assert units_of(response) == units


KEY_P = {"pk": legacy("EQ", "p")}
EXPRESSION_P = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": wire("p")}}
NARROWED_READS = {
    "filter-nothing": {
        "KeyConditionExpression": "pk = :p",
        "FilterExpression": "#d = :x",
        "ExpressionAttributeNames": {"#d": "data"},
        "ExpressionAttributeValues": {":p": wire("p"), ":x": wire("none")},
    },
    "filter-missing": {**EXPRESSION_P, "FilterExpression": "attribute_exists(gone)"},
    "count": {**EXPRESSION_P, "Select": "COUNT"},
    "projection": {**EXPRESSION_P, "ProjectionExpression": "pk"},
    "attributes-to-get": {"KeyConditions": KEY_P, "AttributesToGet": ["pk"]},
    "query-filter": {"KeyConditions": KEY_P, "QueryFilter": {"data": legacy("EQ", "none")}},
}


@MOTO_UNITS
@pytest.mark.parametrize("narrowing", list(NARROWED_READS))
def test_filter_and_projection_do_not_reduce_the_cost(
    client: Any, sized_partition: str, narrowing: str
) -> None:
    response = client.query(
        TableName=sized_partition,
        ConsistentRead=True,
        ReturnConsumedCapacity="TOTAL",
        **NARROWED_READS[narrowing],
    )
    assert units_of(response) == 2.0


@MOTO_UNITS
def test_each_page_is_rounded_on_its_own(client: Any, sized_partition: str) -> None:
    charged = []
    params: dict[str, Any] = {"Limit": 1, "ConsistentRead": True, "ReturnConsumedCapacity": "TOTAL"}
    while True:
        response = query(client, sized_partition, "pk = :p", {":p": "p"}, **params)
        charged.append(units_of(response))
        if "LastEvaluatedKey" not in response:
            break
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    # Three full pages of one 1,500-byte item, then the empty last page.
    assert charged == [1.0, 1.0, 1.0, 1.0]


@MOTO_UNITS
def test_limit_reduces_the_cost(client: Any, sized_partition: str) -> None:
    response = query(
        client,
        sized_partition,
        "pk = :p",
        {":p": "p"},
        Limit=2,
        ConsistentRead=False,
        ReturnConsumedCapacity="TOTAL",
    )
    assert units_of(response) == 0.5


@MOTO_UNITS
def test_indexes_mode_adds_the_table(client: Any, sized_partition: str) -> None:
    response = query(
        client,
        sized_partition,
        "pk = :p",
        {":p": "p"},
        ConsistentRead=True,
        ReturnConsumedCapacity="INDEXES",
    )
    assert response["ConsumedCapacity"] == {
        "TableName": sized_partition,
        "CapacityUnits": 2.0,
        "Table": {"CapacityUnits": 2.0},
    }


@pytest.mark.parametrize("setting", [None, "NONE"], ids=["omitted", "NONE"])
def test_no_capacity_unless_asked(client: Any, six: str, setting: str | None) -> None:
    extra = {"ReturnConsumedCapacity": setting} if setting else {}
    assert "ConsumedCapacity" not in query(client, six, "pk = :p", {":p": "p"}, **extra)
