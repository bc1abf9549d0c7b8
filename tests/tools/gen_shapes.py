#!/usr/bin/env python3
"""Generate cpp/api/validation/shape_table.inc from botocore's DynamoDB service models.

The table lists every input shape reachable from the operations of the DynamoDB model and of the
DynamoDB Streams model (one table: no operation name is in both): structures with their members
(JSON name, shape, required flag), lists, maps, and scalars with their constraints (length or value
range, pattern, enum). The request validator in shapes.cc walks it.

The two models share many shape names (TableName, StreamArn, AttributeValue, ...). A shape both
define alike is listed once; one they define differently keeps its DynamoDB name and the Streams
model's version is listed as "Streams" + name (see merge_models).

The model does not say in which order the service reports several violations or lists an enum:
the service's own (Java) order differs. MEMBER_ORDER and ENUM_ORDER below carry the order the
service was observed to use; every other shape keeps the model's order.

Usage:
    python3 tests/tools/gen_shapes.py            # rewrite the committed table
    python3 tests/tools/gen_shapes.py --check    # exit 1 when the committed table is stale
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT = REPO_ROOT / "cpp" / "api" / "validation" / "shape_table.inc"
MODEL_RELATIVE = Path("data") / "dynamodb" / "2012-08-10" / "service-2.json.gz"
STREAMS_MODEL_RELATIVE = Path("data") / "dynamodbstreams" / "2012-08-10" / "service-2.json.gz"
# The name a Streams shape takes when the DynamoDB model defines a shape of its name differently.
STREAMS_PREFIX = "Streams"

# Model pattern -> C++ enumerator of the matcher written by hand in shape_table.cc. A pattern
# missing here stops the generator: shape_table.cc then needs a matcher for it.
PATTERNS: dict[str, str] = {
    "[a-zA-Z0-9_.-]+": "kNameChars",
    "^[^\\$]+$": "kNoDollar",
    "[,;:|\\t ]": "kCsvDelimiter",
    "[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*": "kCsvHeader",
    "([0-9a-f]{16})+": "kHexBlocks",
    "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$": "kS3Bucket",
    "[0-9]{12}": "kTwelveDigits",
    "\\p{Print}+": "kPrintable",
    "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*": "kXmlChars",
}

# Structures whose members the service checks in an order other than the model's, as recorded
# from the service's responses (dynalite's validations/*.js; UpdateItem's ConditionalOperator
# before Key from later captures). Members not named here follow, in model order.
MEMBER_ORDER: dict[str, tuple[str, ...]] = {
    "BatchGetItemInput": ("ReturnConsumedCapacity", "RequestItems"),
    "KeysAndAttributes": (
        "Keys",
        "AttributesToGet",
        "ConsistentRead",
        "ProjectionExpression",
        "ExpressionAttributeNames",
    ),
    "BatchWriteItemInput": (
        "ReturnConsumedCapacity",
        "ReturnItemCollectionMetrics",
        "RequestItems",
    ),
    "WriteRequest": ("DeleteRequest", "PutRequest"),
    "CreateTableInput": (
        "AttributeDefinitions",
        "TableName",
        "BillingMode",
        "ProvisionedThroughput",
        "KeySchema",
        "LocalSecondaryIndexes",
        "GlobalSecondaryIndexes",
    ),
    "ProvisionedThroughput": ("WriteCapacityUnits", "ReadCapacityUnits"),
    "LocalSecondaryIndex": ("Projection", "IndexName", "KeySchema"),
    "GlobalSecondaryIndex": ("Projection", "IndexName", "ProvisionedThroughput", "KeySchema"),
    "Projection": ("ProjectionType", "NonKeyAttributes"),
    "UpdateTableInput": ("TableName", "ProvisionedThroughput", "GlobalSecondaryIndexUpdates"),
    "GlobalSecondaryIndexUpdate": ("Update", "Create", "Delete"),
    "UpdateGlobalSecondaryIndexAction": ("IndexName", "ProvisionedThroughput"),
    "CreateGlobalSecondaryIndexAction": (
        "Projection",
        "IndexName",
        "ProvisionedThroughput",
        "KeySchema",
    ),
    "ListTablesInput": ("Limit", "ExclusiveStartTableName"),
    "PutItemInput": (
        "ReturnConsumedCapacity",
        "TableName",
        "Item",
        "ConditionalOperator",
        "Expected",
        "ReturnValues",
        "ReturnItemCollectionMetrics",
        "ConditionExpression",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
    ),
    "GetItemInput": (
        "ReturnConsumedCapacity",
        "AttributesToGet",
        "TableName",
        "Key",
        "ConsistentRead",
        "ProjectionExpression",
        "ExpressionAttributeNames",
    ),
    "DeleteItemInput": (
        "ReturnConsumedCapacity",
        "TableName",
        "ReturnValues",
        "ReturnItemCollectionMetrics",
        "Key",
        "ConditionalOperator",
        "Expected",
        "ConditionExpression",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
    ),
    "UpdateItemInput": (
        "ReturnConsumedCapacity",
        "TableName",
        "ReturnItemCollectionMetrics",
        "ReturnValues",
        "ConditionalOperator",
        "Key",
        "Expected",
        "AttributeUpdates",
        "ConditionExpression",
        "UpdateExpression",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
    ),
    "ExpectedAttributeValue": ("AttributeValueList", "ComparisonOperator", "Exists", "Value"),
    "Condition": ("AttributeValueList", "ComparisonOperator"),
    "AttributeValueUpdate": ("Action", "Value"),
    "QueryInput": (
        "Limit",
        "ExclusiveStartKey",
        "ReturnConsumedCapacity",
        "AttributesToGet",
        "QueryFilter",
        "Select",
        "ConditionalOperator",
        "KeyConditions",
        "TableName",
        "ConsistentRead",
        "IndexName",
        "ScanIndexForward",
        "KeyConditionExpression",
        "FilterExpression",
        "ProjectionExpression",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
    ),
    "ScanInput": (
        "Limit",
        "ReturnConsumedCapacity",
        "AttributesToGet",
        "Segment",
        "Select",
        "ScanFilter",
        "ConditionalOperator",
        "TotalSegments",
        "TableName",
        "ExclusiveStartKey",
        "IndexName",
        "FilterExpression",
        "ProjectionExpression",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
    ),
    "TransactWriteItemsInput": (
        "ReturnConsumedCapacity",
        "ReturnItemCollectionMetrics",
        "ClientRequestToken",
        "TransactItems",
    ),
    "TransactWriteItem": ("Put", "Update", "Delete", "ConditionCheck"),
    "Put": (
        "TableName",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
        "ReturnValuesOnConditionCheckFailure",
        "ConditionExpression",
        "Item",
    ),
    "Update": (
        "TableName",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
        "ReturnValuesOnConditionCheckFailure",
        "ConditionExpression",
        "Key",
        "UpdateExpression",
    ),
    "Delete": (
        "TableName",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
        "ReturnValuesOnConditionCheckFailure",
        "ConditionExpression",
        "Key",
    ),
    "ConditionCheck": (
        "TableName",
        "ExpressionAttributeValues",
        "ExpressionAttributeNames",
        "ReturnValuesOnConditionCheckFailure",
        "ConditionExpression",
        "Key",
    ),
}

# Enums the service prints in an order other than the model's ("Member must satisfy enum value
# set: [...]"), as recorded from the service's responses.
ENUM_ORDER: dict[str, tuple[str, ...]] = {
    "ReturnValue": ("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"),
    "ConditionalOperator": ("OR", "AND"),
    "ComparisonOperator": (
        "IN",
        "NULL",
        "BETWEEN",
        "LT",
        "NOT_CONTAINS",
        "EQ",
        "GT",
        "NOT_NULL",
        "NE",
        "LE",
        "BEGINS_WITH",
        "GE",
        "CONTAINS",
    ),
    "Select": ("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"),
    "ScalarAttributeType": ("B", "N", "S"),
    "ProjectionType": ("ALL", "INCLUDE", "KEYS_ONLY"),
}

# Constraints the service enforces beyond the model's, with the reason printed beside the table.
CONSTRAINT_OVERRIDES: dict[str, tuple[dict[str, int | None], str]] = {
    "KeySchema": ({"max": 2}, "a key schema still has at most 2 elements (the model dropped max)"),
    "GlobalSecondaryIndexKeySchema": (
        {"max": 8},
        "a global secondary index key has up to 4 HASH and 4 RANGE attributes",
    ),
    # The Streams model gives its Limits only a minimum; the documented maximums are refused with a
    # ValidationException naming the limit (test_streams_api.py pins them).
    "ListStreamsLimit": ({"max": 100}, "ListStreams returns at most 100 streams a page"),
    "DescribeStreamLimit": ({"max": 100}, "DescribeStream returns at most 100 shards a page"),
    "GetRecordsLimit": ({"max": 1000}, "GetRecords returns at most 1000 records"),
    # A tag's key and value lengths are checked by the tag rules, with messages of their own
    # (test_tags.py pins them).
    "TagKeyString": (
        {"min": None, "max": None},
        "a tag key's length is a tag rule (The Tag Key provided is invalid)",
    ),
    "TagValueString": (
        {"min": None, "max": None},
        "a tag value's length is a tag rule (The Tag Value provided is invalid)",
    ),
    "ResourceArnString": (
        {"min": None},
        "an empty ResourceArn fails authorization first (AccessDeniedException on resource *)",
    ),
}

# Required members the operation checks instead, with messages of its own: structure -> (members,
# reason printed beside the table).
REQUIRED_OVERRIDES: dict[str, tuple[frozenset[str], str]] = {
    "Tag": (
        frozenset({"Key", "Value"}),
        "a tag without Key or Value is an invalid tag (Key: null), not a missing member",
    ),
}

# Members the service checks against a copy of their model shape (so that the copy can have
# constraints of its own): (structure, member) -> (copy's name, model shape copied).
SHAPE_COPIES: dict[tuple[str, str], tuple[str, str]] = {
    ("GlobalSecondaryIndex", "KeySchema"): ("GlobalSecondaryIndexKeySchema", "KeySchema"),
    ("CreateGlobalSecondaryIndexAction", "KeySchema"): (
        "GlobalSecondaryIndexKeySchema",
        "KeySchema",
    ),
    ("ListStreamsInput", "Limit"): ("ListStreamsLimit", "PositiveIntegerObject"),
    ("DescribeStreamInput", "Limit"): ("DescribeStreamLimit", "PositiveIntegerObject"),
    ("GetRecordsInput", "Limit"): ("GetRecordsLimit", "PositiveIntegerObject"),
}

# Operations whose table name the control plane checks as a name (3 to 255 characters of
# [a-zA-Z0-9_.-]) and whose missing TableName gets the older "The parameter 'TableName' is
# required but was not present in the request".
CONTROL_PLANE_OPERATIONS = frozenset(
    {
        "CreateTable",
        "DeleteTable",
        "DescribeTable",
        "UpdateTable",
        "DescribeTimeToLive",
        "UpdateTimeToLive",
    }
)

KINDS = {
    "structure": "kStructure",
    "list": "kList",
    "map": "kMap",
    "string": "kString",
    "integer": "kInteger",
    "long": "kLong",
    "double": "kDouble",
    "boolean": "kBoolean",
    "blob": "kBlob",
    "timestamp": "kTimestamp",
}

LINE_WIDTH = 100

Model = dict[str, Any]


class GenerationError(Exception):
    """The model holds something the table or shape_table.cc cannot express yet."""


def find_model(relative: Path) -> Path:
    import botocore  # only the generator and its check need botocore

    return Path(botocore.__file__).resolve().parent / relative


def load_model(path: Path) -> Model:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        model: Model = json.load(stream)
    return model


def without_documentation(value: Any) -> Any:
    """`value` with every "documentation" entry dropped: what a shape means to the validator."""
    if isinstance(value, dict):
        return {k: without_documentation(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [without_documentation(item) for item in value]
    return value


def shape_references(shape: dict[str, Any]) -> list[str]:
    """The names of the shapes a shape refers to (members, list member, map key and value)."""
    if shape["type"] == "structure":
        return [member["shape"] for member in shape["members"].values()]
    if shape["type"] == "list":
        return [shape["member"]["shape"]]
    if shape["type"] == "map":
        return [shape["key"]["shape"], shape["value"]["shape"]]
    return []


def rename_references(shape: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """A copy of `shape` whose references to the keys of `renamed` point at their new names."""

    def ref(reference: dict[str, Any]) -> dict[str, Any]:
        return {**reference, "shape": renamed.get(reference["shape"], reference["shape"])}

    copy = dict(shape)
    if shape["type"] == "structure":
        copy["members"] = {name: ref(member) for name, member in shape["members"].items()}
    elif shape["type"] == "list":
        copy["member"] = ref(shape["member"])
    elif shape["type"] == "map":
        copy["key"], copy["value"] = ref(shape["key"]), ref(shape["value"])
    return copy


def merge_models(dynamodb: Model, streams: Model) -> Model:
    """The DynamoDB model with the Streams model's operations and shapes added.

    A Streams shape whose name the DynamoDB model also uses is shared when both define it alike
    (documentation aside) and refer only to shared or Streams-only shapes; otherwise it is added as
    STREAMS_PREFIX + name, and every Streams shape referring to it follows the new name.
    """
    ours: dict[str, Any] = dynamodb["shapes"]
    theirs: dict[str, Any] = streams["shapes"]
    clashing = {
        name
        for name, shape in theirs.items()
        if name in ours and without_documentation(shape) != without_documentation(ours[name])
    }
    # A shape both models define alike still differs once a shape it refers to is renamed.
    changed = True
    while changed:
        changed = False
        for name, shape in theirs.items():
            shared = name in ours and name not in clashing
            if shared and any(reference in clashing for reference in shape_references(shape)):
                clashing.add(name)
                changed = True
    renamed = {name: STREAMS_PREFIX + name for name in clashing}
    taken = sorted(new for new in renamed.values() if new in ours or new in theirs)
    if taken:
        raise GenerationError(f"renamed Streams shapes {taken} clash with existing shapes")
    shapes = dict(ours)
    for name, shape in theirs.items():
        if name in ours and name not in clashing:
            continue
        shapes[renamed.get(name, name)] = rename_references(shape, renamed)
    operations = dict(dynamodb["operations"])
    for name, operation in streams["operations"].items():
        if name in operations:
            raise GenerationError(f"operation {name} is in both models")
        input_ref = operation.get("input")
        if input_ref is not None:
            new_input = renamed.get(input_ref["shape"], input_ref["shape"])
            input_ref = {**input_ref, "shape": new_input}
        operations[name] = {**operation, "input": input_ref} if input_ref else operation
    return {**dynamodb, "operations": operations, "shapes": shapes}


def reachable_shapes(model: Model) -> list[str]:
    """Input shapes in a stable depth-first order: operations by name, members in model order."""
    shapes: dict[str, Any] = model["shapes"]
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        order.append(name)
        shape = shapes[name]
        if shape["type"] == "structure":
            for member in shape["members"].values():
                visit(member["shape"])
        elif shape["type"] == "list":
            visit(shape["member"]["shape"])
        elif shape["type"] == "map":
            visit(shape["key"]["shape"])
            visit(shape["value"]["shape"])

    for operation in sorted(model["operations"]):
        input_ref = model["operations"][operation].get("input")
        if input_ref is not None:
            visit(input_ref["shape"])
    return order


def member_order(name: str, shape: dict[str, Any]) -> list[str]:
    model_order = list(shape["members"])
    preferred = MEMBER_ORDER.get(name, ())
    unknown = [member for member in preferred if member not in shape["members"]]
    if unknown:
        raise GenerationError(f"MEMBER_ORDER[{name!r}] names unknown members {unknown}")
    return list(preferred) + [member for member in model_order if member not in preferred]


def enum_order(name: str, values: list[str]) -> list[str]:
    preferred = ENUM_ORDER.get(name)
    if preferred is None:
        return values
    if sorted(preferred) != sorted(values):
        raise GenerationError(f"ENUM_ORDER[{name!r}] is not a permutation of the model's {values}")
    return list(preferred)


def cpp_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def pack(entries: list[str], comment: str) -> list[str]:
    """Entries joined into lines of at most LINE_WIDTH columns; the first carries the comment."""
    width = LINE_WIDTH - len(comment)
    lines: list[str] = []
    line = "   "
    for entry in entries:
        if len(line) + len(entry) + 3 > width and line.strip():
            lines.append(line + ",")
            line = "   "
        line = f"{line} {entry}" if not line.strip() else f"{line}, {entry}"
    lines.append(line + ",")
    lines[0] += comment
    return lines


def limit(shape: dict[str, Any], key: str, absent: str) -> str:
    value = shape.get(key)
    if value is None:
        return absent
    if not isinstance(value, int):
        raise GenerationError(f"non-integer {key} {value!r} is not supported")
    return str(value)


class TableWriter:
    """Builds the C++ text of the table from the model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.shapes: dict[str, Any] = model["shapes"]
        self.order = reachable_shapes(model)
        self.index = {name: position for position, name in enumerate(self.order)}
        self.enum_lines: list[str] = []
        self.enum_notes: list[str] = []
        self.member_lines: list[str] = []
        self.member_notes: list[str] = []
        self.shape_lines: list[str] = []
        self.shape_notes: list[str] = []
        self.enum_count = 0
        self.member_count = 0

    def render(self) -> str:
        for name in self.order:
            self.add_shape(name)
        return "\n".join(
            [
                *self.header(),
                *self.pattern_block(),
                *self.enum_notes,
                "inline constexpr std::string_view kEnumValues[] = {",
                *self.enum_lines,
                "};",
                "",
                *self.member_notes,
                "// {JSON name, shape, required, position in the model's member order}",
                "inline constexpr Member kMembers[] = {",
                *self.member_lines,
                "};",
                "",
                "// {name, kind, pattern, min, max, a, b, enum_first, enum_count}:",
                "// a, b are the first member and member count of a structure, the member shape of",
                "// a list, the key and value shapes of a map.",
                *self.shape_notes,
                "inline constexpr Shape kShapes[] = {",
                *self.shape_lines,
                "};",
                "",
                *self.operation_block(),
            ]
        )

    def header(self) -> list[str]:
        return [
            "// Generated by tests/tools/gen_shapes.py from botocore's DynamoDB and DynamoDB",
            "// Streams service models (data/dynamodb/2012-08-10/service-2.json.gz and",
            "// data/dynamodbstreams/2012-08-10/service-2.json.gz). Do not edit by hand.",
            "// Regenerate: python3 tests/tools/gen_shapes.py",
            "// Check:      python3 tests/tools/gen_shapes.py --check",
            "// Included by shape_table.cc (with `using enum Kind`); shape_table.h declares the",
            "// types.",
            "// clang-format off",
            "",
        ]

    def pattern_block(self) -> list[str]:
        used = {
            self.shapes[name]["pattern"] for name in self.order if "pattern" in self.shapes[name]
        }
        unknown = sorted(pattern for pattern in used if pattern not in PATTERNS)
        if unknown:
            raise GenerationError(f"no matcher for patterns {unknown}: add them to PATTERNS")
        lines = ["enum class Pattern : uint8_t {", "  kNone,"]
        lines += [f"  {enumerator},  // {pattern}" for pattern, enumerator in PATTERNS.items()]
        lines += [
            "};",
            "using enum Pattern;",
            "",
            "// The model's text of each pattern, by Pattern.",
        ]
        lines += ["inline constexpr std::string_view kPatternTexts[] = {", '    "",']
        lines += [f"    {cpp_string(pattern)}," for pattern in PATTERNS]
        lines += ["};", ""]
        return lines

    def add_shape(self, name: str) -> None:
        shape = self.shapes[name]
        if name in CONSTRAINT_OVERRIDES:
            constraints, reason = CONSTRAINT_OVERRIDES[name]
            shape = {**shape, **constraints}
            self.shape_notes.append(f"// DynamoDB: {name}: {reason}.")
        kind = shape["type"]
        if kind not in KINDS:
            raise GenerationError(f"shape {name} has unsupported type {kind}")
        first, count = 0, 0
        if kind == "structure":
            first, count = self.member_count, len(shape["members"])
            self.add_members(name, shape)
        elif kind == "list":
            first = self.index[shape["member"]["shape"]]
        elif kind == "map":
            first, count = self.index[shape["key"]["shape"]], self.index[shape["value"]["shape"]]
        enum_first, enum_count = self.add_enum(name, shape)
        pattern = PATTERNS.get(shape.get("pattern", ""), "kNone")
        fields = [
            cpp_string(name),
            KINDS[kind],
            pattern,
            limit(shape, "min", "kNoMin"),
            limit(shape, "max", "kNoMax"),
            str(first),
            str(count),
            str(enum_first),
            str(enum_count),
        ]
        line = f"    {{{', '.join(fields)}}},"
        comment = f"  // {self.index[name]}"
        self.shape_lines.append(line + comment if len(line + comment) <= LINE_WIDTH else line)

    def add_members(self, name: str, shape: dict[str, Any]) -> None:
        required_names = set(shape.get("required", ()))
        if name in REQUIRED_OVERRIDES:
            members, reason = REQUIRED_OVERRIDES[name]
            required_names -= members
            self.member_notes.append(f"// DynamoDB: {name}: {reason}.")
        model_position = {member: position for position, member in enumerate(shape["members"])}
        order = member_order(name, shape)
        if name in MEMBER_ORDER and order != list(shape["members"]):
            self.member_notes.append(
                f"// DynamoDB: {name} checks its members in the service's order."
            )
        if len(order) > 0xFF:
            raise GenerationError(f"{name} has too many members for 8-bit positions")
        entries = []
        for member in order:
            ref = shape["members"][member]
            required = "true" if member in required_names else "false"
            index = self.index[ref["shape"]]
            entries.append(
                f"{{{cpp_string(member)}, {index}, {required}, {model_position[member]}}}"
            )
        if entries:
            self.member_lines += pack(entries, f"  // {name}")
        self.member_count += len(order)

    def add_enum(self, name: str, shape: dict[str, Any]) -> tuple[int, int]:
        values = shape.get("enum")
        if not values:
            return 0, 0
        ordered = enum_order(name, list(values))
        if ordered != list(values):
            self.enum_notes.append(f"// DynamoDB: {name} is listed in the service's order.")
        first = self.enum_count
        self.enum_lines += pack([cpp_string(value) for value in ordered], f"  // {name}")
        self.enum_count += len(ordered)
        return first, len(ordered)

    def operation_block(self) -> list[str]:
        count = len(self.model["operations"])
        lines = [
            f"// {{operation, input shape, TableName rule}} for the {count} operations, by name.",
            "inline constexpr Operation kOperations[] = {",
        ]
        for operation in sorted(self.model["operations"]):
            input_ref = self.model["operations"][operation].get("input")
            if input_ref is None:
                raise GenerationError(f"operation {operation} has no input shape")
            input_name = input_ref["shape"]
            rule = self.table_name_rule(operation, self.shapes[input_name])
            fields = [cpp_string(operation), str(self.index[input_name]), f"TableNameRule::{rule}"]
            lines.append(f"    {{{', '.join(fields)}}},")
        lines += ["};", ""]
        lines.append("// The name form of a table name, checked when TableName is not an ARN.")
        lines.append(f"inline constexpr uint16_t kTableNameShape = {self.index['TableName']};")
        lines.append("// clang-format on")
        return lines

    def table_name_rule(self, operation: str, input_shape: dict[str, Any]) -> str:
        member = input_shape["members"].get("TableName")
        if member is None or member["shape"] != "TableArn":
            if operation in CONTROL_PLANE_OPERATIONS:
                raise GenerationError(f"{operation} no longer takes a TableArn TableName")
            return "kNone"
        return "kControlPlane" if operation in CONTROL_PLANE_OPERATIONS else "kDataPlane"


def copy_shapes(model: Model) -> None:
    """Points the members of SHAPE_COPIES at copies of their model shapes."""
    shapes: dict[str, Any] = model["shapes"]
    for (structure, member), (copy, original) in SHAPE_COPIES.items():
        shapes.setdefault(copy, dict(shapes[original]))
        shapes[structure]["members"][member] = {
            **shapes[structure]["members"][member],
            "shape": copy,
        }


def generate(model_path: Path, streams_model_path: Path) -> str:
    model = merge_models(load_model(model_path), load_model(streams_model_path))
    copy_shapes(model)
    if len(reachable_shapes(model)) > 0xFFFF:
        raise GenerationError("too many shapes for 16-bit indices")
    return TableWriter(model).render() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    parser.add_argument(
        "--model", type=Path, help="DynamoDB's service-2.json.gz (default: botocore's)"
    )
    parser.add_argument(
        "--streams-model",
        type=Path,
        help="DynamoDB Streams' service-2.json.gz (default: botocore's)",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the .inc file")
    args = parser.parse_args(argv)
    try:
        text = generate(
            args.model or find_model(MODEL_RELATIVE),
            args.streams_model or find_model(STREAMS_MODEL_RELATIVE),
        )
    except GenerationError as error:
        print(f"gen_shapes: {error}", file=sys.stderr)
        return 2
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"gen_shapes: {output} is stale; run tests/tools/gen_shapes.py", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
