"""The Lambda side of stream subscriptions: a stream record as a Lambda function receives it
(lambda_record), and Lambda event filtering (FilterCriteria): the EventBridge pattern subset AWS
Lambda supports for DynamoDB event sources, matched against each record as the function would
receive it.

A pattern is a JSON object whose members name fields of the record. A member whose value is an
object matches the field's object member by member; a member whose value is an array matches when
one of its matchers matches a value of the field. Matchers:

- ``"text"``, ``5``, ``null``, ``true``: that exact value. A number matches only a JSON number:
  DynamoDB's ``N`` values are strings in the record, so ``{"N": ["5"]}`` matches a Number
  attribute 5 and ``numeric`` never matches one (it does match ApproximateCreationDateTime).
- ``{"prefix": "ab"}``, ``{"suffix": "yz"}`` (or ``{"prefix": {"equals-ignore-case": "ab"}}``),
  ``{"equals-ignore-case": "Text"}``: strings.
- ``{"anything-but": [...]}`` (or one value, or ``{"prefix"/"suffix"/"equals-ignore-case": ...}``):
  a value is present and is none of those.
- ``{"numeric": [">", 0, "<=", 5]}``, ``{"numeric": ["=", 3]}``: JSON numbers.
- ``{"exists": true}`` / ``{"exists": false}``: the field has (has no) value. Only leaf values
  count: a field holding an object (``{"S": "x"}``) does not exist for ``exists``, so write
  ``{"status": {"S": [{"exists": true}]}}``.

``"$or": [pattern, pattern, ...]`` inside an object matches when one of the patterns does. A field
holding an array matches when one of its elements does. A record passes a list of patterns when one
of them matches it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]

_OR = "$or"
_NUMERIC_OPERATORS = ("=", "<", "<=", ">", ">=")
_STRING_OPERATORS = ("prefix", "suffix", "equals-ignore-case")


def copy_json(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists and immutable leaves), cheaper than deepcopy."""
    kind = type(value)
    if kind is dict:
        return {key: copy_json(member) for key, member in value.items()}
    if kind is list:
        return [copy_json(member) for member in value]
    return value


def lambda_record(record: Mapping[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as a Lambda event carries it."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name == "dynamodb":
            body = dict(value)
            created = body.get("ApproximateCreationDateTime")
            if isinstance(created, (int, float)):
                body["ApproximateCreationDateTime"] = float(created)
            out[name] = body
        elif name == "userIdentity":
            # Lambda spells the identity's members in lower camel case.
            out[name] = {"type": value.get("Type"), "principalId": value.get("PrincipalId")}
        else:
            out[name] = value
    out["eventSourceARN"] = stream_arn
    return out


def compile_filter(spec: Any) -> Predicate:
    """The predicate of ``spec``: a callable(record) -> bool, a pattern (a dict or its JSON text),
    Lambda's ``{"Filters": [{"Pattern": "..."}]}``, or a list of patterns. ValueError when a pattern
    is not a valid filter pattern."""
    if callable(spec) and not isinstance(spec, Mapping):
        return _checked_callable(spec)
    patterns = [
        _compile_pattern(pattern, f"filter pattern {index + 1}")
        for index, pattern in enumerate(_patterns_of(spec))
    ]
    if len(patterns) == 1:
        return patterns[0]

    def any_pattern(record: Mapping[str, Any]) -> bool:
        return any(pattern(record) for pattern in patterns)

    return any_pattern


def _checked_callable(function: Callable[[Any], Any]) -> Predicate:
    def predicate(record: Mapping[str, Any]) -> bool:
        return bool(function(record))

    return predicate


def _patterns_of(spec: Any) -> list[Any]:
    if isinstance(spec, Mapping) and set(spec) == {"Filters"}:
        filters = spec["Filters"]
        if not isinstance(filters, Sequence) or isinstance(filters, str) or not filters:
            raise ValueError("FilterCriteria's Filters must be a non-empty list")
        patterns = []
        for entry in filters:
            if not isinstance(entry, Mapping) or "Pattern" not in entry:
                raise ValueError(f"each entry of FilterCriteria's Filters has a Pattern: {entry!r}")
            patterns.append(entry["Pattern"])
        return patterns
    if isinstance(spec, (str, Mapping)):
        return [spec]
    if isinstance(spec, Sequence) and not isinstance(spec, (bytes, bytearray)):
        if not spec:
            raise ValueError("a filter list needs at least one pattern")
        return list(spec)
    raise ValueError(
        "filter is a callable(record) -> bool, a pattern (dict or JSON text) or a list of "
        f"patterns, not {type(spec).__name__}"
    )


def _compile_pattern(pattern: Any, where: str) -> Predicate:
    if isinstance(pattern, str):
        try:
            pattern = json.loads(pattern)
        except ValueError as error:
            raise ValueError(f"{where} is not valid JSON: {error}") from None
    if not isinstance(pattern, Mapping):
        raise ValueError(f"{where} must be a JSON object, not {type(pattern).__name__}")
    match = _compile_object(pattern, where)

    def predicate(record: Mapping[str, Any]) -> bool:
        return match(record)

    return predicate


ObjectMatch = Callable[[Any], bool]


def _compile_object(pattern: Mapping[str, Any], where: str) -> ObjectMatch:
    """Matches one object (a value that is not an object matches as an empty one)."""
    if not pattern:
        raise ValueError(f"{where}: an empty object matches nothing; name at least one field")
    fields: list[tuple[str, Callable[[Any, bool], bool]]] = []
    alternatives: list[ObjectMatch] = []
    for name, value in pattern.items():
        if not isinstance(name, str):
            raise ValueError(f"{where}: field names are strings, not {name!r}")
        path = f"{where}: {name}"
        if name == _OR:
            if not isinstance(value, list) or len(value) < 2:
                raise ValueError(f"{path} takes a list of at least two patterns")
            branches = []
            for branch in value:
                if not isinstance(branch, Mapping):
                    raise ValueError(f"{path}: each alternative is an object, not {branch!r}")
                branches.append(_compile_object(branch, path))
            alternatives.append(_any_of(branches))
        elif isinstance(value, Mapping):
            fields.append((name, _nested(_compile_object(value, path))))
        elif isinstance(value, list):
            fields.append((name, _compile_leaf(value, path)))
        else:
            raise ValueError(
                f"{path}: a field's pattern is an object or a list of matchers, not {value!r} "
                "(write [value] for an exact match)"
            )

    def match(value: Any) -> bool:
        members: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
        for name, field in fields:
            if not field(members.get(name), name in members):
                return False
        return all(alternative(members) for alternative in alternatives)

    return match


def _any_of(branches: list[ObjectMatch]) -> ObjectMatch:
    def match(value: Any) -> bool:
        return any(branch(value) for branch in branches)

    return match


def _nested(match_object: ObjectMatch) -> Callable[[Any, bool], bool]:
    def field(value: Any, present: bool) -> bool:
        if present and isinstance(value, list):
            # An array of objects matches when one of its elements does.
            elements = [element for element in _flatten(value) if isinstance(element, Mapping)]
            if elements:
                return any(match_object(element) for element in elements)
            return match_object({})
        return match_object(value if present else {})

    return field


def _flatten(values: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for value in values:
        if isinstance(value, list):
            flat.extend(_flatten(value))
        else:
            flat.append(value)
    return flat


def _leaf_values(value: Any, present: bool) -> list[Any]:
    """The leaf values of a field: none when absent or an object; an array's leaf elements."""
    if not present or isinstance(value, Mapping):
        return []
    if isinstance(value, list):
        return [element for element in _flatten(value) if not isinstance(element, Mapping)]
    return [value]


ValueMatch = Callable[[Any], bool]


def _compile_leaf(matchers: list[Any], where: str) -> Callable[[Any, bool], bool]:
    if not matchers:
        raise ValueError(f"{where}: an empty list of matchers matches nothing")
    value_matches: list[ValueMatch] = []
    exists: list[bool] = []
    for matcher in matchers:
        if isinstance(matcher, Mapping):
            if len(matcher) != 1:
                raise ValueError(f"{where}: a matcher object has one operator: {dict(matcher)!r}")
            ((operator, operand),) = matcher.items()
            if operator == "exists":
                if not isinstance(operand, bool):
                    raise ValueError(f"{where}: exists takes true or false, not {operand!r}")
                exists.append(operand)
            else:
                value_matches.append(_compile_operator(operator, operand, where))
        else:
            value_matches.append(_exact(matcher, where))

    def field(value: Any, present: bool) -> bool:
        values = _leaf_values(value, present)
        if any(want == bool(values) for want in exists):
            return True
        return any(match(each) for each in values for match in value_matches)

    return field


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _exact(expected: Any, where: str) -> ValueMatch:
    if expected is None or isinstance(expected, (str, bool)):

        def same(value: Any) -> bool:
            return type(value) is type(expected) and value == expected

        return same
    if _is_number(expected):
        if not math.isfinite(expected):
            raise ValueError(f"{where}: {expected!r} is not a JSON number")

        def same_number(value: Any) -> bool:
            return _is_number(value) and value == expected

        return same_number
    raise ValueError(f"{where}: {expected!r} is not a string, number, boolean, null or matcher")


def _compile_operator(operator: str, operand: Any, where: str) -> ValueMatch:
    if operator in _STRING_OPERATORS:
        return _string_operator(operator, operand, where)
    if operator == "anything-but":
        return _anything_but(operand, where)
    if operator == "numeric":
        return _numeric(operand, where)
    raise ValueError(
        f"{where}: unsupported operator {operator!r} (supported: prefix, suffix, "
        "equals-ignore-case, anything-but, numeric, exists)"
    )


def _string_operator(operator: str, operand: Any, where: str) -> ValueMatch:
    ignore_case = False
    if operator != "equals-ignore-case" and isinstance(operand, Mapping):
        if set(operand) != {"equals-ignore-case"}:
            raise ValueError(f"{where}: {operator} takes a string or {{equals-ignore-case: ...}}")
        operand = operand["equals-ignore-case"]
        ignore_case = True
    if not isinstance(operand, str):
        raise ValueError(f"{where}: {operator} takes a string, not {operand!r}")
    if operator == "equals-ignore-case":
        wanted = operand.lower()
        return lambda value: isinstance(value, str) and value.lower() == wanted
    wanted = operand.lower() if ignore_case else operand

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        text = value.lower() if ignore_case else value
        return text.startswith(wanted) if operator == "prefix" else text.endswith(wanted)

    return test


def _anything_but(operand: Any, where: str) -> ValueMatch:
    if isinstance(operand, Mapping):
        if len(operand) != 1:
            raise ValueError(f"{where}: anything-but takes one operator: {dict(operand)!r}")
        ((operator, inner),) = operand.items()
        if operator not in _STRING_OPERATORS:
            raise ValueError(f"{where}: anything-but does not take {operator!r}")
        if operator == "equals-ignore-case" and isinstance(inner, list):
            inner_matches = [_string_operator(operator, each, where) for each in inner]
            if not inner_matches:
                raise ValueError(f"{where}: anything-but needs at least one value")
        else:
            inner_matches = [_string_operator(operator, inner, where)]
        return lambda value: not any(match(value) for match in inner_matches)
    excluded = operand if isinstance(operand, list) else [operand]
    if not excluded:
        raise ValueError(f"{where}: anything-but needs at least one value")
    for each in excluded:
        if not (isinstance(each, str) or _is_number(each)):
            raise ValueError(f"{where}: anything-but takes strings and numbers, not {each!r}")
    matches = [_exact(each, where) for each in excluded]
    return lambda value: not any(match(value) for match in matches)


def _numeric(operand: Any, where: str) -> ValueMatch:
    if not isinstance(operand, list) or len(operand) not in (2, 4):
        raise ValueError(f"{where}: numeric takes [op, number] or [op, number, op, number]")
    bounds: list[tuple[str, float]] = []
    for index in range(0, len(operand), 2):
        operator, number = operand[index], operand[index + 1]
        if operator not in _NUMERIC_OPERATORS or not _is_number(number):
            raise ValueError(f"{where}: numeric takes an operator (=, <, <=, >, >=) and a number")
        bounds.append((operator, float(number)))
    if len(bounds) == 2:
        (low_op, low), (high_op, high) = bounds
        if low_op not in (">", ">=") or high_op not in ("<", "<=") or not low < high:
            raise ValueError(f"{where}: a numeric range is [>|>=, low, <|<=, high] with low < high")

    def test(value: Any) -> bool:
        if not _is_number(value):
            return False
        return all(_compare(value, operator, bound) for operator, bound in bounds)

    return test


def _compare(value: float, operator: str, bound: float) -> bool:
    if operator == "=":
        return value == bound
    if operator == "<":
        return value < bound
    if operator == "<=":
        return value <= bound
    if operator == ">":
        return value > bound
    return value >= bound
